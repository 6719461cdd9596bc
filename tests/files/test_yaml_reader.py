"""The safe, bounded, located YAML reader (``cecompetency.files.yaml_reader.read_yaml``)."""

from __future__ import annotations

import pytest
import yaml

from cecompetency.files.yaml_reader import Limits, read_yaml
from cecompetency.model.errors import Issue, ValidationError


def fails(source: bytes | str, limits: Limits | None = None) -> Issue:
    """The one issue reading ``source`` raises."""
    with pytest.raises(ValidationError) as info:
        read_yaml(source, "f.yaml", limits=limits or Limits())
    (issue,) = info.value.issues
    assert issue.file == "f.yaml"
    return issue


def place(issue: Issue) -> tuple[str, int | None, int | None]:
    return (issue.code, issue.line, issue.column)


# -- what is read -----------------------------------------------------------------------------


def test_core_types_are_read() -> None:
    text = (
        "text: plain\n"
        "quoted: '2.10'\n"
        "number: 2.10\n"
        "whole: 12\n"
        "hex: 0x1F\n"
        "flag: true\n"
        "empty:\n"
        "tilde: ~\n"
        "date: 2008-04-10\n"
        "equals: =\n"
        "list: [a, 1]\n"
        "map: {k: v}\n"
        "block: |\n  two\n  lines\n"
    )
    assert read_yaml(text).data == {
        "text": "plain",
        "quoted": "2.10",
        "number": 2.1,
        "whole": 12,
        "hex": 31,
        "flag": True,
        "empty": None,
        "tilde": None,
        "date": "2008-04-10",  # dates stay text; the schema checks their form
        "equals": "=",  # YAML 1.1's "value" tag means nothing to an author
        "list": ["a", 1],
        "map": {"k": "v"},
        "block": "two\nlines\n",
    }


def test_bytes_and_text_read_alike_and_a_bom_is_fine() -> None:
    text = "a: é\nb: [1, 2]\n"
    expected = {"a": "é", "b": [1, 2]}
    assert read_yaml(text).data == expected
    assert read_yaml(text.encode()).data == expected
    assert read_yaml(b"\xef\xbb\xbf" + text.encode()).data == expected
    assert read_yaml("\ufeff" + text).data == expected


def test_line_endings_do_not_change_the_data() -> None:
    text = "a: x\nb: |\n  one\n  two\nc: [1,\n  2]\n"
    expected = read_yaml(text).data
    assert read_yaml(text.replace("\n", "\r\n")).data == expected
    assert read_yaml(text.replace("\n", "\r")).data == expected
    mixed = "a: x\r\nb: |\n  one\r  two\r\nc: [1,\n  2]\r\n"
    assert read_yaml(mixed).data == expected


def test_explicit_core_tags_are_fine() -> None:
    assert read_yaml("a: !!str 2.10\nb: !!int '7'\nc: !!float 1\nd: !!bool yes\n").data == {
        "a": "2.10",
        "b": 7,
        "c": 1.0,
        "d": True,
    }
    assert read_yaml("a: !!seq [1]\nb: !!map {c: d}\n").data == {"a": [1], "b": {"c": "d"}}


def test_aliases_within_the_limits_are_expanded() -> None:
    document = read_yaml("base: &b [1, 2]\ncopy: *b\nname: &n text\nagain: *n\n")
    assert document.data == {"base": [1, 2], "copy": [1, 2], "name": "text", "again": "text"}


# -- positions --------------------------------------------------------------------------------


def test_positions_are_one_based_and_only_tracked_when_asked() -> None:
    text = "# comment\nroot:\n  - id: a\n    name: é é x\n  - {id: b}\n"
    assert read_yaml(text).positions == {}
    document = read_yaml(text, track=True)
    assert document.position(()) == (2, 1)
    assert document.position(("root",)) == (3, 3)
    assert document.position(("root",), key=True) == (2, 1)
    assert document.position(("root", 0, "id")) == (3, 9)
    assert document.position(("root", 0, "id"), key=True) == (3, 5)
    assert document.position(("root", 0, "name")) == (4, 11)
    assert document.position(("root", 1)) == (5, 5)
    assert document.position(("root", 1, "id")) == (5, 10)
    # A path that is not in the file falls back to its nearest ancestor.
    assert document.position(("root", 1, "missing", 3)) == (5, 5)


