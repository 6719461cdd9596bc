"""Comparing two versions of a framework: :func:`diff`, which matches the old version's
items with the new version's and says what happened to each, and :func:`check_version`.

:func:`diff` compares two :class:`~cecompetency.model.framework.Framework` values and returns a
:class:`~cecompetency.changes.FrameworkDiff`: an immutable sequence of
:class:`~cecompetency.changes.records.Change` records, each with the old and new item
references, a kind, an impact and typed details. The private module
``cecompetency.changes.matching`` does the matching; this one turns the pairs it finds into
changes and rates their impact.

Matching, in order (each step sees only what the steps before it left unmatched):

1. by id, where the text (title and statement) is unchanged;
2. by identical text under another id (a renumbered or moved item), items whose old id is
   gone first, each taking the copy under its old parent's counterpart if there is one;
3. by id again, where the text changed but still reads alike (similarity at least
   :attr:`~cecompetency.changes.matching.Thresholds.match`);
4. by content among the leftovers only: an old item's candidates are the few new
   leftovers that share the most pairs of adjacent words with it (its *buckets*; buckets
   that more than a few leftovers share are ignored), two pairs at least unless one of
   the two is a text of one or two words, and the leftovers under its old parent's
   counterpart. A pair must be similar (at least
   :attr:`~cecompetency.changes.matching.Thresholds.match`) and alike when words are
   weighed by their rarity in the two versions, so that shared stock phrases count for
   little (at least ``match`` under the parent's counterpart, at least
   :attr:`~cecompetency.changes.matching.Thresholds.distant` elsewhere, where the match
   would be a move as well); the pairs most alike by weight win;
5. by id, whatever the similarity (ids come first: a replaced text under the same id is a
   rewording, and a strong one);
6. splits: an old item, unmatched or reworded, whose words reappear in several new items
   (see :class:`~cecompetency.changes.matching.Thresholds`); the parts are its own partner
   and leftovers that share two runs of three words with it (one, or the words
   themselves, for a part of four words or fewer; runs its partner lacks, when it has
   one) or stand where it stood. Parts among its old siblings' counterparts are sought
   first, for every item; parts elsewhere (another area, another level) must hold
   ``distant`` of their weight inside it, not ``part``;
7. merges, the same the other way round.

Every tie (equal scores, equal candidates) goes to the first in document order, so the
same two versions give the same diff, byte for byte, in every run, whatever the
interpreter's hash seed.

Splits and merges that these candidates miss (parts that share no run of words with the
whole and sit elsewhere) are reported as what they look like: a rewording, an addition, a
removal. An item is *moved* when its new parent is not its old parent's counterpart; a
child whose parent was split, merged or removed has none, so it is reported moved,
wherever it now stands. Nothing is compared with everything: the work is dictionary passes
plus a bounded search among the leftovers, so two 20,000-item versions with 5% of every
kind of change diff in well under a second on a small two-core machine.

:func:`check_version` diffs two versions and says whether the new version number reflects
the changes (the rules: :class:`~cecompetency.changes.versioning.VersionCheck`).
"""

from __future__ import annotations

from collections.abc import Sequence

from cecompetency.changes.descriptor_diff import descriptor_changes, ladder_changes, renames
from cecompetency.changes.framework_diff import FrameworkDiff
from cecompetency.changes.matching import (
    Matcher,
    Thresholds,
    Tree,
    rest,
    without_children,
    word_similarity,
)
from cecompetency.changes.records import (
    _COLLECTIONS,
    Added,
    CellChange,
    Change,
    ChangeKind,
    Entry,
    EntryValue,
    FieldChange,
    Impact,
    Merged,
    Moved,
    Placement,
    Removed,
    Reordered,
    Reworded,
    Split,
)
from cecompetency.changes.versioning import VersionCheck
from cecompetency.files.gc_pause import paused_gc
from cecompetency.model.fields import require
from cecompetency.model.framework import Framework, Item
from cecompetency.model.levels import LevelMatrix, LevelScale, MatrixStatus
from cecompetency.model.refs import Ref, trusted_ref

