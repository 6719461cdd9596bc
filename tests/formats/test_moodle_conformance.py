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


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_conformance_file(path: Path) -> None:
    row = moodle_round_trip(path)
    assert row.strict and row.notes["warnings"] == ()
    assert row.notes["competencies"] == row.notes["records"] - 1
    assert row.valid
    assert row.lost == []


def test_the_comparison_sees_a_loss() -> None:
    path = CORPUS / "moodle-oecd-example.csv"
    spoilt = moodle_round_trip(path, spoil=lambda t: t.replace("<p>", "<div>", 1))
    assert not spoilt.nothing_lost and spoilt.lost
