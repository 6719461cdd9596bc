"""The validators and converters the model's classes share: checks at the boundary, and
lists given by callers turned into tuples and read-only mappings, so objects stay immutable.
"""

from __future__ import annotations

import enum
import re
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from cecompetency.model.errors import ModelError

__all__ = [
    "JSONValue",
    "counted",
    "extensions_field",
    "frozen_mapping",
    "matching",
    "member",
    "nonempty",
    "text_tuple",
]

JSONValue = Any  # what YAML/JSON extension values may hold; checked at the boundary


def member(kind: type[enum.Enum], value: Any) -> Any:
    """``kind(value)``, or a ModelError that names the valid values."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ModelError(f"expected one of {choices}, got {value!r}") from None


def frozen_mapping(value: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    """A read-only copy of ``value`` (empty for None)."""
    return types.MappingProxyType(dict(value or {}))


def text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """A tuple of texts; one text alone is a tuple of one."""
    if isinstance(value, str):  # a lone string would otherwise become a tuple of letters
        return (value,)
    return tuple(value)


def nonempty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    """An attrs validator: the value is text with something other than white space."""
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{attribute.name} must be non-empty text, got {value!r}")


def matching(pattern: str, what: str) -> Any:
    """A validator: the value must be a valid ``what``, so that it can appear in a reference."""
    compiled = re.compile(pattern)

    def validate(_inst: object, _attr: object, value: str) -> None:
        if not compiled.fullmatch(value):
            raise ModelError(f"{value!r} is not a valid {what}")

    return validate


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
