"""The networkx view is built straight into networkx's adjacency dicts, with attributes
read from the model until changed: it must be the graph networkx's own API would build,
and its attributes must behave as dicts do."""

from __future__ import annotations

import copy
import json
import pickle
from typing import Any

import networkx as nx
import pytest
from samples import make_framework

from cecompetency.graph import CompetencyGraph
from cecompetency.graph.networkx_view import Attributes
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.external import ExternalConcept

ALPHA = make_framework("alpha", "1", {"1": ["1.1", "1.2"], "2": ["2.1"]})
BETA = make_framework("beta", "2", {"A": ["A.1", "A.2"], "B": []})
HUB = make_framework("hub", "1", {"H1": ["H1.a"]})
MAPPINGS = Crosswalk(
    "ab",
    "1",
    "Alpha to beta",
    frameworks=["alpha@1", "beta@2", "hub@1"],
    mappings=[
        Mapping("alpha@1:1.1", "exact", "beta@2:A.1", confidence=0.9),
        Mapping("alpha@1:1.1", "close", "beta@2:A.1", confidence=0.4),  # a second edge
        Mapping("alpha@1:2", "broad", "hub@1:H1.a"),  # hub is not in the graph yet
        Mapping("beta@2:A.2", "exact", ExternalConcept("ESCO:s1", "Plan")),
        Mapping("alpha@1:1.2", "related", "beta@2:B", negated=True),
    ],
    prefixes={"ESCO": "http://data.europa.eu/esco/skill/"},
)


def view() -> Any:
    return CompetencyGraph([ALPHA, BETA], [MAPPINGS]).graph


def rebuilt(g: Any) -> Any:
    """The same graph made through networkx's public API, with plain dict attributes."""
    h: Any = nx.MultiDiGraph()
    h.add_nodes_from((n, dict(d)) for n, d in g.nodes(data=True))
    h.add_edges_from((u, v, k, dict(d)) for u, v, k, d in g.edges(keys=True, data=True))
    return h


def test_the_view_is_the_graph_networkx_would_build() -> None:
    g = view()
    h = rebuilt(g)
    assert list(g.nodes(data=True)) == list(h.nodes(data=True))
    assert list(g.edges(keys=True, data=True)) == list(h.edges(keys=True, data=True))
    for node in g:
        assert set(g.pred[node]) == set(h.pred[node])
        assert sorted(g.in_edges(node, keys=True)) == sorted(h.in_edges(node, keys=True))
        for other, keys in g._succ[node].items():
            assert g._pred[other][node] is keys  # one key dict, seen from both ends
    assert g.number_of_edges() == h.number_of_edges() == 5 + 4 + 5  # child_of, child_of, mappings
    assert nx.number_weakly_connected_components(g) == nx.number_weakly_connected_components(h)
    assert g.edges["alpha@1:1.1", "beta@2:A.1", "ab@1#1"]["relation"] == "close"
    assert g.nodes["hub@1:H1.a"] == {
        "type": "item",
        "framework": "hub",
        "version": "1",
        "item": "H1.a",
        "loaded": False,
    }


def test_nodes_and_edges_share_the_key_strings() -> None:
    g = view()
    nodes = {id(n) for n in g}
    for u, v in g.edges():
        assert id(u) in nodes and id(v) in nodes
    for u, nbrs in g.succ.items():
        assert all(id(v) in nodes for v in nbrs)
        assert all(id(w) in nodes for w in g.pred[u])


def test_attributes_behave_as_dicts() -> None:
    g = view()
    node = g.nodes["alpha@1:1.1"]
    edge = g.edges["alpha@1:1.1", "beta@2:A.1", "ab@1#0"]
    other = g.edges["alpha@1:1.1", "beta@2:A.1", "ab@1#1"]
    assert isinstance(node, Attributes) and isinstance(edge, Attributes)
    assert node["depth"] == 1 and node["area"] == "1" and node["label"] == "Do 1.1"
    assert len(node) == 11 and "statement" in node and "weight" not in node
    assert node.get("weight", 1) == 1
    with pytest.raises(KeyError):
        node["weight"]
    plain = node.copy()
    assert type(plain) is dict and plain == node and node == plain
    assert json.loads(json.dumps(plain)) == plain
    assert repr(node) == repr(plain)
    assert edge["mapping"] is MAPPINGS.mappings[0] and edge["source"] == "ab@1"
    # A change is the node's or edge's own, as with dicts.
    edge["weight"] = 2.5
    edge["relation"] = "close"
    assert edge["weight"] == 2.5 and edge["relation"] == "close" and "weight" not in other
    assert other["relation"] == "close" and other["confidence"] == 0.4
    del edge["mapping"]
    assert "mapping" not in edge and list(edge)[-1] == "weight"
    assert MAPPINGS.mappings[0].relation.value == "exact"  # the model is untouched
    g.add_node("alpha@1:1.1", colour="red")
    assert node["colour"] == "red" and node["kind"] == "competency"
    nx.set_edge_attributes(g, 1.0, "weight")
    assert all(d["weight"] == 1.0 for _, _, d in g.edges(data=True))


def test_copies_and_pickles_hold_the_same_attributes() -> None:
    g = view()
    assert list(g.copy().edges(keys=True, data=True)) == list(g.edges(keys=True, data=True))
    # (A mapping edge's 'mapping' value cannot be deep-copied or pickled: the model's
    # Mapping holds a read-only dict. Item nodes and child_of edges can.)
    g = CompetencyGraph([ALPHA, BETA]).graph
    for other in (copy.deepcopy(g), pickle.loads(pickle.dumps(g)), g.to_undirected()):
        assert dict(other.nodes["beta@2:A.2"]) == dict(g.nodes["beta@2:A.2"])
        assert type(other.nodes["beta@2:A.2"]) is dict
    deep = copy.deepcopy(g)
    deep.nodes["beta@2:A.2"]["title"] = "changed"
    assert g.nodes["beta@2:A.2"]["title"] is None


def test_the_view_follows_later_additions_and_drops_cached_results() -> None:
    graph = CompetencyGraph([ALPHA, BETA], [MAPPINGS])
    g = graph.graph
    cache = getattr(g, "__networkx_cache__", None)
    if cache is not None:
        cache["stale"] = True
    graph.add_framework(HUB)
    assert g.nodes["hub@1:H1.a"]["loaded"] is True and g.nodes["hub@1:H1.a"]["depth"] == 1
    assert g.has_edge("hub@1:H1.a", "hub@1:H1", "child_of")
    assert not getattr(g, "__networkx_cache__", {})
    assert list(g.nodes(data=True)) == list(rebuilt(g).nodes(data=True))


def test_the_index_waits_for_the_first_query() -> None:
    graph = CompetencyGraph([ALPHA, BETA], [MAPPINGS])
    assert graph.graph.number_of_nodes() > 0
    assert graph._unindexed  # the view alone does not need it
    assert [str(c.ref) for c in graph.counterparts("alpha@1:1.1", inferred=False)] == [
        "beta@2:A.1",
        "beta@2:A.1",
    ]
    assert not graph._unindexed
    assert graph.item("hub@1:H1.a") is None  # named by the crosswalk, not loaded
    assert repr(graph) == "CompetencyGraph(2 frameworks, 1 crosswalk, 4 mappings, 1 negated)"
