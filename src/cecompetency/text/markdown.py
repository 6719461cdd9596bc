"""The one Markdown escaper: text from a file, shown as itself in any Markdown output.

The characters that CommonMark reads as inline markup (emphasis, code, links, HTML tags
and entities, table cells, strike-through, headings) are backslash-escaped, and runs of
white space, line breaks included, become one space: inside a line, nothing else can
start a construct, so a title can neither open a heading, list or table row nor close a
table cell or emphasis. Other punctuation stays as written, so the source reads well.
"""

from __future__ import annotations

__all__ = ["escape_markdown"]

_SPECIAL = str.maketrans({ch: "\\" + ch for ch in "\\`*_[]<>|~#&"})


def escape_markdown(text: str) -> str:
    """``text`` as inline Markdown that renders to exactly ``text`` (white space folded)."""
    return " ".join(text.split()).translate(_SPECIAL)
