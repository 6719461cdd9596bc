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
from collections.abc import Mapping
from typing import Any

from cecompetency.files.codec import FRAMEWORK_FORMAT
from cecompetency.files.issue_cap import Collected
from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits, Position
from cecompetency.formats._build import build_framework
from cecompetency.formats._table import Row, Table, read_table, write_table
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
        table = read_table(
            decode(source, file, limits),
            file,
            known=CSV_COLUMNS,
            required=("reference",),
            lenient=lenient,
            guarded=True,
        )
    except ValidationError as exc:
        raise FrameworkError(exc.issues) from None
    reader = _Reader(table, limits)
    data, positions = reader.document(dict(metadata or {}))
    if reader.issues:
        raise FrameworkError(reader.issues.reported(file))
    framework = build_framework(data, file, lambda _paths: Document(data, file, positions))
    return Imported(framework, table.warnings)


def metadata_of(framework: Framework) -> dict[str, Any]:
    """The framework's own fields as a partial document: what a CSV import needs besides rows."""
    from cecompetency.files.codec import framework_to_data

    data = framework_to_data(framework)
    data.pop("items", None)
    return data


class _Reader:
    """Rows to a framework document, collecting issues with their rows and columns."""

    def __init__(self, table: Table, limits: Limits) -> None:
        self.table = table
        # A framework file nests a list and a mapping per level of items, below the top.
        self.max_depth = max(1, limits.max_depth // 2 - 2)
        self.issues = Collected(limits.max_issues)
        if "title" not in table.columns and "statement" not in table.columns:
            self.issues.append(
                table.issue("CE622", "the header needs a 'title' or a 'statement' column", 1)
            )

    def fail(self, code: str, message: str, row: Row, column: str) -> None:
        self.issues.append(self.table.issue(code, message, row, column))

    def document(self, metadata: dict[str, Any]) -> tuple[dict[str, Any], dict[KeyPath, Position]]:
        framework: Ref | None = None
        entries: dict[str, tuple[Row, dict[str, Any]]] = {}
        for row in self.table.rows:
            ref = self._reference(row, framework)
            if ref is None:
                continue
            framework = framework or ref.framework_ref
            item_id = ref.item or ""
            if item_id in entries:
                self.fail(
                    "CE626",
                    f"the item {item_id!r} appears twice (first in row "
                    f"{entries[item_id][0].number})",
                    row,
                    "reference",
                )
                continue
            entries[item_id] = (row, self._item(row, item_id))
        positions: dict[KeyPath, Position] = {(): (1, 1)}
        if framework is None:
            if not self.issues:
                self.issues.append(Issue("CE604", "the table has no item rows", self.table.file))
            return {}, positions
        items = self._tree(entries, framework, positions)
        data = self._framework(metadata, framework)
        data["items"] = items
        return data, positions

    def _reference(self, row: Row, framework: Ref | None) -> Ref | None:
        text = row.get("reference").strip()
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

    def _item(self, row: Row, item_id: str) -> dict[str, Any]:
        item: dict[str, Any] = {"id": item_id}
        kind = row.get("kind").strip()
        if kind:
            item["kind"] = kind
        for field in ("title", "statement"):
            if row.get(field):
                item[field] = row.get(field)
        weight = row.get("weight").strip()
        if weight:
            if _NUMBER.fullmatch(weight):
                item["weight"] = float(weight)
            else:
                self.fail("CE625", f"the weight {weight!r} is not a number", row, "weight")
        return item

    def _tree(
        self,
        entries: dict[str, tuple[Row, dict[str, Any]]],
        framework: Ref,
        positions: dict[KeyPath, Position],
    ) -> list[dict[str, Any]]:
        prefix = f"{framework}:"
        children: dict[str | None, list[str]] = {}
        names = Speller(entries)
        for item_id, (row, _item) in entries.items():
            parent: str | None = row.get("parent").strip() or None
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
        columns = self.table.columns
        walk: TreeWalk[str] = TreeWalk(children, self.max_depth)
        roots: list[dict[str, Any]] = []
        slots: dict[str | None, tuple[list[dict[str, Any]], KeyPath]] = {None: (roots, ("items",))}
        for step in walk:
            row, item = entries[step.key]
            into, path = slots[step.parent]
            here = (*path, step.index)
            positions[here] = (row.number, 1)
            for field in item:
                column = "reference" if field == "id" else field
                positions[(*here, field)] = (row.number, columns.get(column, 1))
            into.append(item)
            if children.get(step.key):
                item["items"] = []
                slots[step.key] = (item["items"], (*here, "items"))
        for item_id in walk.too_deep:
            self.fail(
                "CE605", too_deep_message(item_id, self.max_depth), entries[item_id][0], "parent"
            )
        for item in [i for into, _ in slots.values() for i in into]:
            if item.get("items") == []:  # every child too deep: reported above
                del item["items"]
        reported = {i.line for i in self.issues if i.code == "CE627"}
        for item_id in walk.in_cycles(list(entries)):
            row = entries[item_id][0]
            if row.number not in reported:
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
