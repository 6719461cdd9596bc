"""The one two-speed schema check: a compiled yes/no first, jsonschema to explain failures.

jsonschema explains *why* a document is invalid, and its generality costs about a
second on a 20,000-item framework. Most files are valid, so :class:`SchemaCheck` first
asks a compiled check, which only answers *whether* the document is valid, and calls
jsonschema only for documents that fail (to report every issue with its reason). Every
schema the library checks against (its own two, and 1EdTech's CASE schema) goes through it.

The schema is compiled into nested closures, once. Only the keywords our schemas use are
supported; any other keyword is a compile error, so the two checks cannot silently
disagree. A property test compares the answers with jsonschema's on random documents.
"""

from __future__ import annotations

import contextlib
import functools
import re
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema

__all__ = ["FORMAT_CHECKS", "SchemaCheck", "compile_schema", "format_checker"]

Check = Callable[[Any], bool]

_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "number": lambda v: _is_number(v),
    "integer": lambda v: (
        (isinstance(v, int) and not isinstance(v, bool))
        or (isinstance(v, float) and v.is_integer())
    ),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}

_ANNOTATIONS = {"$schema", "$id", "title", "description", "$comment", "examples", "default"}


# The format checks import what they need when first called: few documents use them,
# and every command that reads a file imports this module.
def _date(value: str) -> bool:
    import datetime

    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return bool(re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value))


def _uri(value: str) -> bool:
    import urllib.parse

    try:
        parts = urllib.parse.urlsplit(value)
    except ValueError:  # e.g. "http://[": an unbalanced IPv6 bracket
        return False
    return bool(re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*", parts.scheme)) and not any(
        ch.isspace() for ch in value
    )


# [0-9], not \d: \d also matches other scripts' digits, which RFC 3339 does not allow.
_DATE_TIME = re.compile(
    r"([0-9]{4}-[0-9]{2}-[0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]+)?"
    r"(?:[Zz]|([+-])([0-9]{2}):([0-9]{2}))"
)


def _date_time(value: str) -> bool:
    """RFC 3339 date-time: a full date, a time and a time zone (``Z`` or an offset)."""
    match = _DATE_TIME.fullmatch(value)
    if match is None or not _date(match.group(1)):
        return False
    hour, minute, second = (int(match.group(n)) for n in (2, 3, 4))
    sign, zone_hour, zone_minute = match.group(5, 6, 7)
    offset = 0
    if sign is not None:
        if int(zone_hour) > 23 or int(zone_minute) > 59:
            return False
        offset = (int(zone_hour) * 60 + int(zone_minute)) * (1 if sign == "+" else -1)
    if hour > 23 or minute > 59 or second > 60:
        return False
    # A leap second is always the last second of a UTC day (RFC 3339, section 5.7).
    return second < 60 or (hour * 60 + minute - offset) % 1440 == 1439


_UUID = re.compile(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}")


def _uuid(value: str) -> bool:
    """The hyphenated 8-4-4-4-12 hex form that JSON Schema's ``uuid`` format means.

    A regular expression, not ``uuid.UUID``: that reads the digits with ``int(_, 16)``,
    which also takes a sign, spaces and underscores."""
    return _UUID.fullmatch(value) is not None


# The format checks, shared by the compiled check and every jsonschema validator we build,
# so that all answer alike whatever optional packages jsonschema finds installed (it checks
# 'date-time' and 'uri' only when the rfc3339 and rfc3987 packages happen to be present).
FORMAT_CHECKS: dict[str, Callable[[str], bool]] = {
    "date": _date,
    "date-time": _date_time,
    "uri": _uri,
    "uuid": _uuid,
}


def format_checker() -> jsonschema.FormatChecker:
    """A jsonschema format checker that checks exactly :data:`FORMAT_CHECKS`, on every machine."""
    import jsonschema  # only the slow, explaining path needs it

    checker = jsonschema.FormatChecker(formats=())
    for name, test in FORMAT_CHECKS.items():
        checker.checks(name, raises=ValueError)(_on_text(test))
    return checker


def _on_text(test: Callable[[str], bool]) -> Callable[[object], bool]:
    """A format applies to text only; other types are the 'type' keyword's business."""
    return lambda value: not isinstance(value, str) or test(value)


