"""The cross-map graph as GraphML (for Gephi, yEd, Cytoscape) and as node-link JSON.

Both carry :attr:`cecompetency.graph.CompetencyGraph.graph` (a networkx
``MultiDiGraph``; its node and edge attributes are described in
:mod:`cecompetency.graph.competency_graph`).
GraphML holds scalar attributes only, so each value is flattened deterministically:
text, whole numbers, numbers and booleans stay as they are (``score`` and
``confidence`` are always numbers with a fraction, so a key keeps one GraphML type),
``None`` is left out, enumerations become their value, lists and mappings become compact
JSON text with sorted keys, and the ``mapping`` object on mapping edges is left out (its
fields are already attributes of the edge). Nodes are written sorted by key and edges by
(source, target, key), so the same graph always gives the same bytes.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Iterable
from typing import Any

import networkx as nx

from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.framework import Framework

__all__ = [
    "flat_graph",
    "framework_to_graphml",
    "graph_to_graphml",
    "graph_to_node_link",
]

_FLOATS = {"score", "confidence"}


def _flat(name: str, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, enum.Enum):
        value = value.value
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value) if name in _FLOATS else value
    if isinstance(value, list | tuple | dict):
        return json.dumps(
            value, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str
        )
    return None  # model objects: their fields are attributes already


def _attributes(data: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for name in sorted(data):
        value = _flat(name, data[name])
        if value is not None:
            out[name] = value
    return out


def flat_graph(graph: Any) -> Any:
    """A copy of a networkx multigraph with scalar attributes only, canonically ordered."""
    flat: nx.MultiDiGraph[str] = nx.MultiDiGraph()
    for node in sorted(graph.nodes, key=str):
        flat.add_node(str(node), **_attributes(graph.nodes[node]))
    edges = sorted(
        graph.edges(keys=True, data=True), key=lambda e: (str(e[0]), str(e[1]), str(e[2]))
    )
    for source, target, key, data in edges:
        flat.add_edge(str(source), str(target), key=str(key), **_attributes(data))
    return flat


def _graph_of(graph: Any) -> Any:
    return graph.graph if hasattr(graph, "graph") and not isinstance(graph, nx.Graph) else graph


def graph_to_graphml(graph: Any) -> str:
    """GraphML text of a :class:`~cecompetency.graph.CompetencyGraph` (or a networkx graph)."""
    return "\n".join(nx.generate_graphml(flat_graph(_graph_of(graph)), prettyprint=True)) + "\n"


def graph_to_node_link(graph: Any) -> str:
    """Node-link JSON (networkx's ``node_link_data``, edges under ``edges``) of the graph."""
    data = nx.node_link_data(flat_graph(_graph_of(graph)), edges="edges")
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def framework_to_graphml(framework: Framework, *, crosswalks: Iterable[Crosswalk] = ()) -> str:
    """GraphML of the graph of one framework and, optionally, crosswalks from it."""
    from cecompetency.graph import CompetencyGraph

    return graph_to_graphml(CompetencyGraph([framework], list(crosswalks)))
