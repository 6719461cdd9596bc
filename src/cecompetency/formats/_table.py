"""Reading delimited tables (CSV, TSV) defensively, with a place for every cell; and
writing them so that they read back exactly, and safely in a spreadsheet.

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
import re
from collections.abc import Iterable, Iterator, Sequence

import attrs

from cecompetency.model.errors import Issue, Severity, ValidationError
from cecompetency.text.spelling import did_you_mean

__all__ = [
    "Record",
    "Row",
    "Table",
    "guard_formula",
    "read_records",
    "read_table",
    "unguard_formula",
    "write_table",
]

Record = tuple[int, list[str]]  # a row's number (as issues name it) and its fields

# A cell a spreadsheet would run as a formula starts with one of these (OWASP's list). Such a
# cell is written with a ``'`` before it, which spreadsheets take as "this is text"; so is a
# cell that already starts with ``'`` and then one of these, so that reading strips exactly
# one ``'`` from any cell that starts with ``'``s and one of these, and every cell reads back.
_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_TO_UNGUARD = re.compile(r"'+[=+\-@\t\r]")


def guard_formula(cell: str) -> str:
    """``cell``, with a ``'`` before it if a spreadsheet would run it as a formula."""
    return "'" + cell if _GUARDED.match(cell) else cell


def unguard_formula(cell: str) -> str:
    """The cell :func:`guard_formula` was given: exactly its ``'`` removed."""
    return cell[1:] if _TO_UNGUARD.match(cell) else cell


def _quoted(cell: str, delimiter: str) -> str:
    # csv's minimal quoting leaves a lone \r unquoted when lines end with \n, and the
    # reader then splits the record there: quote every cell with a line break in it.
    if delimiter in cell or any(c in cell for c in '"\r\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def write_table(rows: Iterable[Sequence[str]], *, delimiter: str = ",", guard: bool = False) -> str:
    """Rows as delimited text, ``\n`` line ends, minimal quoting that reads back exactly.

    With ``guard``, data cells (not the header, the first row) that a spreadsheet would
    run as formulas are written as text (:func:`guard_formula`); read such a table with
    ``read_table(..., guarded=True)`` to get them back as they were.
    """
    lines = []
    for index, row in enumerate(rows):
        cells = [guard_formula(c) if guard and index else c for c in row]
        line = delimiter.join(_quoted(c, delimiter) for c in cells)
        lines.append('""' if line == "" and len(cells) == 1 else line)  # not a blank line
    return "".join(line + "\n" for line in lines)


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


def _records(
    text: str,
    delimiter: str,
    count_lines: bool,
    first: int,
    file: str,
    problems: list[Issue],
    warnings: list[Issue],
) -> Iterator[Record]:
    """The header, then the rows: the non-blank records, each with its number (of the line
    where it starts with ``count_lines``, else of the record), counted from ``first``.

    A row as wide as the header is yielded while ``problems`` (the header's, appended by
    the caller before it asks for the rows) is empty; each other row adds a problem. At
    the end, problems raise :class:`ValidationError` (with the ``warnings``). Rows are
    read as they are asked for, so a large file is never held as a list of records.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    read = 0  # records read so far (counted where records may span lines)
    width = -1  # of the header, once read
    try:
        if '"' not in text:
            # No quotes, so no record spans lines: a record's number is its line's.
            for number, fields in enumerate(reader, first):
                if not fields:  # without quotes a blank line is []
                    continue
                if width < 0:
                    width = len(fields)
                elif len(fields) != width:
                    problems.append(_width_issue(fields, width, file, number))
                    continue
                elif problems:
                    continue
                yield number, fields
        else:
            end = 0  # the line the last record read ended on
            for fields in reader:
                number = first + end if count_lines else first + read
                read += 1
                end = reader.line_num
                if not fields or not (len(fields) > 1 or fields[0]):  # blank lines are skipped
                    continue
                if width < 0:
                    width = len(fields)
                elif len(fields) != width:
                    problems.append(_width_issue(fields, width, file, number))
                    continue
                elif problems:
                    continue
                yield number, fields
    except csv.Error as exc:
        # Without quotes, records are lines.
        quoted = '"' in text and not count_lines
        number = first + read if quoted else first - 1 + reader.line_num
        message = str(exc)
        if "field larger than field limit" in message:
            message = f"a field is longer than {_FIELD_LIMIT:,} characters"
        raise ValidationError(
            [
                Issue(
                    "CE620",
                    f"malformed {'TSV' if delimiter == chr(9) else 'CSV'}: {message}",
                    file,
                    number,
                    1,
                )
            ]
        ) from None
    if problems:
        raise ValidationError(problems + warnings)


def _width_issue(fields: list[str], width: int, file: str, number: int) -> Issue:
    return Issue(
        "CE621",
        f"the row has {len(fields)} fields; the header has {width}",
        file,
        number,
        min(len(fields), width) or 1,
    )


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
) -> tuple[Table, Iterator[Record]]:
    """Read ``text`` as a table whose first record is a header of ``known`` column names.

    Returns the table without rows, and its records as they are read: each row's number
    (as issues name it) and fields, as many as the header's. For a reader that takes the
    fields by column index (:data:`Table.columns`) rather than through a dictionary per
    row; :func:`read_table` gives the rows. The records raise :class:`ValidationError`,
    once all are read, if the header or any row is wrong.

    ``aliases`` maps other spellings of a header (compared as written) to known names.
    Unknown columns are errors (warnings and ignored when ``lenient``; warnings and kept,
    under their names as written, when ``keep_unknown``); missing
    ``required`` columns and rows of another width are errors. ``first`` is the number of
    the header's line or row, for text that starts inside a file.
    """
    aliases = aliases or {}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    records = _records(text, delimiter, count_lines, first, file, issues, warnings)
    try:
        header_number, header = next(records)
    except StopIteration:
        raise ValidationError(
            [Issue("CE604", "the table is empty; expected a header row", file)]
        ) from None
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
    # The rows raise the issues (with the warnings) once read: the header's and the rows'.
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
    guarded: bool = False,
) -> Table:
    """:func:`read_records`, with the rows read into :class:`Row` values (the same
    arguments and issues). With ``guarded``, cells written by ``write_table(...,
    guard=True)`` lose the ``'`` that guarded them.
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
    if guarded:
        records = ((number, [unguard_formula(f) for f in fields]) for number, fields in records)
    rows = tuple(
        Row(number, {name: fields[col - 1] for name, col in columns}) for number, fields in records
    )
    return attrs.evolve(table, rows=rows)
