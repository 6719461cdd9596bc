"""Two frameworks side by side, area by area: what matches, what only one of them covers.

:func:`compare` reads the mappings of crosswalks directly: each asserted mapping between
an item of A and an item of B, in either direction (a mapping from B to A is read as its
inverse, ``B broad A`` as ``A narrow B``). Negated mappings are not pairs, and a pair that
a negation denies is left out. Nothing is inferred through chains.

Coverage follows :meth:`~cecompetency.graph.CompetencyGraph.coverage` with
``inferred=False``: an item is *mapped* when it has a counterpart itself, and *covered*
when it or any item below it is mapped. An area's coverage is the share of the items of
its subtree (the area included) that are covered; "only in A" lists the items of A that
are not covered.

Without crosswalks, two versions of one framework are compared through their diff
(:meth:`~cecompetency.changes.FrameworkDiff.to_crosswalk`); two different frameworks then
have no pairs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import attrs

from cecompetency.model.crosswalk import Crosswalk, Mapping, MappingEnd
from cecompetency.model.fields import require
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation
from cecompetency.text.markdown import escape_markdown

__all__ = ["AreaComparison", "Comparison", "Pair", "compare"]


@attrs.frozen
class Pair:
    """An item of A and an item of B with the relation read from A to B."""

    a: Ref
    relation: Relation
    b: Ref
    a_label: str
    b_label: str
    confidence: float | None = None
    source: str | None = None

    def __str__(self) -> str:
        confidence = "" if self.confidence is None else f" ({self.confidence:.2f})"
        via = f" [{self.source}]" if self.source else ""
        return f"{self.a} {self.relation.value} {self.b}{confidence}{via}"

    def to_data(self) -> dict[str, Any]:
        return {
            "a": str(self.a),
            "relation": self.relation.value,
            "b": str(self.b),
            "a_label": self.a_label,
            "b_label": self.b_label,
            "confidence": self.confidence,
            "source": self.source,
        }


@attrs.frozen
class AreaComparison:
    """One top-level item of one side: its pairs, what the other side lacks, coverage."""

    side: str  # "a" or "b"
    area: Ref
    label: str
    total: int
    covered: int
    pairs: tuple[Pair, ...] = attrs.field(repr=lambda p: f"<{len(p)} pairs>")
    # (item, label) with no counterpart, nor below it
    only: tuple[tuple[Ref, str], ...] = attrs.field(repr=lambda o: f"<{len(o)} items>")

    @property
    def coverage(self) -> float:
        """The share of the area's items (itself included) that are covered."""
        return self.covered / self.total if self.total else 0.0

    def __str__(self) -> str:
        return (
            f"{self.area} {self.label}: {self.covered}/{self.total} covered "
            f"({self.coverage:.0%}), {len(self.pairs)} pairs, "
            f"{len(self.only)} with no counterpart"
        )

    def to_data(self) -> dict[str, Any]:
        return {
            "area": str(self.area),
            "label": self.label,
            "items": self.total,
            "covered": self.covered,
            "coverage": round(self.coverage, 4),
            "pairs": [p.to_data() for p in self.pairs],
            "only": [{"item": str(ref), "label": label} for ref, label in self.only],
        }


def _count(noun: str) -> Any:
    """A repr that counts a long tuple instead of printing it."""
    return lambda values: f"<{len(values)} {noun}>"


