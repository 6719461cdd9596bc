"""Explaining a document looks only into the entries that fail, and says exactly what jsonschema
would say of the whole document: the same issues, messages, paths, lines and columns."""

from __future__ import annotations

import functools
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import frameworks, mutated

import cecompetency
from cecompetency.files.checks import _issues_from_errors, locate, schema_issues
from cecompetency.files.codec import framework_to_data
from cecompetency.files.schema_check import format_checker
from cecompetency.files.schemas import schema
from cecompetency.files.yaml_reader import Document, read_yaml
from cecompetency.files.yaml_writer import dump_yaml
from cecompetency.model.errors import Issue, ValidationError

Row = tuple[str, str, tuple[str | int, ...], int | None, int | None]
limits = st.none() | st.integers(1, 3)


@functools.cache
def _validator(name: str) -> Any:
    """jsonschema's own validator for a shipped schema, with the library's format checks: the
    oracle, built here so that it shares nothing with the two-speed check it judges."""
    found = schema(name)
    cls = jsonschema.validators.validator_for(found)
    return cls(found, format_checker=format_checker())


def as_file(data: Any) -> Document:
    """``data`` written out as YAML and read back with positions, as a checked file is."""
    try:
        return read_yaml(dump_yaml(data), "f.yaml", track=True)
    except ValidationError:  # a key YAML cannot hold as text: compare without positions
        return Document(data, "f.yaml")


def full_explanation(name: str, data: Any, limit: int | None) -> list[Issue]:
    """What jsonschema says when it is asked about the whole document."""
    return _issues_from_errors(_validator(name).iter_errors(data), "f.yaml", limit)


def rows(issues: list[Issue]) -> list[Row]:
    return [(i.code, i.message, i.path, i.line, i.column) for i in issues]


def assert_same_explanation(name: str, data: Any, limit: int | None) -> list[Row]:
    document = as_file(data)
    expected = full_explanation(name, document.data, limit)
    found = schema_issues(document.data, name, "f.yaml", limit=limit)
    assert rows(found) == rows(expected)  # the same issues, in the same order
    located = rows(locate(expected, document))
    assert rows(locate(found, document)) == located
    return located


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_frameworks_are_explained_as_jsonschema_would(data: st.DataObject) -> None:
    document = framework_to_data(data.draw(frameworks()))
    broken = data.draw(mutated(document))
    assert_same_explanation("framework", broken, data.draw(limits))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_crosswalks_are_explained_as_jsonschema_would(data: st.DataObject) -> None:
    from cecompetency.files.crosswalk_codec import crosswalk_to_data

    crosswalk = cecompetency.default_registry().load_crosswalk("alliance-ccmep@1.0")
    document = crosswalk_to_data(crosswalk)
    document["mappings"] = document["mappings"][:6]
    broken = data.draw(mutated(document))
    assert_same_explanation("crosswalk", broken, data.draw(limits))


def test_errors_deep_in_a_large_tree_and_at_the_top(alliance: cecompetency.Framework) -> None:
    data = framework_to_data(alliance)
    last = data["items"][-1]
    while last.get("items"):
        last = last["items"][-1]
    last["weight"] = "heavy"  # deep in the last branch
    data["items"][0]["titel"] = "Typo"  # in the first entry
    data["items"].append("not an item")  # an entry of the wrong type
    data["relesed"] = "2008"  # at the top, after the items in the file
    found = assert_same_explanation("framework", data, None)
    assert {(code, path[-1]) for code, _, path, _, _ in found} == {
        ("CE203", "weight"),
        ("CE201", "titel"),
        ("CE203", len(data["items"]) - 1),
        ("CE201", "relesed"),
    }
    assert all(line is not None for *_, line, _ in found)


def test_a_valid_document_needs_no_explanation(alliance: cecompetency.Framework) -> None:
    data = framework_to_data(alliance)
    assert schema_issues(data, "framework") == []
    assert full_explanation("framework", data, None) == []
