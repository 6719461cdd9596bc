"""External concepts in the cross-map graph: nodes, edges, counterparts, and the analyses
of frameworks that leave them out."""

from __future__ import annotations

import pytest
from samples import make_framework

from cecompetency.analysis.comparison import compare
from cecompetency.analysis.merge import merge_crosswalks
from cecompetency.formats.crosswalk_markdown import crosswalk_markdown
from cecompetency.formats.ctdl import framework_to_ctdl
from cecompetency.formats.skos import framework_to_skos
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import CrosswalkError, NotFoundError
from cecompetency.model.external import ExternalConcept
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

ALPHA = make_framework("alpha", "1", {"1": ["1.1", "1.2"], "2": ["2.1"]})
BETA = make_framework("beta", "2", {"A": ["A.1"], "B": ["B.1"]})
ESCO = "http://data.europa.eu/esco/skill/"
SKILL = ExternalConcept("ESCO:s1", "Plan learning")

# alpha and beta are each mapped exactly to one ESCO skill, never to each other.
VIA_ESCO = Crosswalk(
    "via-esco",
    "1",
    "Alpha and beta to ESCO",
    frameworks=["alpha@1", "beta@2"],
    mappings=[
        Mapping("alpha@1:1.1", "exact", SKILL, confidence=0.9),
        Mapping(ExternalConcept("ESCO:s1"), "exact", "beta@2:A.1", confidence=0.5),
        Mapping("alpha@1:2", "related", ExternalConcept("https://example.org/x")),
    ],
    prefixes={"ESCO": ESCO},
)


def graph() -> CompetencyGraph:
    return CompetencyGraph([ALPHA, BETA], [VIA_ESCO])


def test_external_concepts_are_nodes_with_mapping_edges() -> None:
    g = graph().graph
    assert g.nodes["ESCO:s1"] == {
        "type": "external",
        "concept": "ESCO:s1",
        "label": "Plan learning",
        "uri": ESCO + "s1",
    }
    assert g.nodes["https://example.org/x"]["label"] is None
    assert [k for _, _, k in g.edges("alpha@1:1.1", keys=True)] == ["child_of", "via-esco@1#0"]
    assert g.has_edge("ESCO:s1", "beta@2:A.1", "via-esco@1#1")
    assert g.edges["ESCO:s1", "beta@2:A.1", "via-esco@1#1"]["relation"] == "exact"


def test_counterparts_include_external_concepts_typed() -> None:
    answers = graph().counterparts("alpha@1:1.1")
    assert [(a.ref, a.inferred) for a in answers] == [
        (SKILL, False),
        (Ref("beta", "2", "A.1"), True),  # through the skill
    ]
    skill, item = answers
    assert skill.external == SKILL and skill.item is None and skill.label == "Plan learning"
    assert item.external is None and item.item is BETA["A.1"]
    assert item.confidence == pytest.approx(0.45)
    assert skill.to_record()["external"] is True and item.to_record()["external"] is False
    # Within a framework, an external concept is no answer.
    assert [a.ref for a in graph().counterparts("alpha@1:1.1", framework="beta")] == [
        Ref("beta", "2", "A.1")
    ]


def test_an_external_concept_can_be_asked_about() -> None:
    answers = graph().counterparts(SKILL, inferred=False)
    assert [str(a.ref) for a in answers] == ["beta@2:A.1"]
    with pytest.raises(NotFoundError, match="no crosswalk of the graph names"):
        graph().counterparts(ExternalConcept("ESCO:unknown"))
    paths = graph().explain("alpha@1:1.1", "beta@2:A.1")
    assert paths[0].nodes == ("alpha@1:1.1", "ESCO:s1", "beta@2:A.1")


