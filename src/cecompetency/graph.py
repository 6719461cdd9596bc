"""The cross-map graph: frameworks, their items, roles and levels, and the mappings between them.

:class:`CompetencyGraph` is built from :class:`~cecompetency.model.Framework` and
:class:`~cecompetency.crosswalk.Crosswalk` objects and answers questions about them:
:meth:`~CompetencyGraph.counterparts`, :meth:`~CompetencyGraph.coverage`,
:meth:`~CompetencyGraph.cardinality`, :meth:`~CompetencyGraph.conflicts` and
:meth:`~CompetencyGraph.explain`. Everything is also in a networkx ``MultiDiGraph``,
``CompetencyGraph.graph`` (made on first use), for research use.

Nodes of ``graph`` (attribute ``type``)
    ``item``       key ``framework@version:item``; ``framework``, ``version``, ``item``,
                   ``kind``, ``title``, ``statement``, ``label``, ``area`` (id of the
                   top-level item above it, or itself), ``depth`` (0 at the top),
                   ``loaded`` (False for an item a crosswalk names whose framework was
                   not added; such a node has no kind, title or area).
    ``framework``  key ``framework@version``; ``framework``, ``version``, ``title``,
                   ``status`` (only for frameworks added to the graph).
    ``role``       key ``framework@version#role:ID``; ``framework``, ``version``,
                   ``role``, ``title``.
    ``scale``      key ``framework@version#scale:ID``; ``framework``, ``version``,
                   ``scale``, ``title``.
    ``level``      key ``framework@version#level:SCALE/ID``; ``framework``, ``version``,
                   ``scale``, ``level``, ``label``, ``rank`` (0 = lowest), ``score``.
    ``matrix``     key ``framework@version#matrix:ID``; ``framework``, ``version``,
                   ``matrix``, ``title``, ``status``.

    ``#`` cannot occur in a framework id or version, so no key clashes with an item's.

Edges of ``graph`` (attribute ``kind``; the edge key is the kind, ``expects:MATRIX`` for
expectations and ``CROSSWALK#INDEX`` for mappings)
    ``child_of``     item -> its parent item; a top-level item -> its framework node.
    ``defined_in``   role, scale or matrix -> its framework node.
    ``level_of``     level -> its scale; ``rank``.
    ``uses_scale``   matrix -> its scale.
    ``names_role``   matrix -> each role it names (pending matrices too).
    ``expects``      role -> item, one per cell of a *published* matrix; ``level``
                     (level id), ``level_node``, ``scale``, ``matrix``.
    ``mapping``      subject item -> object item, one per mapping of a crosswalk
                     (negated ones too); ``relation``, ``confidence``, ``justification``
                     (text values), ``negated``, ``source`` (``crosswalk@version``),
                     ``inferred`` (always False here) and ``mapping`` (the
                     :class:`~cecompetency.crosswalk.Mapping`).

Inference is never stored and never silent: queries compute it on demand, and every
inferred :class:`~cecompetency.crosswalk.Mapping` carries the asserted mappings it came
from as its ``chain``. The rules read only :mod:`cecompetency.relations`:

- an asserted mapping read from its object is its inverse (``A broad B`` gives
  ``B narrow A``; a symmetric relation holds both ways), justified
  ``semapv:MappingInversion``;
- chains compose with :func:`~cecompetency.relations.compose`: exact with exact, broad or
  narrow with exact on either side; nothing passes through ``close`` or ``related``, nor
  through two hierarchical steps. Chains are justified ``semapv:MappingChaining``, are at
  most ``max_hops`` asserted mappings long (default 4) and never come back to the item
  asked about; the shortest chain (then the most confident) is the one reported;
- the confidence of an inferred mapping is the product of its chain's confidences, or
  ``None`` when any of them is ``None`` (unknown stays unknown). A product of numbers in
  [0, 1] is never above its smallest factor, and a composed relation is exact only when
  every link is: an inference is never stronger than its weakest link;
- negated mappings take no part in inference, and an inferred claim that a negation
  denies (in either reading) is dropped and reported by :meth:`CompetencyGraph.conflicts`.

The search is a breadth-first walk over plain adjacency lists built once, so that a
query on frameworks of tens of thousands of items costs well under a millisecond.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import itertools
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

import attrs
import networkx as nx

from cecompetency.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.errors import ModelError, NotFoundError, RefError
from cecompetency.model import Framework, Item, MatrixStatus
from cecompetency.refs import Ref, parse_ref, version_key
from cecompetency.relations import Relation, compose, contradicts
from cecompetency.validate import suggest

if TYPE_CHECKING:
    from cecompetency.registry import Registry

__all__ = [
    "DEFAULT_MAX_HOPS",
    "AreaCoverage",
    "Cardinality",
    "CompetencyGraph",
    "Conflict",
    "ConflictKind",
    "Counterpart",
    "CoverageReport",
    "Path",
    "Step",
]

DEFAULT_MAX_HOPS = 4

# Inside the search a relation is a small int, its index in _RELATIONS: an enum member
# hashes through Python code, an int in C, and the search hashes relations in its inner
# loop. The tables below are read once from relations.py. Enum members are singletons,
# so id() finds a member's code without hashing it.
_RELATIONS: tuple[Relation, ...] = tuple(Relation)
_CODE: dict[int, int] = {id(r): code for code, r in enumerate(_RELATIONS)}
_INVERSE: tuple[int, ...] = tuple(_CODE[id(r.inverse)] for r in _RELATIONS)
_COMPOSE: tuple[tuple[int | None, ...], ...] = tuple(
    tuple(None if (c := compose(a, b)) is None else _CODE[id(c)] for b in _RELATIONS)
    for a in _RELATIONS
)
_EXACT = _CODE[id(Relation.EXACT)]
# The relations a chain can pass through: those that compose with exact.
_CHAINABLE = frozenset(
    code for code, r in enumerate(_RELATIONS) if compose(Relation.EXACT, r) is not None
)

# One direction of one asserted mapping, as seen from a node: (the other item, the
# relation code read from this node, index of the mapping, read backwards?)
_Edge = tuple[str, int, int, bool]
# A search state: the items visited (start first), the edges taken, the confidence.
_State = tuple[tuple[str, ...], tuple[tuple[int, bool], ...], float | None]


def _rank(confidence: float | None) -> float:
    return -1.0 if confidence is None else confidence


# -- answers ----------------------------------------------------------------------------------


@attrs.frozen
class Counterpart:
    """One answer of :meth:`CompetencyGraph.counterparts`: an item and how it corresponds.

    ``mapping`` reads from the asked item (its subject) to the counterpart (its object);
    for an inferred answer it is a new :class:`Mapping` whose ``chain`` holds the
    asserted mappings it came from. ``path`` is the items visited, asked item first.
    ``item`` is ``None`` when the counterpart's framework is not in the graph.
    """

    mapping: Mapping
    item: Item | None
    path: tuple[str, ...]

    @property
    def ref(self) -> Ref:
        """The counterpart's full reference."""
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
        """The counterpart's title (or statement), else its id."""
        return self.item.label if self.item is not None else str(self.ref)

    def to_record(self) -> dict[str, Any]:
        """A JSON-compatible summary."""
        return {
            "subject": str(self.mapping.subject),
            "relation": self.relation.value,
            "object": str(self.ref),
            "label": self.label,
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


@attrs.frozen(eq=False)
class CoverageReport:
    """Which items of ``source`` have a counterpart in ``target``, and the reverse.

    An item is *mapped* when it has a counterpart itself, and *covered* when it or any of
    its descendants is mapped (so mappings of competencies roll up to their areas).
    ``target_covered`` is the same roll-up for the target's items, seen from the source.
    """

    source: Framework
    target: Framework
    mapped: frozenset[str]
    covered: frozenset[str]
    target_covered: frozenset[str]
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
            f"{len(self.covered)} of {self.total} items covered ({self.ratio:.0%}), "
            f"{len(self.mapped)} mapped themselves",
            "",
            "by area:",
        ]
        for a in self.by_area:
            lines.append(
                f"  {a.area:8} {a.covered:4}/{a.total:<4} {a.ratio:4.0%}  {_short(a.label)}"
            )
        lines += ["", f"not covered in {self.source.ref} ({len(self.uncovered)}):"]
        lines += self._uncovered_lines(self.source, self.uncovered)
        unmatched = self.target_unmatched
        lines += ["", f"with no counterpart in {self.target.ref} ({len(unmatched)}):"]
        lines += self._uncovered_lines(self.target, unmatched)
        return "\n".join(lines) + "\n"

    def _markdown(self) -> str:
        how = "asserted and inferred" if self.inferred else "asserted"
        lines = [
            f"# Coverage of {self.source.ref} by {self.target.ref}",
            "",
            f"{len(self.covered)} of {self.total} items covered ({self.ratio:.0%}); "
            f"{len(self.mapped)} mapped themselves; {how} mappings.",
            "",
            "| Area | Title | Covered | Total | Share |",
            "| --- | --- | ---: | ---: | ---: |",
        ]
        for a in self.by_area:
            lines.append(f"| {a.area} | {_md(a.label)} | {a.covered} | {a.total} | {a.ratio:.0%} |")
        lines += ["", f"## Not covered in {self.source.ref}", ""]
        lines += [f"- `{i}` {_md(self.source[i].label)}" for i in self.uncovered] or ["None."]
        lines += ["", f"## With no counterpart in {self.target.ref}", ""]
        unmatched = self.target_unmatched
        lines += [f"- `{i}` {_md(self.target[i].label)}" for i in unmatched] or ["None."]
        return "\n".join(lines) + "\n"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


