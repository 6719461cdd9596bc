"""Every real CASE package of the corpus: imported, loaded back from YAML, re-exported valid
by the official CASE 1.1 schema, imported again, and compared field by field: nothing lost.

Run with ``-s`` to see the row ``CASE | imports | re-export valid | nothing lost``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conformance import CORPUS as CONFORMANCE
from conformance import case_lost, case_round_trip
from samples import CASE_DATA

from cecompetency.formats.case import case_package, framework_from_case

CORPUS = CONFORMANCE / "case"
FILES = sorted(CORPUS.glob("*.json")) + sorted(
    p for p in CASE_DATA.glob("*.json") if not p.name.endswith(".schema.json")
)


def _round_trip(path: Path) -> dict[str, Any]:
    row = case_round_trip(path)
    return {
        "file": row.file,
        "mode": "strict" if row.strict else "lenient",
        "valid": row.valid,
        "lost": row.lost,
        **row.notes,
    }


@pytest.fixture(scope="module")
def rows() -> list[dict[str, Any]]:
    return [_round_trip(path) for path in FILES]


def test_the_corpus_is_all_there() -> None:
    assert len(FILES) == 11


def test_every_case_file_round_trips_with_nothing_lost(rows: list[dict[str, Any]]) -> None:
    strict = sum(r["mode"] == "strict" for r in rows)
    lenient = len(rows) - strict
    valid = sum(r["valid"] for r in rows)
    whole = sum(not r["lost"] for r in rows)
    n = len(rows)
    print()
    print("| format | imports | re-export valid | nothing lost |")
    print("| --- | --- | --- | --- |")
    print(f"| CASE | {n}/{n} ({strict} strict, {lenient} lenient) | {valid}/{n} | {whole}/{n} |")
    for r in rows:
        warned = ", ".join(f"{c} x{k}" for c, k in sorted(r["warnings"].items()))
        print(
            f"  {r['file']}: {r['mode']}{f' ({warned})' if warned else ''}, {r['items']} items, "
            f"{r['associations']} associations, {r['mappings']} mappings, "
            f"valid {r['valid']}, lost {len(r['lost'])} {r['lost'][:3]} {r['errors']}"
        )
    assert [r["file"] for r in rows if not r["valid"]] == []
    assert [(r["file"], r["lost"][:5]) for r in rows if r["lost"]] == []


def test_valid_case_1_0_and_1_1_files_import_strictly(rows: list[dict[str, Any]]) -> None:
    lenient = {r["file"] for r in rows if r["mode"] == "lenient"}
    # These deviate from both versions (pre-1.0 names, timestamps without an offset,
    # non-UUID identifiers, item types without the required description).
    assert lenient == {
        "opensalt-math-cfs-sample-2017.json",
        "opensalt-sample-math-6rp.json",
        "smarterbalanced-math-content-spec.json",
    }
    by_file = {r["file"]: r for r in rows}
    assert by_file["smarterbalanced-math-content-spec.json"]["warnings"]["CE630"] == 4


def test_the_comparison_finds_what_an_export_drops() -> None:
    """The check above can fail: a value taken out of a re-export is reported."""
    path = CORPUS / "smarterbalanced-math-content-spec.json"
    source = json.loads(path.read_bytes())
    imported = framework_from_case(path.read_bytes(), path.name, lenient=True).value
    package = case_package(imported.framework, mappings=imported.mappings)
    assert case_lost(source, package) == []
    item = next(i for i in package["CFItems"] if "educationLevel" in i)
    del item["educationLevel"]
    item["extensions"]["cecompetency"]["x-case"].pop("educationLevel")
    child = next(a for a in package["CFAssociations"] if a["associationType"] == "precedes")
    child["associationType"] = "isRelatedTo"
    lost = case_lost(source, package)
    assert f"CFItem {item['identifier']} educationLevel" in lost
    assert f"CFAssociation {child['identifier']} associationType" in lost
