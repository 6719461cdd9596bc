"""The typed, immutable model: invariants, the item tree, lookups and their errors."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import frameworks, item_trees

from cecompetency.model.errors import CecompetencyError, ModelError, NotFoundError, RefError
from cecompetency.model.framework import Framework, Item, Publisher, Status
from cecompetency.model.levels import (
    Expectation,
    Level,
    LevelMatrix,
    LevelScale,
    MatrixStatus,
    Role,
)
from cecompetency.model.refs import Ref

PUBLISHER = Publisher(name="Demo Organization")


def tree() -> list[Item]:
    """Two areas; the first has two competencies, one of them with an indicator."""
    return [
        Item(
            id="1",
            kind="area",
            title="Planning",
            children=[
                Item(
                    id="1.1",
                    kind="competency",
                    statement="Plan.",
                    children=[Item(id="1.1.a", kind="indicator", statement="Writes plans.")],
                ),
                Item(id="1.2", kind="competency", statement="Review."),
            ],
        ),
        Item(id="2", kind="area", title="Evaluation", statement="Evaluate outcomes."),
    ]


def framework(**changes: Any) -> Framework:
    fields: dict[str, Any] = {
        "id": "demo",
        "version": "1.0",
        "title": "Demo",
        "status": "published",
        "publishers": [PUBLISHER],
        "items": tree(),
    }
    fields.update(changes)
    return Framework(**fields)


def preorder(items: tuple[Item, ...] | list[Item]) -> Iterator[Item]:
    """Document order, written recursively as the definition to compare against."""
    for item in items:
        yield item
        yield from preorder(item.children)


# -- the tree ---------------------------------------------------------------------------------


def test_walk_is_document_order() -> None:
    fw = framework()
    assert [i.id for i in fw.walk()] == ["1", "1.1", "1.1.a", "1.2", "2"]
    assert [i.id for i in fw] == ["1", "1.1", "1.1.a", "1.2", "2"]
    assert [i.id for i in fw["1"].walk()] == ["1", "1.1", "1.1.a", "1.2"]
    assert [i.id for i in fw["2"].walk()] == ["2"]
    assert len(fw) == 5


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(item_trees())
def test_item_walk_is_preorder(items: list[Item]) -> None:
    for top in items:
        assert list(top.walk()) == list(preorder([top]))


# frameworks() draws are slow (a whole random tree each); a few dozen cover the shapes.
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(frameworks())
def test_framework_walk_is_preorder_and_indexes_every_item(fw: Framework) -> None:
    expected = list(preorder(fw.items))
    assert list(fw.walk()) == expected
    assert len(fw) == len(expected)
    for item in expected:
        assert fw[item.id] is item
        assert fw.ref_of(item) == Ref(fw.id, fw.version, item.id)
        parent = fw.parent_of(item)
        siblings = fw.items if parent is None else parent.children
        assert any(item is sibling for sibling in siblings)
        assert fw.depth_of(item) == len(fw.ancestors(item))
        assert any(fw.area_of(item) is top for top in fw.items)


def test_parents_ancestors_depth_and_area() -> None:
    fw = framework()
    assert fw.parent_of("1") is None
    assert fw.parent_of("1.1.a") is fw["1.1"]
    assert fw.parent_of(fw["1.2"]) is fw["1"]
    assert fw.ancestors("1.1.a") == (fw["1.1"], fw["1"])
    assert fw.ancestors("2") == ()
    assert [fw.depth_of(i) for i in ("1", "1.1", "1.1.a")] == [0, 1, 2]
    assert fw.area_of("1.1.a") is fw["1"]
    assert fw.area_of("2") is fw["2"]
    assert fw.areas == fw.items
    assert [i.id for i in fw.competencies] == ["1.1", "1.2"]
    assert [i.id for i in fw.of_kind("indicator")] == ["1.1.a"]
    assert fw.of_kind("nothing") == ()


def test_lookup_of_an_unknown_id_says_which_framework() -> None:
    fw = framework()
    for ask in (fw.parent_of, fw.ancestors, fw.depth_of, fw.area_of, fw.ref_of, fw.__getitem__):
        with pytest.raises(NotFoundError, match=r"demo@1\.0 has no item '9'"):
            ask("9")
    assert fw.get("9") is None
    assert "9" not in fw
    assert "1.1" in fw
    assert fw.get("1.1") is fw["1.1"]


def test_not_found_is_a_key_error_with_a_readable_message() -> None:
    with pytest.raises(KeyError) as info:
        framework()["9"]
    assert str(info.value) == "demo@1.0 has no item '9'"  # not the repr KeyError prints


def test_an_item_of_another_framework_is_not_answered_for() -> None:
    fw = framework()
    stranger = Item(id="1.1", kind="competency", statement="Something else.")
    for ask in (fw.parent_of, fw.ancestors, fw.depth_of, fw.area_of, fw.ref_of):
        with pytest.raises(NotFoundError, match="only shares its id"):
            ask(stranger)
    # An equal item (another load of the same file) is the same item.
    twin = framework()
    assert fw.parent_of(twin["1.1"]) is fw["1"]


def test_item_text_and_label() -> None:
    both = Item(id="x", kind="k", title="Title", statement="Statement.")
    assert both.text == "Title Statement."
    assert both.label == "Title"
    only_statement = Item(id="y", kind="k", statement="Statement.")
    assert only_statement.text == "Statement."
    assert only_statement.label == "Statement."


# -- invariants -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: Item(id="", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id="  ", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id="a b", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id="a\u00a0b", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id="@a", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id=":a", kind="k", title="t"), "not a valid item id"),
        (lambda: Item(id="a", kind="", title="t"), "not a valid name"),
        (lambda: Item(id="a", kind="k"), "needs a title or a statement"),
        (lambda: Item(id="a", kind="k", title="t", extensions={"ext": 1}), "start with 'x-'"),
        (lambda: Publisher(name=" "), "not a valid text"),
        (lambda: LevelScale(id="s", title="S", levels=[]), "has no levels"),
        (
            lambda: LevelScale(id="s", title="S", levels=[Level("a", "A"), Level("a", "B")]),
            "repeats a level id",
        ),
        (
            lambda: LevelMatrix(
                id="m", title="M", status="pending", expectations=[Expectation("r", "1", "a")]
            ),
            "pending and cannot hold expectations",
        ),
        (
            lambda: LevelMatrix(
                id="m", title="M", status="draft", expectations=[Expectation("r", "1", "a")]
            ),
            "has expectations but no scale",
        ),
        (lambda: LevelMatrix(id="m", title="M", status="announced"), "expected one of"),
        (lambda: framework(status="final"), "expected one of 'draft', 'published'"),
        (lambda: framework(publishers=[]), "needs at least one publisher"),
        (lambda: framework(items=[]), "is published but has no items"),
        (lambda: framework(status="retired", items=[]), "is retired but has no items"),
        (lambda: framework(id="a b"), "not a valid framework id"),
        (lambda: framework(id="../../etc/passwd"), "not a valid framework id"),
        (lambda: framework(version="1 0"), "not a valid version"),
        (lambda: framework(version="../1"), "not a valid version"),
        (lambda: framework(title=""), "not a valid text"),
        (
            lambda: framework(items=[*tree(), Item(id="1.1", kind="k", title="again")]),
            "repeats item id '1.1'",
        ),
        (
            lambda: framework(kinds=["area", "competency"]),
            "item '1.1.a' is of kind 'indicator', not one of the declared kinds",
        ),
        (lambda: framework(extensions={"notes": "x"}), "start with 'x-'"),
    ],
)
def test_invariants_are_checked_when_built(build: Any, message: str) -> None:
    with pytest.raises(ModelError, match=message) as info:
        build()
    assert isinstance(info.value, CecompetencyError)
    assert isinstance(info.value, ValueError)


def test_an_empty_draft_is_allowed() -> None:
    fw = framework(status="draft", items=[])
    assert len(fw) == 0
    assert list(fw.walk()) == []
    assert fw.status is Status.DRAFT


def test_an_invalid_supersedes_is_a_reference_error() -> None:
    assert framework(supersedes="demo@0.9").supersedes == Ref("demo", "0.9")
    assert framework(supersedes=Ref("demo", "0.9")).supersedes == Ref("demo", "0.9")
    with pytest.raises(RefError):
        framework(supersedes="demo@0 9")


# -- immutability -----------------------------------------------------------------------------


def test_objects_are_frozen_and_lists_become_tuples() -> None:
    children = [Item(id="1.1", kind="competency", statement="Plan.")]
    tags = ["core"]
    item = Item(id="1", kind="area", title="Planning", children=children, tags=tags)
    children.append(Item(id="1.2", kind="competency", statement="Later."))
    tags.append("later")
    assert [c.id for c in item.children] == ["1.1"]
    assert item.tags == ("core",)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        item.title = "Changed"  # type: ignore[misc]
    fw = framework()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        fw.items = ()  # type: ignore[misc]
    assert isinstance(fw.items, tuple)
    assert isinstance(fw.publishers, tuple)


def test_a_lone_string_is_one_tag_not_letters() -> None:
    item = Item(id="1", kind="area", title="t", tags="core", notes="One note.")
    assert item.tags == ("core",)
    assert item.notes == ("One note.",)


def test_extensions_are_read_only_and_copied() -> None:
    given_extensions = {"x-source-page": 3}
    fw = framework(extensions=given_extensions)
    given_extensions["x-source-page"] = 4
    assert fw.extensions["x-source-page"] == 3
    with pytest.raises(TypeError):
        fw.extensions["x-other"] = 1  # type: ignore[index]


def test_equality_ignores_the_derived_index_and_frameworks_hash() -> None:
    assert framework() == framework()
    assert hash(framework()) == hash(framework())
    assert framework() != framework(title="Other")
    assert str(framework()) == "demo@1.0 (Demo)"
    assert framework().ref == Ref("demo", "1.0")


# -- levels, roles, matrices ------------------------------------------------------------------


def levelled() -> Framework:
    scale = LevelScale(
        id="depth", title="Depth", levels=[Level("aware", "Aware"), Level("expert", "Expert")]
    )
    matrix = LevelMatrix(
        id="grid",
        title="Grid",
        status=MatrixStatus.PUBLISHED,
        roles=["lead"],
        scale="depth",
        expectations=[Expectation("lead", "1.1", "expert")],
    )
    return framework(scales=[scale], roles=[Role(id="lead", title="Lead")], matrices=[matrix])


def test_scales_rank_levels_lowest_first() -> None:
    scale = levelled().scale("depth")
    assert scale.rank("aware") == 0
    assert scale.rank("expert") == 1
    assert "expert" in scale
    assert "novice" not in scale
    with pytest.raises(NotFoundError, match="scale 'depth' has no level 'novice'"):
        scale.rank("novice")


def test_matrix_lookups() -> None:
    fw = levelled()
    grid = fw.matrix("grid")
    assert grid.expected("lead", "1.1") == "expert"
    assert grid.expected("lead", "1.2") is None
    assert grid.expected("other", "1.1") is None
    assert fw.role("lead").title == "Lead"
    for ask, name in ((fw.scale, "level scale"), (fw.role, "role"), (fw.matrix, "level matrix")):
        with pytest.raises(NotFoundError, match=f"has no {name} 'nope'"):
            ask("nope")


def test_a_pending_matrix_names_roles_only() -> None:
    matrix = LevelMatrix(id="m", title="Announced", status="pending", roles="lead")
    assert matrix.roles == ("lead",)
    assert matrix.status is MatrixStatus.PENDING
    assert matrix.expected("lead", "1") is None


def test_dates_and_sources_are_typed() -> None:
    fw = framework(released=datetime.date(2008, 8, 1))
    assert fw.released == datetime.date(2008, 8, 1)
