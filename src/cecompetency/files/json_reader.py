"""Safe, bounded, located JSON reading, the counterpart of :mod:`cecompetency.files.yaml_reader`.

A document is parsed once by the standard library at full speed; only when something is
wrong (or ``track=True``) is it scanned again by a small loop of our own that records the
line and column of every value, so that issues point into the file. Both refuse
duplicate keys, ``NaN``/``Infinity``, numbers too large to hold and nesting deeper than
:class:`~cecompetency.files.yaml_reader.Limits` allows, instead of crashing or guessing.
"""

from __future__ import annotations

import array
import bisect
import functools
import json
import math
import re
from collections.abc import Callable, Collection
from typing import Any

from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import (
    DEFAULT_LIMITS,
    Document,
    KeyPath,
    Limits,
    Only,
    Position,
)
from cecompetency.model.errors import FrameworkError, Issue, ValidationError

__all__ = ["read_framework_json", "read_json", "translated"]


class _Fail(Exception):
    def __init__(self, code: str, message: str, index: int | None) -> None:
        self.code, self.message, self.index = code, message, index


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Fail("CE611", f"duplicate key {key!r}", None)
        out[key] = value
    return out


def _constant(name: str) -> float:
    raise _Fail("CE613", f"{name} is not a JSON number", None)


