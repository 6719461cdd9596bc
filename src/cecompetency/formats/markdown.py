"""A framework as a readable Markdown document."""

from __future__ import annotations

from cecompetency.model.framework import Framework, Item
from cecompetency.text.markdown import escape_markdown

__all__ = ["framework_markdown"]


def framework_markdown(framework: Framework) -> str:
    """Title, metadata, the item tree as headings and lists, roles and matrices."""
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
    for matrix in fw.matrices:
        out += [
            f"## Level matrix: {escape_markdown(matrix.title)}",
            "",
            f"Status: {matrix.status.value}.",
        ]
        if matrix.description:
            out += ["", escape_markdown(matrix.description)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
