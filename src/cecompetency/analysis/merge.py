"""Several crosswalks over the same frameworks merged into one, sources kept, conflicts found.

Mappings that claim the same thing (the same subject, relation and object, or the same
claim read the other way: ``A broad B`` is ``B narrow A``) become one mapping, the first
one met, in input order; its ``x-sources`` extension lists every crosswalk
(``id@version``) that states it, in input order, and its ``source`` is the merged
crosswalk. A mapping that already carries ``x-sources`` (an earlier merge) keeps them.

Claims that cannot both hold are *conflicts*: two relations that are disjoint
(:func:`cecompetency.model.relations.contradicts`, also through the inverse reading), or a
mapping and its own negation. Both sides stay in the merged crosswalk, each with its
sources, and every conflict is reported: settling it needs a person, not a rule.

The merged crosswalk declares every CURIE prefix the inputs declare, in input order; two
inputs that give one prefix different URIs cannot be merged (CE652): their CURIEs would
name different concepts with the same text.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from cecompetency.model.crosswalk import Crosswalk, Mapping, MappingEnd
from cecompetency.model.errors import CrosswalkError, Issue, ModelError
from cecompetency.model.fields import require
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation, contradicts

__all__ = ["SOURCES", "MergeConflict", "MergeResult", "merge_crosswalks"]

SOURCES = "x-sources"


@attrs.frozen
class MergeConflict:
    """Two merged mappings about the same pair of items that cannot both hold."""

    first: Mapping
    second: Mapping
    reason: str

    def __str__(self) -> str:
        return (
            f"{_claim(self.first)} (from {', '.join(sources_of(self.first))}) and "
            f"{_claim(self.second)} (from {', '.join(sources_of(self.second))}): {self.reason}"
        )

    def issue(self, file: str = "<merge>") -> Issue:
        """The conflict as a reportable issue (CE650)."""
        return Issue("CE650", f"conflicting mappings: {self}", file)


@attrs.frozen
class MergeResult:
    """The merged crosswalk and the conflicts found between its mappings."""

    crosswalk: Crosswalk
    conflicts: tuple[MergeConflict, ...] = ()

    def __str__(self) -> str:
        head = f"merged {self.crosswalk}; {len(self.conflicts)} conflicts"
        return "\n".join([head, *(f"  {conflict}" for conflict in self.conflicts[:10])]) + (
            f"\n  ... and {len(self.conflicts) - 10} more" if len(self.conflicts) > 10 else ""
        )


def _claim(m: Mapping) -> str:
    return f"{m.subject} {'NOT ' if m.negated else ''}{m.relation.value} {m.object}"


def sources_of(mapping: Mapping) -> tuple[str, ...]:
    """The crosswalks a merged mapping came from (its ``x-sources``, else its ``source``)."""
    listed = mapping.extensions.get(SOURCES)
    if isinstance(listed, list | tuple) and all(isinstance(s, str) for s in listed):
        return tuple(listed)
    return (mapping.source,) if mapping.source else ()


def _canonical(m: Mapping) -> tuple[MappingEnd, Relation, MappingEnd, bool]:
    """One key for a claim and its inverse reading."""
    forward = (m.subject, m.relation, m.object)
    backward = (m.object, m.relation.inverse, m.subject)
    subject, relation, obj = min(
        forward, backward, key=lambda k: (str(k[0]), k[1].value, str(k[2]))
    )
    return subject, relation, obj, m.negated


def _oriented(m: Mapping, subject: MappingEnd) -> Relation:
    """The mapping's relation read from ``subject``."""
    return m.relation if m.subject == subject else m.relation.inverse


def merge_crosswalks(
    crosswalks: Sequence[Crosswalk],
    *,
    id: str | None = None,
    version: str | None = None,
    title: str | None = None,
) -> MergeResult:
    """Merge ``crosswalks`` into one; see the module's description for the rules."""
    for crosswalk in crosswalks:
        require(crosswalk, Crosswalk, "each of crosswalks")
    if not crosswalks:
        raise CrosswalkError([Issue("CE651", "nothing to merge: give at least one crosswalk")])
    first = crosswalks[0]
    merged_id = id or (first.id if len(crosswalks) == 1 else f"{first.id}-merged")
    merged_version = version or first.version
    merged_ref = f"{merged_id}@{merged_version}"
    frameworks: list[Ref] = []
    creators: list[str] = []
    kept: dict[tuple[MappingEnd, Relation, MappingEnd, bool], tuple[Mapping, list[str]]] = {}
    prefixes: dict[str, str] = {}
    for cw in crosswalks:
        frameworks += [r for r in cw.frameworks if r not in frameworks]
        for prefix, uri in cw.prefixes.items():
            if prefixes.setdefault(prefix, uri) != uri:
                raise CrosswalkError(
                    [
                        Issue(
                            "CE652",
                            f"{cw.ref} declares the prefix {prefix!r} as {uri}, an earlier "
                            f"crosswalk as {prefixes[prefix]}; rename one of them",
                        )
                    ]
                )
        creators += [c for c in cw.creators if c not in creators]
        for m in cw.mappings:
            sources = list(sources_of(m)) or [str(cw.ref)]
            key = _canonical(m)
            if key in kept:
                known = kept[key][1]
                known += [s for s in sources if s not in known]
            else:
                kept[key] = (m, sources)
    mappings = tuple(
        attrs.evolve(m, source=merged_ref, extensions={**m.extensions, SOURCES: sources})
        for m, sources in kept.values()
    )
    licenses = {cw.license for cw in crosswalks}
    dates = [cw.date for cw in crosswalks if cw.date is not None]
    try:
        crosswalk = Crosswalk(
            id=merged_id,
            version=merged_version,
            title=title or "Merge of " + ", ".join(str(cw.ref) for cw in crosswalks),
            frameworks=tuple(frameworks),
            mappings=mappings,
            license=licenses.pop() if len(licenses) == 1 else None,
            creators=tuple(creators),
            date=max(dates) if dates else None,
            extensions={"x-merged-from": [str(cw.ref) for cw in crosswalks]},
            prefixes=prefixes,
        )
    except ModelError as exc:  # a prefix that is the id of a framework another lists
        raise CrosswalkError([Issue("CE652", f"cannot merge: {exc}")]) from None
    return MergeResult(crosswalk, find_conflicts(mappings))


def find_conflicts(mappings: Sequence[Mapping]) -> tuple[MergeConflict, ...]:
    """Every pair of mappings about the same two items that cannot both hold, in order."""
    by_pair: dict[frozenset[MappingEnd], list[Mapping]] = {}
    for m in mappings:
        by_pair.setdefault(frozenset((m.subject, m.object)), []).append(m)
    conflicts = []
    for group in by_pair.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                ra, rb = a.relation, _oriented(b, a.subject)
                if not a.negated and not b.negated and contradicts(ra, rb):
                    conflicts.append(MergeConflict(a, b, f"{ra.value} and {rb.value} are disjoint"))
                elif a.negated != b.negated and ra is rb:
                    conflicts.append(MergeConflict(a, b, "a mapping and its negation"))
    return tuple(conflicts)
