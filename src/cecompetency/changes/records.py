"""The records of a diff: what changed (:class:`ChangeKind`), how much it matters
(:class:`Impact`), and the details of each kind of :class:`Change`.

A :class:`~cecompetency.changes.FrameworkDiff` is a sequence of these records;
:func:`~cecompetency.changes.differ.diff` makes them. Each :class:`Change` has the old and new
item references, a kind, an impact and typed details (:class:`Added`, :class:`Removed`,
:class:`Reworded`, :class:`Moved`, :class:`Reordered`, :class:`Split`, :class:`Merged`,
:class:`FieldChange`, :class:`Entry`), and can say what happened in a line of text or
Markdown, or as JSON-compatible data. :class:`~cecompetency.changes.matching.Thresholds` holds the
cut-offs that decide matches and impact.

Impact (:class:`Impact`) says what a change does to references and readers:

- **breaking**: a reference to the old item stops resolving or changes meaning (removed,
  renumbered, moved, split, merged; a rewording whose similarity is below
  :attr:`~cecompetency.changes.matching.Thresholds.editorial`; an item's kind changed; a
  level scale, role or matrix lost something or changed what it says; a level descriptor
  removed, rescored or reworded below that threshold; the role ladder reordered);
- **additive**: something new that no existing reference depended on (added items, scales,
  roles, levels, expectations, level descriptors; a role ladder set or extended);
- **editorial**: the same things, said or ordered differently (rewordings at or above the
  editorial threshold, reordering, metadata, weights, tags, notes, extensions).

Each impact calls for a semantic version bump (:attr:`Impact.bump`; see
:mod:`cecompetency.changes.versioning`).
"""

from __future__ import annotations

import datetime
import difflib
import enum
import json
from typing import Any, Literal, TypeAlias

import attrs

from cecompetency.changes.matching import join_text
from cecompetency.changes.versioning import Bump
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.framework import Item
from cecompetency.model.levels import LevelMatrix, LevelScale, Role
from cecompetency.model.refs import Ref
from cecompetency.text.markdown import escape_markdown

__all__ = [
    "Added",
    "CellChange",
    "Change",
    "ChangeKind",
    "DescriptorChange",
    "DescriptorOrder",
    "Entry",
    "FieldChange",
    "Impact",
    "Merged",
    "Moved",
    "Placement",
    "Removed",
    "Reordered",
    "Reworded",
    "Split",
    "WordEdit",
]


# -- vocabulary -------------------------------------------------------------------------------


class ChangeKind(enum.Enum):
    """What happened to an item (or to the framework's metadata, scales, roles, matrices)."""

    ADDED = "added"
    """An item exists only in the new version."""
    REMOVED = "removed"
    """An item exists only in the old version."""
    REWORDED = "reworded"
    """An item's title or statement changed."""
    RENUMBERED = "renumbered"
    """An item's id changed (its content was matched)."""
    MOVED = "moved"
    """An item has another parent."""
    REORDERED = "reordered"
    """The children of an item (or the top level, scales, roles, matrices) changed order."""
    SPLIT = "split"
    """One old item became several new items."""
    MERGED = "merged"
    """Several old items became one new item."""
    METADATA = "metadata"
    """A framework field, or an item field other than its text, changed."""
    SCALE = "scale"
    """A level scale was added, removed or changed."""
    ROLE = "role"
    """A role was added, removed or changed."""
    MATRIX = "matrix"
    """A level matrix was added, removed or changed."""
    DESCRIPTOR = "descriptor"
    """A level descriptor was added, reworded, rescored or removed, or the descriptors
    changed order."""


class Impact(enum.Enum):
    """How much a change matters to someone who holds references to the old version."""

    BREAKING = "breaking"
    ADDITIVE = "additive"
    EDITORIAL = "editorial"

    @property
    def rank(self) -> int:
        """2 for breaking, 1 for additive, 0 for editorial: larger is worse."""
        return _IMPACT_RANK[self]

    @property
    def bump(self) -> Bump:
        """The semantic version bump a change of this impact calls for."""
        return _IMPACT_BUMP[self]


_IMPACT_RANK = {Impact.EDITORIAL: 0, Impact.ADDITIVE: 1, Impact.BREAKING: 2}
_IMPACT_BUMP = {
    Impact.EDITORIAL: Bump.PATCH,
    Impact.ADDITIVE: Bump.MINOR,
    Impact.BREAKING: Bump.MAJOR,
}


