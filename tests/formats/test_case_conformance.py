"""Every real CASE package of the corpus: imported, loaded back from YAML, re-exported valid
by the official CASE 1.1 schema, imported again, and compared field by field: nothing lost.

Run with ``-s`` to see the row ``CASE | imports | re-export valid | nothing lost``.
"""

from __future__ import annotations

import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from samples import CASE_DATA, DATA

from cecompetency.files.framework_files import dumps, loads
from cecompetency.files.schema_check import SchemaCheck, format_checker
from cecompetency.formats._case_schema import PROPERTIES
from cecompetency.formats.case import case_package, framework_from_case
from cecompetency.model.errors import FrameworkError

CORPUS = DATA / "conformance" / "case"
FILES = sorted(CORPUS.glob("*.json")) + sorted(
    p for p in CASE_DATA.glob("*.json") if not p.name.endswith(".schema.json")
)
# A null is no value: CASE has no property whose null says more than its absence.
# A document's caseVersion is the export's own (1.1); a 1.0 package has none to lose.
ASIDE = {"caseVersion"}


def _holds(schema: dict[str, Any], value: Any) -> bool:
    return SchemaCheck(schema).is_valid(value)


def _official() -> Any:
    schema = json.loads((CASE_DATA / "case-v1p1-cfpackage.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=format_checker())


def _is_uuid(text: Any) -> bool:
    try:
        return isinstance(text, str) and str(uuid.UUID(text)) == text.lower()
    except ValueError:
        return False


def _ours(obj: dict[str, Any]) -> dict[str, Any]:
    ext = obj.get("extensions")
    kept = ext.get("cecompetency") if isinstance(ext, dict) else None
    return kept if isinstance(kept, dict) else {}


def _kept_dicts(value: Any, into: set[str]) -> None:
    """Every object anywhere under ``value``, canonically written (what extensions keep)."""
    if isinstance(value, dict):
        into.add(json.dumps(value, sort_keys=True))
        for v in value.values():
            _kept_dicts(v, into)
    elif isinstance(value, list):
        for v in value:
            _kept_dicts(v, into)


def _lost(source: dict[str, Any], package: dict[str, Any]) -> list[str]:
    """Every value of ``source`` that ``package`` (its re-export) does not hold, as
    ``CLASS identifier key``: written as a CASE property, or kept under extensions."""
    lost: list[str] = []
    kept: set[str] = set()
    for obj in [package["CFDocument"], *package["CFItems"], *package["CFAssociations"]]:
        _kept_dicts(obj.get("extensions"), kept)

    def verbatim(obj: dict[str, Any]) -> bool:
        return json.dumps(obj, sort_keys=True) in kept

    # The source's objects, found in the export by identifier (or by the identifier kept
    # under x-case when the source's is not a UUID and the export's had to be).
    items_by_source: dict[str, dict[str, Any]] = {}
    for item in package["CFItems"]:
        x_case = _ours(item).get("x-case", {})
        items_by_source[x_case.get("identifier", item["identifier"])] = item
    doc = package["CFDocument"]
    doc_case = _ours(doc).get("x-case", {})
    renamed = {i: e["identifier"] for i, e in items_by_source.items()}
    renamed[doc_case.get("identifier", doc["identifier"])] = doc["identifier"]

    def same(key: str, value: Any, written: Any) -> bool:
        if written == value:
            return True
        if key == "sequenceNumber" and isinstance(value, str):
            return written == int(value)
        if key in ("originNodeURI", "destinationNodeURI") and isinstance(value, dict):
            moved = renamed.get(value.get("identifier"), "?")
            return written == value or (
                isinstance(written, dict) and written.get("identifier") == moved
            )
        return False

    def compare(
        label: str, kind: str, src: dict[str, Any], out: dict[str, Any] | None, extra: Any
    ) -> None:
        if out is None:
            if not verbatim(src):
                lost.append(f"{label} (the whole object)")
            return
        props = PROPERTIES[kind]["properties"]
        for key, value in src.items():
            if value is None or (key == "identifier" and not _is_uuid(value)):
                if key == "identifier" and extra.get("identifier") != value and not verbatim(src):
                    lost.append(f"{label} {key}")
                continue
            if same(key, value, out.get(key)):
                continue
            # What CASE 1.1 can hold as written must be written so; the rest kept aside.
            if (key in props and _holds(props[key], value) and key not in ASIDE) or (
                extra.get(key) != value and not verbatim(src)
            ):
                lost.append(f"{label} {key}")

    compare("CFDocument", "CFDocument", source["CFDocument"], doc, doc_case)
    for item in source.get("CFItems") or []:
        out = items_by_source.get(item.get("identifier"))
        extra = _ours(out or {}).get("x-case", {})
        compare(f"CFItem {item.get('identifier')}", "CFItem", item, out, extra)
    by_id = {a["identifier"]: a for a in package["CFAssociations"]}
    for assoc in source.get("CFAssociations") or []:
        identifier = assoc.get("identifier")
        compare(f"CFAssociation {identifier}", "CFAssociation", assoc, by_id.get(identifier), {})
    written_definitions = package.get("CFDefinitions", {})
    for name, entries in (source.get("CFDefinitions") or {}).items():
        for entry in entries or []:
            present = entry in written_definitions.get(name, []) or entry in (
                doc_case.get("CFDefinitions", {}).get(name) or []
            )
            if not present:
                lost.append(f"CFDefinitions {name} {entry.get('identifier')}")
    for rubric in source.get("CFRubrics") or []:
        if rubric not in package.get("CFRubrics", []) and not verbatim(rubric):
            lost.append(f"CFRubric {rubric.get('identifier')}")
    return lost


def _round_trip(path: Path) -> dict[str, Any]:
    raw = path.read_bytes()
    source = json.loads(raw)
    row: dict[str, Any] = {"file": path.name, "mode": "strict", "warnings": Counter()}
    try:
        imported = framework_from_case(raw, path.name)
    except FrameworkError:
        imported = framework_from_case(raw, path.name, lenient=True)
        row["mode"] = "lenient"
        row["warnings"] = Counter(w.code for w in imported.warnings)
    first = imported.value
    # It is a framework: it loads back, equal, from our own YAML.
    assert loads(dumps(first.framework), f"{path.stem}.yaml") == first.framework
    package = case_package(first.framework, mappings=first.mappings)
    errors = [e.message for e in _official().iter_errors(package)]
    row["valid"] = not errors
    row["errors"] = errors[:3]
    again = framework_from_case(json.dumps(package), f"{path.name} (re-exported)").value
    row["lost"] = _lost(source, package)
    if again.framework != first.framework:
        row["lost"].append("the framework read again differs")
    if set(again.mappings) != set(first.mappings) or len(again.mappings) != len(first.mappings):
        row["lost"].append("the mappings read again differ")
    row["items"] = len(source.get("CFItems") or [])
    row["associations"] = len(source.get("CFAssociations") or [])
    row["mappings"] = len(first.mappings)
    return row


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
    assert _lost(source, package) == []
    item = next(i for i in package["CFItems"] if "educationLevel" in i)
    del item["educationLevel"]
    item["extensions"]["cecompetency"]["x-case"].pop("educationLevel")
    child = next(a for a in package["CFAssociations"] if a["associationType"] == "precedes")
    child["associationType"] = "isRelatedTo"
    lost = _lost(source, package)
    assert f"CFItem {item['identifier']} educationLevel" in lost
    assert f"CFAssociation {child['identifier']} associationType" in lost
