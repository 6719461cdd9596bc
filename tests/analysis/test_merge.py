"""Merging crosswalks: one mapping per claim, sources kept, conflicts reported."""

from __future__ import annotations

import attrs
import pytest
from interop_samples import alliance_crosswalk, second_crosswalk

from cecompetency.analysis.merge import SOURCES, merge_crosswalks, sources_of
from cecompetency.formats.crosswalk_markdown import crosswalk_markdown
from cecompetency.model.errors import CrosswalkError
from cecompetency.model.framework import Framework


def test_merge_keeps_sources_and_reports_conflicts(alliance: Framework) -> None:
    first, second = alliance_crosswalk(alliance), second_crosswalk(alliance)
    merged = merge_crosswalks([first, second], id="merged", version="1")
    cw = merged.crosswalk
    assert cw.ref.framework == "merged" and cw.extensions["x-merged-from"] == [
        "alliance-other@1.0",
        "second@2",
    ]
    claims = {str(m): m for m in cw.mappings}
    same = claims["alliance@2008:2.10 narrow other@1.0:b/c"]
    assert sources_of(same) == ("alliance-other@1.0", "second@2")
    assert same.extensions["x-note"] == [1, {"k": None}]
    assert len(cw) == len(first) + len(second) - 1
    exact = claims["alliance@2008:1.1 exact other@1.0:a (0.90)"]
    narrow = claims["alliance@2008:1.1 narrow other@1.0:a (0.50)"]
    assert exact.extensions[SOURCES] == ["alliance-other@1.0"]
    assert narrow.extensions[SOURCES] == ["second@2"]
    reasons = {(str(c.first), str(c.second)): c.reason for c in merged.conflicts}
    assert reasons == {
        (str(exact), str(narrow)): "exact and narrow are disjoint",
        (
            "alliance@2008:3 NOT related other@1.0:d (1.00)",
            "alliance@2008:3 related other@1.0:d",
        ): "a mapping and its negation",
    }
    issue = merged.conflicts[0].issue("merged.yaml")
    assert issue.code == "CE650" and "alliance-other@1.0" in issue.message
    assert "second@2" in issue.message


def test_merging_one_crosswalk_changes_no_claim(alliance: Framework) -> None:
    first = alliance_crosswalk(alliance)
    merged = merge_crosswalks([first])
    assert merged.conflicts == ()
    assert [m.key for m in merged.crosswalk.mappings] == [m.key for m in first.mappings]
    stripped = [
        attrs.evolve(m, extensions={k: v for k, v in m.extensions.items() if k != SOURCES})
        for m in merged.crosswalk
    ]
    assert tuple(stripped) == first.mappings


def test_merging_a_merge_keeps_its_sources(alliance: Framework) -> None:
    once = merge_crosswalks([alliance_crosswalk(alliance), second_crosswalk(alliance)]).crosswalk
    twice = merge_crosswalks([once, second_crosswalk(alliance)]).crosswalk
    claim = next(m for m in twice if str(m) == "alliance@2008:2.10 narrow other@1.0:b/c")
    assert sources_of(claim) == ("alliance-other@1.0", "second@2")


def test_nothing_to_merge() -> None:
    with pytest.raises(CrosswalkError) as raised:
        merge_crosswalks([])
    assert [i.code for i in raised.value.issues] == ["CE651"]


def test_crosswalk_markdown(alliance: Framework) -> None:
    text = crosswalk_markdown(alliance_crosswalk(alliance), frameworks={alliance.ref: alliance})
    assert text.startswith("# Alliance 2008 to another outline\n")
    assert "## Mappings: `alliance@2008` to `other@1.0`" in text
    assert "## Checked, does not hold: `alliance@2008` to `other@1.0`" in text
    row = next(line for line in text.splitlines() if line.startswith("| `1.1`"))
    assert "Maintain awareness" in row and "exact match" in row and "0.90" in row
    assert 'a tab here, "quotes" and a new line' in row  # one line per table row
