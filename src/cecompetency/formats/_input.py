"""The boundary every importer crosses: hostile bytes in, text or located issues out.

Importers read files written by other systems, or by no system at all. Before any parsing
the input is bounded (:class:`~cecompetency.files.yaml_reader.Limits`), decoded as UTF-8 and checked
for binary data, each refusal an :class:`~cecompetency.model.errors.Issue` with a stable code.
What an importer makes is returned with the warnings it tolerated as :class:`Imported`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Generic, TypeVar

import attrs

from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import Issue, Severity, ValidationError

__all__ = ["Imported", "decode", "read_input", "warning"]

T = TypeVar("T")


@attrs.frozen
class Imported(Generic[T]):
    """What an importer made, and the deviations it tolerated (warnings, in file order)."""

    value: T
    warnings: tuple[Issue, ...] = ()


def warning(issue: Issue) -> Issue:
    """The same issue as a warning: what lenient reading tolerates."""
    return attrs.evolve(issue, severity=Severity.WARNING)


def read_input(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """The bytes of a file, refusing one over the size limit before reading it.

    Raises :class:`OSError` when the file cannot be read at all.
    """
    file = Path(path)
    size = file.stat().st_size
    if size > limits.max_bytes:
        raise ValidationError([_too_large(size, limits, str(path))])
    return file.read_bytes()


def _too_large(size: int, limits: Limits, file: str) -> Issue:
    return Issue(
        "CE601",
        f"the input is {size:,} bytes; the limit is {limits.max_bytes:,} "
        "(raise it with Limits(max_bytes=...) or --max-bytes)",
        file,
    )


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
