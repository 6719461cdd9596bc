"""What :class:`~cecompetency.graph.CompetencyGraph` answers with: plain records of its findings.

Each query of the graph returns one of these, and each can show itself as text, JSON or
Markdown without the graph: :class:`Counterpart` (an item and how it corresponds, from
:meth:`~cecompetency.graph.CompetencyGraph.counterparts`), :class:`CoverageReport` and
:class:`AreaCoverage` (from :meth:`~cecompetency.graph.CompetencyGraph.coverage`),
:class:`Cardinality` (from :meth:`~cecompetency.graph.CompetencyGraph.cardinality`),
:class:`Conflict` and :class:`ConflictKind` (from
:meth:`~cecompetency.graph.CompetencyGraph.conflicts`), :class:`MappingPath` and :class:`Step`
(from :meth:`~cecompetency.graph.CompetencyGraph.explain`).

They hold values only (mappings, items, frameworks), never the graph, so they stay valid
and cheap to keep after the graph is gone. All are importable from :mod:`cecompetency.graph`
too.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator, Sequence
from typing import Any

import attrs

from cecompetency.model.crosswalk import Justification, Mapping, MappingEnd
from cecompetency.model.display import Displayable
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import Ref, as_ref
from cecompetency.model.relations import Relation, compose
from cecompetency.text.markdown import escape_markdown

__all__ = [
    "AreaCoverage",
    "Cardinality",
    "Conflict",
    "ConflictKind",
    "Counterpart",
    "CoverageReport",
    "MappingPath",
    "Step",
]


@attrs.frozen
class Counterpart:
    """One answer of a counterparts query: an item (or external concept) and how it
    corresponds.

    :meth:`~cecompetency.graph.CompetencyGraph.counterparts` returns these. ``mapping``
    reads from the asked item (its subject) to the counterpart (its object); for an
    inferred answer it is a new :class:`~cecompetency.model.crosswalk.Mapping` whose ``chain``
    holds the asserted mappings it came from. ``path`` is the nodes visited, asked item
    first. ``item`` is ``None`` when the counterpart's framework is not in the graph, and
    when the counterpart is an external concept: then ``external`` is it, with the first
    label any crosswalk of the graph gives it.
    """

    mapping: Mapping
    item: Item | None
    path: tuple[str, ...]
    external: ExternalConcept | None = None

    @property
    def ref(self) -> MappingEnd:
        """The counterpart: an item's full reference, or an external concept."""
        return self.mapping.object

    @property
    def relation(self) -> Relation:
        return self.mapping.relation

    @property
    def confidence(self) -> float | None:
        return self.mapping.confidence

    @property
    def justification(self) -> Justification:
        return self.mapping.justification

    @property
    def inferred(self) -> bool:
        return self.mapping.inferred

    @property
    def chain(self) -> tuple[Mapping, ...]:
        """The asserted mappings an inferred answer came from; empty when asserted."""
        return self.mapping.chain

    @property
    def hops(self) -> int:
        """How many asserted mappings the answer rests on."""
        return max(1, len(self.mapping.chain))

    @property
    def sources(self) -> tuple[str, ...]:
        """The crosswalks (``id@version``) the answer rests on, without repeats."""
        links = self.mapping.chain or (self.mapping,)
        return tuple(dict.fromkeys(m.source for m in links if m.source is not None))

    @property
    def label(self) -> str:
        """The counterpart's title (or statement), an external concept's label, else its id."""
        if self.item is not None:
            return self.item.label
        if self.external is not None and self.external.label is not None:
            return self.external.label
        return str(self.ref)

    def __str__(self) -> str:
        confidence = "" if self.confidence is None else f" ({self.confidence:.2f})"
        origin = ", ".join(self.sources)
        how = f"inferred from {origin}" if self.inferred else origin
        return f"{self.relation.value} {self.ref} {self.label}{confidence} [{how}]"

    def to_record(self) -> dict[str, Any]:
        """A JSON-compatible summary."""
        return {
            "subject": str(self.mapping.subject),
            "relation": self.relation.value,
            "object": str(self.ref),
            "label": self.label,
            "external": self.external is not None,
            "confidence": self.confidence,
            "justification": self.justification.value,
            "inferred": self.inferred,
            "sources": list(self.sources),
            "path": list(self.path),
            "chain": [
                {
                    "subject": str(m.subject),
                    "relation": m.relation.value,
                    "object": str(m.object),
                    "confidence": m.confidence,
                    "source": m.source,
                    "read_backwards": str(m.subject) != self.path[index],
                }
                for index, m in enumerate(self.mapping.chain)
            ],
        }


