"""References: the one syntax that names a framework, a version of it, or an item in it.

``FRAMEWORK[@VERSION][:ITEM]``, e.g. ``alliance``, ``alliance@2008``,
``alliance@2008:2.10``. Without a version the newest is meant. ``str(parse_ref(s)) == s``
for every valid ``s``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import attrs

from cecompetency.model.errors import RefError, RefTypeError
from cecompetency.model.grammar import FRAMEWORK_ID, ITEM_ID, VERSION

__all__ = [
    "FRAMEWORK_ID",
    "ITEM_ID",
    "VERSION",
    "Ref",
    "as_ref",
    "parse_ref",
    "trusted_ref",
    "version_key",
]

# The grammar of each part is in one place, shared with the schemas.

_REF = re.compile(rf"({FRAMEWORK_ID})(?:@({VERSION}))?(?::({ITEM_ID}))?")
_FRAMEWORK_RE = re.compile(FRAMEWORK_ID)
_VERSION_RE = re.compile(VERSION)
_ITEM_RE = re.compile(ITEM_ID)


def _optional_match(
    pattern: re.Pattern[str], what: str, *, optional: bool = True
) -> Callable[[object, object, Any], None]:
    def validate(_inst: object, _attr: object, value: Any) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str):
            raise RefTypeError(f"the {what} of a reference is text, got {value!r:.60}")
        if not pattern.fullmatch(value):
            raise RefError(f"invalid {what} {value!r} in a reference")

    return validate


@attrs.frozen(order=False)
class Ref:
    """A parsed reference. ``version`` and ``item`` are optional."""

    framework: str = attrs.field(
        validator=_optional_match(_FRAMEWORK_RE, "framework id", optional=False)
    )
    version: str | None = attrs.field(
        default=None, validator=_optional_match(_VERSION_RE, "version")
    )
    item: str | None = attrs.field(default=None, validator=_optional_match(_ITEM_RE, "item id"))

    def __str__(self) -> str:
        text = self.framework
        if self.version is not None:
            text += "@" + self.version
        if self.item is not None:
            text += ":" + self.item
        return text

    @property
    def framework_ref(self) -> Ref:
        """This reference without its item part."""
        return Ref(self.framework, self.version)

    def with_item(self, item: str | None) -> Ref:
        """This reference naming ``item`` (or no item, with ``None``)."""
        if type(self) is Ref and type(item) is str and _ITEM_RE.fullmatch(item):
            # The framework and version were checked when this one was made: readers
            # of large files make tens of thousands of items of one framework so.
            ref = _new(Ref)
            _set_framework(ref, self.framework)
            _set_version(ref, self.version)
            _set_item(ref, item)
            return ref
        return Ref(self.framework, self.version, item)

    def with_version(self, version: str | None) -> Ref:
        """This reference naming ``version`` (or the newest, with ``None``)."""
        return Ref(self.framework, version, self.item)


# Ref.with_item sets each slot through its descriptor (the frozen class refuses setattr).
_new = object.__new__
_set_framework, _set_version, _set_item = (vars(Ref)[f.name].__set__ for f in attrs.fields(Ref))
_new_ref = object.__new__
_set = object.__setattr__


def trusted_ref(framework: str, version: str | None, item: str | None) -> Ref:
    """``Ref(framework, version, item)`` for parts a framework has already checked (its
    id, version and item ids), without checking them again: a diff makes a reference per
    change, and matching each part against its pattern again cost more than the rest of
    building the change, and grew faster than the changes."""
    ref = _new_ref(Ref)
    _set(ref, "framework", framework)
    _set(ref, "version", version)
    _set(ref, "item", item)
    return ref


def parse_ref(text: str) -> Ref:
    """Parse ``FRAMEWORK[@VERSION][:ITEM]``; raise :class:`RefError` if it is not one
    (:class:`~cecompetency.model.errors.RefTypeError`, a :class:`TypeError`, if it is not text).
    """
    if not isinstance(text, str):
        raise _not_a_reference(text)
    return _parse(text)


def as_ref(value: Ref | str) -> Ref:
    """``value`` as a :class:`Ref`: a ``Ref`` as it is, text parsed.

    Anything else raises :class:`~cecompetency.model.errors.RefTypeError` (a
    :class:`TypeError`) that says what to pass instead: every function that takes a
    reference uses this, so none fails deep inside on an object of the wrong kind.
    """
    if isinstance(value, Ref):
        return value
    if isinstance(value, str):
        return _parse(value)
    raise _not_a_reference(value)


def _not_a_reference(value: object) -> RefTypeError:
    kind = type(value).__name__
    expected = "a reference must be text such as 'alliance@2008:2.10', or a Ref"
    if kind == "Item":  # the model's Item: it does not know which framework holds it
        return RefTypeError(
            f"{expected}, not the Item {getattr(value, 'id', '?')!r}; an item does not know "
            "its framework: pass framework.ref_of(item)"
        )
    if kind == "Framework":
        return RefTypeError(f"{expected}, not the Framework {value}; pass framework.ref")
    return RefTypeError(f"{expected}, not {kind}")


@functools.lru_cache(maxsize=1 << 16)
def _parse(text: str) -> Ref:
    # Refs are immutable, and a crosswalk names the same items again and again: parse once.
    match = _REF.fullmatch(text)
    if match is None:
        raise RefError(
            f"{text!r} is not a reference; expected FRAMEWORK[@VERSION][:ITEM], "
            "e.g. 'alliance@2008:2.10'"
        )
    framework, version, item = match.groups()
    return Ref(framework, version, item)


_PART = re.compile(r"(\d+)|([^\d]+)")


def version_key(version: str) -> tuple[tuple[int, int, str] | tuple[int, str], ...]:
    """A sort key that orders versions naturally: ``2.10`` after ``2.9``, ``2008`` after ``2003``.

    Numeric runs compare as numbers and sort before text runs at the same position.
    Pre-release markers get no special meaning: ``1.0-draft`` is just longer than ``1.0``.
    """
    # A numeric run compares by its length, then its digits (leading zeros dropped): the
    # order of numbers, without making one (Python refuses an int of 4,300 digits or more).
    key: list[tuple[int, int, str] | tuple[int, str]] = []
    for number, text in _PART.findall(version):
        if number:
            digits = number.lstrip("0") or "0"
            key.append((0, len(digits), digits))
        else:
            key.append((1, text))
    return tuple(key)
