"""The benchmark generator: deterministic, and its output is valid cecompetency input; in
formulaic wording, it reuses stock phrases as real frameworks do; and the scoring of a diff
against the edits it made counts what it should."""

from __future__ import annotations

import csv
import hashlib
import io
import random
import sys
from pathlib import Path

import attrs
import pytest

import cecompetency
from cecompetency.changes import (
    Change,
    ChangeKind,
    Impact,
    Moved,
    Placement,
    diff,
    word_similarity,
)
from cecompetency.files.validation import validate_text
from cecompetency.formats.sssom import crosswalk_from_sssom
from cecompetency.model.refs import Ref

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks are not installed with the package
    sys.path.insert(0, str(ROOT))

from benchmarks import accuracy, diff_tables, generate, vocabulary  # noqa: E402

ITEMS = 300


@pytest.fixture(scope="module")
def trees() -> tuple[generate.Tree, generate.Tree, generate.Changes, generate.Tree]:
    old = generate.framework(ITEMS, seed=7)
    new, changes = generate.revise(old, seed=7)
    other = generate.framework(ITEMS, seed=8, fw_id="bench-b")
    return old, new, changes, other


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    first = generate.write_suite(tmp_path / "a", ITEMS, 900, seed=3)
    second = generate.write_suite(tmp_path / "b", ITEMS, 900, seed=3)
    files = sorted(p.relative_to(first.folder) for p in first.folder.rglob("*") if p.is_file())
    assert len(files) == 7
    for name in files:
        assert (first.folder / name).read_bytes() == (second.folder / name).read_bytes(), name


def test_another_seed_other_bytes() -> None:
    one = generate.framework_yaml(generate.framework(ITEMS, seed=1))
    two = generate.framework_yaml(generate.framework(ITEMS, seed=2))
    assert one != two


@pytest.mark.parametrize("size", [60, 61, 500, 1234])
def test_exact_size_and_four_levels(size: int) -> None:
    tree = generate.framework(size, seed=size)
    loaded = cecompetency.loads(generate.framework_yaml(tree))
    assert len(loaded) == size
    assert {loaded.depth_of(item) for item in loaded.walk()} == {0, 1, 2, 3}
    assert loaded.kinds == generate.KINDS


def test_statements_are_of_realistic_length(trees: tuple[generate.Tree, ...]) -> None:
    words = [len((node.statement or "").split()) for node in trees[0].walk()]
    assert 12 <= sum(words) / len(words) <= 35


def test_framework_and_revision_load_and_validate(trees: tuple) -> None:
    old, new, _changes, _other = trees
    for tree in (old, new):
        text = generate.framework_yaml(tree)
        assert validate_text(text) == []
        framework = cecompetency.loads(text)
        assert framework.ref == cecompetency.parse_ref(tree.ref)
    assert str(cecompetency.loads(generate.framework_yaml(new)).supersedes) == old.ref


def test_revision_makes_every_kind_of_change(trees: tuple) -> None:
    old, new, changes, _other = trees
    before = cecompetency.loads(generate.framework_yaml(old))
    after = cecompetency.loads(generate.framework_yaml(new))
    leaves = len(old.at_depth(3))
    for kind in ("reworded", "renumbered", "moved", "split", "merged", "added", "removed"):
        assert 0.02 * leaves <= len(getattr(changes, kind)) <= 0.08 * leaves, kind
    for item_id in changes.reworded:
        assert before[item_id].statement != after[item_id].statement
    for old_id, new_id in changes.renumbered:
        assert old_id not in after
        assert after[new_id].statement == before[old_id].statement
    for item_id, source, target in changes.moved:
        assert before.parent_of(item_id).id == source  # type: ignore[union-attr]
        assert after.parent_of(item_id).id == target  # type: ignore[union-attr]
    for old_id, first, second in changes.split:
        assert old_id not in after and first in after and second in after
    for kept, absorbed in changes.merged:
        assert absorbed not in after
        assert before[kept].statement.rstrip(".") in after[kept].statement  # type: ignore[union-attr]
    assert not any(item_id in before for item_id in changes.added)
    assert all(item_id in after for item_id in changes.added)
    assert not any(item_id in after for item_id in changes.removed)


