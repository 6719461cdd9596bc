"""Validation results rendered for people, programs and CI systems.

:class:`FileResult` is what ``cecompetency validate`` found in one file: its located
issues, or why the file could not be read. Four renderings of a list of them:

- :func:`to_text`: ``FILE:LINE:COL: error[CODE]: message`` lines, ``FILE: ok`` for a
  valid file;
- :func:`to_json`: one object per file, with every issue's code, place and path;
- :func:`to_github`: GitHub Actions workflow commands (``::error file=...,line=...``), so
  that issues appear as annotations on the lines of a pull request;
- :func:`to_sarif`: a SARIF 2.1.0 log, for code-scanning services, with one rule per
  error code (:data:`~cecompetency.model.codes.ISSUE_CODES`).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import attrs

from cecompetency.model.codes import ISSUE_CODES
from cecompetency.model.errors import Issue, Severity

__all__ = [
    "SARIF_SCHEMA",
    "FileResult",
    "sarif_log",
    "to_github",
    "to_json",
    "to_sarif",
    "to_text",
]


# Codes that are only ever warnings; every other code is an error by default.
_WARNINGS = frozenset({"CE408", "CE412", "CE680"})

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SRCROOT = "SRCROOT"


def _issues(value: Iterable[Issue]) -> tuple[Issue, ...]:
    return tuple(value)


@attrs.frozen
class FileResult:
    """What validating one file found: its issues, or ``error``, why it could not be read."""

    file: str
    issues: tuple[Issue, ...] = attrs.field(default=(), converter=_issues)
    error: str | None = None

    @property
    def valid(self) -> bool:
        """Whether the file was read and has no errors (warnings allowed)."""
        return self.error is None and not any(i.is_error for i in self.issues)

    def __str__(self) -> str:
        return to_text([self]).rstrip("\n")

    @property
    def reported(self) -> tuple[Issue, ...]:
        """The issues, with an unreadable file as one whole-file ``CE100`` error."""
        if self.error is None:
            return self.issues
        return (Issue("CE100", f"cannot read the file: {self.error}", self.file),)


# -- text and JSON ----------------------------------------------------------------------------


def to_text(results: Iterable[FileResult]) -> str:
    """One line per issue (``FILE:LINE:COL: error[CODE]: message``), ``FILE: ok`` when valid."""
    lines: list[str] = []
    for result in results:
        lines += [str(issue) for issue in result.reported] or [f"{result.file}: ok"]
    return "".join(line + "\n" for line in lines)


def to_json(results: Iterable[FileResult]) -> str:
    """A JSON list with one object per file: ``file``, ``valid``, ``issues`` (and ``error``).

    An unreadable file has ``error``, why, and its one issue, ``CE100``, as the text and
    GitHub reports give it.
    """
    return json.dumps([_result_data(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def _result_data(result: FileResult) -> dict[str, Any]:
    data: dict[str, Any] = {"file": result.file, "valid": result.valid}
    if result.error is not None:
        data["error"] = result.error
    data["issues"] = [
        {
            "code": i.code,
            "severity": i.severity.value,
            "line": i.line,
            "column": i.column,
            "message": i.message,
            "path": list(i.path),
        }
        for i in result.reported
    ]
    return data


# -- GitHub Actions ---------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    """A command's message, escaped as the GitHub Actions toolkit's ``escapeData`` does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A command property's value, escaped as the toolkit's ``escapeProperty`` does."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(results: Iterable[FileResult], *, root: str | os.PathLike[str] | None = None) -> str:
    """GitHub Actions workflow commands, one ``::error`` or ``::warning`` line per issue.

    Printed in a workflow step, each becomes an annotation on the file and line. Paths are
    made relative to ``root`` (default: the working folder, which in a workflow is the
    checkout), as GitHub expects; a valid file prints nothing.
    """
    base = Path(root) if root is not None else Path.cwd()
    lines: list[str] = []
    for result in results:
        file = _relative(result.file, base)
        for issue in result.reported:
            properties = [("file", file)]
            if issue.line is not None:
                properties.append(("line", str(issue.line)))
                if issue.column is not None:
                    properties.append(("col", str(issue.column)))
            properties.append(("title", issue.code))
            shown = ",".join(f"{key}={_escape_property(value)}" for key, value in properties)
            command = "warning" if issue.severity is Severity.WARNING else "error"
            lines.append(f"::{command} {shown}::{_escape_data(issue.message)}")
    return "".join(line + "\n" for line in lines)