def compile_schema(schema: dict[str, Any]) -> Check:
    """Compile ``schema`` (with its ``$defs``) into a function: document -> is it valid?"""
    defs: dict[str, Any] = schema.get("$defs", {})
    compiled: dict[str, Check] = {}

    def ref(name: str) -> Check:
        # Late binding lets recursive definitions (items within items) refer to themselves.
        def check(value: Any) -> bool:
            return compiled[name](value)

        return check

    def build(node: Any) -> Check:
        if node is True:
            return lambda _v: True
        if node is False:
            return lambda _v: False
        checks: list[Check] = []
        for key, arg in node.items():
            if key in _ANNOTATIONS or key == "$defs":
                continue
            checks.append(keyword(key, arg, node))
        checks = [c for c in checks if c is not _always]
        if not checks:
            return _always
        if len(checks) == 1:
            return checks[0]
        return _all_of(checks)

    def keyword(key: str, arg: Any, node: dict[str, Any]) -> Check:
        if key == "$ref":
            prefix = "#/$defs/"
            if not arg.startswith(prefix):
                raise ValueError(f"unsupported $ref {arg!r}")
            return ref(arg[len(prefix) :])
        if key == "type":
            names = [arg] if isinstance(arg, str) else list(arg)
            tests = [_TYPES[n] for n in names]
            if len(tests) == 1:
                return tests[0]
            return lambda v: any(t(v) for t in tests)
        if key == "const":
            if type(arg) is str:  # text equals only text (see _equal)
                return lambda v: type(v) is str and v == arg
            return lambda v: _equal(v, arg)
        if key == "enum":
            options = list(arg)
            if all(type(o) is str for o in options):
                texts = frozenset(options)
                return lambda v: type(v) is str and v in texts
            return lambda v: any(_equal(v, o) for o in options)
        if key == "required":
            needed = frozenset(arg)
            return lambda v: not isinstance(v, dict) or v.keys() >= needed
        if key == "properties":
            return _properties({name: build(sub) for name, sub in arg.items()})
        if key == "patternProperties":
            pats = [(re.compile(p), build(sub)) for p, sub in arg.items()]
            return lambda v: (
                not isinstance(v, dict)
                or all(check(x) for k, x in v.items() for p, check in pats if p.search(k))
            )
        if key == "additionalProperties":
            known = frozenset(node.get("properties", {}))
            patterns = [re.compile(p) for p in node.get("patternProperties", {})]
            extra = build(arg)
            return lambda v: (
                not isinstance(v, dict)
                or v.keys() <= known  # the usual case, at the speed of a set operation
                or all(
                    extra(x)
                    for k, x in v.items()
                    if k not in known and not any(p.search(k) for p in patterns)
                )
            )
        if key == "items":
            each = build(arg)
            return lambda v: not isinstance(v, list) or all(each(x) for x in v)
        if key == "minItems":
            return lambda v: not isinstance(v, list) or len(v) >= arg
        if key == "maxItems":
            return lambda v: not isinstance(v, list) or len(v) <= arg
        if key == "minLength":
            return lambda v: not isinstance(v, str) or len(v) >= arg
        if key == "pattern":
            pattern = re.compile(arg)
            return lambda v: not isinstance(v, str) or pattern.search(v) is not None
        if key == "minimum":
            return lambda v: not _is_number(v) or v >= arg
        if key == "maximum":
            return lambda v: not _is_number(v) or v <= arg
        if key == "format":
            test = FORMAT_CHECKS.get(arg)
            if test is None:
                return _always
            return lambda v: not isinstance(v, str) or test(v)
        if key == "anyOf":
            options = [build(sub) for sub in arg]
            return lambda v: any(o(v) for o in options)
        if key == "oneOf":
            options = [build(sub) for sub in arg]
            return lambda v: sum(1 for o in options if o(v)) == 1
        raise ValueError(f"unsupported JSON Schema keyword {key!r}")

    for name, sub in defs.items():
        compiled[name] = build(sub)
    return build(schema)


def _always(_value: Any) -> bool:
    return True


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


