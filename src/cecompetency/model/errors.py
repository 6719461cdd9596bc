"""The one exception hierarchy, and the located issues that validation reports.

Every error the library raises on purpose is a :class:`CecompetencyError`. Validation
problems are collected as :class:`Issue` values (code, message, place) so that a caller
sees all of them at once, as ``FILE:LINE:COL: error[CODE]: message``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from cecompetency.text.shortening import MAX_MESSAGE, shorten

__all__ = [
    "CecompetencyError",
    "CrosswalkError",
    "DiffError",
    "FileExistsRefusal",
    "FrameworkError",
    "Issue",
    "MatrixPendingError",
    "MissingDependencyError",
    "ModelError",
    "NotARegularFileRefusal",
    "NotFoundError",
    "PlotError",
    "ProfileError",
    "RefError",
    "Severity",
    "ValidationError",
]


class Severity(enum.Enum):
    """How serious an :class:`Issue` is: errors reject a file, warnings do not."""

    ERROR = "error"
    WARNING = "warning"


def _optional_int(_inst: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
        raise TypeError(f"{attribute.name} must be a whole number or None, got {value!r:.60}")


def _capped(text: object) -> str:
    if not isinstance(text, str):
        raise TypeError(f"message must be text, got {text!r:.60}")
    return shorten(text, MAX_MESSAGE)


@attrs.frozen
class Issue:
    """One problem found in a file, with a stable code and a place.

    ``line`` and ``column`` are 1-based; both are ``None`` for whole-file problems.
    ``path`` is the location inside the document (keys and list indexes).
    """

    code: str = attrs.field(validator=attrs.validators.instance_of(str))
    # However a message was built, it is never longer than MAX_MESSAGE: a value quoted whole
    # (a 21 MB cell) is cut in the middle, which keeps the start and the hint at the end.
    message: str = attrs.field(converter=_capped)
    file: str = attrs.field(default="<string>", validator=attrs.validators.instance_of(str))
    line: int | None = attrs.field(default=None, validator=_optional_int)
    column: int | None = attrs.field(default=None, validator=_optional_int)
    severity: Severity = attrs.field(
        default=Severity.ERROR, validator=attrs.validators.instance_of(Severity)
    )
    path: tuple[str | int, ...] = attrs.field(
        default=(), validator=attrs.validators.instance_of(tuple)
    )

    def __str__(self) -> str:
        place = self.file + ":"
        if self.line is not None:
            place += f"{self.line}:{self.column or 1}:"
        return f"{place} {self.severity.value}[{self.code}]: {self.message}"

    @property
    def is_error(self) -> bool:
        """Whether this issue rejects the file (a warning does not)."""
        return self.severity is Severity.ERROR


class CecompetencyError(Exception):
    """Base of every error this library raises on purpose."""


class RefError(CecompetencyError, ValueError):
    """A reference string is not of the form ``FRAMEWORK[@VERSION][:ITEM]``."""


class RefTypeError(RefError, TypeError):
    """What was given where a reference is expected is not one: neither a
    :class:`~cecompetency.model.refs.Ref` nor text (an ``Item``, say, which does not know
    its framework). A :class:`TypeError`, and a :class:`RefError` for code that catches those.
    """


class NotFoundError(CecompetencyError, KeyError):
    """A framework, version or item that a reference names does not exist."""

    def __str__(self) -> str:
        # KeyError would print the repr of its argument; a message reads better.
        return str(self.args[0]) if self.args else ""


class ModelError(CecompetencyError, ValueError):
    """A model object was built with values that break its invariants."""


class ValidationError(CecompetencyError):
    """A file was rejected; ``issues`` holds every problem found, in file order."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        errors = [i for i in self.issues if i.is_error]
        shown = errors or list(self.issues)
        text = "\n".join(str(i) for i in shown[:20])
        if len(shown) > 20:
            text += f"\n... and {len(shown) - 20} more"
        super().__init__(text)


class FrameworkError(ValidationError):
    """A framework file (or document) is invalid."""


class CrosswalkError(ValidationError):
    """A crosswalk file (or document) is invalid."""


# -- raised by the layers above, kept here so that the hierarchy reads in one place --


class PlotError(CecompetencyError, ValueError):
    """A figure cannot be drawn as asked (too many items, frameworks not named, ...)."""


class MissingDependencyError(CecompetencyError, ImportError):
    """An optional dependency is not installed; the message says which extra brings it."""


class DiffError(CecompetencyError, ValueError):
    """A diff was used with a framework or crosswalk it does not describe."""


class FileExistsRefusal(CecompetencyError, FileExistsError):
    """A write would replace an existing file and the caller did not ask for that."""


class NotARegularFileRefusal(FileExistsRefusal):
    """A write would replace a symbolic link, device, pipe or folder; only files are replaced."""


class ProfileError(CecompetencyError, ValueError):
    """A profile does not fit the framework, scale or matrix it is used with."""


class MatrixPendingError(CecompetencyError):
    """The level matrix is announced but not published: it holds no expectations.

    :func:`~cecompetency.analysis.profiles.gaps` raises this rather than return an empty
    list, which would read as "no gaps" when the truth is "nothing to compare with yet".
    """
