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
    assert row.valid, row.notes["errors"]
    assert row.lost == []


def test_the_comparison_sees_a_loss() -> None:
    path = CORPUS / "onet-basic-skills.json"
    source = json.loads(path.read_bytes())
    assert ctdl_lost(source, source) == [] and ctdl_shape(source) == []
    spoilt = ctdl_round_trip(path, spoil=lambda t: t.replace('"ceterms:ctid"', '"x:ctid"'))
    assert not spoilt.nothing_lost and not spoilt.valid
