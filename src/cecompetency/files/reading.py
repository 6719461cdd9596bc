"""Reading input with a bound: a file's bytes, never more than the size limit whatever the
file is, and text decoded from them with every refusal located (a stable code each)."""

from __future__ import annotations

import os
import re
from typing import BinaryIO

from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import FrameworkError, Issue, ValidationError

__all__ = ["decode", "read_bytes", "read_input", "unreadable"]


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file, refusing one over the size limit before reading it all.

    At most ``max_bytes + 1`` bytes are ever read, so a pipe, a device or a file that
    grows while it is read is refused as well as a large one. (A named pipe is read as
    any program reads one: opening it waits for a writer. Folder searches skip pipes.) Raises
    :class:`FrameworkError` with a ``CE100`` issue when the file cannot be read (missing,
    a folder, no permission; the :class:`OSError` is its ``__cause__``), ``CE101`` when
    it is too large.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limits.max_bytes else _read_at_most(handle, size, limits)
    except OSError as exc:
        raise FrameworkError([unreadable(path, exc)]) from exc
    except ValueError as exc:  # a path with a NUL in it, which no file system allows
        issue = Issue("CE100", f"cannot read the file: {exc}", repr(os.fspath(path)))
        raise FrameworkError([issue]) from exc
    if size > limits.max_bytes or len(raw) > limits.max_bytes:
        found = f"is {size:,} bytes" if size > limits.max_bytes else "is larger than the limit"
        raise FrameworkError(
            [
                Issue(
                    "CE101",
                    f"the file {found}; the limit is {limits.max_bytes:,} bytes "
                    "(raise it with Limits(max_bytes=...) or --max-bytes)",
                    str(path),
                )
            ]
        )
    return raw


_CHUNK = 1 << 20


def _read_at_most(handle: BinaryIO, size: int, limits: Limits) -> bytes:
    """The file's bytes, up to ``max_bytes + 1`` of them (one more says "too large").

    A read is sized from what ``fstat`` says (a 1 KB file costs 1 KB, not a buffer as large
    as the limit); a pipe or device, whose size reads 0, and a file that grows while it is
    read, are read on in chunks until their end or until they pass the limit.
    """
    limit = limits.max_bytes + 1
    want = min(size + 1, limit) if size else min(_CHUNK, limit)
    first = handle.read(want)
    if len(first) < want:  # the end came first: the common case, one read
        return first
    chunks, total = [first], len(first)
    while total < limit:
        chunk = handle.read(min(_CHUNK, limit - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return b"".join(chunks)


def unreadable(path: str | os.PathLike[str], error: OSError) -> Issue:
    """The ``CE100`` issue for a path that cannot be read, saying what the path is."""
    if isinstance(error, IsADirectoryError) or os.path.isdir(path):
        return Issue("CE100", "cannot read the path: it is a folder, not a file", str(path))
    return Issue("CE100", f"cannot read the file: {error.strerror or error}", str(path))


def read_input(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file to import, refusing one over the size limit (CE601).

    As :func:`read_bytes`, at most ``max_bytes + 1`` bytes are ever read, so a pipe or a
    device is bounded too. Raises :class:`OSError` when the file cannot be read at all.
    """
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        raw = b"" if size > limits.max_bytes else _read_at_most(handle, size, limits)
    if size > limits.max_bytes or len(raw) > limits.max_bytes:
        found = size if size > limits.max_bytes else None  # a pipe's size is unknown
        raise ValidationError([_too_large(found, limits, str(path))])
    return raw


def _too_large(size: int | None, limits: Limits, file: str) -> Issue:
    found = "larger than the limit" if size is None else f"{size:,} bytes"
    return Issue(
        "CE601",
        f"the input is {found}; the limit is {limits.max_bytes:,} "
        "(raise it with Limits(max_bytes=...) or --max-bytes)",
        file,
    )


_SURROGATE = re.compile("[\ud800-\udfff]")


def _place(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def decode(source: bytes | str, file: str = "<string>", limits: Limits = DEFAULT_LIMITS) -> str:
    """UTF-8 text of ``source`` (a leading byte-order mark dropped), or a located refusal.

    Refuses input over the size limit (CE601), bytes that are not UTF-8 (CE602), NUL
    characters, which no text format here allows (CE603), and empty input (CE604).
    """
    if isinstance(source, str):
        if len(source) > limits.max_bytes:
            raise ValidationError([_too_large(len(source), limits, file)])
        text = source[1:] if source.startswith("\ufeff") else source
        surrogate = _SURROGATE.search(text)
        if surrogate:  # text that no UTF-8 file can hold
            line, column = _place(text, surrogate.start())
            raise ValidationError(
                [
                    Issue(
                        "CE602",
                        "the input holds a lone surrogate, no character",
                        file,
                        line,
                        column,
                    )
                ]
            )
    else:
        if len(source) > limits.max_bytes:
            raise ValidationError([_too_large(len(source), limits, file)])
        try:
            text = source.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            head = source[: exc.start].decode("utf-8", "replace")
            line, column = _place(head, len(head))
            raise ValidationError(
                [
                    Issue(
                        "CE602",
                        f"the input is not UTF-8 text (byte 0x{source[exc.start]:02x} cannot "
                        "be decoded); save it as UTF-8",
                        file,
                        line,
                        column,
                    )
                ]
            ) from None
    nul = text.find("\0")
    if nul >= 0:
        line, column = _place(text, nul)
        raise ValidationError(
            [Issue("CE603", "the input holds binary data (a NUL character)", file, line, column)]
        )
    if not text.strip():
        raise ValidationError([Issue("CE604", "the input is empty", file)])
    return text
