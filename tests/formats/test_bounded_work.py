"""Bounded work on hostile input: counted, not timed (the timings are in benchmarks/).

Did-you-mean hints compare a word with a bounded number of names, whatever the number of
names or of unknown words; HTML is stripped in one pass; an over-long YAML number is
refused before it is converted; messages and issue lists are capped.
"""

from __future__ import annotations

import difflib
import html.parser
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from samples import assert_well_formed

from cecompetency.files.framework_files import loads
from cecompetency.files.validation import validate_text
from cecompetency.files.yaml_reader import Limits
from cecompetency.formats.csv import framework_from_csv
from cecompetency.formats.moodle import framework_from_moodle
from cecompetency.formats.sssom import crosswalk_from_sssom
from cecompetency.model.errors import ValidationError
from cecompetency.text.shortening import MAX_MESSAGE, listing, quoted, shorten
from cecompetency.text.spelling import MAX_COMPARED, Speller, did_you_mean

META = {"title": "T", "publishers": [{"name": "P"}]}
HEAD = (
    "format: cecompetency/1\nid: demo\nversion: '1.0'\ntitle: D\nstatus: published\n"
    "publishers:\n  - name: P\n"
)
N = 3000
MOODLE_HEADER = (
    "Parent ID number,ID number,Short name,Description,Description format,Scale values,"
    "Scale configuration,Rule type (optional),Rule outcome (optional),Rule config (optional),"
    "Cross-referenced competency ID numbers,Exported ID (optional),Is framework,Taxonomy\n"
    ',demo@1,Demo,D,1,"No,Yes","[{""scaleid"":""0""},{""id"":1,""scaledefault"":1,'
    '""proficient"":0},{""id"":2,""scaledefault"":0,""proficient"":1}]",,,,,,1,competency\n'
)


