"""The issue cap: a file reports at most ``Limits.max_issues`` issues, then says how many
more there were, so that a file of 300,000 bad rows prints a page, not 31 MB."""

from __future__ import annotations

from collections.abc import Sequence

from cecompetency.files.yaml_reader import Limits
from cecompetency.model.errors import Issue, Severity

__all__ = ["Collected", "cap_issues"]


def cap_issues(issues: Sequence[Issue], limits: Limits, file: str) -> tuple[Issue, ...]:
    """The first ``max_issues`` issues and a last CE121 line counting the rest (if any).

    The note is an error when any issue left out is one (the file is refused either way),
    else a warning.
    """
    if len(issues) <= limits.max_issues or (
        len(issues) == limits.max_issues + 1 and issues[-1].code == "CE121"  # capped already
    ):
        return tuple(issues)
    kept, rest = issues[: limits.max_issues], issues[limits.max_issues :]
    severity = Severity.ERROR if any(i.is_error for i in rest) else Severity.WARNING
    return (*kept, _note(len(rest), limits.max_issues, file, severity))


class Collected(list[Issue]):
    """Issues as a reader collects them: the first ``limit`` kept, the rest only counted,
    so that a file of 300,000 bad rows costs 1,000 issues of memory, not 300,000."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit, self.more, self.more_errors = limit, 0, False

    def append(self, issue: Issue) -> None:
        if len(self) < self.limit:
            super().append(issue)
        else:
            self.more += 1
            self.more_errors = self.more_errors or issue.is_error

    def reported(self, file: str) -> list[Issue]:
        """The kept issues, and a last CE121 line counting the others (if any)."""
        if not self.more:
            return list(self)
        severity = Severity.ERROR if self.more_errors else Severity.WARNING
        return [*self, _note(self.more, self.limit, file, severity)]


def _note(more: int, limit: int, file: str, severity: Severity) -> Issue:
    return Issue(
        "CE121",
        f"{more:,} more issues not shown: only the first {limit:,} are "
        "reported (fix those first, or raise the limit with Limits(max_issues=...))",
        file,
        severity=severity,
    )