@attrs.frozen
class AreaCoverage:
    """How much of one top-level item's subtree has a counterpart."""

    area: str
    label: str
    total: int
    covered: int

    @property
    def ratio(self) -> float:
        return self.covered / self.total if self.total else 0.0

    def __str__(self) -> str:
        return f"{self.area} {self.label}: {self.covered}/{self.total} covered ({self.ratio:.0%})"


def _count(ids: frozenset[str]) -> str:
    return f"<{len(ids)} ids>"


@attrs.frozen(eq=False)
class CoverageReport(Displayable):
    """Which items of ``source`` have a counterpart in ``target``, and the reverse.

    An item is *mapped* when it has a counterpart itself, and *covered* when it or any of
    its descendants is mapped (so mappings of competencies roll up to their areas).
    ``target_covered`` is the same roll-up for the target's items, seen from the source.
    """

    # Short reprs: the frameworks by reference, the id sets by size.
    source: Framework = attrs.field(repr=str)
    target: Framework = attrs.field(repr=str)
    mapped: frozenset[str] = attrs.field(repr=_count)
    covered: frozenset[str] = attrs.field(repr=_count)
    target_covered: frozenset[str] = attrs.field(repr=_count)
    inferred: bool

    @property
    def total(self) -> int:
        return len(self.source)

    @property
    def ratio(self) -> float:
        """The share of the source's items that are covered."""
        return len(self.covered) / self.total if self.total else 0.0

    @property
    def uncovered(self) -> tuple[str, ...]:
        """Source items with no counterpart, themselves or below, in document order."""
        return tuple(i.id for i in self.source.walk() if i.id not in self.covered)

    @property
    def covered_items(self) -> tuple[str, ...]:
        """Source items that are covered, in document order."""
        return tuple(i.id for i in self.source.walk() if i.id in self.covered)

    @property
    def target_unmatched(self) -> tuple[str, ...]:
        """Target items with no counterpart in the source, themselves or below."""
        return tuple(i.id for i in self.target.walk() if i.id not in self.target_covered)

    @property
    def by_area(self) -> tuple[AreaCoverage, ...]:
        """Coverage of each top-level item's subtree, in document order."""
        out = []
        for area in self.source.items:
            ids = [i.id for i in area.walk()]
            out.append(
                AreaCoverage(
                    area.id, area.label, len(ids), sum(1 for i in ids if i in self.covered)
                )
            )
        return tuple(out)

    @property
    def summary(self) -> str:
        """The totals in words: what *covered* means is in the sentence itself.

        ``"50 of 56 items covered (89%): 48 with a counterpart of their own, 2 only
        through items under them"``.
        """
        own = len(self.mapped)
        return (
            f"{len(self.covered)} of {self.total} items covered ({self.ratio:.0%}): "
            f"{own} with a counterpart of their own, "
            f"{len(self.covered) - own} only through items under them"
        )

    def __str__(self) -> str:
        how = "asserted and inferred" if self.inferred else "asserted"
        return (
            f"coverage of {self.source.ref} by {self.target.ref} ({how} mappings): "
            f"{self.summary}; {len(self.target_unmatched)} items of {self.target.ref} "
            "with no counterpart"
        )

    def to_records(self) -> list[dict[str, Any]]:
        """One JSON-compatible row per source item, in document order."""
        fw = self.source
        return [
            {
                "item": str(fw.ref_of(item)),
                "kind": item.kind,
                "area": fw.area_of(item).id,
                "label": item.label,
                "mapped": item.id in self.mapped,
                "covered": item.id in self.covered,
            }
            for item in fw.walk()
        ]

    def to_data(self) -> dict[str, Any]:
        """The whole report as JSON-compatible data."""
        return {
            "source": str(self.source.ref),
            "target": str(self.target.ref),
            "inferred": self.inferred,
            "total": self.total,
            "covered": len(self.covered),
            "mapped": len(self.mapped),
            "ratio": self.ratio,
            "areas": [
                {
                    "area": a.area,
                    "label": a.label,
                    "total": a.total,
                    "covered": a.covered,
                    "ratio": a.ratio,
                }
                for a in self.by_area
            ],
            "uncovered": [str(self.source.ref.with_item(i)) for i in self.uncovered],
            "target_unmatched": [str(self.target.ref.with_item(i)) for i in self.target_unmatched],
            "items": self.to_records(),
        }

    def render(self, format: str = "text") -> str:
        """The report as ``text``, ``json`` or ``markdown``."""
        if format == "json":
            return json.dumps(self.to_data(), indent=2, ensure_ascii=False) + "\n"
        if format == "markdown":
            return self._markdown()
        if format == "text":
            return self._text()
        raise ValueError(f"unknown format {format!r}; expected text, json or markdown")

    def _uncovered_lines(self, framework: Framework, ids: Sequence[str]) -> Iterator[str]:
        for item_id in ids:
            yield f"  {item_id}  {_short(framework[item_id].label, 80)}"

    def _text(self) -> str:
        how = "asserted and inferred" if self.inferred else "asserted"
        lines = [
            f"coverage of {self.source.ref} by {self.target.ref} ({how} mappings)",
            self.summary,
            "",
            "by area:",
        ]
        for a in self.by_area:
            lines.append(
                f"  {a.area:8} {a.covered:4}/{a.total:<4} {a.ratio:4.0%}  {_short(a.label)}"
            )
        lines += ["", f"not covered in {self.source.ref} ({len(self.uncovered)}):"]
        lines += list(self._uncovered_lines(self.source, self.uncovered)) or ["  none"]
        unmatched = self.target_unmatched
        lines += ["", f"with no counterpart in {self.target.ref} ({len(unmatched)}):"]
        lines += list(self._uncovered_lines(self.target, unmatched)) or ["  none"]
        return "\n".join(lines) + "\n"

    def _markdown(self) -> str:
        how = "asserted and inferred" if self.inferred else "asserted"
        lines = [
            f"# Coverage of {self.source.ref} by {self.target.ref}",
            "",
            f"{self.summary}; {how} mappings.",
            "",
            "| Area | Title | Covered | Total | Share |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for a in self.by_area:
            label = escape_markdown(a.label)
            lines.append(f"| {a.area} | {label} | {a.covered} | {a.total} | {a.ratio:.0%} |")
        lines += ["", f"## Not covered in {self.source.ref}", ""]
        lines += [f"- `{i}` {escape_markdown(self.source[i].label)}" for i in self.uncovered] or [
            "None."
        ]
        lines += ["", f"## With no counterpart in {self.target.ref}", ""]
        unmatched = self.target_unmatched
        lines += [f"- `{i}` {escape_markdown(self.target[i].label)}" for i in unmatched] or [
            "None."
        ]
        return "\n".join(lines) + "\n"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


@attrs.frozen
class Cardinality:
    """How the mapped pairs between two frameworks are shaped (as SSSOM's cardinality).

    Each distinct (source item, target item) pair is ``1:1`` when neither item takes part
    in another pair, ``1:n`` when the source item maps to several targets, ``n:1`` when
    several sources map to the target item, ``n:n`` when both. Only asserted, non-negated
    mappings count. Between two frameworks, mappings to external concepts do not count;
    read from subject to object (no frameworks given), they do.
    """

    source: Ref | None
    target: Ref | None
    pairs: tuple[tuple[MappingEnd, MappingEnd, str], ...]

    def _count(self, kind: str) -> int:
        return sum(1 for _, _, k in self.pairs if k == kind)

    @property
    def one_to_one(self) -> int:
        return self._count("1:1")

    @property
    def one_to_many(self) -> int:
        return self._count("1:n")

    @property
    def many_to_one(self) -> int:
        return self._count("n:1")

    @property
    def many_to_many(self) -> int:
        return self._count("n:n")

    @property
    def counts(self) -> dict[str, int]:
        """``{"1:1": ..., "1:n": ..., "n:1": ..., "n:n": ...}``."""
        return {kind: self._count(kind) for kind in ("1:1", "1:n", "n:1", "n:n")}

    def of(self, subject: MappingEnd | str, obj: MappingEnd | str) -> str | None:
        """The cardinality of one pair, or ``None`` if the two are not mapped."""
        pair = tuple(
            str(end if isinstance(end, ExternalConcept) else as_ref(end)) for end in (subject, obj)
        )
        for s, o, kind in self.pairs:
            if (str(s), str(o)) == pair:
                return kind
        return None

    def __str__(self) -> str:
        return ", ".join(f"{k} {v}" for k, v in self.counts.items())


class ConflictKind(enum.Enum):
    """Why two claims about the same pair of items cannot both stand."""

    CONTRADICTION = "contradiction"  # two relations that exclude each other
    NEGATION = "negation"  # a claim and a mapping that says it does not hold


@attrs.frozen
class Conflict:
    """Two claims about the same pair of items that cannot both stand.

    ``first`` and ``second`` read from ``subject`` to ``object`` (either may be inferred;
    then its ``chain`` says where it came from); for a negation conflict ``second`` is
    the negated mapping as written.
    """

    kind: ConflictKind
    subject: MappingEnd
    object: MappingEnd
    first: Mapping
    second: Mapping

    @property
    def inferred(self) -> bool:
        """Whether the conflict shows only after chaining mappings (reading one backwards
        does not count: that is the same claim)."""
        return len(self.first.chain) > 1 or len(self.second.chain) > 1

    @property
    def sources(self) -> tuple[str, ...]:
        """The crosswalks the two claims rest on."""
        links = (*(self.first.chain or (self.first,)), *(self.second.chain or (self.second,)))
        return tuple(dict.fromkeys(m.source for m in links if m.source is not None))

    def __str__(self) -> str:
        how = " (after inference)" if self.inferred else ""
        if self.kind is ConflictKind.NEGATION:
            return f"{self.first} is denied by {self.second}{how}"
        return f"{self.first} contradicts {self.second}{how}"


@attrs.frozen
class Step:
    """One step of a :class:`MappingPath`: along a mapping (either way) or the item tree."""

    source: str
    target: str
    kind: str  # "mapping", "child_of" (up the tree) or "parent_of" (down the tree)
    mapping: Mapping | None = None

    @property
    def backwards(self) -> bool:
        """Whether a mapping step reads its mapping from object to subject."""
        return self.mapping is not None and str(self.mapping.subject) != self.source

    @property
    def relation(self) -> Relation | None:
        """The mapping relation read along the step; ``None`` for tree steps."""
        if self.mapping is None:
            return None
        return self.mapping.relation.inverse if self.backwards else self.mapping.relation

    def __str__(self) -> str:
        if self.mapping is None:
            return f"{self.source} {self.kind} {self.target}"
        via = f" [{self.mapping.source}]" if self.mapping.source else ""
        return f"{self.source} {self.relation.value if self.relation else ''} {self.target}{via}"


@attrs.frozen
class MappingPath:
    """A way two items are connected: mapping steps and steps along the item tree."""

    steps: tuple[Step, ...]

    @property
    def nodes(self) -> tuple[str, ...]:
        """The items visited, first to last."""
        if not self.steps:
            return ()
        return (self.steps[0].source, *(s.target for s in self.steps))

    @property
    def relation(self) -> Relation | None:
        """The relation the path implies by composition, or ``None`` if it implies none."""
        relations = [step.relation for step in self.steps]
        if not relations or relations[0] is None:
            return None
        result: Relation | None = relations[0]
        for relation in relations[1:]:
            if result is None or relation is None:
                return None
            result = compose(result, relation)
        return result

    def __len__(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        return "; ".join(str(step) for step in self.steps)
