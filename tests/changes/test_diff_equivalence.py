"""The diff's fast paths decide exactly what their plain forms decide.

The matcher reads words through a byte table for ASCII text, and compares an item's other
fields one by one; these properties hold them to the definitions they replace: the words
of ``\\w+`` in the case-folded text, and equality of the ``rest`` tuples.
"""

from __future__ import annotations

import itertools
import re

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import item_trees

from cecompetency.changes import ChangeKind, Merged, diff
from cecompetency.changes.differ import _same_rest
from cecompetency.changes.matching import (
    Buckets,
    Matcher,
    Text,
    Tree,
    Weights,
    WordCodes,
    _common,
    _log2,
    rarity,
    ratio,
    rest,
    same_ids,
)
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.text.tokens import tokenize as words_of

_WORD = re.compile(r"\w+")

ascii_text = st.text(alphabet=st.characters(max_codepoint=127), max_size=60)
any_text = st.text(max_size=60)


@given(ascii_text)
def test_ascii_words_are_the_regular_expression_words(text: str) -> None:
    assert words_of(text) == _WORD.findall(text.casefold())


@given(any_text)
def test_words_of_any_text_are_the_regular_expression_words(text: str) -> None:
    assert words_of(text) == _WORD.findall(text.casefold())


def test_every_ascii_character_is_read_as_the_regular_expression_reads_it() -> None:
    for code in range(128):
        text = f"Ab{chr(code)}Cd {chr(code)}"
        assert words_of(text) == _WORD.findall(text.casefold()), repr(chr(code))


words = st.lists(st.sampled_from(["plan", "review", "and", "assess", "to", "plan"]), max_size=12)


def _lcs(a: list[str], b: list[str]) -> int:
    table = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            table[i + 1][j + 1] = (
                table[i][j] + 1 if x == y else max(table[i][j + 1], table[i + 1][j])
            )
    return table[-1][-1]


@given(words, words)
def test_common_is_the_longest_common_subsequence(a: list[str], b: list[str]) -> None:
    assert _common(a, b) == _common(b, a) == _lcs(a, b)
    total = len(a) + len(b)
    assert ratio(a, b) == (2 * _lcs(a, b) / total if total else 1.0)


@settings(max_examples=50, deadline=None)
@given(item_trees(), st.data())
def test_same_rest_is_tuple_equality(items: list[Item], data: st.DataObject) -> None:
    flat = [i for top in items for i in top.walk()]
    if not flat:
        return
    a = data.draw(st.sampled_from(flat))
    b = data.draw(st.sampled_from(flat))
    for x, y in ((a, b), (a, a), (a, attrs.evolve(a, children=()))):
        assert _same_rest(x, y) == (rest(x) == rest(y))


@given(item_trees())
def test_a_trees_numbers_parents_and_positions_are_the_documents(items: list[Item]) -> None:
    # The matcher numbers items in document order and finds each one's parent and
    # position by number: the same as walking the framework and asking it.
    framework = Framework(
        id="demo",
        version="1",
        title="Demo",
        status="published",
        publishers=[Publisher("Demo Organization")],
        items=items,
    )
    tree = Tree(framework)
    walked = list(framework.walk())
    assert tree.ids == [item.id for item in walked]
    assert all(a is b for a, b in zip(tree.items, walked, strict=True))
    assert tree.number == {item.id: n for n, item in enumerate(walked)}
    for n, item in enumerate(walked):
        up = framework.parent_of(item)
        assert tree.parent[n] == (None if up is None else tree.number[up.id])
        siblings = framework.items if up is None else up.children
        assert siblings[tree.index[n]] is item
        assert tree.kids(n) == [tree.number[child.id] for child in item.children]
    assert tree.kids(None) == [tree.number[top.id] for top in framework.items]


def _demo(items: list[Item]) -> Framework:
    """A one-kind framework of ``items``."""
    return Framework(
        id="demo",
        version="1",
        title="Demo",
        status="published",
        publishers=[Publisher("Demo Organization")],
        kinds=["competency"],
        items=items,
    )


