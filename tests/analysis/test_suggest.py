"""Lexical mapping suggestions, their evaluation against a curated crosswalk, the CLI command."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import frameworks

import cecompetency
import cecompetency.cli
from cecompetency.analysis.suggestions import (
    DEFAULT_THRESHOLD,
    evaluate,
    similarity,
    stems,
    suggest,
)
from cecompetency.files.crosswalk_codec import dumps_crosswalk
from cecompetency.files.crosswalk_files import load_crosswalk_file, loads_crosswalk
from cecompetency.files.registry import default_registry
from cecompetency.files.validation import validate_text
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.errors import ModelError
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.relations import Relation


def _framework(fw_id: str, items: list[Item]) -> Framework:
    return Framework(
        id=fw_id,
        version="1",
        title=f"{fw_id} (made up for the tests)",
        status="published",
        publishers=[Publisher(name="cecompetency tests")],
        items=items,
    )


def _area(item_id: str, title: str, *children: tuple[str, str]) -> Item:
    return Item(
        id=item_id,
        kind="area",
        title=title,
        children=[Item(id=cid, kind="competency", statement=text) for cid, text in children],
    )


LEFT = _framework(
    "left",
    [
        _area(
            "1",
            "Budget and finance",
            ("1.1", "Prepare the annual budget of the office"),
            ("1.2", "Audit the accounts of the office"),
        ),
        _area("2", "Needs assessment", ("2.1", "Analyse practice gaps of learners")),
    ],
)
RIGHT = _framework(
    "right",
    [
        Item(id="F", kind="domain", title="Budget and finance"),
        Item(id="N", kind="domain", title="Needs assessment of learners and practice gaps"),
        Item(id="O", kind="domain", title="Quantum chromodynamics"),
    ],
)


def test_stems_merge_word_forms_and_drop_stopwords_and_numbers() -> None:
    assert len(set(stems("learning learner learners learn"))) == 1
    assert stems("Partnering with partners") == stems("partner partners")
    assert stems("the 2008 a of to and") == []
    assert stems("self-directed") == stems("self directed")


def test_similarity_is_high_for_the_same_words_and_absent_for_none() -> None:
    scores = similarity(LEFT, RIGHT, context=0.0)
    assert scores[("1", "F")][0] == pytest.approx(1.0)
    assert ("1", "O") not in scores
    assert all(0.0 < score <= 1.0 for score, _, _ in scores.values())
    # Context lifts a competency towards what its area resembles.
    lifted = similarity(LEFT, RIGHT, context=0.5)
    assert lifted[("1.2", "F")][0] > scores.get(("1.2", "F"), (0.0,))[0]
    with pytest.raises(ModelError):
        similarity(LEFT, RIGHT, context=1.5)


def test_suggest_proposes_relations_by_score_and_depth() -> None:
    draft = suggest(LEFT, RIGHT, threshold=0.2, date=datetime.date(2026, 1, 2))
    claims = {(m.subject.item, m.object.item): m for m in draft}
    assert claims[("1", "F")].relation is Relation.EXACT  # same words, same depth
    assert claims[("1.1", "F")].relation is Relation.BROAD  # F sits higher than 1.1
    assert claims[("2.1", "N")].relation is Relation.BROAD
    assert not any(obj == "O" for _, obj in claims)
    for mapping in draft:
        assert mapping.justification is Justification.LEXICAL_SIMILARITY
        assert mapping.confidence is not None and mapping.confidence >= 0.2
        assert f"{mapping.confidence:.3f}"[:4] in (mapping.comment or "")
        assert mapping.date == datetime.date(2026, 1, 2)
        assert not mapping.negated
    assert draft.frameworks == (LEFT.ref, RIGHT.ref)
    # From the other side the hierarchy reads the other way.
    back = {(m.subject.item, m.object.item): m for m in suggest(RIGHT, LEFT, threshold=0.2)}
    assert back[("F", "1.1")].relation is Relation.NARROW


def test_top_keeps_the_best_candidates_of_each_item() -> None:
    everything = suggest(LEFT, RIGHT, threshold=0.01)
    best = suggest(LEFT, RIGHT, threshold=0.01, top=1)
    subjects = [m.subject for m in best]
    assert len(subjects) == len(set(subjects))
    for mapping in best:
        rivals = [m.confidence or 0 for m in everything if m.subject == mapping.subject]
        assert mapping.confidence == max(rivals)
    with pytest.raises(ModelError):
        suggest(LEFT, RIGHT, top=0)
    with pytest.raises(ModelError):
        suggest(LEFT, RIGHT, threshold=-0.1)


def test_negated_pairs_are_never_suggested_in_either_direction() -> None:
    first = suggest(LEFT, RIGHT, threshold=0.2)
    target = first.mappings[0]
    # A curator negated some relation for this pair, stated from the other side.
    negation = Mapping(target.object, Relation.CLOSE, target.subject, negated=True)
    again = suggest(LEFT, RIGHT, threshold=0.2, negated=[negation])
    assert {(m.subject, m.object) for m in again} == {(m.subject, m.object) for m in first} - {
        (target.subject, target.object)
    }
    # An asserted (not negated) mapping excludes nothing.
    kept = Mapping(target.subject, Relation.EXACT, target.object)
    assert len(suggest(LEFT, RIGHT, threshold=0.2, negated=[kept])) == len(first)


@settings(max_examples=40, deadline=None)
@given(frameworks(with_levels=False), frameworks(with_levels=False), st.data())
def test_suggestions_respect_threshold_and_negations(
    a: Framework, b: Framework, data: st.DataObject
) -> None:
    low, high = sorted(data.draw(st.lists(st.floats(0.0, 1.0), min_size=2, max_size=2)))
    pairs = [(x.id, y.id) for x in a.walk() for y in b.walk()]
    negated = data.draw(st.lists(st.sampled_from(pairs), max_size=5)) if pairs else []
    negations = [
        Mapping(a.ref_of(x), Relation.RELATED, b.ref_of(y), negated=True) for x, y in negated
    ]
    loose = suggest(a, b, threshold=low, negated=negations)
    strict = suggest(a, b, threshold=high, negated=negations)
    seen = {(m.subject.item, m.object.item) for m in loose}
    assert {(m.subject.item, m.object.item) for m in strict} <= seen
    assert seen.isdisjoint(negated)
    assert all((m.confidence or 0.0) >= round(low, 3) - 1e-9 for m in loose)
    assert all(m.subject.framework_ref == a.ref and m.object.framework_ref == b.ref for m in loose)


# -- evaluation ----------------------------------------------------------------------------


def _cw(*mappings: Mapping) -> Crosswalk:
    return Crosswalk(
        id="made-up",
        version="1",
        title="Made up",
        frameworks=[LEFT.ref, RIGHT.ref],
        mappings=mappings,
    )


def _m(subject: str, relation: str, obj: str, negated: bool = False) -> Mapping:
    fw_s, fw_o = (LEFT, RIGHT) if subject in LEFT else (RIGHT, LEFT)
    return Mapping(fw_s.ref_of(subject), relation, fw_o.ref_of(obj), negated=negated)


def test_evaluate_counts_pairs_in_either_direction() -> None:
    curated = _cw(
        _m("1", "exact", "F"),
        _m("1.1", "broad", "F"),
        _m("2", "close", "N"),
        _m("2.1", "broad", "O", negated=True),
    )
    suggested = _cw(
        _m("F", "exact", "1"),  # right, stated the other way, same relation
        _m("F", "broad", "1.1"),  # right pair, wrong relation (should be narrow from F)
        _m("2.1", "broad", "O"),  # wrong: the curator negated it
        _m("1.2", "broad", "O"),  # wrong
    )
    result = evaluate(suggested, curated)
    assert (result.true_positives, result.false_positives, result.false_negatives) == (2, 2, 1)
    assert result.same_relation == 1
    assert result.rejected == 1
    assert result.precision == pytest.approx(0.5)
    assert result.recall == pytest.approx(2 / 3)
    assert result.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert "precision 0.50" in str(result)


def test_evaluate_of_nothing_is_zero_not_an_error() -> None:
    empty = evaluate(_cw(), _cw())
    assert (empty.precision, empty.recall, empty.f1) == (0.0, 0.0, 0.0)
    perfect = evaluate(_cw(_m("1", "exact", "F")), _cw(_m("1", "exact", "F")))
    assert (perfect.precision, perfect.recall, perfect.f1) == (1.0, 1.0, 1.0)


def test_evaluate_ignores_curated_mappings_outside_the_suggested_frameworks() -> None:
    other = Framework(
        id="other",
        version="1",
        title="Other",
        status="published",
        publishers=[Publisher(name="cecompetency tests")],
        items=[Item(id="Z", kind="area", title="Zeta")],
    )
    curated = Crosswalk(
        id="made-up",
        version="1",
        title="Made up",
        frameworks=[LEFT.ref, RIGHT.ref, other.ref],
        mappings=[_m("1", "exact", "F"), Mapping(LEFT.ref_of("2"), "close", other.ref_of("Z"))],
    )
    result = evaluate(_cw(_m("1", "exact", "F")), curated)
    assert result.false_negatives == 0 and result.recall == 1.0


# -- the real frameworks -------------------------------------------------------------------


@pytest.fixture(scope="module")
def ccmep() -> Framework:
    return cecompetency.load("nccme-ccmep@2008")


@pytest.fixture(scope="module")
def curated() -> Crosswalk:
    return default_registry().load_crosswalk("alliance-ccmep@1.0")


def test_draft_for_the_real_frameworks_is_a_valid_crosswalk_file(
    alliance: Framework, ccmep: Framework, curated: Crosswalk
) -> None:
    draft = suggest(alliance, ccmep, negated=[curated], date=datetime.date(2026, 11, 27))
    text = dumps_crosswalk(draft)
    assert [i for i in validate_text(text, "draft.yaml") if i.is_error] == []
    assert loads_crosswalk(text) == draft


def test_measured_against_the_curated_crosswalk(
    alliance: Framework, ccmep: Framework, curated: Crosswalk
) -> None:
    thresholds = (0.05, DEFAULT_THRESHOLD, 0.2, 0.3)
    results = [
        evaluate(suggest(alliance, ccmep, threshold=t, negated=[curated]), curated)
        for t in thresholds
    ]
    for t, result in zip(thresholds, results, strict=True):
        print(f"threshold {t:g}: {result}")  # the figures, shown with pytest -s
        assert result.rejected == 0  # the curator's negations were honoured
    recalls = [r.recall for r in results]
    assert recalls == sorted(recalls, reverse=True)  # a higher threshold finds no more
    assert results[-1].precision >= results[0].precision
    # Without the curated negations, the tempting lexical match the curator rejected
    # (7.4 "educational committees" under Educational Interventions) comes back.
    unguarded = evaluate(suggest(alliance, ccmep), curated)
    assert unguarded.rejected >= 1


# -- the command ---------------------------------------------------------------------------


def test_cli_prints_the_draft_without_output(capsys: pytest.CaptureFixture[str]) -> None:
    code = cecompetency.cli.main(
        ["suggest", "alliance@2008", "nccme-ccmep@2008", "--threshold", "0.3"]
    )
    assert code == 0
    draft = loads_crosswalk(capsys.readouterr().out)
    assert draft.frameworks == (
        cecompetency.parse_ref("alliance@2008"),
        cecompetency.parse_ref("nccme-ccmep@2008"),
    )
    assert draft.mappings and all((m.confidence or 0) >= 0.3 for m in draft)


def test_cli_writes_atomically_and_never_overwrites_without_force(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "draft.yaml"
    args = ["suggest", "alliance@2008", "nccme-ccmep@2008", "-o", str(out), "--top", "1"]
    assert cecompetency.cli.main(args) == 0
    first = load_crosswalk_file(out)
    subjects = [m.subject for m in first]
    assert len(subjects) == len(set(subjects))
    assert "candidate mappings" in capsys.readouterr().err
    out.write_text("the curator's half-reviewed notes\n", encoding="utf-8")
    assert cecompetency.cli.main(args) == 2
    assert "exists" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "the curator's half-reviewed notes\n"
    assert cecompetency.cli.main([*args, "--force"]) == 0
    assert load_crosswalk_file(out) == first
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]  # no temporary left


@pytest.mark.parametrize(
    "args",
    [
        ["suggest", "alliance@2008", "alliance@2008"],
        ["suggest", "alliance@2008", "nosuch@1"],
    ],
)
def test_cli_usage_errors_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert cecompetency.cli.main(args) == 2
    assert "cecompetency:" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["1.5", "-0.1", "high"])
def test_cli_refuses_a_threshold_outside_0_to_1(value: str) -> None:
    with pytest.raises(SystemExit) as info:
        cecompetency.cli.main(
            ["suggest", "alliance@2008", "nccme-ccmep@2008", "--threshold", value]
        )
    assert info.value.code == 2


def test_cli_honours_negations_in_an_excluded_crosswalk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["suggest", "alliance@2008", "nccme-ccmep@2008", "--threshold", "0.3"]
    assert cecompetency.cli.main(base) == 0
    pairs = {(str(m.subject), str(m.object)) for m in loads_crosswalk(capsys.readouterr().out)}
    assert ("alliance@2008:1", "nccme-ccmep@2008:1") in pairs
    reviewed = tmp_path / "reviewed.yaml"
    reviewed.write_text(
        "format: cecompetency-crosswalk/1\n"
        "id: reviewed\n"
        'version: "1"\n'
        "title: A review (made up for the test)\n"
        "frameworks: [alliance@2008, nccme-ccmep@2008]\n"
        "mappings:\n"
        "  - subject: nccme-ccmep:1\n"
        "    relation: exact\n"
        "    object: alliance:1\n"
        "    negated: true\n"
        "    justification: semapv:ManualMappingCuration\n",
        encoding="utf-8",
    )
    assert cecompetency.cli.main([*base, "--exclude", str(reviewed)]) == 0
    again = {(str(m.subject), str(m.object)) for m in loads_crosswalk(capsys.readouterr().out)}
    assert again == pairs - {("alliance@2008:1", "nccme-ccmep@2008:1")}
