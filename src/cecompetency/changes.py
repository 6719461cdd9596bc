"""What changed between two versions of a framework, how much it matters, and carrying
crosswalks across versions.

:func:`diff` compares two :class:`~cecompetency.model.Framework` values and returns a
:class:`FrameworkDiff`: an immutable sequence of :class:`Change` records, each with the old
and new item references, a :class:`ChangeKind`, an :class:`Impact` and typed details.

Matching, in order (each step sees only what the steps before it left unmatched):

1. by id, where the text (title and statement) is unchanged;
2. by identical text under another id (a renumbered or moved item), items whose old id is
   gone first;
3. by id again, where the text changed but still reads alike (similarity at least
   :attr:`Thresholds.match`);
4. by content among the leftovers only: an old item's candidates are the few new
   leftovers that share the most pairs of adjacent words with it (its *buckets*; buckets
   that many items share are ignored), two pairs at least unless one of the two is a text
   of one or two words; the most similar pairs, at least :attr:`Thresholds.match`, win;
5. by id, whatever the similarity (ids come first: a replaced text under the same id is a
   rewording, and a strong one);
6. splits: an old item, unmatched or reworded, whose words reappear in several new items
   (see :class:`Thresholds`); the parts are its own partner and leftovers that share two
   runs of three words with it (one, or the words themselves, for a part of four words or
   fewer) or stand where it stood;
7. merges, the same the other way round.

Splits and merges that these candidates miss (parts that share no run of words with the
whole and sit elsewhere) are reported as what they look like: a rewording, an addition, a
removal. Nothing is compared with everything: the work is dictionary passes plus a
bounded search among the leftovers, so two 20,000-item versions with 5% of every kind of
change diff in well under a second on a small two-core machine.

Impact (:class:`Impact`) says what a change does to references and readers:

- **breaking**: a reference to the old item stops resolving or changes meaning (removed,
  renumbered, moved, split, merged; a rewording whose similarity is below
  :attr:`Thresholds.editorial`; an item's kind changed; a level scale, role or matrix lost
  something or changed what it says);
- **additive**: something new that no existing reference depended on (added items, scales,
  roles, levels, expectations);
- **editorial**: the same things, said or ordered differently (rewordings at or above the
  editorial threshold, reordering, metadata, weights, tags, notes, extensions).

:attr:`FrameworkDiff.suggested_bump` maps the worst impact to a semantic version bump
(breaking: major, additive: minor, editorial: patch, nothing: none); :func:`check_version`
says whether the new version number reflects the changes.

:meth:`FrameworkDiff.apply` rebuilds the new framework from the old one: the diff records
what it needs (the content of added items, positions, metadata values), so
``diff(a, b).apply(a) == b``. :meth:`FrameworkDiff.to_crosswalk` reads the diff as a
crosswalk from the old version to the new one, and :func:`migrate` carries a crosswalk
that points at the old version onto the new one, listing what it could not carry and why.
"""

from __future__ import annotations

import contextlib
import datetime
import difflib
import enum
import gc
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, TypeAlias, overload

import attrs

from cecompetency._matching import (
    Matcher,
    Tree,
    join_text,
    ratio,
    rest,
    without_children,
    word_similarity,
)
from cecompetency.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.errors import CecompetencyError, ModelError
from cecompetency.model import Framework, Item, LevelMatrix, LevelScale, MatrixStatus, Role, Status
from cecompetency.refs import Ref, version_key
from cecompetency.relations import Relation

__all__ = [
    "Added",
    "Bump",
    "Change",
    "ChangeKind",
    "DiffError",
    "DropReason",
    "DroppedMapping",
    "Entry",
    "FieldChange",
    "FrameworkDiff",
    "Impact",
    "Merged",
    "MigratedMapping",
    "Migration",
    "Moved",
    "Placement",
    "Removed",
    "Reordered",
    "Reworded",
    "Split",
    "Thresholds",
    "VersionCheck",
    "VersionScheme",
    "WordEdit",
    "check_version",
    "diff",
    "migrate",
    "word_similarity",
]


class DiffError(CecompetencyError, ValueError):
    """A diff was used with a framework or crosswalk it does not describe."""


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


class Bump(enum.Enum):
    """A semantic version bump: major, minor, patch, or none."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        """0 for none up to 3 for major."""
        return _BUMP_RANK[self]


_IMPACT_RANK = {Impact.EDITORIAL: 0, Impact.ADDITIVE: 1, Impact.BREAKING: 2}
_IMPACT_BUMP = {
    Impact.EDITORIAL: Bump.PATCH,
    Impact.ADDITIVE: Bump.MINOR,
    Impact.BREAKING: Bump.MAJOR,
}
_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


def _unit(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ModelError(f"{attribute.name} must be a number from 0 to 1, got {value!r}")


@attrs.frozen
class Thresholds:
    """The cut-offs that decide matches and impact; each is a number from 0 to 1.

    Similarity is :func:`word_similarity`: ``2 * M / T`` over the two texts' lower-cased
    words, where ``M`` is the most words matched in order (their longest common
    subsequence) and ``T`` the words of both. Examples from the Alliance 2008 statements:

    - "Remain current on the CME literature" -> "Remain current on the CME and CE
      literature": 12/14 = 0.86, editorial at the default ``editorial=0.8``;
    - "Use evidenced based adult learning principles to guide the practice of CME" ->
      "Use evidence-based adult learning principles ...": 22/24 = 0.92, editorial;
    - "Emphasize problem-based/practice-based learning" -> "Emphasize team-based learning":
      6/10 = 0.6, breaking (the meaning changed), and still the same item (``match=0.5``);
    - "Plan and evaluate activities" -> "Plan activities": 4/6 = 0.67.

    ``match`` (default 0.5)
        Two items under different ids are the same item when their similarity is at least
        this; an item whose text changed keeps its id partner when they are at least this
        similar without looking further.
    ``editorial`` (default 0.8)
        A rewording at least this similar is editorial; below it, the meaning changed and
        the rewording is breaking.
    ``part`` (default 0.5)
        In a split (merge), each new part (old source) must have at least this share of its
        content words in the old (new) whole; the whole's own partner, if it has one, counts
        as a part without this test. "Plan activities" is 1.0 inside "Plan and evaluate
        activities"; "Review activities" is 0.5 inside it, enough; "Review budgets" is 0.
    ``cover`` (default 0.6)
        ... and the parts together must hold at least this share of the whole's content
        words ("Plan activities" and "Evaluate activities" hold all of "plan", "evaluate"
        and "activities": "and" is not a content word), each holding one no other part
        holds. When the whole has a partner (the item it was first matched with), the other
        parts must also hold this share of the words the partner lacks: a short item that
        happens to repeat a word of a long one does not make a split.
    """

    match: float = attrs.field(default=0.5, validator=_unit)
    editorial: float = attrs.field(default=0.8, validator=_unit)
    part: float = attrs.field(default=0.5, validator=_unit)
    cover: float = attrs.field(default=0.6, validator=_unit)


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
    (:func:`word_similarity`) and, in :attr:`words`, a word-level diff."""

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
                out.append(_md(edit.old) if style == "markdown" else edit.old)
                continue
            if edit.old:
                out.append(f"~~{_md(edit.old)}~~" if style == "markdown" else f"[-{edit.old}-]")
            if edit.new:
                out.append(f"**{_md(edit.new)}**" if style == "markdown" else f"{{+{edit.new}+}}")
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
    places. ``coverage`` is the share of the old item's content words the parts hold."""

    parts: tuple[Ref, ...]
    items: tuple[Item, ...]
    placements: tuple[Placement, ...]
    coverage: float


