"""Safe, bounded, located YAML reading.

The document is built from libyaml's *event* stream by a small loop of our own, not by
PyYAML's constructors, so that:

- only YAML's core types are made (no tag is ever constructed or executed);
- duplicate keys, non-text keys, merge keys and non-finite numbers are rejected;
- alias expansion ("billion laughs") and nesting depth are bounded *before* the work is
  done (libyaml's own composer recurses in C and crashes on deep nesting);
- every node's line and column can be recorded, so errors point into the file.

Recording positions costs time, so callers read once without them and, only when
something is wrong, read again with ``track=True`` to place the errors exactly.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from typing import Any

import attrs
import yaml

from cecompetency.model.errors import Issue, ValidationError

__all__ = ["MAX_COUNT", "Document", "KeyPath", "Limits", "Only", "read_yaml"]

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_CORE = "tag:yaml.org,2002:"
_STR, _INT, _FLOAT, _BOOL, _NULL = (_CORE + t for t in ("str", "int", "float", "bool", "null"))
_TIMESTAMP, _MERGE, _VALUE = _CORE + "timestamp", _CORE + "merge", _CORE + "value"
_SEQ, _MAP = _CORE + "seq", _CORE + "map"

_constructor = yaml.constructor.SafeConstructor()
_DIGITS = re.compile(r"[-+]?[0-9_]+")
_PLAIN_ONLY = "only plain YAML text, numbers, booleans, null, lists and mappings are read"
_KEY_TYPES = {bool: "a boolean", type(None): "null (nothing)"}
_MAX_INT_BITS = 4096  # about 1,233 decimal digits: far beyond any real value, still printable
_SHARED_KEYS = 4096  # distinct keys worth sharing: a schema's fields, not a data table's
_MAX_NUMBER_TEXT = 4400  # characters: room for 4,096 binary digits, the same bound in text


# Past this, a byte count is no limit at all (and Python's own reads refuse it).
MAX_COUNT = 2**62 - 1


def _count(least: int) -> Callable[[Any, Any, Any], None]:
    """An attrs validator: a whole number (not a bool, not 1.5) from ``least`` to 2**62-1."""

    def check(_instance: Any, attribute: Any, value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise TypeError(f"{attribute.name} must be a whole number, not {value!r}")
        if not least <= value <= MAX_COUNT:
            raise ValueError(f"{attribute.name} must be from {least} to {MAX_COUNT:,}, not {value}")

    return check


@attrs.frozen
class Limits:
    """Bounds on what a reader accepts; documented in ``docs/errors.md``.

    ``max_bytes`` bounds the file's size (and the text aliases may add), ``max_depth`` the
    nesting of lists and mappings, ``max_alias_nodes`` the nodes that aliases may add in all
    (0 forbids aliases), ``max_issues`` the issues reported for one file.
    """

    # 256 MiB: a million mappings as the library writes them (about 235 bytes each, every
    # field given) or twice as many with shared defaults (about 115 bytes each).
    max_bytes: int = attrs.field(default=256 * 1024 * 1024, validator=_count(1))
    max_depth: int = attrs.field(default=100, validator=_count(1))
    max_alias_nodes: int = attrs.field(default=100_000, validator=_count(0))
    max_issues: int = attrs.field(default=1000, validator=_count(1))


DEFAULT_LIMITS = Limits()


@attrs.frozen
class Document:
    """A read YAML document: plain data, and where each node was (when tracked)."""

    data: Any
    file: str
    positions: dict[KeyPath, Position] = attrs.field(factory=dict, repr=False)
    key_positions: dict[KeyPath, Position] = attrs.field(factory=dict, repr=False)
    # The source text of plain (unquoted) scalars, to explain what YAML made of them.
    plain_text: dict[KeyPath, str] = attrs.field(factory=dict, repr=False)

    def position(self, path: KeyPath, *, key: bool = False) -> Position | None:
        """Where the node at ``path`` starts (its key, if ``key``); else its nearest ancestor."""
        if key and path in self.key_positions:
            return self.key_positions[path]
        while True:
            if path in self.positions:
                return self.positions[path]
            if not path:
                return None
            path = path[:-1]


class _Fail(Exception):
    def __init__(self, code: str, message: str, mark: Any = None) -> None:
        self.code, self.message, self.mark = code, message, mark


def _pos(mark: Any) -> Position:
    return (mark.line + 1, mark.column + 1)


_WIDE_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


def _place_in_bytes(raw: bytes, index: int) -> Position:
    """The line and column of a byte offset, the column counted in characters as an editor
    counts them (a UTF-8 BOM, which decoding drops, not counted)."""
    start = raw.rfind(b"\n", 0, index) + 1
    before = raw[start:index]
    if start == 0 and before.startswith(b"\xef\xbb\xbf"):
        before = before[3:]
    return raw.count(b"\n", 0, index) + 1, len(before.decode("utf-8", "replace")) + 1


def _decode(raw: bytes, file: str) -> str:
    # UTF-16 and UTF-32 text is full of NUL bytes: name the encoding rather than call it binary.
    wide = next((name for bom, name in _WIDE_BOMS.items() if raw.startswith(bom)), None)
    if wide is not None:
        raise ValidationError(
            [Issue("CE102", f"the file is {wide} text, not UTF-8; save it as UTF-8", file, 1, 1)]
        )
    # Binary data (an image, a program) is looked for before decoding: it would otherwise
    # be reported as text in a wrong encoding.
    nul = raw.find(b"\0")
    if nul >= 0:
        line, column = _place_in_bytes(raw, nul)
        raise ValidationError(
            [
                Issue(
                    "CE103",
                    "the file holds binary data (a NUL byte); expected YAML text",
                    file,
                    line,
                    column,
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, column = _place_in_bytes(raw, exc.start)
        raise ValidationError(
            [
                Issue(
                    "CE102",
                    f"the file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be decoded); "
                    "save it as UTF-8",
                    file,
                    line,
                    column,
                )
            ]
        ) from None
    return text


def _text(stream: bytes | str) -> str:
    """The text of what the loader read (checked as UTF-8 before), as its marks count it."""
    return stream.decode("utf-8-sig") if isinstance(stream, bytes) else stream


def _scalar(loader: Any, event: Any) -> Any:
    """Make the Python value of a scalar event, admitting YAML's core types only."""
    value: str = event.value
    tag = event.tag
    explicit = tag not in (None, "!")
    if not explicit:
        tag = loader.resolve(yaml.ScalarNode, value, event.implicit)
    # A plain '=' is YAML 1.1's "value" key; to an author it is text.
    if tag in (_STR, _TIMESTAMP, _VALUE):
        return value  # dates stay text here; the schema checks their format
    if tag == _NULL:
        return None
    if tag == _BOOL:
        flag = _constructor.bool_values.get(value.lower())
        if flag is None:  # only an explicit !!bool can hold other text
            raise _Fail("CE115", f"{value[:40]!r} does not fit the tag !!bool", event.start_mark)
        return flag
    if tag in (_INT, _FLOAT):
        return _number(value, tag, explicit, event.start_mark)
    if tag == _MERGE:
        raise _Fail(
            "CE120", "merge keys ('<<') are not supported; write the keys out", event.start_mark
        )
    raise _Fail(
        "CE115",
        f"the tag {_tag_name(tag)} is not allowed; {_PLAIN_ONLY}",
        event.start_mark,
    )


