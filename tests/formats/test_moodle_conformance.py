"""The real Moodle competency CSVs of the conformance corpus: each imports, validates,
re-exports with exactly the columns Moodle's importer expects, reads back the same, and
loses nothing, compared cell by cell with the source parsed here on its own (``csv``)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import attrs
import pytest

from cecompetency.files.framework_files import dumps, loads
from cecompetency.formats.moodle import TITLES, framework_from_moodle, framework_to_moodle
from cecompetency.model.framework import Framework, Item

CORPUS = Path(__file__).parent.parent / "data" / "conformance" / "moodle"
FILES = sorted(CORPUS.glob("*.csv"))
META = {"publishers": [{"name": "Test"}], "id": "imported", "version": "1"}
# Cells Moodle reads the same: an empty rule outcome is 0, an empty rule config none, an
# empty isframework false.
SAME = {"ruleoutcome": {"": "0"}, "ruleconfig": {"": "null"}, "isframework": {"0": ""}}
COLUMNS = [
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
OLD = {"Rule type": 7, "Rule outcome": 8, "Rule config": 9, "Is framework": 12, "Taxonomy": 13}


def _rows(text: str) -> dict[str, dict[str, str]]:
    """Each record by its idnumber, cells by Moodle's column names (a 12-column file's
    header names its columns)."""
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = records[0]
    if len(header) == len(COLUMNS):
        names = COLUMNS
    else:
        names = [COLUMNS[OLD[h]] if h in OLD else COLUMNS[i] for i, h in enumerate(header)]
    out = {}
    for record in records[1:]:
        if record and record != [""]:
            cells = dict(zip(names, record, strict=True))
            cells = {k: SAME.get(k, {}).get(v, v) for k, v in cells.items()}
            out[cells["idnumber"]] = cells
    return out


def _without_new_exportids(framework: Framework, source: dict[str, dict[str, str]]) -> Framework:
    def strip(item: Item) -> Item:
        kept = dict(item.extensions.get("x-moodle") or {})  # type: ignore[call-overload]
        if source.get(str(kept.get("idnumber", item.id)), {}).get("exportid", "") == "":
            kept.pop("exportid", None)
        extensions = {**item.extensions, "x-moodle": kept} if kept else {}
        children = tuple(strip(child) for child in item.children)
        return attrs.evolve(item, extensions=extensions, children=children)

    return attrs.evolve(framework, items=tuple(strip(item) for item in framework.items))


ROWS: dict[str, tuple[bool, bool, bool, bool]] = {}


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_conformance_file(path: Path) -> None:
    text = path.read_bytes().decode("utf-8-sig")
    source = _rows(text)
    imported = framework_from_moodle(path.read_bytes(), path.name, metadata=META)
    assert imported.warnings == ()
    framework = imported.value
    assert len(framework) == len(source) - 1
    loaded = loads(dumps(framework), path.name + ".yaml")  # validates against our schema
    assert loaded == framework
    written = framework_to_moodle(loaded)
    records = list(csv.reader(io.StringIO(written, newline="")))
    assert records[0] == list(TITLES) and all(len(r) == len(TITLES) for r in records)
    again = framework_from_moodle(written, "again.csv", metadata=META)
    # The same framework; where the source gave no export ids, the export numbers them.
    assert again.warnings == () and _without_new_exportids(again.value, source) == framework
    assert framework_to_moodle(again.value) == written
    exported = _rows(written)
    lost = [
        f"{idnumber} {column}: {cells[column]!r} != {exported.get(idnumber, {}).get(column)!r}"
        for idnumber, cells in source.items()
        for column in COLUMNS
        if column in cells
        and cells[column] != exported.get(idnumber, {}).get(column)
        and not (column == "exportid" and cells[column] == "")
    ]
    ROWS[path.name] = (True, True, True, not lost)
    assert lost == []


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