# -- details ----------------------------------------------------------------------------------


@attrs.frozen
class Placement:
    """Where an item sits in the new version: its parent's id (``None``: top level) and its
    0-based position among that parent's children."""

    parent: str | None
    index: int

    def __str__(self) -> str:
        where = "the top level" if self.parent is None else self.parent
        return f"position {self.index + 1} under {where}"


@attrs.frozen
class WordEdit:
    """One step of a word-level diff: ``equal``, ``delete``, ``insert`` or ``replace``.

    Words are the whitespace-separated tokens of the texts, so punctuation and case
    changes show.
    """

    op: Literal["equal", "delete", "insert", "replace"]
    old: str
    new: str


@attrs.frozen
class Added:
    """An added item: its content (without children, which are changes of their own)."""

    item: Item
    placement: Placement


@attrs.frozen
class Removed:
    """A removed item: its old content (without children)."""

    item: Item


@attrs.frozen
class Reworded:
    """A changed title or statement, with the similarity of the old and new texts
    (:func:`~cecompetency.changes.word_similarity`) and, in :attr:`words`, a word-level
    diff."""

    old_title: str | None
    old_statement: str | None
    new_title: str | None
    new_statement: str | None
    similarity: float

    @property
    def words(self) -> tuple[WordEdit, ...]:
        """The word-level diff of the old and new texts (computed when asked for)."""
        return _word_edits(self.old_text, self.new_text)

    @property
    def old_text(self) -> str:
        """The old title and statement, joined."""
        return join_text(self.old_title, self.old_statement)

    @property
    def new_text(self) -> str:
        """The new title and statement, joined."""
        return join_text(self.new_title, self.new_statement)

    def inline(self, style: Literal["text", "markdown"] = "text") -> str:
        """The new text with the edits marked: ``[-old-]{+new+}`` (text) or
        ``~~old~~ **new**`` (markdown)."""
        out: list[str] = []
        for edit in self.words:
            if edit.op == "equal":
                out.append(escape_markdown(edit.old) if style == "markdown" else edit.old)
                continue
            if edit.old:
                out.append(
                    f"~~{escape_markdown(edit.old)}~~" if style == "markdown" else f"[-{edit.old}-]"
                )
            if edit.new:
                out.append(
                    f"**{escape_markdown(edit.new)}**"
                    if style == "markdown"
                    else f"{{+{edit.new}+}}"
                )
        return " ".join(out)


@attrs.frozen
class Moved:
    """An item under another parent (ids of the old and new parents; ``None``: top level)."""

    old_parent: str | None
    new_parent: str | None
    placement: Placement


@attrs.frozen
class Reordered:
    """Children in another order. ``scope`` is ``items`` (the change's refs name the parent,
    or the framework for the top level), ``scales``, ``roles`` or ``matrices``.

    ``stayed`` lists the children that were there before too, by their old ids, in their
    new order; ``new_order`` lists every child of the new version by its new id.
    """

    scope: Literal["items", "scales", "roles", "matrices"]
    parent: str | None
    stayed: tuple[str, ...]
    new_order: tuple[str, ...]


@attrs.frozen
class Split:
    """One old item became ``parts``; ``items`` and ``placements`` hold their content and
    places. ``coverage`` is the share of the old item's content words the parts hold, each
    word weighed by its rarity in the two versions (see
    :class:`~cecompetency.changes.matching.Thresholds`)."""

    parts: tuple[Ref, ...]
    items: tuple[Item, ...]
    placements: tuple[Placement, ...]
    coverage: float


@attrs.frozen
class Merged:
    """Several old items (``sources``) became one; ``item`` and ``placement`` hold its
    content and place. ``coverage`` is the share of its content words the sources hold,
    each word weighed by its rarity in the two versions."""

    sources: tuple[Ref, ...]
    item: Item
    placement: Placement
    coverage: float


@attrs.frozen
class FieldChange:
    """A field that changed: of the framework (refs ``None``) or of an item (refs set)."""

    field: str
    old: Any = attrs.field(hash=False)
    new: Any = attrs.field(hash=False)


@attrs.frozen
class CellChange:
    """An expectation of a level matrix that changed (``None``: absent)."""

    role: str
    item: str
    old_level: str | None
    new_level: str | None


EntryValue: TypeAlias = LevelScale | Role | LevelMatrix


