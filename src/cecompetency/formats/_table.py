"""Reading delimited tables (CSV, TSV) defensively, with a place for every cell.

The standard :mod:`csv` module does the parsing (fast, and correct about quotes and
line breaks inside quoted fields); this module adds what an importer needs around it:
a header of known column names (unknown ones get a suggestion), rows of the same width,
a field-size bound, and for each row the number an issue should name. ``row`` numbers
count records as a spreadsheet does (the header is row 1) unless ``count_lines`` asks
for the line in the file where the record starts.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import attrs

from cecompetency.model.errors import Issue, Severity, ValidationError
from cecompetency.text.spelling import did_you_mean

__all__ = ["Record", "Row", "Table", "read_records", "read_table"]

# csv's own bound (128 KiB a field) guards memory; a longer field is refused with a place.
_FIELD_LIMIT = csv.field_size_limit()


@attrs.frozen
class Row:
    """One record: its number (as issues name it) and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        """The cell's text, or ``""`` when the table has no such column."""
        return self.cells.get(column, "")


@attrs.frozen
class Table:
    """A read table: the header as written, where each known column is, and the rows."""

    file: str
    header: tuple[str, ...]
    columns: dict[str, int]  # known column name -> 1-based column number
    rows: tuple[Row, ...]
    warnings: tuple[Issue, ...] = ()

    def issue(
        self,
        code: str,
        message: str,
        row: Row | int,
        column: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> Issue:
        """An issue at ``row`` (and at ``column``, by name, when the table has it)."""
        number = row.number if isinstance(row, Row) else row
        col = self.columns.get(column, 1) if column is not None else 1
        return Issue(code, message, self.file, number, col, severity)


Record = tuple[int, list[str]]  # the number an issue names, and the fields


def _records(text: str, delimiter: str, count_lines: bool, first: int) -> list[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    out: list[Record] = []
    append = out.append
    record = first - 1  # records read so far, counted from ``first``
    end = 0  # the line the last record read ended on
    try:
        # One loop per numbering, each as lean as it can be: a large file has a hundred
        # thousand records, and this is most of the cost of reading it.
        if count_lines:
            for fields in reader:
                if fields and (len(fields) > 1 or fields[0]):  # blank lines are skipped
                    append((first + end, fields))  # the line where the record starts
                end = reader.line_num
        else:
            for fields in reader:
                record += 1
                if fields and (len(fields) > 1 or fields[0]):
                    append((record, fields))
    except csv.Error as exc:
        number = first - 1 + reader.line_num if count_lines else record + 1
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a field is longer than {_FIELD_LIMIT:,} characters"
        raise ValidationError(
            [
                Issue(
                    "CE620",
                    f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {message}",
                    "",
                    number,
                    1,
                )
            ]
        ) from None
    return out


def read_records(
    text: str,
    file: str,
    *,
    known: Sequence[str],
    required: Sequence[str] = (),
    aliases: dict[str, str] | None = None,
    delimiter: str = ",",
    lenient: bool = False,
    count_lines: bool = False,
    first: int = 1,
    keep_unknown: bool = False,
) -> tuple[Table, list[Record]]:
    """Read ``text`` as a table whose first record is a header of ``known`` column names.

    Returns the table without rows, and its records, each as wide as the header: for a
    reader that takes the fields by column index (:data:`Table.columns`) rather than
    through a dictionary per row. :func:`read_table` gives the rows.

    ``aliases`` maps other spellings of a header (compared as written) to known names.
    Unknown columns are errors (warnings and ignored when ``lenient``; warnings and kept,
    under their names as written, when ``keep_unknown``); missing
    ``required`` columns and rows of another width are errors. ``first`` is the number of
    the header's line or row, for text that starts inside a file.
    """
    aliases = aliases or {}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    try:
        records = _records(text, delimiter, count_lines, first)
    except ValidationError as exc:
        raise ValidationError([attrs.evolve(i, file=file) for i in exc.issues]) from None
    if not records:
        raise ValidationError([Issue("CE604", "the table is empty; expected a header row", file)])
    header_number, header = records[0]
    columns: dict[str, int] = {}
    for index, raw in enumerate(header, start=1):
        name = aliases.get(raw.strip(), raw.strip())
        if name in known:
            if name in columns:
                issues.append(
                    Issue("CE624", f"the column {name!r} appears twice", file, header_number, index)
                )
            columns[name] = index
            continue
        issue = Issue(
            "CE623",
            f"unknown column {raw!r}{did_you_mean(raw, known) or ''}; expected columns: "
            + ", ".join(known),
            file,
            header_number,
            index,
        )
        if keep_unknown and raw.strip() and raw.strip() not in columns:
            columns[raw.strip()] = index
            warnings.append(attrs.evolve(issue, severity=Severity.WARNING))
        elif lenient:
            warnings.append(attrs.evolve(issue, severity=Severity.WARNING))
        else:
            issues.append(issue)
    for name in required:
        if name not in columns:
            issues.append(
                Issue("CE622", f"the header has no column {name!r}", file, header_number, 1)
            )
    width = len(header)
    del records[0]
    if any(len(fields) != width for _, fields in records):
        issues.extend(
            Issue(
                "CE621",
                f"the row has {len(fields)} fields; the header has {width}",
                file,
                number,
                min(len(fields), width) or 1,
            )
            for number, fields in records
            if len(fields) != width
        )
    if issues:
        raise ValidationError(issues + warnings)
    return Table(file, tuple(header), columns, (), tuple(warnings)), records


def read_table(
    text: str,
    file: str,
    *,
    known: Sequence[str],
    required: Sequence[str] = (),
    aliases: dict[str, str] | None = None,
    delimiter: str = ",",
    lenient: bool = False,
    count_lines: bool = False,
    first: int = 1,
    keep_unknown: bool = False,
) -> Table:
    """Read ``text`` as a table whose first record is a header of ``known`` column names.

    ``aliases`` maps other spellings of a header (compared as written) to known names.
    Unknown columns are errors (warnings and ignored when ``lenient``; warnings and kept,
    under their names as written, when ``keep_unknown``); missing
    ``required`` columns and rows of another width are errors. ``first`` is the number of
    the header's line or row, for text that starts inside a file.
    """
    table, records = read_records(
        text,
        file,
        known=known,
        required=required,
        aliases=aliases,
        delimiter=delimiter,
        lenient=lenient,
        count_lines=count_lines,
        first=first,
        keep_unknown=keep_unknown,
    )
    columns = table.columns.items()
    rows = tuple(
        Row(number, {name: fields[col - 1] for name, col in columns}) for number, fields in records
    )
    return attrs.evolve(table, rows=rows)
