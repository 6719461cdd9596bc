"""The validators and converters the model's classes share: checks at the boundary, and
lists given by callers turned into tuples and read-only mappings, so objects stay immutable.
"""

from __future__ import annotations

import enum
import os
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.grammar import NAME, TEXT, control_character

__all__ = [
    "JSONValue",
    "counted",
    "extensions_field",
    "frozen_mapping",
    "matching",
    "member",
    "nonempty",
    "optional_name",
    "optional_text",
    "require",
    "require_path",
    "text_tuple",
    "valid_name",
    "valid_names",
    "valid_text",
    "valid_texts",
]

JSONValue = Any  # what YAML/JSON extension values may hold; checked at the boundary


def require(value: Any, kind: type | tuple[type, ...], name: str) -> None:
    """A public function's check of one argument: a :class:`TypeError` that names it, rather
    than an ``AttributeError`` from deep inside when it is of the wrong type."""
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in _kinds(kind)):
        wanted = " or ".join(k.__name__ for k in _kinds(kind))
        raise TypeError(f"{name} must be {wanted}, got {type(value).__name__} {value!r:.60}")


def _kinds(kind: type | tuple[type, ...]) -> tuple[type, ...]:
    return kind if isinstance(kind, tuple) else (kind,)


def require_path(value: Any, name: str = "path") -> None:
    """A file's path: text or an ``os.PathLike``; never a file descriptor, which ``open``
    would take and then close behind the caller's back."""
    if not isinstance(value, str | os.PathLike):
        raise TypeError(
            f"{name} must be a path (str or os.PathLike), got {type(value).__name__} {value!r:.60}"
        )


def member(kind: type[enum.Enum], value: Any) -> Any:
    """``kind(value)``, or a ModelError that names the valid values."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ModelError(f"expected one of {choices}, got {value!r}") from None


# Shared by every model object without extensions (most): read-only, so one is enough,
# where one each cost a framework of many small items more than their text.
_EMPTY: Mapping[str, JSONValue] = types.MappingProxyType({})


def frozen_mapping(value: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    """A read-only copy of ``value`` (empty for None)."""
    if not value:
        return _EMPTY
    return types.MappingProxyType(dict(value))


def text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """A tuple of texts; one text alone is a tuple of one."""
    if isinstance(value, str):  # a lone string would otherwise become a tuple of letters
        return (value,)
    return tuple(value)


def nonempty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """An attrs validator: the value is text with something other than white space."""
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{attribute.name} must be non-empty text, got {value!r}")


def matching(pattern: str, what: str, *, optional: bool = False, each: bool = False) -> Any:
    """A validator: the value must be a valid ``what`` (matches ``pattern`` in full), the
    definition the schema holds too (:mod:`cecompetency.model.grammar`). ``optional``
    allows ``None``; ``each`` checks every value of a tuple."""
    compiled = re.compile(pattern)

    def check(value: Any) -> None:
        if not isinstance(value, str):
            raise ModelError(f"a {what} is text, got {type(value).__name__} {value!r:.80}")
        if not compiled.fullmatch(value):
            control = control_character(value)
            if control is not None:
                raise ModelError(
                    f"{value!r:.80} is not a valid {what}: it holds the control character "
                    f"U+{ord(control):04X}"
                )
            raise ModelError(f"{value!r:.80} is not a valid {what}")

    def validate(_inst: object, _attr: object, value: Any) -> None:
        if optional and value is None:
            return
        if each:
            for entry in value:
                check(entry)
        else:
            check(value)

    return validate


_TEXT_WHAT = "text (something other than white space, and no control character)"
# The validators of the kinds of value every model class uses.
_NAME_WHAT = "name (letters, digits, '.', '_', '-')"
valid_text = matching(TEXT, _TEXT_WHAT)
optional_text = matching(TEXT, _TEXT_WHAT, optional=True)
valid_texts = matching(TEXT, _TEXT_WHAT, each=True)
valid_name = matching(NAME, _NAME_WHAT)
optional_name = matching(NAME, _NAME_WHAT, optional=True)
valid_names = matching(NAME, _NAME_WHAT, each=True)


def _extension_keys(_inst: object, _attr: object, value: Mapping[str, JSONValue]) -> None:
    for key in value:
        if not key.startswith("x-"):
            raise ModelError(f"extension keys start with 'x-', got {key!r}")


# The ``extensions`` field of every model class: ``x-`` keys only, read-only, not hashed.
extensions_field: Any = attrs.field(
    factory=dict, converter=frozen_mapping, validator=_extension_keys, hash=False
)


def counted(noun: str) -> Callable[[tuple[Any, ...]], str]:
    """A field's repr as a count: the repr of a whole tree would run to megabytes."""
    return lambda value: f"<{len(value)} {noun}{'' if len(value) == 1 else 's'}>"
