"""Coverage against a plain reference: per item, ``counterparts`` in the other framework,
then a climb up the tree. The graph answers from per-framework tables kept between calls,
so the properties also add a crosswalk after a first answer, which must change the next."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import make_framework

from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework, Item
from cecompetency.model.relations import Relation


def _three_levels(fid: str, version: str, shape: dict[str, dict[str, list[str]]]) -> Framework:
    """Areas, competencies, indicators: roll-ups two levels deep."""
    items = [
        Item(
            id=area,
            kind="area",
            title=f"Area {area}",
            children=[
                Item(
                    id=comp,
                    kind="competency",
                    statement=f"Do {comp}",
                    children=[Item(id=i, kind="indicator", statement=f"Show {i}") for i in kids],
                )
                for comp, kids in comps.items()
            ],
        )
        for area, comps in shape.items()
    ]
    return make_framework(fid, version, {}, items=items)


ALPHA = _three_levels(
    "alpha", "1", {"1": {"1.1": ["1.1.a", "1.1.b"], "1.2": []}, "2": {"2.1": ["2.1.a"]}}
)
BETA = _three_levels("beta", "2", {"A": {"A.1": ["A.1.a"], "A.2": []}, "B": {"B.1": ["B.1.a"]}})
HUB = make_framework("hub", "1", {"H1": ["H1.a"], "H2": ["H2.a"]})
FRAMEWORKS = (ALPHA, BETA, HUB)
ITEMS = [f"{fw.ref}:{item.id}" for fw in FRAMEWORKS for item in fw.walk()]


@st.composite
def mapping_lists(draw: st.DrawFn) -> list[Mapping]:
    out = []
    for _ in range(draw(st.integers(0, 20))):
        subject, obj = draw(st.lists(st.sampled_from(ITEMS), min_size=2, max_size=2, unique=True))
        negated = draw(st.integers(0, 5)) == 0
        out.append(Mapping(subject, draw(st.sampled_from(list(Relation))), obj, negated=negated))
    return out


def _crosswalk(cid: str, mappings: list[Mapping]) -> Crosswalk:
    return Crosswalk(cid, "1", f"Crosswalk {cid}", ("alpha@1", "beta@2", "hub@1"), tuple(mappings))


def _reference(
    graph: CompetencyGraph, source: Framework, target: Framework, hops: int
) -> tuple[frozenset[str], frozenset[str]]:
    """Mapped: an item with a counterpart in ``target``, one mapping away read either way
    (``hops`` 1) or by a chain of at most ``hops``. Covered: mapped, or above a mapped item."""
    mapped = frozenset(
        item.id
        for item in source.walk()
        if graph.counterparts(source.ref_of(item), target.ref, max_hops=hops)
    )
    covered: set[str] = set()

    def climb(item: Item) -> bool:
        below = [climb(child) for child in item.children]  # every child climbs
        if item.id in mapped or any(below):
            covered.add(item.id)
            return True
        return False

    for top in source.items:
        climb(top)
    return mapped, frozenset(covered)


def _check(graph: CompetencyGraph, hops: int) -> None:
    for source in FRAMEWORKS:
        for target in FRAMEWORKS:
            if source is target:
                continue
            for inferred in (False, True):
                report = graph.coverage(source.ref, target.ref, inferred=inferred, max_hops=hops)
                mapped, covered = _reference(graph, source, target, hops if inferred else 1)
                assert report.mapped == mapped
                assert report.covered == covered
                assert (
                    report.target_covered
                    == _reference(graph, target, source, hops if inferred else 1)[1]
                )


@settings(max_examples=60, deadline=None)
@given(mapping_lists(), mapping_lists(), st.integers(1, 4))
def test_coverage_matches_the_reference_before_and_after_a_crosswalk_is_added(
    first: list[Mapping], second: list[Mapping], hops: int
) -> None:
    graph = CompetencyGraph(FRAMEWORKS, [_crosswalk("one", first)])
    _check(graph, hops)
    graph.add_crosswalk(_crosswalk("two", second))
    _check(graph, hops)


def test_a_crosswalk_added_after_a_first_answer_counts() -> None:
    graph = CompetencyGraph([ALPHA, BETA])
    assert graph.coverage("alpha", "beta").covered == frozenset()
    graph.add_crosswalk(_crosswalk("one", [Mapping("alpha@1:1.1.a", "exact", "beta@2:A.1")]))
    report = graph.coverage("alpha", "beta")
    assert report.mapped == {"1.1.a"}
    assert report.covered == {"1.1.a", "1.1", "1"}
    assert report.target_covered == {"A.1", "A"}


def test_a_framework_added_after_a_first_answer_counts() -> None:
    mappings = [
        Mapping("alpha@1:2.1", "exact", "hub@1:H1"),
        Mapping("hub@1:H1", "exact", "beta@2:B"),
    ]
    graph = CompetencyGraph([ALPHA, BETA], [_crosswalk("one", mappings)])
    # The hub is not in the graph: its items are placeholders, and chains pass through them.
    assert graph.coverage("alpha", "beta").mapped == {"2.1"}
    graph.add_framework(HUB)
    assert graph.coverage("alpha", "hub").covered == {"2.1", "2"}
    assert graph.coverage("hub", "beta").mapped == {"H1"}
