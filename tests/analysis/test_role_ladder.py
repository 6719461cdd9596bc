"""Ordered roles: a gap report says what the roles below expect and which of it is met."""

from __future__ import annotations

import attrs
from samples import DATA

import cecompetency as ce
from cecompetency.analysis.profiles import Gap, Profile, gaps, highest_role_met
from cecompetency.model.levels import Expectation, Level, LevelMatrix, LevelScale


def _stages() -> ce.Framework:
    return ce.load_file(DATA / "levels" / "stages.yaml")


def test_a_gap_for_the_higher_role_says_the_lower_expectation_is_met() -> None:
    fw = _stages()
    profile = Profile(fw.ref, "stage", {"1.1": "competent"})
    assert gaps(profile, fw, "expected", "lead") == [
        Gap("1.1", "expert", "competent", 1, below=(("officer", "competent"),), meets="officer")
    ]
    (gap,) = gaps(profile, fw, "expected", "lead")
    assert str(gap) == (
        "1.1: at competent, expected expert (1 short); "
        "meets the officer expectation (competent) below it"
    )
    assert highest_role_met(profile, fw, "expected") == "officer"


def test_below_the_lowest_rung_nothing_is_met_and_unordered_roles_say_nothing() -> None:
    fw = _stages()
    novice = Profile(fw.ref, "stage", {"1.1": "novice"})
    (gap,) = gaps(novice, fw, "expected", "lead")
    assert (gap.below, gap.meets) == ((("officer", "competent"),), None)
    assert highest_role_met(novice, fw, "expected") is None
    unordered = attrs.evolve(fw, ladder=())
    (plain,) = gaps(novice, unordered, "expected", "lead")
    assert (plain.below, plain.meets) == ((), None)
    assert str(plain) == "1.1: at novice, expected expert (2 short)"
    assert highest_role_met(novice, unordered, "expected") is None
    expert = Profile(fw.ref, "stage", {"1.1": "expert"})
    assert highest_role_met(expert, fw, "expected") == "lead"


def test_the_alliance_levels_of_responsibility_are_ordered_as_the_source_names_them() -> None:
    alliance = ce.load("alliance@2008")
    assert alliance.ladder == ("coordinator", "manager", "leader")
    assert [alliance.role_rank(r) for r in ("coordinator", "manager", "leader")] == [0, 1, 2]
    # The Alliance's matrix is announced, not published; a hypothetical one, made here only
    # to exercise the ladder, shows the gap report using the source's order.
    scale = LevelScale("skill", "Skill", [Level("basic", "Basic"), Level("advanced", "Advanced")])
    matrix = LevelMatrix(
        "hypothetical",
        "Not the Alliance's",
        "draft",
        roles=["leader", "manager", "coordinator"],
        scale="skill",
        expectations=[
            Expectation("coordinator", "1.1", "basic"),
            Expectation("manager", "1.1", "advanced"),
        ],
    )
    fw = attrs.evolve(alliance, scales=[scale], matrices=[matrix])
    profile = Profile(fw.ref, "skill", {"1.1": "basic"})
    (gap,) = gaps(profile, fw, "hypothetical", "manager")
    assert gap.meets == "coordinator"
    assert "meets the coordinator expectation (basic) below it" in str(gap)
    assert highest_role_met(profile, fw, "hypothetical") == "coordinator"
