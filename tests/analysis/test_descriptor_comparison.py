"""Two frameworks' descriptors side by side through an item and a level crosswalk."""

from __future__ import annotations

import attrs
import pytest
from samples import DATA

import cecompetency as ce
from cecompetency.analysis.descriptor_comparison import compare_descriptors
from cecompetency.analysis.profiles import ScaleMapping
from cecompetency.changes.matching import word_similarity
from cecompetency.changes.records import descriptor_words
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.errors import NotFoundError
from cecompetency.model.levels import Level, LevelScale

SCALE = LevelScale("band", "Band", [Level("low", "Low"), Level("high", "High")])


def _frameworks() -> tuple[ce.Framework, ce.Framework]:
    stages = ce.load_file(DATA / "levels" / "stages.yaml")
    other = attrs.evolve(
        stages,
        id="other",
        ladder=(),
        matrices=(),
        scales=[SCALE],
        descriptors=[Descriptor("1.2", "band", "high", "Measures change in practice.")],
    )
    return stages, other


def _crosswalk(*mappings: Mapping) -> Crosswalk:
    return Crosswalk(
        id="x",
        version="1",
        title="x",
        frameworks=["stages-example@1", "other@1"],
        mappings=mappings,
    )


def test_pairs_follow_the_level_crosswalk_and_say_what_is_missing() -> None:
    stages, other = _frameworks()
    levels = ScaleMapping(stages.scale("stage"), SCALE, {"novice": "low", "expert": "high"})
    # Written from the other framework's side: it is read from stages to other.
    crosswalk = _crosswalk(Mapping("other@1:1.2", "exact", "stages-example@1:1.2"))
    pairs = compare_descriptors(stages, other, crosswalk, levels)
    assert [(p.source_level, p.target_level, p.target is not None) for p in pairs] == [
        ("novice", "low", False),
        ("expert", "high", True),
    ]
    novice, expert = pairs
    assert novice.similarity is None and "(no descriptor)" in str(novice)
    mine = stages.descriptor("1.2", "stage", "expert")
    assert mine is not None and expert.source == mine
    assert expert.similarity == round(
        word_similarity(descriptor_words(mine), "Measures change in practice."), 4
    )
    assert 0 < expert.similarity < 1
    assert str(expert).startswith("1.2 exact 1.2, expert -> high (similarity ")
    # Competent has no counterpart: the stages descriptor is shown alone.
    unmatched = ScaleMapping(stages.scale("stage"), SCALE, {"expert": "high"})
    crosswalk = _crosswalk(Mapping("stages-example@1:1.1", "close", "other@1:1.2"))
    pairs = compare_descriptors(stages, other, crosswalk, unmatched)
    assert [(p.source_level, p.target_level) for p in pairs] == [
        ("novice", None),
        ("competent", None),
        ("expert", "high"),
    ]


def test_a_negated_mapping_is_not_relied_on_and_strangers_are_refused() -> None:
    stages, other = _frameworks()
    levels = ScaleMapping(stages.scale("stage"), SCALE, {"expert": "high"})
    negated = _crosswalk(
        Mapping("stages-example@1:1.2", "exact", "other@1:1.2"),
        Mapping("stages-example@1:1.2", "exact", "other@1:1.2", negated=True),
    )
    assert compare_descriptors(stages, other, negated, levels) == []
    with pytest.raises(NotFoundError):
        compare_descriptors(stages, other, _crosswalk(), ScaleMapping.identity(SCALE))
