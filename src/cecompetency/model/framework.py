"""The typed, immutable model of a competency framework.

Small frozen value classes in the manner of ``attrs``: they check their own invariants
when built and know nothing of files. :class:`Framework` indexes its item tree once,
so lookups by id and parent are constant time.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator, Mapping

import attrs

from cecompetency.model.descriptors import Descriptor
from cecompetency.model.display import Displayable
from cecompetency.model.errors import ModelError, NotFoundError
from cecompetency.model.fields import (
    JSONValue,
    counted,
    extensions_field,
    matching,
    member,
    optional_text,
    text_tuple,
    valid_name,
    valid_names,
    valid_text,
    valid_texts,
)
from cecompetency.model.grammar import LANGUAGE
from cecompetency.model.levels import (
    LevelMatrix,
    LevelScale,
    Role,
)
from cecompetency.model.refs import FRAMEWORK_ID, ITEM_ID, VERSION, Ref

__all__ = [
    "Framework",
    "Item",
    "Publisher",
    "Source",
    "Status",
]


class Status(enum.Enum):
    """The life-cycle state of a framework version."""

    DRAFT = "draft"
    PUBLISHED = "published"
    SUPERSEDED = "superseded"
    RETIRED = "retired"


def _status(value: Status | str) -> Status:
    result: Status = member(Status, value)
    return result


def _tree_repr(items: tuple[Item, ...]) -> str:
    total = sum(1 for top in items for _ in top.walk())
    return f"<{len(items)} top-level, {total} in all>"


# Typed converters: lists given by callers become tuples, so objects stay immutable.
def _publishers(value: Iterable[Publisher]) -> tuple[Publisher, ...]:
    return tuple(value)


def _items(value: Iterable[Item]) -> tuple[Item, ...]:
    return tuple(value)


def _scales(value: Iterable[LevelScale]) -> tuple[LevelScale, ...]:
    return tuple(value)


def _roles(value: Iterable[Role]) -> tuple[Role, ...]:
    return tuple(value)


def _matrices(value: Iterable[LevelMatrix]) -> tuple[LevelMatrix, ...]:
    return tuple(value)


def _descriptors(value: Iterable[Descriptor]) -> tuple[Descriptor, ...]:
    return tuple(value)


@attrs.frozen
class Publisher:
    """An organization that publishes a framework."""

    name: str = attrs.field(validator=valid_text)
    abbreviation: str | None = attrs.field(default=None, validator=optional_text)
    url: str | None = None


@attrs.frozen
class Source:
    """Where the framework's text was taken from."""

    citation: str = attrs.field(validator=valid_text)
    url: str | None = None
    retrieved: datetime.date | None = None


@attrs.frozen
class Item:
    """A node of a framework's tree: an area, a competency, a sub-competency, ...

    ``id`` is unique within its framework. An item has a title, a statement, or both.
    ``weight`` is an exam-blueprint share; sibling weights sum to 100 when all are given.
    """

    id: str = attrs.field(
        validator=matching(ITEM_ID, "item id (no whitespace, not starting with '@' or ':')")
    )
    kind: str = attrs.field(validator=valid_name)
    title: str | None = attrs.field(default=None, validator=optional_text)
    statement: str | None = attrs.field(default=None, validator=optional_text)
    weight: float | None = None
    tags: tuple[str, ...] = attrs.field(default=(), converter=text_tuple, validator=valid_names)
    notes: tuple[str, ...] = attrs.field(default=(), converter=text_tuple, validator=valid_texts)
    children: tuple[Item, ...] = attrs.field(
        default=(), converter=_items, repr=counted("child item")
    )
    extensions: Mapping[str, JSONValue] = extensions_field

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


def _optional_ref(value: Ref | str | None) -> Ref | None:
    if value is None or isinstance(value, Ref):
        return value
    from cecompetency.model.refs import as_ref

    return as_ref(value)


