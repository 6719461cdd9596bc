"""Every function that takes a reference takes an Item too, or refuses with a TypeError
that says what to pass: none fails inside on an object of the wrong kind."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import pytest

import cecompetency
from cecompetency.analysis.profiles import Profile
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import NotFoundError, RefError, RefTypeError
from cecompetency.model.framework import Framework
from cecompetency.model.refs import as_ref, parse_ref


@pytest.fixture(scope="module")
def graph(alliance: Framework) -> CompetencyGraph:
    ccmep = cecompetency.load("nccme-ccmep@2008")
    return CompetencyGraph([alliance, ccmep], [cecompetency.load_crosswalk("alliance-ccmep@1.0")])


def test_the_graph_takes_an_item_of_its_frameworks(
    graph: CompetencyGraph, alliance: Framework
) -> None:
    item = alliance["2.2"]
    by_item = graph.counterparts(item, "nccme-ccmep")
    assert by_item == graph.counterparts("alliance@2008:2.2", "nccme-ccmep")
    assert [str(c.ref) for c in by_item] == ["nccme-ccmep@2008:2"]
    assert graph.item(item) is item
    ccmep_2 = graph.framework("nccme-ccmep")["2"]
    assert graph.explain(item, ccmep_2) == graph.explain("alliance@2008:2.2", "nccme-ccmep@2008:2")
    assert graph.counterparts(alliance["2.2"], framework=graph.framework("nccme-ccmep")) == by_item


def test_an_item_of_no_framework_of_the_graph_is_refused_clearly(
    graph: CompetencyGraph, alliance: Framework
) -> None:
    stranger = attrs.evolve(alliance["2.2"], statement="Something else")
    with pytest.raises(NotFoundError, match=r"pass its reference, framework.ref_of\(item\)"):
        graph.counterparts(stranger)


NO_ITEM = "not the Item '2.2'; an item does not know its framework: pass framework.ref_of(item)"


def _calls(alliance: Framework) -> dict[str, Callable[[object], object]]:
    """Functions that take a reference, each given the value under test."""
    registry = cecompetency.default_registry()
    cardinality = CompetencyGraph([alliance], []).cardinality(
        Crosswalk(id="x", version="1", title="X", frameworks=[alliance.ref])
    )
    return {
        "parse_ref": lambda v: parse_ref(v),  # type: ignore[arg-type]
        "as_ref": lambda v: as_ref(v),  # type: ignore[arg-type]
        "load": lambda v: cecompetency.load(v),  # type: ignore[arg-type]
        "load_crosswalk": lambda v: cecompetency.load_crosswalk(v),  # type: ignore[arg-type]
        "Registry.item": lambda v: registry.item(v),  # type: ignore[arg-type]
        "Registry.path_of": lambda v: registry.path_of(v),  # type: ignore[arg-type]
        "Mapping": lambda v: Mapping(v, "exact", "other@1:1"),  # type: ignore[arg-type]
        "Profile": lambda v: Profile(framework=v, scale="s", levels={}),  # type: ignore[arg-type]
        "Cardinality.of": lambda v: cardinality.of(v, "other@1:1"),  # type: ignore[arg-type]
    }


@pytest.mark.parametrize(
    "name",
    [
        "parse_ref",
        "as_ref",
        "load",
        "load_crosswalk",
        "Registry.item",
        "Registry.path_of",
        "Mapping",
        "Profile",
        "Cardinality.of",
    ],
)
def test_functions_without_a_framework_refuse_an_item_with_a_type_error(
    alliance: Framework, name: str
) -> None:
    call = _calls(alliance)[name]
    with pytest.raises(TypeError) as info:
        call(alliance["2.2"])
    assert NO_ITEM in str(info.value)
    assert isinstance(info.value, RefError)  # code that catches bad references still does
    with pytest.raises(RefTypeError, match=r"not the Framework alliance@2008.*pass framework\.ref"):
        call(alliance)


def test_crosswalks_load_by_reference_as_frameworks_do() -> None:
    crosswalk = cecompetency.load_crosswalk("alliance-ccmep@1.0")
    assert crosswalk.ref == parse_ref("alliance-ccmep@1.0")
    assert cecompetency.load_crosswalk("alliance-ccmep") == crosswalk  # newest version
    crosswalk_hint = r"is a crosswalk, not a framework; load it with load_crosswalk\('alliance"
    with pytest.raises(NotFoundError, match=crosswalk_hint):
        cecompetency.load("alliance-ccmep@1.0")
    with pytest.raises(NotFoundError, match=r"is a framework, not a crosswalk; load it with load"):
        cecompetency.load_crosswalk("alliance@2008")
