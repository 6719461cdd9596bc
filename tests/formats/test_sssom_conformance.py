"""The real SSSOM files of the conformance corpus (tests/data/conformance/sssom/): each
imports (strict where it is valid SSSOM; a file that is not is refused with one line that
names it and says why), re-exports, passes the SSSOM reference validator when it is
installed, imports back equal, and loses nothing: every slot and value of the source's
header and rows, read here with csv and yaml alone, is in the export.

With ``-s`` the summary prints the issue's table row for SSSOM.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from cecompetency.formats.sssom import PROPAGATABLE, crosswalk_from_sssom, crosswalk_to_sssom
from cecompetency.model.errors import CrosswalkError, Severity

CORPUS = Path(__file__).parent.parent / "data" / "conformance" / "sssom"
FILES = sorted(p.name for p in CORPUS.glob("*.sssom.tsv"))

# Files that are not valid SSSOM, and what the strict refusal must say.
INVALID = {
    # pre-1.0: no mapping_justification column, and a mapping_set_id that is not a URI
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": "mapping_set_id 'mp_hp_pistoia' is not",
    # pre-1.0 `match_type`, no mapping_justification, objects of an undeclared prefix ICD10
    "disease-mappings-ncit-icd10-2016.sssom.tsv": "no column 'mapping_justification'",
    # `semapv:MappingCuration` is no SEMAPV justification; an object_id 'A|B' is two ids
    "sssom-py-mondo-nando.sssom.tsv": "justification 'semapv:MappingCuration'",
}
# What a lenient import keeps of the invalid files (None: it must fail, keeping nothing).
LENIENT = {
    "disease-mappings-mp-hp-example-embedded.sssom.tsv": 1671,
    "disease-mappings-ncit-icd10-2016.sssom.tsv": None,
    "sssom-py-mondo-nando.sssom.tsv": 2,
}
_MULTIVALUED = {
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


def parse(text: str) -> tuple[dict[str, Any], list[dict[str, str]]]:
    """An SSSOM/TSV file read independently of the library: the header (YAML) and the
    rows, with the header's propagatable slots applied to every row that has no value."""
    lines = text.splitlines(keepends=True)
    head = [line[1:] for line in lines if line.startswith("#")]
    body = "".join(line for line in lines if not line.startswith("#"))
    header = yaml.safe_load("".join(head)) or {}
    reader = csv.DictReader(io.StringIO(body, newline=""), delimiter="\t")
    rows = [{k: v for k, v in row.items() if v} for row in reader]
    for slot in PROPAGATABLE:
        if slot in header and rows:
            value = _text(header.pop(slot))
            for row in rows:
                row.setdefault(slot, value)
    return header, rows


