"""A framework as plain text for the terminal: an indented outline.

Each item is its id, two spaces and its title (else its statement); a line that wraps
continues under the first letter of the text, and an item's statement under its title.
Level matrices follow as tables of the level each role is expected to reach on each item,
then the level descriptors of each scale, item by item.
"""

from __future__ import annotations

import textwrap

from cecompetency.formats._matrix import matrix_table
from cecompetency.model.framework import Framework, Item
from cecompetency.model.levels import LevelMatrix, LevelScale, MatrixStatus

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
        lines += ["", *_wrap(_roles_line(fw), "  ", width, first="")]
    for matrix in fw.matrices:
        lines += ["", *_matrix_lines(fw, matrix, width)]
    for scale in fw.scales:
        lines += _descriptor_lines(fw, scale, width)
    if fw.description:
        for paragraph in fw.description.split("\n"):  # a blank line before each paragraph
            lines += ["", *(_wrap(paragraph, "", width) if paragraph.strip() else [])]
    return "\n".join(lines).rstrip() + "\n"


def _roles_line(fw: Framework) -> str:
    """The roles; a ladder as ``Coordinator < Manager < Leader``, the others after it."""
    if not fw.ladder:
        return "Roles: " + ", ".join(r.title for r in fw.roles)
    line = "Roles, lowest first: " + " < ".join(fw.role(r).title for r in fw.ladder)
    others = [r.title for r in fw.roles if r.id not in fw.ladder]
    return line + (f"; not ordered: {', '.join(others)}" if others else "")


def score_text(score: float | None, score_max: float | None) -> str:
    """`` [2]`` or `` [2-3]``, or nothing when there is no score."""
    if score is None:
        return ""
    return f" [{score:g}]" if score_max is None else f" [{score:g}-{score_max:g}]"


def _descriptor_lines(fw: Framework, scale: LevelScale, width: int) -> list[str]:
    """What each level of ``scale`` means for each described item, in document order."""
    described = [item for item in fw.walk() if fw.descriptors_of(item, scale.id)]
    if not described:
        return []
    levels = " < ".join(level.label for level in scale.levels)
    lines = ["", *_wrap(f"Level descriptors: {scale.title} ({levels})", "  ", width, first="")]
    for item in described:
        lines += _wrap(f"{item.id}  {item.label}", "    ", width, first="  ")
        for d in fw.descriptors_of(item, scale.id):
            label = next(level.label for level in scale.levels if level.id == d.level)
            head = f"{label}{score_text(d.score, d.score_max)}: {d.description}"
            lines += _wrap(head, "      ", width, first="    ")
            for indicator in d.indicators:
                lines += _wrap(indicator, "        ", width, first="      - ")
    return lines


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
