"""Frameworks as a flat CSV table: one row per item, for spreadsheets.

Columns, in this order: ``reference`` (the item's full reference,
``alliance@2008:2.10``), ``parent`` (the parent's full reference; empty at the top
level), ``kind``, ``title``, ``statement``, ``weight``. Rows are in document order, so
siblings keep their order; an empty cell means the field is absent. The file is UTF-8,
comma-separated, quoted only where needed (RFC 4180), with ``\\n`` line ends.

The table holds the item tree only. Tags, notes and extensions are not carried, and the
framework's own fields (title, status, publishers, ...) come from ``metadata`` on import:
a partial framework document, checked like a framework file. Import reads a hand-made
table too: columns in any order, ``parent`` given as a bare item id, ``kind`` left empty
where ``metadata`` declares ``kinds``. Issues name ``FILE:ROW:COL`` with rows counted as a
spreadsheet counts them (the header is row 1).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from cecompetency.files.codec import FRAMEWORK_FORMAT
from cecompetency.files.issue_cap import Collected
from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits, Position
from cecompetency.formats._build import build_framework
from cecompetency.formats._table import Record, Table, read_records, unguard_formula, write_table
from cecompetency.formats._tree import TreeWalk, too_deep_message
from cecompetency.formats.imported import Imported, capped
from cecompetency.model.errors import FrameworkError, Issue, RefError, ValidationError
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref, parse_ref
from cecompetency.text.shortening import quoted
from cecompetency.text.spelling import Speller

__all__ = ["CSV_COLUMNS", "format_number", "framework_from_csv", "framework_to_csv", "table_text"]

CSV_COLUMNS = ("reference", "parent", "kind", "title", "statement", "weight")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")


def format_number(value: float | None) -> str:
    """A number as the shortest text that reads back equal (``20``, not ``20.0``)."""
    if value is None:
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else repr(number)


def table_text(rows: list[list[str]]) -> str:
    """Rows as CSV text: minimal quoting, ``\\n`` line ends, and data cells a spreadsheet
    would run as formulas guarded with a ``'`` (which the importers remove again)."""
    return write_table(rows, guard=True)


def framework_to_csv(framework: Framework) -> str:
    """The item tree as CSV text, one row per item in document order."""
    rows = [list(CSV_COLUMNS)]
    for item in framework.walk():
        parent = framework.parent_of(item)
        rows.append(
            [
                str(framework.ref_of(item)),
                "" if parent is None else str(framework.ref_of(parent)),
                item.kind,
                item.title or "",
                item.statement or "",
                format_number(item.weight),
            ]
        )
    return table_text(rows)


