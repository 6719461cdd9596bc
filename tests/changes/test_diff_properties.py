"""Properties of diff on random frameworks and random edit scripts."""

from __future__ import annotations

from collections import Counter

import attrs
from edit_scripts import Expected, distinct_frameworks, edited
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import frameworks

from cecompetency.changes import ChangeKind, FrameworkDiff, Impact, Merged, Split, diff
from cecompetency.model.framework import Framework, Item
from cecompetency.model.relations import Relation

# Random frameworks are slow to draw: a few dozen examples per property (2 cores).
_KEY = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
_SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def observed(result: FrameworkDiff) -> Counter[Expected]:
    """The changes of a diff in the terms of the edit scripts."""
    out: Counter[Expected] = Counter()
    for change in result:
        details = change.details
        several: frozenset[str] = frozenset()
        if isinstance(details, Split):
            several = frozenset(p.item or "" for p in details.parts)
        elif isinstance(details, Merged):
            several = frozenset(s.item or "" for s in details.sources)
        elif change.kind is ChangeKind.METADATA and change.old is None:
            several = frozenset({details.field})  # type: ignore[union-attr]
        out[
            Expected(
                change.kind,
                change.old.item if change.old is not None else None,
                change.new.item if change.new is not None else None,
                several,
            )
        ] += 1
    return out


@_SLOW
@given(frameworks())
def test_a_framework_has_no_changes_from_itself(framework):
    result = diff(framework, framework)
    assert len(result) == 0
    assert not result
    assert result.suggested_bump.value == "none"
    assert len(result.unchanged) == len(framework)
    assert result.apply(framework) == framework


@_KEY
@given(frameworks(), frameworks())
def test_apply_rebuilds_any_framework_from_any_other(a, b):
    assert diff(a, b).apply(a) == b


@_SLOW
@given(edited(base=frameworks()))
def test_apply_rebuilds_an_edited_framework(script):
    old, new, _expected = script
    assert diff(old, new).apply(old) == new


@_KEY
@given(edited())
def test_each_edit_is_reported_as_its_kind(script):
    old, new, expected = script
    result = diff(old, new)
    assert observed(result) == Counter(expected)
    assert result.apply(old) == new


@_SLOW
@given(edited())
def test_impact_follows_the_kind(script):
    old, new, _expected = script
    for change in diff(old, new):
        if change.kind in (
            ChangeKind.REMOVED,
            ChangeKind.RENUMBERED,
            ChangeKind.MOVED,
            ChangeKind.SPLIT,
            ChangeKind.MERGED,
        ):
            assert change.impact is Impact.BREAKING
        elif change.kind is ChangeKind.ADDED:
            assert change.impact is Impact.ADDITIVE
        elif change.kind in (ChangeKind.REORDERED, ChangeKind.METADATA):
            assert change.impact is Impact.EDITORIAL
        elif change.kind is ChangeKind.REWORDED:
            breaking = change.details.similarity < 0.8  # type: ignore[union-attr]
            assert (change.impact is Impact.BREAKING) == breaking


@_SLOW
@given(edited())
def test_the_version_crosswalk_maps_every_surviving_item(script):
    old, new, _expected = script
    result = diff(old, new)
    crosswalk = result.to_crosswalk()
    subjects = {m.subject.item for m in crosswalk}
    gone = {c.old.item for c in result.of_kind(ChangeKind.REMOVED)}
    assert subjects == {item.id for item in old.walk()} - gone
    for mapping in crosswalk:
        assert mapping.subject.item in old
        assert mapping.object.item in new
        if mapping.relation is Relation.EXACT:
            assert old[mapping.subject.item].text == new[mapping.object.item].text


@_SLOW
@given(distinct_frameworks(), st.data())
def test_changes_render_in_every_format(framework, data):
    old, new, _expected = data.draw(edited(base=st.just(framework)))
    result = diff(old, new)
    assert result.to_text().count("\n") >= len(result)
    markdown = result.to_markdown()
    assert markdown.startswith(f"## [{new.version}]")
    assert len(result.to_data()["changes"]) == len(result)


_STOCK = (
    "to improve patient outcomes",
    "in collaboration with stakeholders",
    "in accordance with accreditation standards across the continuum of care",
)


def with_tail(framework: Framework, tail: str) -> Framework:
    """The framework with ``tail`` at the end of every item's statement."""

    def grow(item: Item) -> Item:
        return attrs.evolve(
            item,
            statement=f"{item.statement} {tail}",
            children=tuple(grow(c) for c in item.children),
        )

    return attrs.evolve(framework, items=tuple(grow(i) for i in framework.items))


@_KEY
@given(edited(), st.sampled_from(_STOCK))
def test_a_phrase_that_every_item_repeats_changes_nothing(script, tail):
    # Boilerplate shared by every item weighs next to nothing: removed and added items
    # that share only it stay removed and added, and every edit is read as without it.
    old, new, expected = script
    result = diff(with_tail(old, tail), with_tail(new, tail))
    assert observed(result) == Counter(expected)
