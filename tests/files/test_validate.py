"""Validation: the JSON Schema, the rules a schema cannot state, and located, helpful messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import VALID, assert_well_formed

from cecompetency.files.checks import check_framework_data, document_kind, schema_issues
from cecompetency.files.validation import validate_text
from cecompetency.files.yaml_reader import Limits, read_yaml
from cecompetency.model.errors import Issue
from cecompetency.text.spelling import did_you_mean


def issues(text: str) -> list[Issue]:
    found = validate_text(text, "f.yaml")
    if found:
        assert_well_formed(found, "f.yaml")
    return found


def places(text: str) -> list[tuple[str, int | None, int | None]]:
    return [(i.code, i.line, i.column) for i in issues(text)]


def changed(*pairs: tuple[str, str]) -> str:
    """VALID with each ``old`` text replaced by ``new`` (each must occur)."""
    text = VALID
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


def test_the_sample_is_valid() -> None:
    assert issues(VALID) == []


# -- the rules a schema cannot state ----------------------------------------------------------


def test_duplicate_item_ids_anywhere_in_the_tree() -> None:
    text = changed(('- id: "1.2"', '- id: "1"'))
    assert places(text) == [("CE301", 36, 13)]
    (issue,) = issues(text)
    first = text.splitlines().index('  - id: "1"') + 1
    assert f"duplicate item id '1' (first used at line {first}, column 9)" in issue.message
    # Without positions (data checked directly), the first use is named by its path.
    (unplaced,) = check_framework_data(read_yaml(text).data, "f.yaml")
    assert "(first used at items[0].id)" in unplaced.message


@pytest.mark.parametrize(
    ("old", "new", "line"),
    [
        (
            "  - id: lead\n    title: Lead\n",
            "  - id: lead\n    title: Lead\n  - id: lead\n    title: L\n",
            12,
        ),
        ("      - id: aware", "      - id: expert", 18),
        (
            "    expectations:\n",
            "    expectations:\n      - role: lead\n        item: '1.1'\n        level: aware\n",
            30,
        ),
    ],
)
def test_duplicate_ids_of_roles_levels_and_matrix_cells(old: str, new: str, line: int) -> None:
    codes = places(changed((old, new)))
    assert [(c, ln) for c, ln, _ in codes] == [("CE301", line)]


def test_matrix_names_must_exist() -> None:
    text = changed(
        ("    scale: depth", "    scale: dept"),
        ("    roles: [lead]", "    roles: [leed]"),
    )
    found = issues(text)
    assert [(i.code, i.line) for i in found] == [("CE302", 24), ("CE302", 25)]
    assert "names scale 'dept', which this framework does not define (did you mean 'depth'?)" in (
        found[0].message
    )
    assert "unknown role 'leed' (did you mean 'lead'?)" in found[1].message


def test_matrix_cells_must_name_roles_items_and_levels() -> None:
    text = changed(
        ("      - role: lead", "      - role: boss"),
        ('        item: "1.1"', '        item: "1.3"'),
        ("        level: expert", "        level: exprt"),
    )
    found = issues(text)
    assert [(i.code, i.line) for i in found] == [("CE302", 27), ("CE302", 28), ("CE302", 29)]
    assert "unknown role 'boss'" in found[0].message
    assert found[1].message.startswith("unknown item '1.3' (did you mean '1.")
    assert "level 'exprt' is not on scale 'depth' (aware, expert) (did you mean 'expert'?)" in (
        found[2].message
    )


def test_expectations_need_a_scale() -> None:
    found = issues(changed(("    scale: depth\n", "")))
    assert [(i.code, i.line) for i in found] == [("CE302", 21)]
    assert "has expectations but names no 'scale'" in found[0].message


def test_a_pending_matrix_holds_no_expectations() -> None:
    found = issues(changed(("    status: published\n    scale", "    status: pending\n    scale")))
    assert [(i.code, i.line) for i in found] == [("CE306", 27)]
    assert "pending (announced, not published)" in found[0].message


def weighted(*weights: str) -> str:
    one, two = weights
    return changed(
        (
            "        statement: Plan activities.\n",
            f"        statement: Plan activities.\n        weight: {one}\n",
        ),
        (
            "        statement: Review plans.\n",
            f"        statement: Review plans.\n        weight: {two}\n",
        ),
    )


@pytest.mark.parametrize(
    "weights", [("50", "50"), ("33.3", "66.7"), ("0", "100"), ("12.5", "87.5")]
)
def test_sibling_weights_summing_to_100_pass(weights: tuple[str, str]) -> None:
    assert issues(weighted(*weights)) == []


@pytest.mark.parametrize(
    ("weights", "total"), [(("50", "40"), "90"), (("60", "60"), "120"), (("0", "0"), "0")]
)
def test_sibling_weights_must_sum_to_100(weights: tuple[str, str], total: str) -> None:
    found = issues(weighted(*weights))
    assert [(i.code, i.line) for i in found] == [("CE303", 34)]
    assert f"the weights of the items under one parent sum to {total}, not 100" in found[0].message


def test_weights_are_only_summed_when_every_sibling_has_one() -> None:
    text = changed(
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        weight: 10\n",
        )
    )
    assert issues(text) == []


def three_areas(*weights: float) -> str:
    header = VALID.split("matrices:")[0]  # no matrix: it names items this text lacks
    return (
        header
        + "items:\n"
        + "".join(
            f"  - id: '{n}'\n    title: Part {n}\n    weight: {w}\n"
            for n, w in enumerate(weights, 1)
        )
    )


def test_rounding_in_decimal_weights_is_tolerated_but_not_a_missing_share() -> None:
    assert issues(three_areas(33.33, 33.33, 33.34)) == []
    assert issues(three_areas(0.1, 0.2, 99.7)) == []
    found = issues(three_areas(33.33, 33.33, 33.33))
    assert [(i.code, i.line) for i in found] == [("CE303", 21)]
    assert "sum to 99.99, not 100" in found[0].message


def test_top_level_weights_are_checked_too() -> None:
    text = changed(("    title: Planning\n", "    title: Planning\n    weight: 40\n"))
    found = issues(text)
    assert [(i.code, i.line) for i in found] == [("CE303", 31)]
    assert "weights of top-level items sum to 40" in found[0].message


def test_a_published_framework_may_not_be_empty() -> None:
    empty = VALID.split("items:\n")[0].replace("matrices:", "x-matrices:")
    assert places(empty) == [("CE304", 5, 9)]
    assert places(empty + "items: []\n") == [("CE304", 5, 9)]
    for status in ("superseded", "retired"):
        assert places(empty.replace("status: published", f"status: {status}")) == [("CE304", 5, 9)]
    assert issues(empty.replace("status: published", "status: draft")) == []


def test_kinds_by_depth() -> None:
    deeper = changed(
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n"
            "        items:\n"
            "          - id: '1.1.1'\n"
            "            statement: Deeper.\n",
        )
    )
    found = issues(deeper)
    assert [(i.code, i.line) for i in found] == [("CE305", 37)]
    assert "item '1.1.1' needs a 'kind' (or declare 'kinds' down to depth 3)" in found[0].message
    # An explicit kind deeper than 'kinds' is fine if it is one of them ...
    assert (
        issues(
            deeper.replace(
                "          - id: '1.1.1'\n",
                "          - id: '1.1.1'\n            kind: competency\n",
            )
        )
        == []
    )
    # ... and an error, with a suggestion, if it is not.
    found = issues(changed(('  - id: "1"\n', '  - id: "1"\n    kind: aera\n')))
    assert [(i.code, i.line) for i in found] == [("CE305", 32)]
    assert (
        "kind 'aera' is not one of the declared kinds (area, competency) (did you mean 'area'?)"
        in found[0].message
    )


def test_without_kinds_every_item_names_its_kind() -> None:
    found = issues(changed(("kinds: [area, competency]\n", "")))
    assert [(i.code, i.line) for i in found] == [("CE305", 30), ("CE305", 33), ("CE305", 35)]


# -- schema messages --------------------------------------------------------------------------


def test_the_readme_example() -> None:
    text = (
        "format: cecompetency/1\n"
        "id: demo\n"
        "version: '1'\n"
        "titel: Demo\n"
        "status: published\n"
        "publishers: [{name: Demo Org}]\n"
        "items:\n"
        "  - id: 2.10\n"
        "    kind: area\n"
        "    title: Leadership\n"
    )
    found = issues(text)
    assert [(i.code, i.line, i.column) for i in found] == [
        ("CE202", 1, 1),
        ("CE201", 4, 1),
        ("CE203", 8, 9),
    ]
    assert found[0].message == "missing required key 'title'"
    assert found[1].message == "unknown key 'titel' (did you mean 'title'?)"
    assert found[2].message == (
        "expected text, found the number 2.1; YAML reads the unquoted '2.10' as a number "
        "or boolean, quote it: '2.10'"
    )


def test_unknown_keys_point_at_the_key() -> None:
    found = issues(changed(("    title: Planning\n", "    title: Planning\n    statment: x\n")))
    assert [(i.code, i.line, i.column) for i in found] == [("CE201", 33, 5)]
    assert found[0].message == "unknown key 'statment' (did you mean 'statement'?)"


def test_an_unknown_key_far_from_any_lists_the_valid_ones() -> None:
    (issue,) = issues(changed(("kinds:", "zzzz: 1\nkinds:")))
    assert issue.code == "CE201"
    assert "expected one of: format, id, version, title" in issue.message
    assert "or an 'x-' extension key" in issue.message


def test_extension_keys_are_allowed_where_documented_only() -> None:
    assert issues(changed(("kinds:", "x-origin: {page: 3}\nkinds:"))) == []
    assert issues(changed(("    title: Planning\n", "    title: Planning\n    x-page: 3\n"))) == []
    found = issues(
        changed(("  - name: Demo Organization\n", "  - name: Demo Organization\n    x-code: 1\n"))
    )
    assert [(i.code, i.line) for i in found] == [("CE201", 8)]


@pytest.mark.parametrize(
    ("old", "new", "code", "line", "words"),
    [
        (
            "id: demo",
            "id: 12",
            "CE203",
            2,
            "expected text, found the number 12; YAML reads the unquoted '12'",
        ),
        ('version: "1.0"', "version: 1.0", "CE203", 3, "quote it: '1.0'"),
        (
            'version: "1.0"',
            "version: 2.10",
            "CE203",
            3,
            "found the number 2.1; YAML reads the unquoted '2.10'",
        ),
        (
            "id: demo",
            "id: yes",
            "CE203",
            2,
            "found the boolean true; YAML reads the unquoted 'yes'",
        ),
        ("id: demo", "id:", "CE203", 2, "expected text, found nothing (null)"),
        ("id: demo", "id: ~", "CE203", 2, "YAML reads the unquoted '~' as nothing, quote it: '~'"),
        ("title: Demo competencies", "title: [a]", "CE203", 4, "expected text, found a list"),
        ("status: published", "status: publshed", "CE204", 5, "(did you mean 'published'?)"),
        ("status: published", "status: Published", "CE204", 5, "(did you mean 'published'?)"),
        ("status: published", "status: 1", "CE204", 5, "found the number 1"),
        ("format: cecompetency/1", "format: cecompetency/2", "CE205", 1, "upgrade"),
        (
            "publishers:\n  - name: Demo",
            "publishers: Demo\n  # Demo",
            "CE203",
            6,
            "expected a list",
        ),
        (
            "publishers:\n  - name: Demo Organization\n",
            "publishers: []\n",
            "CE204",
            6,
            "must not be empty",
        ),
        ("title: Demo competencies", "title: '   '", "CE204", 4, "must not be blank"),
        ("id: demo", "id: ../../etc/passwd", "CE204", 2, "is not a valid id"),
        (
            '- id: "1.2"',
            '- id: "1 2"',
            "CE204",
            36,
            "is not a valid item id: an item id has no spaces",
        ),
        ('- id: "1.2"', '- id: ":1"', "CE204", 36, "does not start with '@' or ':'"),
        ('version: "1.0"', 'version: "1/0"', "CE204", 3, "is not a valid version"),
        ("kinds:", "released: 2008-02-30\nkinds:", "CE204", 8, "a date written YYYY-MM-DD"),
        ("kinds:", "released: 2008-4-1\nkinds:", "CE204", 8, "a date written YYYY-MM-DD"),
        ("kinds:", "language: english\nkinds:", "CE204", 8, "BCP 47 language tag"),
        ("kinds:", "supersedes: demo@0 9\nkinds:", "CE204", 8, "framework reference"),
        ("kinds:", "source: {citation: c, url: not a url}\nkinds:", "CE204", 8, "an absolute URI"),
        ("kinds:", "source: {citation: c, url: 'http://['}\nkinds:", "CE204", 8, "absolute URI"),
        ("    title: Planning\n", "", "CE202", 31, "needs 'title' or 'statement'"),
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        notes: 2.10\n",
            "CE203",
            36,
            "expected text or a list of text",
        ),
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        notes: [fine, 2.10]\n",
            "CE203",
            36,
            "expected text, found the number 2.1; YAML reads the unquoted '2.10'",
        ),
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        notes: [fine, '']\n",
            "CE204",
            36,
            "must not be empty",
        ),
        ("title: Demo competencies", "title: ''", "CE204", 4, "must not be empty"),
        ("id: demo", "id: ''", "CE204", 2, "must not be blank"),
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        weight: '50'\n",
            "CE203",
            36,
            "expected a number, found the text '50'",
        ),
        (
            "        statement: Plan activities.\n",
            "        statement: Plan activities.\n        weight: 150\n",
            "CE204",
            36,
            "out of range",
        ),
    ],
)
def test_schema_messages(old: str, new: str, code: str, line: int, words: str) -> None:
    found = issues(changed((old, new)))
    assert [(i.code, i.line) for i in found] == [(code, line)], found
    assert words in found[0].message


def test_schema_and_semantic_issues_are_reported_together() -> None:
    text = changed(('version: "1.0"', "version: 1.0"), ('- id: "1.2"', '- id: "1"'))
    assert [(i.code, i.line) for i in issues(text)] == [("CE203", 3), ("CE301", 36)]


def test_issues_come_in_file_order() -> None:
    text = changed(
        ("status: published", "status: nope"),
        ("id: demo", "id: 1"),
        ("        level: expert", "        level: 3"),
    )
    lines = [i.line or 0 for i in issues(text)]
    assert lines == sorted(lines) and len(lines) == 3


def test_issues_are_capped(tmp_path: Path) -> None:
    many = VALID.split("matrices:")[0] + "items:\n" + "  - id: 1\n" * 600  # 2 issues each
    found = validate_text(many, "f.yaml")
    assert len(found) == 1001
    assert (found[0].code, found[0].line) == ("CE121", None)
    assert "more than 1,000 issues; only the first 1,000 are reported" in found[0].message
    assert {i.code for i in found[1:]} == {"CE202", "CE203"}
    few = validate_text(many, "f.yaml", limits=Limits(max_issues=5))
    assert [i.code for i in few][:1] == ["CE121"] and len(few) == 6
    assert len(validate_text(many, "f.yaml", limits=Limits(max_issues=5000))) == 1200


# -- kinds of document ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "words"),
    [
        ([1, 2], "found a list"),
        ("text", "found a single text value"),
        (None, "found nothing"),
        (3, "found int"),
    ],
)
def test_document_kind_needs_a_mapping(data: Any, words: str) -> None:
    kind, found = document_kind(data, "f.yaml")
    assert kind is None
    assert [i.code for i in found] == ["CE113"]
    assert words in found[0].message and "is this a cecompetency file?" in found[0].message


def test_document_kind_needs_a_known_marker() -> None:
    assert document_kind({"format": "cecompetency/1"}) == ("framework", [])
    assert document_kind({"format": "cecompetency-crosswalk/1"}) == ("crosswalk", [])
    kind, found = document_kind({"id": "x"})
    assert kind is None and found[0].code == "CE205"
    assert "'format: cecompetency/1'" in found[0].message
    kind, found = document_kind({"format": "other/1"})
    assert found[0].code == "CE205" and "upgrade" not in found[0].message


def test_suggest() -> None:
    assert did_you_mean("titel", ["title", "status"]) == " (did you mean 'title'?)"
    assert did_you_mean("ALLIANCE", ["alliance", "nccme"]) == " (did you mean 'alliance'?)"
    assert did_you_mean("zzzz", ["title", "status"]) == ""
    assert did_you_mean("x", []) == ""


# -- robustness -------------------------------------------------------------------------------

_keys = st.sampled_from(
    [
        "id",
        "kind",
        "title",
        "statement",
        "weight",
        "items",
        "kinds",
        "status",
        "scales",
        "roles",
        "matrices",
        "levels",
        "expectations",
        "role",
        "item",
        "level",
        "scale",
        "x-a",
    ]
)
_leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.sampled_from(["a", "1", "published", "pending", "draft", "s", "r", "l"])
)
_trees = st.recursive(
    _leaves,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_keys, inner, max_size=5),
    max_leaves=30,
)


@settings(max_examples=300)
@given(st.dictionaries(_keys, _trees, max_size=8))
def test_semantic_checks_are_safe_on_any_shape(data: dict[str, Any]) -> None:
    # They run even when the schema fails, so that every issue is reported at once.
    for issue in check_framework_data(data, "f.yaml") + schema_issues(data, "framework", "f.yaml"):
        assert issue.code.startswith("CE") and issue.message
