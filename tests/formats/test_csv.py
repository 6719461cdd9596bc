"""The framework CSV table: both directions, located issues, hostile-safe."""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from interop_hostile import HOSTILE
from strategies import frameworks

from cecompetency.formats.csv import (
    CSV_COLUMNS,
    framework_from_csv,
    framework_to_csv,
    metadata_of,
)
from cecompetency.model.errors import FrameworkError
from cecompetency.model.framework import Framework, Item


def _tree_only(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """What the table carries: the tree, without tags, notes or extensions."""
    return tuple(
        attrs.evolve(i, tags=(), notes=(), extensions={}, children=_tree_only(i.children))
        for i in items
    )


def test_alliance_round_trips(alliance: Framework) -> None:
    text = framework_to_csv(alliance)
    assert text.splitlines()[0] == ",".join(CSV_COLUMNS)
    assert text.splitlines()[1].startswith("alliance@2008:1,,area,Adult/organizational")
    assert text == framework_to_csv(alliance)
    back = framework_from_csv(text, metadata=metadata_of(alliance)).value
    assert back == attrs.evolve(alliance, items=_tree_only(alliance.items))


@settings(max_examples=50, deadline=None)
@given(frameworks())
def test_random_frameworks_round_trip(framework: Framework) -> None:
    back = framework_from_csv(framework_to_csv(framework), metadata=metadata_of(framework))
    assert back.value == attrs.evolve(framework, items=_tree_only(framework.items))


def test_weights_and_hand_written_tables() -> None:
    text = (
        "parent,reference,statement,kind,weight\n"
        "x@1:a,x@1:a.2,Second,competency,40\n"
        ",x@1:a,The area,area,100\n"
        'a,x@1:a.1,"First, with a comma",competency,60.0\n'
    )
    meta: dict[str, Any] = {"title": "X", "publishers": [{"name": "P"}]}
    fw = framework_from_csv(text, metadata=meta).value
    assert [i.id for i in fw.walk()] == ["a", "a.2", "a.1"]
    assert fw["a.1"].statement == "First, with a comma"
    assert fw["a.1"].weight == 60 and fw.status.value == "draft"


def _issues(text: str, **kw: Any) -> list[Any]:
    meta = {"title": "X", "publishers": [{"name": "P"}]}
    with pytest.raises(FrameworkError) as caught:
        framework_from_csv(text, "t.csv", metadata=meta, **kw)
    return list(caught.value.issues)


def test_located_issues() -> None:
    head = "reference,parent,kind,title,statement,weight\n"
    issues = _issues(head + "x@1:a,,area,A,,\nx@1:b,x@1:c,area,B,,ten\n")
    assert {(i.code, i.line, i.column) for i in issues} == {("CE627", 3, 2), ("CE625", 3, 6)}
    issues = _issues(head + "x@1:a,,area,A,,\nx@1:a,,area,B,,\n")
    assert [(i.code, i.line, i.column) for i in issues] == [("CE626", 3, 1)]
    issues = _issues(head + "x@1:a,x@1:b,area,A,,\nx@1:b,x@1:a,area,B,,\n")
    assert {i.code for i in issues} == {"CE628"}
    issues = _issues(head + "not a ref,,area,A,,\n")
    assert [(i.code, i.line, i.column) for i in issues] == [("CE625", 2, 1)]
    issues = _issues(head + "x@1:a,,area,,,\n")
    assert issues[0].code == "CE202" and issues[0].line == 2
    issues = _issues("reference,titel\nx@1:a,A\n")
    assert issues[0].code == "CE623" and "did you mean 'title'" in issues[0].message


def test_lenient_ignores_unknown_columns() -> None:
    meta = {"title": "X", "publishers": [{"name": "P"}], "kinds": ["area"]}
    imported = framework_from_csv(
        "reference,title,colour\nx@1:a,A,red\n", metadata=meta, lenient=True
    )
    assert imported.value["a"].title == "A"
    assert [w.code for w in imported.warnings] == ["CE623"]


def test_metadata_is_required() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_csv("reference,title\nx@1:a,A\n", "t.csv")
    assert [i.code for i in caught.value.issues] == ["CE629"]
    assert str(caught.value.issues[0]).startswith("t.csv: error[CE629]")


@pytest.mark.parametrize(("name", "source"), HOSTILE)
def test_hostile_input(name: str, source: bytes) -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_csv(source, "h.csv", metadata={"title": "X", "publishers": [{"name": "P"}]})
    assert caught.value.issues
    assert all(i.code.startswith("CE") and i.file == "h.csv" for i in caught.value.issues)
