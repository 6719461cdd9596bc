"""The real Moodle competency CSVs of the conformance corpus: each imports, validates,
re-exports with exactly the columns Moodle's importer expects, reads back the same, and
loses nothing, compared cell by cell with the source parsed here on its own (``csv``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import CORPUS as CONFORMANCE
from conformance import moodle_round_trip

CORPUS = CONFORMANCE / "moodle"
FILES = sorted(CORPUS.glob("*.csv"))


ROWS: dict[str, tuple[bool, bool, bool, bool]] = {}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_conformance_file(path: Path) -> None:
    row = moodle_round_trip(path)
    assert row.strict and row.notes["warnings"] == ()
    assert row.notes["competencies"] == row.notes["records"] - 1
    ROWS[path.name] = (True, True, row.valid, row.nothing_lost)
    assert row.valid
    assert row.lost == []


def test_the_comparison_sees_a_loss() -> None:
    path = CORPUS / "moodle-oecd-example.csv"
    spoilt = moodle_round_trip(path, spoil=lambda t: t.replace("<p>", "<div>", 1))
    assert not spoilt.nothing_lost and spoilt.lost


def test_conformance_table() -> None:
    """The row of the issue's table (``-s`` shows it)."""
    for path in FILES:
        if path.name not in ROWS:
            try:
                test_conformance_file(path)
            except AssertionError:
                ROWS.setdefault(path.name, (False, False, False, False))
    n = len(FILES)
    imports = sum(r[0] for r in ROWS.values())
    valid = sum(r[2] for r in ROWS.values())
    whole = sum(r[3] for r in ROWS.values())
    print(f"\nMoodle CSV | {imports}/{n} strict | {valid}/{imports} | {whole}/{n}")
    assert n == 3 and imports == valid == whole == n
