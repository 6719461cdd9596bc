"""References FRAMEWORK[@VERSION][:ITEM]: parsing, printing, validation, version order."""

from __future__ import annotations

import re
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cecompetency.model.errors import CecompetencyError, RefError
from cecompetency.model.grammar import control_character
from cecompetency.model.refs import (
    FRAMEWORK_ID,
    ITEM_ID,
    VERSION,
    Ref,
    parse_ref,
    trusted_ref,
    version_key,
)

framework_ids = st.from_regex(FRAMEWORK_ID, fullmatch=True)
version_texts = st.from_regex(VERSION, fullmatch=True)
item_ids = st.from_regex(ITEM_ID, fullmatch=True)


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("alliance", ("alliance", None, None)),
        ("alliance@2008", ("alliance", "2008", None)),
        ("alliance@2008:2.10", ("alliance", "2008", "2.10")),
        ("alliance:2.10", ("alliance", None, "2.10")),
        ("nc-cme.core@1.0-draft+2:A_1", ("nc-cme.core", "1.0-draft+2", "A_1")),
        # Item ids may hold ':' and '@' after their first character; the first ':' ends
        # the version, so the reading is never ambiguous.
        ("fw@1:a:b", ("fw", "1", "a:b")),
        ("fw:x@y", ("fw", None, "x@y")),
        ("fw@1:../../etc/passwd", ("fw", "1", "../../etc/passwd")),
        ("fw@1:é.1", ("fw", "1", "é.1")),
    ],
)
def test_parse_examples(text: str, parts: tuple[str | None, ...]) -> None:
    ref = parse_ref(text)
    assert (ref.framework, ref.version, ref.item) == parts
    assert str(ref) == text


@pytest.mark.parametrize(
    "text",
    [
        "",
        "@2008",
        "alliance@",
        "alliance:",
        "alliance@2008:",
        "alliance@:1",
        "a b",
        "alliance@2008: 2.10",
        "alliance@2008:2 10",
        "../../etc/passwd",
        "alliance@../../etc/passwd",
        "a/b",
        "a\\b",
        ".hidden",
        "a..b",
        "a.",
        "-a",
        "alliance@.1",
        "alliance@1..2",
        "fw@1:@x",
        "fw@1::x",
        "alliance\n",
        "alliance@2008:2.10\n",
    ],
)
def test_invalid_references_are_refused(text: str) -> None:
    with pytest.raises(RefError) as info:
        parse_ref(text)
    assert "FRAMEWORK[@VERSION][:ITEM]" in str(info.value)


@pytest.mark.parametrize("value", [None, 12, 2.1, b"alliance", ["alliance"]])
def test_non_text_is_refused(value: object) -> None:
    with pytest.raises(RefError, match="must be text"):
        parse_ref(value)  # type: ignore[arg-type]


def test_ref_error_is_a_value_error_and_ours() -> None:
    with pytest.raises(ValueError):
        parse_ref("a b")
    with pytest.raises(CecompetencyError):
        parse_ref("a b")


@pytest.mark.parametrize(
    "parts",
    [
        ("a b", None, None),
        ("a", "1 0", None),
        ("a", "1", "x y"),
        ("../a", None, None),
        ("a", "../1", None),
        ("a", "1", ":x"),
        ("a", "", None),
        ("", None, None),
    ],
)
def test_constructor_validates_parts(parts: tuple[str, str | None, str | None]) -> None:
    with pytest.raises(RefError):
        Ref(*parts)


def test_derived_references() -> None:
    ref = Ref("alliance", "2008", "2.10")
    assert ref.framework_ref == Ref("alliance", "2008")
    assert ref.with_item("3.1") == Ref("alliance", "2008", "3.1")
    assert ref.with_item(None) == Ref("alliance", "2008")
    assert ref.with_version(None) == Ref("alliance", None, "2.10")
    assert str(ref.with_version("2009")) == "alliance@2009:2.10"
    with pytest.raises(RefError):
        ref.with_item("a b")


def test_refs_are_values() -> None:
    assert Ref("a", "1") == parse_ref("a@1")
    assert len({Ref("a", "1"), parse_ref("a@1"), Ref("a")}) == 2
    with pytest.raises(AttributeError):
        Ref("a").framework = "b"  # type: ignore[misc]


@given(framework_ids, st.none() | version_texts, st.none() | item_ids)
def test_every_reference_round_trips(framework: str, version: str | None, item: str | None) -> None:
    ref = Ref(framework, version, item)
    text = str(ref)
    assert parse_ref(text) == ref
    assert str(parse_ref(text)) == text


@given(st.text(max_size=30))
def test_parse_ref_accepts_or_refuses_any_text(text: str) -> None:
    try:
        ref = parse_ref(text)
    except RefError:
        return
    assert str(ref) == text


def test_item_grammar_agrees_with_python_whitespace() -> None:
    # The model forbids whitespace in ids with the same pattern; \s must mean str.isspace().
    # Control characters are forbidden too (cecompetency.model.grammar.CONTROL).
    pattern = re.compile(ITEM_ID)
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in "@:":
            continue
        refused = char.isspace() or control_character(char) is not None
        assert (pattern.fullmatch("a" + char) is None) == refused, hex(code)


@pytest.mark.parametrize(
    "versions",
    [
        ["1", "2", "10"],
        ["2.9", "2.10", "2.11"],
        ["2003", "2008", "2010"],
        ["1.0", "1.0-draft", "1.0.1"],
        ["0.9", "1.0", "1.0a", "1.0b", "1.1"],
    ],
)
def test_versions_order_naturally(versions: list[str]) -> None:
    shuffled = list(reversed(versions))
    assert sorted(shuffled, key=version_key) == versions


@given(version_texts, version_texts)
def test_any_two_versions_compare(first: str, second: str) -> None:
    # Number and text runs at the same position must never compare an int with a str.
    low, high = version_key(first), version_key(second)
    assert [low < high, low == high, low > high].count(True) == 1
    # Keys tie only where numbers are written with leading zeros ("1.0" and "1.00").
    assert (low == high) == (_no_leading_zeros(first) == _no_leading_zeros(second))


def _no_leading_zeros(version: str) -> str:
    return re.sub(r"\d+", lambda match: str(int(match[0])), version)


@given(st.text(max_size=12) | st.none() | st.integers())
def test_with_item_makes_what_the_constructor_makes(item: object) -> None:
    # with_item skips the checks of parts already checked; the result is the same
    # reference, or the same refusal, as Ref(...) gives.
    base = Ref("alliance", "2008", "2.10")
    try:
        expected: object = Ref("alliance", "2008", item)  # type: ignore[arg-type]
    except CecompetencyError as exc:
        expected = (type(exc), str(exc))
    try:
        got: object = base.with_item(item)  # type: ignore[arg-type]
    except CecompetencyError as exc:
        got = (type(exc), str(exc))
    assert got == expected
    if isinstance(got, Ref):
        assert (type(got), repr(got), hash(got)) == (Ref, repr(expected), hash(expected))


@given(framework_ids, st.none() | version_texts, st.none() | item_ids)
def test_trusted_ref_is_the_checked_ref(
    framework: str, version: str | None, item: str | None
) -> None:
    made = trusted_ref(framework, version, item)
    ref = Ref(framework, version, item)
    assert made == ref
    assert hash(made) == hash(ref)
    assert str(made) == str(ref)
    assert parse_ref(str(made)) == made
    assert (made.framework, made.version, made.item) == (framework, version, item)
