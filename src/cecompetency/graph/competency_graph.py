"""The cross-map graph: frameworks, their items, roles and levels, and the mappings between them.

:class:`CompetencyGraph` is built from :class:`~cecompetency.model.framework.Framework` and
:class:`~cecompetency.model.crosswalk.Crosswalk` objects and answers questions about them:
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
    ``external``   a concept outside every framework that a mapping names
                   (:class:`~cecompetency.model.external.ExternalConcept`): key its CURIE
                   or URI; ``concept`` (the same), ``label`` (the first label a crosswalk
                   gives it, else ``None``), ``uri`` (its full URI, when its crosswalk
                   declares the CURIE's prefix).
    ``role``       key ``framework@version#role:ID``; ``framework``, ``version``,
                   ``role``, ``title``.
    ``scale``      key ``framework@version#scale:ID``; ``framework``, ``version``,
                   ``scale``, ``title``.
    ``level``      key ``framework@version#level:SCALE/ID``; ``framework``, ``version``,
                   ``scale``, ``level``, ``label``, ``rank`` (0 = lowest), ``score``.
    ``matrix``     key ``framework@version#matrix:ID``; ``framework``, ``version``,
                   ``matrix``, ``title``, ``status``.

    ``#`` cannot occur in a framework id or version, so no key clashes with an item's;
    an external concept's key has no ``@`` before its first ``:``, an item's always has.

Edges of ``graph`` (attribute ``kind``; the edge key is the kind, ``expects:MATRIX`` for
expectations and ``CROSSWALK#INDEX`` for mappings)
    ``child_of``     item -> its parent item; a top-level item -> its framework node.
    ``defined_in``   role, scale or matrix -> its framework node.
    ``level_of``     level -> its scale; ``rank``.
    ``uses_scale``   matrix -> its scale.
    ``names_role``   matrix -> each role it names (pending matrices too).
    ``expects``      role -> item, one per cell of a *published* matrix; ``level``
                     (level id), ``level_node``, ``scale``, ``matrix``.
    ``mapping``      subject -> object (items or external concepts), one per mapping of a crosswalk
                     (negated ones too); ``relation``, ``confidence``, ``justification``
                     (text values), ``negated``, ``source`` (``crosswalk@version``),
                     ``inferred`` (always False here) and ``mapping`` (the
                     :class:`~cecompetency.model.crosswalk.Mapping`).

Inference is never stored and never silent: queries compute it on demand, and every
inferred :class:`~cecompetency.model.crosswalk.Mapping` carries the asserted mappings it came
from as its ``chain``. The rules read only :mod:`cecompetency.model.relations`:

- an asserted mapping read from its object is its inverse (``A broad B`` gives
  ``B narrow A``; a symmetric relation holds both ways), justified
  ``semapv:MappingInversion``;
- chains compose with :func:`~cecompetency.model.relations.compose`: exact with exact, broad or
  narrow with exact on either side; nothing passes through ``close`` or ``related``, nor
  through two hierarchical steps. Chains are justified ``semapv:MappingChaining``, are at
  most ``max_hops`` asserted mappings long (default 4) and never come back to the item
  asked about; the shortest chain (then the most confident) is the one reported;
- the confidence of an inferred mapping is the product of its chain's confidences, or
  ``None`` when any of them is ``None`` (unknown stays unknown). A product of numbers in
  [0, 1] is never above its smallest factor, and a composed relation is exact only when
  every link is: an inference is never stronger than its weakest link;
- negated mappings take no part in inference, and an inferred claim that a negation
  denies (in either reading) is dropped and reported by :meth:`CompetencyGraph.conflicts`;
- an external concept is a node like any item, so chains pass through it (two frameworks
  both mapped exactly to one ESCO skill are exact matches of each other); it is in no
  framework, so it is never a counterpart *in* a framework and never counts as coverage.

The search is a breadth-first walk over plain adjacency lists built once, so that a
query on frameworks of tens of thousands of items costs well under a millisecond; it is
in the private module ``cecompetency.graph.inference``. The answers are the records of
:mod:`cecompetency.graph.answers`.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from collections.abc import Set as AbstractSet
from typing import TYPE_CHECKING, Any

import networkx as nx

from cecompetency.files.gc_pause import paused_gc
from cecompetency.graph import networkx_view
from cecompetency.graph.answers import (
    Cardinality,
    Conflict,
    Counterpart,
    CoverageReport,
    MappingPath,
    Step,
)
from cecompetency.graph.inference import EXTERNAL, MappingIndex, confidence_rank, relation_code
from cecompetency.model.crosswalk import (
    Crosswalk,
    Mapping,
    MappingEnd,
    end_external,
    end_label,
)
from cecompetency.model.errors import ModelError, NotFoundError, RefError
from cecompetency.model.external import ExternalConcept
from cecompetency.model.fields import require
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import Ref, as_ref, parse_ref, version_key
from cecompetency.model.relations import Relation
from cecompetency.text.spelling import did_you_mean

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry

__all__ = ["DEFAULT_MAX_HOPS", "CompetencyGraph"]

DEFAULT_MAX_HOPS = 4


def _framework_key(ref: Ref) -> str:
    return f"{ref.framework}@{ref.version}"


def _end_framework_key(end: MappingEnd) -> str:
    """The framework key of a mapping's end; :data:`EXTERNAL` for an external concept."""
    return EXTERNAL if isinstance(end, ExternalConcept) else _framework_key(end)


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class CompetencyGraph:
    """Frameworks and crosswalks as one graph, with queries over asserted and inferred maps.

    ``CompetencyGraph(frameworks=[...], crosswalks=[...])``; more can be added with
    :meth:`add_framework` and :meth:`add_crosswalk`, or all at once from a registry with
    :meth:`from_registry`. ``max_hops`` bounds the length of inferred chains.

    Queries run on adjacency lists of their own, made at the first query; the networkx
    view, :attr:`graph`, is made on first use. Each is kept up to date after, so building
    stays fast and a graph used one way never pays for the other.
    """

    def __init__(
        self,
        frameworks: Iterable[Framework] = (),
        crosswalks: Iterable[Crosswalk] = (),
        *,
        max_hops: int = DEFAULT_MAX_HOPS,
    ) -> None:
        require(max_hops, int, "max_hops")
        if isinstance(frameworks, Framework) or isinstance(crosswalks, Crosswalk):
            raise TypeError("frameworks and crosswalks are lists: CompetencyGraph([fw], [cw])")
        if max_hops < 1:
            raise ValueError(f"max_hops must be at least 1, got {max_hops}")
        self.max_hops = max_hops
        self._nx: Any = None
        self._frameworks: dict[str, Framework] = {}
        self._crosswalks: dict[str, Crosswalk] = {}
        self._versions: dict[str, set[str]] = {}  # framework id -> versions with items here
        self._node_fw: dict[str, str] = {}  # item key -> framework key
        # item key -> its Ref, made when first needed; external concept key -> the concept
        self._refs: dict[str, MappingEnd] = {}
        self._parent: dict[str, str | None] = {}
        self._children: dict[str, list[str]] = {}
        self._items: dict[str, list[str]] = {}  # framework key -> item keys, document order
        self._item_ids: dict[str, list[str]] = {}  # framework key -> item ids, the same order
        # framework key -> the position of each item's parent in those lists (-1: top level)
        self._parent_pos: dict[str, list[int]] = {}
        # framework key -> (frameworks each item reaches by one mapping, whether it starts
        # a chain, and by framework reached: whether it reaches it), in document order:
        # what coverage reads, built when first asked for and kept until the graph grows
        self._reach: dict[str, tuple[list[AbstractSet[str]], bytearray, dict[str, bytearray]]] = {}
        # The mappings, asserted and negated, indexed for the chain search.
        self._mapping_index = MappingIndex(self._node_fw, self._refs)
        # Crosswalks added but not yet indexed: the index is built at the first query, so
        # a graph made for its networkx view alone never pays for it.
        self._unindexed: list[tuple[Crosswalk, str]] = []
        for framework in frameworks:
            self.add_framework(framework)
        for crosswalk in crosswalks:
            self.add_crosswalk(crosswalk)

    def __repr__(self) -> str:
        negated = len({id(m) for m in self._index.negations.values()})  # two readings each
        counts = [
            _plural(len(self._frameworks), "framework"),
            _plural(len(self._crosswalks), "crosswalk"),
            _plural(len(self._index.asserted), "mapping"),
        ]
        if negated:
            counts.append(f"{negated} negated")
        return f"CompetencyGraph({', '.join(counts)})"

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
            from cecompetency.files.registry import default_registry

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
        require(framework, Framework, "framework")
        with paused_gc():
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
        self._reach.clear()
        keys = self._items.setdefault(fw_key, [])
        ids = self._item_ids.setdefault(fw_key, [])
        parent_pos = self._parent_pos.setdefault(fw_key, [])
        # One walk of the tree, so building costs no lookups per item.
        stack: list[tuple[Item, str | None, int]] = [
            (item, None, -1) for item in reversed(framework.items)
        ]
        while stack:
            item, parent_key, up = stack.pop()
            key = f"{fw_key}:{item.id}"
            here = len(keys)
            keys.append(key)
            ids.append(item.id)
            parent_pos.append(up)
            self._node_fw[key] = fw_key
            self._parent[key] = parent_key
            self._children[key] = [f"{fw_key}:{child.id}" for child in item.children]
            stack.extend((child, key, here) for child in reversed(item.children))
        if self._nx is not None:
            networkx_view.add_framework(self._nx, framework, keys)

    def _concepts(self) -> dict[str, ExternalConcept]:
        """The external concepts of the graph by key (each with the first label given)."""
        return {key: end for key, end in self._refs.items() if isinstance(end, ExternalConcept)}

    def _placeholder(self, key: str, end: MappingEnd) -> None:
        self._node_fw[key] = _end_framework_key(end)
        self._refs[key] = end
        if isinstance(end, Ref):
            self._known(end)

    def add_crosswalk(self, crosswalk: Crosswalk) -> None:
        """Add a crosswalk's mappings (its items need not all be in the graph)."""
        require(crosswalk, Crosswalk, "crosswalk")
        with paused_gc():
            self._add_crosswalk(crosswalk)

    def _add_crosswalk(self, crosswalk: Crosswalk) -> None:
        cw_key = str(crosswalk.ref)
        known = self._crosswalks.get(cw_key)
        if known is not None:
            if known == crosswalk:
                return
            raise ModelError(f"the graph already holds a different crosswalk {cw_key}")
        self._crosswalks[cw_key] = crosswalk
        self._reach.clear()
        for concept in crosswalk.external_concepts():
            seen = self._refs.get(concept.id)
            if seen is None or (end_label(seen) is None and concept.label is not None):
                self._placeholder(concept.id, concept)  # the first label given is kept
        self._unindexed.append((crosswalk, cw_key))
        if self._nx is not None:
            networkx_view.add_crosswalk(self._nx, crosswalk, self._concepts())

    @property
    def _index(self) -> MappingIndex:
        return self._indexed()

    def _indexed(self) -> MappingIndex:
        """The mapping index, with every crosswalk added so far in it."""
        if self._unindexed:
            with paused_gc():
                for crosswalk, cw_key in self._unindexed:
                    self._mapping_index.add_crosswalk(crosswalk, cw_key, self._placeholder)
                self._unindexed.clear()
        return self._mapping_index

    # -- the networkx view ----------------------------------------------------------------
    @property
    def graph(self) -> Any:
        """The networkx ``MultiDiGraph`` of everything added (see the module docstring)."""
        if self._nx is None:
            g: nx.MultiDiGraph[str] = nx.MultiDiGraph()
            with paused_gc():
                for fw_key, framework in self._frameworks.items():
                    networkx_view.add_framework(g, framework, self._items[fw_key])
                for crosswalk in self._crosswalks.values():
                    networkx_view.add_crosswalk(g, crosswalk, self._concepts())
            self._nx = g
        return self._nx

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
        return tuple(self._index.mapping(index) for index in range(len(self._index.asserted)))

    def negations(self) -> tuple[Mapping, ...]:
        """Every negated mapping (each once)."""
        return tuple({id(m): m for m in self._index.negations.values()}.values())

    def framework(self, ref: Ref | str | Framework) -> Framework:
        """A framework of the graph; without a version, the newest one."""
        key = self._framework_keys(ref, loaded_only=True)
        return self._frameworks[key[-1]]

    def item(self, ref: MappingEnd | str | Item) -> Item | None:
        """The item a reference names, or ``None`` if its framework is not in the graph
        (or it names an external concept)."""
        return self._item(self._key(ref))

    def _item(self, key: str) -> Item | None:
        fw_key = self._node_fw.get(key)
        framework = None if fw_key is None else self._frameworks.get(fw_key)
        if fw_key is None or framework is None:
            return None
        return framework.get(key[len(fw_key) + 1 :])

    # -- resolving references ----------------------------------------------------------------
    def _framework_keys(
        self, ref: Ref | str | Framework, *, loaded_only: bool = False
    ) -> list[str]:
        """The framework keys a reference matches, oldest first (all versions if none given)."""
        self._indexed()  # the frameworks that crosswalks name become known
        ref = ref.ref if isinstance(ref, Framework) else as_ref(ref)
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
        hint = did_you_mean(str(ref.framework_ref), names) or did_you_mean(
            ref.framework, self._versions
        )
        raise NotFoundError(
            f"the graph has no framework {ref.framework_ref}{hint}; "
            f"it has: {', '.join(names) or 'none'}"
        )

    def _key(self, ref: MappingEnd | str | Item) -> str:
        """The node key of an item reference (or of an item of one of the graph's
        frameworks; without a version, the newest framework's), or of an external concept
        a crosswalk of the graph names."""
        self._indexed()  # the items that crosswalks name become known
        if isinstance(ref, ExternalConcept):
            if self._node_fw.get(ref.id) != EXTERNAL:
                raise NotFoundError(f"no crosswalk of the graph names the external concept {ref}")
            return ref.id
        parsed = self._ref_of_item(ref) if isinstance(ref, Item) else as_ref(ref)
        if parsed.item is None:
            raise RefError(f"{parsed} names a framework, not an item; add ':ITEM'")
        fw_key = self._framework_keys(parsed)[-1]
        key = f"{fw_key}:{parsed.item}"
        if key not in self._node_fw:
            framework = self._frameworks.get(fw_key)
            choices = [i.id for i in framework.walk()] if framework is not None else []
            raise NotFoundError(
                f"{fw_key} has no item {parsed.item!r}{did_you_mean(parsed.item, choices)}"
            )
        return key

    def _ref_of_item(self, item: Item) -> Ref:
        """The reference of an item of one of the graph's frameworks.

        An :class:`Item` does not know its framework: it is looked for in the graph's
        frameworks, the very object first, then an equal one if only one framework has it.
        """
        held = [fw for fw in self._frameworks.values() if fw.get(item.id) is item]
        if not held:
            held = [fw for fw in self._frameworks.values() if fw.get(item.id) == item]
        if len(held) == 1:
            return held[0].ref_of(item)
        where = (
            "none of the graph's frameworks holds it"
            if not held
            else (
                "several of the graph's frameworks hold it: "
                + ", ".join(str(fw.ref) for fw in held)
            )
        )
        raise NotFoundError(
            f"cannot tell which framework the item {item.id!r} is of ({where}); "
            "pass its reference, framework.ref_of(item)"
        )

    def _hops(self, max_hops: int | None) -> int:
        hops = self.max_hops if max_hops is None else max_hops
        if hops < 1:
            raise ValueError(f"max_hops must be at least 1, got {hops}")
        return hops

    # -- queries -------------------------------------------------------------------------------
    def counterparts(
        self,
        ref: MappingEnd | str | Item,
        framework: Ref | str | Framework | None = None,
        relations: Iterable[Relation | str] | None = None,
        inferred: bool = True,
        *,
        max_hops: int | None = None,
    ) -> list[Counterpart]:
        """The items that correspond to ``ref``, strongest relation first, then most confident.

        ``ref`` is an item's reference, an item of one of the graph's frameworks, or an
        external concept a crosswalk names. Answers include external concepts
        (:attr:`Counterpart.external <cecompetency.graph.answers.Counterpart.external>`)
        unless ``framework`` is given: ``framework`` (``id`` or ``id@version``) keeps
        answers in that framework;
        ``relations`` keeps answers of those relations. With ``inferred=False`` only
        mappings asserted from ``ref`` are returned; otherwise also their inverses and
        the chains of at most ``max_hops`` mappings (default: the graph's ``max_hops``;
        ``max_hops=1`` adds inverses only).
        """
        start = self._key(ref)
        targets = None if framework is None else set(self._framework_keys(framework))
        wanted = None if relations is None else {relation_code(Relation(r)) for r in relations}
        node_fw = self._node_fw

        def keep(node: str, relation: int) -> bool:
            return (targets is None or node_fw[node] in targets) and (
                wanted is None or relation in wanted
            )

        hops = self._hops(max_hops) if inferred else None
        refs = self._refs
        answers = [
            Counterpart(mapping, self._item(nb), path, end_external(refs.get(nb)))
            for nb, mapping, path in self._index.claims(start, keep, hops)
        ]
        answers.sort(
            key=lambda c: (
                -c.relation.strength,
                -confidence_rank(c.confidence),
                c.inferred,
                c.hops,
                str(c.ref),
            )
        )
        return answers

    def _mapped(self, fw_key: str, goal: str, hops: int) -> bytearray:
        """Which of a framework's items (by position) have a counterpart in ``goal``."""
        keys = self._items[fw_key]
        table = self._reach.get(fw_key)
        if table is None:
            table = self._reach[fw_key] = (*self._index.reach(keys), {})
        reach, chains, by_goal = table
        direct = by_goal.get(goal)
        if direct is None:
            direct = by_goal[goal] = self._index.direct_to(reach, goal)
        return self._index.mapped(fw_key, keys, bytearray(direct), chains, goal, hops)

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
        src_key, tgt_key = str(src.ref), str(tgt.ref)
        mapped = self._mapped(src_key, tgt_key, hops)
        reverse = self._mapped(tgt_key, src_key, hops)
        src_ids = self._item_ids[src_key]
        mapped_ids = frozenset(itertools.compress(src_ids, mapped))
        covered = _roll_up(mapped, self._parent_pos[src_key])
        return CoverageReport(
            source=src,
            target=tgt,
            mapped=mapped_ids,
            # Mostly, mapped items' parents are mapped too: then the set is the same one.
            covered=mapped_ids
            if covered == mapped
            else frozenset(itertools.compress(src_ids, covered)),
            target_covered=frozenset(
                itertools.compress(
                    self._item_ids[tgt_key], _roll_up(reverse, self._parent_pos[tgt_key])
                )
            ),
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
        pairs: dict[tuple[str, str], tuple[MappingEnd, MappingEnd]] = {}
        for m in mappings:
            if m.negated:
                continue
            s_fw, o_fw = _end_framework_key(m.subject), _end_framework_key(m.object)
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
        ref = as_ref(target)
        for listed in reversed(sorted(cw.frameworks, key=lambda r: version_key(r.version or ""))):
            if listed.framework == ref.framework and ref.version in (None, listed.version):
                return _framework_key(listed)
        names = ", ".join(str(r) for r in cw.frameworks)
        raise NotFoundError(f"crosswalk {cw.ref} does not name {ref}; it names {names}")

    def conflicts(self, *, max_hops: int | None = None) -> list[Conflict]:
        """Claims about the same pair of items that cannot both stand, across all crosswalks.

        Contradictory relations (as :func:`~cecompetency.model.relations.contradicts` says),
        whether asserted or inferred, and claims that a negated mapping denies. Each pair
        is reported once, read from the item whose key sorts first.
        """
        return self._index.conflicts(self._hops(max_hops))

    # -- paths ----------------------------------------------------------------------------------
    def _neighbours(self, node: str) -> Iterator[tuple[str, str, int]]:
        """(next item, step kind, mapping index or -1) for explain's walk."""
        for nb, _relation, index, _backwards in self._index.adj_any.get(node, ()):
            yield nb, "mapping", index
        parent = self._parent.get(node)
        if parent is not None:
            yield parent, "child_of", -1
        for child in self._children.get(node, ()):
            yield child, "parent_of", -1

    def explain(
        self,
        a: MappingEnd | str | Item,
        b: MappingEnd | str | Item,
        *,
        max_hops: int | None = None,
        limit: int = 10,
    ) -> list[MappingPath]:
        """How two items are connected: paths of mappings and tree steps, shortest first.

        ``a`` and ``b`` are references, or items of the graph's frameworks.
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
        paths: list[MappingPath] = []
        budget = [200_000]  # steps the enumeration may take, so it always ends quickly

        def walk(node: str, left: int, visited: list[str], steps: list[Step]) -> None:
            if len(paths) >= limit or budget[0] <= 0:
                return
            if node == goal:
                if left == 0:
                    paths.append(MappingPath(tuple(steps)))
                return
            for nb, kind, index in self._neighbours(node):
                budget[0] -= 1
                if nb in visited or distance.get(nb, hops + 1) > left - 1:
                    continue
                mapping = self._index.mapping(index) if index >= 0 else None
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


def _roll_up(mapped: bytearray, parents: list[int]) -> bytearray:
    """Coverage rolls up the tree: ``mapped`` (1 at the positions of a framework's mapped
    items, in document order) with every ancestor of a mapped item set too; ``parents[i]``
    is the position of item ``i``'s parent, -1 at the top level.

    Each item is climbed from at most once: the climb stops at an item already covered,
    whose ancestors are covered or are being covered by its own climb.
    """
    covered = bytearray(mapped)
    for at in itertools.compress(range(len(mapped)), mapped):
        up = parents[at]
        while up >= 0 and not covered[up]:
            covered[up] = 1
            up = parents[up]
    return covered
