"""A diff between two versions of a framework: :class:`FrameworkDiff`, the sequence of its
changes, what it says in sum, how it reads, and how it rebuilds the new version.

:func:`~cecompetency.changes.differ.diff` makes a :class:`FrameworkDiff`: an immutable sequence of
:class:`~cecompetency.changes.records.Change` records with the two versions' references.
It says the worst impact of its changes and the version bump they call for
(:attr:`FrameworkDiff.suggested_bump`, checked by :meth:`FrameworkDiff.version_check`),
and reads as text, a Keep a Changelog section in Markdown, or JSON.

:meth:`FrameworkDiff.apply` rebuilds the new framework from the old one: the diff records
what it needs (the content of added items, positions, metadata values), so
``diff(a, b).apply(a) == b``. :meth:`FrameworkDiff.to_crosswalk` reads the diff as a
crosswalk from the old version to the new one (see :mod:`cecompetency.changes.migration`).
"""

from __future__ import annotations

import datetime
import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, overload

import attrs

from cecompetency.changes.descriptor_diff import rebuild_descriptors
from cecompetency.changes.fates import diff_crosswalk
from cecompetency.changes.matching import Thresholds, Tree
from cecompetency.changes.records import (
    _COLLECTIONS,
    Added,
    Change,
    ChangeKind,
    DescriptorChange,
    DescriptorOrder,
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
from cecompetency.changes.versioning import Bump, VersionCheck, check_version_numbers
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.display import Displayable
from cecompetency.model.errors import DiffError
from cecompetency.model.framework import Framework, Item, Status
from cecompetency.model.refs import Ref

__all__ = ["FrameworkDiff"]


def _changes(value: Iterable[Change]) -> tuple[Change, ...]:
    return tuple(value)


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class FrameworkDiff(Displayable, Sequence[Change]):
    """The changes from one framework version to another: an immutable sequence of
    :class:`~cecompetency.changes.records.Change`, with what rendering, applying and
    crosswalking need.

    ``unchanged`` holds the ids of the items that are the same in both versions (same id,
    same content, same parent), in the old document order.
    """

    old: Ref
    new: Ref
    changes: tuple[Change, ...] = attrs.field(default=(), converter=_changes)
    unchanged: tuple[str, ...] = attrs.field(default=(), converter=_ids, repr=False)
    # Thresholds is frozen (ruff cannot see that across modules): one shared default is safe.
    thresholds: Thresholds = Thresholds()  # noqa: RUF009
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
        """Whether the new version number reflects these changes (see
        :func:`~cecompetency.changes.differ.check_version`)."""
        return check_version_numbers(
            self.old.version or "", self.new.version or "", self.suggested_bump
        )

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

        Raises :class:`~cecompetency.changes.records.DiffError` when ``old`` is not the
        version this diff starts from (another reference, or items that do not read as the
        diff says).
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
        return diff_crosswalk(self)


def _heading(change: Change) -> str:
    d = change.details
    if change.kind is ChangeKind.ADDED or (
        isinstance(d, Entry | DescriptorChange) and d.action == "added"
    ):
        return "Added"
    if change.kind is ChangeKind.REMOVED or (
        isinstance(d, Entry | DescriptorChange) and d.action == "removed"
    ):
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
    descriptors: list[DescriptorChange] = []
    descriptor_order: DescriptorOrder | None = None

    def known(ref: Ref | None) -> str:
        if ref is None or ref.item is None or ref.item not in tree.number:
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
        elif isinstance(x, DescriptorChange):
            descriptors.append(x)
        elif isinstance(x, DescriptorOrder):
            descriptor_order = x
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
                item = tree.items[tree.number[old_id]]
                if (item.title, item.statement) != (x.old_title, x.old_statement):
                    raise DiffError(f"{old.ref_of(old_id)} does not read as this diff expects")
                edits["title"], edits["statement"] = x.new_title, x.new_statement
            elif isinstance(x, FieldChange):
                edits[x.field] = x.new

    # Every surviving old item, under its new id, with its own edits.
    forward: dict[str, str] = {}
    own: dict[str, Item] = {}
    for old_id, item in zip(tree.ids, tree.items, strict=True):
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
            below = tree.kids(None if old_parent is None else tree.number[old_parent])
            stayed = [
                forward[k]
                for k in map(tree.ids.__getitem__, below)
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
    values["descriptors"] = rebuild_descriptors(
        old.descriptors, forward, descriptors, descriptor_order
    )
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
