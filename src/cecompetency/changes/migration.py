"""Carrying a crosswalk that points at the old version of a framework onto the new one.

:func:`migrate`
carries a crosswalk across a version change and returns a :class:`Migration`: what it
carried (:class:`MigratedMapping`) and what it could not carry and why
(:class:`DroppedMapping`, :class:`DropReason`). Both follow each old item to what it
became, as the diff's changes say.
"""

from __future__ import annotations

import enum
from typing import Any, Literal

import attrs

from cecompetency.changes.fates import Fate, fates_of
from cecompetency.changes.framework_diff import FrameworkDiff
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd
from cecompetency.model.errors import DiffError
from cecompetency.model.fields import require
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

__all__ = ["DropReason", "DroppedMapping", "MigratedMapping", "Migration", "migrate"]


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
    require(crosswalk, Crosswalk, "crosswalk")
    require(diff, FrameworkDiff, "diff")
    if diff.old not in crosswalk.frameworks and not any(
        isinstance(end, Ref) and end.framework_ref == diff.old
        for m in crosswalk.mappings
        for end in (m.subject, m.object)
    ):
        names = ", ".join(str(f) for f in crosswalk.frameworks) or "nothing"
        raise DiffError(f"crosswalk {crosswalk.ref} does not map {diff.old} (it maps {names})")
    fates = fates_of(diff)
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
    seen: set[tuple[MappingEnd, Relation, MappingEnd, bool]] = set()
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
    fates: dict[str, Fate],
    original: Mapping,
) -> list[tuple[Mapping, str]] | DroppedMapping:
    ref: MappingEnd = getattr(mapping, end)
    if not isinstance(ref, Ref) or ref.framework_ref != d.old:
        return [(mapping, "unchanged")]  # an external concept is in no version
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
