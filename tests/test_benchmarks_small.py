"""The benchmark generator: deterministic, and its output is valid cecompetency input."""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

import pytest

import cecompetency
from cecompetency.files.validation import validate_text
from cecompetency.formats.sssom import crosswalk_from_sssom

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the benchmarks are not installed with the package
    sys.path.insert(0, str(ROOT))

from benchmarks import generate  # noqa: E402

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
