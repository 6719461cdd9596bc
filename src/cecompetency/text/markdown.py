"""The one Markdown escaper: text from a file, shown as itself in any Markdown output.

The characters that Markdown reads as inline markup are neutralized: emphasis, code,
links, table cells, strike-through and headings by a backslash, and ``&``, ``<`` and
``>`` as HTML entities (every Markdown renderer decodes those, while not all honour a
backslash before ``<``), so that no HTML tag or entity of the text's own survives. Runs
of white space, line breaks included, become one space: inside a line nothing else can
start a construct, so a title can neither open a heading, list or table row nor close a
table cell. Other punctuation stays as written, so the source reads well.
"""

from __future__ import annotations

__all__ = ["escape_markdown"]

_SPECIAL = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;"} | {ch: "\\" + ch for ch in "\\`*_[]|~#"}
)


def escape_markdown(text: str) -> str:
    """``text`` as inline Markdown that renders to exactly ``text`` (white space folded)."""
    return " ".join(text.split()).translate(_SPECIAL)
