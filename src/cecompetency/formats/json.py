"""Frameworks and crosswalks as canonical JSON: the same document as the YAML files.

Export writes the canonical document (keys in the documented order, defaults left out)
with two-space indentation, so an export diffs cleanly. Import treats the text as
hostile: it is bounded and decoded (:mod:`cecompetency.files.reading`), parsed without
duplicate keys or non-finite numbers (:mod:`cecompetency.files.json_reader`), then
checked by the shipped JSON Schema and the semantic rules, every issue placed at its line
and column in the JSON file.
"""

from __future__ import annotations

import json
from typing import Any

from cecompetency.files.checks import document_kind, locate
from cecompetency.files.codec import framework_to_data
from cecompetency.files.json_reader import read_framework_json
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.formats._build import build_framework
from cecompetency.formats.imported import Imported, capped
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.errors import FrameworkError, Issue
from cecompetency.model.framework import Framework

__all__ = ["crosswalk_to_json", "framework_from_json", "framework_to_json", "json_text"]


def json_text(data: Any) -> str:
    """Plain data as JSON text in the house style: key order kept, two-space indent, UTF-8."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def framework_to_json(framework: Framework) -> str:
    """The framework's canonical document as JSON text; it imports back equal."""
    return json_text(framework_to_data(framework))


def crosswalk_to_json(crosswalk: Crosswalk) -> str:
    """The crosswalk's canonical document as JSON text."""
    from cecompetency.files.crosswalk_codec import crosswalk_to_data

    return json_text(crosswalk_to_data(crosswalk))


@capped
def framework_from_json(
    source: bytes | str, file: str = "<string>", *, limits: Limits = DEFAULT_LIMITS
) -> Imported[Framework]:
    """Read a framework from canonical JSON; raise :class:`FrameworkError` with located issues.

    The document must be a framework document (``"format": "cecompetency/1"``) that
    passes the shipped schema; JSON gives no room for leniency, so nothing is tolerated.
    """
    data, tracked = read_framework_json(source, file, limits)
    kind, issues = document_kind(data, file)
    if kind != "framework":
        if kind is not None:
            issues = [
                Issue(
                    "CE205",
                    f"this is a {kind} document; expected a framework",
                    file,
                    path=("format",),
                )
            ]
        raise FrameworkError(locate(issues, tracked()))
    return Imported(build_framework(data, file, tracked))  # placing only the issues' paths
