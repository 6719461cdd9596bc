"""The one tokenizer: the case-folded words of a text, in any script.

A word is a run of letters, digits or underscores (Python's ``\\w``, Unicode-aware), so
``compétence`` is one word and ``problem-based`` two. Diff matching, search and mapping
suggestions all read text through :func:`tokenize`, so that they agree on what a word is.
"""

from __future__ import annotations

import re

__all__ = ["tokenize"]

_WORD = re.compile(r"\w+")

# For ASCII text, ``\w`` is ``[A-Za-z0-9_]`` and case-folding is lower-casing: one byte
# table does both (upper-case to lower, any other character to a space), several times
# faster than the regular expression, which stays for the rest.
_ASCII_WORDS = (
    bytes(
        (c | 0x20 if chr(c).isupper() else c) if chr(c).isalnum() or c == 0x5F else 0x20
        for c in range(128)
    )
    + b" " * 128
)


def tokenize(text: str) -> list[str]:
    """The case-folded words of ``text``, in order."""
    if text.isascii():
        return text.encode("ascii").translate(_ASCII_WORDS).decode("ascii").split()
    return _WORD.findall(text.casefold())