def test_coverage_between_two_frameworks_counts_no_external_concept() -> None:
    direct = graph().coverage("alpha@1", "beta@2", inferred=False)
    assert direct.mapped == frozenset()  # alpha's mappings all go to ESCO or a URI
    chained = graph().coverage("alpha@1", "beta@2")
    assert chained.mapped == {"1.1"}  # beta reached through the skill
    only_outside = CompetencyGraph(
        [ALPHA, BETA],
        [
            Crosswalk(
                "x",
                "1",
                "x",
                ["alpha@1"],
                [Mapping("alpha@1:1.2", "exact", SKILL)],
                prefixes={"ESCO": ESCO},
            )
        ],
    )
    assert only_outside.coverage("alpha@1", "beta@2").mapped == frozenset()


def test_cardinality_counts_external_pairs_only_when_reading_subject_to_object() -> None:
    g = graph()
    assert g.cardinality(VIA_ESCO).pairs == ()  # between alpha and beta: none
    outside = Crosswalk(
        "o",
        "1",
        "o",
        [],
        [Mapping(SKILL, "exact", ExternalConcept("urn:x:1"))],
        prefixes={"ESCO": ESCO},
    )
    shaped = CompetencyGraph([], [outside]).cardinality(outside)
    assert shaped.pairs == ((SKILL, ExternalConcept("urn:x:1"), "1:1"),)


def test_a_later_crosswalk_may_give_the_label() -> None:
    unlabelled = Crosswalk(
        "u",
        "1",
        "u",
        ["alpha@1"],
        [Mapping("alpha@1:1", "close", ExternalConcept("ESCO:s1"))],
        prefixes={"ESCO": ESCO},
    )
    g = CompetencyGraph([ALPHA], [unlabelled])
    assert g.graph.nodes["ESCO:s1"]["label"] is None
    g.add_crosswalk(VIA_ESCO)
    assert g.graph.nodes["ESCO:s1"]["label"] == "Plan learning"
    assert g.counterparts("alpha@1:1")[0].label == "Plan learning"


def test_comparison_leaves_external_concepts_out() -> None:
    direct = Mapping("alpha@1:2.1", "exact", "beta@2:B.1")
    result = compare(ALPHA, BETA, crosswalks=[VIA_ESCO, direct])
    assert [(str(p.a), str(p.b)) for p in result.pairs] == [("alpha@1:2.1", "beta@2:B.1")]


def test_merge_keeps_prefixes_and_refuses_two_meanings_of_one() -> None:
    merged = merge_crosswalks([VIA_ESCO]).crosswalk
    assert merged.prefixes == {"ESCO": ESCO} and merged.external_concepts()[0] == SKILL
    other = Crosswalk(
        "other",
        "1",
        "o",
        [],
        [Mapping(ExternalConcept("ESCO:1"), "exact", ExternalConcept("urn:a:1"))],
        prefixes={"ESCO": "https://example.org/not-esco/"},
    )
    with pytest.raises(CrosswalkError) as caught:
        merge_crosswalks([VIA_ESCO, other])
    assert [i.code for i in caught.value.issues] == ["CE652"]


def test_exports_that_carry_external_concepts() -> None:
    skos = framework_to_skos(ALPHA, mappings=VIA_ESCO.mappings, prefixes=VIA_ESCO.prefixes)
    assert f"skos:exactMatch <{ESCO}s1>" in skos
    assert "skos:relatedMatch <https://example.org/x>" in skos
    # Without the prefix, the CURIE has no URI: it is left out, the URI is not.
    bare = framework_to_skos(ALPHA, mappings=VIA_ESCO.mappings)
    assert "s1>" not in bare and "<https://example.org/x>" in bare
    ctdl = framework_to_ctdl(ALPHA, mappings=VIA_ESCO.mappings, prefixes=VIA_ESCO.prefixes)
    assert f'"{ESCO}s1"' in ctdl
    markdown = crosswalk_markdown(VIA_ESCO)
    assert "## Mappings: `alpha@1` to `ESCO`" in markdown
    assert "| `1.1` | exact match | `ESCO:s1` Plan learning | 0.90 |" in markdown
    assert "- **Prefixes:** `ESCO`: <http://data.europa.eu/esco/skill/>" in markdown
    assert Relation.EXACT.skos == "skos:exactMatch"