@capped
def framework_from_csv(
    source: bytes | str,
    file: str = "<string>",
    *,
    metadata: Mapping[str, Any] | None = None,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[Framework]:
    """Read a framework from the CSV table; raise :class:`FrameworkError` with located issues.

    ``metadata`` supplies the framework's fields the table cannot hold (at least
    ``title`` and ``publishers``; ``status`` defaults to ``draft``). With ``lenient``,
    unknown columns are ignored with a warning.
    """
    try:
        table, records = read_records(
            decode(source, file, limits),
            file,
            known=CSV_COLUMNS,
            required=("reference",),
            lenient=lenient,
        )
        # The records are read as the rows are taken in: the table's own issues (its
        # header, a row of another width) come out once all are read, and go first.
        reader = _Reader(table, limits)
        data = reader.document(records, dict(metadata or {}))
    except ValidationError as exc:
        raise FrameworkError(exc.issues) from None
    if reader.issues:
        raise FrameworkError(reader.issues.reported(file))
    framework = build_framework(
        data,
        file,
        lambda paths: Document(data, file, reader.positions(data, paths)),
        max_issues=limits.max_issues,
    )
    return Imported(framework, table.warnings)


def metadata_of(framework: Framework) -> dict[str, Any]:
    """The framework's own fields as a partial document: what a CSV import needs besides rows."""
    from cecompetency.files.codec import framework_to_data

    data = framework_to_data(framework)
    data.pop("items", None)
    return data


# A row as the reader keeps it until the tree is known: its number and the cells an item
# needs (parent, kind, title, statement, weight). A tuple, not a dictionary per row: a
# table of 300,000 short rows held that way cost 50 times its size.
_Entry = tuple[int, str, str, str, str, str]
_CELLS = ("parent", "kind", "title", "statement", "weight")
_SHARED = 4096  # distinct cell texts shared (kinds, parents): a table's few repeated values


class _Reader:
    """Rows to a framework document, collecting issues with their rows and columns."""

    def __init__(self, table: Table, limits: Limits) -> None:
        self.table = table
        # A framework file nests a list and a mapping per level of items, below the top.
        self.max_depth = max(1, limits.max_depth // 2 - 2)
        self.issues = Collected(limits.max_issues)
        self.rows: dict[str, _Entry] = {}  # by item id, once read
        if "title" not in table.columns and "statement" not in table.columns:
            self.issues.append(
                table.issue("CE622", "the header needs a 'title' or a 'statement' column", 1)
            )

    def fail(self, code: str, message: str, row: int, column: str) -> None:
        self.issues.append(self.table.issue(code, message, row, column))

    def _entries(self, records: Iterator[Record]) -> Iterator[tuple[str, _Entry]]:
        """Each row's reference text and kept cells, unguarded (see ``table_text``)."""
        columns = self.table.columns
        at = columns.get("reference", 1) - 1
        indexes = [columns.get(name, 0) - 1 for name in _CELLS]
        shared: dict[str, str] = {}
        for number, fields in records:
            cells: list[str] = []
            for index in indexes:
                cell = unguard_formula(fields[index]) if index >= 0 else ""
                # Short cells repeat (a kind, a parent): one string for each text.
                kept = shared.get(cell)
                if kept is not None:
                    cell = kept
                elif len(cell) < 64 and len(shared) < _SHARED:
                    shared[cell] = cell
                cells.append(cell)
            parent, kind, title, statement, weight = cells
            yield unguard_formula(fields[at]), (number, parent, kind, title, statement, weight)

    def document(self, records: Iterator[Record], metadata: dict[str, Any]) -> dict[str, Any]:
        framework: Ref | None = None
        entries: dict[str, _Entry] = {}
        for reference, entry in self._entries(records):
            number = entry[0]
            ref = self._reference(reference, number, framework)
            if ref is None:
                continue
            framework = framework or ref.framework_ref
            item_id = ref.item or ""
            if item_id in entries:
                self.fail(
                    "CE626",
                    f"the item {item_id!r} appears twice (first in row {entries[item_id][0]})",
                    number,
                    "reference",
                )
                continue
            self._check_weight(entry)
            entries[item_id] = entry
        self.rows = entries
        if framework is None:
            if not self.issues:
                self.issues.append(Issue("CE604", "the table has no item rows", self.table.file))
            return {}
        items = self._tree(entries, framework)
        data = self._framework(metadata, framework)
        data["items"] = items
        return data

    def positions(self, data: dict[str, Any], paths: Iterable[KeyPath]) -> dict[KeyPath, Position]:
        """Where the items on ``paths`` (and their fields) are in the table: found when
        asked, for the few paths of the issues, rather than kept for every cell."""
        columns = self.table.columns
        positions: dict[KeyPath, Position] = {(): (1, 1)}
        for path in paths:
            node: Any = data
            depth = 0
            # Items are at ("items", index, "items", index, ...); their fields one further.
            while depth + 1 < len(path) and path[depth] == "items":
                items, index = node.get("items"), path[depth + 1]
                if not isinstance(items, list) or not isinstance(index, int):
                    break
                if not 0 <= index < len(items):
                    break
                node, depth = items[index], depth + 2
                row = self.rows[node["id"]][0]
                positions[path[:depth]] = (row, 1)
                field = path[depth] if depth < len(path) else "items"
                if field != "items" and field in node:
                    column = "reference" if field == "id" else str(field)
                    positions[path[: depth + 1]] = (row, columns.get(column, 1))
        return positions

    def _reference(self, text: str, row: int, framework: Ref | None) -> Ref | None:
        text = text.strip()
        try:
            ref = parse_ref(text)
        except RefError:
            ref = None
        if ref is None or ref.version is None or ref.item is None:
            self.fail(
                "CE625",
                f"{text!r} is not an item reference; expected FRAMEWORK@VERSION:ITEM, "
                "e.g. 'alliance@2008:2.10'",
                row,
                "reference",
            )
            return None
        if framework is not None and ref.framework_ref != framework:
            self.fail(
                "CE625",
                f"{text!r} is not in {framework}; a table holds one framework version",
                row,
                "reference",
            )
            return None
        return ref

    def _check_weight(self, entry: _Entry) -> None:
        weight = entry[5].strip()
        if weight and not _NUMBER.fullmatch(weight):
            self.fail("CE625", f"the weight {weight!r} is not a number", entry[0], "weight")

    def _tree(
        self,
        entries: dict[str, _Entry],
        framework: Ref,
    ) -> list[dict[str, Any]]:
        prefix = f"{framework}:"
        children: dict[str | None, list[str]] = {}
        names = Speller(entries)
        for item_id, entry in entries.items():
            row = entry[0]
            parent: str | None = entry[1].strip() or None
            if parent is not None and parent.startswith(prefix):
                parent = parent[len(prefix) :]
            if parent is not None and parent not in entries:
                self.fail(
                    "CE627",
                    f"the parent {quoted(parent)} is not an item of this table{names.hint(parent)}",
                    row,
                    "parent",
                )
                continue
            children.setdefault(parent, []).append(item_id)
        walk: TreeWalk[str] = TreeWalk(children, self.max_depth)
        roots: list[dict[str, Any]] = []
        slots: dict[str | None, list[dict[str, Any]]] = {None: roots}
        # A table with an issue already is refused whatever the tree: its items are not
        # made (the walk still finds the rows too deep and the cycles).
        build = not self.issues
        for step in walk:
            if not build:
                continue
            item = _item(entries[step.key], step.key)
            slots[step.parent].append(item)
            if children.get(step.key):
                item["items"] = []
                slots[step.key] = item["items"]
        for item_id in walk.too_deep:
            self.fail(
                "CE605", too_deep_message(item_id, self.max_depth), entries[item_id][0], "parent"
            )
        for item in [i for into in slots.values() for i in into]:
            if item.get("items") == []:  # every child too deep: reported above
                del item["items"]
        reported = {i.line for i in self.issues if i.code == "CE627"}
        for item_id in walk.in_cycles(list(entries)):
            row = entries[item_id][0]
            if row not in reported:
                self.fail(
                    "CE628",
                    f"the item {item_id!r} is its own ancestor (a cycle of parents)",
                    row,
                    "parent",
                )
        return roots

    def _framework(self, metadata: dict[str, Any], framework: Ref) -> dict[str, Any]:
        for key, value in (("id", framework.framework), ("version", framework.version)):
            if key in metadata and metadata[key] != value:
                self.issues.append(
                    Issue(
                        "CE629",
                        f"the metadata gives {key} {metadata[key]!r} but the table's "
                        f"references say {value!r}",
                        self.table.file,
                    )
                )
        missing = [key for key in ("title", "publishers") if not metadata.get(key)]
        if missing:
            self.issues.append(
                Issue(
                    "CE629",
                    "the table holds items only; give the framework's "
                    + " and ".join(missing)
                    + " (--title, --publisher or --meta FILE on the command line)",
                    self.table.file,
                )
            )
        data: dict[str, Any] = {
            "format": FRAMEWORK_FORMAT,
            "id": framework.framework,
            "version": framework.version,
            "status": "draft",
        }
        data.update({k: v for k, v in metadata.items() if k not in ("format", "items")})
        return data


def _item(entry: _Entry, item_id: str) -> dict[str, Any]:
    """The item a row gives (its weight checked when the row was read)."""
    _number, _parent, kind, title, statement, weight = entry
    item: dict[str, Any] = {"id": item_id}
    if kind.strip():
        item["kind"] = kind.strip()
    if title:
        item["title"] = title
    if statement:
        item["statement"] = statement
    if _NUMBER.fullmatch(weight.strip()):
        item["weight"] = float(weight.strip())
    return item
