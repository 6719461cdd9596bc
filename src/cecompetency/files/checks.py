"""Checking documents: the JSON Schema first, then the rules a schema cannot state.

Checks work on plain data (what :mod:`cecompetency.files.yaml_reader` reads) and report
:class:`~cecompetency.model.errors.Issue` values that carry a document path; :func:`locate`
turns paths into file lines and columns.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

from cecompetency.files.issue_cap import Collected
from cecompetency.files.names import name_mismatch_issue
from cecompetency.files.schema_check import SchemaCheck
from cecompetency.files.schemas import schema as _schema
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits, read_yaml
from cecompetency.model.errors import Issue, Severity, ValidationError
from cecompetency.model.grammar import control_character
from cecompetency.model.refs import Ref
from cecompetency.text.shortening import quoted
from cecompetency.text.spelling import Speller, did_you_mean

if TYPE_CHECKING:
    import jsonschema

__all__ = [
    "DOCUMENT_FORMATS",
    "FRAMEWORK_RULES",
    "PLACE",
    "Checked",
    "Rule",
    "capped_schema_issues",
    "check_framework_data",
    "check_source",
    "document_kind",
    "kind_of_document",
    "linked_issue",
    "locate",
    "read_document",
    "schema_issues",
]

# The format marker of each kind of file, in the one place that names them.
DOCUMENT_FORMATS = {"cecompetency/1": "framework", "cecompetency-crosswalk/1": "crosswalk"}


# Marks where a message names another place of the document; NUL never occurs in YAML text.
PLACE = "\0"


@attrs.frozen
class _Linked(Issue):
    """An issue whose message names another place of the document, as ``other``."""

    template: str = ""
    other: KeyPath = ()


def linked_issue(
    code: str,
    template: str,
    file: str,
    *,
    path: KeyPath,
    other: KeyPath,
    severity: Severity = Severity.ERROR,
) -> Issue:
    """An issue whose message names another place, ``other``, where ``template`` has PLACE.

    Until :func:`locate` places it, the other place is written as a document path
    (``items[0].items[1]``); once located, as a line and column, which an author can find.
    """
    message = template.replace(PLACE, _show_path(other))
    return _Linked(
        code, message, file, severity=severity, path=path, template=template, other=other
    )


def document_kind(data: Any, file: str = "<string>") -> tuple[str | None, list[Issue]]:
    """Which kind of file this is (``framework`` or ``crosswalk``), from its format marker."""
    if not isinstance(data, dict):
        what = {list: "a list", str: "a single text value", type(None): "nothing"}.get(
            type(data), type(data).__name__
        )
        return None, [
            Issue(
                "CE113",
                f"expected a mapping of keys at the top level, found {what}; "
                "is this a cecompetency file?",
                file,
                path=(),
            )
        ]
    marker = data.get("format")
    if (
        isinstance(marker, str) and marker in DOCUMENT_FORMATS
    ):  # a list or mapping cannot be looked up
        return DOCUMENT_FORMATS[marker], []
    known = ", ".join(repr(f) for f in DOCUMENT_FORMATS)
    if marker is None:
        return None, [
            Issue(
                "CE205",
                f"missing the format marker; the first line of a framework "
                f"file is 'format: cecompetency/1' (known formats: {known})",
                file,
                path=(),
            )
        ]
    hint = ""
    if isinstance(marker, str) and marker.startswith("cecompetency"):
        hint = "; it may come from a newer cecompetency, upgrade to read it"
    return None, [
        Issue(
            "CE205",
            f"unknown format {marker!r} (known formats: {known}){hint}",
            file,
            path=("format",),
        )
    ]


@functools.cache
def _check(name: str) -> SchemaCheck:
    return SchemaCheck(_schema(name))


def schema_issues(
    data: Any, name: str, file: str = "<string>", *, limit: int | None = None
) -> list[Issue]:
    """Every way ``data`` breaks the shipped schema ``name``, as issues with paths.

    With ``limit``, stop once that many are found: a file with a million mistakes would
    otherwise take minutes to list them all.
    """
    return _issues_from_errors(_check(name).errors(data), file, limit)


def capped_schema_issues(data: Any, name: str, file: str, max_issues: int) -> list[Issue]:
    """:func:`schema_issues`, the first ``max_issues`` kept and the rest only counted (a
    last CE121 line says how many): 300,000 rows that each break the schema cost a
    thousand issues of memory, not 300,000. Past the cap, issues are counted as found,
    without the check for one reported twice at the same place."""
    kept = Collected(max_issues)
    seen: set[tuple[str, str, KeyPath]] = set()
    for error in _check(name).errors(data):
        for issue in _from_schema_error(error, file):
            if len(kept) < max_issues:
                key = (issue.code, issue.message, issue.path)
                if key in seen:
                    continue
                seen.add(key)
            kept.append(issue)
    return kept.reported(file)


def _issues_from_errors(
    errors: Iterable[jsonschema.ValidationError], file: str, limit: int | None
) -> list[Issue]:
    issues: dict[tuple[str, str, KeyPath], Issue] = {}  # one report per problem and place
    for error in errors:
        # One error can hold a million issues (a million unknown keys): stop inside it too,
        # so that the issues past the cap, and their hints, are never made.
        for issue in _from_schema_error(error, file):
            issues.setdefault((issue.code, issue.message, issue.path), issue)
            if limit is not None and len(issues) >= limit:
                break
        if limit is not None and len(issues) >= limit:
            break
    return list(issues.values())[:limit]


_TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping",
    "number": "a number",
    "integer": "a whole number",
    "boolean": "true or false",
}


def _describe(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {quoted(value)}"
    if isinstance(value, str):
        return f"the text {quoted(value, 60)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _from_schema_error(error: jsonschema.ValidationError, file: str) -> Iterator[Issue]:
    path: KeyPath = tuple(error.absolute_path)
    schema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    wanted: Any = error.validator_value
    instance = error.instance
    kind = error.validator
    if kind == "additionalProperties" and isinstance(instance, dict):
        allowed = list(schema.get("properties", {}))
        patterns = list(schema.get("patternProperties", {}))
        for key in instance:
            if key in allowed or any(re.search(p, key) for p in patterns):
                continue
            if not allowed:  # keys chosen by the author (CURIE prefixes), of one form
                forms = " or ".join(f"/{p}/" for p in patterns)
                message = f"{key!r} is not a key of the right form here; it must match {forms}"
                yield Issue("CE201", message, file, path=(*path, key))
                continue
            extra = " or an 'x-' extension key" if patterns else ""
            hint = did_you_mean(key, allowed)
            message = f"unknown key {quoted(key)}{hint}"
            if not hint:
                message += f"; expected one of: {', '.join(allowed)}{extra}"
            yield Issue("CE201", message, file, path=(*path, key))
        return
    if kind == "required" and isinstance(instance, dict):
        for key in schema.get("required", []):
            if key not in instance:
                yield Issue("CE202", f"missing required key {key!r}", file, path=path)
        return
    if kind == "anyOf" and all(set(s) == {"required"} for s in wanted):
        keys = " or ".join(repr(s["required"][0]) for s in wanted)
        yield Issue("CE202", f"needs {keys}", file, path=path)
        return
    if kind == "type":
        names = [wanted] if isinstance(wanted, str) else list(wanted)
        types = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        yield Issue("CE203", f"expected {types}, found {_describe(instance)}", file, path=path)
        return
    if kind == "const":
        if path == ("format",):
            yield Issue("CE205", f"the format marker must be {wanted!r}", file, path=path)
        else:
            yield Issue(
                "CE204", f"expected {wanted!r}, found {_describe(instance)}", file, path=path
            )
        return
    if kind == "enum":
        choices = [str(c) for c in wanted]
        hint = did_you_mean(str(instance), choices) if isinstance(instance, str) else ""
        yield Issue(
            "CE204",
            f"expected one of {', '.join(choices)}; found {_describe(instance)}{hint}",
            file,
            path=path,
        )
        return
    if kind == "oneOf":
        # When the value has the type of one choice (a list, for 'text or a list of text'),
        # the problem is inside it: report that choice's own errors, in place.
        fitting = [
            sub
            for sub in error.context or ()
            if not any(
                other.validator == "type" and not other.relative_path
                for other in error.context or ()
                if other.relative_schema_path[0] == sub.relative_schema_path[0]
            )
        ]
        if fitting:
            for sub in fitting:
                yield from _from_schema_error(sub, file)
            return
        yield Issue(
            "CE203",
            f"expected text or a list of text, found {_describe(instance)}",
            file,
            path=path,
        )
        return
    if kind == "pattern":
        control = control_character(instance) if isinstance(instance, str) else None
        if control is not None:  # the same code as the raw character gets, however written
            yield Issue("CE103", _control_message(control), file, path=path)
        elif instance != "" or not schema.get("minLength"):  # else "must not be empty" says it
            yield Issue("CE204", _pattern_message(path, instance), file, path=path)
        return
    if kind == "format":
        formats = {"date": "a date written YYYY-MM-DD", "uri": "an absolute URI"}
        form = formats.get(str(wanted), str(wanted))
        yield Issue("CE204", f"expected {form}, found {_describe(instance)}", file, path=path)
        return
    if kind in {"minLength", "minItems"}:
        yield Issue("CE204", "must not be empty", file, path=path)
        return
    if kind in {"minimum", "maximum"}:
        yield Issue(
            "CE204", f"{_describe(instance)} is out of range: {error.message}", file, path=path
        )
        return
    yield Issue("CE200", error.message, file, path=path)


def _control_message(character: str) -> str:
    return (
        f"the value holds the control character U+{ord(character):04X} (written as an escape "
        "such as \\e or \\u001b); control characters are not allowed in any text, however "
        "written: remove it"
    )


def _pattern_message(path: KeyPath, instance: Any) -> str:
    field = next((p for p in reversed(path) if isinstance(p, str)), "value")
    if isinstance(instance, str) and not instance.strip():
        return "must not be blank"
    if field == "item" or (field == "id" and len(path) >= 3 and path[-3] == "items"):
        return (
            f"{instance!r} is not a valid item id: an item id has no spaces and does not "
            "start with '@' or ':'"
        )
    if field in {"id", "subject", "object"}:
        return (
            f"{instance!r} is not a valid {field}: ids are letters, digits, '.', '_' "
            "or '-', with no spaces, '@' or ':'"
        )
    if field in {"version"}:
        return f"{instance!r} is not a valid version: use letters, digits, '.', '_', '+', '-'"
    if field in {"supersedes", "frameworks"} or (len(path) > 1 and path[-2] == "frameworks"):
        return f"{instance!r} is not a framework reference such as 'alliance@2008'"
    if field == "language":
        return f"{instance!r} is not a BCP 47 language tag such as 'en' or 'en-US'"
    if field in {"kind", "kinds", "tags", "scale", "roles", "role", "level"}:
        return (
            f"{instance!r} is not a valid name: letters, digits, '.', '_' or '-', starting "
            "with a letter or digit"
        )
    return f"{instance!r} is not in the expected form"


# -- rules the schema cannot state ---------------------------------------------------------


def check_framework_data(data: dict[str, Any], file: str = "<string>") -> list[Issue]:
    """Checks beyond the schema.

    Safe on any document: parts of the wrong shape are skipped (the schema reports them),
    so the issues of both stages can be reported in one pass.
    """
    issues: list[Issue] = []
    kinds = _texts(data.get("kinds"))
    seen: dict[str, KeyPath] = {}

    # A function of the module, not a closure: a recursive closure is a reference cycle
    # that keeps what it saw (an entry per item) until a collection, which may be paused.
    _item_issues(data.get("items", []), ("items",), 0, kinds, seen, file, issues)
    status = data.get("status")
    if status in ("published", "superseded", "retired") and data.get("items", []) == []:
        issues.append(
            Issue(
                "CE304",
                f"a {status} framework needs items; only a draft may be empty",
                file,
                path=("status",),
            )
        )
    issues.extend(_unique_ids(data, "scales", file))
    issues.extend(_unique_ids(data, "roles", file))
    issues.extend(_unique_ids(data, "matrices", file))
    scales = {s["id"]: s for _, s in _entries(data.get("scales")) if isinstance(s.get("id"), str)}
    for index, scale in _entries(data.get("scales")):
        issues.extend(_unique_ids(scale, "levels", file, ("scales", index)))
    roles = [r["id"] for _, r in _entries(data.get("roles")) if isinstance(r.get("id"), str)]
    for index, matrix in _entries(data.get("matrices")):
        issues.extend(_matrix_issues(matrix, ("matrices", index), scales, roles, seen, file))
    issues.extend(_ladder_issues(data.get("ladder"), roles, file))
    issues.extend(_descriptor_issues(data.get("descriptors"), scales, seen, file))
    return issues


def _item_issues(
    items: Any,
    path: KeyPath,
    depth: int,
    kinds: list[str],
    seen: dict[str, KeyPath],
    file: str,
    issues: list[Issue],
) -> None:
    """The checks of each item, depth first: weights, ids, kinds (into ``issues``)."""
    entries = _entries(items)
    weights: list[Any] = [entry.get("weight") for _, entry in entries]
    if (
        entries
        and len(entries) == len(items)
        # (a weight past 1e9 is refused by the schema; summing it could overflow a float)
        and all(_is_number(w) and -1e9 < w < 1e9 for w in weights)
        and not math.isclose(sum(weights), 100.0, abs_tol=1e-6)
    ):
        where = "top-level items" if depth == 0 else "the items under one parent"
        issues.append(
            Issue(
                "CE303",
                f"the weights of {where} sum to {sum(weights):g}, not 100; when every "
                "sibling has a weight, the weights are shares of 100",
                file,
                path=path,
            )
        )
    for index, item in entries:
        here = (*path, index)
        item_id = item.get("id")
        if isinstance(item_id, str) and item_id in seen:
            issues.append(
                linked_issue(
                    "CE301",
                    f"duplicate item id {item_id!r} (first used at {PLACE}); ids must be "
                    "unique in a framework",
                    file,
                    path=(*here, "id"),
                    other=(*seen[item_id], "id"),
                )
            )
        elif isinstance(item_id, str):
            seen[item_id] = here
        kind = item.get("kind")
        if kind is None and depth >= len(kinds):
            issues.append(
                Issue(
                    "CE305",
                    f"item {item_id!r} needs a 'kind' (or declare "
                    f"'kinds' down to depth {depth + 1})",
                    file,
                    path=here,
                )
            )
        elif isinstance(kind, str) and kinds and kind not in kinds:
            issues.append(
                Issue(
                    "CE305",
                    f"kind {kind!r} is not one of the declared kinds "
                    f"({', '.join(kinds)}){did_you_mean(kind, kinds)}",
                    file,
                    path=(*here, "kind"),
                )
            )
        _item_issues(item.get("items", []), (*here, "items"), depth + 1, kinds, seen, file, issues)


def _ladder_issues(ladder: Any, roles: list[str], file: str) -> Iterator[Issue]:
    placed: set[str] = set()
    role_names = Speller(roles)
    for index, role in enumerate(ladder if isinstance(ladder, list) else []):
        if not isinstance(role, str):
            continue
        if role not in roles:
            yield Issue(
                "CE309",
                f"the ladder names unknown role {quoted(role)}{role_names.hint(role)}; "
                "roles are declared under 'roles'",
                file,
                path=("ladder", index),
            )
        elif role in placed:
            yield Issue(
                "CE309", f"the ladder names role {role!r} twice", file, path=("ladder", index)
            )
        placed.add(role)


def _descriptor_issues(
    descriptors: Any,
    scales: dict[str, dict[str, Any]],
    items: dict[str, KeyPath],
    file: str,
) -> Iterator[Issue]:
    first: dict[tuple[str, str, str], KeyPath] = {}
    item_names = Speller(items)  # indexed once, at the first unknown item
    for index, entry in _entries(descriptors):
        here: KeyPath = ("descriptors", index)
        item: Any = entry.get("item")
        scale_id: Any = entry.get("scale")
        level: Any = entry.get("level")
        if isinstance(item, str) and item not in items:
            yield Issue(
                "CE308",
                f"a descriptor names unknown item {quoted(item)}{item_names.hint(item)}",
                file,
                path=(*here, "item"),
            )
        levels: list[str] | None = None
        if isinstance(scale_id, str):
            if scale_id in scales:
                levels = _texts(
                    [lv.get("id") for _, lv in _entries(scales[scale_id].get("levels"))]
                )
            else:
                yield Issue(
                    "CE308",
                    f"a descriptor names scale {scale_id!r}, which this framework does not "
                    f"define{did_you_mean(scale_id, scales)}",
                    file,
                    path=(*here, "scale"),
                )
        if levels is not None and isinstance(level, str) and level not in levels:
            yield Issue(
                "CE308",
                f"level {level!r} is not on scale {scale_id!r} "
                f"({', '.join(levels)}){did_you_mean(level, levels)}",
                file,
                path=(*here, "level"),
            )
        score: Any = entry.get("score")
        backwards = isinstance(score, list) and len(score) == 2
        if backwards and all(map(_is_number, score)) and score[1] < score[0]:
            yield Issue(
                "CE204",
                f"the score range [{score[0]}, {score[1]}] runs backwards; "
                "write the lower score first",
                file,
                path=(*here, "score"),
            )
        if isinstance(item, str) and isinstance(scale_id, str) and isinstance(level, str):
            key = (item, scale_id, level)
            if key in first:
                yield linked_issue(
                    "CE308",
                    f"item {item!r} already has a descriptor of level {level!r} "
                    f"(at {PLACE}); give each item one descriptor per level",
                    file,
                    path=here,
                    other=first[key],
                )
            else:
                first[key] = here


def _entries(value: Any) -> list[tuple[int, dict[str, Any]]]:
    """The mappings of a list, with their indexes; nothing when ``value`` is not a list."""
    if not isinstance(value, list):
        return []
    return [(index, entry) for index, entry in enumerate(value) if isinstance(entry, dict)]


def _texts(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show_path(path: KeyPath) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _unique_ids(data: dict[str, Any], key: str, file: str, base: KeyPath = ()) -> Iterator[Issue]:
    seen: set[str] = set()
    for index, entry in _entries(data.get(key)):
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        if entry_id in seen:
            yield Issue(
                "CE301",
                f"duplicate id {entry_id!r} in {key}",
                file,
                path=(*base, key, index, "id"),
            )
        seen.add(entry_id)


def _matrix_issues(
    matrix: dict[str, Any],
    path: KeyPath,
    scales: dict[str, dict[str, Any]],
    roles: list[str],
    items: dict[str, KeyPath],
    file: str,
) -> Iterator[Issue]:
    expectations = _entries(matrix.get("expectations"))
    name = matrix.get("id")
    if matrix.get("status") == "pending" and expectations:
        yield Issue(
            "CE306",
            f"matrix {name!r} is pending (announced, not published) "
            "and cannot hold expectations; set its status to draft or published",
            file,
            path=(*path, "expectations"),
        )
    scale_id = matrix.get("scale")
    levels: list[Any] | None = None
    if isinstance(scale_id, str):
        if scale_id in scales:
            levels = [level.get("id") for _, level in _entries(scales[scale_id].get("levels"))]
        else:
            yield Issue(
                "CE302",
                f"matrix {name!r} names scale {scale_id!r}, which this "
                f"framework does not define{did_you_mean(scale_id, scales)}",
                file,
                path=(*path, "scale"),
            )
    elif scale_id is None and expectations:
        yield Issue(
            "CE302",
            f"matrix {name!r} has expectations but names no 'scale'",
            file,
            path=path,
        )
    role_names, item_names, role_set = Speller(roles), Speller(items), set(roles)
    named_roles = matrix.get("roles")
    for index, named in enumerate(named_roles if isinstance(named_roles, list) else []):
        if isinstance(named, str) and named not in role_set:
            yield Issue(
                "CE302",
                f"unknown role {quoted(named)}{role_names.hint(named)}; "
                "roles are declared under 'roles'",
                file,
                path=(*path, "roles", index),
            )
    cells: set[tuple[str, str]] = set()
    for index, cell in expectations:
        here = (*path, "expectations", index)
        role: Any = cell.get("role")
        item: Any = cell.get("item")
        level: Any = cell.get("level")
        if isinstance(role, str) and role not in role_set:
            yield Issue(
                "CE302",
                f"unknown role {quoted(role)}{role_names.hint(role)}",
                file,
                path=(*here, "role"),
            )
        if isinstance(item, str) and item not in items:
            yield Issue(
                "CE302",
                f"unknown item {quoted(item)}{item_names.hint(item)}",
                file,
                path=(*here, "item"),
            )
        if levels is not None and isinstance(level, str) and level not in levels:
            shown = ", ".join(str(lv) for lv in levels)
            yield Issue(
                "CE302",
                f"level {level!r} is not on scale {scale_id!r} "
                f"({shown}){did_you_mean(level, _texts(levels))}",
                file,
                path=(*here, "level"),
            )
        if isinstance(role, str) and isinstance(item, str):
            if (role, item) in cells:
                yield Issue(
                    "CE301",
                    f"role {role!r} is given two levels for item {item!r}",
                    file,
                    path=here,
                )
            cells.add((role, item))


# -- placing issues in the file ------------------------------------------------------------


def locate(
    issues: Iterable[Issue],
    document: Document,
    *,
    at_key: Callable[[Issue], bool] = lambda issue: issue.code == "CE201",
) -> list[Issue]:
    """Give each issue the line and column of its path in ``document`` (read with tracking).

    Issues about an unknown key (``at_key``; CE201 in our own formats) point at the key;
    others at the value. A value that YAML read as a number where text was expected gets a
    hint to quote it.
    """
    located: list[Issue] = []
    for issue in issues:
        if issue.line is not None:
            located.append(issue)
            continue
        position = document.position(issue.path, key=at_key(issue))
        message = issue.message
        if isinstance(issue, _Linked):
            where = document.position(issue.other)
            if where is not None:
                message = issue.template.replace(PLACE, f"line {where[0]}, column {where[1]}")
            issue = Issue(issue.code, message, issue.file, severity=issue.severity, path=issue.path)
        raw = document.plain_text.get(issue.path)
        if issue.code == "CE203" and raw and message.startswith("expected text"):
            # An empty value needs no hint: "found nothing (null)" says it all.
            read_as = "nothing" if message.endswith("(null)") else "a number or boolean"
            message += f"; YAML reads the unquoted {raw!r} as {read_as}, quote it: '{raw}'"
        line, column = position if position is not None else (None, None)
        located.append(
            attrs.evolve(issue, message=message, line=line, column=column, file=document.file)
        )
    located.sort(key=lambda i: (i.line or 0, i.column or 0))
    return located


def has_errors(issues: Iterable[Issue]) -> bool:
    """Whether any of ``issues`` is an error rather than a warning."""
    return any(issue.severity is Severity.ERROR for issue in issues)


# -- one document, read and checked ----------------------------------------------------------


def read_document(
    source: bytes | str,
    file: str,
    *,
    track: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    only: Collection[KeyPath] | None = None,
) -> Document:
    """A framework or crosswalk document, read by the one reader of its syntax.

    A ``.json`` file is read as JSON, so that the same bad file gets the same codes whether
    it is validated or imported (CE61x); anything else as YAML (CE11x), which reads JSON
    text too.
    """
    if file.endswith(".json"):
        from cecompetency.files.json_reader import read_json  # YAML files, most, start faster

        return read_json(source, file, track=track, limits=limits, only=only)
    return read_yaml(source, file, track=track, limits=limits, only=only)


def kind_of_document(source: bytes | str, file: str, limits: Limits = DEFAULT_LIMITS) -> str | None:
    """``"framework"`` or ``"crosswalk"``, as the document's format marker says; None when it
    cannot be read or names neither (loading it then says what is wrong)."""
    try:
        return document_kind(read_document(source, file, limits=limits).data, file)[0]
    except ValidationError:
        return None


# The checks beyond the schema for one kind of document: (data, file, schema issues) -> issues.
Rule = Callable[[Any, str, list[Issue]], list[Issue]]

# A framework's checks beyond the schema need nothing but the document itself (here, not
# in framework_files, so that validating a file does not import the typed model).
FRAMEWORK_RULES: dict[str, Rule] = {
    "framework": lambda data, file, _found: check_framework_data(data, file)
}


class Checked:
    """The outcome of checking one document: its kind, its data, and every issue."""

    __slots__ = ("data", "file", "issues", "kind")

    def __init__(self, kind: str | None, data: Any, issues: list[Issue], file: str) -> None:
        self.kind, self.data, self.issues, self.file = kind, data, issues, file

    @property
    def ok(self) -> bool:
        """Whether the document has no errors (warnings allowed)."""
        return not has_errors(self.issues)


def check_source(
    source: bytes | str,
    file: str = "<string>",
    *,
    rules: Mapping[str, Rule],
    expect: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    named: Ref | None = None,
) -> Checked:
    """Read and check one document of any known kind; never raises for bad content.

    ``rules`` gives, for each kind of document, the checks beyond the schema (a framework's
    tree and matrices, a crosswalk's references); they are passed in because a crosswalk's
    need the frameworks it names, which only the caller knows how to find.

    ``named`` is the ``id@version`` the file's name promises (see
    :func:`~cecompetency.files.names.named_ref`); a document that holds another gets CE307.
    """
    try:
        document = read_document(source, file, limits=limits)
    except ValidationError as exc:
        return Checked(None, None, list(exc.issues), file)
    data = document.data
    kind, issues = document_kind(data, file)
    if kind is not None and expect is not None and kind != expect:
        issues = [
            Issue(
                "CE205", f"this is a {kind} file; expected a {expect} file", file, path=("format",)
            )
        ]
    elif kind is not None:
        issues = schema_issues(data, kind, file, limit=limits.max_issues + 1)
        # The later checks skip what the schema found malformed, so an author sees every
        # issue at once rather than one stage after another.
        if len(issues) <= limits.max_issues:
            rule = rules.get(kind)
            if rule is not None:
                issues += rule(data, file, issues)
        mismatch = None if named is None else name_mismatch_issue(file, named, data)
        if mismatch is not None:
            issues.append(mismatch)
    too_many = len(issues) > limits.max_issues
    if issues:
        issues = issues[: limits.max_issues]
        # Positions of the reported paths only: one per node of a large file is its size again.
        wanted = [i.path for i in issues] + [i.other for i in issues if isinstance(i, _Linked)]
        # The read with positions builds the same data again: the first is let go before,
        # so that a file with an issue never holds its data twice.
        del document, data
        document = read_document(source, file, track=True, limits=limits, only=wanted)
        data = document.data
        issues = locate(issues, document)
    if too_many:  # a whole-file note, first
        issues.insert(0, _too_many(file, limits))
    return Checked(kind, data, issues, file)


def _too_many(file: str, limits: Limits) -> Issue:
    return Issue(
        "CE121",
        f"more than {limits.max_issues:,} issues; only the first {limits.max_issues:,} are "
        "reported (fix those first, or raise the limit with Limits(max_issues=...))",
        file,
    )
