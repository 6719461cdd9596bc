"""The real SSSOM files of the conformance corpus (tests/data/conformance/sssom/): each
imports (strict where it is valid SSSOM; a file that is not is refused with one line that
names it and says why, and read leniently), re-exports, passes the SSSOM reference
validator when it is installed, imports back, and loses nothing: every slot and value of
the source's header and rows, read with csv and yaml alone (``tests/conformance.py``), is
in the export. Of the files that are not valid SSSOM, the export is valid, and its
differences from the source are exactly the repairs, asserted.

With ``-s`` the summary prints the issue's table row for SSSOM.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conformance import (
    CORPUS,
    SSSOM_ADDITIONS,
    Row,
    sssom_lost,
    sssom_python,
    sssom_round_trip,
    table,
)

from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom
from cecompetency.model.errors import CrosswalkError, Severity

SSSOM = CORPUS / "sssom"
FILES = sorted(p.name for p in SSSOM.glob("*.sssom.tsv"))

# Files that are not valid SSSOM, and what the strict refusal must say.
INVALID = {
    # pre-1.0: no mapping_justification column, and a mapping_set_id that is not a URI
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": "mapping_set_id 'mp_hp_pistoia' is not",
    # pre-1.0 `match_type`, no mapping_justification, objects of an undeclared prefix ICD10
    "disease-mappings-ncit-icd10-2016.sssom.tsv": "no column 'mapping_justification'",
    # `semapv:MappingCuration` is no SEMAPV justification; an object_id 'A|B' is two ids
    "sssom-py-mondo-nando.sssom.tsv": "justification 'semapv:MappingCuration'",
}
# What a lenient import of them keeps (every row; a '|'-joined object is two mappings),
# and the warnings it gives: one per repair, each with a count.
LENIENT = {
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": (1671, {"CE640": 1, "CE622": 1}),
    "disease-mappings-ncit-icd10-2016.sssom.tsv": (10, {"CE623": 1, "CE622": 1, "CE642": 1}),
    "sssom-py-mondo-nando.sssom.tsv": (4, {"CE640": 1, "CE642": 1, "CE643": 1}),
}

RESULTS: dict[str, Row] = {}


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_round_trips(name: str, tmp_path: Path) -> None:
    path = SSSOM / name
    row = sssom_round_trip(path, tmp=tmp_path)
    RESULTS[name] = row
    assert row.imported and row.valid, (name, row.notes.get("errors"))
    assert row.lost == row.repairs, name
    if name not in INVALID:
        assert row.strict and row.repairs == []
        assert row.notes["mappings"] == row.notes["rows"]
        return
    assert not row.strict
    assert "\n" not in row.refused and row.refused.startswith(f"{path}:")
    assert INVALID[name] in row.refused
    mappings, warnings = LENIENT[name]
    assert row.notes["mappings"] == mappings and dict(row.notes["warnings"]) == warnings
    # The export is valid SSSOM; what it adds is the repairs too.
    assert row.notes["added"] == SSSOM_ADDITIONS[name]


def test_lenient_repairs_are_located_and_counted() -> None:
    path = SSSOM / "disease-mappings-ncit-icd10-2016.sssom.tsv"
    imported = crosswalk_from_sssom(path.read_bytes(), str(path), lenient=True)
    (prefix,) = [w for w in imported.warnings if w.code == "CE642"]
    assert (prefix.line, prefix.column, prefix.severity) == (10, 3, Severity.WARNING)
    assert "'ICD10' of 10 ids" in prefix.message and "\n" not in str(prefix)
    assert imported.value.prefixes["ICD10"] == "urn:cecompetency:undeclared-prefix:ICD10:"
    path = SSSOM / "sssom-py-mondo-nando.sssom.tsv"
    imported = crosswalk_from_sssom(path.read_bytes(), str(path), lenient=True)
    by_code = {w.code: w for w in imported.warnings}
    assert "'semapv:MappingCuration' in 3 rows" in by_code["CE643"].message
    assert (by_code["CE643"].line, by_code["CE643"].column) == (13, 6)
    assert "2 ids joined by '|'" in by_code["CE642"].message and by_code["CE642"].line == 15
    # Kept as written, read as unspecified.
    kept = [m.extensions["x-sssom"]["mapping_justification"] for m in imported.value.mappings]
    assert kept == ["semapv:MappingCuration"] * 4
    assert [str(m.object) for m in imported.value.mappings[2:]] == [
        "MONDO:0008720",
        "MONDO:0016042",
    ]
    # Strictly each is still an error.
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(path.read_bytes(), str(path))
    assert {i.code for i in caught.value.issues if i.severity is Severity.ERROR} == {
        "CE642",
        "CE643",
    }


def test_the_comparison_sees_a_loss() -> None:
    """The field-by-field comparison is not blind: drop a slot, a value or a row."""
    source = (SSSOM / "sssom-foodie-inc-2022-05-01.sssom.tsv").read_text("utf-8")
    export = crosswalk_to_sssom(crosswalk_from_sssom(source).value)
    assert sssom_lost(source, export) == []
    assert sssom_lost(source, export.replace("orcid:0000-0002-7356-1779", "orcid:0")) != []
    assert sssom_lost(source, export.replace("#mapping_set_version: '2022-05-01'\n", "")) != []
    assert sssom_lost(source, "".join(export.splitlines(keepends=True)[:-1])) != []
    # ... and of a file read leniently, a loss beyond the repairs.
    path = SSSOM / "sssom-py-mondo-nando.sssom.tsv"
    spoilt = sssom_round_trip(path, spoil=lambda t: t.replace("immune system disorder", ""))
    assert spoilt.lost != spoilt.repairs and not spoilt.nothing_lost
    assert "row 2 object_label: 'immune system disorder' became None" in spoilt.lost


def test_summary_row(tmp_path: Path) -> None:
    """The issue's table row for SSSOM (print it with -s); every file is accounted for."""
    for name in FILES:
        if name not in RESULTS:  # run alone, or deselected: do the work here
            RESULTS[name] = sssom_round_trip(SSSOM / name, tmp=tmp_path)
    rows = [RESULTS[name] for name in FILES]
    print("\n" + table(rows))
    kept = sum(r.notes["mappings"] for r in rows)
    validator = "sssom-py checked" if sssom_python() else "sssom-py not installed here"
    print(f"  SSSOM: {kept:,} mappings kept; re-export valid: strict re-import ({validator})")
    for name in sorted(INVALID):
        print(f"  refused strictly: {RESULTS[name].refused}")
    assert sum(r.strict for r in rows) == len(FILES) - len(INVALID)
    assert all(r.imported and r.valid and r.nothing_lost for r in rows)
