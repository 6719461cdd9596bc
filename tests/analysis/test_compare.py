"""compare: two frameworks side by side, area by area."""

from __future__ import annotations

import json

import attrs
import pytest
from samples import make_framework

import cecompetency
from cecompetency.analysis.comparison import compare
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework
from cecompetency.model.relations import Relation


def make(fid: str, tree: dict[str, list[str]]) -> Framework:
    return make_framework(fid, "1", tree)


A = make("a", {"1": ["1.1", "1.2"], "2": ["2.1"]})
B = make("b", {"X": ["X.1", "X.2"], "Y": ["Y.1"]})


def crosswalk(*mappings: Mapping) -> Crosswalk:
    return Crosswalk("a-b", "1", "A to B", ["a@1", "b@1"], mappings)


def test_pairs_both_ways_coverage_and_what_only_one_side_covers():
    cw = crosswalk(
        Mapping("a@1:1.1", "exact", "b@1:X.1"),
        Mapping("b@1:X.2", "broad", "a@1:1"),  # read from A: a:1 narrow b:X.2
    )
    result = compare(A, B, [cw])
    assert {(p.a.item, p.relation, p.b.item) for p in result.pairs} == {
        ("1.1", Relation.EXACT, "X.1"),
        ("1", Relation.NARROW, "X.2"),
    }
    # A: 1.1 and 1 are mapped (1 also covered by 1.1); 1.2, 2 and 2.1 are not.
    area1, area2 = result.a_areas
    assert (area1.covered, area1.total) == (2, 3)
    assert [ref.item for ref, _label in area1.only] == ["1.2"]
    assert (area2.covered, area2.total, area2.coverage) == (0, 2, 0.0)
    assert [ref.item for ref in result.only_a] == ["1.2", "2", "2.1"]
    # B: X.1 and X.2 are mapped, so X is covered; Y and Y.1 are not.
    assert [ref.item for ref in result.only_b] == ["Y", "Y.1"]
    assert result.coverage_a == pytest.approx(2 / 5)
    assert result.coverage_b == pytest.approx(3 / 5)
    assert result.relation_counts()["exact"] == 1


def test_negations_deny_and_strangers_are_ignored():
    cw = crosswalk(
        Mapping("a@1:1.1", "exact", "b@1:X.1"),
        Mapping("a@1:1.1", "exact", "b@1:X.1", negated=True),
        Mapping("a@1:2.1", "close", "b@1:Y.1", negated=True),
    )
    stranger = Crosswalk("a-c", "1", "A to C", ["a@1", "c@1"], [Mapping("a@1:1", "exact", "c@1:1")])
    result = compare(A, B, [cw, stranger])
    assert result.pairs == ()
    assert result.coverage_a == 0.0


def test_coverage_agrees_with_the_graph(alliance):
    ccmep = cecompetency.load("nccme-ccmep@2008")
    curated = cecompetency.default_registry().load_crosswalk("alliance-ccmep")
    result = compare(alliance, ccmep, [curated])
    report = CompetencyGraph([alliance, ccmep], [curated]).coverage(alliance, ccmep, inferred=False)
    assert [ref.item for ref in result.only_a] == list(report.uncovered)
    assert [(a.covered, a.total) for a in result.a_areas] == [
        (a.covered, a.total) for a in report.by_area
    ]
    assert [ref.item for ref in result.only_b] == list(report.target_unmatched)


def test_two_versions_compare_through_their_diff(alliance):
    revised = attrs.evolve(alliance, version="2013", items=alliance.items[:-1])
    result = compare(alliance, revised)
    assert [ref.item for ref in result.only_a] == [i.id for i in alliance["8"].walk()]
    assert result.only_b == ()
    assert {p.relation for p in result.pairs} == {Relation.EXACT}
    assert compare(A, B).pairs == ()  # different frameworks, no crosswalk: nothing to pair


def test_renderings():
    result = compare(A, B, [crosswalk(Mapping("a@1:1.1", "exact", "b@1:X.1"))])
    text = result.to_text()
    assert "1.1 exact b@1:X.1" in text
    assert "X.1 exact a@1:1.1" in text
    assert "1.2 only in A: Do 1.2" in text
    markdown = result.to_markdown()
    assert markdown.startswith("# `a@1` compared with `b@1`")
    assert "- `1.2` only in A: Do 1.2" in markdown
    data = json.loads(result.to_json())
    assert data["coverage"] == {"a": round(2 / 5, 4), "b": round(2 / 5, 4)}
    assert data["a_areas"][0]["pairs"][0]["relation"] == "exact"
    assert data["sources"] == ["a-b@1"]
