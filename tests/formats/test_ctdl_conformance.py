"""The real CTDL-ASN graphs of the conformance corpus: each imports, validates, re-exports
as CTDL-ASN, reads back the same, and loses nothing of the source, compared property by
property with the source parsed here on its own (plain ``json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conformance import CORPUS as CONFORMANCE
from conformance import CTDL_LENIENT as LENIENT
from conformance import ctdl_lost, ctdl_round_trip, ctdl_shape

from cecompetency.model.errors import Severity

CORPUS = CONFORMANCE / "ctdl"
FILES = sorted(CORPUS.glob("*.json"))


ROWS: dict[str, tuple[bool, bool, bool, bool]] = {}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_conformance_file(path: Path) -> None:
    source = json.loads(path.read_bytes())
    row = ctdl_round_trip(path)
    strict = path.name not in LENIENT
    assert row.strict is strict
    warnings = row.notes["warnings"]
    if strict:
        assert warnings == ()
    else:
        assert row.notes["refused codes"] <= LENIENT[path.name]
        assert {i.code for i in warnings} == LENIENT[path.name]
        assert all(i.severity is Severity.WARNING and i.line for i in warnings)
    assert row.notes["competencies"] == sum(
        n["@type"] == "ceasn:Competency" for n in source["@graph"]
    )
    ROWS[path.name] = (strict, True, row.valid, row.nothing_lost)
    assert row.valid, row.notes["errors"]
    assert row.lost == []


def test_the_comparison_sees_a_loss() -> None:
    path = CORPUS / "onet-basic-skills.json"
    source = json.loads(path.read_bytes())
    assert ctdl_lost(source, source) == [] and ctdl_shape(source) == []
    spoilt = ctdl_round_trip(path, spoil=lambda t: t.replace('"ceterms:ctid"', '"x:ctid"'))
    assert not spoilt.nothing_lost and not spoilt.valid


def test_conformance_table() -> None:
    """The row of the issue's table; run after the files (``-s`` shows it)."""
    for path in FILES:
        if path.name not in ROWS:
            try:
                test_conformance_file(path)
            except AssertionError:
                ROWS.setdefault(path.name, (False, False, False, False))
    n = len(FILES)
    strict = sum(r[0] for r in ROWS.values())
    imports = sum(r[1] for r in ROWS.values())
    valid = sum(r[2] for r in ROWS.values())
    whole = sum(r[3] for r in ROWS.values())
    print(
        f"\nCTDL-ASN | {strict}/{n} strict, {imports}/{n} lenient | {valid}/{imports} | {whole}/{n}"
    )
    assert n == 6 and imports == valid == whole == n
