"""A framework as plain text for the terminal: an indented outline."""

from __future__ import annotations

import textwrap

from cecompetency.model.framework import Framework, Item

__all__ = ["framework_text"]


def _wrap(text: str, indent: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent) or [
        indent
    ]


def _plural(word: str, count: int) -> str:
    if count == 1:
        return word
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "o", "u", ""):  # not "keyies"
        return word[:-1] + "ies"
    return word + "s"


def framework_text(framework: Framework, *, width: int = 100) -> str:
    """An outline of ``framework``: header, then each item under its parent."""
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
        head = f"{indent}{item.id}  {item.title or item.statement}"
        if item.weight is not None:
            head += f"  [{item.weight:g}%]"
        lines.extend(
            _wrap(head, "", width)
            if depth == 0
            else textwrap.wrap(head, width=width, subsequent_indent=indent + "    ")
        )
        if item.title and item.statement:
            lines.extend(_wrap(item.statement, indent + "    ", width))
        for child in item.children:
            visit(child, depth + 1)

    for item in fw.items:
        visit(item, 0)
    if fw.roles:
        lines += ["", "Roles: " + ", ".join(r.title for r in fw.roles)]
    for matrix in fw.matrices:
        lines.append(f"Level matrix {matrix.id!r}: {matrix.title} ({matrix.status.value})")
    if fw.description:
        lines.append("")
        for paragraph in fw.description.split("\n"):
            lines.extend(_wrap(paragraph, "", width) if paragraph else [""])
    return "\n".join(lines).rstrip() + "\n"