def _tag_name(tag: str) -> str:
    """A tag as an author writes it: ``!!python/object`` rather than the long form."""
    return "!!" + tag[len(_CORE) :] if tag.startswith(_CORE) else tag


def _number(value: str, tag: str, explicit: bool, mark: Any) -> int | float:
    # Refused before converting: PyYAML makes a base-60 number (1:59:59:...) one digit
    # pair at a time, which takes quadratic time, and no real number is this long.
    if len(value) > _MAX_NUMBER_TEXT:
        raise _Fail("CE118", f"the number {value[:20]}... is too large", mark)
    construct = (
        _constructor.construct_yaml_int if tag == _INT else _constructor.construct_yaml_float
    )
    try:
        number: int | float = construct(yaml.ScalarNode(tag, value))
    except OverflowError:  # a base-60 float, made of an int too large for a float
        raise _Fail("CE118", f"the number {value[:20]}... is too large", mark) from None
    except (ValueError, IndexError):  # PyYAML indexes value[0] and may get ''
        if explicit:
            raise _Fail(
                "CE115", f"{value[:40]!r} does not fit the tag {_tag_name(tag)}", mark
            ) from None
        if _DIGITS.fullmatch(value):  # Python refuses over 4,300 decimal digits
            raise _Fail("CE118", f"the number {value[:20]}... is too large", mark) from None
        raise _Fail(
            "CE118",
            f"YAML reads {value!r} as a number but cannot make one of it; "
            f"quote it if it is text: '{value}'",
            mark,
        ) from None
    # Hex, octal, binary and sexagesimal ints have no length limit of their own, and an
    # int too long to print would break every later error message.
    if isinstance(number, int) and number.bit_length() > _MAX_INT_BITS:
        raise _Fail("CE118", f"the number {value[:20]}... is too large", mark)
    if isinstance(number, float) and not math.isfinite(number):
        raise _Fail(
            "CE118",
            f"{value!r} is not a finite number; quote it if it is text: '{value}'",
            mark,
        )
    return number


