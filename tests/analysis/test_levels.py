"""Profiles, gaps against level matrices, scale and role mappings, profile translation.

No organization has published a level matrix for these frameworks (the Alliance's is
announced, pending). Every scale, matrix and profile below is ILLUSTRATIVE, made up for
the tests, and is labelled so; none is presented as an organization's.
"""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import item_trees

import cecompetency
from cecompetency.analysis.profiles import (
    CARRY,
    Profile,
    Reason,
    RoleMapping,
    ScaleMapping,
    Support,
    gaps,
    translate_profile,
)
from cecompetency.files.registry import default_registry
from cecompetency.graph import CompetencyGraph
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.errors import (
    CecompetencyError,
    MatrixPendingError,
    ModelError,
    NotFoundError,
    ProfileError,
)
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.levels import Expectation, Level, LevelMatrix, LevelScale, Role
from cecompetency.model.relations import Relation

ILLUSTRATIVE = "Illustrative only: made up for the tests, not any organization's"

# An illustrative five-step scale in the manner of milestones (cumulative levels).
SCALE = LevelScale(
    id="steps",
    title="Illustrative steps",
    description=ILLUSTRATIVE,
    levels=[Level(id=f"s{n}", label=f"Step {n}", score=float(n)) for n in range(1, 6)],
)
# A coarser illustrative scale to translate into.
COARSE = LevelScale(
    id="coarse",
    title="Illustrative coarse scale",
    description=ILLUSTRATIVE,
    levels=[
        Level(id="low", label="Low"),
        Level(id="mid", label="Mid"),
        Level(id="high", label="High"),
    ],
)


def _framework(
    fw_id: str,
    items: list[Item],
    *,
    scales: tuple[LevelScale, ...] = (SCALE,),
    matrices: tuple[LevelMatrix, ...] = (),
) -> Framework:
    return Framework(
        id=fw_id,
        version="1",
        title=f"{fw_id} (illustrative)",
        status="published",
        publishers=[Publisher(name="cecompetency tests")],
        description=ILLUSTRATIVE,
        kinds=("area", "competency"),
        items=items,
        scales=scales,
        roles=[Role(id="coordinator", title="Coordinator"), Role(id="manager", title="Manager")],
        matrices=matrices,
    )


ITEMS = [
    Item(
        id="A",
        kind="area",
        title="Area A",
        children=[
            Item(id="A.1", kind="competency", statement="First"),
            Item(id="A.2", kind="competency", statement="Second"),
        ],
    ),
    Item(
        id="B",
        kind="area",
        title="Area B",
        children=[Item(id="B.1", kind="competency", statement="Third")],
    ),
]
MATRIX = LevelMatrix(
    id="expected",
    title="Illustrative expected levels",
    status="published",
    scale="steps",
    roles=["coordinator", "manager"],
    description=ILLUSTRATIVE,
    expectations=[
        Expectation("manager", "A.1", "s3"),
        Expectation("manager", "A.2", "s4"),
        Expectation("manager", "B.1", "s2"),
        Expectation("coordinator", "A.1", "s2"),
    ],
)
SOURCE = _framework("illustrative-source", ITEMS, matrices=(MATRIX,))


def _profile(**levels: str) -> Profile:
    return Profile(
        framework=SOURCE.ref,
        scale="steps",
        levels={k.replace("_", "."): v for k, v in levels.items()},
        label="illustrative",
    )


# -- gaps ----------------------------------------------------------------------------------


def test_gaps_lists_items_below_expectation_in_document_order() -> None:
    found = gaps(_profile(A_1="s1", A_2="s4", B_1="s1"), SOURCE, "expected", "manager")
    assert [(g.item, g.expected, g.actual, g.shortfall) for g in found] == [
        ("A.1", "s3", "s1", 2),
        ("B.1", "s2", "s1", 1),
    ]
    assert not any(g.unrated for g in found)


def test_a_higher_level_meets_every_lower_expectation() -> None:
    # Cumulative levels: s5 implies s2, s3 and s4.
    assert gaps(_profile(A_1="s5", A_2="s5", B_1="s5"), SOURCE, "expected", "manager") == []
    assert gaps(_profile(A_1="s3", A_2="s4", B_1="s2"), SOURCE, "expected", "manager") == []


