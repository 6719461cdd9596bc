"""diff and apply know level descriptors and the role ladder."""

from __future__ import annotations

import attrs
from samples import DATA

import cecompetency as ce
from cecompetency.changes import ChangeKind, Impact, diff
from cecompetency.changes.records import DescriptorChange, DescriptorOrder


def _stages() -> ce.Framework:
    return ce.load_file(DATA / "levels" / "stages.yaml")


def _descriptor_changes(result: object) -> list[tuple[str, str, str]]:
    out = []
    for change in result:  # type: ignore[attr-defined]
        d = change.details
        if isinstance(d, DescriptorChange):
            one = d.new or d.old
            out.append((d.action, f"{one.item}:{one.level}", change.impact.value))
        elif isinstance(d, DescriptorOrder):
            out.append(("reordered", "", change.impact.value))
    return out


def test_a_reworded_descriptor_is_reported_with_its_words_and_applied() -> None:
    old = _stages()
    d = list(old.descriptors)
    d[1] = attrs.evolve(d[1], description="Plans a needs assessment from several sources of data.")
    d[2] = attrs.evolve(d[2], description="Teaches colleagues to read practice data.")
    new = attrs.evolve(old, version="2", descriptors=d)
    result = diff(old, new)
    assert _descriptor_changes(result) == [
        ("reworded", "1.1:competent", "editorial"),
        ("reworded", "1.1:expert", "breaking"),
    ]
    line = result[0].describe()
    assert line == (
        "descriptor of 1.1 at stage:competent reworded (similarity 0.82): Plans a needs "
        "assessment from several [-data sources.-] {+sources of data.+}"
    )
    assert result.apply(old) == new


def test_added_removed_rescored_and_reordered_descriptors_and_a_changed_ladder() -> None:
    old = _stages()
    d = list(old.descriptors)
    extra = attrs.evolve(d[3], level="competent", description="Compares results across years.")
    rescored = attrs.evolve(d[4], score=2.5)
    new = attrs.evolve(
        old,
        version="2",
        descriptors=[rescored, d[0], extra, d[1], d[3]],
        ladder=("lead", "officer"),
    )
    result = diff(old, new)
    assert _descriptor_changes(result) == [
        ("removed", "1.1:expert", "breaking"),
        ("rescored", "1.2:expert", "breaking"),
        ("added", "1.2:competent", "additive"),
        ("reordered", "", "editorial"),
    ]
    ladder = result.of_kind(ChangeKind.METADATA)
    assert [(c.subject, c.impact) for c in ladder] == [("ladder", Impact.BREAKING)]
    assert result.apply(old) == new
    markdown = result.to_markdown()
    assert "### Added\n\n- descriptor of `1.2` at `stage:competent` added" in markdown
    assert (
        "### Removed\n\n- **Breaking:** descriptor of `1.1` at `stage:expert` removed" in markdown
    )


def test_a_renumbered_item_keeps_its_descriptors_without_a_descriptor_change() -> None:
    old = _stages()
    area = old.items[0]
    moved = attrs.evolve(area.children[0], id="1.9")
    new = attrs.evolve(
        old,
        version="2",
        items=[attrs.evolve(area, children=[moved, area.children[1]])],
        matrices=[],
        descriptors=[
            attrs.evolve(x, item="1.9") if x.item == "1.1" else x for x in old.descriptors
        ],
    )
    result = diff(old, new)
    assert result.of_kind(ChangeKind.RENUMBERED)
    assert _descriptor_changes(result) == []
    assert result.apply(old) == new


def test_a_ladder_set_for_the_first_time_is_additive() -> None:
    new = _stages()
    old = attrs.evolve(new, ladder=())
    result = diff(old, new)
    assert [(c.subject, c.impact) for c in result] == [("ladder", Impact.ADDITIVE)]
    assert result.apply(old) == new