@attrs.frozen
class Comparison:
    """The side-by-side report of :func:`compare`.

    ``str()`` is a short summary; :meth:`to_text`, :meth:`to_markdown` and
    :meth:`to_json` give the whole report.
    """

    a: Ref
    b: Ref
    a_title: str
    b_title: str
    pairs: tuple[Pair, ...] = attrs.field(repr=_count("pairs"))
    a_areas: tuple[AreaComparison, ...] = attrs.field(repr=_count("areas"))
    b_areas: tuple[AreaComparison, ...] = attrs.field(repr=_count("areas"))
    sources: tuple[str, ...]

    def __str__(self) -> str:
        counts = ", ".join(f"{n} {rel}" for rel, n in self.relation_counts().items() if n)
        return (
            f"{self.a} ({self.a_title}) compared with {self.b} ({self.b_title}), through "
            f"{', '.join(self.sources) or 'no crosswalk'}: {len(self.pairs)} pairs"
            + (f" ({counts})" if counts else "")
            + f"; {self.coverage_a:.0%} of A covered, {len(self.only_a)} items only in A; "
            f"{self.coverage_b:.0%} of B covered, {len(self.only_b)} items only in B"
        )

    @property
    def only_a(self) -> tuple[Ref, ...]:
        """Items of A with no counterpart in B, themselves or below, in document order."""
        return tuple(ref for area in self.a_areas for ref, _label in area.only)

    @property
    def only_b(self) -> tuple[Ref, ...]:
        """Items of B with no counterpart in A, themselves or below, in document order."""
        return tuple(ref for area in self.b_areas for ref, _label in area.only)

    @property
    def coverage_a(self) -> float:
        """The share of A's items covered by B."""
        return _share(self.a_areas)

    @property
    def coverage_b(self) -> float:
        """The share of B's items covered by A."""
        return _share(self.b_areas)

    def relation_counts(self) -> dict[str, int]:
        """How many pairs of each relation."""
        counts = {relation.value: 0 for relation in Relation}
        for pair in self.pairs:
            counts[pair.relation.value] += 1
        return counts

    # -- renderings ---------------------------------------------------------------------
    def to_data(self) -> dict[str, Any]:
        """The report as JSON-compatible data."""
        return {
            "a": str(self.a),
            "b": str(self.b),
            "a_title": self.a_title,
            "b_title": self.b_title,
            "sources": list(self.sources),
            "coverage": {"a": round(self.coverage_a, 4), "b": round(self.coverage_b, 4)},
            "relations": self.relation_counts(),
            "pairs": len(self.pairs),
            "a_areas": [area.to_data() for area in self.a_areas],
            "b_areas": [area.to_data() for area in self.b_areas],
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        return json.dumps(self.to_data(), indent=indent, ensure_ascii=False)

    def to_text(self) -> str:
        """A plain-text report: the summary, then A's areas, then B's."""
        lines = [
            f"A: {self.a} ({self.a_title})",
            f"B: {self.b} ({self.b_title})",
            f"through: {', '.join(self.sources) or 'no mappings'}",
            f"{len(self.pairs)} pairs; A covered {self.coverage_a:.0%}, "
            f"B covered {self.coverage_b:.0%}",
        ]
        for side, areas in (("A", self.a_areas), ("B", self.b_areas)):
            lines += ["", f"== {side} by area"]
            for area in areas:
                lines.append(
                    f"{area.area.item}  {area.label}: {area.covered}/{area.total} covered "
                    f"({area.coverage:.0%})"
                )
                for pair in area.pairs:
                    mine, theirs = (pair.a, pair.b) if side == "A" else (pair.b, pair.a)
                    relation = pair.relation if side == "A" else pair.relation.inverse
                    lines.append(f"    {mine.item} {relation.value} {theirs}")
                for ref, label in area.only:
                    lines.append(f"    {ref.item} only in {side}: {label}")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        """A Markdown report: a summary table, then a section per side and area."""
        out = [
            f"# `{self.a}` compared with `{self.b}`",
            "",
            "| | A | B |",
            "|---|---|---|",
            f"| Framework | {escape_markdown(self.a_title)} | {escape_markdown(self.b_title)} |",
            f"| Covered by the other | {self.coverage_a:.0%} | {self.coverage_b:.0%} |",
            f"| Items with no counterpart | {len(self.only_a)} | {len(self.only_b)} |",
            "",
            f"{len(self.pairs)} pairs, through {', '.join(self.sources) or 'no mappings'}.",
            "",
        ]
        for side, areas in (("A", self.a_areas), ("B", self.b_areas)):
            out += [f"## {side}: `{self.a if side == 'A' else self.b}`", ""]
            for area in areas:
                out += [
                    f"### {escape_markdown(area.area.item or '')}. {escape_markdown(area.label)} "
                    f"({area.covered}/{area.total}, {area.coverage:.0%})",
                    "",
                ]
                for pair in area.pairs:
                    mine, theirs = (pair.a, pair.b) if side == "A" else (pair.b, pair.a)
                    relation = pair.relation if side == "A" else pair.relation.inverse
                    label = pair.b_label if side == "A" else pair.a_label
                    out.append(
                        f"- `{mine.item}` {relation.value} `{theirs}` {escape_markdown(label)}"
                    )
                for ref, label in area.only:
                    out.append(f"- `{ref.item}` only in {side}: {escape_markdown(label)}")
                out.append("")
        return "\n".join(out)


def _share(areas: tuple[AreaComparison, ...]) -> float:
    total = sum(area.total for area in areas)
    return sum(area.covered for area in areas) / total if total else 0.0


def _mappings(crosswalks: Iterable[Crosswalk | Mapping]) -> list[Mapping]:
    out: list[Mapping] = []
    for entry in crosswalks:
        if isinstance(entry, Mapping):
            out.append(entry)
        else:
            out.extend(entry.mappings)
    return out


def _pairs(a: Framework, b: Framework, mappings: list[Mapping]) -> list[tuple[Mapping, Ref, Ref]]:
    """Asserted mappings from A items to B items (inverted where they ran from B to A),
    each with its subject and object; mappings to external concepts are not between the two."""
    denied: set[tuple[MappingEnd, Relation, MappingEnd]] = set()
    oriented: list[tuple[Mapping, Ref, Ref]] = []
    forward, backward = (a.ref, b.ref), (b.ref, a.ref)
    for mapping in mappings:
        refs = mapping.item_refs
        if refs is None:
            continue
        subject, obj = refs
        ends = (subject.framework_ref, obj.framework_ref)
        if ends == backward and forward != backward:
            mapping, subject, obj = mapping.inverse(), obj, subject
        elif ends != forward:
            continue
        if subject.item not in a or obj.item not in b:
            continue  # a crosswalk that names items these versions lack
        if mapping.negated:
            denied.add(mapping.key)
        else:
            oriented.append((mapping, subject, obj))
    seen: set[tuple[MappingEnd, Relation, MappingEnd]] = set()
    kept = []
    for mapping, subject, obj in oriented:
        if mapping.key not in denied and mapping.key not in seen:
            seen.add(mapping.key)
            kept.append((mapping, subject, obj))
    return kept


def _covered(framework: Framework, mapped: set[str]) -> set[str]:
    covered = set(mapped)
    for item_id in mapped:
        for ancestor in framework.ancestors(item_id):
            if ancestor.id in covered:
                break
            covered.add(ancestor.id)
    return covered


def _areas(
    side: str, framework: Framework, pairs: list[Pair], mapped: set[str]
) -> tuple[AreaComparison, ...]:
    covered = _covered(framework, mapped)
    by_item: dict[str, list[Pair]] = {}
    for pair in pairs:
        key = (pair.a if side == "a" else pair.b).item or ""
        by_item.setdefault(key, []).append(pair)
    out = []
    fw_id, version = framework.id, framework.version
    for area in framework.items:
        items = list(area.walk())
        out.append(
            AreaComparison(
                side=side,
                area=Ref(fw_id, version, area.id),
                label=area.label,
                total=len(items),
                covered=sum(1 for item in items if item.id in covered),
                pairs=tuple(p for item in items for p in by_item.get(item.id, ())),
                only=tuple(
                    (Ref(fw_id, version, item.id), item.label)
                    for item in items
                    if item.id not in covered
                ),
            )
        )
    return tuple(out)


def compare(
    a: Framework,
    b: Framework,
    crosswalks: Iterable[Crosswalk | Mapping] | None = None,
) -> Comparison:
    """Compare ``a`` with ``b`` through the mappings of ``crosswalks`` (see the module docs).

    ``crosswalks`` may hold crosswalks and single mappings. ``None`` (the default) means:
    the diff's version crosswalk when ``a`` and ``b`` are versions of one framework, and
    no mappings otherwise.
    """
    require(a, Framework, "a")
    require(b, Framework, "b")
    if crosswalks is None:
        if a.id == b.id and a.ref != b.ref:
            from cecompetency.changes import diff

            crosswalks = [diff(a, b).to_crosswalk()]
        else:
            crosswalks = []
    entries = list(crosswalks)
    chosen = _pairs(a, b, _mappings(entries))
    pairs = [
        Pair(
            a=subject,
            relation=m.relation,
            b=obj,
            a_label=a[subject.item or ""].label,
            b_label=b[obj.item or ""].label,
            confidence=m.confidence,
            source=(m.chain[0].source if m.chain else m.source),
        )
        for m, subject, obj in chosen
    ]
    sources = [str(e.ref) for e in entries if isinstance(e, Crosswalk)]
    return Comparison(
        a=a.ref,
        b=b.ref,
        a_title=a.title,
        b_title=b.title,
        pairs=tuple(pairs),
        a_areas=_areas("a", a, pairs, {p.a.item or "" for p in pairs}),
        b_areas=_areas("b", b, pairs, {p.b.item or "" for p in pairs}),
        sources=tuple(sources),
    )