def test_crosswalk_is_valid_and_complete(tmp_path: Path) -> None:
    suite = generate.write_suite(tmp_path, ITEMS, 1500, seed=5)
    assert len(suite.rows) == 1500
    assert len({(row.subject, row.object) for row in suite.rows}) == 1500
    registry = cecompetency.Registry([tmp_path], bundled=False, environment=False)
    crosswalk = registry.load_crosswalk(f"{suite.old.id}-{suite.other.id}@1")
    assert len(crosswalk) == 1500
    assert [str(m.subject) for m in crosswalk.mappings[:3]] == [
        f"{suite.old.ref}:{row.subject}" for row in suite.rows[:3]
    ]


def test_sssom_rows_match_the_mappings() -> None:
    old = generate.framework(ITEMS, seed=9)
    other = generate.framework(ITEMS, seed=10, fw_id="bench-b")
    rows = generate.crosswalk(old, other, 700, seed=9)
    text = generate.sssom_tsv(rows, old, other)
    body = [line for line in text.splitlines(keepends=True) if not line.startswith("#")]
    table = list(csv.DictReader(io.StringIO("".join(body)), delimiter="\t"))
    assert len(table) == 700
    assert table[0]["subject_id"] == f"{generate.sssom_prefix(old)}:{rows[0].subject}"
    assert table[0]["predicate_id"] == generate.SSSOM_PREDICATES[rows[0].relation]


def test_sssom_file_reads_back_as_the_crosswalk(tmp_path: Path) -> None:
    suite = generate.write_suite(tmp_path, ITEMS, 800, seed=6)
    registry = cecompetency.Registry([tmp_path], bundled=False, environment=False)
    from_yaml = registry.load_crosswalk(f"{suite.old.id}-{suite.other.id}@1")
    from_sssom = crosswalk_from_sssom(suite.sssom_path.read_bytes()).value
    assert [m.key for m in from_sssom.mappings] == [m.key for m in from_yaml.mappings]
    assert [m.negated for m in from_sssom.mappings] == [m.negated for m in from_yaml.mappings]


def test_the_broken_file_has_one_located_error_near_the_end() -> None:
    text = generate.framework_yaml(generate.framework(ITEMS, seed=11))
    issues = validate_text(generate.with_error_near_end(text))
    assert issues, "the broken file validated"
    lines = text.count("\n")
    assert all(issue.line is not None and issue.line > lines - 5 for issue in issues)
    assert any("statment" in issue.message for issue in issues)


# -- formulaic wording, and scoring a diff against what was made ------------------------------


def test_the_varied_wording_is_what_it_always_was() -> None:
    # The benchmarks' figures compare over time only if a seed keeps giving the same input:
    # the digest of seed 7's framework and revision before the formulaic wording existed.
    tree = generate.framework(ITEMS, seed=7)
    revised, _made = generate.revise(tree, seed=7)
    text = generate.framework_yaml(tree) + generate.framework_yaml(revised)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    assert digest == "5784c68bc3590566f491f7aab8deafa213b0c84c756f2d0ea7c601af3a0f33a7"


@pytest.fixture(scope="module")
def formulaic() -> tuple[generate.Tree, generate.Tree, generate.Changes]:
    old = generate.framework(1000, seed=5, wording="formulaic")
    new, changes = generate.revise(old, seed=5)
    return old, new, changes


def test_formulaic_statements_reuse_a_few_stock_phrases(formulaic: tuple) -> None:
    old, _new, _changes = formulaic
    statements = [node.statement or "" for node in old.walk()]
    assert len(set(statements)) == len(statements)  # no statement repeats another
    tails = [next(t for t in vocabulary.TAILS if s.rstrip(".").endswith(t)) for s in statements]
    assert len(set(tails)) == len(vocabulary.TAILS)  # every stock tail is used, many times
    stock = sum(len(t.split()) for t in tails)
    words = sum(len(s.split()) for s in statements)
    assert 0.25 <= stock / words <= 0.6  # a good part of the text is boilerplate
    assert 12 <= words / len(statements) <= 35
    with_opener = [s for s in statements if any(s.startswith(o) for o in vocabulary.OPENERS)]
    assert 0.3 <= len(with_opener) / len(statements) <= 0.7


def test_formulaic_framework_and_revision_load_and_validate(formulaic: tuple) -> None:
    old, new, _changes = formulaic
    for tree in (old, new):
        text = generate.framework_yaml(tree)
        assert validate_text(text) == []
        assert len(cecompetency.loads(text)) == len(list(tree.walk()))
    assert new.wording == "formulaic"


