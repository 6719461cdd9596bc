"""Validation results rendered for people, programs and CI systems.

:class:`FileResult` is what ``cecompetency validate`` found in one file: its located
issues, or why the file could not be read. Four renderings of a list of them:

- :func:`to_text`: ``FILE:LINE:COL: error[CODE]: message`` lines, ``FILE: ok`` for a
  valid file;
- :func:`to_json`: one object per file, with every issue's code, place and path;
- :func:`to_github`: GitHub Actions workflow commands (``::error file=...,line=...``), so
  that issues appear as annotations on the lines of a pull request;
- :func:`to_sarif`: a SARIF 2.1.0 log, for code-scanning services, with one rule per
  error code (:data:`RULES`).
"""

from __future__ import annotations

import json
import os
import urllib.parse
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from cecompetency.model.errors import Issue, Severity

__all__ = [
    "RULES",
    "SARIF_SCHEMA",
    "FileResult",
    "sarif_log",
    "to_github",
    "to_json",
    "to_sarif",
    "to_text",
]

# One line for each code, as in docs/errors.md (a test keeps the two in step). Codes keep
# their meaning forever, so SARIF consumers may track results by rule across versions.
RULES: Mapping[str, str] = {
    "CE100": "The file cannot be read (missing, a folder, no permission).",
    "CE101": "The file is larger than the size limit.",
    "CE102": "The file is not UTF-8 text.",
    "CE103": "The file holds binary data (a NUL byte).",
    "CE110": "YAML syntax error.",
    "CE111": "More than one YAML document in the file.",
    "CE112": "The file is empty, or holds only comments.",
    "CE113": "The top level is not a mapping of keys.",
    "CE114": "A key appears twice in the same mapping.",
    "CE115": "A YAML tag; tags are never read or executed.",
    "CE116": "Aliases expand to more nodes than the limit.",
    "CE117": "Nesting deeper than the limit.",
    "CE118": "A number that is not finite, or too large to read.",
    "CE119": "A mapping key that is not text.",
    "CE120": "A YAML merge key (<<).",
    "CE121": "More issues than the limit; only the first ones are reported.",
    "CE200": "The document breaks the JSON Schema.",
    "CE201": "An unknown key.",
    "CE202": "A required key is missing.",
    "CE203": "A value of the wrong type.",
    "CE204": "A value of the right type but not an allowed one.",
    "CE205": "The format marker is missing or unknown, or the file is of another kind.",
    "CE300": "The values break a rule of the model.",
    "CE301": "A duplicate id.",
    "CE302": "A matrix names a scale, role, item or level that does not exist.",
    "CE303": "The weights of sibling items do not sum to 100.",
    "CE304": "A published, superseded or retired framework has no items.",
    "CE305": "An item's kind is missing or not one of the declared kinds.",
    "CE306": "A pending matrix holds expectations.",
    "CE307": "A registry file's name does not match the id@version inside it.",
    "CE401": "A mapping's subject or object is not an item reference.",
    "CE402": "A mapping names a framework (or version) not listed in 'frameworks'.",
    "CE403": "A reference leaves out the version where several versions are listed.",
    "CE404": "A framework listed in 'frameworks' cannot be found or loaded.",
    "CE405": "A mapping names an item the framework does not have.",
    "CE406": "Two mappings of the same pair contradict each other.",
    "CE407": "A mapping and its own negation.",
    "CE408": "A mapping repeats another.",
    "CE409": "A mapping has no justification.",
    "CE410": "'frameworks' lists a framework twice.",
    "CE411": "A mapping maps an item to itself.",
    "CE412": "'frameworks' lists a framework no mapping refers to.",
    "CE601": "The input is over the size limit.",
    "CE602": "The input is not UTF-8.",
    "CE603": "Binary data (a NUL byte).",
    "CE604": "Empty input, or a table with no rows.",
    "CE610": "JSON syntax error.",
    "CE611": "A duplicate key in a JSON object.",
    "CE612": "JSON nested deeper than the limit.",
    "CE613": "NaN, Infinity, or a number too large to read.",
    "CE614": "The JSON is not a CASE package.",
    "CE620": "Malformed CSV/TSV, or a field over the size limit.",
    "CE621": "A row has a different number of cells than the header.",
    "CE622": "A required column is missing.",
    "CE623": "An unknown column.",
    "CE624": "A column appears twice.",
    "CE625": "A cell value that cannot be read.",
    "CE626": "The same item twice.",
    "CE627": "A row names a parent that does not exist.",
    "CE628": "The parents form a cycle, or the tree is deeper than the limit.",
    "CE629": "Framework fields missing.",
    "CE630": "A CASE package breaks the CASE 1.1 schema.",
    "CE631": "A CASE association that cannot be resolved.",
    "CE632": "A CASE item that cannot be placed.",
    "CE633": "A CASE value that cannot be kept as it is.",
    "CE634": "A CASE item with no statement.",
    "CE640": "A problem in the SSSOM metadata header.",
    "CE641": "An SSSOM predicate that is not a SKOS mapping relation.",
    "CE642": "A CURIE whose prefix names no framework in the curie_map.",
    "CE643": "A bad SSSOM value.",
    "CE650": "Two merged crosswalks disagree about a pair.",
    "CE651": "Nothing to merge.",
    "CE660": "A Moodle file without exactly one framework row.",
    "CE661": "A bad Moodle taxonomy or scale configuration.",
    "CE670": "A JSON file that is not a CTDL-ASN graph with exactly one framework node.",
    "CE671": "A CTDL-ASN node that is not an object, lacks an @id, or repeats one.",
    "CE672": "A CTDL-ASN node or parent link that was skipped or placed at the top.",
    "CE673": "A CTDL-ASN value that cannot be kept as it is.",
    "CE674": "A CTDL-ASN competency with no text, label or coded notation.",
}

# Codes that are only ever warnings; every other code is an error by default.
_WARNINGS = frozenset({"CE408", "CE412"})

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
    """A JSON list with one object per file: ``file``, ``valid``, ``issues`` (and ``error``)."""
    return json.dumps([_result_data(r) for r in results], indent=2, ensure_ascii=False) + "\n"


def _result_data(result: FileResult) -> dict[str, Any]:
    if result.error is not None:
        return {"file": result.file, "valid": False, "error": result.error, "issues": []}
    return {
        "file": result.file,
        "valid": result.valid,
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "line": i.line,
                "column": i.column,
                "message": i.message,
                "path": list(i.path),
            }
            for i in result.issues
        ],
    }


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
        "shortDescription": {"text": RULES.get(code, "A problem cecompetency reports.")},
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
    codes = list(RULES)
    codes += sorted({i.code for r in files for i in r.reported if i.code not in RULES})
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

    One rule per error code (:data:`RULES`), one result per issue with its level, and a
    location relative to ``root`` (default: the working folder), as ``uriBaseId``
    ``SRCROOT``; files outside ``root`` get an absolute ``file:`` URI. Issues with a line
    carry a region (``startLine``, ``startColumn`` in characters); whole-file issues and
    unreadable files (``CE100``) carry none.
    """
    log = sarif_log(results, root=root, tool_version=tool_version)
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
