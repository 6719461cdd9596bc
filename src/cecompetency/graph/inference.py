"""How the graph infers mappings: asserted mappings as adjacency lists, and the bounded
chain search over them. The engine of :mod:`cecompetency.graph.competency_graph`.

Private: :class:`~cecompetency.graph.CompetencyGraph` is the way in, and the rules applied
here (inverses, composition, negations, confidence of a chain) are stated in the
:mod:`cecompetency.graph.competency_graph` module documentation. :class:`MappingIndex` holds
every asserted mapping of the graph's crosswalks, read both ways, and every negation;
:meth:`MappingIndex.search` walks them breadth first, at most ``max_hops`` mappings deep,
and the other methods turn what it finds into mappings, counterparts, coverage and
conflicts.

Nothing here knows the item trees: the graph shares with the index its table of which
framework each item is in, and its cache of the items' :class:`~cecompetency.model.refs.Ref`.
An external concept is a node like an item, in no framework: its framework key is
:data:`EXTERNAL`, which no framework key can equal, and chains pass through it as through
an item of a framework that is not loaded.
"""

from __future__ import annotations

import itertools
import operator
from collections import defaultdict
from collections.abc import Callable, Iterator
from collections.abc import Set as AbstractSet

import attrs

from cecompetency.graph.answers import Conflict, ConflictKind
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation, compose, contradicts

__all__ = ["EXTERNAL", "MappingIndex", "confidence_rank", "relation_code"]

# The "framework key" of an external concept: a framework key is framework@version, and
# neither part may hold '#'.
EXTERNAL = "#external"

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


def relation_code(relation: Relation) -> int:
    """The small int that stands for ``relation`` inside the index."""
    return _CODE[id(relation)]


def confidence_rank(confidence: float | None) -> float:
    """A confidence as a sort key: unknown (``None``) ranks below every number."""
    return -1.0 if confidence is None else confidence