def test_unrated_items_are_flagged_gaps_below_the_lowest_level() -> None:
    found = gaps(_profile(A_1="s3"), SOURCE, "expected", "manager")
    assert [(g.item, g.unrated, g.actual, g.shortfall) for g in found] == [
        ("A.2", True, None, 4),
        ("B.1", True, None, 2),
    ]


def test_items_the_matrix_leaves_open_are_never_gaps() -> None:
    # The coordinator is only expected on A.1; A.2 and B.1 are unrated but not gaps.
    assert gaps(_profile(A_1="s2"), SOURCE, "expected", "coordinator") == []
    assert [g.item for g in gaps(_profile(), SOURCE, "expected", "coordinator")] == ["A.1"]


def test_pending_matrix_raises_rather_than_reporting_no_gaps(alliance: Framework) -> None:
    # The Alliance announced its matrix without publishing it: there is nothing to compare.
    profile = Profile(framework="alliance@2008", scale="any", levels={"7.6": "x"})
    with pytest.raises(MatrixPendingError, match="pending") as info:
        gaps(profile, alliance, "responsibility-levels", "manager")
    assert isinstance(info.value, CecompetencyError)


def test_draft_matrix_is_compared_as_it_stands() -> None:
    draft = attrs.evolve(MATRIX, id="draft", status="draft")
    framework = _framework("illustrative-source", ITEMS, matrices=(draft,))
    assert [
        g.item for g in gaps(_profile(A_1="s1", A_2="s4", B_1="s2"), framework, "draft", "manager")
    ] == ["A.1"]


def test_unknown_matrix_and_role_are_not_found() -> None:
    with pytest.raises(NotFoundError):
        gaps(_profile(), SOURCE, "nope", "manager")
    with pytest.raises(NotFoundError, match="did you mean 'manager'"):
        gaps(_profile(), SOURCE, "expected", "managr")


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (Profile(framework="other@1", scale="steps", levels={}), "is for other@1"),
        (
            Profile(framework="illustrative-source@1", scale="coarse", levels={}),
            "on scale 'coarse'",
        ),
        (
            Profile(framework="illustrative-source@1", scale="steps", levels={"A.3": "s1"}),
            "no item 'A.3'",
        ),
        (
            Profile(framework="illustrative-source@1", scale="steps", levels={"A.1": "s11"}),
            "level 's11'.*did you mean",
        ),
    ],
)
def test_a_profile_that_does_not_fit_is_refused(profile: Profile, message: str) -> None:
    with pytest.raises(ProfileError, match=message):
        gaps(profile, SOURCE, "expected", "manager")


def test_profile_is_immutable_and_checks_its_framework_reference() -> None:
    levels = {"A.1": "s1"}
    profile = Profile(framework="illustrative-source@1", scale="steps", levels=levels)
    levels["A.1"] = "s5"
    assert profile.level("A.1") == "s1"
    assert profile.level("B.1") is None
    with pytest.raises(TypeError):
        profile.levels["A.1"] = "s2"  # type: ignore[index]
    with pytest.raises(ModelError, match="framework@version"):
        Profile(framework="alliance", scale="steps", levels={})
    with pytest.raises(ModelError, match="framework@version"):
        Profile(framework="alliance@2008:1.1", scale="steps", levels={})
    with pytest.raises(ModelError):
        Profile(framework="alliance@2008", scale="steps", levels={"1.1": ""})


# -- scale and role mappings ---------------------------------------------------------------


def test_scale_mapping_maps_levels_and_refuses_a_broken_one() -> None:
    mapping = ScaleMapping(SCALE, COARSE, {"s1": "low", "s2": "low", "s3": "mid", "s5": "high"})
    assert mapping.map("s3") == "mid"
    assert mapping.map("s4") is None  # on the scale, no counterpart
    with pytest.raises(NotFoundError, match="no level 's6'"):
        mapping.map("s6")
    with pytest.raises(ModelError, match="reverses the order"):
        ScaleMapping(SCALE, COARSE, {"s1": "high", "s2": "low"})
    with pytest.raises(ModelError, match="no level 'top'"):
        ScaleMapping(SCALE, COARSE, {"s1": "top"})
    with pytest.raises(ModelError, match="no level 's0'"):
        ScaleMapping(SCALE, COARSE, {"s0": "low"})
    identity = ScaleMapping.identity(SCALE)
    assert [identity.map(level.id) for level in SCALE.levels] == ["s1", "s2", "s3", "s4", "s5"]