@attrs.frozen
class Cardinality:
    """How the mapped pairs between two frameworks are shaped (as SSSOM's cardinality).

    Each distinct (source item, target item) pair is ``1:1`` when neither item takes part
    in another pair, ``1:n`` when the source item maps to several targets, ``n:1`` when
    several sources map to the target item, ``n:n`` when both. Only asserted, non-negated
    mappings count.
    """

    source: Ref | None
    target: Ref | None
    pairs: tuple[tuple[Ref, Ref, str], ...]

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

    def of(self, subject: Ref | str, obj: Ref | str) -> str | None:
        """The cardinality of one pair, or ``None`` if the two are not mapped."""
        pair = (str(subject), str(obj))
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
    subject: Ref
    object: Ref
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
    """One step of a :class:`Path`: along a mapping (either way) or the item tree."""

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
class Path:
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


# -- the graph --------------------------------------------------------------------------------


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while indexing.

    Indexing makes hundreds of thousands of small tuples and lists that live as long as the
    graph; each collection it would trigger walks every object already alive (the
    frameworks too), which costs more than the indexing itself. Nothing made here forms a
    cycle that only the collector could free.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _framework_key(ref: Ref) -> str:
    return f"{ref.framework}@{ref.version}"


def _nx_add_framework(g: Any, framework: Framework) -> None:
    """Put one framework's nodes and structural edges into a networkx graph."""
    fw_key = str(framework.ref)
    base = {"framework": framework.id, "version": framework.version}
    g.add_node(
        fw_key, type="framework", title=framework.title, status=framework.status.value, **base
    )
    nodes = []
    edges = []
    stack: list[tuple[Item, Item | None, Item, int]] = [
        (item, None, item, 0) for item in reversed(framework.items)
    ]
    while stack:
        item, parent, area, depth = stack.pop()
        key = f"{fw_key}:{item.id}"
        attributes = {
            "type": "item",
            **base,
            "item": item.id,
            "kind": item.kind,
            "title": item.title,
            "statement": item.statement,
            "label": item.label,
            "area": area.id,
            "depth": depth,
            "loaded": True,
        }
        nodes.append((key, attributes))
        up = fw_key if parent is None else f"{fw_key}:{parent.id}"
        edges.append((key, up, "child_of", {"kind": "child_of"}))
        stack.extend((child, item, area, depth + 1) for child in reversed(item.children))
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    for role in framework.roles:
        key = f"{fw_key}#role:{role.id}"
        g.add_node(key, type="role", role=role.id, title=role.title, **base)
        g.add_edge(key, fw_key, "defined_in", kind="defined_in")
    for scale in framework.scales:
        scale_key = f"{fw_key}#scale:{scale.id}"
        g.add_node(scale_key, type="scale", scale=scale.id, title=scale.title, **base)
        g.add_edge(scale_key, fw_key, "defined_in", kind="defined_in")
        for rank, level in enumerate(scale.levels):
            key = f"{fw_key}#level:{scale.id}/{level.id}"
            g.add_node(
                key,
                type="level",
                scale=scale.id,
                level=level.id,
                label=level.label,
                rank=rank,
                score=level.score,
                **base,
            )
            g.add_edge(key, scale_key, "level_of", kind="level_of", rank=rank)
    for matrix in framework.matrices:
        key = f"{fw_key}#matrix:{matrix.id}"
        g.add_node(
            key,
            type="matrix",
            matrix=matrix.id,
            title=matrix.title,
            status=matrix.status.value,
            **base,
        )
        g.add_edge(key, fw_key, "defined_in", kind="defined_in")
        if matrix.scale is not None:
            g.add_edge(key, f"{fw_key}#scale:{matrix.scale}", "uses_scale", kind="uses_scale")
        for role_id in matrix.roles:
            g.add_edge(key, f"{fw_key}#role:{role_id}", "names_role", kind="names_role")
        if matrix.status is not MatrixStatus.PUBLISHED:
            continue  # only a published matrix states expectations
        for cell in matrix.expectations:
            g.add_edge(
                f"{fw_key}#role:{cell.role}",
                f"{fw_key}:{cell.item}",
                f"expects:{matrix.id}",
                kind="expects",
                level=cell.level,
                level_node=f"{fw_key}#level:{matrix.scale}/{cell.level}",
                scale=matrix.scale,
                matrix=matrix.id,
            )