__all__ = ["check_version", "diff"]


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


# -- building the changes ---------------------------------------------------------------------


def _reword_impact(similarity: float, thresholds: Thresholds) -> Impact:
    return Impact.EDITORIAL if similarity >= thresholds.editorial else Impact.BREAKING


def _same_rest(a: Item, b: Item) -> bool:
    """``rest(a) == rest(b)``, field by field (a tuple compares each pair by identity, then
    equality), without building the two tuples."""
    return (
        (a.kind is b.kind or a.kind == b.kind)
        and (a.weight is b.weight or a.weight == b.weight)
        and (a.tags is b.tags or a.tags == b.tags)
        and (a.notes is b.notes or a.notes == b.notes)
        and (a.extensions is b.extensions or a.extensions == b.extensions)
    )


def _item_changes(m: Matcher) -> tuple[list[Change], list[str]]:
    o, n, t = m.o, m.n, m.t
    old_ref, new_ref = o.ref, n.ref
    changes: list[Change] = []
    unchanged: list[str] = []
    split_of = {whole: (parts, cov) for whole, parts, cov in m.splits}
    merge_at = {sources[0]: (sources, whole, cov) for sources, whole, cov in m.merges}
    merged_sources = {s for sources, _w, _c in m.merges for s in sources}

    # The matcher's items are numbers (Tree): the changes name them by id.
    old_ids, new_ids = o.ids, n.ids

    # The ids, framework ids and versions were checked when the frameworks were built.
    def oref(item: int) -> Ref:
        return trusted_ref(old_ref.framework, old_ref.version, old_ids[item])

    def nref(item: int) -> Ref:
        return trusted_ref(new_ref.framework, new_ref.version, new_ids[item])

    def id_of(ids: list[str], item: int | None) -> str | None:
        return None if item is None else ids[item]

    def place(item: int) -> Placement:
        return Placement(id_of(new_ids, n.parent[item]), n.index[item])

    def mapped_parent(old_id: int) -> int | None:
        parent = o.parent[old_id]
        return None if parent is None else m.pair[parent]  # -1 if unmapped

    pair, new_items, new_parents, old_parents = m.pair, n.items, n.parent, o.parent
    same = m.same.get
    reworded_ids = m.similarity  # every pair whose text differs, and only those
    for old_id, old_item in enumerate(o.items):
        found = pair[old_id]
        new_id = None if found < 0 else found
        renumbered = new_id != same(old_id)
        if new_id is not None and not renumbered:  # the common case, first: left as it was
            new_item = new_items[new_id]
            up = old_parents[old_id]
            if (
                # The matcher compared the texts already: a pair under one id is in its
                # similarity table when, and only when, its text changed.
                old_id not in reworded_ids
                # An old parent with no counterpart (merged, split, removed) maps to
                # -1 (no item), as in mapped_parent: its child cannot have stayed in place.
                and new_parents[new_id] == (None if up is None else pair[up])
                and _same_rest(new_item, old_item)
            ):
                unchanged.append(old_ids[old_id])
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
        if not (moved or reworded or renumbered or rest(old_item) != rest(new_item)):
            unchanged.append(old_ids[old_id])
            continue
        a, b = oref(old_id), nref(new_id)
        if renumbered:
            changes.append(Change(ChangeKind.RENUMBERED, Impact.BREAKING, a, b))
        if moved:
            where = Moved(
                id_of(old_ids, o.parent[old_id]), id_of(new_ids, n.parent[new_id]), place(new_id)
            )
            changes.append(Change(ChangeKind.MOVED, Impact.BREAKING, a, b, where))
        if reworded:
            score = m.similarity.get(old_id)
            if score is None:
                score = word_similarity(old_item.text, new_item.text)
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
    for new_id, new_item in enumerate(n.items):
        if m.rev[new_id] < 0 and new_id not in split_parts and new_id not in merged_wholes:
            added = Added(without_children(new_item), place(new_id))
            changes.append(Change(ChangeKind.ADDED, Impact.ADDITIVE, None, nref(new_id), added))

    # Reordering: the children that stayed under the same parent, in a new relative order.
    rev, old_index = m.rev, o.index
    for parent, kids in n.children.items():
        old_parent = None if parent is None or rev[parent] < 0 else rev[parent]
        if parent is not None and old_parent is None:
            continue  # a new parent: all its children were placed one by one
        stayed = [k for k in kids if rev[k] >= 0 and old_parents[rev[k]] == old_parent]
        if len(stayed) < 2:
            continue
        old_sequence = sorted(stayed, key=lambda k: old_index[rev[k]])
        if old_sequence != stayed:
            order = Reordered(
                "items",
                id_of(new_ids, parent),
                tuple(old_ids[rev[k]] for k in stayed),
                tuple(new_ids[k] for k in kids),
            )
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
    """Breaking: an expectation changed or gone, a role gone, another scale (a pending
    matrix that gains its first scale gives nothing up), the status down (published to
    draft or pending, draft to pending). Additive: expectations, roles or a scale added, the
    status up. Editorial: the rest (title, description)."""
    if (
        any(c.old_level is not None for c in cells)
        or set(old.roles) - set(new.roles)
        or (old.scale is not None and old.scale != new.scale)
        or _MATRIX_STEP[new.status] < _MATRIX_STEP[old.status]
    ):
        return Impact.BREAKING
    if (
        cells
        or set(new.roles) - set(old.roles)
        or new.status != old.status
        or old.scale != new.scale
    ):
        return Impact.ADDITIVE
    return Impact.EDITORIAL