@attrs.frozen
class Entry:
    """A level scale, role or matrix added (``old`` is ``None``), removed (``new`` is
    ``None``) or changed; ``index`` is its position in the new version."""

    id: str
    old: EntryValue | None
    new: EntryValue | None
    index: int | None
    cells: tuple[CellChange, ...] = ()

    @property
    def action(self) -> str:
        """``added``, ``removed`` or ``changed``."""
        if self.old is None:
            return "added"
        return "removed" if self.new is None else "changed"


@attrs.frozen
class DescriptorChange:
    """A level descriptor added (``old`` is ``None``), removed (``new`` is ``None``) or
    changed; ``index`` is its position among the new version's descriptors.

    ``old`` is as the old version has it, ``new`` as the new one has it: the descriptors of
    a renumbered item are compared under its new id. A changed descriptor's ``similarity``
    compares its words (description, then indicators).
    """

    old: Descriptor | None
    new: Descriptor | None
    index: int | None
    similarity: float | None = None

    @property
    def action(self) -> str:
        """``added``, ``removed``, ``reworded`` (its words changed) or ``rescored``."""
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        same = descriptor_words(self.old) == descriptor_words(self.new)
        return "rescored" if same else "reworded"

    @property
    def words(self) -> Reworded:
        """The old and new words as a :class:`Reworded`, for its word diff."""
        old = "" if self.old is None else descriptor_words(self.old)
        new = "" if self.new is None else descriptor_words(self.new)
        return Reworded(None, old, None, new, self.similarity or 0.0)


@attrs.frozen
class DescriptorOrder:
    """The descriptors in another order: every descriptor's ``(item, scale, level)``, new."""

    new_order: tuple[tuple[str, str, str], ...]


def descriptor_words(descriptor: Descriptor) -> str:
    """What a reader reads of a descriptor: its description, then its indicators."""
    return " ".join((descriptor.description, *descriptor.indicators))


Details: TypeAlias = (
    Added
    | Removed
    | Reworded
    | Moved
    | Reordered
    | Split
    | Merged
    | FieldChange
    | Entry
    | DescriptorChange
    | DescriptorOrder
    | None
)


@attrs.frozen
class Change:
    """One change. ``old`` and ``new`` are item references (``None`` where absent; the
    framework's own reference for top-level reorders; both ``None`` for framework metadata,
    scales, roles and matrices). ``details`` depends on ``kind``:

    ========== ==================================================
    kind       details
    ========== ==================================================
    added      :class:`Added` (content, placement)
    removed    :class:`Removed` (old content)
    reworded   :class:`Reworded` (word diff, similarity)
    renumbered ``None`` (the refs say it all)
    moved      :class:`Moved`
    reordered  :class:`Reordered`
    split      :class:`Split` (``new`` is ``None``; the parts are in the details)
    merged     :class:`Merged` (``old`` is ``None``; the sources are in the details)
    metadata   :class:`FieldChange` (field, old, new)
    scale      :class:`Entry` (also role and matrix)
    ========== ==================================================
    """

    kind: ChangeKind
    impact: Impact
    old: Ref | None
    new: Ref | None
    details: Details = attrs.field(default=None, hash=False)

    @property
    def subject(self) -> str:
        """A short name for what changed: an item id, a field, a scale, role or matrix id."""
        d = self.details
        if isinstance(d, Entry):
            return d.id
        if isinstance(d, FieldChange) and self.old is None and self.new is None:
            return d.field
        if isinstance(d, Reordered) and d.scope != "items":
            return d.scope
        if isinstance(d, Reordered) and d.parent is None:
            return "(top level)"
        ref = self.old or self.new
        return (ref.item or str(ref)) if ref is not None else ""

    def describe(self, style: Literal["text", "markdown"] = "text") -> str:
        """One line that says what happened, e.g. ``2.3 renumbered to 2.4``."""
        return _describe(self, style)

    def __str__(self) -> str:
        return f"{self.impact.value}: {self.describe()}"

    def to_data(self) -> dict[str, Any]:
        """The change as JSON-compatible data."""
        return {
            "kind": self.kind.value,
            "impact": self.impact.value,
            "old": None if self.old is None else str(self.old),
            "new": None if self.new is None else str(self.new),
            "details": _details_data(self.details),
        }


# The framework's collections whose entries change as Entry records, with their change kinds:
# the diff and its apply both walk them.
_COLLECTIONS: tuple[tuple[Literal["scales", "roles", "matrices"], ChangeKind], ...] = (
    ("scales", ChangeKind.SCALE),
    ("roles", ChangeKind.ROLE),
    ("matrices", ChangeKind.MATRIX),
)


