"""Parent links to a tree, in every importer that reads them: a chain longer than the
depth limit is "too deep" (CE605) at the first item past the limit, a loop of parents is a
cycle (CE628), and the one never passes for the other."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cecompetency.formats._tree import TreeWalk
from cecompetency.formats.case import framework_from_case, framework_to_case
from cecompetency.formats.csv import framework_from_csv, framework_to_csv, metadata_of
from cecompetency.formats.ctdl import framework_from_ctdl, framework_to_ctdl
from cecompetency.formats.moodle import framework_from_moodle, framework_to_moodle
from cecompetency.model.errors import FrameworkError, Issue
from cecompetency.model.framework import Framework, Item, Publisher

META = {"title": "Chain", "publishers": [{"name": "P"}]}


def chain(levels: int) -> Framework:
    """A framework whose tree is one chain of ``levels`` items, c1 > c2 > ... ."""
    item = None
    for level in range(levels, 0, -1):
        item = Item(
            id=f"c{level}",
            kind="competency",
            title=f"Level {level}",
            children=() if item is None else (item,),
        )
    assert item is not None
    return Framework(
        id="chain", version="1", title="Chain", status="draft", publishers=[Publisher("P")],
        items=(item,),
    )  # fmt: skip


def _csv(fw: Framework) -> Framework:
    return framework_from_csv(framework_to_csv(fw), "t.csv", metadata=metadata_of(fw)).value


def _moodle(fw: Framework) -> Framework:
    return framework_from_moodle(framework_to_moodle(fw), "t.csv", metadata=META).value


def _case(fw: Framework) -> Framework:
    return framework_from_case(framework_to_case(fw), "t.json").value.framework


def _ctdl(fw: Framework) -> Framework:
    return framework_from_ctdl(framework_to_ctdl(fw), "t.json").value.framework


# Each importer and the most levels it reads.
IMPORTERS: dict[str, tuple[Callable[[Framework], Framework], int]] = {
    "csv": (_csv, 48),
    "moodle": (_moodle, 49),
    "case": (_case, 49),
    "ctdl": (_ctdl, 49),
}


def _issues(read: Callable[[Framework], Framework], fw: Framework) -> list[Issue]:
    with pytest.raises(FrameworkError) as caught:
        read(fw)
    return list(caught.value.issues)


@pytest.mark.parametrize("name", IMPORTERS)
def test_a_chain_at_the_limit_reads(name: str) -> None:
    read, most = IMPORTERS[name]
    fw = read(chain(most))
    assert [i.id for i in fw.walk()] == [f"c{n}" for n in range(1, most + 1)]


@pytest.mark.parametrize("name", IMPORTERS)
@pytest.mark.parametrize("extra", [1, 30])
def test_a_chain_past_the_limit_is_too_deep_not_a_cycle(name: str, extra: int) -> None:
    read, most = IMPORTERS[name]
    issues = _issues(read, chain(most + extra))
    assert [i.code for i in issues] == ["CE605"], issues
    assert f"'c{most + 1}'" in issues[0].message and f"more than {most} levels" in issues[0].message
    assert issues[0].line is not None  # placed at the item, in the imported file


def _cycle_csv() -> str:
    head = "reference,parent,kind,title\n"
    rows = "x@1:top,,area,Top\nx@1:a,x@1:b,area,A\nx@1:b,x@1:a,area,B\n"
    return head + rows


def test_a_real_cycle_is_still_a_cycle() -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_csv(_cycle_csv(), "t.csv", metadata=META)
    assert sorted((i.code, i.line) for i in caught.value.issues) == [("CE628", 3), ("CE628", 4)]


def test_a_case_cycle_is_a_cycle() -> None:
    package: dict[str, Any] = json.loads(framework_to_case(chain(3)))
    ids = {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}
    for association in package["CFAssociations"]:
        if association["originNodeURI"]["identifier"] == ids["c1"]:
            association["destinationNodeURI"] = {
                **association["destinationNodeURI"],
                "identifier": ids["c3"],
            }
    with pytest.raises(FrameworkError) as caught:
        framework_from_case(json.dumps(package), "t.json")
    assert {i.code for i in caught.value.issues} == {"CE628"}


# -- the walk itself, against a plain reading of "reachable within N levels" -----------------


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.integers(0, 12), st.none() | st.integers(0, 12), max_size=13),
    st.integers(1, 5),
)
def test_every_item_is_placed_cut_or_on_a_cycle(parents: dict[int, int | None], most: int) -> None:
    parents = {k: (p if p in parents else None) for k, p in parents.items()}
    children: dict[int | None, list[int]] = {}
    for key, parent in sorted(parents.items()):
        children.setdefault(parent, []).append(key)
    walk: TreeWalk[int] = TreeWalk(children, most)
    steps = list(walk)

    def level(key: int) -> int | None:  # None: the chain of parents loops
        seen, node, depth = set(), key, 0
        while node is not None:
            if node in seen:
                return None
            seen.add(node)
            node, depth = parents[node], depth + 1
        return depth

    levels = {key: level(key) for key in parents}
    assert {s.key: s.level for s in steps} == {
        k: d for k, d in levels.items() if d is not None and d <= most
    }
    assert walk.below_cut == {k for k, d in levels.items() if d is not None and d > most}
    assert set(walk.in_cycles(list(parents))) == {k for k, d in levels.items() if d is None}
    assert all(levels[k] == most + 1 for k in walk.too_deep)
    placed = {s.key for s in steps}
    assert all(s.parent is None or s.parent in placed for s in steps)
