"""A framework as plain text for the terminal: an indented outline.

Each item is its id, two spaces and its title (else its statement); a line that wraps
continues under the first letter of the text, and an item's statement under its title.
Level matrices follow as tables of the level each role is expected to reach on each item.
"""

from __future__ import annotations

import textwrap

from cecompetency.formats._matrix import matrix_table
from cecompetency.model.framework import Framework, Item
from cecompetency.model.levels import LevelMatrix, MatrixStatus

__all__ = ["framework_text"]


def _wrap(text: str, indent: str, width: int, *, first: str | None = None) -> list[str]:
    """``text`` wrapped to ``width``, every line after the first indented by ``indent``
    (the first by ``first``, default the same)."""
    start = indent if first is None else first
    return textwrap.wrap(text, width=width, initial_indent=start, subsequent_indent=indent) or [
        start
    ]


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u", ""):  # not "keyies"
        return word[:-1] + "ies"
    return word + "s"


def framework_text(framework: Framework, *, width: int = 100) -> str:
    """An outline of ``framework``: header, then each item under its parent, then roles,
    level matrices and the description."""
    fw = framework
    lines = [f"{fw.title} ({fw.ref}, {fw.status.value})"]
    lines.append(
        "Published by "
        + "; ".join(
            p.name + (f" ({p.abbreviation})" if p.abbreviation else "") for p in fw.publishers
        )
    )
    if fw.source is not None:
        lines += _wrap("Source: " + fw.source.citation, "", width)
    counts: dict[str, int] = {}
    for item in fw.walk():
        counts[item.kind] = counts.get(item.kind, 0) + 1
    if counts:
        lines.append(", ".join(f"{n} {_plural(kind, n)}" for kind, n in counts.items()))
    lines.append("")

    def visit(item: Item, depth: int) -> None:
        indent = "  " * depth
        head = f"{item.id}  {item.title or item.statement}"
        if item.weight is not None:
            head += f"  [{item.weight:g}%]"
        # Wrapped lines and the statement start under the text, not under the id.
        hanging = indent + " " * (len(item.id) + 2)
        lines.extend(_wrap(head, hanging, width, first=indent))
        if item.title and item.statement:
            lines.extend(_wrap(item.statement, hanging, width))
        for child in item.children:
            visit(child, depth + 1)

    for item in fw.items:
        visit(item, 0)
    if fw.roles:
        lines += ["", "Roles: " + ", ".join(r.title for r in fw.roles)]
    for matrix in fw.matrices:
        lines += ["", *_matrix_lines(fw, matrix, width)]
    if fw.description:
        for paragraph in fw.description.split("\n"):  # a blank line before each paragraph
            lines += ["", *(_wrap(paragraph, "", width) if paragraph.strip() else [])]
    return "\n".join(lines).rstrip() + "\n"


def _matrix_lines(fw: Framework, matrix: LevelMatrix, width: int) -> list[str]:
    """A matrix: its title and status, its scale, then role x item as a table."""
    head = f"Level matrix {matrix.id!r}: {matrix.title} ({matrix.status.value})"
    lines = _wrap(head, "  ", width, first="")
    table = matrix_table(fw, matrix)
    if matrix.status is MatrixStatus.PENDING:
        roles = ", ".join(table.roles) or "none named"
        lines += _wrap(f"Announced, with no levels yet; roles: {roles}.", "  ", width)
        return lines
    if table.scale is not None:
        levels = " < ".join(level.label for level in table.scale.levels)
        lines += _wrap(f"Scale: {table.scale.title} ({levels}, lowest first)", "  ", width)
    if not table.rows:
        lines.append("  No levels set yet.")
        return lines
    heads = ["item", *table.roles]
    rows = [[item_id, *levels] for item_id, _label, levels in table.rows]
    widths = [max(len(row[i]) for row in [heads, *rows]) for i in range(len(heads))]
    for row in [heads, ["-" * w for w in widths], *rows]:
        cells = [((cell or "-") if i else cell).ljust(widths[i]) for i, cell in enumerate(row)]
        lines.append(("  " + "  ".join(cells)).rstrip())
    return lines