def _all_of(checks: list[Check]) -> Check:
    """Every one of ``checks``; two or three (most schema nodes) without a loop."""
    if len(checks) == 2:
        first, second = checks
        return lambda v: first(v) and second(v)
    if len(checks) == 3:
        first, second, third = checks
        return lambda v: first(v) and second(v) and third(v)

    def check(v: Any) -> bool:
        return all(c(v) for c in checks)

    return check


def _properties(props: dict[str, Check]) -> Check:
    def check(v: Any) -> bool:
        if not isinstance(v, dict):
            return True
        for key, value in v.items():
            sub = props.get(key)
            if sub is not None and not sub(value):
                return False
        return True

    return check


def _equal(a: Any, b: Any) -> bool:
    """JSON equality as JSON Schema defines it: true is not 1, but 1 is 1.0."""
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if _TYPES["number"](a) and _TYPES["number"](b):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


class SchemaCheck:
    """One JSON Schema, checked at two speeds: :meth:`errors` is empty for a valid document
    at the compiled check's speed, and is jsonschema's own list of errors otherwise."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema

    @functools.cached_property
    def _compiled(self) -> Check:
        return compile_schema(self.schema)

    def is_valid(self, data: Any) -> bool:
        """The compiled check's yes/no; any doubt (even its own failure) answers no."""
        return _passes(self._compiled, data)

    def errors(self, data: Any) -> Iterator[jsonschema.ValidationError]:
        """jsonschema's errors for ``data``, in its order; none, fast, for a valid document."""
        if self.is_valid(data):
            return iter(())
        return self._explainer.iter_errors(data)

    @functools.cached_property
    def _explainer(self) -> jsonschema.protocols.Validator:
        """jsonschema's validator, made to look only into list entries that fail.

        Explaining a whole 20,000-item framework to report one wrong item took jsonschema
        four times as long as loading the valid file. Its ``items`` keyword is replaced by
        one that asks the compiled check about each entry first and descends only into
        those that fail. The entries passed over are valid, and a valid entry yields no
        errors, so the errors, their order, paths and details are exactly jsonschema's own;
        only the work is less.
        """
        import jsonschema  # only documents that fail need it: valid ones start faster

        base = jsonschema.validators.validator_for(self.schema)
        explain_items = base.VALIDATORS["items"]
        checks = _entry_checks(self.schema)

        def items(
            validator: Any,  # jsonschema's own validator type: 'descend' is not in its protocol
            each: Any,
            instance: Any,
            node: dict[str, Any],
        ) -> Iterator[jsonschema.ValidationError]:
            check = checks.get(id(each))
            if check is None or "prefixItems" in node or not isinstance(instance, list):
                yield from explain_items(validator, each, instance, node)
                return
            for index, entry in enumerate(instance):
                if not _passes(check[1], entry):
                    yield from validator.descend(instance=entry, schema=each, path=index)

        extend: Any = jsonschema.validators.extend  # untyped in jsonschema
        cls = extend(base, validators={"items": items})
        # Our own format checks, so the same document gets the same answer on every machine.
        validator: jsonschema.protocols.Validator = cls(
            self.schema, format_checker=format_checker()
        )
        return validator


def _entry_checks(schema: dict[str, Any]) -> dict[int, tuple[Any, Check]]:
    """A compiled check for every ``items`` sub-schema of ``schema``, by the sub-schema's id.

    jsonschema resolves ``$ref`` to the very objects of the schema it was given, so an id
    finds the check. Each entry keeps its sub-schema alive, so no id can be reused.
    """
    defs = schema.get("$defs", {})
    checks: dict[int, tuple[Any, Check]] = {}
    pending: list[Any] = [schema]
    while pending:
        node = pending.pop()
        if isinstance(node, list):
            pending.extend(node)
        if not isinstance(node, dict):
            continue
        each = node.get("items")
        if isinstance(each, dict) and id(each) not in checks:
            # A keyword the compiler lacks leaves no check: jsonschema looks at every entry.
            with contextlib.suppress(ValueError):
                checks[id(each)] = (each, compile_schema({**each, "$defs": defs}))
        pending.extend(node.values())
    return checks


def _passes(check: Check, value: Any) -> bool:
    try:
        return check(value)
    except Exception:  # any doubt: let jsonschema look
        return False