def test_columns_count_characters_not_bytes() -> None:
    document = read_yaml("k: [ééé, x]\n".encode(), track=True)
    assert document.position(("k", 1)) == (1, 10)


def test_plain_text_is_kept_for_unquoted_scalars_only() -> None:
    document = read_yaml("a: 2.10\nb: '2.10'\nc: [yes]\n", track=True)
    assert document.plain_text == {("a",): "2.10", ("c", 0): "yes"}


# -- refusals ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (b"", ("CE112", None, None)),
        (b"   \n\n", ("CE112", None, None)),
        (b"# only a comment\n", ("CE112", None, None)),
        (b"\xef\xbb\xbf", ("CE112", None, None)),
        (b"a: 1\n---\nb: 2\n", ("CE111", 2, 1)),
        (b"a: 1\n...\n---\nb: 2\n", ("CE111", 3, 1)),
        (b"a: 1\na: 2\n", ("CE114", 2, 1)),
        (b"m:\n  k: 1\n  x: 2\n  k: 3\n", ("CE114", 4, 3)),
        (b"1: a\n", ("CE119", 1, 1)),
        (b"on: a\n", ("CE119", 1, 1)),
        (b"~: a\n", ("CE119", 1, 1)),
        (b"? [a]\n: b\n", ("CE119", 1, 3)),
        (b"? {a: b}\n: c\n", ("CE119", 1, 3)),
        (b"a: &x 1\n*x : 2\n", ("CE119", 2, 1)),
        (b"a: &a {x: 1}\nb:\n  <<: *a\n", ("CE120", 3, 3)),
        (b"a: !foo bar\n", ("CE115", 1, 4)),
        (b"a: !!binary aGVsbG8=\n", ("CE115", 1, 4)),
        (b"a: !!set {x}\n", ("CE115", 1, 4)),
        (b"a: !!omap [x: 1]\n", ("CE115", 1, 4)),
        (b"a: !!python/name:os.system\n", ("CE115", 1, 4)),
        (b"a: !!bool maybe\n", ("CE115", 1, 4)),
        (b"a: !!int abc\n", ("CE115", 1, 4)),
        (b"a: !!int\n", ("CE115", 1, 4)),
        (b"a: !!float ''\n", ("CE115", 1, 4)),
        (b"a: .nan\n", ("CE118", 1, 4)),
        (b"a: -.inf\n", ("CE118", 1, 4)),
        (b"a: 1.0e+999\n", ("CE118", 1, 4)),
        (b"a: " + b"9" * 5000 + b"\n", ("CE118", 1, 4)),
        (b"a: 0x" + b"f" * 5000 + b"\n", ("CE118", 1, 4)),
        (b"a: 0b" + b"1" * 20000 + b"\n", ("CE118", 1, 4)),
        (b"a: 0x_\n", ("CE118", 1, 4)),
        (b"a: *nowhere\n", ("CE110", 1, 4)),
        (b"a: &a [1, *a]\n", ("CE110", 1, 11)),
        (b"a: [1, 2\n", ("CE110", 2, 1)),
        (b"a:\n\tb: 1\n", ("CE110", 2, 1)),
        (b"a: b\x00c\n", ("CE103", 1, 5)),
        (b"a: \xff\x00\n", ("CE103", 1, 5)),  # binary: the NUL is found before decoding
        (b"a: b\x01c\n", ("CE103", 1, 5)),
        ("a: é\nb: x\x7f\n".encode(), ("CE103", 2, 5)),
        (b"a: \xff\xfe\n", ("CE102", 1, 4)),
        (b"ok: 1\nbad: \xc3\x28\n", ("CE102", 2, 6)),
        (b"\xff\xfea\x00:\x00 \x001\x00", ("CE102", 1, 1)),  # UTF-16
        # Columns count characters, as an editor does, not UTF-8 bytes; a BOM is not one.
        ("a: b\nt: ééé\x00x\n".encode(), ("CE103", 2, 7)),
        ("\ufefft\x00: x\n".encode(), ("CE103", 1, 2)),
        (b"a: \xc3\xa9\xff\n", ("CE102", 1, 5)),  # "a: é" then a bad byte
    ],
)
def test_refusals_are_located_with_a_stable_code(
    source: bytes, expected: tuple[str, int | None, int | None]
) -> None:
    assert place(fails(source)) == expected