@attrs.frozen
class Framework(Displayable):
    """One version of a competency framework.

    ``items`` is the ordered top level of the tree. ``kinds``, when given, names the
    kind of item at each depth (``["area", "competency"]``) and limits kinds to that list.
    """

    id: str = attrs.field(validator=matching(FRAMEWORK_ID, "framework id"))
    version: str = attrs.field(validator=matching(VERSION, "version"))
    title: str = attrs.field(validator=valid_text)
    status: Status = attrs.field(converter=_status)
    publishers: tuple[Publisher, ...] = attrs.field(converter=_publishers)
    description: str | None = attrs.field(default=None, validator=optional_text)
    released: datetime.date | None = None
    source: Source | None = None
    license: str | None = attrs.field(default=None, validator=optional_text)
    language: str | None = attrs.field(
        default=None, validator=matching(LANGUAGE, "BCP 47 language tag", optional=True)
    )
    supersedes: Ref | None = attrs.field(default=None, converter=_optional_ref)
    kinds: tuple[str, ...] = attrs.field(default=(), converter=text_tuple, validator=valid_names)
    items: tuple[Item, ...] = attrs.field(default=(), converter=_items, repr=_tree_repr)
    scales: tuple[LevelScale, ...] = attrs.field(default=(), converter=_scales)
    roles: tuple[Role, ...] = attrs.field(default=(), converter=_roles)
    matrices: tuple[LevelMatrix, ...] = attrs.field(default=(), converter=_matrices)
    extensions: Mapping[str, JSONValue] = extensions_field
    # Roles ordered lowest first (coordinator, manager, leader); empty when unordered.
    ladder: tuple[str, ...] = attrs.field(default=(), converter=text_tuple)
    descriptors: tuple[Descriptor, ...] = attrs.field(
        default=(), converter=_descriptors, repr=counted("descriptor")
    )

    # Derived indexes, built once; not part of equality.
    _index: dict[str, Item] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _parents: dict[str, Item | None] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _described: dict[str, tuple[Descriptor, ...]] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

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
        self._check_ladder()
        self._check_descriptors()

    def _check_ladder(self) -> None:
        roles = {role.id for role in self.roles}
        for role_id in self.ladder:
            if role_id not in roles:
                raise ModelError(f"the ladder of {self.id!r} names unknown role {role_id!r}")
        if len(set(self.ladder)) != len(self.ladder):
            raise ModelError(f"the ladder of {self.id!r} names a role twice")

    def _check_descriptors(self) -> None:
        scales = {scale.id: scale for scale in self.scales}
        keys: set[tuple[str, str, str]] = set()
        for descriptor in self.descriptors:
            if descriptor.item not in self._index:
                raise ModelError(f"a descriptor names unknown item {descriptor.item!r}")
            scale = scales.get(descriptor.scale)
            if scale is None:
                raise ModelError(f"a descriptor names unknown scale {descriptor.scale!r}")
            if descriptor.level not in scale:
                raise ModelError(
                    f"a descriptor names level {descriptor.level!r}, "
                    f"not on scale {descriptor.scale!r}"
                )
            if descriptor.key in keys:
                raise ModelError(
                    f"item {descriptor.item!r} has two descriptors of level "
                    f"{descriptor.level!r} on scale {descriptor.scale!r}"
                )
            keys.add(descriptor.key)
        # Each item's descriptors in scale order, lowest level first, for descriptors_of.
        rank = {
            (scale.id, level.id): (n, i)
            for n, scale in enumerate(self.scales)
            for i, level in enumerate(scale.levels)
        }
        described: dict[str, list[Descriptor]] = {}
        for descriptor in sorted(self.descriptors, key=lambda d: rank[d.scale, d.level]):
            described.setdefault(descriptor.item, []).append(descriptor)
        object.__setattr__(self, "_described", {k: tuple(v) for k, v in described.items()})

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

    def role_rank(self, role_id: str) -> int | None:
        """The 0-based place of ``role_id`` on the ladder (higher is more responsibility),
        or ``None`` when the role is not on it; NotFoundError for an unknown role."""
        self.role(role_id)
        return self.ladder.index(role_id) if role_id in self.ladder else None

    def descriptors_of(self, item: Item | str, scale: str | None = None) -> tuple[Descriptor, ...]:
        """The item's descriptors (on ``scale`` only, when given): scales in their order,
        lowest level first."""
        found = self._described.get(self._own_id(item), ())
        return found if scale is None else tuple(d for d in found if d.scale == scale)

    def descriptor(self, item: Item | str, scale: str, level: str) -> Descriptor | None:
        """The descriptor of ``item`` at ``level`` of ``scale``, or ``None``."""
        key = (self._own_id(item), scale, level)
        return next((d for d in self.descriptors if d.key == key), None)

    def __str__(self) -> str:
        return f"{self.ref} ({self.title})"
