"""The issue cap: a file reports at most ``Limits.max_issues`` issues, then says how many
more there were, so that a file of 300,000 bad rows prints a page, not 31 MB."""

from __future__ import annotations

from collections.abc import Sequence

from cecompetency.files.yaml_reader import Limits
from cecompetency.model.errors import Issue, Severity

__all__ = ["cap_issues"]


def cap_issues(issues: Sequence[Issue], limits: Limits, file: str) -> tuple[Issue, ...]:
    """The first ``max_issues`` issues and a last CE121 line counting the rest (if any).

    The note is an error when any issue left out is one (the file is refused either way),
    else a warning.
    """
    if len(issues) <= limits.max_issues:
        return tuple(issues)
    kept, rest = issues[: limits.max_issues], issues[limits.max_issues :]
    severity = Severity.ERROR if any(i.is_error for i in rest) else Severity.WARNING
    note = Issue(
        "CE121",
        f"{len(rest):,} more issues not shown: only the first {limits.max_issues:,} are "
        "reported (fix those first, or raise the limit with Limits(max_issues=...))",
        file,
        severity=severity,
    )
    return (*kept, note)
