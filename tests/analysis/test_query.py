"""query.find: ranked search over titles and statements."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategies import frameworks

import cecompetency
from cecompetency.analysis.search import Hit, find
from cecompetency.graph import CompetencyGraph
from cecompetency.model.framework import Framework, Item, Publisher


def small() -> Framework:
    return Framework(
        id="demo",
        version="1",
        title="Demo",
        status="published",
        publishers=[Publisher("Demo Organization")],
        items=[
            Item(
                id="1",
                kind="area",
                title="Adult learning",
                statement="How adults learn at work",
                weight=60,
                children=[
                    Item(id="1.1", kind="competency", statement="Apply adult learning principles"),
                    Item(
                        id="1.2",
                        kind="competency",
                        statement="Learning about adult workplaces and principles",
                        tags=["research"],
                    ),
                ],
            ),
            Item(
                id="2",
                kind="area",
                title="Budgets",
                weight=40,
                children=[
                    Item(id="2.1", kind="competency", statement="Plan a budget for adult courses")
                ],
            ),
        ],
    )


def ids(hits: list[Hit]) -> list[str | None]:
    return [h.ref.item for h in hits]


def test_phrase_beats_all_words_beats_some_words_and_titles_come_first():
    hits = find(small(), "adult learning")
    # 1: phrase in its title; 1.1: phrase in its statement; 1.2: both words, apart;
    # 2.1: one word of two.
    assert ids(hits) == ["1", "1.1", "1.2", "2.1"]
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)
    assert hits[0].where == "title" and hits[1].where == "statement"
    assert hits[0].score >= 35 > hits[1].score >= 30 > hits[2].score >= 20 > hits[3].score >= 10
    assert hits[3].matched == ("adult",)


def test_case_and_word_starts():
    assert ids(find(small(), "LEARN")) == ids(find(small(), "learn"))
    assert "1.1" in ids(find(small(), "princip"))  # the start of "principles"
    assert ids(find(small(), "earning")) == []  # not the middle of a word


def test_filters():
    fw = small()
    assert ids(find(fw, "adult", kind="competency")) == ["1.1", "1.2", "2.1"]
    assert ids(find(fw, "adult", area="2")) == ["2.1"]
    assert ids(find(fw, "adult", area="budgets")) == ["2.1"]
    assert ids(find(fw, "adult", tag="research")) == ["1.2"]
    assert ids(find(fw, "", min_weight=50)) == ["1"]
    assert ids(find(fw, "", max_weight=50)) == ["2"]
    assert ids(find(fw, "adult", limit=2)) == ["1", "1.1"]
    assert len(find(fw, "")) == len(fw)
    with pytest.raises(ValueError):
        find(fw, "adult", limit=-1)


def test_records_for_data_frames():
    record = find(small(), "budget")[0].to_record()
    assert record["ref"] == "demo@1:2"
    assert (record["framework"], record["version"], record["item"]) == ("demo", "1", "2")
    assert set(record) >= {"kind", "area", "label", "title", "statement", "score", "matched"}


def test_several_frameworks_and_a_graph(alliance):
    ccmep = cecompetency.load("nccme-ccmep@2008")
    hits = find([alliance, ccmep], "adult learning principles")
    assert {h.ref.framework for h in hits} == {"alliance", "nccme-ccmep"}
    assert hits[0].ref == ccmep.ref_of("1")  # the phrase in a title
    graph = CompetencyGraph([alliance, ccmep])
    assert find(graph, "adult learning principles") == hits


def test_alliance_search(alliance):
    hits = find(alliance, "partners", kind="competency")
    assert {h.ref.item for h in hits} == {"5.1", "5.2"}
    assert all(h.area == "5" for h in hits)


def test_not_frameworks():
    with pytest.raises(TypeError):
        find(["not a framework"], "x")  # type: ignore[list-item]


@settings(max_examples=25, deadline=None)
@given(frameworks())
def test_every_word_of_an_item_finds_it(framework):
    for item in list(framework.walk())[:5]:
        words = [w for w in item.text.casefold().split() if w.isalnum()]
        for word in words[:2]:
            assert item.id in {h.ref.item for h in find(framework, word)}