def _float(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise _Fail("CE613", f"the number {text[:40]!r} is too large", None)
    return number


def _depth(data: Any) -> int:
    """The nesting depth of plain data, without recursion."""
    # Only containers are stacked: a list of a million numbers adds no entry per number.
    if not isinstance(data, dict | list):
        return 0
    deepest = 0
    stack: list[tuple[Any, int]] = [(data, 1)]
    while stack:
        node, depth = stack.pop()
        deepest = max(deepest, depth)
        values = node.values() if isinstance(node, dict) else node
        stack.extend((v, depth + 1) for v in values if isinstance(v, dict | list))
    return deepest


def read_json(
    source: bytes | str,
    file: str = "<string>",
    *,
    track: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    only: Collection[KeyPath] | None = None,
) -> Document:
    """Read one JSON document; raise :class:`ValidationError` with one located issue.

    With ``track=True`` the returned document knows the position of every value.
    """
    text = decode(source, file, limits)
    if not track:
        try:
            data = json.loads(
                text, object_pairs_hook=_pairs, parse_constant=_constant, parse_float=_float
            )
        except json.JSONDecodeError as exc:
            raise ValidationError(
                [Issue("CE610", f"JSON syntax: {exc.msg}", file, exc.lineno, exc.colno)]
            ) from None
        except (_Fail, RecursionError, ValueError):
            pass  # the scanner below finds the place
        else:
            clean = not _ESCAPED_SURROGATE.search(text) or not _has_surrogate(data)
            if clean and _depth(data) <= limits.max_depth:
                return Document(data, file)
    return _Scanner(text, file, limits, only).run()


_TOKEN = re.compile(
    r"""
    (?P<space>[ \t\n\r]+)
  | (?P<string>"(?:[^"\\\x00-\x1f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*")
  | (?P<number>-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)
  | (?P<literal>true|false|null)
  | (?P<constant>-?Infinity|NaN)
  | (?P<punct>[{}\[\]:,])
    """,
    re.VERBOSE,
)
_LITERALS = {"true": True, "false": False, "null": None}
# A lone surrogate (\ud800 written as an escape) is no character: no UTF-8 file can hold
# it, so a document with one could never be written back. Refused, as undecodable bytes are.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_surrogate(data: Any) -> bool:
    """Whether any text of plain data (keys too) holds a surrogate; no recursion."""
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            if _SURROGATE.search(node):
                return True
        elif isinstance(node, dict):
            stack.extend(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return False


def _text(token: str, index: int) -> str:
    value: str = json.loads(token)
    if _SURROGATE.search(value):
        raise _Fail("CE602", "a lone surrogate escape (such as \\ud800) is no character", index)
    return value


class _Scanner:
    """Parses JSON text with positions, one loop, no recursion."""

    def __init__(
        self, text: str, file: str, limits: Limits, only: Collection[KeyPath] | None = None
    ) -> None:
        self.text, self.file, self.limits = text, file, limits
        self.lines = array.array("q", [0])  # where each line starts: 8 bytes a line
        self.lines.extend(m.end() for m in re.finditer("\n", text))
        self.positions: dict[KeyPath, Position] = {} if only is None else Only(only)
        self.key_positions: dict[KeyPath, Position] = {} if only is None else Only(only)

    def where(self, index: int) -> Position:
        line = bisect.bisect_right(self.lines, index)
        return line, index - self.lines[line - 1] + 1

    def fail(self, code: str, message: str, index: int) -> ValidationError:
        line, column = self.where(index)
        return ValidationError([Issue(code, message, self.file, line, column)])

    def run(self) -> Document:
        try:
            root = self._parse()
        except _Fail as fail:
            raise self.fail(fail.code, fail.message, fail.index or 0) from None
        return Document(root, self.file, self.positions, self.key_positions)

    def _scalar(self, kind: str, token: str, index: int) -> Any:
        if kind == "string":
            return _text(token, index)
        if kind == "literal":
            return _LITERALS[token]
        if kind == "constant":
            raise _Fail("CE613", f"{token} is not a JSON number", index)
        try:
            return int(token) if re.fullmatch(r"-?[0-9]+", token) else _float(token)
        except (ValueError, _Fail):
            raise _Fail("CE613", f"the number {token[:40]!r} is too large", index) from None

    def _parse(self) -> Any:
        text, size = self.text, len(self.text)
        # Each open container: [container, path, pending key or None].
        stack: list[list[Any]] = []
        expect = "value"  # value | key | colon | next (a comma or the closing bracket)
        index = 0
        root: Any = None
        done = False
        while True:
            match = _TOKEN.match(text, index)
            if match is None:
                if index >= size:
                    if done:
                        return root
                    raise _Fail("CE610", "JSON syntax: the document ends too early", index)
                raise _Fail("CE610", f"JSON syntax: unexpected {text[index]!r}", index)
            kind, token, start = match.lastgroup or "", match.group(), match.start()
            index = match.end()
            if kind == "space":
                continue
            if done:
                raise _Fail("CE610", "JSON syntax: extra data after the document", start)
            top = stack[-1] if stack else None
            if expect == "key":
                if kind == "string":
                    key = _text(token, start)
                    if key in top[0]:  # type: ignore[index]
                        raise _Fail("CE611", f"duplicate key {key!r}", start)
                    top[2] = key  # type: ignore[index]
                    self.key_positions[(*top[1], key)] = self.where(start)  # type: ignore[index]
                    expect = "colon"
                    continue
                if token == "}" and not top[0]:  # type: ignore[index]
                    expect = "close"
                else:
                    raise _Fail("CE610", "JSON syntax: expected a key in double quotes", start)
            if expect == "colon":
                if token != ":":
                    raise _Fail("CE610", "JSON syntax: expected ':' after a key", start)
                expect = "value"
                continue
            if expect == "next":
                if token == ",":
                    expect = "key" if isinstance(top[0], dict) else "value"  # type: ignore[index]
                    continue
                closing = "}" if isinstance(top[0], dict) else "]"  # type: ignore[index]
                if token != closing:
                    raise _Fail("CE610", f"JSON syntax: expected ',' or {closing!r}", start)
                expect = "close"
            if expect == "close" or (
                expect == "value" and token == "]" and top is not None and top[0] == []
            ):
                finished = stack.pop()[0]
                value: Any = finished
            elif expect == "value":
                if token in ("{", "["):
                    if len(stack) >= self.limits.max_depth:
                        raise _Fail(
                            "CE612",
                            f"nesting is deeper than {self.limits.max_depth} levels",
                            start,
                        )
                    path = self._child_path(top)
                    self.positions[path] = self.where(start)
                    stack.append([{} if token == "{" else [], path, None])
                    expect = "key" if token == "{" else "value"
                    continue
                if kind in ("", "punct"):
                    raise _Fail("CE610", f"JSON syntax: unexpected {token!r}", start)
                value = self._scalar(kind, token, start)
                self.positions[self._child_path(top)] = self.where(start)
            else:  # pragma: no cover - every state is handled above
                raise _Fail("CE610", "JSON syntax error", start)
            if not stack:
                root, done = value, True
                continue
            parent = stack[-1]
            if isinstance(parent[0], dict):
                parent[0][parent[2]] = value
                parent[2] = None
            else:
                parent[0].append(value)
            expect = "next"

    @staticmethod
    def _child_path(top: list[Any] | None) -> KeyPath:
        if top is None:
            return ()
        if isinstance(top[0], dict):
            return (*top[1], top[2])
        return (*top[1], len(top[0]))


def read_framework_json(
    source: bytes | str, file: str, limits: Limits = DEFAULT_LIMITS
) -> tuple[Any, Callable[..., Document]]:
    """A framework's JSON data, read fast, and a function that reads it again with positions.

    Positions cost a second, slower read, which only a file with issues needs; the function
    reads at most once (given a set of paths, it keeps the positions of those alone). A
    file that is not JSON raises :class:`FrameworkError`.
    """
    try:
        document = read_json(source, file, limits=limits)
    except ValidationError as exc:
        raise FrameworkError(exc.issues) from None

    @functools.cache
    def tracked(only: frozenset[KeyPath] | None = None) -> Document:
        return read_json(source, file, track=True, limits=limits, only=only)

    return document.data, tracked


def translated(data: Any, file: str, places: dict[KeyPath, KeyPath], source: Document) -> Document:
    """A document of ``data`` (built from a JSON file) located in that file.

    ``places`` maps each path of ``data`` to the path of the JSON value it came from, and
    ``source`` is the JSON file read with positions; paths it cannot place stay unlocated.
    """
    positions: dict[KeyPath, Position] = {}
    for path, json_path in places.items():
        position = source.position(json_path)
        if position is not None:
            positions[path] = position
    return Document(data, file, positions)