def test_role_mapping() -> None:
    target = _framework("illustrative-target", ITEMS)
    roles = RoleMapping(SOURCE.ref, target.ref, {"manager": "manager", "coordinator": "lead"})
    assert roles.map("manager") == "manager"
    with pytest.raises(NotFoundError, match="did you mean 'manager'"):
        roles.map("managr")
    assert roles.problems(SOURCE, target) == [f"{target.ref} has no role 'lead'"]
    assert roles.problems(target, SOURCE) != []


# -- translation ---------------------------------------------------------------------------

TARGET_ITEMS = [
    Item(
        id="X",
        kind="area",
        title="Area X",
        children=[
            Item(id="X.1", kind="competency", statement="One"),
            Item(id="X.2", kind="competency", statement="Two"),
        ],
    ),
    Item(id="Y", kind="area", title="Area Y"),
]
TARGET = _framework("illustrative-target", TARGET_ITEMS, scales=(COARSE,))


def _map(subject: str, relation: str, obj: str, **kwargs: object) -> Mapping:
    return Mapping(
        subject=SOURCE.ref_of(subject) if subject in SOURCE else TARGET.ref_of(subject),
        relation=relation,
        object=TARGET.ref_of(obj) if obj in TARGET else SOURCE.ref_of(obj),
        **kwargs,  # type: ignore[arg-type]
    )


def _crosswalk(*mappings: Mapping) -> Crosswalk:
    return Crosswalk(
        id="illustrative",
        version="1",
        title="Illustrative crosswalk",
        frameworks=[SOURCE.ref, TARGET.ref],
        mappings=mappings,
    )


TO_COARSE = ScaleMapping(
    SCALE, COARSE, {"s1": "low", "s2": "low", "s3": "mid", "s4": "high", "s5": "high"}
)


def test_translation_carries_through_exact_narrow_and_broad_and_keeps_the_minimum() -> None:
    crosswalk = _crosswalk(
        _map("A.1", "exact", "X.1"),
        _map("A", "narrow", "X.2"),  # X.2 is a part of A
        _map("A.2", "broad", "Y"),  # Y is broader than A.2 ...
        _map("B.1", "broad", "Y"),  # ... and than B.1: two sources, one target
    )
    profile = _profile(A_1="s3", A="s5", A_2="s5", B_1="s2")
    result = translate_profile(profile, crosswalk, TARGET, TO_COARSE)
    assert result.complete
    assert dict(result.profile.levels) == {"X.1": "mid", "X.2": "high", "Y": "low"}
    assert result.profile.framework == TARGET.ref
    assert result.profile.scale == "coarse"
    assert result.profile.label == "illustrative"
    (disputed,) = result.disputed
    assert disputed.item == "Y"
    assert disputed.sources == (("A.2", "s5"), ("B.1", "s2"))
    assert disputed.candidates == ("high", "low")
    assert [m.subject.item for m in disputed.mappings] == ["A.2", "B.1"]


def test_translation_reports_every_item_it_could_not_carry() -> None:
    partial = ScaleMapping(SCALE, COARSE, {"s1": "low", "s3": "mid"})
    crosswalk = _crosswalk(
        _map("A.1", "close", "X.1"),
        _map("A.1", "related", "Y"),
        _map("A.2", "exact", "X.2"),
        Mapping(subject=SOURCE.ref_of("B"), relation="exact", object=TARGET.ref.with_item("Z")),
    )
    profile = _profile(A_1="s3", A_2="s2", B="s3", B_1="s1")
    result = translate_profile(profile, crosswalk, TARGET, partial)
    reasons = {d.item: d.reason for d in result.dropped}
    assert reasons == {
        "A.1": Reason.LOOSE_ONLY,
        "A.2": Reason.LEVEL_NOT_MAPPABLE,
        "B": Reason.UNKNOWN_TARGET,
        "B.1": Reason.NO_COUNTERPART,
    }
    loose = next(d for d in result.dropped if d.item == "A.1")
    assert "close/related" in loose.detail and len(loose.mappings) == 2
    assert "illustrative-target@1:Z" in next(d.detail for d in result.dropped if d.item == "B")
    assert dict(result.profile.levels) == {}
    assert not result.complete
    # Asking for close mappings to carry a level carries A.1.
    wider = translate_profile(profile, crosswalk, TARGET, partial, carry=CARRY | {Relation.CLOSE})
    assert dict(wider.profile.levels) == {"X.1": "mid"}