def _entry_impact(old: EntryValue, new: EntryValue) -> tuple[Impact, tuple[CellChange, ...]]:
    if isinstance(old, LevelScale) and isinstance(new, LevelScale):
        return _scale_impact(old, new), ()
    if isinstance(old, LevelMatrix) and isinstance(new, LevelMatrix):
        cells = _cells(old, new)
        return _matrix_impact(old, new, cells), cells
    return Impact.EDITORIAL, ()  # a role's title or description


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


# Thresholds is frozen (ruff cannot see that across modules): one shared default is safe.
def diff(
    old: Framework,
    new: Framework,
    *,
    thresholds: Thresholds = Thresholds(),  # noqa: B008
) -> FrameworkDiff:
    """Everything that changed from ``old`` to ``new``.

    Changes come in a fixed order: framework metadata; then, in the old version's document
    order, what happened to each old item (removed, split, merged, renumbered, moved,
    reworded, item metadata); items added, in the new version's order; reorderings; level
    scales, roles, matrices; the role ladder; level descriptors
    (:mod:`~cecompetency.changes.descriptor_diff`). ``diff(x, x)`` is empty.
    """
    require(old, Framework, "old")
    require(new, Framework, "new")
    with paused_gc():
        matcher = Matcher(Tree(old), Tree(new), thresholds)
        matcher.run()
        item_changes, unchanged = _item_changes(matcher)
        # Freed while the collector still sleeps: woken, it would walk all of the matcher's
        # (acyclic) containers once, for nothing.
        del matcher
    return FrameworkDiff(
        old=old.ref,
        new=new.ref,
        changes=(
            *_framework_changes(old, new),
            *item_changes,
            *_entry_changes(old, new),
            *ladder_changes(old, new),
            *descriptor_changes(old, new, renames(item_changes), thresholds),
        ),
        unchanged=tuple(unchanged),
        thresholds=thresholds,
        released=new.released,
    )


# As for diff: one shared frozen default.
def check_version(
    old: Framework,
    new: Framework,
    *,
    thresholds: Thresholds = Thresholds(),  # noqa: B008
) -> VersionCheck:
    """Whether ``new.version`` reflects the changes since ``old``.

    The rules: :class:`~cecompetency.changes.versioning.VersionCheck`.
    """
    require(old, Framework, "old")
    require(new, Framework, "new")
    return diff(old, new, thresholds=thresholds).version_check()
