"""The conformance corpus (tests/data/conformance/, issue 13) in and back out, per format.

For each format: the source read here independently of the library (``json``, ``csv`` and
``yaml``, ``rdflib``), the field-by-field comparison of a source with its re-export (what
the export does not say), and :func:`round_trip`: import (strict, else lenient) ->
validate -> re-export -> check it -> import again -> compare. The five conformance tests
and the table (tests/formats/test_conformance_table.py) use these, so there is one
comparison per format.

``spoil`` (a function of the export's text) lets a test show that a comparison sees what
an export drops.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import subprocess
import sys
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import attrs
import yaml
from samples import CASE_DATA, DATA

from cecompetency.files.framework_files import dumps, loads
from cecompetency.files.schema_check import SchemaCheck, format_checker
from cecompetency.model.errors import CrosswalkError, FrameworkError, Severity
from cecompetency.model.framework import Framework, Item

CORPUS = DATA / "conformance"
MANIFEST = CORPUS / "MANIFEST.json"
RESULTS = CORPUS / "RESULTS.md"
FORMATS = {
    "case": "CASE",
    "sssom": "SSSOM",
    "ctdl": "CTDL-ASN",
    "moodle": "Moodle CSV",
    "skos": "SKOS",
}
Spoil = Callable[[str], str]


def manifest() -> list[tuple[str, Path]]:
    """(format, path) of every file of the corpus, as MANIFEST.json lists them."""
    entries = json.loads(MANIFEST.read_text("utf-8"))
    return [(e["format"], CORPUS / e["file"]) for e in entries]


@dataclass
class Row:
    """One file's round trip: how it imported, whether the re-export is valid, what is lost
    (``lost``: every difference of the re-export from the source, repairs included)."""

    file: str
    format: str
    strict: bool = False
    imported: bool = False
    valid: bool = False
    lost: list[str] = field(default_factory=list)
    repairs: list[str] = field(default_factory=list)  # the differences that are repairs
    refused: str = ""  # the strict refusal's first line
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def nothing_lost(self) -> bool:
        return self.imported and self.lost == self.repairs


def _spoiled(text: str, spoil: Spoil | None) -> str:
    return spoil(text) if spoil is not None else text


# -- CASE ------------------------------------------------------------------------------------

# A document's caseVersion is the export's own (1.1); a 1.0 package has none to lose.
_CASE_ASIDE = {"caseVersion"}


def case_validator() -> Any:
    """The official CASE 1.1 package schema."""
    import jsonschema

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


def case_lost(source: dict[str, Any], package: dict[str, Any]) -> list[str]:
    """Every value of ``source`` that ``package`` (its re-export) does not hold, as
    ``CLASS identifier key``: written as a CASE property, or kept under extensions."""
    from cecompetency.formats._case_schema import PROPERTIES

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
            return bool(written == int(value))
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
            holds = SchemaCheck(props[key]).is_valid(value) if key in props else False
            if (holds and key not in _CASE_ASIDE) or (
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


def case_round_trip(path: Path, spoil: Spoil | None = None) -> Row:
    from cecompetency.formats.case import case_package, framework_from_case

    raw = path.read_bytes()
    source = json.loads(raw)
    row = Row(path.name, "case", notes={"warnings": Counter()})
    try:
        imported = framework_from_case(raw, path.name)
        row.strict = True
    except FrameworkError as exc:
        row.refused = str(exc.issues[0])
        imported = framework_from_case(raw, path.name, lenient=True)
        row.notes["warnings"] = Counter(w.code for w in imported.warnings)
    row.imported = True
    first = imported.value
    # It is a framework: it loads back, equal, from our own YAML.
    assert loads(dumps(first.framework), f"{path.stem}.yaml") == first.framework
    text = json.dumps(case_package(first.framework, mappings=first.mappings))
    package = json.loads(_spoiled(text, spoil))
    errors = [e.message for e in case_validator().iter_errors(package)]
    row.valid = not errors
    row.notes["errors"] = errors[:3]
    again = framework_from_case(json.dumps(package), f"{path.name} (re-exported)").value
    row.lost = case_lost(source, package)
    if again.framework != first.framework:
        row.lost.append("the framework read again differs")
    if set(again.mappings) != set(first.mappings) or len(again.mappings) != len(first.mappings):
        row.lost.append("the mappings read again differ")
    row.notes["items"] = len(source.get("CFItems") or [])
    row.notes["associations"] = len(source.get("CFAssociations") or [])
    row.notes["mappings"] = len(first.mappings)
    return row


# -- SSSOM -----------------------------------------------------------------------------------

_SSSOM_MULTIVALUED = {
    "creator_id",
    "creator_label",
    "author_id",
    "author_label",
    "reviewer_id",
    "reviewer_label",
    "see_also",
    "mapping_set_source",
    "match_string",
    "cardinality_scope",
    "subject_match_field",
    "object_match_field",
    "subject_preprocessing",
    "object_preprocessing",
    "curation_rule",
    "curation_rule_text",
}
# What a lenient import and a re-export change of the files that are not valid SSSOM: the
# repairs, exactly (every other slot and value comes back as the file says it).
SSSOM_REPAIRS = {
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": [
        "header mapping_set_id: 'mp_hp_pistoia' became "
        "'https://w3id.org/cecompetency/crosswalks/mp_hp_pistoia/1'"
    ],
    "disease-mappings-ncit-icd10-2016.sssom.tsv": [],
    "sssom-py-mondo-nando.sssom.tsv": [
        "row 3 object_id: 'MONDO:0008720|MONDO:0016042' became 2 rows",
        "row 1 mapping_justification: 'semapv:MappingCuration' became 'semapv:UnspecifiedMatching'",
        "row 2 mapping_justification: 'semapv:MappingCuration' became 'semapv:UnspecifiedMatching'",
        "row 3 mapping_justification: 'semapv:MappingCuration' became 'semapv:UnspecifiedMatching'",
        "row 3 mapping_justification: 'semapv:MappingCuration' became 'semapv:UnspecifiedMatching'",
    ],
}
# ... and what the re-export adds to them (header slots, curie_map prefixes, columns).
SSSOM_ADDITIONS = {
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": ["column mapping_justification"],
    "disease-mappings-ncit-icd10-2016.sssom.tsv": [
        "curie_map ICD10: 'urn:cecompetency:undeclared-prefix:ICD10:'",
        "column mapping_justification",
    ],
    "sssom-py-mondo-nando.sssom.tsv": [
        "header mapping_set_id: 'https://w3id.org/cecompetency/crosswalks/sssom-py-mondo-nando/1'"
    ],
}


def sssom_parse(text: str) -> tuple[dict[str, Any], list[str], list[dict[str, str]]]:
    """An SSSOM/TSV file read independently of the library: the header (YAML), the
    columns and the rows, with the header's propagatable slots applied to every row that
    has no value."""
    from cecompetency.formats.sssom import PROPAGATABLE

    lines = text.splitlines(keepends=True)
    head = [line[1:] for line in lines if line.startswith("#")]
    body = "".join(line for line in lines if not line.startswith("#"))
    header = yaml.safe_load("".join(head)) or {}
    reader = csv.DictReader(io.StringIO(body, newline=""), delimiter="\t")
    rows = [{k: v for k, v in row.items() if v} for row in reader]
    for slot in PROPAGATABLE:
        if slot in header and rows:
            value = _sssom_text(header.pop(slot))
            for row in rows:
                row.setdefault(slot, value)
    return header, list(reader.fieldnames or []), rows


def _sssom_text(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(_sssom_text(v) for v in value)
    return str(value)


def _sssom_same(slot: str, source: Any, export: Any) -> bool:
    """Whether the export's value of a header slot keeps everything of the source's."""
    if slot == "curie_map" or isinstance(source, dict):
        return isinstance(export, dict) and all(export.get(k) == v for k, v in source.items())
    if slot == "extension_definitions":
        return isinstance(export, list) and all(d in export for d in source)
    if slot in _SSSOM_MULTIVALUED:  # a single value may be written as a scalar
        source = source if isinstance(source, list) else [source]
        export = export if isinstance(export, list) else [export]
    return bool(_sssom_text(source) == _sssom_text(export))


def sssom_lost(source: str, export: str) -> list[str]:
    """What of the source file the export does not say: each slot, value and row. A
    subject_id or object_id of ``|``-joined CURIEs is compared with one row per CURIE,
    and said to have become that many rows."""
    header, _, rows = sssom_parse(source)
    out_header, _, out_rows = sssom_parse(export)
    missing = [
        f"header {slot}: {value!r} became {out_header.get(slot)!r}"
        for slot, value in header.items()
        if not _sssom_same(slot, value, out_header.get(slot))
    ]
    numbered: list[tuple[int, dict[str, str]]] = []
    for n, row in enumerate(rows, start=1):
        split = [row]
        for column in ("subject_id", "object_id"):
            parts = row.get(column, "").split("|")
            if len(parts) > 1:
                missing.append(f"row {n} {column}: {row[column]!r} became {len(parts)} rows")
                split = [{**each, column: part} for each in split for part in parts]
        numbered += [(n, each) for each in split]
    if len(numbered) != len(out_rows):
        missing.append(f"{len(numbered)} rows became {len(out_rows)}")
    for (n, row), out in zip(numbered, out_rows, strict=False):
        missing += [
            f"row {n} {slot}: {value!r} became {out.get(slot)!r}"
            for slot, value in row.items()
            if out.get(slot) != value
        ]
    return missing


def sssom_added(source: str, export: str) -> list[str]:
    """What the export says that the source does not: header slots, prefixes, columns."""
    header, columns, _ = sssom_parse(source)
    out_header, out_columns, _ = sssom_parse(export)
    added = [
        f"header {slot}: {value!r}"
        for slot, value in out_header.items()
        if slot not in header
        and slot not in ("curie_map", "mapping_set_version", "mapping_set_title", "license")
    ]
    added += [
        f"curie_map {prefix}: {uri!r}"
        for prefix, uri in (out_header.get("curie_map") or {}).items()
        if prefix not in (header.get("curie_map") or {})
    ]
    added += [f"column {c}" for c in out_columns if c not in columns]
    return added


def sssom_python() -> str | None:
    """A Python that can import `sssom` (CECOMPETENCY_SSSOM_PYTHON, or ours), else None."""
    other = os.environ.get("CECOMPETENCY_SSSOM_PYTHON")
    if other:
        return other
    try:
        import sssom  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return None
    return sys.executable


_SSSOM_CHECK = """
import sys
from sssom.cli import main
from sssom.parsers import parse_sssom_table
msdf = parse_sssom_table(sys.argv[1])
print(len(msdf.df.index))
sys.argv = ["sssom", "validate", sys.argv[1]]
main()
"""


def sssom_reference_check(python: str, path: Path) -> int:
    """Run `sssom validate` on ``path``; return how many rows sssom-py's parser keeps."""
    result = subprocess.run(
        [python, "-c", _SSSOM_CHECK, str(path)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return int(result.stdout.split()[0])


def sssom_round_trip(path: Path, spoil: Spoil | None = None, tmp: Path | None = None) -> Row:
    """Import (strict, else lenient), re-export, import the export strictly (it must be
    valid SSSOM, whatever the source was), and compare."""
    from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom

    source = path.read_text("utf-8")
    row = Row(path.name, "sssom", repairs=list(SSSOM_REPAIRS.get(path.name, [])))
    row.notes["rows"] = len(sssom_parse(source)[2])
    try:
        imported = crosswalk_from_sssom(path.read_bytes(), str(path))
        row.strict = True
        assert all(w.severity is Severity.WARNING for w in imported.warnings)
    except CrosswalkError as exc:
        row.refused = str(next(i for i in exc.issues if i.severity is Severity.ERROR))
        imported = crosswalk_from_sssom(path.read_bytes(), str(path), lenient=True)
    row.imported = True
    row.notes["warnings"] = Counter(w.code for w in imported.warnings)
    row.notes["mappings"] = len(imported.value)
    export = _spoiled(crosswalk_to_sssom(imported.value), spoil)
    try:  # valid: the export imports strictly
        again = crosswalk_from_sssom(export, "export.sssom.tsv")
    except CrosswalkError as exc:
        row.notes["errors"] = [str(i) for i in exc.issues[:3]]
    else:
        row.valid = crosswalk_to_sssom(again.value) == export
        if row.strict and again.value != imported.value:
            row.lost.append("the crosswalk read again differs")
    python = sssom_python()
    row.notes["validator"] = python is not None
    if python is not None and tmp is not None and row.valid:
        out = tmp / path.name
        out.write_text(export, "utf-8")
        row.valid = sssom_reference_check(python, out) == len(imported.value)
    row.lost += sssom_lost(source, export)
    row.notes["added"] = sssom_added(source, export)
    return row


# -- CTDL-ASN --------------------------------------------------------------------------------

# Files that are not valid as they are, and what a lenient reading says of them.
CTDL_LENIENT = {
    "ctdl-validate-clean-framework.json": {"CE629"},  # no publisher
    "ctdl-validate-wrong-framework-identifier.json": {"CE629", "CE675"},
}


def _ctdl_values(value: Any) -> list[Any]:
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


def ctdl_lost(source: dict[str, Any], written: dict[str, Any]) -> list[str]:
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
            if _ctdl_values(value) != _ctdl_values(again.get(key)):
                lost.append(f"{node['@id']} {key}")
    return lost


def ctdl_shape(data: dict[str, Any]) -> list[str]:
    """What the JSON-LD shape and the properties CTDL-ASN requires lack (empty: valid)."""
    from cecompetency.formats.ctdl import CONTEXT

    if data.get("@context") != CONTEXT or not isinstance(data.get("@graph"), list):
        return ["@context or @graph"]
    problems: list[str] = []
    frameworks = [n for n in data["@graph"] if n.get("@type") == "ceasn:CompetencyFramework"]
    if len(frameworks) != 1:
        return [f"{len(frameworks)} frameworks"]
    framework = frameworks[0]
    problems += [
        f"framework {key}"
        for key in ("@id", "ceasn:name", "ceterms:ctid", "ceasn:hasTopChild")
        if key not in framework
    ]
    competencies = [n for n in data["@graph"] if n.get("@type") == "ceasn:Competency"]
    ids = {n.get("@id") for n in competencies}
    for node in competencies:
        problems += [
            f"{node.get('@id')} {key}"
            for key in ("@id", "ceasn:competencyText", "ceterms:ctid", "ceasn:isPartOf")
            if key not in node
        ]
        problems += [
            f"{node.get('@id')} child {c}" for c in node.get("ceasn:hasChild", []) if c not in ids
        ]
    problems += [f"top child {c}" for c in framework.get("ceasn:hasTopChild", []) if c not in ids]
    return problems


def ctdl_round_trip(path: Path, spoil: Spoil | None = None) -> Row:
    from cecompetency.formats.ctdl import framework_from_ctdl, framework_to_ctdl

    raw = path.read_bytes()
    source = json.loads(raw)
    row = Row(path.name, "ctdl")
    try:
        imported = framework_from_ctdl(raw, path.name)
        row.strict = True
    except FrameworkError as exc:
        row.refused = str(exc.issues[0])
        row.notes["refused codes"] = {i.code for i in exc.issues if i.is_error}
        imported = framework_from_ctdl(raw, path.name, lenient=True)
    row.imported = True
    row.notes["warnings"] = imported.warnings
    framework, mappings = imported.value.framework, imported.value.mappings
    row.notes["competencies"] = len(framework)
    loaded = loads(dumps(framework), path.name + ".yaml")  # validates against our schema
    assert loaded == framework
    text = _spoiled(framework_to_ctdl(loaded, mappings=mappings), spoil)
    written = json.loads(text)
    problems = ctdl_shape(written)
    again = framework_from_ctdl(text, "again.json", lenient=not row.strict).value
    row.valid = not problems and framework_to_ctdl(again.framework, mappings=again.mappings) == text
    row.notes["errors"] = problems[:3]
    if again.framework != framework or again.mappings != mappings:
        row.lost.append("the framework read again differs")
    row.lost += ctdl_lost(source, written)
    return row


# -- Moodle competency CSV -------------------------------------------------------------------

MOODLE_META = {"publishers": [{"name": "Test"}], "id": "imported", "version": "1"}
# Cells Moodle reads the same: an empty rule outcome is 0, an empty rule config none, an
# empty isframework false.
_MOODLE_SAME = {"ruleoutcome": {"": "0"}, "ruleconfig": {"": "null"}, "isframework": {"0": ""}}
MOODLE_COLUMNS = [
    "parentidnumber",
    "idnumber",
    "shortname",
    "description",
    "descriptionformat",
    "scalevalues",
    "scaleconfiguration",
    "ruletype",
    "ruleoutcome",
    "ruleconfig",
    "relatedidnumbers",
    "exportid",
    "isframework",
    "taxonomy",
]
_MOODLE_OLD = {
    "Rule type": 7,
    "Rule outcome": 8,
    "Rule config": 9,
    "Is framework": 12,
    "Taxonomy": 13,
}


def moodle_rows(text: str) -> dict[str, dict[str, str]]:
    """Each record by its idnumber, cells by Moodle's column names (a 12-column file's
    header names its columns)."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    if len(header) == len(MOODLE_COLUMNS):
        names = MOODLE_COLUMNS
    else:
        names = [
            MOODLE_COLUMNS[_MOODLE_OLD[h]] if h in _MOODLE_OLD else MOODLE_COLUMNS[i]
            for i, h in enumerate(header)
        ]
    out = {}
    for record in records[1:]:
        if record and record != [""]:
            cells = dict(zip(names, record, strict=True))
            cells = {k: _MOODLE_SAME.get(k, {}).get(v, v) for k, v in cells.items()}
            out[cells["idnumber"]] = cells
    return out


def moodle_without_new_exportids(
    framework: Framework, source: dict[str, dict[str, str]]
) -> Framework:
    """The framework less the export ids an export numbered where the source had none."""

    def strip(item: Item) -> Item:
        kept = dict(item.extensions.get("x-moodle") or {})
        if source.get(str(kept.get("idnumber", item.id)), {}).get("exportid", "") == "":
            kept.pop("exportid", None)
        extensions = {**item.extensions, "x-moodle": kept} if kept else {}
        children = tuple(strip(child) for child in item.children)
        return attrs.evolve(item, extensions=extensions, children=children)

    return attrs.evolve(framework, items=tuple(strip(item) for item in framework.items))


def moodle_lost(
    source: dict[str, dict[str, str]], exported: dict[str, dict[str, str]]
) -> list[str]:
    """Every cell of the source the export does not hold (by idnumber and column)."""
    return [
        f"{idnumber} {column}: {cells[column]!r} != {exported.get(idnumber, {}).get(column)!r}"
        for idnumber, cells in source.items()
        for column in MOODLE_COLUMNS
        if column in cells
        and cells[column] != exported.get(idnumber, {}).get(column)
        and not (column == "exportid" and cells[column] == "")
    ]


def moodle_round_trip(path: Path, spoil: Spoil | None = None) -> Row:
    from cecompetency.formats.moodle import TITLES, framework_from_moodle, framework_to_moodle

    source = moodle_rows(path.read_bytes().decode("utf-8-sig"))
    row = Row(path.name, "moodle")
    try:
        imported = framework_from_moodle(path.read_bytes(), path.name, metadata=MOODLE_META)
        row.strict = True
    except FrameworkError as exc:
        row.refused = str(exc.issues[0])
        imported = framework_from_moodle(
            path.read_bytes(), path.name, metadata=MOODLE_META, lenient=True
        )
    row.imported = True
    row.notes["warnings"] = imported.warnings
    framework = imported.value
    row.notes["competencies"] = len(framework)
    row.notes["records"] = len(source)
    loaded = loads(dumps(framework), path.name + ".yaml")  # validates against our schema
    assert loaded == framework
    written = _spoiled(framework_to_moodle(loaded), spoil)
    records = list(csv.reader(io.StringIO(written, newline="")))
    again = framework_from_moodle(written, "again.csv", metadata=MOODLE_META)
    # Moodle's importer columns, and the export reads back as it is.
    row.valid = (
        records[0] == list(TITLES)
        and all(len(r) == len(TITLES) for r in records)
        and again.warnings == ()
        and framework_to_moodle(again.value) == written
    )
    # The same framework; where the source gave no export ids, the export numbers them.
    if moodle_without_new_exportids(again.value, source) != framework:
        row.lost.append("the framework read again differs")
    row.lost += moodle_lost(source, moodle_rows(written))
    return row


# -- SKOS ------------------------------------------------------------------------------------

# A file with two schemes is read one scheme at a time.
SKOS_SCHEMES = {"skohub-two-concept-schemes-one-file.ttl": "http://w3id.org/two-concepts-one-file/"}
SKOS_NS = "http://www.w3.org/2004/02/skos/core#"


def skos_subjects(graph: Any, scheme: str | None) -> set[Any]:
    """The scheme and its concepts, read here independently of the importer (a file with
    no scheme: its concepts)."""
    import rdflib

    skos = rdflib.Namespace(SKOS_NS)
    schemes = set(graph.subjects(rdflib.RDF.type, skos.ConceptScheme))
    if not schemes and scheme is None:
        return set(graph.subjects(rdflib.RDF.type, skos.Concept))
    chosen = rdflib.URIRef(scheme) if scheme else next(iter(schemes))
    others = schemes - {chosen}
    out = {chosen}
    for subject in set(graph.subjects()):
        placed = set(graph.objects(subject, skos.inScheme)) | set(
            graph.objects(subject, skos.topConceptOf)
        )
        typed = (subject, rdflib.RDF.type, skos.Concept) in graph
        top = subject in set(graph.objects(chosen, skos.hasTopConcept))
        if chosen in placed or top or (typed and not placed and not others):
            out.add(subject)
    # Concepts linked by broader/narrower to the scheme's, and in no other scheme.
    grown = True
    while grown:
        grown = False
        for subject in list(out):
            for prop in (skos.broader, skos.narrower):
                for other in list(graph.objects(subject, prop)) + list(
                    graph.subjects(prop, subject)
                ):
                    placed = set(graph.objects(other, skos.inScheme))
                    if (
                        other not in out
                        and (other, rdflib.RDF.type, skos.Concept) in graph
                        and not (placed - {chosen})
                    ):
                        out.add(other)
                        grown = True
    return out - others


def skos_lost(source: Any, export: Any, scheme: str | None) -> tuple[int, list[str]]:
    """(how many triples of the source are about the scheme and its concepts, those the
    export lacks). Triples with blank nodes are compared by count, as their labels differ
    by parse."""
    import rdflib

    subjects = skos_subjects(source, scheme)
    skos = rdflib.Namespace(SKOS_NS)
    if len(set(source.subjects(rdflib.RDF.type, skos.ConceptScheme))) <= 1:
        subjects = set(source.subjects())  # one scheme or none: every triple of the file

    def blank(t: Any) -> bool:
        return isinstance(t[0], rdflib.BNode) or isinstance(t[2], rdflib.BNode)

    about = [t for t in source if t[0] in subjects]
    ground = [t for t in about if not blank(t)]
    missing = [" ".join(str(x) for x in t) for t in sorted(ground) if t not in export]
    with_blank = len(about) - len(ground)
    exported_blank = sum(1 for t in export if blank(t))
    if with_blank > exported_blank:
        missing.append(f"{with_blank - exported_blank} triples with blank nodes")
    return len(about), missing


def skos_added(source: Any, export: Any) -> list[str]:
    """The triples of the export that the source does not have, that say what the model
    made (schemes and placing in them), compared as text: blank nodes left out."""
    import rdflib

    skos = rdflib.Namespace(SKOS_NS)
    made = {skos.inScheme, skos.topConceptOf, skos.hasTopConcept}
    return sorted(
        " ".join(str(x) for x in t)
        for t in export
        if t not in source
        and (t[1] in made or (t[1] == rdflib.RDF.type and t[2] == skos.ConceptScheme))
    )


def skos_round_trip(path: Path, spoil: Spoil | None = None) -> Row:
    """Import (the scheme chosen where there are several), export, parse with rdflib,
    import again (under the same name: a file with no scheme is named after it)."""
    import rdflib

    from cecompetency.formats.skos import framework_from_skos, framework_to_skos

    # rdflib logs a traceback for a literal it cannot convert (the source's invalid date).
    logging.getLogger("rdflib.term").setLevel(logging.ERROR)
    scheme = SKOS_SCHEMES.get(path.name)
    row = Row(path.name, "skos")
    try:
        imported = framework_from_skos(path.read_bytes(), str(path), scheme=scheme)
        row.strict = True
    except FrameworkError as exc:
        row.refused = str(exc.issues[0])
        imported = framework_from_skos(path.read_bytes(), str(path), scheme=scheme, lenient=True)
    row.imported = True
    row.notes["warnings"] = imported.warnings
    framework, mappings = imported.value.framework, imported.value.mappings
    row.notes["framework"], row.notes["mappings"] = framework, mappings
    assert loads(dumps(framework), "back.yaml") == framework  # valid: it loads from our YAML
    text = _spoiled(framework_to_skos(framework, mappings=mappings), spoil)
    export = rdflib.Graph().parse(data=text, format="turtle")  # valid: rdflib reads it
    again = framework_from_skos(text, str(path))
    row.valid = True
    if again.value.framework != framework or again.value.mappings != mappings:
        row.lost.append("the framework read again differs")
    source = rdflib.Graph().parse(path, format="turtle")
    total, missing = skos_lost(source, export, scheme)
    row.notes["triples"] = total
    row.notes["added"] = skos_added(source, export)
    row.lost += missing
    return row


# -- every format ----------------------------------------------------------------------------


def round_trip(fmt: str, path: Path, spoil: Spoil | None = None, tmp: Path | None = None) -> Row:
    """One file of the corpus in and back out; what it lost in ``Row.lost``."""
    if fmt == "sssom":
        return sssom_round_trip(path, spoil, tmp)
    trips: dict[str, Callable[[Path, Spoil | None], Row]] = {
        "case": case_round_trip,
        "ctdl": ctdl_round_trip,
        "moodle": moodle_round_trip,
        "skos": skos_round_trip,
    }
    return trips[fmt](path, spoil)


def table(rows: list[Row]) -> str:
    """The table of issue 13: per format, how many files import, re-export valid, and lose
    nothing."""
    lines = [
        "| format | files | imports strict | imports lenient | re-export valid | nothing lost |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    totals = [0] * 5
    for fmt, name in FORMATS.items():
        mine = [r for r in rows if r.format == fmt]
        if not mine:
            continue
        counts = [
            len(mine),
            sum(r.strict for r in mine),
            sum(r.imported for r in mine),
            sum(r.valid for r in mine),
            sum(r.nothing_lost for r in mine),
        ]
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
        n = counts[0]
        lines.append(
            f"| {name} | {n} | {counts[1]}/{n} | {counts[2]}/{n} | {counts[3]}/{n} | "
            f"{counts[4]}/{n} |"
        )
    n = totals[0]
    if len(lines) > 3:
        lines.append(
            f"| **total** | {n} | {totals[1]}/{n} | {totals[2]}/{n} | {totals[3]}/{n} | "
            f"{totals[4]}/{n} |"
        )
    return "\n".join(lines) + "\n"
