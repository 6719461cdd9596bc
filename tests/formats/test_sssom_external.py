"""SSSOM sets whose subjects and objects are outside every framework: ontology terms,
ESCO skills, full URIs. They import as external concepts, show in the graph, and export
back equal."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from strategies import crosswalks_with_externals, labels

from cecompetency.formats.graphml import graph_to_graphml
from cecompetency.formats.sssom import crosswalk_from_sssom, crosswalk_to_sssom
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import CrosswalkError
from cecompetency.model.external import ExternalConcept
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

# A small set between two ontologies, written by hand in the shape the SSSOM specification
# documents (https://mapping-commons.github.io/sssom/spec-model/): a '#' YAML header with
# the curie_map and the mapping set's metadata, then the TSV table. Its columns are in the
# order this library writes them, so the table must come back byte for byte.
HEADER = """\
#curie_map:
#  DOID: http://purl.obolibrary.org/obo/DOID_
#  MONDO: http://purl.obolibrary.org/obo/MONDO_
#  semapv: https://w3id.org/semapv/vocab/
#  skos: http://www.w3.org/2004/02/skos/core#
#mapping_set_id: https://w3id.org/cecompetency/crosswalks/mondo-doid/2024-06-01
#mapping_set_version: 2024-06-01
#mapping_set_title: MONDO to the Disease Ontology, a hand-made example
#license: https://creativecommons.org/publicdomain/zero/1.0/
#creator_label:
#- An Example Curator
"""
TABLE = (
    "subject_id\tsubject_label\tpredicate_id\tpredicate_modifier\tobject_id\tobject_label\t"
    "mapping_justification\tauthor_label\tconfidence\tmapping_date\tcomment\n"
    "MONDO:0005015\tdiabetes mellitus\tskos:exactMatch\t\tDOID:9351\tdiabetes mellitus\t"
    "semapv:ManualMappingCuration\tAn Example Curator\t0.95\t2024-05-30\t\n"
    "MONDO:0005148\ttype 2 diabetes mellitus\tskos:exactMatch\t\tDOID:9352\t"
    "type 2 diabetes mellitus\tsemapv:LexicalMatching\t\t0.9\t\tsame label\n"
    "MONDO:0005148\ttype 2 diabetes mellitus\tskos:broadMatch\t\tDOID:9351\t"
    "diabetes mellitus\tsemapv:LogicalReasoning\t\t\t\t\n"
    "MONDO:0005015\tdiabetes mellitus\tskos:exactMatch\tNot\tDOID:9744\t"
    "type 1 diabetes mellitus\tsemapv:ManualMappingCuration\t\t\t\t\n"
    "MONDO:0005147\t\tskos:closeMatch\t\thttp://www.ebi.ac.uk/efo/EFO_0001359\t"
    "type 1 diabetes\tsemapv:ManualMappingCuration\t\t0.8\t\t\n"
)
ONTOLOGIES = HEADER + TABLE


def _table(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not line.startswith("#"))


def test_a_set_between_two_ontologies_imports_as_external_concepts() -> None:
    imported = crosswalk_from_sssom(ONTOLOGIES, "mondo-doid.sssom.tsv")
    cw = imported.value
    assert imported.warnings == ()
    assert (cw.id, cw.version, cw.frameworks) == ("mondo-doid", "2024-06-01", ())
    assert cw.title == "MONDO to the Disease Ontology, a hand-made example"
    assert cw.creators == ("An Example Curator",)
    assert dict(cw.prefixes) == {
        "DOID": "http://purl.obolibrary.org/obo/DOID_",
        "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
        "semapv": "https://w3id.org/semapv/vocab/",
        "skos": "http://www.w3.org/2004/02/skos/core#",
    }
    first = cw.mappings[0]
    assert first.subject == ExternalConcept("MONDO:0005015")
    assert isinstance(first.subject, ExternalConcept)
    assert first.subject.label == "diabetes mellitus"
    assert (first.relation, first.confidence, first.author) == (
        Relation.EXACT,
        0.95,
        "An Example Curator",
    )
    assert [m.negated for m in cw.mappings] == [False, False, False, True, False]
    assert [c.id for c in cw.external_concepts()] == [
        "MONDO:0005015",
        "DOID:9351",
        "MONDO:0005148",
        "DOID:9352",
        "DOID:9744",
        "MONDO:0005147",
        "http://www.ebi.ac.uk/efo/EFO_0001359",  # a full URI needs no prefix
    ]
    assert labels(cw)[-1] == (None, "type 1 diabetes")


def test_the_set_exports_back_equal_with_its_table_unchanged() -> None:
    cw = crosswalk_from_sssom(ONTOLOGIES).value
    text = crosswalk_to_sssom(cw)
    assert _table(text) == TABLE
    assert "#  MONDO: http://purl.obolibrary.org/obo/MONDO_\n" in text
    back = crosswalk_from_sssom(text).value
    assert back == cw
    assert labels(back) == labels(cw)
    assert crosswalk_to_sssom(back) == text


def test_the_set_shows_in_the_graph() -> None:
    cw = crosswalk_from_sssom(ONTOLOGIES).value
    graph = CompetencyGraph(frameworks=[], crosswalks=[cw])
    g = graph.graph
    externals = {n: d for n, d in g.nodes(data=True) if d["type"] == "external"}
    assert set(externals) == {c.id for c in cw.external_concepts()}
    assert set(g.nodes) == set(externals)  # nothing else: no framework, no item
    assert externals["DOID:9351"] == {
        "type": "external",
        "concept": "DOID:9351",
        "label": "diabetes mellitus",
        "uri": "http://purl.obolibrary.org/obo/DOID_9351",
    }
    assert externals["MONDO:0005147"]["label"] is None
    edges = [(s, o, d["relation"], d["negated"]) for s, o, d in g.edges(data=True)]
    assert edges == [
        ("MONDO:0005015", "DOID:9351", "exact", False),
        ("MONDO:0005015", "DOID:9744", "exact", True),
        ("MONDO:0005148", "DOID:9352", "exact", False),
        ("MONDO:0005148", "DOID:9351", "broad", False),
        ("MONDO:0005147", "http://www.ebi.ac.uk/efo/EFO_0001359", "close", False),
    ]
    # The queries answer about external concepts too: inverses, and chains through them.
    answers = graph.counterparts(ExternalConcept("DOID:9351"))
    assert [(str(a.ref), a.relation, a.hops) for a in answers] == [
        ("MONDO:0005015", Relation.EXACT, 1),
        ("MONDO:0005148", Relation.NARROW, 1),
        ("DOID:9352", Relation.NARROW, 2),
    ]
    assert answers[0].external == ExternalConcept("MONDO:0005015")
    assert answers[0].label == "diabetes mellitus" and answers[0].item is None
    assert "MONDO:0005147" in graph_to_graphml(graph)
    assert repr(graph) == "CompetencyGraph(0 frameworks, 1 crosswalk, 4 mappings, 1 negated)"


def test_frameworks_and_external_concepts_in_one_set() -> None:
    cw = Crosswalk(
        "alliance-esco",
        "1",
        "Alliance to ESCO",
        frameworks=["alliance@2008"],
        mappings=[
            Mapping("alliance@2008:2.10", "close", ExternalConcept("ESCO:0a1b", "plan learning")),
            Mapping(ExternalConcept("ESCO:0a1b"), "related", "alliance@2008:2.1"),
        ],
        prefixes={"ESCO": "http://data.europa.eu/esco/skill/"},
    )
    text = crosswalk_to_sssom(cw)
    assert "\nalliance_2008:2.10\tskos:closeMatch\tESCO:0a1b\tplan learning\t" in text
    back = crosswalk_from_sssom(text).value
    assert back == cw and labels(back) == labels(cw)
    assert back.mappings[0].subject == Ref("alliance", "2008", "2.10")


def test_a_framework_prefix_never_takes_a_declared_ones_name() -> None:
    cw = Crosswalk(
        "x",
        "1",
        "x",
        frameworks=["alliance@2008"],
        mappings=[Mapping("alliance@2008:1", "exact", ExternalConcept("alliance_2008:1"))],
        prefixes={"alliance_2008": "https://example.org/other/"},
    )
    text = crosswalk_to_sssom(cw)
    assert "#  alliance_2008_2: https://w3id.org/cecompetency/alliance/2008/\n" in text
    assert crosswalk_from_sssom(text).value == cw


def test_an_undeclared_prefix_is_still_refused_with_its_place() -> None:
    text = ONTOLOGIES.replace("\tDOID:9352\t", "\tDOI:9352\t")
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(text, "bad.sssom.tsv")
    (issue,) = caught.value.issues
    assert issue.code == "CE642"
    assert (issue.line, issue.column) == (14, 5)
    assert "did you mean 'DOID'" in issue.message
    # Leniently the row is kept: the prefix is declared with a placeholder, one warning.
    lenient = crosswalk_from_sssom(text, lenient=True)
    assert len(lenient.value) == 5 and [w.code for w in lenient.warnings] == ["CE642"]
    (warned,) = lenient.warnings
    assert (warned.line, warned.column) == (14, 5) and "'DOI' of 1 ids" in warned.message
    assert lenient.value.prefixes["DOI"] == "urn:cecompetency:undeclared-prefix:DOI:"
    again = crosswalk_from_sssom(crosswalk_to_sssom(lenient.value))
    assert again.value == lenient.value and again.warnings == ()


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (lambda t: t.replace("#  DOID: http", "#  DOID: 3\n#  X: http"), "CE640"),
        (lambda t: t.replace("#  DOID: http", "#  bad prefix: http"), "CE640"),
        (lambda t: t.replace("#  DOID: http://purl", "#  DOID: not a URI purl"), "CE640"),
        (lambda t: t.replace("\nMONDO:0005147\t", "\nMONDO:<x>\t"), "CE642"),
    ],
)
def test_broken_prefixes_and_concepts_give_located_issues(change, code: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(CrosswalkError) as caught:
        crosswalk_from_sssom(change(ONTOLOGIES), "bad.sssom.tsv")
    assert code in {i.code for i in caught.value.issues}
    assert all(str(i).startswith("bad.sssom.tsv:") for i in caught.value.issues)


@settings(max_examples=80, deadline=None)
@given(
    crosswalks_with_externals(["left@1.0", "right@2"], ["left@1.0:a", "right@2:b/c", "right@2:d"])
)
def test_random_crosswalks_with_external_ends_round_trip(cw: Crosswalk) -> None:
    back = crosswalk_from_sssom(crosswalk_to_sssom(cw)).value
    assert back == cw
    assert labels(back) == labels(cw)
