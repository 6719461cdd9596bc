"""The typed, immutable model of a competency framework.

Small frozen value classes in the manner of ``attrs``: they check their own invariants
when built and know nothing of files. :class:`Framework` indexes its item tree once,
so lookups by id and parent are constant time.
"""

from __future__ import annotations

import datetime
import enum
import re
import types
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any

import attrs

from cecompetency.model.display import Displayable
from cecompetency.model.errors import ModelError, NotFoundError
from cecompetency.model.refs import FRAMEWORK_ID, ITEM_ID, VERSION, Ref

__all__ = [
    "Expectation",
    "Framework",
    "Item",
    "Level",
    "LevelMatrix",
    "LevelScale",
    "MatrixStatus",
    "Publisher",
    "Role",
    "Source",
    "Status",
]

JSONValue = Any  # what YAML/JSON extension values may hold; checked at the boundary


class Status(enum.Enum):
    """The life-cycle state of a framework version."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


class MatrixStatus(enum.Enum):
    """A level matrix may be announced (``pending``) long before it is published."""

    PENDING = "pending"
    DRAFT = "draft"
    PUBLISHED = "published"


def _status(value: Status | str) -> Status:
    result: Status = _member(Status, value)
    return result


def _matrix_status(value: MatrixStatus | str) -> MatrixStatus:
    result: MatrixStatus = _member(MatrixStatus, value)
    return result


def _member(kind: type[enum.Enum], value: Any) -> Any:
    """``kind(value)``, or a ModelError that names the valid values."""
    try:
        return kind(value)
    except ValueError:
        choices = ", ".join(repr(member.value) for member in kind)
        raise ModelError(f"expected one of {choices}, got {value!r}") from None


def _frozen_mapping(value: Mapping[str, JSONValue] | None) -> Mapping[str, JSONValue]:
    return types.MappingProxyType(dict(value or {}))


def _text_tuple(value: Iterable[str]) -> tuple[str, ...]:
    if isinstance(value, str):  # a lone string would otherwise become a tuple of letters
        return (value,)
    return tuple(value)


def _nonempty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{attribute.name} must be non-empty text, got {value!r}")


def _matching(pattern: str, what: str) -> Any:
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


_extensions_field: Any = attrs.field(
    factory=dict, converter=_frozen_mapping, validator=_extension_keys, hash=False
)


def _counted(noun: str) -> Callable[[tuple[Any, ...]], str]:
    """A field's repr as a count: the repr of a whole tree would run to megabytes."""
    return lambda value: f"<{len(value)} {noun}{'' if len(value) == 1 else 's'}>"


def _tree_repr(items: tuple[Item, ...]) -> str:
    total = sum(1 for top in items for _ in top.walk())
    return f"<{len(items)} top-level, {total} in all>"


# Typed converters: lists given by callers become tuples, so objects stay immutable.
def _publishers(value: Iterable[Publisher]) -> tuple[Publisher, ...]:
    return tuple(value)


def _items(value: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(value)


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return tuple(value)


def _scales(value: Iterable[LevelScale]) -> tuple[LevelScale, ...]:
    return tuple(value)


def _roles(value: Iterable[Role]) -> tuple[Role, ...]:
    return tuple(value)


def _expectations(value: Iterable[Expectation]) -> tuple[Expectation, ...]:
    return tuple(value)


def _matrices(value: Iterable[LevelMatrix]) -> tuple[LevelMatrix, ...]:
    return tuple(value)


@attrs.frozen
class Publisher:
    """An organization that publishes a framework."""

    name: str = attrs.field(validator=_nonempty)
    abbreviation: str | None = None
    url: str | None = None


@attrs.frozen
class Source:
    """Where the framework's text was taken from."""

    citation: str = attrs.field(validator=_nonempty)
    url: str | None = None
    retrieved: datetime.date | None = None


@attrs.frozen
class Item:
    """A node of a framework's tree: an area, a competency, a sub-competency, ...

    ``id`` is unique within its framework. An item has a title, a statement, or both.
    ``weight`` is an exam-blueprint share; sibling weights sum to 100 when all are given.
    """

    id: str = attrs.field(
        validator=[
            _nonempty,
            _matching(ITEM_ID, "item id (no whitespace, not starting with '@' or ':')"),
        ]
    )
    kind: str = attrs.field(validator=_nonempty)
    title: str | None = None
    statement: str | None = None
    weight: float | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=_text_tuple)
    notes: tuple[str, ...] = attrs.field(default=(), converter=_text_tuple)
    children: tuple[Item, ...] = attrs.field(
        default=(), converter=_items, repr=_counted("child item")
    )
    extensions: Mapping[str, JSONValue] = _extensions_field

    def __attrs_post_init__(self) -> None:
        if self.title is None and self.statement is None:
            raise ModelError(f"item {self.id!r} needs a title or a statement")

    @property
    def text(self) -> str:
        """Title and statement joined: what a reader (or a matcher) sees of the item."""
        return " ".join(t for t in (self.title, self.statement) if t)

    @property
    def label(self) -> str:
        """A short label: the title, else the statement."""
        return self.title or self.statement or self.id

    def walk(self) -> Iterator[Item]:
        """This item and its descendants, depth first, in document order."""
        stack = [self]
        while stack:
            item = stack.pop()
            yield item
            stack.extend(reversed(item.children))


