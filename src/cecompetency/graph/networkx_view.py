"""The networkx view of a :class:`~cecompetency.graph.CompetencyGraph`, built lean.

Private: ``CompetencyGraph.graph`` is the way in, and its module documentation lists the
nodes, edges and attributes. Two things keep the view near the cost of a bare
``MultiDiGraph`` with the same nodes and edges:

- The attributes of the many nodes and edges (items, their ``child_of`` edges, mappings)
  are :class:`Attributes` objects: mutable mappings that read their values from the
  frozen model object they describe, and become a plain dict of their own on the first
  change. A dict of eleven attributes per item and eight per mapping cost more memory
  than the rest of the graph. The few other nodes and edges have plain dicts.
- Nodes and edges go straight into the graph's adjacency dicts (the layout networkx
  documents for its graph classes: node -> neighbour -> key -> attributes, the same
  key dict under ``succ[u][v]`` and ``pred[v][u]``), with the node keys the graph
  already made, rather than through ``add_edge``, whose checks cost more than the edge.
  Any cached result networkx holds on the graph is dropped afterwards, as ``add_edge``
  does.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, MutableMapping
from typing import Any

from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.external import ExternalConcept, expand
from cecompetency.model.framework import Framework, Item
from cecompetency.model.levels import MatrixStatus
from cecompetency.model.refs import Ref

__all__ = ["Attributes", "add_crosswalk", "add_framework"]


class Attributes(MutableMapping[str, Any]):
    """The attributes of one node or edge: read from the model until first changed.

    Reads compute each value from the (frozen) object described; a change copies every
    value into a dict of its own, which answers from then on. To networkx and its users
    it behaves as the attribute dict would (``==`` a dict, ``copy()`` gives one).
    """

    __slots__ = ("_own",)
    KEYS: tuple[str, ...] = ()

    def __init__(self) -> None:
        self._own: dict[str, Any] | None = None

    def _value(self, key: str) -> Any:  # pragma: no cover - every subclass has its own
        raise KeyError(key)

    def _dict(self) -> dict[str, Any]:
        own = self._own
        if own is None:
            own = self._own = {key: self._value(key) for key in self.KEYS}
        return own

    def __getitem__(self, key: str) -> Any:
        own = self._own
        if own is not None:
            return own[key]
        return self._value(key)

    def __iter__(self) -> Iterator[str]:
        return iter(self.KEYS if self._own is None else self._own)

    def __len__(self) -> int:
        return len(self.KEYS if self._own is None else self._own)

    def __contains__(self, key: object) -> bool:
        return key in (self.KEYS if self._own is None else self._own)

    def __setitem__(self, key: str, value: Any) -> None:
        self._dict()[key] = value

    def __delitem__(self, key: str) -> None:
        del self._dict()[key]

    def copy(self) -> dict[str, Any]:
        """A plain dict of the attributes (as ``dict.copy``)."""
        return {key: self[key] for key in self}

    def __repr__(self) -> str:
        return repr(self.copy())

    # Copied or pickled, the attributes become the plain dict they stand for.
    def __reduce__(self) -> tuple[type[dict[str, Any]], tuple[dict[str, Any]]]:
        return dict, (self.copy(),)

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, Any]:
        return copy.deepcopy(self.copy(), memo)


class _ChildOf(Attributes):
    __slots__ = ()
    KEYS = ("kind",)

    def _value(self, key: str) -> Any:
        if key == "kind":
            return "child_of"
        raise KeyError(key)


class _ItemNode(Attributes):
    __slots__ = ("_area", "_depth", "_framework", "_item")
    KEYS = (
        "type",
        "framework",
        "version",
        "item",
        "kind",
        "title",
        "statement",
        "label",
        "area",
        "depth",
        "loaded",
    )

    def __init__(self, item: Item, framework: Ref, area: str, depth: int) -> None:
        self._own = None
        self._item = item
        self._framework = framework
        self._area = area
        self._depth = depth

    def _value(self, key: str) -> Any:
        if key == "type":
            return "item"
        if key == "framework":
            return self._framework.framework
        if key == "version":
            return self._framework.version
        if key == "item":
            return self._item.id
        if key == "kind":
            return self._item.kind
        if key == "title":
            return self._item.title
        if key == "statement":
            return self._item.statement
        if key == "label":
            return self._item.label
        if key == "area":
            return self._area
        if key == "depth":
            return self._depth
        if key == "loaded":
            return True
        raise KeyError(key)


class _MappingEdge(Attributes):
    __slots__ = ("_mapping", "_source")
    KEYS = (
        "kind",
        "relation",
        "confidence",
        "justification",
        "negated",
        "source",
        "inferred",
        "mapping",
    )

    def __init__(self, mapping: Mapping, source: str) -> None:
        self._own = None
        self._mapping = mapping
        self._source = source

    def _value(self, key: str) -> Any:
        mapping = self._mapping
        if key == "kind":
            return "mapping"
        if key == "relation":
            return mapping.relation.value
        if key == "confidence":
            return mapping.confidence
        if key == "justification":
            return mapping.justification.value
        if key == "negated":
            return mapping.negated
        if key == "source":
            return mapping.source or self._source
        if key == "inferred":
            return False
        if key == "mapping":
            return mapping
        raise KeyError(key)


def _dropped_caches(g: Any) -> None:
    """Forget what networkx cached about ``g`` (as its own ``add_edge`` does)."""
    cache = getattr(g, "__networkx_cache__", None)
    if cache:
        cache.clear()


def _add_node(g: Any, key: str, attributes: MutableMapping[str, Any]) -> None:
    known = g._node.get(key)
    if known is None:
        g._node[key] = attributes
        g._succ[key] = {}
        g._pred[key] = {}
    else:  # a placeholder of an item named before its framework came: it is filled in
        known.update(attributes)


def add_framework(g: Any, framework: Framework, keys: list[str]) -> None:
    """Put one framework's nodes and structural edges into ``g``.

    ``keys`` are the node keys of its items in document order (made by the graph).
    """
    fw_key = str(framework.ref)
    base = {"framework": framework.id, "version": framework.version}
    g.add_node(
        fw_key, type="framework", title=framework.title, status=framework.status.value, **base
    )
    ref = framework.ref
    succ, pred = g._succ, g._pred
    stack: list[tuple[Item, str, str, int]] = [
        (item, fw_key, item.id, 0) for item in reversed(framework.items)
    ]
    at = 0
    while stack:
        item, up, area, depth = stack.pop()
        key = keys[at]
        at += 1
        _add_node(g, key, _ItemNode(item, ref, area, depth))
        keydict = succ[key].get(up)
        if keydict is None:
            keydict = succ[key][up] = pred[up][key] = {}
        keydict["child_of"] = _ChildOf()
        stack.extend((child, key, area, depth + 1) for child in reversed(item.children))
    _dropped_caches(g)
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


def add_crosswalk(g: Any, crosswalk: Crosswalk, concepts: dict[str, ExternalConcept]) -> None:
    """Put a crosswalk's external concepts and mappings into ``g``.

    ``concepts`` holds the graph's external concepts by key, each with the first label a
    crosswalk gave it.
    """
    cw_key = str(crosswalk.ref)
    for concept in crosswalk.external_concepts():
        label = concepts[concept.id].label
        if concept.id not in g._node:
            g.add_node(
                concept.id,
                type="external",
                concept=concept.id,
                label=label,
                uri=expand(concept.id, crosswalk.prefixes),
            )
        else:  # a later crosswalk may give the label or the URI first
            node = g._node[concept.id]
            node["label"] = label
            if node.get("uri") is None:
                node["uri"] = expand(concept.id, crosswalk.prefixes)
    succ, pred = g._succ, g._pred
    # The node keys the graph holds, so that edges share their strings.
    canonical: dict[str, str] = {key: key for key in g._node}
    texts: dict[int, str] = {}  # the key of each end object (loaded crosswalks share them)
    known = texts.get
    prefix = f"{cw_key}#"
    for index, mapping in enumerate(crosswalk.mappings):
        subject, object_ = mapping.subject, mapping.object
        s = known(id(subject))
        if s is None:
            s = texts[id(subject)] = _end_key(g, subject, canonical)
        o = known(id(object_))
        if o is None:
            o = texts[id(object_)] = _end_key(g, object_, canonical)
        out = succ[s]
        keydict = out.get(o)
        if keydict is None:
            keydict = out[o] = pred[o][s] = {}
        keydict[f"{prefix}{index}"] = _MappingEdge(mapping, cw_key)
    _dropped_caches(g)


def _end_key(g: Any, end: Ref | ExternalConcept, canonical: dict[str, str]) -> str:
    """The node key of a mapping's end; an item no framework of the graph brought gets a
    placeholder node."""
    text = str(end)
    key = canonical.get(text)
    if key is None:
        key = canonical[text] = text
        if isinstance(end, Ref):
            placeholder = {
                "type": "item",
                "framework": end.framework,
                "version": end.version,
                "item": end.item,
                "loaded": False,
            }
            _add_node(g, key, placeholder)
    return key
