"""The memory budget: reading any input, valid or not, costs at most 20 times its size at
the peak (measured with tracemalloc, which counts Python's allocations; the process adds
its fixed start-up cost). Inputs of about 150-300 KB of each reader's kind, one valid and one
with an issue on every record or one issue at the end, so that building the issues and
placing them in the file is counted too."""

from __future__ import annotations

import contextlib
import json
import tracemalloc
from collections.abc import Callable

import pytest

from cecompetency.files.framework_files import loads
from cecompetency.files.validation import validate_text
from cecompetency.files.yaml_reader import Limits
from cecompetency.formats.catalog import import_crosswalk, import_framework
from cecompetency.model.errors import CecompetencyError

BUDGET = 20
ITEMS = 1000
META = {"title": "T", "publishers": [{"name": "P"}], "id": "demo", "version": "1"}
HEAD = (
    "format: cecompetency/1\nid: demo\nversion: '1.0'\ntitle: D\nstatus: published\n"
    "publishers:\n  - name: P\nkinds: [competency]\n"
)
TEXT = "T" * 150


def _yaml(bad: bool) -> bytes:
    weight = "    weight: heavy\n" if bad else ""
    items = "".join(f"  - id: '{i}'\n    title: {TEXT}\n{weight}" for i in range(ITEMS))
    return (HEAD + "items:\n" + items).encode()


def _json(bad: bool) -> bytes:
    items: list[dict[str, object]] = [
        {"id": str(i), "title": TEXT, "statement": TEXT} for i in range(ITEMS)
    ]
    if bad:
        items[-1]["weight"] = "heavy"
    document = {
        "format": "cecompetency/1", "id": "demo", "version": "1.0", "title": "D",
        "status": "published", "publishers": [{"name": "P"}], "kinds": ["competency"],
        "items": items,
    }  # fmt: skip
    return json.dumps(document).encode()


def _csv(bad: bool) -> bytes:
    weight = "w" if bad else ""
    rows = "".join(f"demo@1:{i},,competency,,{TEXT},{weight}\n" for i in range(ITEMS))
    return ("reference,parent,kind,title,statement,weight\n" + rows).encode()


def _csv_small_rows(bad: bool) -> bytes:
    # Short rows, each with an issue when bad: where each row was held as a dictionary of
    # its cells and another of its item, past the issue cap.
    weight = "w" if bad else ""
    rows = "".join(f"demo@1:{i},,competency,T,,{weight}\n" for i in range(ITEMS * 10))
    return ("reference,parent,kind,title,statement,weight\n" + rows).encode()


def _csv_schema_rows(bad: bool) -> bytes:
    # Short rows that, when bad, each break the schema (an item with neither title nor
    # statement): issues past the cap are counted, not kept.
    title = "" if bad else "T"
    rows = "".join(f"demo@1:{i},,competency,{title},,\n" for i in range(ITEMS * 10))
    return ("reference,parent,kind,title,statement,weight\n" + rows).encode()


def _moodle(bad: bool) -> bytes:
    header = (
        "Parent ID number,ID number,Short name,Description,Description format,"
        "Is framework,Taxonomy\n,demo@1,Demo,D,1,1,competency\n"
    )
    parent = "p" if bad else ""
    rows = "".join(f"{parent},i{i},{TEXT},<p>{TEXT}</p>,1,,\n" for i in range(ITEMS))
    return (header + rows).encode()


def _sssom(bad: bool) -> bytes:
    prefix = "c" if bad else "a"
    rows = "".join(
        f"{prefix}:{i}\tskos:closeMatch\tb:{i}\tsemapv:ManualMappingCuration\t{TEXT}\n"
        for i in range(ITEMS)
    )
    return (
        "#curie_map:\n#  a: https://example.org/a/\n#  b: https://example.org/b/\n"
        "#mapping_set_id: https://example.org/set\n"
        "#license: https://spdx.org/licenses/CC0-1.0.html\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\tcomment\n" + rows
    ).encode()


def _yaml_small_values(bad: bool) -> bytes:
    # A value per two bytes: where keeping a position per node cost 150 times the file.
    values = ",".join("1" for _ in range(ITEMS * 100))
    weight = "heavy" if bad else "100"
    items = f"items:\n  - id: '1'\n    title: T\n    weight: {weight}\n"
    return f"{HEAD}x-data: [{values}]\n{items}".encode()


