"""Every importer, fed arbitrary bytes or near-valid text, ends in issues, never a crash."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interop_samples import alliance_crosswalk

from cecompetency.files.crosswalk_codec import crosswalk_from_data, crosswalk_to_data
from cecompetency.files.framework_files import dumps, loads
from cecompetency.formats.case import framework_from_case, framework_to_case
from cecompetency.formats.csv import framework_from_csv, framework_to_csv
from cecompetency.formats.ctdl import framework_from_ctdl, framework_to_ctdl
from cecompetency.formats.json import framework_from_json, framework_to_json
from cecompetency.formats.moodle import framework_from_moodle, framework_to_moodle
from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.errors import ValidationError
from cecompetency.model.framework import Framework

META = {"title": "T", "publishers": [{"name": "P"}]}
IMPORTERS: dict[str, Callable[..., Any]] = {
    "case": lambda s: framework_from_case(s, "f", lenient=True),
    "case-strict": lambda s: framework_from_case(s, "f"),
    "json": lambda s: framework_from_json(s, "f"),
    "csv": lambda s: framework_from_csv(s, "f", metadata=META, lenient=True),
    "ctdl": lambda s: framework_from_ctdl(s, "f", metadata=META),
    "moodle": lambda s: framework_from_moodle(s, "f", metadata=META, lenient=True),
    "sssom": lambda s: crosswalk_from_sssom(s, "f", lenient=True),
}


def _survives(name: str, source: bytes | str) -> None:
    """Issues with codes, or a result that is what it says: a valid framework or crosswalk."""
    try:
        imported = IMPORTERS[name](source)
    except ValidationError as exc:
        assert exc.issues
        assert all(i.file == "f" and re.fullmatch(r"CE\d{3}", i.code) for i in exc.issues)
        return
    assert all(w.file == "f" and not w.is_error for w in imported.warnings)
    value = getattr(imported.value, "framework", imported.value)
    if isinstance(value, Framework):
        # A framework an importer returns passes every check a file does, and writes as one.
        assert loads(dumps(value)) == value
    else:
        assert isinstance(value, Crosswalk)
        assert crosswalk_from_data(crosswalk_to_data(value)) == value


@pytest.mark.parametrize("name", sorted(IMPORTERS))
@settings(max_examples=60, deadline=None)
@given(st.binary(max_size=300) | st.text(max_size=300))
def test_arbitrary_input(name: str, source: bytes | str) -> None:
    _survives(name, source)


def _exports(alliance: Framework) -> dict[str, str]:
    return {
        "case": framework_to_case(alliance),
        "case-strict": framework_to_case(alliance),
        "json": framework_to_json(alliance),
        "csv": framework_to_csv(alliance),
        "ctdl": framework_to_ctdl(alliance, mappings=alliance_crosswalk(alliance).mappings),
        "moodle": framework_to_moodle(alliance),
        "sssom": crosswalk_to_sssom(alliance_crosswalk(alliance)),
    }


@pytest.mark.parametrize("name", sorted(IMPORTERS))
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_damaged_exports(alliance: Framework, name: str, data: st.DataObject) -> None:
    text = _exports(alliance)[name]
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, min(len(text), start + 40)))
    filler = data.draw(st.sampled_from(["", '"', ",", "\t", "\n", "{", "]", "null", "x", "@:"]))
    _survives(name, text[:start] + filler + text[end:])
