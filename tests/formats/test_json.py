"""Canonical JSON: exports import back equal; bad documents give located issues."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from interop_hostile import HOSTILE
from strategies import frameworks

from cecompetency.files.codec import framework_to_data
from cecompetency.formats.json import framework_from_json, framework_to_json
from cecompetency.model.errors import FrameworkError
from cecompetency.model.framework import Framework


def test_alliance_round_trips(alliance: Framework) -> None:
    text = framework_to_json(alliance)
    assert json.loads(text) == framework_to_data(alliance)
    assert list(json.loads(text))[:3] == ["format", "id", "version"]
    assert framework_from_json(text).value == alliance


@settings(max_examples=50, deadline=None)
@given(frameworks())
def test_random_frameworks_round_trip(framework: Framework) -> None:
    text = framework_to_json(framework)
    assert text == framework_to_json(framework)
    assert framework_from_json(text).value == framework


def test_schema_issues_are_located(alliance: Framework) -> None:
    text = framework_to_json(alliance).replace('"status": "published"', '"status": "publishd"')
    with pytest.raises(FrameworkError) as caught:
        framework_from_json(text, "a.json")
    issue = caught.value.issues[0]
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "publishd" in row)
    assert (issue.code, issue.line) == ("CE204", line)
    assert "did you mean 'published'" in issue.message


def test_a_crosswalk_document_is_refused() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_json('{"format": "cecompetency-crosswalk/1"}', "c.json")
    assert caught.value.issues[0].code == "CE205"


@pytest.mark.parametrize(("name", "source"), HOSTILE)
def test_hostile_input(name: str, source: bytes) -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_json(source, "h.json")
    assert all(i.file == "h.json" for i in caught.value.issues)


def test_deep_nesting_and_duplicates_are_located() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_json("[" * 1000 + "]" * 1000, "d.json")
    assert (caught.value.issues[0].code, caught.value.issues[0].line) == ("CE612", 1)
    with pytest.raises(FrameworkError) as caught:
        framework_from_json('{\n "id": "a",\n "id": "b"\n}', "d.json")
    assert (caught.value.issues[0].code, caught.value.issues[0].line) == ("CE611", 3)
