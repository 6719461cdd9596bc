"""CTDL-ASN JSON-LD export: the framework, its competencies, the tree and alignments."""

from __future__ import annotations

import json

from hypothesis import given, settings
from interop_samples import alliance_crosswalk
from strategies import frameworks

from cecompetency.formats.ctdl import CONTEXT, ctdl_graph, framework_to_ctdl
from cecompetency.model import Framework

BASE = "https://w3id.org/cecompetency/alliance/2008"


def _nodes(alliance: Framework) -> dict[str, dict[str, object]]:
    data = ctdl_graph(alliance, mappings=alliance_crosswalk(alliance).mappings)
    assert data["@context"] == CONTEXT
    return {node["@id"]: node for node in data["@graph"]}


def test_framework_node(alliance: Framework) -> None:
    node = _nodes(alliance)[BASE]
    assert node["@type"] == "ceasn:CompetencyFramework"
    assert node["ceasn:name"] == {"en": alliance.title}
    assert node["ceasn:hasTopChild"] == [f"{BASE}/{i.id}" for i in alliance.items]
    assert node["ceasn:publicationStatusType"].endswith("/Published")  # type: ignore[union-attr]


def test_competency_nodes_and_tree(alliance: Framework) -> None:
    nodes = _nodes(alliance)
    assert sum(n["@type"] == "ceasn:Competency" for n in nodes.values()) == len(alliance)
    area, item = nodes[f"{BASE}/2"], nodes[f"{BASE}/2.10"]
    assert area["ceasn:isTopChildOf"] == BASE and "ceasn:isChildOf" not in area
    assert area["ceasn:competencyLabel"] == {"en": "Educational interventions"}
    assert item["ceasn:competencyText"] == {"en": alliance["2.10"].statement}
    assert item["ceasn:codedNotation"] == "2.10"
    assert item["ceasn:isChildOf"] == [f"{BASE}/2"] and item["ceasn:isPartOf"] == BASE
    assert f"{BASE}/2.10" in area["ceasn:hasChild"]  # type: ignore[operator]


def test_alignments(alliance: Framework) -> None:
    nodes = _nodes(alliance)
    other = "https://w3id.org/cecompetency/other/1.0"
    assert nodes[f"{BASE}/1.1"]["ceasn:exactAlignment"] == [f"{other}/a"]
    assert nodes[f"{BASE}/2.10"]["ceasn:narrowAlignment"] == [f"{other}/b%2Fc"]
    assert nodes[f"{BASE}/4.1"]["ceasn:broadAlignment"] == [f"{other}/e"]
    assert nodes[f"{BASE}/5"]["ceasn:majorAlignment"] == [f"{other}/f"]
    # The negated mapping says the relation does not hold: CTDL-ASN cannot say that.
    assert not any(k.endswith("Alignment") for k in nodes[f"{BASE}/3"])


@settings(max_examples=25, deadline=None)
@given(frameworks())
def test_export_is_deterministic_json(framework: Framework) -> None:
    text = framework_to_ctdl(framework)
    assert text == framework_to_ctdl(framework)
    graph = json.loads(text)["@graph"]
    assert len(graph) == len(framework) + 1
    for node in graph:
        assert list(node) == sorted(node)
