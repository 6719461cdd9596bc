"""Levels of performance and of responsibility: level scales, roles, and the matrices that
say which level each role is expected to reach on each item.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

import attrs

from cecompetency.model.errors import ModelError, NotFoundError
from cecompetency.model.fields import (
    counted,
    matching,
    member,
    optional_name,
    optional_text,
    text_tuple,
    valid_name,
    valid_names,
    valid_text,
)
from cecompetency.model.grammar import ITEM_ID

__all__ = ["Expectation", "Level", "LevelMatrix", "LevelScale", "MatrixStatus", "Role"]


class MatrixStatus(enum.Enum):
    """A level matrix may be announced (``pending``) long before it is published."""

    PENDING = "pending"
    DRAFT = "draft"
    PUBLISHED = "published"


def _matrix_status(value: MatrixStatus | str) -> MatrixStatus:
    result: MatrixStatus = member(MatrixStatus, value)
    return result


# Typed converters: lists given by callers become tuples, so objects stay immutable.
def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(value)


def _expectations(value: Iterable[Expectation]) -> tuple[Expectation, ...]:
    return tuple(value)


@attrs.frozen
class Level:
    """One step of a level scale."""

    id: str = attrs.field(validator=valid_name)
    label: str = attrs.field(validator=valid_text)
    description: str | None = attrs.field(default=None, validator=optional_text)
    score: float | None = None


@attrs.frozen
class LevelScale:
    """An ordered scale of levels, lowest first (e.g. novice ... expert)."""

    id: str = attrs.field(validator=valid_name)
    title: str = attrs.field(validator=valid_text)
    levels: tuple[Level, ...] = attrs.field(converter=_levels)
    description: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        ids = [level.id for level in self.levels]
        if not ids:
            raise ModelError(f"scale {self.id!r} has no levels")
        if len(set(ids)) != len(ids):
            raise ModelError(f"scale {self.id!r} repeats a level id")

    def rank(self, level: str) -> int:
        """The 0-based position of ``level`` on the scale (higher is more)."""
        for index, candidate in enumerate(self.levels):
            if candidate.id == level:
                return index
        raise NotFoundError(f"scale {self.id!r} has no level {level!r}")

    def __contains__(self, level: object) -> bool:
        return any(candidate.id == level for candidate in self.levels)


@attrs.frozen
class Role:
    """A role people hold (e.g. leader, manager, coordinator)."""

    id: str = attrs.field(validator=valid_name)
    title: str = attrs.field(validator=valid_text)
    description: str | None = attrs.field(default=None, validator=optional_text)


@attrs.frozen
class Expectation:
    """One cell of a level matrix: people in ``role`` are expected at ``level`` on ``item``."""

    role: str = attrs.field(validator=valid_name)
    item: str = attrs.field(validator=matching(ITEM_ID, "item id"))
    level: str = attrs.field(validator=valid_name)


@attrs.frozen
class LevelMatrix:
    """Role x item -> expected level, on one scale.

    A ``pending`` matrix is announced but not published: it names its roles and has
    no scale and no expectations yet.
    """

    id: str = attrs.field(validator=valid_name)
    title: str = attrs.field(validator=valid_text)
    status: MatrixStatus = attrs.field(converter=_matrix_status)
    roles: tuple[str, ...] = attrs.field(default=(), converter=text_tuple, validator=valid_names)
    scale: str | None = attrs.field(default=None, validator=optional_name)
    expectations: tuple[Expectation, ...] = attrs.field(
        default=(), converter=_expectations, repr=counted("expectation")
    )
    description: str | None = attrs.field(default=None, validator=optional_text)

    def __attrs_post_init__(self) -> None:
        if self.status is MatrixStatus.PENDING and self.expectations:
            raise ModelError(f"matrix {self.id!r} is pending and cannot hold expectations")
        if self.expectations and self.scale is None:
            raise ModelError(f"matrix {self.id!r} has expectations but no scale")

    def expected(self, role: str, item: str) -> str | None:
        """The level expected of ``role`` on ``item``, or ``None`` if the matrix says nothing."""
        for cell in self.expectations:
            if cell.role == role and cell.item == item:
                return cell.level
        return None
