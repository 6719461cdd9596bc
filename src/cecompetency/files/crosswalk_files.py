"""Crosswalk files as a user meets them: checked against the default registry unless told.

The work is done in :mod:`cecompetency.files.crosswalk_codec` (reading and writing) and
:mod:`cecompetency.files.crosswalk_checks` (the rules, codes CE4xx); this module adds
the default :class:`~cecompetency.files.registry.Registry` where none is given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from cecompetency.files.crosswalk_checks import check_crosswalk_rules
from cecompetency.files.crosswalk_codec import read_crosswalk, read_crosswalk_file
from cecompetency.files.registry import Registry, default_registry
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.errors import Issue
from cecompetency.model.fields import require, require_path

__all__ = ["check_crosswalk_data", "load_crosswalk_file", "loads_crosswalk"]


def check_crosswalk_data(
    data: dict[str, Any],
    file: str = "<string>",
    registry: Registry | None = None,
    *,
    malformed: Iterable[Issue] = (),
) -> list[Issue]:
    """Checks beyond the schema, against ``registry`` (the default one when ``None``).

    See :func:`~cecompetency.files.crosswalk_checks.check_crosswalk_rules`.
    """
    frameworks = default_registry() if registry is None else registry
    return check_crosswalk_rules(data, file, frameworks, malformed=malformed)


def loads_crosswalk(
    text: str | bytes,
    file: str = "<string>",
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Crosswalk:
    """Load a crosswalk from YAML (or JSON) text; raise
    :class:`~cecompetency.model.errors.CrosswalkError` if invalid.

    The frameworks it names are looked up in ``registry`` (the default registry when
    ``None``). Warnings (a repeated mapping) do not stop loading.
    """
    require(text, (str, bytes), "text")
    frameworks = default_registry() if registry is None else registry
    return read_crosswalk(text, file, frameworks, limits)


def load_crosswalk_file(
    path: str | os.PathLike[str],
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Crosswalk:
    """Load a crosswalk file; raise :class:`~cecompetency.model.errors.CrosswalkError`
    carrying every issue.

    A file that cannot be read raises it too, with one ``CE100`` issue (the
    :class:`OSError` is its ``__cause__``).
    """
    require_path(path)
    frameworks = default_registry() if registry is None else registry
    return read_crosswalk_file(path, frameworks, limits)