def _merge_of(old: list[str], new: list[str]) -> list[tuple[list[str], str]]:
    """The merges ``diff`` finds between two one-level frameworks of these statements:
    (the old ids merged, the new id)."""
    before = _demo([Item(id=f"o{n}", kind="competency", statement=s) for n, s in enumerate(old)])
    after = _demo([Item(id=f"n{n}", kind="competency", statement=s) for n, s in enumerate(new)])
    found = []
    for change in diff(before, attrs.evolve(after, version="2")).changes:
        if change.kind is ChangeKind.MERGED:
            assert isinstance(change.details, Merged) and change.new is not None
            found.append(([ref.item or "" for ref in change.details.sources], change.new.item))
    return found


def test_a_one_word_part_is_found_by_its_word() -> None:
    # One word has no pair or run of words: its bucket is the word (the index's short keys).
    assert _merge_of(["budgets", "plan"], ["the plan budgets"]) == [(["o0", "o1"], "n0")]


def test_a_two_word_part_is_found_by_its_pair_among_runs_of_three() -> None:
    # "plan audit" has no run of three: in an index of runs its bucket is its one pair.
    old = ["plan audit", "budgets budgets"]
    new = ["to audit budgets review", "budgets budgets plan review"]
    assert _merge_of(old, new) == [(["o0", "o1"], "n1")]


def test_the_texts_asked_for_are_read_and_only_those() -> None:
    items = [
        Item(id="a1", kind="competency", statement="Plan, evaluate and REVIEW the plan."),
        Item(id="a2", kind="competency", statement="Plan the budget."),
    ]
    framework = _demo(items)
    tree = Tree(framework)
    weights = rarity(framework, framework)
    codes = WordCodes()
    tree.read([tree.number["a1"]], codes, weights)
    text = tree.text[tree.number["a1"]]
    assert tree.text[tree.number["a2"]] is None  # not asked for: not read
    assert [codes.words[c] for c in text.codes] == [
        "plan",
        "evaluate",
        "and",
        "review",
        "the",
        "plan",
    ]
    assert {codes.words[c] for c in text.content} == {"plan", "evaluate", "review"}
    assert text.size == 6 and text.repeats == 1  # "plan" again
    buckets = Buckets(len(codes.words))
    assert len(buckets.pairs(text.codes)) == 5  # five distinct pairs of adjacent words
    assert len(buckets.runs(text.codes)) == 4
    # A word's weight is the same by number as by word.
    assert codes.weight[1:] == [weights[word] for word in codes.words[1:]]
    assert text.mass == weights.of(codes.words[c] for c in set(text.codes))
    assert text.content_mass == weights.of(codes.words[c] for c in text.content)
    assert text.mass > text.content_mass


def _twins_by_table(old: list[str], new: list[str]) -> dict[int, int]:
    """The plain form: a table of every new id, looked up with every old one."""
    number = {item_id: n for n, item_id in enumerate(new)}
    return {n: number[item_id] for n, item_id in enumerate(old) if item_id in number}


