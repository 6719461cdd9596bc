"""GraphML and node-link JSON of the cross-map graph; SKOS Turtle of a framework."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from interop_samples import alliance_crosswalk

from cecompetency.formats.graphml import graph_to_graphml, graph_to_node_link
from cecompetency.formats.skos import framework_to_skos, turtle_literal
from cecompetency.graph import CompetencyGraph
from cecompetency.model.framework import Framework


@pytest.fixture
def graph(alliance: Framework) -> CompetencyGraph:
    return CompetencyGraph([alliance], [alliance_crosswalk(alliance)])


def test_graphml_reads_back_with_scalar_attributes(
    graph: CompetencyGraph, alliance: Framework
) -> None:
    text = graph_to_graphml(graph)
    assert text == graph_to_graphml(graph)
    back = nx.read_graphml(io.BytesIO(text.encode()), force_multigraph=True)
    original = graph.graph
    assert back.number_of_nodes() == original.number_of_nodes()
    assert back.number_of_edges() == original.number_of_edges()
    node = back.nodes["alliance@2008:2.10"]
    assert node["kind"] == "competency" and node["depth"] == 1
    mappings = [d for _, _, d in back.edges(data=True) if d.get("kind") == "mapping"]
    # Counted from the inputs, not from the graph under test: one edge per mapping, one
    # child_of edge per item, one node per item.
    crosswalk = alliance_crosswalk(alliance)
    assert len(mappings) == len(crosswalk.mappings)
    assert sorted((d["relation"], d["negated"]) for d in mappings) == sorted(
        (m.relation.value, m.negated) for m in crosswalk.mappings
    )
    items = [str(alliance.ref_of(item)) for item in alliance.walk()]
    assert sum(1 for _, _, d in back.edges(data=True) if d.get("kind") == "child_of") == len(items)
    assert set(items) <= set(back.nodes)
    assert {d["relation"] for d in mappings} >= {"exact", "narrow"}
    assert all(
        isinstance(v, str | int | float | bool)
        for _, _, d in back.edges(data=True)
        for v in d.values()
    )


def test_node_link_json(graph: CompetencyGraph) -> None:
    data = json.loads(graph_to_node_link(graph))
    assert len(data["nodes"]) == graph.graph.number_of_nodes()
    assert len(data["edges"]) == graph.graph.number_of_edges()
    assert all("mapping" not in edge for edge in data["edges"])


def test_turtle_literals_are_escaped() -> None:
    assert turtle_literal('a "b"\\\n\t\x01', "en") == '"a \\"b\\"\\\\\\n\\t\\u0001"@en'


def test_skos_turtle_parses(alliance: Framework) -> None:
    text = framework_to_skos(alliance, mappings=alliance_crosswalk(alliance).mappings)
    assert "skos:exactMatch <https://w3id.org/cecompetency/other/1.0/a>" in text
    rdflib = pytest.importorskip("rdflib")
    parsed = rdflib.Graph().parse(data=text, format="turtle")
    skos = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
    concepts = set(parsed.subjects(rdflib.RDF.type, skos.Concept))
    assert len(concepts) == len(alliance)
