"""What an importer returns: the value it made and the deviations it tolerated.

Importers read files written by other systems, or by no system at all; the bytes are
bounded and decoded first (:func:`~cecompetency.files.reading.decode`), and what lenient
reading lets through is kept, in file order, as warnings.
"""

from __future__ import annotations

from typing import Generic, TypeVar

import attrs

from cecompetency.model.errors import Issue, Severity

__all__ = ["Imported", "warning"]

T = TypeVar("T")


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
