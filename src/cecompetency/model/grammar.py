"""The one definition of each kind of value a file holds: ids, versions, names, texts.

Each is a regular expression the model's validators match in full; the JSON Schemas hold
the same expressions, anchored by :func:`anchored`, and a test checks that they are equal
and that, for any string, the schema accepts it exactly when the model does. So a file that
``validate`` passes always loads.
"""

from __future__ import annotations

import re

__all__ = [
    "CONTROL",
    "FRAMEWORK_ID",
    "ITEM_ID",
    "LANGUAGE",
    "NAME",
    "PREFIX",
    "TEXT",
    "URI",
    "VERSION",
    "anchored",
    "control_character",
]

# The characters no text may hold, however they are written (raw, or as a YAML or JSON
# escape such as "\e" or "\u001b"): C0 controls but tab, line feed and carriage return
# (ESC starts terminal escapes; XML 1.0 allows none of them), DEL, lone surrogates, which
# no UTF-8 file can hold, and the noncharacters U+FFFE and U+FFFF. C1 controls
# (U+0080-U+009F) are kept: XML allows them, and real CASE exports hold them as
# mis-decoded punctuation (U+0098 for a quote), which must import.
CONTROL = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff"

# Framework ids and versions become file names in a registry, so they cannot hold a
# path separator or start with a dot: a reference can never leave its folder.
FRAMEWORK_ID = r"[A-Za-z0-9][A-Za-z0-9_-]*(?:\.[A-Za-z0-9_-]+)*"
VERSION = r"[A-Za-z0-9][A-Za-z0-9_+-]*(?:\.[A-Za-z0-9_+-]+)*"
# An item id: no white space, no control character, not starting with '@' or ':'.
ITEM_ID = rf"[^\s@:{CONTROL}][^\s{CONTROL}]*"
# Kinds, tags and the ids of levels, scales, roles and matrices.
NAME = r"[A-Za-z0-9][A-Za-z0-9_.-]*"
# Text: something other than white space, and no control character. Written so that
# matching is linear: the leading white space, the first other character, the rest.
TEXT = rf"[^\S{CONTROL}]*[^\s{CONTROL}][^{CONTROL}]*"
LANGUAGE = r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*"
# A CURIE prefix (an NCName), and a URI with a scheme, as SSSOM writes them.
PREFIX = r"[A-Za-z_][A-Za-z0-9_.-]*"
URI = rf'[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{{}}|\\^`{CONTROL}]+'

_CONTROL = re.compile(f"[{CONTROL}]")


def anchored(pattern: str) -> str:
    """``pattern`` as a JSON Schema ``pattern`` that matches whole strings only.

    A schema pattern is searched for, so it needs ``^`` and ``$``; and in Python, which
    checks the schemas, ``$`` also matches before a final line feed, so ``"demo\\n"``
    passed for an id. ``(?!\\n)`` after ``$`` refuses that, and changes nothing for an
    ECMA-262 validator, whose ``$`` is the end of the string.
    """
    return f"^(?:{pattern})$(?!\\n)"


def control_character(text: str) -> str | None:
    """The first control character in ``text`` (see :data:`CONTROL`), or ``None``."""
    match = _CONTROL.search(text)
    return None if match is None else match.group()