@attrs.frozen
class Merged:
    """Several old items (``sources``) became one; ``item`` and ``placement`` hold its
    content and place. ``coverage`` is the share of its content words the sources hold."""

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


Details: TypeAlias = (
    Added | Removed | Reworded | Moved | Reordered | Split | Merged | FieldChange | Entry | None
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


# -- text -------------------------------------------------------------------------------------


def _word_edits(old: str, new: str) -> tuple[WordEdit, ...]:
    a, b = old.split(), new.split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return tuple(
        WordEdit(op, " ".join(a[i1:i2]), " ".join(b[j1:j2]))
        for op, i1, i2, j1, j2 in matcher.get_opcodes()
    )


def _md(text: str) -> str:
    for ch in "\\`*_[]<>|~":
        text = text.replace(ch, "\\" + ch)
    return text


_ITEM_FIELDS = ("kind", "weight", "tags", "notes", "extensions")
_FRAMEWORK_FIELDS = (
    "title",
    "status",
    "publishers",
    "description",
    "released",
    "source",
    "license",
    "language",
    "supersedes",
    "kinds",
    "extensions",
)
# Beyond this many items sharing a bucket, the bucket says too little to be worth scanning.


# -- building the changes ---------------------------------------------------------------------

_UNMAPPED = "\0unmapped"  # an old parent with no single counterpart


def _reword_impact(similarity: float, thresholds: Thresholds) -> Impact:
    return Impact.EDITORIAL if similarity >= thresholds.editorial else Impact.BREAKING


def _item_changes(m: Matcher) -> tuple[list[Change], list[str]]:
    o, n, t = m.o, m.n, m.t
    old_ref, new_ref = o.ref, n.ref
    changes: list[Change] = []
    unchanged: list[str] = []
    split_of = {whole: (parts, cov) for whole, parts, cov in m.splits}
    merge_at = {sources[0]: (sources, whole, cov) for sources, whole, cov in m.merges}
    merged_sources = {s for sources, _w, _c in m.merges for s in sources}

    def oref(item_id: str) -> Ref:
        return Ref(old_ref.framework, old_ref.version, item_id)

    def nref(item_id: str) -> Ref:
        return Ref(new_ref.framework, new_ref.version, item_id)

    def place(item_id: str) -> Placement:
        return Placement(n.parent[item_id], n.index[item_id])

    def mapped_parent(old_id: str) -> str | None:
        parent = o.parent[old_id]
        return None if parent is None else m.pair.get(parent, _UNMAPPED)

    pair, new_items, new_parents, old_parents = m.pair, n.items, n.parent, o.parent
    for old_id, old_item in o.items.items():
        new_id = pair.get(old_id)
        if new_id == old_id:  # the common case, first: an item left as it was
            new_item = new_items[new_id]
            up = old_parents[old_id]
            if (
                new_item.statement == old_item.statement
                and new_item.title == old_item.title
                and new_parents[new_id] == (None if up is None else pair.get(up))
                and rest(new_item) == rest(old_item)
            ):
                unchanged.append(old_id)
                continue
        if old_id in split_of:
            parts, coverage = split_of[old_id]
            details = Split(
                tuple(nref(p) for p in parts),
                tuple(without_children(n.items[p]) for p in parts),
                tuple(place(p) for p in parts),
                round(coverage, 4),
            )
            changes.append(Change(ChangeKind.SPLIT, Impact.BREAKING, oref(old_id), None, details))
            continue
        if old_id in merge_at:
            sources, whole, coverage = merge_at[old_id]
            merged = Merged(
                tuple(oref(s) for s in sources),
                without_children(n.items[whole]),
                place(whole),
                round(coverage, 4),
            )
            changes.append(Change(ChangeKind.MERGED, Impact.BREAKING, None, nref(whole), merged))
            continue
        if old_id in merged_sources:
            continue
        if new_id is None:
            changes.append(
                Change(
                    ChangeKind.REMOVED,
                    Impact.BREAKING,
                    oref(old_id),
                    None,
                    Removed(without_children(old_item)),
                )
            )
            continue
        new_item = new_items[new_id]
        moved = new_parents[new_id] != mapped_parent(old_id)
        reworded = (old_item.title, old_item.statement) != (new_item.title, new_item.statement)
        if not (moved or reworded or new_id != old_id or rest(old_item) != rest(new_item)):
            unchanged.append(old_id)
            continue
        a, b = oref(old_id), nref(new_id)
        if new_id != old_id:
            changes.append(Change(ChangeKind.RENUMBERED, Impact.BREAKING, a, b))
        if moved:
            where = Moved(o.parent[old_id], n.parent[new_id], place(new_id))
            changes.append(Change(ChangeKind.MOVED, Impact.BREAKING, a, b, where))
        if reworded:
            score = m.similarity.get(old_id)
            if score is None:
                score = ratio(o.words(old_id), n.words(new_id))
            edit = Reworded(
                old_item.title,
                old_item.statement,
                new_item.title,
                new_item.statement,
                round(score, 4),
            )
            changes.append(Change(ChangeKind.REWORDED, _reword_impact(score, t), a, b, edit))
        for name in _ITEM_FIELDS:
            before_value, after_value = getattr(old_item, name), getattr(new_item, name)
            if before_value != after_value:
                impact = Impact.BREAKING if name == "kind" else Impact.EDITORIAL
                field = FieldChange(name, before_value, after_value)
                changes.append(Change(ChangeKind.METADATA, impact, a, b, field))

    split_parts = {p for _w, parts, _c in m.splits for p in parts}
    merged_wholes = {w for _s, w, _c in m.merges}
    for new_id, new_item in n.items.items():
        if new_id not in m.rev and new_id not in split_parts and new_id not in merged_wholes:
            added = Added(without_children(new_item), place(new_id))
            changes.append(Change(ChangeKind.ADDED, Impact.ADDITIVE, None, nref(new_id), added))

    # Reordering: the children that stayed under the same parent, in a new relative order.
    for parent, kids in n.children.items():
        old_parent = None if parent is None else m.rev.get(parent)
        if parent is not None and old_parent is None:
            continue  # a new parent: all its children were placed one by one
        stayed = [k for k in kids if k in m.rev and o.parent[m.rev[k]] == old_parent]
        if len(stayed) < 2:
            continue
        old_sequence = sorted(stayed, key=lambda k: o.index[m.rev[k]])
        if old_sequence != stayed:
            order = Reordered("items", parent, tuple(m.rev[k] for k in stayed), tuple(kids))
            a = old_ref if old_parent is None else oref(old_parent)
            b = new_ref if parent is None else nref(parent)
            changes.append(Change(ChangeKind.REORDERED, Impact.EDITORIAL, a, b, order))
    return changes, unchanged


def _framework_changes(old: Framework, new: Framework) -> list[Change]:
    changes = []
    for name in _FRAMEWORK_FIELDS:
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(
                Change(
                    ChangeKind.METADATA,
                    Impact.EDITORIAL,
                    None,
                    None,
                    FieldChange(name, before, after),
                )
            )
    return changes


def _scale_impact(old: LevelScale, new: LevelScale) -> Impact:
    old_ids = [level.id for level in old.levels]
    new_ids = [level.id for level in new.levels]
    kept = [i for i in new_ids if i in old_ids]
    if set(old_ids) - set(new_ids) or kept != old_ids:
        return Impact.BREAKING  # a level gone, or the levels' order (their ranks) changed
    old_scores = {level.id: level.score for level in old.levels}
    if any(level.id in old_scores and level.score != old_scores[level.id] for level in new.levels):
        return Impact.BREAKING
    return Impact.ADDITIVE if len(new_ids) > len(old_ids) else Impact.EDITORIAL


def _cells(old: LevelMatrix, new: LevelMatrix) -> tuple[CellChange, ...]:
    before = {(c.role, c.item): c.level for c in old.expectations}
    after = {(c.role, c.item): c.level for c in new.expectations}
    keys = list(dict.fromkeys([*before, *after]))
    return tuple(
        CellChange(role, item, before.get((role, item)), after.get((role, item)))
        for role, item in keys
        if before.get((role, item)) != after.get((role, item))
    )


_MATRIX_STEP = {MatrixStatus.PENDING: 0, MatrixStatus.DRAFT: 1, MatrixStatus.PUBLISHED: 2}


def _matrix_impact(old: LevelMatrix, new: LevelMatrix, cells: Sequence[CellChange]) -> Impact:
    if (
        any(c.old_level is not None for c in cells)
        or set(old.roles) - set(new.roles)
        or old.scale != new.scale
        or _MATRIX_STEP[new.status] < _MATRIX_STEP[old.status]
    ):
        return Impact.BREAKING
    if cells or set(new.roles) - set(old.roles) or new.status != old.status:
        return Impact.ADDITIVE
    return Impact.EDITORIAL


def _entry_impact(old: EntryValue, new: EntryValue) -> tuple[Impact, tuple[CellChange, ...]]:
    if isinstance(old, LevelScale) and isinstance(new, LevelScale):
        return _scale_impact(old, new), ()
    if isinstance(old, LevelMatrix) and isinstance(new, LevelMatrix):
        cells = _cells(old, new)
        return _matrix_impact(old, new, cells), cells
    return Impact.EDITORIAL, ()  # a role's title or description


_COLLECTIONS: tuple[tuple[Literal["scales", "roles", "matrices"], ChangeKind], ...] = (
    ("scales", ChangeKind.SCALE),
    ("roles", ChangeKind.ROLE),
    ("matrices", ChangeKind.MATRIX),
)


def _entry_changes(old: Framework, new: Framework) -> list[Change]:
    changes: list[Change] = []
    for name, kind in _COLLECTIONS:
        before: tuple[EntryValue, ...] = getattr(old, name)
        after: tuple[EntryValue, ...] = getattr(new, name)
        if before == after:
            continue
        old_ids = [e.id for e in before]
        new_ids = [e.id for e in after]
        if len(set(old_ids)) < len(old_ids) or len(set(new_ids)) < len(new_ids):
            # Repeated ids (only a hand-built framework can have them): the whole list.
            changes.append(
                Change(
                    ChangeKind.METADATA,
                    Impact.BREAKING,
                    None,
                    None,
                    FieldChange(name, before, after),
                )
            )
            continue
        old_by_id = {e.id: e for e in before}
        new_by_id = {e.id: e for e in after}
        for entry in before:
            if entry.id not in new_by_id:
                changes.append(
                    Change(kind, Impact.BREAKING, None, None, Entry(entry.id, entry, None, None))
                )
        for index, entry in enumerate(after):
            previous = old_by_id.get(entry.id)
            if previous is None:
                changes.append(
                    Change(kind, Impact.ADDITIVE, None, None, Entry(entry.id, None, entry, index))
                )
            elif previous != entry:
                impact, cells = _entry_impact(previous, entry)
                details = Entry(entry.id, previous, entry, index, cells)
                changes.append(Change(kind, impact, None, None, details))
        stayed = [i for i in new_ids if i in old_by_id]
        if stayed != [i for i in old_ids if i in new_by_id]:
            order = Reordered(name, None, tuple(stayed), tuple(new_ids))
            changes.append(Change(ChangeKind.REORDERED, Impact.EDITORIAL, None, None, order))
    return changes


@contextlib.contextmanager
def _no_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector. Matching makes many small containers and no
    cycles; each collection pass would walk the frameworks' tens of thousands of objects
    again, a sixth of the time of a large diff."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def diff(old: Framework, new: Framework, *, thresholds: Thresholds = Thresholds()) -> FrameworkDiff:
    """Everything that changed from ``old`` to ``new``.

    Changes come in a fixed order: framework metadata; then, in the old version's document
    order, what happened to each old item (removed, split, merged, renumbered, moved,
    reworded, item metadata); items added, in the new version's order; reorderings; level
    scales, roles, matrices. ``diff(x, x)`` is empty.
    """
    with _no_gc():
        matcher = Matcher(Tree(old), Tree(new), thresholds)
        matcher.run()
        item_changes, unchanged = _item_changes(matcher)
    return FrameworkDiff(
        old=old.ref,
        new=new.ref,
        changes=(*_framework_changes(old, new), *item_changes, *_entry_changes(old, new)),
        unchanged=tuple(unchanged),
        thresholds=thresholds,
        released=new.released,
    )


# -- the diff ---------------------------------------------------------------------------------


def _changes(value: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(value)


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FrameworkDiff(Sequence[Change]):
    """The changes from one framework version to another: an immutable sequence of
    :class:`Change`, with what rendering, applying and crosswalking need.

    ``unchanged`` holds the ids of the items that are the same in both versions (same id,
    same content, same parent), in the old document order.
    """

    old: Ref
    new: Ref
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_changes)
    unchanged: tuple[str, ...] = attrs.field(default=(), converter=_ids, repr=False)
    thresholds: Thresholds = Thresholds()
    released: datetime.date | None = None

    # -- the sequence -------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self.changes)

    @overload
    def __getitem__(self, index: int) -> Change: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Change, ...]: ...
    def __getitem__(self, index: int | slice) -> Change | tuple[Change, ...]:
        return self.changes[index]

    def __iter__(self) -> Iterator[Change]:
        return iter(self.changes)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of_kind(self, *kinds: ChangeKind) -> tuple[Change, ...]:
        """The changes of the given kinds, in order."""
        return tuple(c for c in self.changes if c.kind in kinds)

    def of_impact(self, impact: Impact) -> tuple[Change, ...]:
        """The changes of exactly this impact."""
        return tuple(c for c in self.changes if c.impact is impact)

    @property
    def impact(self) -> Impact | None:
        """The worst impact of any change, or ``None`` when nothing changed."""
        return max((c.impact for c in self.changes), key=lambda i: i.rank, default=None)

    @property
    def suggested_bump(self) -> Bump:
        """major if anything is breaking, else minor if anything was added, else patch;
        none when nothing changed."""
        worst = self.impact
        return Bump.NONE if worst is None else worst.bump

    def counts(self) -> dict[str, int]:
        """How many changes of each impact: ``{"breaking": n, "additive": n, "editorial": n}``."""
        found = Counter(c.impact.value for c in self.changes)
        return {impact.value: found[impact.value] for impact in Impact}

    def version_check(self) -> VersionCheck:
        """Whether the new version number reflects these changes (see :func:`check_version`)."""
        return _version_check(self.old.version or "", self.new.version or "", self.suggested_bump)

    # -- renderings ---------------------------------------------------------------------
    def to_text(self) -> str:
        """A plain-text report: a summary line, then one line per change."""
        counts = self.counts()
        head = f"{self.old} -> {self.new}: "
        if not self.changes:
            return head + "no changes\n"
        lines = [
            head + f"{len(self)} changes ({counts['breaking']} breaking, "
            f"{counts['additive']} additive, {counts['editorial']} editorial)",
            f"suggested version bump: {self.suggested_bump.value}",
            "",
        ]
        width = max(len(c.kind.value) for c in self.changes)
        for change in self.changes:
            lines.append(
                f"{change.impact.value:9}  {change.kind.value:{width}}  {change.describe()}"
            )
        return "\n".join(lines) + "\n"

    def to_markdown(self, *, heading_level: int = 2) -> str:
        """A changelog section in the manner of Keep a Changelog.

        Headings (only those with entries): **Added** (items, scales, roles, matrices);
        **Changed** (rewordings, renumberings, moves, splits, merges, reorderings,
        metadata, changed scales, roles and matrices; breaking ones marked); **Deprecated**
        (the framework's status became superseded or retired); **Removed**; **Fixed**
        (rewordings that change only case, punctuation or spacing: similarity 1.0).
        """
        hashes = "#" * heading_level
        title = f"{hashes} [{self.new.version}]"
        if self.released is not None:
            title += f" - {self.released.isoformat()}"
        out = [title, ""]
        if not self.changes:
            return "\n".join([*out, f"No changes from `{self.old}`.", ""])
        out += [
            f"Changes from `{self.old}` to `{self.new}`: {len(self)} "
            f"({self.counts()['breaking']} breaking). Suggested version bump: "
            f"**{self.suggested_bump.value}**.",
            "",
        ]
        sections: dict[str, list[str]] = {}
        for change in self.changes:
            mark = "**Breaking:** " if change.impact is Impact.BREAKING else ""
            line = f"- {mark}{change.describe('markdown')}"
            sections.setdefault(_heading(change), []).append(line)
        for heading in ("Added", "Changed", "Deprecated", "Removed", "Fixed"):
            if heading in sections:
                out += [f"{hashes}# {heading}", "", *sections[heading], ""]
        return "\n".join(out)

    def to_data(self) -> dict[str, Any]:
        """The diff as JSON-compatible data."""
        return {
            "old": str(self.old),
            "new": str(self.new),
            "released": None if self.released is None else self.released.isoformat(),
            "suggested_bump": self.suggested_bump.value,
            "counts": self.counts(),
            "unchanged": len(self.unchanged),
            "thresholds": attrs.asdict(self.thresholds),
            "changes": [c.to_data() for c in self.changes],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_data` as JSON text."""
        return json.dumps(self.to_data(), indent=indent, ensure_ascii=False)

    # -- applying -----------------------------------------------------------------------
    def apply(self, old: Framework) -> Framework:
        """The new framework, rebuilt from ``old`` and this diff.

        Raises :class:`DiffError` when ``old`` is not the version this diff starts from
        (another reference, or items that do not read as the diff says).
        """
        return _apply(self, old)

    # -- crosswalks ---------------------------------------------------------------------
    def to_crosswalk(self) -> Crosswalk:
        """The diff read as a crosswalk from the old version to the new one.

        ``exact`` for items unchanged, renumbered, moved or changed only in metadata
        (lexical matching, confidence 1); ``close`` for reworded items (confidence: their
        similarity); for a split, ``old narrow part`` for each part (each part is narrower
        than the old item); for a merge, ``source broad merged`` for each source (the merged
        item is broader). Removed and added items have no mapping.
        """
        return _to_crosswalk(self)


def _heading(change: Change) -> str:
    d = change.details
    if change.kind is ChangeKind.ADDED or (isinstance(d, Entry) and d.action == "added"):
        return "Added"
    if change.kind is ChangeKind.REMOVED or (isinstance(d, Entry) and d.action == "removed"):
        return "Removed"
    if isinstance(d, Reworded) and d.similarity >= 1.0:
        return "Fixed"
    if (
        isinstance(d, FieldChange)
        and d.field == "status"
        and d.new in (Status.SUPERSEDED, Status.RETIRED)
    ):
        return "Deprecated"
    return "Changed"


def _value_text(value: Any) -> str:
    plain = _plain(value)
    if plain is None:
        return "(none)"
    return plain if isinstance(plain, str) else json.dumps(plain, ensure_ascii=False)


def _describe(change: Change, style: Literal["text", "markdown"]) -> str:
    def code(text: str) -> str:
        return f"`{text}`" if style == "markdown" else text

    def quote(text: str) -> str:
        return _md(text) if style == "markdown" else text

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
        from cecompetency.codec import item_to_data

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


# -- apply ------------------------------------------------------------------------------------


def _apply(d: FrameworkDiff, old: Framework) -> Framework:
    if old.ref != d.old:
        raise DiffError(f"this diff starts from {d.old}, not {old.ref}")
    tree = Tree(old)
    gone: set[str] = set()
    renamed: dict[str, str] = {}
    content: dict[str, dict[str, Any]] = {}
    placed: dict[str, Placement] = {}
    new_items: dict[str, Item] = {}
    reorders: dict[str | None, tuple[str, ...]] = {}
    fields: dict[str, Any] = {}
    entries: dict[str, list[Entry]] = {"scales": [], "roles": [], "matrices": []}
    entry_orders: dict[str, tuple[str, ...]] = {}

    def known(ref: Ref | None) -> str:
        if ref is None or ref.item is None or ref.item not in tree.items:
            raise DiffError(f"{old.ref} has no item {ref and ref.item!r} that this diff changes")
        return ref.item

    for change in d.changes:
        x = change.details
        if isinstance(x, Removed):
            gone.add(known(change.old))
        elif isinstance(x, Split):
            gone.add(known(change.old))
            for item, where in zip(x.items, x.placements, strict=True):
                new_items[item.id], placed[item.id] = item, where
        elif isinstance(x, Merged):
            gone.update(known(s) for s in x.sources)
            new_items[x.item.id], placed[x.item.id] = x.item, x.placement
        elif isinstance(x, Added):
            new_items[x.item.id], placed[x.item.id] = x.item, x.placement
        elif isinstance(x, Reordered):
            if x.scope == "items":
                reorders[x.parent] = x.new_order
            else:
                entry_orders[x.scope] = x.new_order
        elif isinstance(x, Entry):
            entries[
                {ChangeKind.SCALE: "scales", ChangeKind.ROLE: "roles"}.get(change.kind, "matrices")
            ].append(x)
        elif change.old is None and isinstance(x, FieldChange):
            fields[x.field] = x.new
        elif change.new is not None:  # renumbered, moved, reworded, item metadata
            old_id, new_id = known(change.old), change.new.item or ""
            renamed[old_id] = new_id
            edits = content.setdefault(old_id, {})
            if isinstance(x, Moved):
                placed[new_id] = x.placement
            elif isinstance(x, Reworded):
                item = tree.items[old_id]
                if (item.title, item.statement) != (x.old_title, x.old_statement):
                    raise DiffError(f"{old.ref_of(old_id)} does not read as this diff expects")
                edits["title"], edits["statement"] = x.new_title, x.new_statement
            elif isinstance(x, FieldChange):
                edits[x.field] = x.new

    # Every surviving old item, under its new id, with its own edits.
    forward: dict[str, str] = {}
    own: dict[str, Item] = {}
    for old_id, item in tree.items.items():
        if old_id in gone:
            continue
        new_id = renamed.get(old_id, old_id)
        forward[old_id] = new_id
        mine = content.get(old_id, {})
        # An item left as it was is kept as it is, children and all: _build reuses it
        # when its children are the same objects again.
        own[new_id] = (
            item if new_id == old_id and not mine else attrs.evolve(item, id=new_id, **mine)
        )
    own.update(new_items)
    backward = {new_id: old_id for old_id, new_id in forward.items()}

    # Children of each new parent: those that stayed (old order, or the recorded order),
    # with the placed ones inserted at their positions.
    kids: dict[str | None, list[str]] = {}
    for parent in [None, *own]:
        old_parent = None if parent is None else backward.get(parent)
        if parent is not None and old_parent is None:
            stayed: list[str] = []
        else:
            stayed = [
                forward[k]
                for k in tree.kids(old_parent)
                if k in forward and forward[k] not in placed
            ]
        if stayed or parent is None:
            kids[parent] = stayed
    for item_id, where in sorted(placed.items(), key=lambda p: p[1].index):
        kids.setdefault(where.parent, [])
        siblings = kids[where.parent]
        siblings.insert(min(where.index, len(siblings)), item_id)
    for parent, order in reorders.items():
        kids[parent] = list(order)

    items = _build(kids, own)
    values: dict[str, Any] = {
        name: _apply_entries(getattr(old, name), entries[name], entry_orders.get(name))
        for name, _kind in _COLLECTIONS
    }
    values.update(fields)  # framework metadata, and whole lists whose ids repeat
    values.update(id=d.new.framework, version=d.new.version or old.version, items=items)
    return attrs.evolve(old, **values)


def _build(kids: dict[str | None, list[str]], own: dict[str, Item]) -> tuple[Item, ...]:
    """The item tree from each parent's child ids, built leaves first without recursion."""
    built: dict[str, Item] = {}
    stack: list[tuple[str, bool]] = [(k, False) for k in reversed(kids.get(None, []))]
    seen: set[str] = set()
    while stack:
        item_id, ready = stack.pop()
        if ready:
            children = tuple(built[c] for c in kids.get(item_id, ()))
            item = own[item_id]
            same = len(children) == len(item.children) and all(
                a is b for a, b in zip(children, item.children, strict=True)
            )
            built[item_id] = item if same else attrs.evolve(item, children=children)
            continue
        if item_id in seen:
            raise DiffError(f"item {item_id!r} would be its own ancestor or appear twice")
        if item_id not in own:
            raise DiffError(f"this diff places unknown item {item_id!r}")
        seen.add(item_id)
        stack.append((item_id, True))
        stack.extend((c, False) for c in reversed(kids.get(item_id, ())))
    return tuple(built[k] for k in kids.get(None, []))


def _apply_entries(
    old: tuple[EntryValue, ...], changes: list[Entry], order: tuple[str, ...] | None
) -> tuple[EntryValue, ...]:
    removed = {e.id for e in changes if e.new is None}
    replaced = {e.id: e.new for e in changes if e.new is not None and e.old is not None}
    result: list[EntryValue] = [replaced.get(e.id) or e for e in old if e.id not in removed]
    added = sorted(
        ((e.index or 0, e.new) for e in changes if e.old is None and e.new is not None),
        key=lambda pair: pair[0],
    )
    for index, value in added:
        result.insert(index, value)
    if order is not None:
        by_id = {e.id: e for e in result}
        result = [by_id[i] for i in order]
    return tuple(result)


# -- version numbers --------------------------------------------------------------------------


class VersionScheme(enum.Enum):
    """How a framework numbers its versions."""

    SEMVER = "semver"
    """``MAJOR[.MINOR[.PATCH]]`` with an optional ``-suffix``: the numbers say the impact."""
    CALENDAR = "calendar"
    """A year (``2008``), or a year with month or day (``2024.05``, ``2024-05-01``)."""
    OTHER = "other"
    """Anything else: only the order of versions can be checked."""


_SEMVER = re.compile(r"(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-+][0-9A-Za-z.+-]*)?")
_CALENDAR = re.compile(r"(?:19|20)\d\d(?:[.-]\d{1,2}){0,2}")


def _scheme(version: str) -> VersionScheme:
    if _CALENDAR.fullmatch(version):
        return VersionScheme.CALENDAR
    if _SEMVER.fullmatch(version):
        return VersionScheme.SEMVER
    return VersionScheme.OTHER


def _semver(version: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(version)
    assert match is not None
    major, minor, patch = match.groups()
    return int(major), int(minor or 0), int(patch or 0)


@attrs.frozen
class VersionCheck:
    """Whether a new version number reflects the changes since the old one.

    ``required`` is what the changes call for (:attr:`FrameworkDiff.suggested_bump`).
    ``actual`` is the bump the numbers show, for semantic versions only (``None`` for
    calendar and other schemes, whose numbers do not encode impact). ``ok`` says whether
    the numbers reflect the changes; ``message`` says why, in a sentence.

    The rules:

    - **semver** (both versions ``MAJOR[.MINOR[.PATCH]]``, missing parts read as 0): the
      bump made is the first component that grew (a lower version is a downgrade, never
      ok). It must be at least the bump required. Below 1.0 (both majors 0), as Cargo
      reads SemVer, the minor number plays the major's part and the patch number the
      minor's: ``0.1 -> 0.2`` may break, ``0.1.0 -> 0.1.1`` may add.
    - **calendar** (both versions years, ``2008``, or years with month or day) and
      **other** schemes: the numbers cannot say how big a change is; any change requires
      only a later version (natural order, :func:`~cecompetency.refs.version_key`), and
      the message says what the changes call for so release notes can say it.
    - No changes: always ok.
    """

    old: str
    new: str
    scheme: VersionScheme
    required: Bump
    actual: Bump | None
    newer: bool
    ok: bool
    message: str

    def allows(self, bump: Bump) -> bool:
        """Whether the version change covers changes that call for ``bump``."""
        if bump is Bump.NONE:
            return True
        if self.actual is None:
            return self.newer
        return _covers(self.actual, bump, self.old, self.new)


def _covers(actual: Bump, required: Bump, old: str, new: str) -> bool:
    if _semver(old)[0] == 0 and _semver(new)[0] == 0:
        # Below 1.0 a minor bump may break and a patch bump may add.
        promoted = {Bump.MINOR: Bump.MAJOR, Bump.PATCH: Bump.MINOR}.get(actual, actual)
        return promoted.rank >= required.rank
    return actual.rank >= required.rank


def _version_check(old: str, new: str, required: Bump) -> VersionCheck:
    newer = version_key(new) > version_key(old)
    schemes = {_scheme(old), _scheme(new)}
    scheme = schemes.pop() if len(schemes) == 1 else VersionScheme.OTHER
    actual: Bump | None = None
    if scheme is VersionScheme.SEMVER:
        a, b = _semver(old), _semver(new)
        if b == a:
            actual = Bump.NONE
        elif b > a:
            actual = Bump.MAJOR if b[0] > a[0] else Bump.MINOR if b[1] > a[1] else Bump.PATCH
        else:
            actual = None  # a downgrade: reported below
    if required is Bump.NONE:
        ok, message = True, f"no changes from {old} to {new}"
    elif scheme is VersionScheme.SEMVER and actual is None:
        ok, message = (
            False,
            f"{new} is lower than {old}; the changes call for a {required.value} bump",
        )
    elif scheme is VersionScheme.SEMVER:
        assert actual is not None
        ok = _covers(actual, required, old, new)
        verdict = "reflects" if ok else "does not reflect"
        message = (
            f"{old} -> {new} is a {actual.value} bump; the changes call for a "
            f"{required.value} bump, so the version {verdict} them"
        )
    else:
        ok = newer
        what = "calendar versions" if scheme is VersionScheme.CALENDAR else "these versions"
        message = (
            f"{what} do not encode the size of a change; the changes call for a "
            f"{required.value} release, and {new} "
            + ("is later than" if newer else "is not later than")
            + f" {old}"
        )
    return VersionCheck(old, new, scheme, required, actual, newer, ok, message)


def check_version(
    old: Framework, new: Framework, *, thresholds: Thresholds = Thresholds()
) -> VersionCheck:
    """Whether ``new.version`` reflects the changes since ``old`` (rules: :class:`VersionCheck`)."""
    return diff(old, new, thresholds=thresholds).version_check()


# -- crosswalks -------------------------------------------------------------------------------


@attrs.frozen
class _Fate:
    """What became of one old item: new ids with the relation old -> new, or nothing."""

    targets: tuple[tuple[str, Relation], ...]
    kind: Literal["same", "reworded", "split", "merged", "removed"]
    similarity: float = 1.0
    breaking: bool = False


def _fates(d: FrameworkDiff) -> dict[str, _Fate]:
    fates: dict[str, _Fate] = {i: _Fate(((i, Relation.EXACT),), "same") for i in d.unchanged}
    for change in d.changes:
        x = change.details
        old_id = change.old.item if change.old is not None else None
        new_id = change.new.item if change.new is not None else None
        if isinstance(x, Removed) and old_id:
            fates[old_id] = _Fate((), "removed")
        elif isinstance(x, Split) and old_id:
            fates[old_id] = _Fate(tuple((p.item or "", Relation.NARROW) for p in x.parts), "split")
        elif isinstance(x, Merged) and new_id:
            for source in x.sources:
                fates[source.item or ""] = _Fate(((new_id, Relation.BROAD),), "merged")
        elif isinstance(x, Reworded) and old_id and new_id:
            fates[old_id] = _Fate(
                ((new_id, Relation.CLOSE),),
                "reworded",
                x.similarity,
                change.impact is Impact.BREAKING,
            )
        elif old_id and new_id and change.kind is not ChangeKind.REORDERED and old_id not in fates:
            fates[old_id] = _Fate(((new_id, Relation.EXACT),), "same")
    return fates


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def _to_crosswalk(d: FrameworkDiff) -> Crosswalk:
    old, new = d.old, d.new
    mappings: list[Mapping] = []
    for old_id, fate in sorted(_fates(d).items(), key=lambda p: version_key(p[0])):
        for new_id, relation in fate.targets:
            if fate.kind == "same":
                justification, confidence, comment = Justification.LEXICAL, 1.0, "same text"
            else:
                justification = Justification.LEXICAL_SIMILARITY
                confidence = fate.similarity
                comment = {"reworded": "reworded", "split": "split", "merged": "merged"}[fate.kind]
                if fate.kind == "reworded":
                    comment += f" (similarity {fate.similarity:.2f})"
            mappings.append(
                Mapping(
                    subject=old.with_item(old_id),
                    relation=relation,
                    object=new.with_item(new_id),
                    confidence=round(confidence, 4),
                    justification=justification,
                    comment=comment,
                )
            )
    if old.framework == new.framework:
        cw_id = f"{old.framework}-{_slug(old.version or '')}-to-{_slug(new.version or '')}"
    else:
        cw_id = (
            f"{old.framework}-{_slug(old.version or '')}"
            f"-to-{new.framework}-{_slug(new.version or '')}"
        )
    return Crosswalk(
        id=cw_id,
        version="1",
        title=f"{old} to {new}, read from their diff",
        frameworks=(old,) if old == new else (old, new),
        mappings=mappings,
        description="Derived by cecompetency.changes: exact for unchanged, renumbered and moved "
        "items, close for reworded ones, narrow to the parts of a split, broad to a merge.",
    )


class DropReason(enum.Enum):
    """Why :func:`migrate` could not carry a mapping onto the new version."""

    REMOVED = "removed"
    """The item is not in the new version."""
    SPLIT = "split"
    """The item was split, and what the mapping says of the parts cannot be inferred."""
    MERGED = "merged"
    """The item was merged, and what the mapping says of the merged item cannot be inferred."""
    MEANING_CHANGED = "meaning-changed"
    """The item was reworded beyond the editorial threshold: the claim needs a new review."""
    UNKNOWN_ITEM = "unknown-item"
    """The mapping names an item the old version does not have."""


@attrs.frozen
class MigratedMapping:
    """A mapping carried onto the new version: the ``original`` and what it became."""

    original: Mapping
    mapping: Mapping
    note: str


@attrs.frozen
class DroppedMapping:
    """A mapping that could not be carried, with the reason and a sentence of detail."""

    mapping: Mapping
    reason: DropReason
    detail: str


@attrs.frozen
class Migration:
    """A crosswalk carried across a version change, with an account of what was lost."""

    crosswalk: Crosswalk
    carried: tuple[MigratedMapping, ...]
    dropped: tuple[DroppedMapping, ...]

    @property
    def complete(self) -> bool:
        """Whether every mapping was carried."""
        return not self.dropped

    def to_text(self) -> str:
        """A report: counts, then each dropped mapping and why, then the carried notes."""
        lines = [
            f"{self.crosswalk.ref}: {len(self.carried)} mapping(s) carried, "
            f"{len(self.dropped)} dropped"
        ]
        lines += [f"  dropped {d.mapping} ({d.reason.value}): {d.detail}" for d in self.dropped]
        lines += [
            f"  carried {c.original} as {c.mapping}: {c.note}"
            for c in self.carried
            if c.note != "unchanged"
        ]
        return "\n".join(lines) + "\n"


def migrate(crosswalk: Crosswalk, diff: FrameworkDiff) -> Migration:
    """Carry ``crosswalk``, which maps items of ``diff.old``, onto ``diff.new``.

    Each mapping end in the old version follows its item:

    - unchanged, renumbered, moved, changed only in metadata, or reworded within the
      editorial threshold: the same claim about the item's new reference;
    - reworded beyond the editorial threshold: dropped (``meaning-changed``); the claim was
      made about a text that no longer exists, and a curator should make it again;
    - split: carried to every part when the hierarchy makes the claim certain. Each part
      is narrower than the old item X, so whatever is broader than X, or the same as X,
      is broader than each part: ``X exact Y`` and ``X broad Y`` both become
      ``part broad Y`` (``Y narrow part`` when X was the object). Any other relation is
      dropped as ambiguous (``split``): ``X narrow Y`` may hold of one part and not the
      other, and ``close`` or ``related`` say nothing certain about a part. Negations are
      dropped too;
    - merged: the merged item M is broader than X, so whatever is narrower than X, or the
      same as X, is narrower than M: ``X exact Y`` and ``X narrow Y`` become
      ``M narrow Y``; anything else is dropped (``merged``);
    - removed: dropped (``removed``); an item the old version lacks: ``unknown-item``.

    Carried mappings keep their metadata; inferred ones get justification
    ``semapv:MappingChaining`` and the original in ``chain``. The result names ``diff.new``
    where the crosswalk named ``diff.old``, keeps its id and version, and holds each
    carried claim once.
    """
    if diff.old not in crosswalk.frameworks and not any(
        diff.old in (m.subject.framework_ref, m.object.framework_ref) for m in crosswalk.mappings
    ):
        names = ", ".join(str(f) for f in crosswalk.frameworks) or "nothing"
        raise DiffError(f"crosswalk {crosswalk.ref} does not map {diff.old} (it maps {names})")
    fates = _fates(diff)
    carried: list[MigratedMapping] = []
    dropped: list[DroppedMapping] = []
    for mapping in crosswalk.mappings:
        results: list[tuple[Mapping, str]] = [(mapping, "unchanged")]
        failure: DroppedMapping | None = None
        for end in ("subject", "object"):
            next_results: list[tuple[Mapping, str]] = []
            for current, note in results:
                outcome = _carry_end(current, end, diff, fates, mapping)
                if isinstance(outcome, DroppedMapping):
                    failure = outcome
                    break
                for carried_mapping, end_note in outcome:
                    notes = [n for n in (note, end_note) if n and n != "unchanged"]
                    next_results.append((carried_mapping, "; ".join(notes) or "unchanged"))
            if failure is not None:
                break
            results = next_results
        if failure is not None:
            dropped.append(failure)
        else:
            carried += [MigratedMapping(mapping, m, note) for m, note in results]
    seen: set[tuple[Ref, Relation, Ref, bool]] = set()
    kept: list[Mapping] = []
    for entry in carried:
        key = (*entry.mapping.key, entry.mapping.negated)
        if key not in seen:
            seen.add(key)
            kept.append(entry.mapping)
    frameworks = tuple(
        dict.fromkeys(diff.new if f == diff.old else f for f in crosswalk.frameworks)
    )
    result = attrs.evolve(crosswalk, frameworks=frameworks, mappings=kept)
    return Migration(result, tuple(carried), tuple(dropped))


def _carry_end(
    mapping: Mapping,
    end: Literal["subject", "object"],
    d: FrameworkDiff,
    fates: dict[str, _Fate],
    original: Mapping,
) -> list[tuple[Mapping, str]] | DroppedMapping:
    ref: Ref = getattr(mapping, end)
    if ref.framework_ref != d.old:
        return [(mapping, "unchanged")]
    item = ref.item or ""
    fate = fates.get(item)
    if fate is None:
        return DroppedMapping(original, DropReason.UNKNOWN_ITEM, f"{d.old} has no item {item!r}")
    if fate.kind == "removed":
        return DroppedMapping(original, DropReason.REMOVED, f"{ref} is not in {d.new}")
    if fate.kind == "reworded" and fate.breaking:
        return DroppedMapping(
            original,
            DropReason.MEANING_CHANGED,
            f"{ref} was reworded (similarity {fate.similarity:.2f}, below "
            f"{d.thresholds.editorial:.2f}): review the mapping against the new text",
        )
    if fate.kind in ("same", "reworded"):
        new_id = fate.targets[0][0]
        note = "unchanged" if new_id == item else f"{item} is now {new_id}"
        if fate.kind == "reworded":
            note = (note + "; " if note != "unchanged" else "") + f"{new_id} reworded editorially"
        moved_end: dict[str, Any] = {end: d.new.with_item(new_id)}
        moved = attrs.evolve(mapping, **moved_end)
        return [(moved, note)]
    reason = DropReason.SPLIT if fate.kind == "split" else DropReason.MERGED
    if mapping.negated:
        return DroppedMapping(
            original, reason, f"{ref} was {fate.kind}; a negation cannot be carried to it"
        )
    # Read the claim from the old item X: ``X claim Y``.
    claim = mapping.relation if end == "subject" else mapping.relation.inverse
    carried = _THROUGH[fate.kind].get(claim)
    if carried is None:
        return DroppedMapping(
            original,
            reason,
            f"{ref} was {fate.kind}; '{claim.value}' from it says nothing certain about "
            + ", ".join(str(d.new.with_item(new_id)) for new_id, _rel in fate.targets),
        )
    relation = carried if end == "subject" else carried.inverse
    out: list[tuple[Mapping, str]] = []
    for new_id, _rel in fate.targets:
        changed: dict[str, Any] = {
            end: d.new.with_item(new_id),
            "relation": relation,
            "justification": Justification.CHAINING,
            "chain": (original,),
        }
        out.append(
            (
                attrs.evolve(mapping, **changed),
                f"{item} was {fate.kind}: {relation.value} to {new_id}",
            )
        )
    return out


# What a claim ``X relation Y`` says, for certain, of the items X became.
_THROUGH: dict[str, dict[Relation, Relation]] = {
    # each part P is narrower than X: Y >= X > P
    "split": {Relation.EXACT: Relation.BROAD, Relation.BROAD: Relation.BROAD},
    # the merged M is broader than X: Y <= X < M
    "merged": {Relation.EXACT: Relation.NARROW, Relation.NARROW: Relation.NARROW},
}
