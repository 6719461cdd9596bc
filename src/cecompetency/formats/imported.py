"""What an importer returns: the value it made and the deviations it tolerated.

Importers read files written by other systems, or by no system at all; the bytes are
bounded and decoded first (:func:`~cecompetency.files.reading.decode`), and what lenient
reading lets through is kept, in file order, as warnings.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, Generic, ParamSpec, TypeVar

import attrs

from cecompetency.files.issue_cap import cap_issues
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import Issue, Severity, ValidationError

__all__ = ["Imported", "capped", "warning"]

T = TypeVar("T")
P = ParamSpec("P")


@attrs.frozen
class Imported(Generic[T]):
    """What an importer made, and the deviations it tolerated (warnings, in file order)."""

    value: T
    warnings: tuple[Issue, ...] = ()

    def __str__(self) -> str:
        lines = [f"{self.value}; {len(self.warnings)} warnings"]
        lines += [f"  {warning}" for warning in self.warnings[:10]]
        if len(self.warnings) > 10:
            lines.append(f"  ... and {len(self.warnings) - 10} more")
        return "\n".join(lines)


def warning(issue: Issue) -> Issue:
    """The same issue as a warning: what lenient reading tolerates."""
    return attrs.evolve(issue, severity=Severity.WARNING)


def capped(reader: Callable[P, Imported[T]]) -> Callable[P, Imported[T]]:
    """An importer whose issues and warnings stop at ``limits.max_issues``, with a last
    line counting the rest: what every importer's ``(source, file, *, limits)`` gets."""

    @functools.wraps(reader)
    def read(*args: P.args, **kwargs: P.kwargs) -> Imported[T]:
        limits: Any = kwargs.get("limits", DEFAULT_LIMITS)
        file: Any = args[1] if len(args) > 1 else kwargs.get("file", "<string>")
        if not isinstance(limits, Limits):
            raise TypeError(f"limits must be a Limits, not {type(limits).__name__}")
        try:
            imported = reader(*args, **kwargs)
        except ValidationError as exc:
            issues = cap_issues(exc.issues, limits, str(file))
            if len(issues) == len(exc.issues):
                raise
            raise type(exc)(issues) from None
        if len(cap_issues(imported.warnings, limits, str(file))) < len(imported.warnings):
            return attrs.evolve(imported, warnings=cap_issues(imported.warnings, limits, str(file)))
        return imported

    return read