def _text(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(_text(v) for v in value)
    return str(value)


def _same(slot: str, source: Any, export: Any) -> bool:
    """Whether the export's value of a header slot keeps everything of the source's."""
    if slot == "curie_map" or isinstance(source, dict):
        return isinstance(export, dict) and all(export.get(k) == v for k, v in source.items())
    if slot == "extension_definitions":
        return isinstance(export, list) and all(d in export for d in source)
    if slot in _MULTIVALUED:  # a single value may be written as a scalar
        source = source if isinstance(source, list) else [source]
        export = export if isinstance(export, list) else [export]
    return bool(_text(source) == _text(export))


def lost(source: str, export: str) -> list[str]:
    """What of the source file the export does not say: each slot, value and row."""
    header, rows = parse(source)
    out_header, out_rows = parse(export)
    missing = [
        f"header {slot}: {value!r} became {out_header.get(slot)!r}"
        for slot, value in header.items()
        if not _same(slot, value, out_header.get(slot))
    ]
    if len(rows) != len(out_rows):
        missing.append(f"{len(rows)} rows became {len(out_rows)}")
    for n, (row, out) in enumerate(zip(rows, out_rows, strict=False), start=1):
        missing += [
            f"row {n} {slot}: {value!r} became {out.get(slot)!r}"
            for slot, value in row.items()
            if out.get(slot) != value
        ]
    return missing


def _sssom_python() -> str | None:
    """A Python that can import `sssom` (CECOMPETENCY_SSSOM_PYTHON, or ours), else None."""
    other = os.environ.get("CECOMPETENCY_SSSOM_PYTHON")
    if other:
        return other
    try:
        import sssom  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        return None
    return sys.executable


_CHECK = """
import sys
from sssom.cli import main
from sssom.parsers import parse_sssom_table
msdf = parse_sssom_table(sys.argv[1])
print(len(msdf.df.index))
sys.argv = ["sssom", "validate", sys.argv[1]]
main()
"""


def reference_check(python: str, path: Path) -> int:
    """Run `sssom validate` on ``path``; return how many rows sssom-py's parser keeps."""
    result = subprocess.run(
        [python, "-c", _CHECK, str(path)], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return int(result.stdout.split()[0])


RESULTS: dict[str, dict[str, Any]] = {}


@pytest.mark.parametrize("name", FILES)
def test_a_corpus_file_round_trips(name: str, tmp_path: Path) -> None:
    path = CORPUS / name
    source = path.read_text("utf-8")
    result: dict[str, Any] = {"rows": len(parse(source)[1])}
    RESULTS[name] = result
    if name in INVALID:
        with pytest.raises(CrosswalkError) as caught:
            crosswalk_from_sssom(path.read_bytes(), str(path))
        first = next(i for i in caught.value.issues if i.severity is Severity.ERROR)
        assert "\n" not in str(first) and str(first).startswith(f"{path}:")
        assert INVALID[name] in str(first)
        result["refused"] = str(first)
        if LENIENT[name] is None:
            with pytest.raises(CrosswalkError) as nothing:
                crosswalk_from_sssom(path.read_bytes(), str(path), lenient=True)
            assert "CE644" in {i.code for i in nothing.value.issues}
            return
        imported = crosswalk_from_sssom(path.read_bytes(), str(path), lenient=True)
        assert len(imported.value) == LENIENT[name]
        result["lenient"] = len(imported.value)
        return
    imported = crosswalk_from_sssom(path.read_bytes(), str(path))
    assert all(w.severity is Severity.WARNING for w in imported.warnings)
    result["strict"] = len(imported.value)
    assert len(imported.value) == result["rows"]
    export = crosswalk_to_sssom(imported.value)
    assert export == crosswalk_to_sssom(imported.value)
    again = crosswalk_from_sssom(export, "export.sssom.tsv")
    assert again.value == imported.value
    assert crosswalk_to_sssom(again.value) == export
    missing = lost(source, export)
    assert missing == []
    result["kept"] = len(imported.value)
    python = _sssom_python()
    if python is not None:
        out = tmp_path / name
        out.write_text(export, "utf-8")
        assert reference_check(python, out) == len(imported.value)
        result["valid"] = True


def test_the_comparison_sees_a_loss() -> None:
    """The field-by-field comparison is not blind: drop a slot, a value or a row."""
    source = (CORPUS / "sssom-foodie-inc-2022-05-01.sssom.tsv").read_text("utf-8")
    export = crosswalk_to_sssom(crosswalk_from_sssom(source).value)
    assert lost(source, export) == []
    assert lost(source, export.replace("orcid:0000-0002-7356-1779", "orcid:0")) != []
    assert lost(source, export.replace("#mapping_set_version: '2022-05-01'\n", "")) != []
    assert lost(source, "".join(export.splitlines(keepends=True)[:-1])) != []


def test_summary_row() -> None:
    """The issue's table row for SSSOM (print it with -s); every file is accounted for."""
    if len(RESULTS) != len(FILES):  # run alone, or deselected: do the work here
        for name in FILES:
            if name not in RESULTS:
                test_a_corpus_file_round_trips(name, Path(os.environ.get("TMPDIR", "/tmp")))
    valid_files = [n for n in FILES if n not in INVALID]
    strict = sum("strict" in RESULTS[n] for n in FILES)
    lenient = strict + sum("lenient" in RESULTS[n] for n in FILES)
    kept = sum(RESULTS[n].get("kept", 0) for n in valid_files)
    rows = sum(RESULTS[n]["rows"] for n in valid_files)
    checked = sum(RESULTS[n].get("valid", False) for n in valid_files)
    nothing_lost = sum("kept" in RESULTS[n] for n in valid_files)
    validator = f"{checked}/{strict}" if _sssom_python() else "not run (sssom not installed here)"
    print(
        "\n| format | imports | re-export valid | nothing lost |\n| --- | --- | --- | --- |\n"
        f"| SSSOM | {strict}/{len(FILES)} strict, {lenient}/{len(FILES)} lenient "
        f"({len(INVALID)} not valid SSSOM, refused with a message) | {validator} | "
        f"{nothing_lost}/{len(valid_files)} ({kept:,} of {rows:,} mappings) |"
    )
    for name in sorted(INVALID):
        print(f"  refused: {RESULTS[name]['refused']}")
    assert strict == len(valid_files) and nothing_lost == len(valid_files) and kept == rows
    assert lenient == len(FILES) - sum(v is None for v in LENIENT.values())
