"""The cross-map graph: counterparts with inference, coverage, cardinality, conflicts, paths."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import make_framework

from cecompetency.files.crosswalk_codec import dump_crosswalk_file
from cecompetency.files.framework_files import dump_file
from cecompetency.files.registry import Registry
from cecompetency.graph import CompetencyGraph, ConflictKind
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.errors import ModelError, NotFoundError, RefError
from cecompetency.model.framework import Framework
from cecompetency.model.levels import Expectation, Level, LevelMatrix, LevelScale, Role
from cecompetency.model.relations import RELATIONS, Relation, compose, inverse

R = Relation


ALPHA = make_framework("alpha", "1", {"1": ["1.1", "1.2", "1.3"], "2": ["2.1", "2.2"]})
BETA = make_framework("beta", "2", {"A": ["A.1", "A.2"], "B": ["B.1"], "C": ["C.1", "C.2"]})
HUB = make_framework("hub", "1", {"H1": ["H1.a"], "H2": ["H2.a"]})


def cw(cid: str, *mappings: Mapping, frameworks: tuple[str, ...] = ()) -> Crosswalk:
    named = frameworks or tuple(
        sorted(
            {str(m.subject.framework_ref) for m in mappings}
            | {str(m.object.framework_ref) for m in mappings}
        )
    )
    return Crosswalk(cid, "1", f"Crosswalk {cid}", named, mappings)


def mp(
    subject: str, relation: str, obj: str, confidence: float | None = None, **kw: object
) -> Mapping:
    return Mapping(subject, relation, obj, confidence=confidence, **kw)  # type: ignore[arg-type]


ALPHA_HUB = cw(
    "alpha-hub",
    mp("alpha@1:1.1", "exact", "hub@1:H1", 0.9),
    mp("alpha@1:1.2", "broad", "hub@1:H1.a", 0.8),
    mp("alpha@1:2", "close", "hub@1:H2", 0.7),
    mp("alpha@1:2.1", "related", "hub@1:H2.a", 0.6),
)
BETA_HUB = cw(
    "beta-hub",
    mp("beta@2:A.1", "exact", "hub@1:H1", 0.5),
    mp("beta@2:A.2", "exact", "hub@1:H1.a"),
    mp("beta@2:B", "exact", "hub@1:H2", 0.9),
    mp("beta@2:B.1", "exact", "hub@1:H2.a", 0.9),
)


@pytest.fixture
def hub_graph() -> CompetencyGraph:
    return CompetencyGraph([ALPHA, BETA, HUB], [ALPHA_HUB, BETA_HUB])


def claims(answers: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(str(a.ref), a.relation.value) for a in answers]


# -- counterparts ----------------------------------------------------------------------------------


def test_the_hub_case_chains_two_crosswalks(hub_graph: CompetencyGraph) -> None:
    (answer,) = hub_graph.counterparts("alpha@1:1.1", framework="beta")
    assert (str(answer.ref), answer.relation) == ("beta@2:A.1", R.EXACT)
    assert answer.inferred
    assert answer.justification is Justification.CHAINING
    assert [str(m) for m in answer.chain] == [
        "alpha@1:1.1 exact hub@1:H1 (0.90)",
        "beta@2:A.1 exact hub@1:H1 (0.50)",
    ]
    assert math.isclose(answer.confidence or 0, 0.9 * 0.5)
    assert answer.path == ("alpha@1:1.1", "hub@1:H1", "beta@2:A.1")
    assert answer.sources == ("alpha-hub@1", "beta-hub@1")
    assert answer.item is BETA["A.1"]
    assert answer.hops == 2


def test_broad_composes_with_exact_and_unknown_confidence_stays_unknown(
    hub_graph: CompetencyGraph,
) -> None:
    (answer,) = hub_graph.counterparts("alpha:1.2", framework="beta@2")
    assert claims([answer]) == [("beta@2:A.2", "broad")]
    assert answer.confidence is None


def test_nothing_is_inferred_through_close_or_related(hub_graph: CompetencyGraph) -> None:
    assert hub_graph.counterparts("alpha@1:2", framework="beta") == []
    assert hub_graph.counterparts("alpha@1:2.1", framework="beta") == []
    # ...but the close mapping itself holds both ways.
    back = hub_graph.counterparts("hub@1:H2", framework="alpha")
    assert claims(back) == [("alpha@1:2", "close")]
    assert back[0].justification is Justification.INVERSION


def test_two_hierarchical_steps_do_not_chain() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA, HUB],
        [cw("x", mp("alpha@1:1", "broad", "hub@1:H1"), mp("hub@1:H1", "broad", "beta@2:A"))],
    )
    assert graph.counterparts("alpha@1:1", framework="beta") == []


def test_inverse_readings_and_the_inferred_flag(hub_graph: CompetencyGraph) -> None:
    answers = hub_graph.counterparts("hub@1:H1.a")
    assert claims(answers) == [("beta@2:A.2", "exact"), ("alpha@1:1.2", "narrow")]
    assert all(a.inferred for a in answers)
    inverse_answer = answers[1]
    assert inverse_answer.justification is Justification.INVERSION
    assert inverse_answer.chain == (ALPHA_HUB.mappings[1],)
    assert inverse_answer.confidence == 0.8
    assert hub_graph.counterparts("hub@1:H1.a", inferred=False) == []
    asserted = hub_graph.counterparts("alpha@1:1.2", inferred=False)
    assert claims(asserted) == [("hub@1:H1.a", "broad")]
    assert not asserted[0].inferred and asserted[0].mapping.source == "alpha-hub@1"


def test_max_hops_bounds_the_chains(hub_graph: CompetencyGraph) -> None:
    assert hub_graph.counterparts("alpha@1:1.1", framework="beta", max_hops=1) == []
    assert len(hub_graph.counterparts("alpha@1:1.1", framework="beta", max_hops=2)) == 1
    with pytest.raises(ValueError):
        hub_graph.counterparts("alpha@1:1.1", max_hops=0)


def test_answers_rank_by_relation_strength_then_confidence() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA],
        [
            cw(
                "rank",
                mp("alpha@1:1", "related", "beta@2:A", 0.99),
                mp("alpha@1:1", "broad", "beta@2:B", 0.9),
                mp("alpha@1:1", "close", "beta@2:C", 0.95),
                mp("alpha@1:1", "broad", "beta@2:A.1", 0.3),
                mp("alpha@1:1", "exact", "beta@2:C.1", 0.5),
                mp("alpha@1:1", "broad", "beta@2:A.2"),
            )
        ],
    )
    assert claims(graph.counterparts("alpha@1:1", relations=None)) == [
        ("beta@2:C.1", "exact"),
        ("beta@2:C", "close"),
        ("beta@2:B", "broad"),
        ("beta@2:A.1", "broad"),
        ("beta@2:A.2", "broad"),
        ("beta@2:A", "related"),
    ]
    only_broad = graph.counterparts("alpha@1:1", relations=["broad", R.RELATED])
    assert [c.relation for c in only_broad] == [R.BROAD] * 3 + [R.RELATED]


def test_the_same_claim_from_two_crosswalks_is_listed_for_each() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA],
        [
            cw("one", mp("alpha@1:1", "exact", "beta@2:A", 0.5)),
            cw("two", mp("alpha@1:1", "exact", "beta@2:A", 0.7)),
        ],
    )
    answers = graph.counterparts("alpha@1:1")
    assert [(a.confidence, a.sources) for a in answers] == [(0.7, ("two@1",)), (0.5, ("one@1",))]


def test_a_negation_blocks_the_inferred_claim(hub_graph: CompetencyGraph) -> None:
    hub_graph.add_crosswalk(cw("deny", mp("beta@2:A.1", "exact", "alpha@1:1.1", negated=True)))
    assert hub_graph.counterparts("alpha@1:1.1", framework="beta") == []
    (conflict,) = hub_graph.conflicts()
    assert conflict.kind is ConflictKind.NEGATION
    assert conflict.inferred
    assert (str(conflict.subject), str(conflict.object)) == ("alpha@1:1.1", "beta@2:A.1")
    assert conflict.second.negated and conflict.second.source == "deny@1"
    assert conflict.sources == ("alpha-hub@1", "beta-hub@1", "deny@1")
    assert "denied" in str(conflict)


def test_negated_mappings_take_no_part_in_inference() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA, HUB],
        [
            cw(
                "neg",
                mp("alpha@1:1", "exact", "hub@1:H1", negated=True),
                mp("hub@1:H1", "exact", "beta@2:A"),
            )
        ],
    )
    assert graph.counterparts("alpha@1:1") == []
    assert graph.negations() == (graph.crosswalks[0].mappings[0],)


def test_conflicts_asserted_inferred_and_negated() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA, HUB],
        [
            ALPHA_HUB,
            BETA_HUB,
            cw(
                "other",
                mp("alpha@1:1.1", "broad", "beta@2:A.1", 0.4),  # vs the inferred exact
                mp("alpha@1:2.2", "exact", "beta@2:B.1"),
                mp("alpha@1:1.3", "close", "beta@2:C"),
            ),
            cw(
                "third",
                mp("beta@2:B.1", "broad", "alpha@1:2.2"),  # alpha 2.2 narrow B.1: vs exact
                mp("beta@2:C", "close", "alpha@1:1.3", negated=True),
            ),
        ],
    )
    found = {(str(c.subject), str(c.object), c.kind, c.inferred) for c in graph.conflicts()}
    contradiction, negation = ConflictKind.CONTRADICTION, ConflictKind.NEGATION
    assert found == {
        # Said outright: an exact match, and a crosswalk that reads the other way.
        ("alpha@1:2.2", "beta@2:B.1", contradiction, False),
        ("alpha@1:1.3", "beta@2:C", negation, False),
        # Shown by chains: 1.1 = H1 = A.1, but 1.1 broad A.1; every pair of the cycle.
        ("alpha@1:1.1", "beta@2:A.1", contradiction, True),
        ("alpha@1:1.1", "hub@1:H1", contradiction, True),
        ("beta@2:A.1", "hub@1:H1", contradiction, True),
        # 2.2 = B.1 = H2.a, but 2.2 narrow B.1.
        ("alpha@1:2.2", "hub@1:H2.a", contradiction, True),
    }
    assert [c.inferred for c in graph.conflicts()] == [False, False, True, True, True, True]
    for conflict in graph.conflicts():
        if conflict.kind is ConflictKind.CONTRADICTION:
            assert conflict.first.relation is not conflict.second.relation
            assert "contradicts" in str(conflict)


def test_unknown_references_are_explained(hub_graph: CompetencyGraph) -> None:
    with pytest.raises(NotFoundError, match=r"no item '1\.11' \(did you mean '1\.1'\?\)"):
        hub_graph.counterparts("alpha@1:1.11")
    with pytest.raises(NotFoundError, match="did you mean 'beta@2'"):
        hub_graph.counterparts("alpha@1:1.1", framework="betta")
    with pytest.raises(NotFoundError, match="no framework alpha@9"):
        hub_graph.counterparts("alpha@9:1")
    with pytest.raises(RefError, match="names a framework"):
        hub_graph.counterparts("alpha@1")


# -- coverage ------------------------------------------------------------------------------------


def test_coverage_rolls_competencies_up_to_their_areas(hub_graph: CompetencyGraph) -> None:
    report = hub_graph.coverage("alpha", "beta@2")
    assert report.mapped == {"1.1", "1.2"}
    assert report.covered == {"1", "1.1", "1.2"}
    assert report.uncovered == ("1.3", "2", "2.1", "2.2")
    assert report.covered_items == ("1", "1.1", "1.2")
    assert [(a.area, a.covered, a.total) for a in report.by_area] == [("1", 3, 4), ("2", 0, 3)]
    assert report.ratio == 3 / 7
    assert report.target_unmatched == ("B", "B.1", "C", "C.1", "C.2")
    records = report.to_records()
    assert records[1] == {
        "item": "alpha@1:1.1",
        "kind": "competency",
        "area": "1",
        "label": "Do 1.1",
        "mapped": True,
        "covered": True,
    }
    assert [r["covered"] for r in records] == [True, True, True, False, False, False, False]


def test_coverage_without_inference_counts_direct_mappings_only(hub_graph: CompetencyGraph) -> None:
    assert hub_graph.coverage("alpha", "beta", inferred=False).covered == frozenset()
    direct = hub_graph.coverage("alpha", "hub", inferred=False)
    assert direct.mapped == {"1.1", "1.2", "2", "2.1"}
    assert direct.target_unmatched == ()


def test_coverage_renders_as_text_json_and_markdown(hub_graph: CompetencyGraph) -> None:
    report = hub_graph.coverage("alpha", "beta")
    text = report.render("text")
    assert "3 of 7 items covered (43%)" in text
    assert "  1.3  Do 1.3" in text
    data = json.loads(report.render("json"))
    assert data["covered"] == 3 and data["total"] == 7
    assert data["uncovered"][0] == "alpha@1:1.3"
    assert data["target_unmatched"] == [
        "beta@2:B",
        "beta@2:B.1",
        "beta@2:C",
        "beta@2:C.1",
        "beta@2:C.2",
    ]
    markdown = report.render("markdown")
    assert markdown.startswith("# Coverage of alpha@1 by beta@2")
    assert "| 1 | Area 1 | 3 | 4 | 75% |" in markdown
    with pytest.raises(ValueError):
        report.render("html")


def test_coverage_needs_both_frameworks_in_the_graph() -> None:
    graph = CompetencyGraph([ALPHA], [ALPHA_HUB])
    with pytest.raises(NotFoundError, match="no framework hub"):
        graph.coverage("alpha", "hub")


# -- cardinality ---------------------------------------------------------------------------------

SHAPES = cw(
    "shapes",
    mp("alpha@1:1.1", "exact", "beta@2:A"),  # 1:1
    mp("alpha@1:1.2", "close", "beta@2:A.1"),  # 1:n
    mp("alpha@1:1.2", "close", "beta@2:A.2"),  # 1:n
    mp("alpha@1:1.3", "broad", "beta@2:B"),  # n:1
    mp("alpha@1:2", "broad", "beta@2:B"),  # n:1
    mp("alpha@1:2.1", "exact", "beta@2:B.1"),  # n:n
    mp("alpha@1:2.1", "related", "beta@2:C.1"),  # 1:n
    mp("beta@2:B.1", "narrow", "alpha@1:2.2"),  # n:1, written the other way
    mp("alpha@1:1", "exact", "beta@2:C", negated=True),  # not counted
    frameworks=("alpha@1", "beta@2"),
)


def test_cardinality_of_a_crosswalk_and_of_two_frameworks() -> None:
    graph = CompetencyGraph([ALPHA, BETA], [SHAPES])
    shape = graph.cardinality(SHAPES)
    assert shape.counts == {"1:1": 1, "1:n": 3, "n:1": 3, "n:n": 1}
    assert (shape.one_to_one, shape.one_to_many, shape.many_to_one, shape.many_to_many) == (
        1,
        3,
        3,
        1,
    )
    assert shape.of("alpha@1:2.1", "beta@2:B.1") == "n:n"
    assert shape.of("alpha@1:2.2", "beta@2:B.1") == "n:1"
    assert shape.of("alpha@1:1", "beta@2:C") is None
    assert str(shape) == "1:1 1, 1:n 3, n:1 3, n:n 1"
    assert graph.cardinality("alpha", "beta").counts == shape.counts
    reverse = graph.cardinality("beta@2", "alpha@1")
    assert reverse.counts == {"1:1": 1, "1:n": 3, "n:1": 3, "n:n": 1}
    assert reverse.of("beta@2:B", "alpha@1:2") == "1:n"
    assert graph.cardinality(SHAPES, "alpha").of("beta@2:B", "alpha@1:2") == "1:n"


# -- explain -------------------------------------------------------------------------------------


def test_explain_lists_mapping_and_tree_paths_shortest_first(hub_graph: CompetencyGraph) -> None:
    paths = hub_graph.explain("alpha@1:1.1", "beta@2:A.1")
    assert paths and [len(p) for p in paths] == sorted(len(p) for p in paths)
    first = paths[0]
    assert first.nodes == ("alpha@1:1.1", "hub@1:H1", "beta@2:A.1")
    assert first.relation is R.EXACT
    assert [s.backwards for s in first.steps] == [False, True]
    assert str(first) == (
        "alpha@1:1.1 exact hub@1:H1 [alpha-hub@1]; hub@1:H1 exact beta@2:A.1 [beta-hub@1]"
    )
    siblings = hub_graph.explain("alpha@1:1.1", "alpha@1:1.2")
    assert str(siblings[0]) == "alpha@1:1.1 child_of alpha@1:1; alpha@1:1 parent_of alpha@1:1.2"
    assert siblings[0].relation is None
    through_hub = [p for p in siblings if len(p) == 3]
    assert [p.nodes for p in through_hub] == [
        ("alpha@1:1.1", "hub@1:H1", "hub@1:H1.a", "alpha@1:1.2")
    ]
    assert hub_graph.explain("alpha@1:1.1", "alpha@1:1.2", limit=1) == siblings[:1]
    assert hub_graph.explain("alpha@1:2.2", "beta@2:C.2") == []
    assert hub_graph.explain("alpha@1:1", "alpha@1:1") == []


# -- the networkx graph --------------------------------------------------------------------------


def test_networkx_nodes_and_edges_carry_documented_attributes() -> None:
    levels = LevelScale(
        "proficiency", "Proficiency", [Level("basic", "Basic"), Level("expert", "Expert")]
    )
    leveled = make_framework(
        "gamma",
        "1",
        {"G": ["G.1"]},
        scales=[levels],
        roles=[Role("lead", "Lead"), Role("staff", "Staff")],
        matrices=[
            LevelMatrix(
                "expected",
                "Expected",
                "published",
                roles=["lead"],
                scale="proficiency",
                expectations=[Expectation("lead", "G.1", "expert")],
            ),
            LevelMatrix("later", "Announced", "pending", roles=["staff"]),
        ],
    )
    graph = CompetencyGraph(
        [ALPHA, leveled], [cw("ag", mp("alpha@1:1.1", "close", "gamma@1:G.1", 0.6))]
    )
    g = graph.graph
    assert g.nodes["alpha@1:1.1"] == {
        "type": "item",
        "framework": "alpha",
        "version": "1",
        "item": "1.1",
        "kind": "competency",
        "title": None,
        "statement": "Do 1.1",
        "label": "Do 1.1",
        "area": "1",
        "depth": 1,
        "loaded": True,
    }
    assert g.nodes["alpha@1"]["type"] == "framework"
    assert g.edges["alpha@1:1.1", "alpha@1:1", "child_of"] == {"kind": "child_of"}
    assert g.edges["alpha@1:1", "alpha@1", "child_of"] == {"kind": "child_of"}
    mapping = g.edges["alpha@1:1.1", "gamma@1:G.1", "ag@1#0"]
    assert {k: v for k, v in mapping.items() if k != "mapping"} == {
        "kind": "mapping",
        "relation": "close",
        "confidence": 0.6,
        "justification": "semapv:ManualMappingCuration",
        "negated": False,
        "source": "ag@1",
        "inferred": False,
    }
    expects = g.edges["gamma@1#role:lead", "gamma@1:G.1", "expects:expected"]
    assert (
        expects["level"] == "expert" and expects["level_node"] == "gamma@1#level:proficiency/expert"
    )
    assert g.nodes["gamma@1#level:proficiency/expert"]["rank"] == 1
    assert g.has_edge("gamma@1#level:proficiency/basic", "gamma@1#scale:proficiency", "level_of")
    assert g.has_edge("gamma@1#matrix:later", "gamma@1#role:staff", "names_role")
    assert not any(
        d["kind"] == "expects" for _, _, d in g.out_edges("gamma@1#role:staff", data=True)
    )
    kinds = {d["kind"] for _, _, d in g.edges(data=True)}
    assert kinds == {
        "child_of",
        "defined_in",
        "level_of",
        "uses_scale",
        "names_role",
        "expects",
        "mapping",
    }


def test_items_of_frameworks_not_added_are_kept_as_placeholders() -> None:
    graph = CompetencyGraph([ALPHA], [ALPHA_HUB])
    g = graph.graph
    assert g.nodes["hub@1:H1"] == {
        "type": "item",
        "framework": "hub",
        "version": "1",
        "item": "H1",
        "loaded": False,
    }
    (answer,) = graph.counterparts("alpha@1:1.1")
    assert answer.item is None and answer.label == "hub@1:H1"
    graph.add_framework(HUB)  # after the view exists: it is kept up to date
    assert g.nodes["hub@1:H1"]["loaded"] is True and g.nodes["hub@1:H1"]["kind"] == "area"
    graph.add_crosswalk(BETA_HUB)
    assert g.has_edge("beta@2:A.1", "hub@1:H1", "beta-hub@1#0")
    assert graph.counterparts("beta@2:A.1", framework="alpha")[0].item is ALPHA["1.1"]


def test_adding_the_same_thing_twice() -> None:
    graph = CompetencyGraph([ALPHA], [ALPHA_HUB])
    graph.add_framework(ALPHA)
    graph.add_crosswalk(ALPHA_HUB)
    assert len(graph.frameworks) == 1 and len(graph.crosswalks) == 1
    assert len(graph.asserted()) == 4
    with pytest.raises(ModelError):
        graph.add_framework(make_framework("alpha", "1", {"9": []}))
    with pytest.raises(ModelError):
        graph.add_crosswalk(cw("alpha-hub", mp("alpha@1:1", "exact", "hub@1:H1")))


def test_from_registry_adds_the_hub_a_crosswalk_names(tmp_path: Path) -> None:
    for framework in (ALPHA, BETA, HUB):
        dump_file(framework, tmp_path / f"{framework.ref}.yaml")
    (tmp_path / "crosswalks").mkdir()
    for crosswalk in (ALPHA_HUB, BETA_HUB):
        dump_crosswalk_file(crosswalk, tmp_path / "crosswalks" / f"{crosswalk.ref}.yaml")
    registry = Registry([tmp_path], bundled=False, environment=False)
    graph = CompetencyGraph.from_registry(registry, ["alpha@1", "beta"])
    assert sorted(str(f.ref) for f in graph.frameworks) == ["alpha@1", "beta@2", "hub@1"]
    assert sorted(str(c.ref) for c in graph.crosswalks) == ["alpha-hub@1", "beta-hub@1"]
    assert claims(graph.counterparts("alpha@1:1.1", framework="beta")) == [("beta@2:A.1", "exact")]
    only_one = CompetencyGraph.from_registry(registry, ["alpha@1"], crosswalks=["alpha-hub"])
    assert [str(c.ref) for c in only_one.crosswalks] == ["alpha-hub@1"]
    everything = CompetencyGraph.from_registry(registry)
    assert len(everything.frameworks) == 3 and len(everything.crosswalks) == 2


def test_bundled_alliance_in_a_graph(alliance: Framework) -> None:
    graph = CompetencyGraph([alliance])
    assert graph.graph.nodes["alliance@2008:2.10"]["area"] == "2"
    assert graph.graph.nodes["alliance@2008#matrix:responsibility-levels"]["status"] == "pending"
    assert graph.counterparts("alliance@2008:2.10") == []


# -- properties ----------------------------------------------------------------------------------

ITEMS = (
    [f"alpha@1:{i.id}" for i in ALPHA]
    + [f"beta@2:{i.id}" for i in BETA]
    + [f"hub@1:{i.id}" for i in HUB]
)


@st.composite
def mapping_sets(draw: st.DrawFn) -> list[Mapping]:
    count = draw(st.integers(0, 25))
    out = []
    for _ in range(count):
        subject, obj = draw(st.lists(st.sampled_from(ITEMS), min_size=2, max_size=2, unique=True))
        out.append(
            Mapping(
                subject,
                draw(st.sampled_from(list(Relation))),
                obj,
                negated=draw(st.booleans().map(lambda b: b and draw(st.booleans()))),
                confidence=draw(st.none() | st.floats(0, 1)),
            )
        )
    return out


def reference_claims(mappings: list[Mapping], start: str, hops: int) -> set[tuple[str, Relation]]:
    """Every (item, relation) a chain of at most ``hops`` mappings gives, by brute force."""
    steps = []  # (from, to, relation read along, read backwards)
    denied = set()
    for m in mappings:
        s, o = str(m.subject), str(m.object)
        if m.negated:
            denied |= {(s, m.relation, o), (o, inverse(m.relation), s)}
        else:
            steps += [(s, o, m.relation, False), (o, s, inverse(m.relation), True)]
    seen: set[tuple[str, Relation]] = set()
    frontier: set[tuple[str, Relation | None]] = {(start, None)}
    for length in range(1, hops + 1):
        following: set[tuple[str, Relation | None]] = set()
        for node, relation in frontier:
            for a, b, r, backwards in steps:
                if a != node or b == start:
                    continue
                composed = r if relation is None else compose(relation, r)
                if composed is None or (b, composed) in seen:
                    continue
                stated = length == 1 and not backwards
                if not stated and (start, composed, b) in denied:
                    continue
                following.add((b, composed))
        seen |= {(n, r) for n, r in following if r is not None}
        frontier = following  # type: ignore[assignment]
    return seen


def along(answer_path: tuple[str, ...], chain: tuple[Mapping, ...]) -> list[Relation]:
    out = []
    for index, link in enumerate(chain):
        here, there = answer_path[index], answer_path[index + 1]
        if (str(link.subject), str(link.object)) == (here, there):
            out.append(link.relation)
        else:
            assert (str(link.object), str(link.subject)) == (here, there)
            out.append(inverse(link.relation))
    return out


@settings(max_examples=80, deadline=None)
@given(mapping_sets(), st.sampled_from(ITEMS), st.integers(1, 4))
def test_inference_matches_brute_force_and_is_never_stronger_than_its_weakest_link(
    mappings: list[Mapping], start: str, hops: int
) -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA, HUB], [cw("random", *mappings, frameworks=("alpha@1",))], max_hops=hops
    )
    answers = graph.counterparts(start)
    assert {(str(a.ref), a.relation) for a in answers} == reference_claims(mappings, start, hops)
    denied = {(str(m.subject), m.relation, str(m.object)) for m in mappings if m.negated}
    denied |= {(o, inverse(r), s) for s, r, o in denied}
    for answer in answers:
        links = answer.chain or (answer.mapping,)
        assert answer.relation.strength <= min(link.relation.strength for link in links)
        confidences = [link.confidence for link in links]
        if None in confidences:
            assert answer.confidence is None
        else:
            assert answer.confidence is not None
            assert answer.confidence <= min(confidences)  # type: ignore[type-var]
        if not answer.inferred:
            continue
        assert (start, answer.relation, str(answer.ref)) not in denied
        assert all(not link.negated for link in answer.chain)
        relations = along(answer.path, answer.chain)
        if len(relations) > 1:  # no inference passes through close or related
            assert not {R.CLOSE, R.RELATED} & set(relations)
        composed = relations[0]
        for relation in relations[1:]:
            composed = compose(composed, relation)  # type: ignore[assignment]
        assert composed is answer.relation
        expected = Justification.INVERSION if len(relations) == 1 else Justification.CHAINING
        assert answer.justification is expected


@settings(max_examples=60, deadline=None)
@given(mapping_sets())
def test_symmetric_relations_hold_both_ways(mappings: list[Mapping]) -> None:
    graph = CompetencyGraph([ALPHA, BETA, HUB], [cw("random", *mappings, frameworks=("alpha@1",))])
    denied = {(str(m.subject), m.relation, str(m.object)) for m in mappings if m.negated}
    for m in mappings:
        if m.negated or not RELATIONS[m.relation].symmetric:
            continue
        s, o = str(m.subject), str(m.object)
        if (o, m.relation, s) in denied or (s, m.relation, o) in denied:
            continue  # a negation blocks the inverse reading
        back = graph.counterparts(o, max_hops=1)
        assert (s, m.relation) in {(str(a.ref), a.relation) for a in back}


@settings(max_examples=40, deadline=None)
@given(mapping_sets())
def test_conflicts_report_every_contradiction_the_answers_show(mappings: list[Mapping]) -> None:
    graph = CompetencyGraph([ALPHA, BETA, HUB], [cw("random", *mappings, frameworks=("alpha@1",))])
    shown = set()
    for start in ITEMS:
        by_item: dict[str, set[Relation]] = {}
        for answer in graph.counterparts(start):
            by_item.setdefault(str(answer.ref), set()).add(answer.relation)
        for other, relations in by_item.items():
            if other > start and any(
                RELATIONS[a].disjoint_with & {b} for a in relations for b in relations
            ):
                shown.add((start, other))
    reported = {
        (str(c.subject), str(c.object))
        for c in graph.conflicts()
        if c.kind is ConflictKind.CONTRADICTION
    }
    assert reported == shown


def test_a_denied_claim_stated_both_ways_is_one_conflict() -> None:
    graph = CompetencyGraph(
        [ALPHA, BETA],
        [
            cw("one", mp("alpha@1:1", "exact", "beta@2:A"), mp("beta@2:A", "exact", "alpha@1:1")),
            cw("two", mp("alpha@1:1", "exact", "beta@2:A", negated=True)),
        ],
    )
    (conflict,) = graph.conflicts()
    assert conflict.kind is ConflictKind.NEGATION and not conflict.inferred
    assert conflict.second.source == "two@1"