@attrs.frozen
class Level:
    """One step of a level scale."""

    id: str = attrs.field(validator=_nonempty)
    label: str = attrs.field(validator=_nonempty)
    description: str | None = None
    score: float | None = None


@attrs.frozen
class LevelScale:
    """An ordered scale of levels, lowest first (e.g. novice ... expert)."""

    id: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    levels: tuple[Level, ...] = attrs.field(converter=_levels)
    description: str | None = None

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

    id: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    description: str | None = None


@attrs.frozen
class Expectation:
    """One cell of a level matrix: people in ``role`` are expected at ``level`` on ``item``."""

    role: str
    item: str
    level: str


@attrs.frozen
class LevelMatrix:
    """Role x item -> expected level, on one scale.

    A ``pending`` matrix is announced but not published: it names its roles and has
    no scale and no expectations yet.
    """

    id: str = attrs.field(validator=_nonempty)
    title: str = attrs.field(validator=_nonempty)
    status: MatrixStatus = attrs.field(converter=_matrix_status)
    roles: tuple[str, ...] = attrs.field(default=(), converter=_text_tuple)
    scale: str | None = None
    expectations: tuple[Expectation, ...] = attrs.field(
        default=(), converter=_expectations, repr=_counted("expectation")
    )
    description: str | None = None

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


def _optional_ref(value: Ref | str | None) -> Ref | None:
    if value is None or isinstance(value, Ref):
        return value
    from cecompetency.model.refs import parse_ref

    return parse_ref(value)


