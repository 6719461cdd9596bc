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
from collections.abc import Iterator, Sequence

import attrs

from cecompetency.model.errors import Issue, Severity, ValidationError
from cecompetency.text.spelling import did_you_mean

__all__ = ["Row", "Table", "read_table"]

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
    text: str, delimiter: str, count_lines: bool, first: int
) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    record = first - 1
    while True:
        start_line = reader.line_num + 1
        try:
            fields = next(reader)
        except StopIteration:
            return
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
        record += 1
        if not fields or fields == [""]:
            continue  # blank lines are skipped, as spreadsheets and Moodle do
        yield (first - 1 + start_line if count_lines else record), fields


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
    aliases = aliases or {}
    issues: list[Issue] = []
    warnings: list[Issue] = []
    # Records are read one at a time: a table of 300,000 rows is never held twice.
    records = _records(text, delimiter, count_lines, first)
    try:
        header_number, header = next(records)
    except StopIteration:
        raise ValidationError(
            [Issue("CE604", "the table is empty; expected a header row", file)]
        ) from None
    except ValidationError as exc:
        raise ValidationError([attrs.evolve(i, file=file) for i in exc.issues]) from None
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
    try:
        rows = tuple(_rows(records, len(header), columns, file, issues))
    except ValidationError as exc:
        raise ValidationError([attrs.evolve(i, file=file) for i in exc.issues]) from None
    if issues:
        raise ValidationError(issues + warnings)
    return Table(file, tuple(header), columns, rows, tuple(warnings))


def _rows(
    records: Iterator[tuple[int, list[str]]],
    width: int,
    columns: dict[str, int],
    file: str,
    issues: list[Issue],
) -> Iterator[Row]:
    for number, fields in records:
        if len(fields) != width:
            issues.append(
                Issue(
                    "CE621",
                    f"the row has {len(fields)} fields; the header has {width}",
                    file,
                    number,
                    min(len(fields), width) or 1,
                )
            )
            continue
        yield Row(number, {name: fields[col - 1] for name, col in columns.items()})
