"""Inputs no importer may crash on: each must end in located issues, never a traceback."""

from __future__ import annotations

HOSTILE: list[tuple[str, bytes]] = [
    ("binary", bytes(range(256))),
    ("not utf-8", "caf\u00e9".encode("latin-1")),
    ("nul", b"reference,title\nx@1:a,\x00\n"),
    ("empty", b""),
    ("blank", b"\n\n  \n"),
    ("json", b'{"a": 1}'),
    ("unterminated quote", b'reference,title\n"x@1:a,oops\n'),
    ("huge field", b"reference,title\nx@1:a," + b"y" * 200_000 + b"\n"),
    ("bom only", b"\xef\xbb\xbf"),
]
