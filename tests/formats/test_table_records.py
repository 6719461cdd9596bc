"""Reading tables as a stream of numbered records: the numbering of a file without quotes
(taken from the csv module's list of lines) agrees with the record-by-record count that
files with quoted line breaks need; and the SSSOM reader, which remembers what each value
reads as, reads a file as it reads each of its rows alone."""

from __future__ import annotations

import csv
import io

from hypothesis import given, settings
from hypothesis import strategies as st

from cecompetency.formats._table import read_table
from cecompetency.formats.sssom import crosswalk_from_sssom
from cecompetency.model.errors import CrosswalkError, ValidationError

COLUMNS = ("a", "b", "c")


def _reference(text: str, count_lines: bool, first: int) -> list[tuple[int, list[str]]]:
    """The straightforward numbering: record by record, with the line each one starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out, record = [], first - 1
    while True:
        start_line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return out
        record += 1
        if fields and fields != [""]:
            out.append((first - 1 + start_line if count_lines else record, fields))


cells = st.text(alphabet="xy 1é", max_size=3)
quoted = st.text(alphabet='xy\n,"', max_size=4).map(lambda t: '"' + t.replace('"', '""') + '"')
rows = st.lists(st.one_of(cells, quoted, cells), min_size=3, max_size=3).map(",".join)
lines = st.lists(st.one_of(rows, st.just("")), max_size=12)
endings = st.sampled_from(["\n", "\r\n", "\r"])


@settings(max_examples=300, deadline=None)
@given(lines, endings, st.booleans(), st.integers(min_value=1, max_value=50), st.booleans())
def test_rows_are_numbered_as_record_by_record_reading_numbers_them(
    body: list[str], ending: str, count_lines: bool, first: int, quotes: bool
) -> None:
    if not quotes:  # the path for files without quotes
        body = [line.replace('"', "") for line in body]
    text = ending.join([",".join(COLUMNS), *body]) + ending
    expected = _reference(text, count_lines, first)
    try:
        table = read_table(text, "t.csv", known=COLUMNS, count_lines=count_lines, first=first)
    except ValidationError as exc:  # rows of another width: the reference has them too
        assert any(len(fields) != len(COLUMNS) for _, fields in expected[1:])
        assert [i.line for i in exc.issues if i.code == "CE621"] == [
            n for n, fields in expected[1:] if len(fields) != len(COLUMNS)
        ]
        return
    assert [(row.number, list(row.cells.values())) for row in table.rows] == expected[1:]


HEADER = (
    "#curie_map:\n#  a_1: https://w3id.org/cecompetency/a/1/\n"
    "#  b_1: https://w3id.org/cecompetency/b/1/\n"
    "#mapping_set_id: https://w3id.org/cecompetency/crosswalks/a-b/1\n"
    "#license: https://spdx.org/licenses/CC0-1.0.html\n"
    "#mapping_date: 2026-01-15\n"
    "subject_id\tpredicate_id\tobject_id\tmapping_justification\tconfidence\tmapping_date\n"
)
sssom_rows = st.tuples(
    st.sampled_from(["a_1:1", "a_1:2", "a_1:1.1", "zz:3", ""]),
    st.sampled_from(["skos:exactMatch", "skos:broadMatch", "skos:nope", "owl:sameAs"]),
    st.sampled_from(["b_1:1", "b_1:9", "b_1:x%20y"]),
    st.sampled_from(["semapv:ManualMappingCuration", "semapv:LexicalMatching", "manual"]),
    st.sampled_from(["", "0.5", "0.50", "1", "2", "x"]),
    st.sampled_from(["", "2026-02-01", "2026-2-1", "not a date"]),
).map("\t".join)


@settings(max_examples=150, deadline=None)
@given(st.lists(sssom_rows, min_size=1, max_size=8), st.booleans())
def test_a_file_reads_as_its_rows_read_one_by_one(table: list[str], lenient: bool) -> None:
    def read(lines: list[str]) -> list[object] | None:
        try:
            return list(
                crosswalk_from_sssom(
                    HEADER + "\n".join(lines) + "\n", lenient=lenient
                ).value.mappings
            )
        except CrosswalkError:
            return None

    whole = read(table)
    alone = [read([line]) for line in table]
    if whole is None:  # an error in the file is an error of one of its rows
        assert None in alone or lenient
    else:
        assert whole == [m for mappings in alone if mappings for m in mappings]