@given(
    st.lists(st.integers(0, 60), unique=True, max_size=40),
    st.lists(st.tuples(st.sampled_from(["drop", "add", "move", "swap"]), st.integers(0, 99))),
)
def test_ids_walked_side_by_side_meet_the_twins_a_table_finds(
    numbers: list[int], edits: list[tuple[str, int]]
) -> None:
    old = [f"{n}" for n in numbers]
    new = list(old)
    fresh = itertools.count(1000)
    for edit, at in edits:  # what revisions do to a document's order of ids
        if edit == "add":
            new.insert(at % (len(new) + 1), f"{next(fresh)}")
        elif new and edit == "drop":
            del new[at % len(new)]
        elif new and edit == "move":
            new.insert(at // 7 % len(new), new.pop(at % len(new)))
        elif len(new) > 1:
            k = at % (len(new) - 1)
            new[k], new[k + 1] = new[k + 1], new[k]
    twins = same_ids(old, new)
    assert twins == _twins_by_table(old, new)
    assert list(twins) == sorted(twins)  # in the old order


def test_ids_in_another_order_altogether_still_meet_their_twins() -> None:
    old = [f"a{n}" for n in range(50)]
    new = [*reversed(old[10:]), "b1", *old[:10]]
    assert same_ids(old, new) == _twins_by_table(old, new)
    assert same_ids(old, []) == {} and same_ids([], new) == {}


@given(st.integers(min_value=1, max_value=10**12))
def test_log2_is_the_floor_of_1024_log2_in_whole_numbers(k: int) -> None:
    # Exact, without floating point: r = floor(1024 log2 k) iff 2**r <= k**1024 < 2**(r+1).
    r = _log2(k)
    power = k**1024
    assert 1 << r <= power < 1 << (r + 1)


@given(
    st.lists(st.integers(min_value=0, max_value=5), max_size=8),
    st.integers(min_value=0, max_value=3000),
)
def test_a_word_a_pair_and_a_run_of_three_never_share_a_bucket(
    picks: list[int], vocabulary: int
) -> None:
    # Buckets are numbers: with s the bits of the largest word number, a word's is below
    # 2**s, a pair's is a << s | b, a run's a << 2s | b << s | c, whatever the vocabulary.
    codes = WordCodes()
    for n in range(vocabulary):  # the words other texts brought, numbered first, from 1
        assert codes[f"w{n}"] == n + 1
    words = [["plan", "review", "assess", "the", "to", "of"][p] for p in picks]
    text = Text(" ".join(words), codes, Weights(1))
    buckets = Buckets(len(codes.words))
    s = buckets.shift
    pairs = list(itertools.pairwise(text.codes))
    runs = list(zip(text.codes, text.codes[1:], text.codes[2:], strict=False))
    keys = {
        *text.codes,
        *(a << s | b for a, b in pairs),
        *(a << 2 * s | b << s | c for a, b, c in runs),
    }
    assert len(keys) == len(set(words)) + len(set(pairs)) + len(set(runs))
    assert all(code < 1 << s for code in text.codes)
    if len(words) > 2:
        assert buckets.runs(text.codes) == {a << 2 * s | b << s | c for a, b, c in runs}
    if len(words) > 1:
        assert buckets.pairs(text.codes) == {a << s | b for a, b in pairs}
    else:
        assert buckets.pairs(text.codes) == buckets.runs(text.codes) == set(text.codes)


def test_a_bucket_holds_its_items_in_order_until_it_is_too_full_to_tell_them_apart() -> None:
    # Five items share "plan budgets", four share "review budgets"; one alone says "audit".
    statements = [
        "plan budgets",
        "review budgets",
        "plan budgets",
        "review budgets",
        "plan budgets",
        "review budgets",
        "plan budgets",
        "review budgets",
        "plan budgets",
        "audit",
    ]
    items = [
        Item(id=f"a{n}", kind="competency", statement=text) for n, text in enumerate(statements)
    ]
    framework = _demo(items)
    tree = Tree(framework)
    codes = WordCodes()
    tree.read(range(len(items)), codes, rarity(framework, framework))
    buckets = Buckets(len(codes.words))
    index = Matcher._bucket_index(tree, range(len(items)), buckets.pairs)
    plan, review, budgets, audit = (codes[w] for w in ("plan", "review", "budgets", "audit"))
    s = buckets.shift
    assert plan << s | budgets not in index.buckets  # five items: no evidence of anything
    assert index.buckets[review << s | budgets] == [1, 3, 5, 7]  # four: in document order
    assert index.buckets[audit] == 9  # a bucket of one holds the item itself
    assert list(index.width) == [1] * len(items)
    assert index.singles and index.pairs  # items of one word and of two
    # Their buckets, looked up in a small set of their own: those kept, not the full one.
    assert index.short == {review << s | budgets, audit}