def test_formulaic_revision_splits_and_merges_as_an_editor_would(formulaic: tuple) -> None:
    old, new, changes = formulaic
    before = {node.id: node.statement or "" for node in old.walk()}
    after = {node.id: node.statement or "" for node in new.walk()}
    words = vocabulary.Formulaic(random.Random(0))
    leaves = len(old.at_depth(3))
    for kind in ("reworded", "renumbered", "rewritten", "moved", "split", "merged", "added"):
        assert 0.02 * leaves <= len(getattr(changes, kind)) <= 0.08 * leaves, kind
    for old_id, first, second in changes.split:
        opener, clauses, tails = words.parts(before[old_id])
        parts = [words.parts(after[first]), words.parts(after[second])]
        assert [p[0] for p in parts] == [opener, opener]  # both keep the opener ...
        assert [p[2] for p in parts] == [tails, tails]  # ... and the tails
        assert parts[0][1] + parts[1][1] == clauses  # the clauses are shared out, in order
    for kept, gone in changes.merged:
        clauses = words.parts(before[kept])[1] + words.parts(before[gone])[1]
        assert words.parts(after[kept])[1] == clauses
    for old_id, new_id in changes.rewritten:
        assert old_id not in after
        assert word_similarity(before[old_id], after[new_id]) >= 0.5  # a light rewording


def test_another_wording_is_refused() -> None:
    with pytest.raises(ValueError, match="wording"):
        generate.framework(ITEMS, seed=1, wording="poetic")


def test_a_perfect_diff_scores_one_and_each_mistake_counts(formulaic: tuple) -> None:
    old_tree, new_tree, made = formulaic
    old = cecompetency.loads(generate.framework_yaml(old_tree))
    new = cecompetency.loads(generate.framework_yaml(new_tree))
    result = diff(old, new)
    scores = accuracy.score(result, made)
    assert set(scores) == set(accuracy.SCORED)
    assert scores["moved"].right == len(made.moved)
    assert min(min(s.precision, s.recall) for s in scores.values()) >= 0.95
    # Drop a right report, add a wrong one: recall and precision fall by one each.
    removal = next(c for c in result if c.kind.value == "removed")
    wrong = attrs.evolve(removal, old=attrs.evolve(removal.old, item="no-such-item"))
    worse = [c for c in result if c is not removal] + [wrong]
    scored = accuracy.score(worse, made)["removed"]
    before = scores["removed"]
    assert (scored.right, scored.wrong, scored.missed) == (
        before.right - 1,
        before.wrong + 1,
        before.missed + 1,
    )
    empty = accuracy.score([], made)
    assert empty["added"].precision == 1.0 and empty["added"].recall == 0.0


def test_moves_of_the_children_of_a_regrouped_item_are_not_held_against_the_diff() -> None:
    made = generate.Changes(split=[("1.1", "1.5", "1.6")])
    moved = Change(
        ChangeKind.MOVED,
        Impact.BREAKING,
        Ref("a", "1", "1.1.1"),
        Ref("a", "2", "1.1.1"),
        Moved("1.1", "1.5", Placement("1.5", 0)),
    )
    elsewhere = attrs.evolve(moved, details=Moved("1.1", "1.9", Placement("1.9", 0)))
    assert accuracy.score([moved], made)["moved"] == accuracy.Score(0, 0, 0)
    assert accuracy.score([elsewhere], made)["moved"] == accuracy.Score(0, 1, 0)


def test_the_bucket_pass_experiment_does_the_same_work_four_ways(
    capsys: pytest.CaptureFixture[str],
) -> None:
    ways = diff_tables.ways(400, seed=3)
    assert list(ways) == [
        "keys made, then dropped",
        "keys made and kept",
        "tables built whole",
        "tables built in fifths",
    ]
    assert ways["keys made, then dropped"]() is None
    kept = ways["keys made and kept"]()
    whole = ways["tables built whole"]()
    fifths = ways["tables built in fifths"]()
    assert len(kept) == len(whole) == 3 and len(fifths) == 15
    by_pass = [fifths[k : k + 5] for k in range(0, 15, 5)]
    for made, index, parts in zip(kept, whole, by_pass, strict=True):
        assert made, "a pass with no leftovers measures nothing"
        # The tables hold the keys the leftovers were found to have, and nothing else ...
        assert set(index.buckets) <= set().union(*made)
        # ... and the fifths, between them, every item the whole table counts.
        assert sum(1 for w in index.width if w) == sum(1 for p in parts for w in p.width if w)
    assert diff_tables.main(["--sizes", "400", "80", "--repeat", "1"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0] == "| bucket passes | 80 items | 400 items | growth |"
    assert [row.split(" | ")[0] for row in table[2:]] == [f"| {name}" for name in ways]
