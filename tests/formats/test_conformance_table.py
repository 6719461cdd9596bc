"""Issue 13's table, over every file of the conformance corpus (MANIFEST.json): each is
imported (strict, else lenient), validated, re-exported to its own format, checked, read
again and compared field by field with the source (``tests/conformance.py``, the same
round trip the five conformance tests make).

``pytest -s`` prints the table; with ``CECOMPETENCY_WRITE_CONFORMANCE=1`` it is also written
to ``tests/data/conformance/RESULTS.md``.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from conformance import FORMATS, RESULTS, Row, manifest, round_trip, table

FILES = manifest()


@pytest.fixture(scope="module")
def rows(tmp_path_factory: pytest.TempPathFactory) -> list[Row]:
    tmp = tmp_path_factory.mktemp("conformance")
    return [round_trip(fmt, path, tmp=tmp) for fmt, path in FILES]


def test_the_manifest_is_the_corpus() -> None:
    import json

    entries = json.loads((RESULTS.parent / "MANIFEST.json").read_text("utf-8"))
    for entry in entries:
        data = (RESULTS.parent / entry["file"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["file"]
    assert {fmt for fmt, _ in FILES} == set(FORMATS) and len(FILES) == 47


def test_every_file_imports_and_loses_nothing(rows: list[Row]) -> None:
    text = table(rows)
    print("\n" + text)
    for row in rows:
        if not row.strict:
            print(f"  {row.format} {row.file}: lenient; refused strictly: {row.refused}")
    if os.environ.get("CECOMPETENCY_WRITE_CONFORMANCE") == "1":
        RESULTS.write_text(
            "# Conformance: the corpus in and back out\n\n"
            "Written by `tests/formats/test_conformance_table.py` with "
            "`CECOMPETENCY_WRITE_CONFORMANCE=1`. Strictly refused files are read leniently; "
            "the differences of their re-exports from the source are the repairs, listed in "
            "`tests/conformance.py`.\n\n" + text,
            "utf-8",
        )
    assert [r.file for r in rows if not r.imported] == []
    assert [(r.file, r.notes.get("errors")) for r in rows if not r.valid] == []
    assert [(r.file, r.lost[:5]) for r in rows if not r.nothing_lost] == []


# One file per format, and a value its export drops: the table would say so.
SPOILS = {
    "case": ("opensalt-ordering.json", "Properties and measurements", "Properties"),
    "sssom": ("sssom-py-mondo-nando.sssom.tsv", "neuromuscular disease", ""),
    "ctdl": ("onet-basic-skills.json", "Active Listening", "Listening"),
    "moodle": ("moodle-oecd-example.csv", "<p>", "<div>"),
    "skos": ("skosmos-xl.ttl", "Unit of thought", "Unit"),
}


@pytest.mark.parametrize("fmt", sorted(SPOILS))
def test_the_table_sees_a_dropped_value(fmt: str, tmp_path: Path) -> None:
    name, old, new = SPOILS[fmt]
    path = next(p for f, p in FILES if f == fmt and p.name == name)
    assert round_trip(fmt, path, tmp=tmp_path).nothing_lost
    spoilt = round_trip(fmt, path, spoil=lambda t: t.replace(old, new), tmp=tmp_path)
    assert not spoilt.nothing_lost
    assert table([spoilt]).splitlines()[2].endswith("| 0/1 |")