def test_translation_reads_mappings_both_ways_and_never_uses_negated_ones() -> None:
    crosswalk = _crosswalk(
        _map("X.1", "broad", "A"),  # read from A: A narrow X.1
        _map("A.2", "exact", "X.2"),
        _map("A.2", "exact", "X.2", negated=True),  # a negation defeats the same claim
        _map("B.1", "exact", "Y", negated=True),
    )
    result = translate_profile(_profile(A="s4", A_2="s4", B_1="s4"), crosswalk, TARGET, TO_COARSE)
    assert dict(result.profile.levels) == {"X.1": "high"}
    assert {d.item: d.reason for d in result.dropped} == {
        "A.2": Reason.NO_COUNTERPART,
        "B.1": Reason.NO_COUNTERPART,
    }


def test_translation_without_scale_mapping_needs_the_scale_in_the_target() -> None:
    crosswalk = _crosswalk(_map("A.1", "exact", "X.1"))
    with pytest.raises(ProfileError, match="ScaleMapping"):
        translate_profile(_profile(A_1="s1"), crosswalk, TARGET)
    same_scale = _framework("illustrative-target", TARGET_ITEMS)
    result = translate_profile(_profile(A_1="s2"), crosswalk, same_scale)
    assert dict(result.profile.levels) == {"X.1": "s2"}
    with pytest.raises(ProfileError, match="starts from 'coarse'"):
        translate_profile(_profile(A_1="s2"), crosswalk, TARGET, ScaleMapping.identity(COARSE))


def test_translated_profile_meets_a_target_matrix_through_a_role_mapping() -> None:
    matrix = LevelMatrix(
        id="expected",
        title="Illustrative expected levels",
        status="published",
        scale="coarse",
        roles=["manager"],
        expectations=[Expectation("manager", "X.1", "mid"), Expectation("manager", "Y", "mid")],
    )
    target = _framework("illustrative-target", TARGET_ITEMS, scales=(COARSE,), matrices=(matrix,))
    crosswalk = _crosswalk(_map("A.1", "exact", "X.1"))
    roles = RoleMapping(SOURCE.ref, target.ref, {"manager": "manager"})
    translated = translate_profile(_profile(A_1="s4"), crosswalk, target, TO_COARSE)
    found = gaps(translated.profile, target, "expected", roles.map("manager"))
    assert [(g.item, g.unrated) for g in found] == [("Y", True)]


def test_an_alliance_profile_through_the_curated_crosswalk(alliance: Framework) -> None:
    ccmep = cecompetency.load("nccme-ccmep@2008")
    crosswalk = default_registry().load_crosswalk("alliance-ccmep@1.0")
    # Neither framework defines a scale: an illustrative one is shared through identity.
    profile = Profile(
        framework=alliance.ref,
        scale="steps",
        levels={"7.6": "s4", "6.1": "s5", "7.2": "s2", "1.4": "s3", "8.1": "s5"},
        label="illustrative",
    )
    result = translate_profile(profile, crosswalk, ccmep, ScaleMapping.identity(SCALE))
    # Each competency is a part of its domain (broad): 7.6 alone is not enough to rate
    # domain 5, nor 6.1 and 7.2 domain 4, which has many more parts.
    assert dict(result.profile.levels) == {}
    assert {d.item: d.reason for d in result.dropped} == {
        "7.6": Reason.UNSUPPORTED,
        "6.1": Reason.UNSUPPORTED,
        "7.2": Reason.UNSUPPORTED,
        "1.4": Reason.LOOSE_ONLY,  # only a related link to domain 5
        "8.1": Reason.NO_COUNTERPART,
    }
    withheld = [(w.item, w.sources) for w in result.withheld]
    assert withheld == [("4", ("6.1", "7.2")), ("5", ("7.6",))]
    assert len(result.withheld[0].counterparts) > 10
    # A caller may let one part rate the whole; then the minimum rule decides.
    anyone = translate_profile(
        profile, crosswalk, ccmep, ScaleMapping.identity(SCALE), support=Support.any()
    )
    assert dict(anyone.profile.levels) == {"4": "s2", "5": "s4"}  # domain 4: min(s5, s2)
    assert [c.item for c in anyone.disputed] == ["4"]