# -- SARIF ------------------------------------------------------------------------------------


def _relative(file: str, base: Path) -> str:
    """``file`` relative to ``base`` with '/' separators, or as given when outside it."""
    try:
        return Path(os.path.abspath(file)).relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return file


def _artifact(file: str, base: Path) -> dict[str, str]:
    """A SARIF artifactLocation: relative to ``SRCROOT`` when under ``base``, else absolute."""
    absolute = Path(os.path.abspath(file))
    try:
        relative = absolute.relative_to(os.path.abspath(base)).as_posix()
    except ValueError:
        return {"uri": absolute.as_uri()}
    # RFC 3986 path characters stay as they are ('@' in 'alliance@2008.yaml'); ':' is
    # escaped so that a relative reference is never read as a scheme.
    return {"uri": urllib.parse.quote(relative, safe="/@!$&'()*+,;=-._~"), "uriBaseId": _SRCROOT}


def _folder_uri(base: Path) -> str:
    uri = Path(os.path.abspath(base)).as_uri()
    return uri if uri.endswith("/") else uri + "/"  # a base URI must end with '/'


def _rule(code: str) -> dict[str, Any]:
    return {
        "id": code,
        "shortDescription": {"text": ISSUE_CODES.get(code, "A problem cecompetency reports.")},
        "defaultConfiguration": {"level": "warning" if code in _WARNINGS else "error"},
    }


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cecompetency")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def sarif_log(
    results: Iterable[FileResult],
    *,
    root: str | os.PathLike[str] | None = None,
    tool_version: str | None = None,
) -> dict[str, Any]:
    """The results as a SARIF 2.1.0 log (JSON-compatible data); see :func:`to_sarif`."""
    base = Path(root) if root is not None else Path.cwd()
    files: Sequence[FileResult] = list(results)
    codes = list(ISSUE_CODES)
    codes += sorted({i.code for r in files for i in r.reported if i.code not in ISSUE_CODES})
    index = {code: n for n, code in enumerate(codes)}
    out: list[dict[str, Any]] = []
    for result in files:
        artifact = _artifact(result.file, base)
        for issue in result.reported:
            physical: dict[str, Any] = {"artifactLocation": artifact}
            if issue.line is not None:
                physical["region"] = {"startLine": issue.line}
                if issue.column is not None:
                    physical["region"]["startColumn"] = issue.column
            out.append(
                {
                    "ruleId": issue.code,
                    "ruleIndex": index[issue.code],
                    "level": "warning" if issue.severity is Severity.WARNING else "error",
                    "message": {"text": issue.message},
                    "locations": [{"physicalLocation": physical}],
                }
            )
    version = tool_version if tool_version is not None else _version()
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cecompetency",
                "version": version,
                "rules": [_rule(code) for code in codes],
            }
        },
        # Our columns count characters (code points), not SARIF's default UTF-16 units.
        "columnKind": "unicodeCodePoints",
        "originalUriBaseIds": {_SRCROOT: {"uri": _folder_uri(base)}},
        "invocations": [{"executionSuccessful": all(result.error is None for result in files)}],
        "results": out,
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def to_sarif(
    results: Iterable[FileResult],
    *,
    root: str | os.PathLike[str] | None = None,
    tool_version: str | None = None,
) -> str:
    """The results as SARIF 2.1.0 JSON text, for code-scanning services.

    One rule per error code (:data:`~cecompetency.model.codes.ISSUE_CODES`), one result per
    issue with its level, and a
    location relative to ``root`` (default: the working folder), as ``uriBaseId``
    ``SRCROOT``; files outside ``root`` get an absolute ``file:`` URI. Issues with a line
    carry a region (``startLine``, ``startColumn`` in characters); whole-file issues and
    unreadable files (``CE100``) carry none.
    """
    log = sarif_log(results, root=root, tool_version=tool_version)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