class MappingIndex:
    """The asserted and negated mappings of a graph, indexed for the chain search.

    ``node_fw`` (item key -> framework key) and ``refs`` (item key -> its
    :class:`~cecompetency.model.refs.Ref`, made when first needed) are the graph's own tables,
    shared: the graph fills ``node_fw`` as frameworks come, and :meth:`add_crosswalk` has
    it fill both for items no framework brought (through ``placeholder``).
    """

    def __init__(self, node_fw: dict[str, str], refs: dict[str, MappingEnd]) -> None:
        self.node_fw = node_fw
        self.refs = refs
        # Asserted, non-negated mappings, with the crosswalk each came from.
        self.asserted: list[Mapping] = []
        self.sources: list[str] = []
        self.confidence: list[float | None] = []
        # Lookups use .get(), so these never grow by being read.
        self.adj_any: defaultdict[str, list[_Edge]] = defaultdict(list)
        self.adj_chain: defaultdict[str, list[_Edge]] = defaultdict(list)  # exact, broad, narrow
        self.adj_exact: defaultdict[str, list[_Edge]] = defaultdict(list)
        # Frameworks each item reaches by one asserted mapping, read either way.
        self.direct: defaultdict[str, set[str]] = defaultdict(set)
        # (subject, relation, object) -> the negated mapping, in both readings.
        self.negations: dict[tuple[str, int, str], Mapping] = {}
        self.negated_items: set[str] = set()

    # -- building -----------------------------------------------------------------------------
    def add_crosswalk(
        self, crosswalk: Crosswalk, cw_key: str, placeholder: Callable[[str, MappingEnd], None]
    ) -> None:
        """Index a crosswalk's mappings; ``placeholder`` registers an item no framework
        brought, or an external concept (its key and its end), before the index uses it."""
        node_fw = self.node_fw
        adj_any, adj_chain, adj_exact = self.adj_any, self.adj_chain, self.adj_exact
        direct = self.direct
        texts: dict[int, str] = {}  # the text of each Ref object (loaded crosswalks share them)
        for mapping in crosswalk.mappings:
            s = texts.get(id(mapping.subject))
            if s is None:
                s = texts[id(mapping.subject)] = str(mapping.subject)
            o = texts.get(id(mapping.object))
            if o is None:
                o = texts[id(mapping.object)] = str(mapping.object)
            if s not in node_fw:  # an item of a framework not (yet) in the graph
                placeholder(s, mapping.subject)
            if o not in node_fw:
                placeholder(o, mapping.object)
            relation = _CODE[id(mapping.relation)]
            if mapping.negated:
                if mapping.source is None:  # negations are few: name their source now
                    mapping = attrs.evolve(mapping, source=cw_key)
                self.negations.setdefault((s, relation, o), mapping)
                self.negations.setdefault((o, _INVERSE[relation], s), mapping)
                self.negated_items.update((s, o))
                continue
            direct[s].add(node_fw[o])
            direct[o].add(node_fw[s])
            at = len(self.asserted)
            self.asserted.append(mapping)
            self.sources.append(mapping.source or cw_key)
            self.confidence.append(mapping.confidence)
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

    def ref(self, key: str) -> MappingEnd:
        """The Ref of an item key (made once; most are never needed), or the external
        concept of its key."""
        ref = self.refs.get(key)
        if ref is None:
            fw_key = self.node_fw[key]
            framework_id, version = fw_key.split("@", 1)
            ref = self.refs[key] = Ref(framework_id, version, key[len(fw_key) + 1 :])
        return ref

    def mapping(self, index: int) -> Mapping:
        """An asserted mapping with its ``source`` filled in (done once, when first asked)."""
        mapping = self.asserted[index]
        if mapping.source is None:
            mapping = attrs.evolve(mapping, source=self.sources[index])
            self.asserted[index] = mapping
        return mapping

    # -- the search ----------------------------------------------------------------------------
    def search(
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
        negations = self.negations
        confidence = self.confidence
        node_fw = self.node_fw
        frontier: list[tuple[str, int]] = []
        for nb, relation, index, backwards in self.adj_any.get(start, ()):
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
            elif confidence_rank(state[2]) > confidence_rank(old[2]):
                found[key] = state
        hops = 1
        while frontier and hops < max_hops:
            hops += 1
            fresh: set[tuple[str, int]] = set()
            next_frontier: list[tuple[str, int]] = []
            for key in frontier:
                node, relation = key
                if relation == _EXACT:
                    adjacency = self.adj_chain.get(node, ())
                elif relation in _CHAINABLE:
                    # After broad or narrow, compose() admits exact steps only.
                    adjacency = self.adj_exact.get(node, ())
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
                    elif confidence_rank(new_conf) > confidence_rank(old[2]):
                        found[new_key] = state
            frontier = next_frontier
        return found, False

    def claim(self, start: str, node: str, relation: int, state: _State) -> Mapping:
        """The mapping a search state stands for: the asserted one, or a new inferred one."""
        _nodes, steps, conf = state
        if len(steps) == 1 and not steps[0][1]:
            return self.mapping(steps[0][0])
        chain = tuple(self.mapping(index) for index, _ in steps)
        return Mapping(
            subject=self.ref(start),
            relation=_RELATIONS[relation],
            object=self.ref(node),
            confidence=conf,
            justification=Justification.INVERSION if len(steps) == 1 else Justification.CHAINING,
            chain=chain,
        )

    # -- what the queries ask -----------------------------------------------------------------
    def claims(
        self, start: str, keep: Callable[[str, int], bool], max_hops: int | None
    ) -> Iterator[tuple[str, Mapping, tuple[str, ...]]]:
        """(item, mapping, items visited) for each claim from ``start`` that ``keep`` accepts:
        those asserted from ``start`` first, then, when ``max_hops`` is given, the inverses
        and chains the search finds (a claim also asserted is not repeated)."""
        stated: set[tuple[str, int]] = set()
        for nb, relation, index, backwards in self.adj_any.get(start, ()):
            if backwards or nb == start:
                continue
            stated.add((nb, relation))
            if keep(nb, relation):
                yield nb, self.mapping(index), (start, nb)
        if max_hops is not None:
            found, _ = self.search(start, max_hops)
            for (nb, relation), state in found.items():
                if (nb, relation) in stated or not keep(nb, relation):
                    continue
                yield nb, self.claim(start, nb, relation, state), state[0]

    def reach(self, keys: list[str]) -> tuple[list[AbstractSet[str]], bytearray]:
        """For each of ``keys``: the frameworks it reaches by one asserted mapping, read
        either way, and whether a chain can start from it."""
        nowhere: frozenset[str] = frozenset()
        return (
            list(map(self.direct.get, keys, itertools.repeat(nowhere))),
            bytearray(map(self.adj_chain.__contains__, keys)),
        )

    @staticmethod
    def direct_to(reach: list[AbstractSet[str]], goal: str) -> bytearray:
        """1 where ``reach`` (of :meth:`reach`) holds ``goal``, else 0."""
        return bytearray(map(operator.contains, reach, itertools.repeat(goal)))

    def mapped(
        self,
        fw_key: str,
        keys: list[str],
        mapped: bytearray,
        chains: bytearray,
        goal: str,
        hops: int,
    ) -> bytearray:
        """Which of a framework's items have a counterpart in framework ``goal``: 1 at
        their positions in ``keys``. ``mapped`` is :meth:`direct_to` (one mapping away, the
        usual case), changed in place and returned; ``chains`` is from :meth:`reach`.
        """
        node_fw = self.node_fw
        denied = [
            key for key in self.negated_items if node_fw.get(key) == fw_key
        ]  # a negation may deny the inverse reading
        if denied:
            position = {key: at for at, key in enumerate(keys)}
            for key in denied:
                at = position[key]
                if mapped[at] and not self._direct_counterpart(key, goal):
                    mapped[at] = 0
        if hops > 1:
            # Items that start a chain and have no counterpart one mapping away.
            for at in itertools.compress(range(len(keys)), map(operator.gt, chains, mapped)):
                if self.search(keys[at], hops, goal=goal)[1]:
                    mapped[at] = 1
        return mapped

    def _direct_counterpart(self, key: str, goal: str) -> bool:
        node_fw, negations = self.node_fw, self.negations
        return any(
            node_fw[nb] == goal and not (backwards and (key, relation, nb) in negations)
            for nb, relation, _index, backwards in self.adj_any.get(key, ())
        )

    def conflicts(self, hops: int) -> list[Conflict]:
        """Claims about the same pair of items that cannot both stand (see
        :meth:`~cecompetency.graph.CompetencyGraph.conflicts`)."""
        conflicts: list[Conflict] = []
        starts = set(self.adj_any)
        starts.update(s for s, _, _ in self.negations)
        for start in sorted(starts):
            blocked: dict[tuple[str, int], _State] = {}
            found, _ = self.search(start, hops, blocked=blocked)
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
                                self.ref(start),
                                self.ref(nb),
                                self.claim(start, nb, r1, s1),
                                self.claim(start, nb, r2, s2),
                            )
                        )
                for relation, state in options:  # asserted claims a negation denies
                    denial = self.negations.get((start, relation, nb))
                    if denial is not None:
                        conflicts.append(
                            Conflict(
                                ConflictKind.NEGATION,
                                self.ref(start),
                                self.ref(nb),
                                self.claim(start, nb, relation, state),
                                denial,
                            )
                        )
            for (nb, relation), state in sorted(blocked.items(), key=lambda kv: kv[0][0]):
                # An asserted claim that is also denied was reported above, once.
                if nb > start and (nb, relation) not in found:
                    conflicts.append(
                        Conflict(
                            ConflictKind.NEGATION,
                            self.ref(start),
                            self.ref(nb),
                            self.claim(start, nb, relation, state),
                            self.negations[(start, relation, nb)],
                        )
                    )
        # What the crosswalks say outright first, then what only their chains reveal.
        conflicts.sort(key=lambda c: c.inferred)
        return conflicts