@pytest.fixture
def compared(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """How many names each did-you-mean search compared its word with."""
    sizes: list[int] = []
    real = difflib.get_close_matches

    def spy(word: str, possibilities: Any, *args: Any, **kwargs: Any) -> list[str]:
        names = list(possibilities)
        sizes.append(len(names))
        return real(word, names, *args, **kwargs)

    monkeypatch.setattr(difflib, "get_close_matches", spy)
    yield sizes


def _issues(read: Callable[[], object]) -> tuple[Any, ...]:
    with pytest.raises(ValidationError) as raised:
        read()
    return raised.value.issues


def test_a_hint_compares_a_bounded_number_of_names(compared: list[int]) -> None:
    names = Speller(f"role{i:05d}" for i in range(N))
    assert names.hint("rolx00017") == " (did you mean 'role00017'?)"
    assert names.hint("ole00017") == " (did you mean 'role00017'?)"  # found from the end
    assert names.hint("ROLE00017") == " (did you mean 'role00017'?)"  # case first, no search
    assert names.hint("x" * 10_000) == ""  # too long to be a misspelling: no search
    assert compared and max(compared) <= MAX_COMPARED
    # Few names are all compared, as before.
    assert did_you_mean("competncy", ["area", "competency"]) == " (did you mean 'competency'?)"


def test_unknown_matrix_roles_cost_bounded_work(compared: list[int]) -> None:
    roles = "".join(f"  - id: role{i:05d}\n    title: R\n" for i in range(N))
    text = (
        f"{HEAD}roles:\n{roles}scales:\n  - id: s\n    title: S\n    levels:\n"
        "      - id: a\n        label: A\nmatrices:\n  - id: m\n    title: M\n    status: draft\n"
        f"    scale: s\n    roles: [{', '.join(f'rolx{i:05d}' for i in range(N))}]\n"
        "items:\n  - id: '1'\n    title: T\n"
    )
    issues = validate_text(text, "f.yaml", limits=Limits(max_issues=5000))
    assert sum(i.code == "CE302" for i in issues) == N
    assert "(did you mean 'role00017'?)" in issues[17].message
    assert max(compared) <= MAX_COMPARED  # was every role, for every unknown one


def test_descriptors_of_unknown_items_cost_bounded_work(
    compared: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    indexed: list[Speller] = []  # each speller that indexed its names
    real_index = Speller._index

    def index(self: Speller) -> None:
        if self._choices is not None:
            indexed.append(self)
        real_index(self)

    monkeypatch.setattr(Speller, "_index", index)
    items = "".join(f"  - id: i{i:05d}\n    title: T\n" for i in range(N))
    descriptors = "".join(
        f"  - item: x{i:05d}\n    scale: s\n    level: a\n    description: D\n" for i in range(N)
    )
    text = (
        f"{HEAD}scales:\n  - id: s\n    title: S\n    levels:\n      - id: a\n        label: A\n"
        f"items:\n{items}descriptors:\n{descriptors}"
    )
    issues = validate_text(text, "f.yaml", limits=Limits(max_issues=3 * N))
    assert sum(i.code == "CE308" for i in issues) == N
    assert any("(did you mean 'i00017'?)" in i.message for i in issues)
    assert max(compared) <= MAX_COMPARED
    assert len(indexed) <= 2  # the item names indexed once, not once per unknown item


def test_unknown_csv_parents_cost_bounded_work(compared: list[int]) -> None:
    rows = "".join(f"demo@1:i{i},demo@1:p{i},competency,,S {i},\n" for i in range(N))
    text = "reference,parent,kind,title,statement,weight\n" + rows
    issues = _issues(lambda: framework_from_csv(text, "f.csv", metadata=META))
    assert_well_formed(issues, "f.csv")
    assert max(compared) <= MAX_COMPARED


def test_unknown_moodle_parents_cost_bounded_work(compared: list[int]) -> None:
    rows = "".join(f"p{i},i{i},N{i},D,1,,,,0,null,,,,\n" for i in range(N))
    issues = _issues(lambda: framework_from_moodle(MOODLE_HEADER + rows, "f.csv", metadata=META))
    assert_well_formed(issues, "f.csv")
    assert max(compared) <= MAX_COMPARED


def test_unknown_sssom_prefixes_cost_bounded_work_and_short_messages(
    compared: list[int],
) -> None:
    prefixes = "".join(f"#  pre{i}: https://example.org/p{i}/\n" for i in range(N))
    rows = "".join(
        f"unk{i}:1\tskos:closeMatch\tpre1:1\tsemapv:ManualMappingCuration\n" for i in range(N)
    )
    text = (
        f"#curie_map:\n{prefixes}#mapping_set_id: https://example.org/set\n"
        "#license: https://spdx.org/licenses/CC0-1.0.html\n"
        f"subject_id\tpredicate_id\tobject_id\tmapping_justification\n{rows}"
    )
    issues = _issues(lambda: crosswalk_from_sssom(text, "f.tsv"))
    assert_well_formed(issues, "f.tsv")
    assert max(compared) <= MAX_COMPARED
    # Each message listed all 3,000 prefixes (90 MB in all); now the first few and a count.
    assert all(len(i.message) < 1000 for i in issues), max(len(i.message) for i in issues)
    assert any("and 2,988 more" in i.message for i in issues)


def test_html_is_stripped_in_one_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    # html.parser rescans an unclosed tag at every '<' after it: '<a<a<a...' was quadratic.
    def refuse(*_args: object) -> None:
        raise AssertionError("html.parser is quadratic on unclosed tags")

    monkeypatch.setattr(html.parser.HTMLParser, "goahead", refuse)
    cell = "<a" * 60_000
    framework = framework_from_moodle(
        MOODLE_HEADER + f",i1,N1,{cell},1,,,,0,null,,,,\n"
        ",i2,N2,<p>One &amp; <b>two</b></p><p>three<br>four<!-- no --></p>,1,,,,0,null,,,,\n",
        "f.csv",
        metadata=META,
    ).value
    assert framework["i1"].statement == cell
    assert framework["i2"].statement == "One & two\nthree\nfour"


def test_an_over_long_yaml_number_is_refused_before_it_is_converted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # PyYAML makes a base-60 int one digit pair at a time: quadratic in its length.
    from cecompetency.files import yaml_reader

    seen: list[int] = []
    real = yaml_reader._constructor.construct_yaml_int

    def spy(node: Any) -> Any:
        seen.append(len(node.value))
        return real(node)

    monkeypatch.setattr(yaml_reader._constructor, "construct_yaml_int", spy)
    text = HEAD + "kinds: [c]\nitems:\n  - id: '1'\n    title: T\n    weight: 1" + ":59" * 50_000
    issues = _issues(lambda: loads(text + "\n", "f.yaml"))
    assert [i.code for i in issues] == ["CE118"]
    assert seen == []


def test_messages_quote_values_shortened() -> None:
    assert shorten("x" * 10) == "x" * 10
    cut = shorten("a" * 1000 + "b" * 1000, 100)
    assert len(cut) < 120 and cut.startswith("a") and cut.endswith("b")
    assert "characters left out" in cut
    assert len(quoted("y" * 1_000_000)) < 200
    assert quoted(10**5000).startswith("<a number of")
    assert listing(["a", "b"]) == "a, b" and listing([]) == "none"
    assert listing([str(i) for i in range(100)], 3) == "0, 1, 2 and 97 more"
    huge = "z" * 2_000_000
    for read in (
        lambda: loads(HEAD.replace("status: published", f"status: {huge}") + "items: []\n", "f"),
        lambda: framework_from_csv(
            f"reference,parent,kind,title,statement,weight\ndemo@1:1,,competency,,S,{huge}\n",
            "f",
            metadata=META,
        ),
        lambda: framework_from_csv(
            f"reference,parent,kind,title,statement,weight\ndemo@1:{huge},,c,,S,\n",
            "f",
            metadata=META,
        ),
    ):
        issues = _issues(read)
        assert_well_formed(issues, "f")
        assert all(len(i.message) <= MAX_MESSAGE for i in issues)


def test_importers_cap_their_issue_lists() -> None:
    rows = "".join(f"demo@1:{i},,competency,,S,w\n" for i in range(1500))
    text = "reference,parent,kind,title,statement,weight\n" + rows
    issues = _issues(lambda: framework_from_csv(text, "f.csv", metadata=META))
    assert len(issues) == 1001
    assert issues[-1].code == "CE121"
    assert issues[-1].message.startswith("500 more issues not shown")
    few = _issues(
        lambda: framework_from_csv(text, "f.csv", metadata=META, limits=Limits(max_issues=3))
    )
    assert [i.code for i in few] == ["CE625"] * 3 + ["CE121"]


@pytest.mark.parametrize(
    "arguments",
    [{"max_bytes": 1.5}, {"max_bytes": True}, {"max_issues": "5"}, {"max_bytes": 2**62}],
)
def test_limits_are_whole_numbers_in_range(arguments: dict[str, Any]) -> None:
    with pytest.raises((TypeError, ValueError)):
        Limits(**arguments)
