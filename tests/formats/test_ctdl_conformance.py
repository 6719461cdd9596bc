"""The real CTDL-ASN graphs of the conformance corpus: each imports, validates, re-exports
as CTDL-ASN, reads back the same, and loses nothing of the source, compared property by
property with the source parsed here on its own (plain ``json``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cecompetency.files.framework_files import dumps, loads
from cecompetency.formats.ctdl import CONTEXT, framework_from_ctdl, framework_to_ctdl
from cecompetency.model.errors import FrameworkError, Severity

CORPUS = Path(__file__).parent.parent / "data" / "conformance" / "ctdl"
FILES = sorted(CORPUS.glob("*.json"))
# Files that are not valid as they are, and what a lenient reading says of them.
LENIENT = {
    "ctdl-validate-clean-framework.json": {"CE629"},  # no publisher
    "ctdl-validate-wrong-framework-identifier.json": {"CE629", "CE675"},
}


def _values(value: Any) -> list[Any]:
    """A JSON-LD value as a list of comparable atoms: one value and a list of one are the
    same, language tags are compared without case (BCP 47 says they are)."""
    if isinstance(value, dict) and "@id" not in value and "@value" not in value:
        return sorted(
            (k.lower(), json.dumps(v, sort_keys=True))
            for k, vs in value.items()
            for v in (vs if isinstance(vs, list) else [vs])
        )
    if isinstance(value, dict) and "@id" in value:
        return [value["@id"]]
    return [json.dumps(v, sort_keys=True) for v in (value if isinstance(value, list) else [value])]


def _lost(source: dict[str, Any], written: dict[str, Any]) -> list[str]:
    """What of the source graph the written one does not hold: node by node, property by
    property; document-level keys too."""
    lost = [k for k in source if k != "@graph" and source[k] != written.get(k)]
    nodes = {n["@id"]: n for n in written["@graph"] if isinstance(n, dict) and "@id" in n}
    for node in source["@graph"]:
        again = nodes.get(node.get("@id"))
        if again is None:
            lost.append(f"node {node.get('@id')}")
            continue
        for key, value in node.items():
            if _values(value) != _values(again.get(key)):
                lost.append(f"{node['@id']} {key}")
    return lost


def _check_shape(data: dict[str, Any]) -> None:
    """The JSON-LD shape and the properties CTDL-ASN requires, as test_ctdl checks them."""
    assert data["@context"] == CONTEXT and isinstance(data["@graph"], list)
    [framework] = [n for n in data["@graph"] if n["@type"] == "ceasn:CompetencyFramework"]
    for key in ("@id", "ceasn:name", "ceterms:ctid", "ceasn:hasTopChild"):
        assert key in framework, key
    competencies = [n for n in data["@graph"] if n["@type"] == "ceasn:Competency"]
    ids = {n["@id"] for n in competencies}
    for node in competencies:
        for key in ("@id", "ceasn:competencyText", "ceterms:ctid", "ceasn:isPartOf"):
            assert key in node, (node["@id"], key)
        assert all(child in ids for child in node.get("ceasn:hasChild", []))
    assert set(framework["ceasn:hasTopChild"]) <= ids


ROWS: dict[str, tuple[bool, bool, bool, bool]] = {}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_conformance_file(path: Path) -> None:
    raw = path.read_bytes()
    source = json.loads(raw)
    strict = path.name not in LENIENT
    if strict:
        imported = framework_from_ctdl(raw, path.name)
        assert imported.warnings == ()
    else:
        with pytest.raises(FrameworkError) as refused:
            framework_from_ctdl(raw, path.name)
        assert {i.code for i in refused.value.issues if i.is_error} <= LENIENT[path.name]
        imported = framework_from_ctdl(raw, path.name, lenient=True)
        assert {i.code for i in imported.warnings} == LENIENT[path.name]
        assert all(i.severity is Severity.WARNING and i.line for i in imported.warnings)
    framework = imported.value.framework
    mappings = imported.value.mappings
    assert len(framework) == sum(n["@type"] == "ceasn:Competency" for n in source["@graph"])
    loaded = loads(dumps(framework), path.name + ".yaml")  # validates against our schema
    assert loaded == framework
    text = framework_to_ctdl(loaded, mappings=mappings)
    written = json.loads(text)
    _check_shape(written)
    again = framework_from_ctdl(text, "again.json", lenient=not strict).value
    assert again.framework == framework and again.mappings == mappings
    assert framework_to_ctdl(again.framework, mappings=again.mappings) == text
    lost = _lost(source, written)
    ROWS[path.name] = (strict, True, True, not lost)
    assert lost == []


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