def test_an_item_broader_than_its_sources_needs_enough_of_them_rated() -> None:
    # Y is broader than A.1, A.2, B.1 and B: four parts. X.1 is A.1's exact counterpart.
    crosswalk = _crosswalk(
        _map("A.1", "broad", "Y"),
        _map("A.2", "broad", "Y"),
        _map("B.1", "broad", "Y"),
        _map("B", "broad", "Y"),
        _map("A.1", "exact", "X.1"),
    )
    one = translate_profile(_profile(A_2="s4"), crosswalk, TARGET, TO_COARSE)
    assert dict(one.profile.levels) == {}
    assert [(w.item, w.sources, w.counterparts) for w in one.withheld] == [
        ("Y", ("A.2",), ("A.1", "A.2", "B.1", "B"))
    ]
    (dropped,) = one.dropped
    assert dropped.reason is Reason.UNSUPPORTED and "(Y)" in dropped.detail
    # Two of four: the default's two items and half of the parts.
    two = translate_profile(_profile(A_2="s4", B="s2"), crosswalk, TARGET, TO_COARSE)
    assert dict(two.profile.levels) == {"Y": "low"}
    assert two.withheld == () and two.dropped == ()
    stricter = translate_profile(
        _profile(A_2="s4", B="s2"), crosswalk, TARGET, TO_COARSE, support=Support(3, 0.75)
    )
    assert dict(stricter.profile.levels) == {}
    # An exact counterpart needs no support: A.1 rates X.1 whole, and counts for Y.
    exact = translate_profile(_profile(A_1="s3", A_2="s4"), crosswalk, TARGET, TO_COARSE)
    assert dict(exact.profile.levels) == {"X.1": "mid", "Y": "mid"}


def test_a_graph_carries_levels_through_chains_a_single_crosswalk_lacks() -> None:
    middle = _framework("illustrative-middle", [Item(id="M", kind="area", title="Middle")])
    first = Crosswalk(
        id="first",
        version="1",
        title="Illustrative",
        frameworks=[SOURCE.ref, middle.ref],
        mappings=[Mapping(SOURCE.ref_of("A.1"), "exact", middle.ref_of("M"), confidence=0.9)],
    )
    second = Crosswalk(
        id="second",
        version="1",
        title="Illustrative",
        frameworks=[middle.ref, TARGET.ref],
        mappings=[Mapping(middle.ref_of("M"), "broad", TARGET.ref_of("X"), confidence=0.5)],
    )
    profile = _profile(A_1="s5", B_1="s1")
    alone = translate_profile(profile, [first, second], TARGET, TO_COARSE)
    assert dict(alone.profile.levels) == {}
    graph = CompetencyGraph([SOURCE, middle, TARGET], [first, second])
    # X is broader than A.1, its one part: rating X from it needs Support.any().
    assert dict(translate_profile(profile, graph, TARGET, TO_COARSE).profile.levels) == {}
    result = translate_profile(profile, graph, TARGET, TO_COARSE, support=Support.any())
    assert dict(result.profile.levels) == {"X": "high"}
    (entry,) = result.carried
    (inferred,) = entry.mappings
    assert inferred.relation is Relation.BROAD
    assert [m.source for m in inferred.chain] == ["first@1", "second@1"]
    assert {d.item: d.reason for d in result.dropped} == {"B.1": Reason.NO_COUNTERPART}


def test_graph_and_crosswalk_agree_on_the_curated_crosswalk(alliance: Framework) -> None:
    ccmep = cecompetency.load("nccme-ccmep@2008")
    crosswalk = default_registry().load_crosswalk("alliance-ccmep@1.0")
    levels = {item.id: "s3" for item in alliance.walk()} | {"7.6": "s1", "2.6": "s5"}
    profile = Profile(framework=alliance.ref, scale="steps", levels=levels)
    identity = ScaleMapping.identity(SCALE)
    direct = translate_profile(profile, crosswalk, ccmep, identity)
    graph = CompetencyGraph([alliance, ccmep], [crosswalk])
    through_graph = translate_profile(profile, graph, ccmep, identity)
    assert through_graph.profile == direct.profile
    assert [(d.item, d.reason) for d in through_graph.dropped] == [
        (d.item, d.reason) for d in direct.dropped
    ]


# -- properties ----------------------------------------------------------------------------


