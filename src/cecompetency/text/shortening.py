"""Values quoted in messages, kept short: a message quotes what it is about, never a whole
21 MB cell, and a list of names (prefixes, ids, choices) is cut after the first few."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["MAX_MESSAGE", "MAX_QUOTED", "listing", "quoted", "shorten"]

MAX_QUOTED = 80  # characters of a value quoted in a message
MAX_LISTED = 12  # names in a list of names
MAX_MESSAGE = 2000  # characters of a whole message: what no message needs more of


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """``text``, or its start and end around a note of how much was left out."""
    if len(text) <= limit:
        return text
    keep = max(limit - 40, 2)
    head, tail = text[: keep - keep // 4], text[len(text) - keep // 4 :]
    return f"{head}…({len(text) - len(head) - len(tail):,} characters left out)…{tail}"


def quoted(value: object, limit: int = MAX_QUOTED) -> str:
    """The ``repr`` of a value for a message, cut to about ``limit`` characters.

    Text is cut *before* ``repr`` runs, so quoting a huge value costs no more than a short one.
    """
    if isinstance(value, str):
        return repr(shorten(value, limit))
    return shorten(repr(value) if not isinstance(value, int) else _int_text(value), limit)


def _int_text(value: int) -> str:
    # str() of an int with thousands of digits is refused by Python (and quadratic).
    return str(value) if value.bit_length() < 3000 else f"<a number of {value.bit_length():,} bits>"


def listing(names: Sequence[str], limit: int = MAX_LISTED) -> str:
    """``a, b, c`` for the first ``limit`` names, then ``and N more``; ``none`` for none."""
    if not names:
        return "none"
    shown = ", ".join(shorten(name) for name in names[:limit])
    return shown + (f" and {len(names) - limit:,} more" if len(names) > limit else "")
