"""A framework as a readable Markdown document."""

from __future__ import annotations

from cecompetency.model.framework import Framework, Item

__all__ = ["framework_markdown", "md_escape"]


def md_escape(text: str) -> str:
    """Escape the characters that would change Markdown's reading of inline text."""
    for ch in "\\`*_[]<>|":
        text = text.replace(ch, "\\" + ch)
    return text


def framework_markdown(framework: Framework) -> str:
    """Title, metadata, the item tree as headings and lists, roles and matrices."""
    fw = framework
    out = [f"# {md_escape(fw.title)}", ""]
    meta = [
        ("Reference", f"`{fw.ref}`"),
        ("Status", fw.status.value),
        ("Publishers", "; ".join(md_escape(p.name) for p in fw.publishers)),
    ]
    if fw.released:
        meta.append(("Released", fw.released.isoformat()))
    if fw.source:
        meta.append(("Source", md_escape(fw.source.citation)))
    if fw.license:
        meta.append(("License", md_escape(fw.license)))
    out += [f"- **{key}:** {value}" for key, value in meta]
    out.append("")
    if fw.description:
        out += [md_escape(paragraph) for paragraph in fw.description.split("\n")] + [""]

    def visit(item: Item, depth: int) -> None:
        weight = f" ({item.weight:g}%)" if item.weight is not None else ""
        if depth == 0:
            out.extend([f"## {md_escape(item.id)}. {md_escape(item.label)}{weight}", ""])
            if item.title and item.statement:
                out.extend([md_escape(item.statement), ""])
        else:
            text = md_escape(item.statement or item.title or "")
            if item.title and item.statement:
                text = f"**{md_escape(item.title)}**: {text}"
            out.append(f"{'  ' * (depth - 1)}- **{md_escape(item.id)}** {text}{weight}")
        for child in item.children:
            visit(child, depth + 1)
        if depth == 0 and item.children:
            out.append("")

    for item in fw.items:
        visit(item, 0)
    if fw.roles:
        out += ["## Roles", ""] + [f"- **{md_escape(r.title)}** (`{r.id}`)" for r in fw.roles]
        out.append("")
    for matrix in fw.matrices:
        out += [
            f"## Level matrix: {md_escape(matrix.title)}",
            "",
            f"Status: {matrix.status.value}.",
        ]
        if matrix.description:
            out += ["", md_escape(matrix.description)]
        out.append("")
    return "\n".join(out).rstrip() + "\n"