class CompetencyGraph:
    """Frameworks and crosswalks as one graph, with queries over asserted and inferred maps.

    ``CompetencyGraph(frameworks=[...], crosswalks=[...])``; more can be added with
    :meth:`add_framework` and :meth:`add_crosswalk`, or all at once from a registry with
    :meth:`from_registry`. ``max_hops`` bounds the length of inferred chains.

    Queries run on adjacency lists of their own; the networkx view, :attr:`graph`, is
    made on first use (and kept up to date after), so building stays fast.
    """

    def __init__(
        self,
        frameworks: Iterable[Framework] = (),
        crosswalks: Iterable[Crosswalk] = (),
        *,
        max_hops: int = DEFAULT_MAX_HOPS,
    ) -> None:
        if max_hops < 1:
            raise ValueError(f"max_hops must be at least 1, got {max_hops}")
        self.max_hops = max_hops
        self._nx: Any = None
        self._frameworks: dict[str, Framework] = {}
        self._crosswalks: dict[str, Crosswalk] = {}
        self._versions: dict[str, set[str]] = {}  # framework id -> versions with items here
        self._node_fw: dict[str, str] = {}  # item key -> framework key
        self._refs: dict[str, Ref] = {}  # item key -> its Ref, made when first needed
        self._parent: dict[str, str | None] = {}
        self._children: dict[str, list[str]] = {}
        self._items: dict[str, list[str]] = {}  # framework key -> item keys, document order
        self._item_ids: dict[str, list[str]] = {}  # framework key -> item ids, the same order
        self._parent_ids: dict[str, dict[str, str | None]] = {}  # framework key -> id -> parent
        # Asserted, non-negated mappings, with the crosswalk each came from.
        self._asserted: list[Mapping] = []
        self._sources: list[str] = []
        self._confidence: list[float | None] = []
        # Lookups use .get(), so these never grow by being read.
        self._adj_any: defaultdict[str, list[_Edge]] = defaultdict(list)
        self._adj_chain: defaultdict[str, list[_Edge]] = defaultdict(list)  # exact, broad, narrow
        self._adj_exact: defaultdict[str, list[_Edge]] = defaultdict(list)
        # Frameworks each item reaches by one asserted mapping, read either way.
        self._direct: defaultdict[str, set[str]] = defaultdict(set)
        # (subject, relation, object) -> the negated mapping, in both readings.
        self._negations: dict[tuple[str, int, str], Mapping] = {}
        self._negated_items: set[str] = set()
        for framework in frameworks:
            self.add_framework(framework)
        for crosswalk in crosswalks:
            self.add_crosswalk(crosswalk)

    def __repr__(self) -> str:
        return (
            f"CompetencyGraph({len(self._frameworks)} frameworks, "
            f"{len(self._crosswalks)} crosswalks, {len(self._asserted)} mappings)"
        )

    # -- building -------------------------------------------------------------------------
    @classmethod
    def from_registry(
        cls,
        registry: Registry | None = None,
        frameworks: Iterable[Ref | str] | None = None,
        crosswalks: Iterable[Ref | str] | None = None,
        *,
        max_hops: int = DEFAULT_MAX_HOPS,
    ) -> CompetencyGraph:
        """A graph of frameworks and crosswalks from a registry (the default one if ``None``).

        ``frameworks`` defaults to every framework available. ``crosswalks`` defaults to
        every crosswalk of the registry that names one of those frameworks. The other
        frameworks a crosswalk names (a hub, say) are added too.
        """
        if registry is None:
            from cecompetency.registry import default_registry

            registry = default_registry()
        refs = registry.available() if frameworks is None else tuple(frameworks)
        loaded = [registry.load(ref) for ref in refs]
        wanted = {fw.ref for fw in loaded}
        if crosswalks is None:
            chosen = [registry.load_crosswalk(ref) for ref in registry.crosswalks()]
            chosen = [cw for cw in chosen if wanted.intersection(cw.frameworks)]
        else:
            chosen = [registry.load_crosswalk(ref) for ref in crosswalks]
        for cw in chosen:
            for ref in cw.frameworks:
                if ref not in wanted:
                    wanted.add(ref)
                    loaded.append(registry.load(ref))
        return cls(loaded, chosen, max_hops=max_hops)

    def _known(self, ref: Ref) -> None:
        self._versions.setdefault(ref.framework, set()).add(ref.version or "")

    def add_framework(self, framework: Framework) -> None:
        """Add a framework's items, tree, roles, scales, levels and matrices."""
        with _bulk():
            self._add_framework(framework)

    def _add_framework(self, framework: Framework) -> None:
        fw_key = str(framework.ref)
        known = self._frameworks.get(fw_key)
        if known is not None:
            if known == framework:
                return
            raise ModelError(f"the graph already holds a different {fw_key}")
        self._frameworks[fw_key] = framework
        self._known(framework.ref)
        keys = self._items.setdefault(fw_key, [])
        ids = self._item_ids.setdefault(fw_key, [])
        parent_ids = self._parent_ids.setdefault(fw_key, {})
        # One walk of the tree, so building costs no lookups per item.
        stack: list[tuple[Item, str | None]] = [(item, None) for item in reversed(framework.items)]
        while stack:
            item, parent_key = stack.pop()
            key = f"{fw_key}:{item.id}"
            keys.append(key)
            ids.append(item.id)
            parent_ids[item.id] = None if parent_key is None else parent_key[len(fw_key) + 1 :]
            self._node_fw[key] = fw_key
            self._parent[key] = parent_key
            self._children[key] = [f"{fw_key}:{child.id}" for child in item.children]
            stack.extend((child, key) for child in reversed(item.children))
        if self._nx is not None:
            _nx_add_framework(self._nx, framework)

    def _placeholder(self, key: str, ref: Ref) -> None:
        self._node_fw[key] = _framework_key(ref)
        self._refs[key] = ref
        self._known(ref)

    def _ref(self, key: str) -> Ref:
        """The Ref of an item key (made once; most are never needed)."""
        ref = self._refs.get(key)
        if ref is None:
            fw_key = self._node_fw[key]
            framework_id, version = fw_key.split("@", 1)
            ref = self._refs[key] = Ref(framework_id, version, key[len(fw_key) + 1 :])
        return ref

    def add_crosswalk(self, crosswalk: Crosswalk) -> None:
        """Add a crosswalk's mappings (its items need not all be in the graph)."""
        with _bulk():
            self._add_crosswalk(crosswalk)

    def _add_crosswalk(self, crosswalk: Crosswalk) -> None:
        cw_key = str(crosswalk.ref)
        known = self._crosswalks.get(cw_key)
        if known is not None:
            if known == crosswalk:
                return
            raise ModelError(f"the graph already holds a different crosswalk {cw_key}")
        self._crosswalks[cw_key] = crosswalk
        node_fw = self._node_fw
        adj_any, adj_chain, adj_exact = self._adj_any, self._adj_chain, self._adj_exact
        direct = self._direct
        texts: dict[int, str] = {}  # the text of each Ref object (loaded crosswalks share them)
        for mapping in crosswalk.mappings:
            s = texts.get(id(mapping.subject))
            if s is None:
                s = texts[id(mapping.subject)] = str(mapping.subject)
            o = texts.get(id(mapping.object))
            if o is None:
                o = texts[id(mapping.object)] = str(mapping.object)
            if s not in node_fw:  # an item of a framework not (yet) in the graph
                self._placeholder(s, mapping.subject)
            if o not in node_fw:
                self._placeholder(o, mapping.object)
            relation = _CODE[id(mapping.relation)]
            if mapping.negated:
                if mapping.source is None:  # negations are few: name their source now
                    mapping = attrs.evolve(mapping, source=cw_key)
                self._negations.setdefault((s, relation, o), mapping)
                self._negations.setdefault((o, _INVERSE[relation], s), mapping)
                self._negated_items.update((s, o))
                continue
            direct[s].add(node_fw[o])
            direct[o].add(node_fw[s])
            at = len(self._asserted)
            self._asserted.append(mapping)
            self._sources.append(mapping.source or cw_key)
            self._confidence.append(mapping.confidence)
            forward: _Edge = (o, relation, at, False)
            backward: _Edge = (s, _INVERSE[relation], at, True)
            adj_any[s].append(forward)
            adj_any[o].append(backward)
            if relation in _CHAINABLE:
                adj_chain[s].append(forward)
                adj_chain[o].append(backward)
                if relation == _EXACT:
                    adj_exact[s].append(forward)
                    adj_exact[o].append(backward)
        if self._nx is not None:
            self._nx_add_crosswalk(self._nx, crosswalk)

    # -- the networkx view ----------------------------------------------------------------
    @property
    def graph(self) -> Any:
        """The networkx ``MultiDiGraph`` of everything added (see the module docstring)."""
        if self._nx is None:
            g = nx.MultiDiGraph()
            with _bulk():
                for framework in self._frameworks.values():
                    _nx_add_framework(g, framework)
                for crosswalk in self._crosswalks.values():
                    self._nx_add_crosswalk(g, crosswalk)
            self._nx = g
        return self._nx

    def _nx_add_crosswalk(self, g: Any, crosswalk: Crosswalk) -> None:
        cw_key = str(crosswalk.ref)
        edges = []
        for index, mapping in enumerate(crosswalk.mappings):
            s, o = str(mapping.subject), str(mapping.object)
            for key, ref in ((s, mapping.subject), (o, mapping.object)):
                if key not in g:
                    g.add_node(
                        key,
                        type="item",
                        framework=ref.framework,
                        version=ref.version,
                        item=ref.item,
                        loaded=False,
                    )
            edges.append(
                (
                    s,
                    o,
                    f"{cw_key}#{index}",
                    {
                        "kind": "mapping",
                        "relation": mapping.relation.value,
                        "confidence": mapping.confidence,
                        "justification": mapping.justification.value,
                        "negated": mapping.negated,
                        "source": mapping.source or cw_key,
                        "inferred": False,
                        "mapping": mapping,
                    },
                )
            )
        g.add_edges_from(edges)

    # -- what is in the graph --------------------------------------------------------------
    @property
    def frameworks(self) -> tuple[Framework, ...]:
        """The frameworks added, in the order they were added."""
        return tuple(self._frameworks.values())

    @property
    def crosswalks(self) -> tuple[Crosswalk, ...]:
        """The crosswalks added, in the order they were added."""
        return tuple(self._crosswalks.values())

    def asserted(self) -> tuple[Mapping, ...]:
        """Every asserted (non-negated) mapping, each with its ``source`` set."""
        return tuple(self._mapping(index) for index in range(len(self._asserted)))

    def negations(self) -> tuple[Mapping, ...]:
        """Every negated mapping (each once)."""
        return tuple({id(m): m for m in self._negations.values()}.values())

    def framework(self, ref: Ref | str | Framework) -> Framework:
        """A framework of the graph; without a version, the newest one."""
        key = self._framework_keys(ref, loaded_only=True)
        return self._frameworks[key[-1]]

    def item(self, ref: Ref | str) -> Item | None:
        """The item a reference names, or ``None`` if its framework is not in the graph."""
        return self._item(self._key(ref))

    def _item(self, key: str) -> Item | None:
        fw_key = self._node_fw.get(key)
        framework = None if fw_key is None else self._frameworks.get(fw_key)
        if fw_key is None or framework is None:
            return None
        return framework.get(key[len(fw_key) + 1 :])

    def _mapping(self, index: int) -> Mapping:
        """An asserted mapping with its ``source`` filled in (done once, when first asked)."""
        mapping = self._asserted[index]
        if mapping.source is None:
            mapping = attrs.evolve(mapping, source=self._sources[index])
            self._asserted[index] = mapping
        return mapping

    # -- resolving references ----------------------------------------------------------------
    def _framework_keys(
        self, ref: Ref | str | Framework, *, loaded_only: bool = False
    ) -> list[str]:
        """The framework keys a reference matches, oldest first (all versions if none given)."""
        if isinstance(ref, Framework):
            ref = ref.ref
        ref = parse_ref(ref) if isinstance(ref, str) else ref
        versions = self._versions.get(ref.framework, set())
        if loaded_only:
            versions = {v for v in versions if f"{ref.framework}@{v}" in self._frameworks}
        if ref.version is not None and ref.version in versions:
            return [_framework_key(ref)]
        if ref.version is None and versions:
            return [f"{ref.framework}@{v}" for v in sorted(versions, key=version_key)]
        names = sorted(
            f"{fw_id}@{v}"
            for fw_id, vs in self._versions.items()
            for v in vs
            if not loaded_only or f"{fw_id}@{v}" in self._frameworks
        )
        hint = suggest(str(ref.framework_ref), names) or suggest(ref.framework, self._versions)
        raise NotFoundError(
            f"the graph has no framework {ref.framework_ref}{hint}; "
            f"it has: {', '.join(names) or 'none'}"
        )

    def _key(self, ref: Ref | str) -> str:
        """The node key of an item reference; without a version, the newest framework's."""
        parsed = parse_ref(ref) if isinstance(ref, str) else ref
        if parsed.item is None:
            raise RefError(f"{parsed} names a framework, not an item; add ':ITEM'")
        fw_key = self._framework_keys(parsed)[-1]
        key = f"{fw_key}:{parsed.item}"
        if key not in self._node_fw:
            framework = self._frameworks.get(fw_key)
            choices = [i.id for i in framework.walk()] if framework is not None else []
            raise NotFoundError(
                f"{fw_key} has no item {parsed.item!r}{suggest(parsed.item, choices)}"
            )
        return key

    # -- the search ----------------------------------------------------------------------------
    def _search(
        self,
        start: str,
        max_hops: int,
        *,
        goal: str | None = None,
        blocked: dict[tuple[str, int], _State] | None = None,
    ) -> tuple[dict[tuple[str, int], _State], bool]:
        """Every claim ``start RELATION item`` the asserted mappings support, by breadth first.

        Returns the shortest (then most confident) way to each (item, relation), and
        whether an item of framework ``goal`` was reached (the search stops there).
        Claims a negation denies go to ``blocked`` (when given) and are not followed.
        """
        found: dict[tuple[str, int], _State] = {}
        negations = self._negations
        confidence = self._confidence
        node_fw = self._node_fw
        frontier: list[tuple[str, int]] = []
        for nb, relation, index, backwards in self._adj_any.get(start, ()):
            if nb == start:
                continue
            key = (nb, relation)
            state: _State = ((start, nb), ((index, backwards),), confidence[index])
            # An asserted claim stands even when denied (conflicts() reports it); a claim
            # read backwards is an inference, and a negation blocks it.
            if backwards and negations and (start, relation, nb) in negations:
                if blocked is not None:
                    blocked.setdefault(key, state)
                continue
            old = found.get(key)
            if old is None:
                found[key] = state
                frontier.append(key)
                if goal is not None and node_fw[nb] == goal:
                    return found, True
            elif _rank(state[2]) > _rank(old[2]):
                found[key] = state
        hops = 1
        while frontier and hops < max_hops:
            hops += 1
            fresh: set[tuple[str, int]] = set()
            next_frontier: list[tuple[str, int]] = []
            for key in frontier:
                node, relation = key
                if relation == _EXACT:
                    adjacency = self._adj_chain.get(node, ())
                elif relation in _CHAINABLE:
                    # After broad or narrow, compose() admits exact steps only.
                    adjacency = self._adj_exact.get(node, ())
                else:
                    continue  # nothing passes through close or related
                nodes, steps, conf = found[key]
                for nb, step_relation, index, backwards in adjacency:
                    if nb == start:
                        continue
                    composed = _COMPOSE[relation][step_relation]
                    if composed is None:
                        continue
                    new_key = (nb, composed)
                    old = found.get(new_key)
                    if old is not None and new_key not in fresh:
                        continue  # reached by a shorter chain already
                    link = confidence[index]
                    new_conf = None if conf is None or link is None else conf * link
                    state = ((*nodes, nb), (*steps, (index, backwards)), new_conf)
                    if negations and (start, composed, nb) in negations:
                        if blocked is not None:
                            blocked.setdefault(new_key, state)
                        continue
                    if old is None:
                        found[new_key] = state
                        fresh.add(new_key)
                        next_frontier.append(new_key)
                        if goal is not None and node_fw[nb] == goal:
                            return found, True
                    elif _rank(new_conf) > _rank(old[2]):
                        found[new_key] = state
            frontier = next_frontier
        return found, False

    def _claim(self, start: str, node: str, relation: int, state: _State) -> Mapping:
        """The mapping a search state stands for: the asserted one, or a new inferred one."""
        _nodes, steps, conf = state
        if len(steps) == 1 and not steps[0][1]:
            return self._mapping(steps[0][0])
        chain = tuple(self._mapping(index) for index, _ in steps)
        return Mapping(
            subject=self._ref(start),
            relation=_RELATIONS[relation],
            object=self._ref(node),
            confidence=conf,
            justification=Justification.INVERSION if len(steps) == 1 else Justification.CHAINING,
            chain=chain,
        )

    def _hops(self, max_hops: int | None) -> int:
        hops = self.max_hops if max_hops is None else max_hops
        if hops < 1:
            raise ValueError(f"max_hops must be at least 1, got {hops}")
        return hops

    # -- queries -------------------------------------------------------------------------------
    def counterparts(
        self,
        ref: Ref | str,
        framework: Ref | str | None = None,
        relations: Iterable[Relation | str] | None = None,
        inferred: bool = True,
        *,
        max_hops: int | None = None,
    ) -> list[Counterpart]:
        """The items that correspond to ``ref``, strongest relation first, then most confident.

        ``framework`` (``id`` or ``id@version``) keeps answers in that framework;
        ``relations`` keeps answers of those relations. With ``inferred=False`` only
        mappings asserted from ``ref`` are returned; otherwise also their inverses and
        the chains of at most ``max_hops`` mappings (default: the graph's ``max_hops``;
        ``max_hops=1`` adds inverses only).
        """
        start = self._key(ref)
        targets = None if framework is None else set(self._framework_keys(framework))
        wanted = None if relations is None else {_CODE[id(Relation(r))] for r in relations}
        node_fw = self._node_fw

        def keep(node: str, relation: int) -> bool:
            return (targets is None or node_fw[node] in targets) and (
                wanted is None or relation in wanted
            )

        answers: list[Counterpart] = []
        stated: set[tuple[str, int]] = set()
        for nb, relation, index, backwards in self._adj_any.get(start, ()):
            if backwards or nb == start:
                continue
            stated.add((nb, relation))
            if keep(nb, relation):
                answers.append(Counterpart(self._mapping(index), self._item(nb), (start, nb)))
        if inferred:
            found, _ = self._search(start, self._hops(max_hops))
            for (nb, relation), state in found.items():
                if (nb, relation) in stated or not keep(nb, relation):
                    continue
                mapping = self._claim(start, nb, relation, state)
                answers.append(Counterpart(mapping, self._item(nb), state[0]))
        answers.sort(
            key=lambda c: (
                -c.relation.strength,
                -_rank(c.confidence),
                c.inferred,
                c.hops,
                str(c.ref),
            )
        )
        return answers

    def _mapped_ids(self, source: Framework, goal: str, hops: int) -> set[str]:
        """The ids of ``source``'s items with a counterpart in framework ``goal``."""
        fw_key = str(source.ref)
        keys, ids = self._items[fw_key], self._item_ids[fw_key]
        reach = self._direct.get
        nowhere: frozenset[str] = frozenset()
        # One mapping away is the usual case, and one set lookup per item answers it.
        direct = [goal in reach(key, nowhere) for key in keys]
        mapped = {item_id for item_id, hit in zip(ids, direct, strict=True) if hit}
        prefix = len(fw_key) + 1
        for key in self._negated_items:  # a negation may deny the inverse reading
            item_id = key[prefix:]
            denied = self._node_fw.get(key) == fw_key and item_id in mapped
            if denied and not self._direct_counterpart(key, goal):
                mapped.discard(item_id)
        if hops > 1:
            chainable = self._adj_chain
            for key, item_id in zip(keys, ids, strict=True):
                if (
                    item_id not in mapped
                    and key in chainable
                    and self._search(key, hops, goal=goal)[1]
                ):
                    mapped.add(item_id)
        return mapped

    def _direct_counterpart(self, key: str, goal: str) -> bool:
        node_fw, negations = self._node_fw, self._negations
        return any(
            node_fw[nb] == goal and not (backwards and (key, relation, nb) in negations)
            for nb, relation, _index, backwards in self._adj_any.get(key, ())
        )

    def _roll_up(self, framework: Framework, mapped: set[str]) -> frozenset[str]:
        """``mapped`` and every ancestor of a mapped item (children come after parents)."""
        fw_key = str(framework.ref)
        parent = self._parent_ids[fw_key]
        covered = set(mapped)
        for item_id in reversed(self._item_ids[fw_key]):
            if item_id in covered:
                up = parent[item_id]
                if up is not None:
                    covered.add(up)
        return frozenset(covered)

    def coverage(
        self,
        source: Ref | str | Framework,
        target: Ref | str | Framework,
        *,
        inferred: bool = True,
        max_hops: int | None = None,
    ) -> CoverageReport:
        """Which items of ``source`` have a counterpart in ``target``, and the reverse.

        Counterparts are asserted mappings read either way and, when ``inferred``, the
        chains :meth:`counterparts` would find. Both frameworks must be in the graph.
        """
        src, tgt = self.framework(source), self.framework(target)
        hops = self._hops(max_hops) if inferred else 1
        mapped = self._mapped_ids(src, str(tgt.ref), hops)
        reverse = self._mapped_ids(tgt, str(src.ref), hops)
        return CoverageReport(
            source=src,
            target=tgt,
            mapped=frozenset(mapped),
            covered=self._roll_up(src, mapped),
            target_covered=self._roll_up(tgt, reverse),
            inferred=inferred,
        )

    def cardinality(
        self,
        crosswalk_or_source: Crosswalk | Ref | str | Framework,
        target: Ref | str | None = None,
    ) -> Cardinality:
        """The 1:1, 1:n, n:1 and n:n shape of the asserted mappings between two frameworks.

        Given a crosswalk, its mappings are counted; read from its first framework to its
        second when it names two and no ``target`` is given, else from subject to object
        (or towards ``target``). Given a framework, every asserted mapping of the graph
        between it and ``target`` is counted.
        """
        source_key: str | None
        target_key: str | None
        if isinstance(crosswalk_or_source, Crosswalk):
            cw = crosswalk_or_source
            mappings: Iterable[Mapping] = cw.asserted()
            if target is not None:
                target_key = self._crosswalk_framework(cw, target)
                source_key = None
            elif len(cw.frameworks) == 2:
                source_key, target_key = (_framework_key(r) for r in cw.frameworks)
            else:
                source_key = target_key = None
        else:
            if target is None:
                raise ValueError("cardinality(source, target) needs a target framework")
            source_key = self._framework_keys(crosswalk_or_source)[-1]
            target_key = self._framework_keys(target)[-1]
            mappings = self.asserted()
        pairs: dict[tuple[str, str], tuple[Ref, Ref]] = {}
        for m in mappings:
            if m.negated:
                continue
            s_fw, o_fw = _framework_key(m.subject), _framework_key(m.object)
            if (source_key is None or s_fw == source_key) and (
                target_key is None or o_fw == target_key
            ):
                first, second = m.subject, m.object
            elif (source_key is None or o_fw == source_key) and (
                target_key is None or s_fw == target_key
            ):
                first, second = m.object, m.subject
            else:
                continue
            pairs.setdefault((str(first), str(second)), (first, second))
        out_degree: dict[str, int] = {}
        in_degree: dict[str, int] = {}
        for a, b in pairs:
            out_degree[a] = out_degree.get(a, 0) + 1
            in_degree[b] = in_degree.get(b, 0) + 1
        shaped = []
        for (a, b), (ref_a, ref_b) in pairs.items():
            many_targets, many_sources = out_degree[a] > 1, in_degree[b] > 1
            kind = {
                (False, False): "1:1",
                (True, False): "1:n",
                (False, True): "n:1",
                (True, True): "n:n",
            }[many_targets, many_sources]
            shaped.append((ref_a, ref_b, kind))
        return Cardinality(
            source=None if source_key is None else parse_ref(source_key),
            target=None if target_key is None else parse_ref(target_key),
            pairs=tuple(shaped),
        )

    @staticmethod
    def _crosswalk_framework(cw: Crosswalk, target: Ref | str) -> str:
        ref = parse_ref(target) if isinstance(target, str) else target
        for listed in reversed(sorted(cw.frameworks, key=lambda r: version_key(r.version or ""))):
            if listed.framework == ref.framework and ref.version in (None, listed.version):
                return _framework_key(listed)
        names = ", ".join(str(r) for r in cw.frameworks)
        raise NotFoundError(f"crosswalk {cw.ref} does not name {ref}; it names {names}")

    def conflicts(self, *, max_hops: int | None = None) -> list[Conflict]:
        """Claims about the same pair of items that cannot both stand, across all crosswalks.

        Contradictory relations (as :func:`~cecompetency.relations.contradicts` says),
        whether asserted or inferred, and claims that a negated mapping denies. Each pair
        is reported once, read from the item whose key sorts first.
        """
        hops = self._hops(max_hops)
        conflicts: list[Conflict] = []
        starts = set(self._adj_any)
        starts.update(s for s, _, _ in self._negations)
        for start in sorted(starts):
            blocked: dict[tuple[str, int], _State] = {}
            found, _ = self._search(start, hops, blocked=blocked)
            claims: dict[str, list[tuple[int, _State]]] = {}
            for (nb, relation), state in found.items():
                if nb > start:
                    claims.setdefault(nb, []).append((relation, state))
            for nb in sorted(claims):
                options = sorted(
                    claims[nb], key=lambda c: (-_RELATIONS[c[0]].strength, _RELATIONS[c[0]].value)
                )
                for (r1, s1), (r2, s2) in itertools.combinations(options, 2):
                    if contradicts(_RELATIONS[r1], _RELATIONS[r2]):
                        conflicts.append(
                            Conflict(
                                ConflictKind.CONTRADICTION,
                                self._ref(start),
                                self._ref(nb),
                                self._claim(start, nb, r1, s1),
                                self._claim(start, nb, r2, s2),
                            )
                        )
                for relation, state in options:  # asserted claims a negation denies
                    denial = self._negations.get((start, relation, nb))
                    if denial is not None:
                        conflicts.append(
                            Conflict(
                                ConflictKind.NEGATION,
                                self._ref(start),
                                self._ref(nb),
                                self._claim(start, nb, relation, state),
                                denial,
                            )
                        )
            for (nb, relation), state in sorted(blocked.items(), key=lambda kv: kv[0][0]):
                # An asserted claim that is also denied was reported above, once.
                if nb > start and (nb, relation) not in found:
                    conflicts.append(
                        Conflict(
                            ConflictKind.NEGATION,
                            self._ref(start),
                            self._ref(nb),
                            self._claim(start, nb, relation, state),
                            self._negations[(start, relation, nb)],
                        )
                    )
        # What the crosswalks say outright first, then what only their chains reveal.
        conflicts.sort(key=lambda c: c.inferred)
        return conflicts

    # -- paths ----------------------------------------------------------------------------------
    def _neighbours(self, node: str) -> Iterator[tuple[str, str, int]]:
        """(next item, step kind, mapping index or -1) for explain's walk."""
        for nb, _relation, index, _backwards in self._adj_any.get(node, ()):
            yield nb, "mapping", index
        parent = self._parent.get(node)
        if parent is not None:
            yield parent, "child_of", -1
        for child in self._children.get(node, ()):
            yield child, "parent_of", -1

    def explain(
        self, a: Ref | str, b: Ref | str, *, max_hops: int | None = None, limit: int = 10
    ) -> list[Path]:
        """How two items are connected: paths of mappings and tree steps, shortest first.

        At most ``limit`` simple paths of at most ``max_hops`` steps (default: the graph's
        ``max_hops``). Negated mappings are not steps.
        """
        hops = self._hops(max_hops)
        start, goal = self._key(a), self._key(b)
        if start == goal or limit < 1:
            return []
        # Distances to the goal, so the walk only takes steps that can still arrive.
        distance = {goal: 0}
        layer = [goal]
        for d in range(1, hops + 1):
            following = []
            for node in layer:
                for nb, _kind, _index in self._neighbours(node):
                    if nb not in distance:
                        distance[nb] = d
                        following.append(nb)
            layer = following
        if start not in distance:
            return []
        paths: list[Path] = []
        budget = [200_000]  # steps the enumeration may take, so it always ends quickly

        def walk(node: str, left: int, visited: list[str], steps: list[Step]) -> None:
            if len(paths) >= limit or budget[0] <= 0:
                return
            if node == goal:
                if left == 0:
                    paths.append(Path(tuple(steps)))
                return
            for nb, kind, index in self._neighbours(node):
                budget[0] -= 1
                if nb in visited or distance.get(nb, hops + 1) > left - 1:
                    continue
                mapping = self._mapping(index) if index >= 0 else None
                visited.append(nb)
                steps.append(Step(node, nb, kind, mapping))
                walk(nb, left - 1, visited, steps)
                steps.pop()
                visited.pop()
                if len(paths) >= limit:
                    return

        for length in range(distance[start], hops + 1):
            walk(start, length, [start], [])
        return paths
