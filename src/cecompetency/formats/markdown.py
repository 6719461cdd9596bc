"""A framework as a readable Markdown document."""

from __future__ import annotations

from cecompetency.formats._matrix import matrix_table
from cecompetency.formats.text import score_text
from cecompetency.model.framework import Framework, Item
from cecompetency.model.levels import LevelMatrix, LevelScale, MatrixStatus
from cecompetency.text.markdown import escape_markdown

__all__ = ["framework_markdown"]


def framework_markdown(framework: Framework) -> str:
    """Title, metadata, the item tree as headings and lists, roles, each level matrix
    as a table of the level each role is expected to reach on each item, and the level
    descriptors of each scale."""
    fw = framework
    out = [f"# {escape_markdown(fw.title)}", ""]
    meta = [
        ("Reference", f"`{fw.ref}`"),
        ("Status", fw.status.value),
        ("Publishers", "; ".join(escape_markdown(p.name) for p in fw.publishers)),
    ]
    if fw.released:
        meta.append(("Released", fw.released.isoformat()))
    if fw.source:
        meta.append(("Source", escape_markdown(fw.source.citation)))
    if fw.license:
        meta.append(("License", escape_markdown(fw.license)))
    out += [f"- **{key}:** {value}" for key, value in meta]
    out.append("")
    if fw.description:
        out += [escape_markdown(paragraph) for paragraph in fw.description.split("\n")] + [""]

    def visit(item: Item, depth: int) -> None:
        weight = f" ({item.weight:g}%)" if item.weight is not None else ""
        if depth == 0:
            out.extend(
                [f"## {escape_markdown(item.id)}. {escape_markdown(item.label)}{weight}", ""]
            )
            if item.title and item.statement:
                out.extend([escape_markdown(item.statement), ""])
        else:
            text = escape_markdown(item.statement or item.title or "")
            if item.title and item.statement:
                text = f"**{escape_markdown(item.title)}**: {text}"
            out.append(f"{'  ' * (depth - 1)}- **{escape_markdown(item.id)}** {text}{weight}")
        for child in item.children:
            visit(child, depth + 1)
        if depth == 0 and item.children:
            out.append("")

    for item in fw.items:
        visit(item, 0)
    if fw.roles:
        out += ["## Roles", ""] + [f"- **{escape_markdown(r.title)}** (`{r.id}`)" for r in fw.roles]
        out.append("")
        if fw.ladder:
            ladder = " < ".join(escape_markdown(fw.role(r).title) for r in fw.ladder)
            out += [f"Ordered, lowest first: {ladder}.", ""]
    for matrix in fw.matrices:
        out += [f"## Level matrix: {escape_markdown(matrix.title)}", "", *_matrix(fw, matrix)]
    for scale in fw.scales:
        out += _descriptors(fw, scale)
    return "\n".join(out).rstrip() + "\n"


def _descriptors(fw: Framework, scale: LevelScale) -> list[str]:
    """A section per scale: each described item, then each level's description and indicators."""
    described = [item for item in fw.walk() if fw.descriptors_of(item, scale.id)]
    if not described:
        return []
    out = [f"## Level descriptors: {escape_markdown(scale.title)}", ""]
    labels = {level.id: level.label for level in scale.levels}
    for item in described:
        out += [f"### {escape_markdown(item.id)}. {escape_markdown(item.label)}", ""]
        for d in fw.descriptors_of(item, scale.id):
            score = score_text(d.score, d.score_max).strip()
            score = f" {escape_markdown(score)}" if score else ""
            out.append(
                f"- **{escape_markdown(labels[d.level])}**{score}: {escape_markdown(d.description)}"
            )
            out += [f"  - {escape_markdown(indicator)}" for indicator in d.indicators]
        out.append("")
    return out


def _matrix(fw: Framework, matrix: LevelMatrix) -> list[str]:
    """Status and scale, the description, then a table: one row per item, one column per role."""
    table = matrix_table(fw, matrix)
    status = f"Status: {matrix.status.value}."
    if matrix.status is MatrixStatus.PENDING:
        status += " Announced, with no levels yet."
    elif table.scale is not None:
        levels = " < ".join(escape_markdown(level.label) for level in table.scale.levels)
        status += f" Scale: {escape_markdown(table.scale.title)} ({levels}, lowest first)."
    out = [status, ""]
    if matrix.description:
        out += [escape_markdown(matrix.description), ""]
    if table.roles and (table.rows or matrix.status is MatrixStatus.PENDING):
        out.append("| Item | " + " | ".join(escape_markdown(r) for r in table.roles) + " |")
        out.append("| --- |" + " --- |" * len(table.roles))
        for item_id, label, expected in table.rows:
            cells = " | ".join(escape_markdown(level) if level else "-" for level in expected)
            out.append(f"| **{escape_markdown(item_id)}** {escape_markdown(label)} | {cells} |")
        if not table.rows:
            out.append("| *(no levels yet)* |" + " |" * len(table.roles))
        out.append("")
    return out