@st.composite
def _setting(draw: st.DrawFn) -> tuple[Framework, Profile, dict[str, str]]:
    """An illustrative framework with a published matrix, a profile and a raised copy."""
    items = draw(item_trees(max_depth=2, max_children=3))
    framework = _framework("illustrative-source", items)
    ids = [item.id for item in framework.walk()]
    levels = st.sampled_from([level.id for level in SCALE.levels])
    expected = draw(st.dictionaries(st.sampled_from(ids), levels, max_size=6))
    matrix = LevelMatrix(
        id="expected",
        title="Illustrative expected levels",
        status="published",
        scale="steps",
        roles=["manager"],
        expectations=[Expectation("manager", item, level) for item, level in expected.items()],
    )
    framework = _framework("illustrative-source", items, matrices=(matrix,))
    rated = draw(st.dictionaries(st.sampled_from(ids), levels, max_size=len(ids)))
    profile = Profile(framework=framework.ref, scale="steps", levels=rated)
    raised = dict(rated)
    for item in draw(st.lists(st.sampled_from(ids), max_size=4)):
        floor = SCALE.rank(raised[item]) if item in raised else 0
        raised[item] = SCALE.levels[draw(st.integers(floor, len(SCALE.levels) - 1))].id
    return framework, profile, raised


@given(_setting())
def test_raising_a_profile_never_adds_a_gap(
    setting: tuple[Framework, Profile, dict[str, str]],
) -> None:
    framework, profile, raised = setting
    before = gaps(profile, framework, "expected", "manager")
    after = gaps(attrs.evolve(profile, levels=raised), framework, "expected", "manager")
    assert {g.item for g in after} <= {g.item for g in before}
    shortfall = {g.item: g.shortfall for g in before}
    assert all(g.shortfall <= shortfall[g.item] for g in after)
    # Every gap is an expectation the profile does not meet, and only those are gaps.
    matrix = framework.matrix("expected")
    unmet = {
        cell.item
        for cell in matrix.expectations
        if profile.level(cell.item) is None
        or SCALE.rank(profile.levels[cell.item]) < SCALE.rank(cell.level)
    }
    assert {g.item for g in before} == unmet


@st.composite
def _translation_case(draw: st.DrawFn) -> tuple[Profile, Crosswalk, Framework, dict[str, str]]:
    source = _framework("illustrative-source", draw(item_trees(max_depth=2, max_children=3)))
    target = _framework("illustrative-target", draw(item_trees(max_depth=2, max_children=3)))
    source_ids = [item.id for item in source.walk()]
    target_ids = [item.id for item in target.walk()] + ["not-there"]
    mappings = []
    for _ in range(draw(st.integers(0, 12))):
        subject = source.ref.with_item(draw(st.sampled_from(source_ids)))
        obj = target.ref.with_item(draw(st.sampled_from(target_ids)))
        if draw(st.booleans()):
            subject, obj = obj, subject
        relation = draw(st.sampled_from(list(Relation)))
        mappings.append(Mapping(subject, relation, obj, negated=draw(st.booleans())))
    crosswalk = Crosswalk(
        id="illustrative",
        version="1",
        title="Illustrative",
        frameworks=[source.ref, target.ref],
        mappings=mappings,
    )
    levels = st.sampled_from([level.id for level in SCALE.levels])
    rated = draw(st.dictionaries(st.sampled_from(source_ids), levels, max_size=len(source_ids)))
    raised = {
        item: SCALE.levels[draw(st.integers(SCALE.rank(level), len(SCALE.levels) - 1))].id
        for item, level in rated.items()
    }
    profile = Profile(framework=source.ref, scale="steps", levels=rated)
    return profile, crosswalk, target, raised


@given(_translation_case())
def test_translation_never_invents_items_and_accounts_for_every_rated_item(
    case: tuple[Profile, Crosswalk, Framework, dict[str, str]],
) -> None:
    profile, crosswalk, target, raised = case
    result = translate_profile(profile, crosswalk, target, TO_COARSE)
    assert set(result.profile.levels) <= {item.id for item in target.walk()}
    assert all(level in COARSE for level in result.profile.levels.values())
    carried = {source for entry in result.carried for source, _ in entry.sources}
    dropped = [d.item for d in result.dropped]
    assert len(dropped) == len(set(dropped))
    assert carried.isdisjoint(dropped)
    assert carried | set(dropped) == set(profile.levels)
    # Raising the source levels never lowers a translated level (the minimum is monotone).
    higher = translate_profile(attrs.evolve(profile, levels=raised), crosswalk, target, TO_COARSE)
    assert set(higher.profile.levels) == set(result.profile.levels)
    for item, level in result.profile.levels.items():
        assert COARSE.rank(higher.profile.levels[item]) >= COARSE.rank(level)