@attrs.frozen
class Framework(Displayable):
    """One version of a competency framework.

    ``items`` is the ordered top level of the tree. ``kinds``, when given, names the
    kind of item at each depth (``["area", "competency"]``) and limits kinds to that list.
    """

    id: str = attrs.field(validator=[_nonempty, _matching(FRAMEWORK_ID, "framework id")])
    version: str = attrs.field(validator=[_nonempty, _matching(VERSION, "version")])
    title: str = attrs.field(validator=_nonempty)
    status: Status = attrs.field(converter=_status)
    publishers: tuple[Publisher, ...] = attrs.field(converter=_publishers)
    description: str | None = None
    released: datetime.date | None = None
    source: Source | None = None
    license: str | None = None
    language: str | None = None
    supersedes: Ref | None = attrs.field(default=None, converter=_optional_ref)
    kinds: tuple[str, ...] = attrs.field(default=(), converter=_text_tuple)
    items: tuple[Item, ...] = attrs.field(default=(), converter=_items, repr=_tree_repr)
    scales: tuple[LevelScale, ...] = attrs.field(default=(), converter=_scales)
    roles: tuple[Role, ...] = attrs.field(default=(), converter=_roles)
    matrices: tuple[LevelMatrix, ...] = attrs.field(default=(), converter=_matrices)
    extensions: Mapping[str, JSONValue] = _extensions_field

    # Derived indexes, built once; not part of equality.
    _index: dict[str, Item] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _parents: dict[str, Item | None] = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        if not self.publishers:
            raise ModelError(f"framework {self.id!r} needs at least one publisher")
        if self.status is not Status.DRAFT and not self.items:
            raise ModelError(f"framework {self.id!r} is {self.status.value} but has no items")
        index: dict[str, Item] = {}
        parents: dict[str, Item | None] = {}
        stack: list[tuple[Item, Item | None]] = [(item, None) for item in reversed(self.items)]
        while stack:
            item, parent = stack.pop()
            if item.id in index:
                raise ModelError(f"framework {self.id!r} repeats item id {item.id!r}")
            if self.kinds and item.kind not in self.kinds:
                raise ModelError(
                    f"item {item.id!r} is of kind {item.kind!r}, not one of the declared kinds"
                )
            index[item.id] = item
            parents[item.id] = parent
            stack.extend((child, item) for child in reversed(item.children))
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_parents", parents)

    # -- identity ---------------------------------------------------------------
    @property
    def ref(self) -> Ref:
        """``Ref(id, version)``, printed as ``id@version``."""
        return Ref(self.id, self.version)

    def ref_of(self, item: Item | str) -> Ref:
        """The full reference of one of this framework's items."""
        return Ref(self.id, self.version, self._own_id(item))

    def _own_id(self, item: Item | str) -> str:
        """The id of one of this framework's items; NotFoundError for any other.

        An :class:`Item` must be this framework's own (equal to it), not merely share an
        id with one of its items, or questions about it would be answered for another.
        """
        item_id = item.id if isinstance(item, Item) else item
        own = self._index.get(item_id) if isinstance(item_id, str) else None
        if own is None:
            raise NotFoundError(f"{self.ref} has no item {item_id!r}")
        if isinstance(item, Item) and own is not item and own != item:
            raise NotFoundError(
                f"the item given is not {self.ref}'s item {item_id!r}, only shares its id "
                "(pass the id to ask about that item)"
            )
        return item_id

    # -- the tree ---------------------------------------------------------------
    @property
    def areas(self) -> tuple[Item, ...]:
        """The top level of the tree."""
        return self.items

    @property
    def competencies(self) -> tuple[Item, ...]:
        """Every item of kind ``competency``, in document order."""
        return tuple(item for item in self.walk() if item.kind == "competency")

    def of_kind(self, kind: str) -> tuple[Item, ...]:
        """Every item of ``kind``, in document order."""
        return tuple(item for item in self.walk() if item.kind == kind)

    def walk(self) -> Iterator[Item]:
        """Every item, depth first, in document order (this is the order of ``_index``)."""
        return iter(self._index.values())

    def __len__(self) -> int:
        return len(self._index)

    def __iter__(self) -> Iterator[Item]:
        return self.walk()

    def __contains__(self, item_id: object) -> bool:
        return item_id in self._index

    def __getitem__(self, item_id: str) -> Item:
        try:
            return self._index[item_id]
        except KeyError:
            raise NotFoundError(f"{self.ref} has no item {item_id!r}") from None

    def get(self, item_id: str) -> Item | None:
        """The item with ``item_id``, or ``None`` when there is none."""
        return self._index.get(item_id)

    def parent_of(self, item: Item | str) -> Item | None:
        """The item's parent, or ``None`` for a top-level item; NotFoundError for a stranger."""
        return self._parents[self._own_id(item)]

    def ancestors(self, item: Item | str) -> tuple[Item, ...]:
        """The item's ancestors, nearest first."""
        chain: list[Item] = []
        parent = self.parent_of(item)
        while parent is not None:
            chain.append(parent)
            parent = self._parents[parent.id]
        return tuple(chain)

    def area_of(self, item: Item | str) -> Item:
        """The top-level item above ``item`` (the item itself when it is top level)."""
        chain = self.ancestors(item)
        return chain[-1] if chain else self[self._own_id(item)]

    def depth_of(self, item: Item | str) -> int:
        """0 for top-level items."""
        return len(self.ancestors(item))

    # -- levels -----------------------------------------------------------------
    def scale(self, scale_id: str) -> LevelScale:
        """The level scale with ``scale_id``; NotFoundError when there is none."""
        for scale in self.scales:
            if scale.id == scale_id:
                return scale
        raise NotFoundError(f"{self.ref} has no level scale {scale_id!r}")

    def role(self, role_id: str) -> Role:
        """The role with ``role_id``; NotFoundError when there is none."""
        for role in self.roles:
            if role.id == role_id:
                return role
        raise NotFoundError(f"{self.ref} has no role {role_id!r}")

    def matrix(self, matrix_id: str) -> LevelMatrix:
        """The level matrix with ``matrix_id``; NotFoundError when there is none."""
        for matrix in self.matrices:
            if matrix.id == matrix_id:
                return matrix
        raise NotFoundError(f"{self.ref} has no level matrix {matrix_id!r}")

    def __str__(self) -> str:
        return f"{self.ref} ({self.title})"