def _yaml_small_items(bad: bool) -> bytes:
    # Many small items and one issue at the end: where the data was built twice, once to
    # check it and again to place the issue (and each mapping held its own copy of its keys).
    items = "".join(f"  - id: '{i}'\n    title: T\n" for i in range(ITEMS * 10))
    weight = "heavy" if bad else "100"
    last = f"  - id: x\n    title: T\n    weight: {weight}\n"
    return f"{HEAD}items:\n{items}{last}".encode()


def _json_small_values(bad: bool) -> bytes:
    document = {
        "format": "cecompetency/1", "id": "demo", "version": "1.0", "title": "D",
        "status": "published", "publishers": [{"name": "P"}], "kinds": ["competency"],
        "x-data": [1] * (ITEMS * 100),
        "items": [{"id": "1", "title": "T", "weight": "heavy" if bad else 100}],
    }  # fmt: skip
    return json.dumps(document).encode()


READERS: dict[str, tuple[Callable[[bool], bytes], Callable[[bytes], object]]] = {
    "yaml-small-values": (_yaml_small_values, lambda raw: loads(raw, "f.yaml")),
    "yaml-small-items": (_yaml_small_items, lambda raw: loads(raw, "f.yaml")),
    "yaml-small-items-validate": (
        _yaml_small_items,
        lambda raw: validate_text(raw, "f.yaml"),
    ),
    "json-small-values": (
        _json_small_values,
        lambda raw: import_framework(raw, "json", "f.json"),
    ),
    "yaml": (_yaml, lambda raw: loads(raw, "f.yaml")),
    "yaml-validate": (_yaml, lambda raw: validate_text(raw, "f.yaml")),
    "json": (_json, lambda raw: import_framework(raw, "json", "f.json")),
    "csv": (_csv, lambda raw: import_framework(raw, "csv", "f.csv", metadata=META)),
    "csv-small-rows": (
        _csv_small_rows,
        lambda raw: import_framework(raw, "csv", "f.csv", metadata=META),
    ),
    "csv-schema-rows": (
        _csv_schema_rows,
        lambda raw: import_framework(raw, "csv", "f.csv", metadata=META),
    ),
    "moodle": (_moodle, lambda raw: import_framework(raw, "moodle", "f.csv", metadata=META)),
    "sssom": (_sssom, lambda raw: import_crosswalk(raw, "sssom", "f.tsv")),
}


def _warm_up(read: Callable[[bytes], object], raw: bytes) -> None:
    """Read once before measuring: the modules a reader imports are no part of its cost."""
    with contextlib.suppress(CecompetencyError):
        read(raw)


@pytest.mark.slow
@pytest.mark.parametrize("bad", [False, True], ids=["valid", "invalid"])
@pytest.mark.parametrize("name", sorted(READERS))
def test_peak_memory_is_within_the_budget(name: str, bad: bool) -> None:
    make, read = READERS[name]
    raw = make(bad)
    assert len(raw) > 100_000
    _warm_up(read, make(bad))
    tracemalloc.start()
    try:
        try:
            read(raw)
        except CecompetencyError:
            assert bad
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak <= BUDGET * len(raw), f"{peak / len(raw):.1f} times the input"


def test_schema_issues_past_the_cap_are_counted_not_kept() -> None:
    # Each of the rows breaks the schema (no title, no statement): the importer keeps
    # max_issues of them and counts the rest in a last CE121 line.
    rows = "".join(f"demo@1:{i},,competency,,,\n" for i in range(25))
    raw = ("reference,parent,kind,title,statement,weight\n" + rows).encode()
    with pytest.raises(CecompetencyError) as raised:
        import_framework(raw, "csv", "f.csv", metadata=META, limits=Limits(max_issues=10))
    issues = raised.value.issues  # type: ignore[attr-defined]
    (note,) = [i for i in issues if i.code == "CE121"]
    shown = [i for i in issues if i is not note]
    assert len(shown) == 10 and len({(i.code, i.path) for i in shown}) == 10
    assert note.message.startswith(f"{25 - 10:,} more issues not shown")
