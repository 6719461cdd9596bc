"""What changed in the level descriptors and the role ladder between two versions, and how
the new descriptors are rebuilt from the old ones (for :meth:`FrameworkDiff.apply`).

Impact, as for items and scales:

- a descriptor **added** is additive: nothing depended on it;
- a descriptor **removed** is breaking: a reader loses what the level meant on that item;
- a descriptor **reworded** (its description or indicators) is editorial when the old and
  new words are at least :attr:`~cecompetency.changes.matching.Thresholds.editorial`
  similar, breaking below (the same rule as an item's statement);
- a descriptor **rescored** (its score or range) is breaking, as a level's score is;
- the descriptors **reordered** is editorial.

The role ladder is framework metadata: set for the first time or extended (every old
role keeps its relative order) is additive; any other change is breaking, because it
changes which role's expectation is above which.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from cecompetency.changes.matching import Thresholds, word_similarity
from cecompetency.changes.records import (
    Change,
    ChangeKind,
    DescriptorChange,
    DescriptorOrder,
    FieldChange,
    Impact,
    descriptor_words,
)
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.errors import DiffError
from cecompetency.model.framework import Framework

__all__ = ["descriptor_changes", "ladder_changes", "rebuild_descriptors", "renames"]


def renames(changes: Iterable[Change]) -> dict[str, str]:
    """Old item id -> new item id, for the items whose id the changes say changed."""
    out: dict[str, str] = {}
    for change in changes:
        old = None if change.old is None else change.old.item
        new = None if change.new is None else change.new.item
        if old is not None and new is not None and old != new:
            out[old] = new
    return out


def _moved(descriptor: Descriptor, forward: Mapping[str, str]) -> Descriptor:
    item = forward.get(descriptor.item, descriptor.item)
    return descriptor if item == descriptor.item else attrs.evolve(descriptor, item=item)


def _impact(old: Descriptor, new: Descriptor, thresholds: Thresholds) -> tuple[Impact, float]:
    similarity = round(word_similarity(descriptor_words(old), descriptor_words(new)), 4)
    if (old.score, old.score_max) != (new.score, new.score_max):
        return Impact.BREAKING, similarity
    return (Impact.EDITORIAL if similarity >= thresholds.editorial else Impact.BREAKING), similarity


def descriptor_changes(
    old: Framework, new: Framework, forward: Mapping[str, str], thresholds: Thresholds
) -> list[Change]:
    """The descriptor changes from ``old`` to ``new``; ``forward`` maps renumbered items'
    old ids to their new ones. Removed in old order, then added and changed in new order,
    then a reordering if the descriptors' order still differs."""
    if old.descriptors == new.descriptors and not forward:
        return []
    before = {_moved(d, forward).key: d for d in old.descriptors}
    after = {d.key for d in new.descriptors}
    records: list[DescriptorChange] = []
    changes: list[Change] = []
    for key, descriptor in before.items():
        if key not in after:
            record = DescriptorChange(descriptor, None, None)
            records.append(record)
            changes.append(Change(ChangeKind.DESCRIPTOR, Impact.BREAKING, None, None, record))
    for index, descriptor in enumerate(new.descriptors):
        previous = before.get(descriptor.key)
        if previous is None:
            record = DescriptorChange(None, descriptor, index)
            impact = Impact.ADDITIVE
        elif _moved(previous, forward) != descriptor:
            impact, similarity = _impact(previous, descriptor, thresholds)
            record = DescriptorChange(previous, descriptor, index, similarity)
        else:
            continue
        records.append(record)
        changes.append(Change(ChangeKind.DESCRIPTOR, impact, None, None, record))
    rebuilt = rebuild_descriptors(old.descriptors, forward, records, None)
    if rebuilt != new.descriptors:
        order = DescriptorOrder(tuple(d.key for d in new.descriptors))
        changes.append(Change(ChangeKind.DESCRIPTOR, Impact.EDITORIAL, None, None, order))
    return changes


def rebuild_descriptors(
    old: tuple[Descriptor, ...],
    forward: Mapping[str, str],
    records: Iterable[DescriptorChange],
    order: DescriptorOrder | None,
) -> tuple[Descriptor, ...]:
    """The new version's descriptors: ``old`` with the records applied, the items of the
    rest renamed by ``forward``, then put in ``order`` when one is given."""
    listed = list(records)
    keys = {d.key for d in old}
    removed = {r.old.key for r in listed if r.old is not None and r.new is None}
    replaced = {r.old.key: r.new for r in listed if r.old is not None and r.new is not None}
    for key in (*removed, *replaced):
        if key not in keys:
            raise DiffError(f"the old version has no descriptor of {key[0]!r} at {key[2]!r}")
    result = [replaced.get(d.key) or _moved(d, forward) for d in old if d.key not in removed]
    added = sorted(
        ((r.index or 0, r.new) for r in listed if r.old is None and r.new is not None),
        key=lambda pair: pair[0],
    )
    for index, descriptor in added:
        result.insert(index, descriptor)
    if order is not None:
        by_key = {d.key: d for d in result}
        if set(by_key) != set(order.new_order):
            raise DiffError("the descriptors do not read as this diff expects")
        result = [by_key[key] for key in order.new_order]
    return tuple(result)


def _extends(old: tuple[str, ...], new: tuple[str, ...]) -> bool:
    """Whether ``new`` holds every role of ``old``, in the same relative order."""
    return [role for role in new if role in old] == list(old)


def ladder_changes(old: Framework, new: Framework) -> list[Change]:
    """The role ladder's change, as framework metadata, if it changed."""
    if old.ladder == new.ladder:
        return []
    impact = Impact.ADDITIVE if _extends(old.ladder, new.ladder) else Impact.BREAKING
    details = FieldChange("ladder", old.ladder, new.ladder)
    return [Change(ChangeKind.METADATA, impact, None, None, details)]