def read_yaml(
    source: bytes | str,
    file: str = "<string>",
    *,
    track: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    only: Collection[KeyPath] | None = None,
) -> Document:
    """Read one YAML document safely; raise :class:`ValidationError` with one located issue.

    With ``track=True`` the returned document knows the position of every node (of the
    paths in ``only`` and their parents, when given).
    """
    if isinstance(source, bytes):
        if len(source) > limits.max_bytes:
            raise ValidationError(
                [
                    Issue(
                        "CE101",
                        f"the file is {len(source):,} bytes; the limit is {limits.max_bytes:,} "
                        "(raise it with Limits(max_bytes=...) or --max-bytes)",
                        file,
                    )
                ]
            )
        _decode(source, file)
        # libyaml reads the UTF-8 bytes themselves: given text, it would encode a copy,
        # and the text, the bytes and the copy would all be held while the data is built.
        stream: bytes | str = source
    else:
        if len(source) > limits.max_bytes:
            raise ValidationError(
                [
                    Issue(
                        "CE101",
                        f"the text is longer than the limit of {limits.max_bytes:,} bytes "
                        "(raise it with Limits(max_bytes=...) or --max-bytes)",
                        file,
                    )
                ]
            )
        stream = _decode(source.encode("utf-8", "surrogatepass"), file)
    loader = _Loader(stream)
    try:
        return _build(loader, file, track, limits, only)
    except _Fail as fail:
        if fail.code == "CE114" and not track:
            # Only a read with positions knows where the key first appeared; this rare
            # error pays for one.
            loader.dispose()
            return read_yaml(source, file, track=True, limits=limits)
        line, column = _pos(fail.mark) if fail.mark is not None else (None, None)
        raise ValidationError([Issue(fail.code, fail.message, file, line, column)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ValidationError([_syntax_issue(exc, file, _text(stream))]) from None
    except yaml.reader.ReaderError as exc:
        raise ValidationError([_reader_issue(exc, file, _text(stream))]) from None
    except yaml.YAMLError as exc:
        raise ValidationError([Issue("CE110", f"YAML syntax: {exc}", file)]) from None
    finally:
        loader.dispose()


def _syntax_issue(exc: yaml.MarkedYAMLError, file: str, text: str) -> Issue:
    """The issue of a syntax error, placed where the problem starts, with a hint true to it.

    libyaml stops where it can no longer go on (its problem mark), which is often a line or
    more after the mistake; its context mark says where the construct it was reading began.
    An unclosed quote and a key without ':' are placed at that start.
    """
    problem = exc.problem or "invalid YAML"
    if exc.context:
        problem = f"{exc.context}: {problem}"
    mark = exc.problem_mark or exc.context_mark
    context = exc.context or ""
    if context.startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        # The quote opened there is never closed before the end (of the file, or a '---').
        mark = exc.context_mark
        quote = text[mark.index : mark.index + 1]
        problem += f"; the quoted text that starts here is not closed: end it with {quote}"
    elif context.startswith("while scanning a simple key") and exc.context_mark is not None:
        mark = exc.context_mark  # the key: the line after it is where libyaml gave up
        problem += "; the key that starts here has no ':' after it (write 'key: value')"
    elif mark is not None and text[mark.index : mark.index + 1] == "\t":
        problem += " (a tab: indent with spaces, not tabs)"
    elif "mapping values are not allowed" in problem:
        problem += _colon_hint(text, mark)
    elif any(clue in problem for clue in _INDENTATION_CLUES):
        opened = _runaway_quote(text, mark) if mark is not None else None
        if opened is not None:
            # A quote left open swallows the lines after it, up to the next quote sign;
            # what follows that quote is then out of place. The mistake is the open quote.
            mark, ends = opened
            quote = text[mark.index : mark.index + 1]
            problem = (
                f"the quoted text that starts here is not closed on its line: it runs on to "
                f"line {ends}, where text follows the {quote} that ends it; close it with "
                f"{quote} on this line"
            )
        else:
            problem += (
                "; check the indentation: the keys of one mapping start in the same column, "
                "and a list entry's keys line up under its first key"
            )
    line, column = _pos(mark) if mark is not None else (None, None)
    if "maximum nesting depth" in problem:  # libyaml's own bound on flow collections
        return Issue("CE117", f"nesting is too deep ({problem})", file, line, column)
    return Issue("CE110", f"YAML syntax: {problem}", file, line, column)


def _runaway_quote(text: str, mark: Any) -> tuple[Any, int] | None:
    """(where it starts, the line where it ends) of a quoted text that runs over several
    lines and ends on the line of ``mark``, just before the token libyaml refused: the
    shape an unclosed quote leaves. None when the tokens before ``mark`` are otherwise."""
    last = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index >= mark.index:
                break
            if not isinstance(token, yaml.KeyToken | yaml.ValueToken):
                last = token
    except yaml.YAMLError:
        pass
    if (
        isinstance(last, yaml.ScalarToken)
        and last.style in ('"', "'")
        and last.start_mark.line < last.end_mark.line == mark.line
    ):
        return last.start_mark, last.end_mark.line + 1
    return None


# What libyaml says when a line is indented too far or not far enough.
_INDENTATION_CLUES = ("did not find expected key", "expected <block end>", "expected '-' indicator")


_HINT_LINE = 200  # the longest line a hint quotes back


def _colon_hint(text: str, mark: Any) -> str:
    """How to write a text holding ': ', shown with the author's own line when it can be."""
    hint = "; a ': ' inside a value starts a mapping: quote the text"
    if mark is None:
        return hint
    start = text.rfind("\n", 0, mark.index) + 1
    end = text.find("\n", mark.index)
    line = text[start : end if end >= 0 else len(text)]
    if len(line) > _HINT_LINE:  # quoting a long line helps no one, and would cost time
        return hint + ', e.g. statement: "Measure outcomes: level 5"'
    match = re.match(r"(\s*(?:-\s+)?[^\s:#'\"{\[][^:#{\[]*?):\s+(\S.*?)\s*$", line)
    if match is None or match[2].startswith(("'", '"', "{", "[")):
        return hint + ', e.g. statement: "Measure outcomes: level 5"'
    value = match[2].replace("\\", "\\\\").replace('"', '\\"')
    return f'{hint}, e.g. {match[1].strip()}: "{value}"'


def _reader_issue(exc: yaml.reader.ReaderError, file: str, text: str) -> Issue:
    """A character YAML does not allow; libyaml names it and a byte offset, we place it."""
    character = exc.character if isinstance(exc.character, str) else chr(exc.character)
    # The reader stops at the first character it refuses, so its first occurrence is the one.
    index = text.find(character)
    line = column = None
    if index >= 0:
        line = text.count("\n", 0, index) + 1
        column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Issue(
        "CE103",
        f"the file holds the control character U+{ord(character):04X}, which YAML does not "
        "allow; expected plain text",
        file,
        line,
        column,
    )


class Only(dict[KeyPath, Any]):
    """A map of positions that keeps only the paths asked for: a read that places a few
    issues in a large file keeps a few positions, not one per node (memory, not time)."""

    def __init__(self, wanted: Collection[KeyPath]) -> None:
        super().__init__()
        self.wanted = frozenset(p[:n] for p in wanted for n in range(len(p) + 1))

    def __setitem__(self, path: KeyPath, value: Any) -> None:
        if path in self.wanted:
            super().__setitem__(path, value)


def _build(
    loader: Any, file: str, track: bool, limits: Limits, only: Collection[KeyPath] | None = None
) -> Document:
    builder = _Builder(loader, track, limits)
    if only is not None:
        builder.positions, builder.key_positions, builder.plain = Only(only), Only(only), Only(only)
    root = builder.run()
    return Document(root, file, builder.positions, builder.key_positions, builder.plain)


class _Builder:
    """Turns libyaml events into plain data, one loop, no recursion."""

    def __init__(self, loader: Any, track: bool, limits: Limits) -> None:
        self.loader = loader
        self.track = track
        self.limits = limits
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.plain: dict[KeyPath, str] = {}
        # What each anchor names: its value, its number of nodes and of characters of text.
        self.anchors: dict[str, tuple[Any, int, int]] = {}
        self.expanded = 0
        self.expanded_chars = 0
        # One string per distinct key, shared by every mapping that has it: a file of many
        # small mappings otherwise holds a copy of each key per mapping.
        self.keys: dict[str, str] = {}
        # One open container per frame:
        # [container, path, pending key, key mark, size in nodes, size in characters].
        self.stack: list[list[Any]] = []
        self.frame_anchors: list[str | None] = []

    def run(self) -> Any:
        get_event: Callable[[], Any] = self.loader.get_event
        get_event()  # StreamStart
        if isinstance(get_event(), yaml.StreamEndEvent):
            raise _Fail("CE112", "the file is empty; expected a YAML mapping", None)
        stack = self.stack
        while True:
            event = get_event()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                value = _scalar(self.loader, event)
                if event.anchor is not None:
                    self.anchors[event.anchor] = (value, 1, len(event.value))
                if not stack:
                    root = value
                    break
                self.attach(value, 1, len(event.value), event)
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                self.open(event, kind is yaml.MappingStartEvent)
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                anchor = self.frame_anchors.pop()
                if anchor is not None:
                    self.anchors[anchor] = (frame[0], frame[4], frame[5])
                if not stack:
                    root = frame[0]
                    break
                self.attach(frame[0], frame[4], frame[5], None)
            elif kind is yaml.AliasEvent:
                value, size, chars = self.alias(event)
                if not stack:
                    root = value
                    break
                self.attach(value, size, chars, event)
            else:
                raise _Fail(
                    "CE110", "unexpected YAML structure", getattr(event, "start_mark", None)
                )
        if self.track and () not in self.positions:
            self.positions[()] = (1, 1)
        get_event()  # DocumentEnd
        following = get_event()
        if not isinstance(following, yaml.StreamEndEvent):
            raise _Fail(
                "CE111",
                "the file holds more than one YAML document ('---'); expected exactly one",
                following.start_mark,
            )
        return root

    def alias(self, event: Any) -> tuple[Any, int, int]:
        if event.anchor not in self.anchors:
            raise _Fail(
                "CE110", f"the alias *{event.anchor} names no complete anchor", event.start_mark
            )
        value, size, chars = self.anchors[event.anchor]
        self.expanded += size
        self.expanded_chars += chars
        if self.expanded > self.limits.max_alias_nodes:
            raise _Fail(
                "CE116",
                f"aliases expand to more than {self.limits.max_alias_nodes:,} nodes "
                "(an alias expansion bomb?)",
                event.start_mark,
            )
        # Few nodes can still hold much text (a long string aliased many times), which
        # would explode when the document is written out; bound it like a file's size.
        if self.expanded_chars > self.limits.max_bytes:
            raise _Fail(
                "CE116",
                f"aliases expand to more than {self.limits.max_bytes:,} characters of text "
                "(an alias expansion bomb?)",
                event.start_mark,
            )
        return value, size, chars

    def open(self, event: Any, is_map: bool) -> None:
        stack = self.stack
        if len(stack) >= self.limits.max_depth:
            raise _Fail(
                "CE117", f"nesting is deeper than {self.limits.max_depth} levels", event.start_mark
            )
        if event.tag not in (None, "!", _MAP if is_map else _SEQ):
            raise _Fail(
                "CE115",
                f"the tag {_tag_name(event.tag)} is not allowed; {_PLAIN_ONLY}",
                event.start_mark,
            )
        path: KeyPath = ()
        if stack:
            frame = stack[-1]
            if type(frame[0]) is list:
                path = (*frame[1], len(frame[0]))
            elif frame[2] is None:
                raise _Fail(
                    "CE119",
                    "a mapping key must be plain text, not a list or mapping",
                    event.start_mark,
                )
            else:
                path = (*frame[1], frame[2])
                if self.track:
                    self.key_positions[path] = _pos(frame[3])
        if self.track:
            self.positions[path] = _pos(event.start_mark)
        stack.append([{} if is_map else [], path, None, None, 1, 0])
        self.frame_anchors.append(event.anchor)

    def attach(self, value: Any, size: int, chars: int, event: Any) -> None:
        """Put a finished node into the open container (``event`` is None for containers)."""
        frame = self.stack[-1]
        container = frame[0]
        frame[4] += size
        frame[5] += chars
        if type(container) is list:
            if self.track and event is not None:
                self.note(event, (*frame[1], len(container)))
            container.append(value)
            return
        key = frame[2]
        if key is None:  # this node is a key
            if event is None or type(event) is not yaml.ScalarEvent:
                raise _Fail(
                    "CE119", "a mapping key must be plain text", getattr(event, "start_mark", None)
                )
            if type(value) is not str:
                if not event.value:
                    raise _Fail("CE119", "a mapping key is missing before ':'", event.start_mark)
                raise _Fail(
                    "CE119",
                    f"the key {event.value!r} is read as {_KEY_TYPES.get(type(value), 'a number')}"
                    f"; keys must be text (quote it: '{event.value}')",
                    event.start_mark,
                )
            if value in container:
                first = self.key_positions.get((*frame[1], value))
                where = "earlier in this mapping" if first is None else f"first at line {first[0]}"
                raise _Fail(
                    "CE114",
                    f"duplicate key {value!r} ({where}); remove or rename one",
                    event.start_mark,
                )
            shared = self.keys.get(value)
            if shared is not None:
                value = shared
            elif len(self.keys) < _SHARED_KEYS:
                self.keys[value] = value
            frame[2] = value
            frame[3] = event.start_mark
            frame[4] -= size  # keys are not nodes of the data (but their text counts)
            return
        container[key] = value
        frame[2] = None
        if self.track and event is not None:
            path = (*frame[1], key)
            self.key_positions[path] = _pos(frame[3])
            self.note(event, path)

    def note(self, event: Any, path: KeyPath) -> None:
        self.positions[path] = _pos(event.start_mark)
        if type(event) is yaml.ScalarEvent and event.implicit[0] and event.tag is None:
            self.plain[path] = event.value