@pytest.mark.parametrize(
    ("source", "words"),
    [
        (b"a:\n\tb: 1\n", "indent with spaces, not tabs"),
        (b"a: 1\na: 2\n", "duplicate key 'a'"),
        (b"on: a\n", "the key 'on' is read as a boolean; keys must be text (quote it: 'on')"),
        (b"1.5: a\n", "read as a number"),
        (b"~: a\n", "read as null (nothing)"),
        (b"? \n: x\n", "a mapping key is missing"),
        (b"a: !!python/object/apply:os.system ['true']\n", "the tag !!python/object/apply"),
        (b"a: !!int abc\n", "'abc' does not fit the tag !!int"),
        (b"a: .nan\n", "'.nan' is not a finite number; quote it if it is text"),
        (b"a: 0x_\n", "quote it if it is text"),
        (b"a: 1\n---\nb: 2\n", "more than one YAML document"),
        (b"a: b\x01c\n", "control character U+0001"),
        (b"a: \xff\n", "not UTF-8 text (byte 0xff cannot be decoded); save it as UTF-8"),
        (b"a: b\x00c\n", "binary data (a NUL byte)"),
        (b"", "the file is empty; expected a YAML mapping"),
        (b"a: 1\nb:\n  c: 2\n  d: 3\n  c: 4\n", "duplicate key 'c' (first at line 3)"),
        (b"a: 1\nb: 2\na: 3\n", "duplicate key 'a' (first at line 1)"),
        (b"a:\n  b: 1\n  b: [x]\n", "duplicate key 'b' (first at line 2)"),
        (
            b"statement: Measure outcomes: level 5\n",
            "a ': ' inside a value starts a mapping: quote the text, "
            'e.g. statement: "Measure outcomes: level 5"',
        ),
        (
            b'items:\n  - statement: Say "a": b\n',
            '- statement: "Say \\"a\\": b"',
        ),
        (b"a: {b: c: d}\n", "did not find expected ','"),
        (b"a:\n  b: 1\n c: 2\n", "did not find expected key; check the indentation"),
        (b"a:\n  - id: x\n   b: y\n", "expected '-' indicator; check the indentation"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\xff", "binary data (a NUL byte)"),
        ("a: 1\n".encode("utf-16"), "the file is UTF-16 text, not UTF-8; save it as UTF-8"),
    ],
)
def test_messages_say_what_was_expected(source: bytes, words: str) -> None:
    assert words in fails(source).message


def test_a_hint_does_not_quote_a_very_long_line() -> None:
    # The hint quotes the author's line back; a line of a megabyte would make the message
    # a megabyte and the pattern that finds the value slow.
    issue = fails(b"title: a: b" + b" " * 1_000_000 + b"c\n")
    assert issue.code == "CE110"
    assert len(issue.message) < 300
    assert 'e.g. statement: "Measure outcomes: level 5"' in issue.message


def test_a_duplicate_key_is_placed_at_its_second_use_with_or_without_tracking() -> None:
    text = b"a: 1\nb: 2\na: 3\n"
    for track in (False, True):
        with pytest.raises(ValidationError) as info:
            read_yaml(text, "f.yaml", track=track)
        (issue,) = info.value.issues
        assert (issue.code, issue.line, issue.column) == ("CE114", 3, 1)
        assert "(first at line 1)" in issue.message


def test_surrogates_in_text_input_are_not_utf8() -> None:
    assert fails("a: \ud800\n").code == "CE102"


# -- limits -----------------------------------------------------------------------------------


def test_size_limit_for_bytes_and_text() -> None:
    small = Limits(max_bytes=10)
    issue = fails(b"a: 12345678901\n", small)
    assert place(issue) == ("CE101", None, None)
    assert "15 bytes; the limit is 10" in issue.message
    assert "max_bytes" in issue.message and "--max-bytes" in issue.message
    assert fails("a: 12345678901\n", small).code == "CE101"
    assert read_yaml(b"a: 1\n", limits=small).data == {"a": 1}


def test_depth_limit_block_and_flow() -> None:
    block = "".join("  " * i + "k:\n" for i in range(150)).encode()
    assert place(fails(block)) == ("CE117", 101, 201)
    flow = b"[" * 150 + b"]" * 150
    assert place(fails(flow)) == ("CE117", 1, 101)
    assert "deeper than 100 levels" in fails(flow).message
    assert read_yaml(b"[" * 5 + b"]" * 5, limits=Limits(max_depth=5)).data == [[[[[]]]]]
    assert fails(b"[" * 6 + b"]" * 6, Limits(max_depth=5)).code == "CE117"
    # libyaml's own bound on flow nesting gets the same code.
    assert fails(b"[" * 5000 + b"]" * 5000, Limits(max_depth=10_000)).code == "CE117"


def test_alias_bomb_is_stopped_at_the_alias_that_crosses_the_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for n in range(1, 9):
        refs = ", ".join([f"*a{n - 1}"] * 10)
        lines.append(f"a{n}: &a{n} [{refs}]")
    issue = fails("\n".join(lines) + "\n")
    # a4 holds 10**5 nodes once expanded: its aliases cross the 100,000 limit.
    assert issue.code == "CE116"
    assert issue.line == 5
    assert "more than 100,000 nodes" in issue.message
    assert fails("a: &a [1, 2, 3]\nb: [*a, *a]\n", Limits(max_alias_nodes=7)).code == "CE116"
    assert read_yaml("a: &a [1, 2, 3]\nb: [*a, *a]\n", limits=Limits(max_alias_nodes=8)).data


def test_alias_bomb_of_long_text_is_stopped() -> None:
    text = "a: &a " + "x" * 1000 + "\nb: [" + ", ".join(["*a"] * 20) + "]\n"
    issue = fails(text, Limits(max_bytes=10_000))
    assert issue.code == "CE116"
    assert "characters of text" in issue.message
    assert read_yaml(text, limits=Limits(max_bytes=30_000)).data["b"][19] == "x" * 1000


def test_aliases_can_be_forbidden() -> None:
    assert fails("a: &a 1\nb: *a\n", Limits(max_alias_nodes=0)).code == "CE116"


@pytest.mark.parametrize(
    "limits",
    [{"max_bytes": 0}, {"max_depth": 0}, {"max_alias_nodes": -1}, {"max_bytes": -5}],
)
def test_limits_must_be_sensible(limits: dict[str, int]) -> None:
    with pytest.raises(ValueError):
        Limits(**limits)


# -- no constructor is ever run ---------------------------------------------------------------


def test_registered_constructors_are_never_called(monkeypatch: pytest.MonkeyPatch) -> None:
    # Even if some other code registers a constructor for a tag on PyYAML's safe loaders,
    # the reader never constructs: it builds values from events itself.
    called: list[str] = []

    def constructor(loader: object, node: object) -> str:
        called.append("constructed")
        return "constructed"

    for loader in {yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)}:
        monkeypatch.setitem(loader.yaml_constructors, "!boom", constructor)
        monkeypatch.setitem(loader.yaml_constructors, "tag:yaml.org,2002:str", constructor)
    assert fails(b"a: !boom x\n").code == "CE115"
    assert read_yaml(b"a: plain\n").data == {"a": "plain"}
    assert called == []