# -- a change as text and data ----------------------------------------------------------------


def _word_edits(old: str, new: str) -> tuple[WordEdit, ...]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        WordEdit(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _value_text(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return "(none)"
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def _describe(change: Change, style: Literal["text", "markdown"]) -> str:
    def code(text: str) -> str:
        return f"`{text}`" if style == "markdown" else text

    def quote(text: str) -> str:
        return escape_markdown(text) if style == "markdown" else text

    d = change.details
    old_id = change.old.item if change.old is not None else None
    new_id = change.new.item if change.new is not None else None
    kind = change.kind
    if isinstance(d, Added):
        return f"{code(d.item.id)} {quote(d.item.label)} ({d.item.kind}, {d.placement})"
    if isinstance(d, Removed):
        return f"{code(d.item.id)} {quote(d.item.label)} ({d.item.kind})"
    if kind is ChangeKind.RENUMBERED:
        return f"{code(old_id or '')} renumbered to {code(new_id or '')}"
    if isinstance(d, Moved):
        src = "the top level" if d.old_parent is None else code(d.old_parent)
        dst = "the top level" if d.new_parent is None else code(d.new_parent)
        return f"{code(new_id or '')} moved from {src} to {dst}"
    if isinstance(d, Reworded):
        return f"{code(new_id or '')} reworded (similarity {d.similarity:.2f}): {d.inline(style)}"
    if isinstance(d, Split):
        parts = ", ".join(code(p.item or "") for p in d.parts)
        return f"{code(old_id or '')} split into {parts}"
    if isinstance(d, Merged):
        sources = ", ".join(code(s.item or "") for s in d.sources)
        return f"{sources} merged into {code(new_id or '')}"
    if isinstance(d, Reordered):
        where = (
            d.scope
            if d.scope != "items"
            else ("top-level items" if d.parent is None else f"children of {code(d.parent)}")
        )
        return f"{where} reordered: now {', '.join(code(i) for i in d.stayed)} (old ids)"
    if isinstance(d, FieldChange):
        whose = f"{code(new_id or '')} " if new_id is not None else ""
        return f"{whose}{d.field}: {quote(_value_text(d.old))} -> {quote(_value_text(d.new))}"
    if isinstance(d, Entry):
        what = {ChangeKind.SCALE: "level scale", ChangeKind.ROLE: "role"}.get(kind, "level matrix")
        text = f"{what} {code(d.id)} {d.action}"
        shown = d.new if d.new is not None else d.old
        label = getattr(shown, "title", None)
        if label:
            text += f" ({quote(label)})"
        if d.cells:
            text += f", {len(d.cells)} expectation(s) changed"
        return text
    if isinstance(d, DescriptorChange):
        one = d.new or d.old
        assert one is not None  # a change has one side at least
        text = f"descriptor of {code(one.item)} at {code(one.scale + ':' + one.level)}"
        if d.action == "added":
            return f"{text} added: {quote(one.description)}"
        if d.action == "removed":
            return f"{text} removed"
        if d.action == "rescored":
            return f"{text} rescored"
        return f"{text} reworded (similarity {d.similarity or 0:.2f}): {d.words.inline(style)}"
    if isinstance(d, DescriptorOrder):
        return "descriptors reordered"
    return f"{kind.value} {code(old_id or new_id or '')}"


def _plain(value: Any) -> Any:
    """A JSON-compatible copy of a field value."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Ref):
        return str(value)
    if attrs.has(type(value)):
        return {
            f.name: _plain(getattr(value, f.name))
            for f in attrs.fields(type(value))
            if f.init and getattr(value, f.name) not in (None, (), {})
        }
    if isinstance(value, dict) or hasattr(value, "items"):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    return str(value)


def _details_data(details: Details) -> Any:
    if details is None:
        return None
    if isinstance(details, Added | Removed | Merged | Split):
        from cecompetency.files.codec import item_to_data

        data = _plain(details)
        if isinstance(details, Added | Removed | Merged):
            data["item"] = item_to_data(details.item)
        else:
            data["items"] = [item_to_data(i) for i in details.items]
        return data
    if isinstance(details, Reworded):
        data = _plain(details)
        data["inline"] = details.inline()
        data["words"] = [_plain(w) for w in details.words]  # equal steps too: a full record
        return data
    return _plain(details)
