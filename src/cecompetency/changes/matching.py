"""How the items of two versions of a framework are matched: the engine of
:mod:`cecompetency.changes.differ`.

Private: :func:`cecompetency.changes.differ.diff` is the way in. :class:`Tree` indexes one
version's items by number (parents, positions, and, for the items left to match, what their
texts say: a :class:`Text` each); :class:`Matcher` pairs old items with new ones and finds
splits and merges, in the steps the :mod:`cecompetency.changes.differ` module documentation
lists.

Two rules hold throughout:

- **Rare words weigh more.** Frameworks repeat themselves ("to improve patient outcomes",
  "in collaboration with stakeholders"); a phrase half the items use says nothing about
  which item is which. :func:`rarity` weighs each word by how few items of the two versions
  hold it, and the content tests (a match among the leftovers, a part of a split or merge)
  count words by those weights. Runs of words are weighed by rarity too, more bluntly: a
  bucket (a pair or run of three adjacent words) that more than a few leftovers share is
  no evidence of anything and is dropped.
- **Same input, same output.** Every choice between equal candidates goes to the first in
  document order; weights are whole numbers, computed without floating-point logarithms,
  so sums are exact in any order and on any platform; buckets are keyed by numbers given
  to words in the order the documents present them, not by hashes, which change with the
  interpreter's hash seed. Nothing the diff says depends on the seed, the platform or the
  run.
"""

from __future__ import annotations

import functools
import itertools
import operator
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, cast

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.framework import Framework, Item
from cecompetency.text.tokens import tokenize

__all__ = [
    "Buckets",
    "Matcher",
    "Text",
    "Thresholds",
    "Tree",
    "Weights",
    "WordCodes",
    "join_text",
    "rarity",
    "ratio",
    "rest",
    "same_ids",
    "text_key",
    "without_children",
    "word_similarity",
]

# Function words carry no content: they do not make a part of a split or merge.
_STOPWORDS = frozenset(
    "a an and as at be by for from in into is of on or the their to with within".split()  # noqa: SIM905
)


def _unit(_inst: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not isinstance(value, int | float) or not 0.0 <= value <= 1.0:
        raise ModelError(f"{attribute.name} must be a number from 0 to 1, got {value!r}")


@attrs.frozen
class Thresholds:
    """The cut-offs that decide matches and impact; each is a number from 0 to 1.

    Similarity is :func:`~cecompetency.changes.word_similarity`: ``2 * M / T`` over the
    two texts' lower-cased words, where ``M`` is the most words matched in order (their
    longest common subsequence) and ``T`` the words of both. Examples from the Alliance
    2008 statements:

    - "Remain current on the CME literature" -> "Remain current on the CME and CE
      literature": 12/14 = 0.86, editorial at the default ``editorial=0.8``;
    - "Use evidenced based adult learning principles to guide the practice of CME" ->
      "Use evidence-based adult learning principles ...": 22/24 = 0.92, editorial;
    - "Emphasize problem-based/practice-based learning" -> "Emphasize team-based learning":
      6/10 = 0.6, breaking (the meaning changed), and still the same item (``match=0.5``);
    - "Plan and evaluate activities" -> "Plan activities": 4/6 = 0.67.

    Among the items left over once ids and identical texts are matched, words also count
    by their rarity in the two versions. The *weighted similarity* of two texts is ``2 * S /
    W``, where ``S`` is the weight of the words both hold and ``W`` the weight of each one's
    distinct words, added; a word that ``c`` of ``n`` items (an even sample of both
    versions, :func:`~cecompetency.changes.matching.rarity`) hold weighs ``log2((n + 1) /
    (c + 1/2))``. Shared stock phrases weigh little, shared rare words much: "Audit
    conference budgets in collaboration with stakeholders to improve patient outcomes" and
    "Mentor new faculty members in collaboration with stakeholders to improve patient
    outcomes" are 0.70 similar, but only 0.16 alike by weight in a framework where most
    items end so. Where an item would have to have moved to match (another parent), or a
    part of a split or merge stands away from where the whole stood, the evidence must be
    stronger: ``distant`` instead of ``match`` or ``part``.

    ``match`` (default 0.5)
        Two items under different ids are the same item when their similarity is at least
        this, and their weighted similarity too (``distant`` when they stand under different
        parents); an item whose text changed keeps its id partner when they are at least
        this similar without looking further.
    ``editorial`` (default 0.8)
        A rewording at least this similar is editorial; below it, the meaning changed and
        the rewording is breaking.
    ``part`` (default 0.5)
        In a split (merge), each new part (old source) must have at least this share of its
        content words in the old (new) whole, words weighted by rarity; the whole's own
        partner, if it has one, counts as a part without this test. "Plan activities" is
        1.0 inside "Plan and evaluate activities"; "Review activities" is about 0.5 inside
        it (both words equally rare); "Review budgets" is 0. A candidate among the whole's
        siblings that alone holds ``cover`` of what the partner lacks (two words at least)
        needs only half this share: merging drops the stock phrases of a source, and a
        split gives a part some of its own.
    ``cover`` (default 0.6)
        ... and the parts together must hold at least this share of the whole's content
        words, weighted ("Plan activities" and "Evaluate activities" hold all of "plan",
        "evaluate" and "activities": "and" is not a content word), each holding one no other
        part holds. When the whole has a partner (the item it was first matched with), the
        other parts must also hold this share of the words the partner lacks: a short item
        that happens to repeat a word of a long one does not make a split.
    ``distant`` (default 0.8)
        The stronger evidence asked of what does not stand where the item stood: a match
        under another parent than the counterpart of the old item's parent (it would be a
        move too) needs at least this weighted similarity; a part of a split (merge) that
        does not stand under the counterpart of the whole's parent (another area, another
        level) needs at least this share instead of ``part``. Parts among the whole's
        siblings are sought first, for every whole, before parts elsewhere.
    """

    match: float = attrs.field(default=0.5, validator=_unit)
    editorial: float = attrs.field(default=0.8, validator=_unit)
    part: float = attrs.field(default=0.5, validator=_unit)
    cover: float = attrs.field(default=0.6, validator=_unit)
    distant: float = attrs.field(default=0.8, validator=_unit)


def join_text(title: str | None, statement: str | None) -> str:
    """Title and statement, as one text (what ``Item.text`` gives)."""
    return " ".join(t for t in (title, statement) if t)


def _common(a: Sequence[Hashable], b: Sequence[Hashable]) -> int:
    """The length of the longest common subsequence of two word lists.

    Bit-parallel (Crochemore, Iliopoulos, Pinzon and Reid, 2001): one integer holds a row
    of the dynamic-programming table, so each word of ``b`` costs a few integer operations
    instead of ``len(a)`` Python steps.
    """
    if len(a) < len(b):
        a, b = b, a
    masks = dict(zip(a, map(operator.lshift, itertools.repeat(1), range(len(a))), strict=True))
    if len(masks) < len(a):  # a repeated word: its mask has every position it holds
        masks = {}
        for position, word in enumerate(a):
            masks[word] = masks.get(word, 0) | (1 << position)
    full = (1 << len(a)) - 1
    row = full
    # A word of b that a lacks leaves the row as it is: only the others are stepped through.
    for mask in filter(None, map(masks.get, b)):
        hit = row & mask
        row = ((row + hit) | (row - hit)) & full
    return len(a) - row.bit_count()


def ratio(old: Sequence[Hashable], new: Sequence[Hashable]) -> float:
    """:func:`word_similarity` of two word lists (words, or their numbers)."""
    total = len(old) + len(new)
    return 2 * _common(old, new) / total if total else 1.0


def word_similarity(old: str, new: str) -> float:
    """How alike two texts read, from 0 to 1: ``2 * M / T`` over their lower-cased words,
    where ``M`` is the most words that can be matched in order (the longest common
    subsequence) and ``T`` the number of words in both. Two texts with no words are 1.0."""
    return ratio(tokenize(old), tokenize(new))


# -- rarity -----------------------------------------------------------------------------------

_SAMPLE = 1024
"""Items read from each version to measure how common each word is: all of them up to this
many, else an even sample in document order (every k-th item). Common words are what the
measure must find, and any even sample finds them; so the cost is the same at any size."""


def _log2(k: int) -> int:
    """``floor(1024 * log2(k))`` for ``k >= 1``, in integer arithmetic, so the same on every
    platform: the integer part from the bit length, ten fraction bits by repeated squaring."""
    n = k.bit_length() - 1
    result = n << 10
    mantissa = (k << 62) >> n  # k / 2**n, in [1, 2), with 62 fraction bits
    for bit in range(9, -1, -1):
        mantissa = (mantissa * mantissa) >> 62
        if mantissa >= 1 << 63:
            mantissa >>= 1
            result |= 1 << bit
    return result


class Weights(dict[str, int]):
    """Word -> weight, in 1024ths of a bit: ``log2((n + 1) / (c + 1/2))`` for a word that
    ``c`` of the ``n`` sampled items hold, at least 1/1024. A word the sample never met
    weighs the most, ``top`` (``c = 0``). Whole numbers: sums are exact in any order."""

    __slots__ = ("top",)

    def __init__(self, top: int) -> None:
        super().__init__()
        self.top = top

    def __missing__(self, key: str) -> int:
        return self.top

    def of(self, words: Iterable[str]) -> int:
        """The weight of ``words`` (each as often as it is given)."""
        return sum(map(self.get, words, itertools.repeat(self.top)))


def _item_text(item: Item) -> str:
    """``Item.text`` without its generator: title and statement, those that are not empty."""
    title, statement = item.title, item.statement
    return f"{title} {statement}" if title and statement else title or statement or ""


def rarity(old: Framework, new: Framework) -> Weights:
    """How rare each word is in the two versions, from an even sample of each."""
    counts: Counter[str] = Counter()
    sampled = 0
    for framework in (old, new):
        step = -(-len(framework) // _SAMPLE) or 1
        chosen = list(itertools.islice(framework.walk(), 0, None, step))
        sampled += len(chosen)
        counts.update(
            itertools.chain.from_iterable(map(frozenset, map(tokenize, map(_item_text, chosen))))
        )
    whole = _log2(2 * sampled + 2)
    weights = Weights(whole)
    by_count = {c: max(1, whole - _log2(2 * c + 1)) for c in set(counts.values())}
    for word, count in counts.items():
        weights[word] = by_count[count]
    return weights


# -- the two trees ----------------------------------------------------------------------------


class WordCodes(dict[str, int]):
    """Word -> a whole number from 1, given in the order words are first met. The two
    trees of a diff share one, so that their buckets agree; the matcher reads items in an
    order fixed by the documents, so the numbers are the same in every run.

    A :class:`Text` holds its words by number: sets of numbers that are the same objects
    in every text compare without reading characters, and a word's weight is an item of a
    list (:attr:`weight`), not a look-up in a table of strings.
    """

    __slots__ = ("stop", "weight", "words")

    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = [""]
        """Number -> word (0 stands for no word)."""
        self.stop: set[int] = set()
        """The numbers of the function words met."""
        self.weight: list[int] = [0]
        """Number -> the word's weight (:class:`Weights`), filled by :meth:`weigh`."""

    def __missing__(self, word: str) -> int:
        value = self[word] = len(self.words)
        self.words.append(word)
        if word in _STOPWORDS:
            self.stop.add(value)
        return value

    def weigh(self, weights: Weights) -> list[int]:
        """:attr:`weight`, brought up to the words numbered so far."""
        weight = self.weight
        if len(weight) < len(self.words):
            weight += map(weights.__getitem__, self.words[len(weight) :])
        return weight


Run = int
"""A bucket: a run of words, by the numbers of its words (:class:`WordCodes`), not by a hash
of the words. A string's hash depends on the interpreter's seed, and two runs whose hashes
collided would share a bucket in one run of the program and not in the next. With ``s``
the bits of the largest word number (:class:`Buckets`), a word is below ``2**s``, a pair
(a, b) is ``a << s | b`` and a run of three ``a << 2s | b << s | c``: a word, a pair and a
run of three never share a key, and the keys are as small as the vocabulary allows (a
number below ``2**30`` is the smallest and fastest kind of Python integer)."""


class Text:
    """What the matcher reads of one item's title and statement, all computed at once the
    first time the item is looked at (:attr:`Tree.text`): one look-up then serves every
    pass, where a dictionary per feature would cost one each."""

    __slots__ = (
        "codes",
        "content",
        "content_mass",
        "mass",
        "repeats",
        "size",
    )

    codes: tuple[int, ...]
    """The words, in order, by number (:class:`WordCodes`). A pass that compares the item
    with others makes a set of them once, where it needs its distinct words: a set kept
    for each text would be most of its size, and at 100,000 items the texts would no
    longer fit the processor's caches (the same for :attr:`content`)."""
    size: int
    """How many words."""
    repeats: int
    """How many words repeat one before them."""
    content: tuple[int, ...]
    """The content words (function words left out, unless that leaves none)."""
    mass: int
    """The weight of the distinct words (:class:`Weights`)."""
    content_mass: int
    """The weight of the content words."""

    def __init__(self, text: str, codes: WordCodes, weights: Weights) -> None:
        numbers = self.codes = tuple(map(codes.__getitem__, tokenize(text)))
        distinct = frozenset(numbers)
        size = self.size = len(numbers)
        self.repeats = size - len(distinct)
        stop = codes.stop
        content = distinct - stop or distinct
        self.content = tuple(content)
        weight = codes.weigh(weights).__getitem__
        mass = self.mass = sum(map(weight, distinct))
        self.content_mass = (
            mass if content is distinct else mass - sum(map(weight, distinct & stop))
        )


# A text's buckets are computed when a pass asks for them, not kept: each would be a set of
# a few dozen numbers per text, several times the rest of the text's size, and the passes
# over 100,000 items would no longer find their texts in the processor's caches.
class Buckets:
    """The buckets of texts whose words are numbered below ``2**shift`` (made once every
    text a diff compares is read: the keys are then as small as they can be)."""

    __slots__ = ("shift",)

    def __init__(self, words: int) -> None:
        self.shift = max(1, words.bit_length())

    def _joined(self, first: Iterable[Run], then: Sequence[int]) -> Iterator[Run]:
        """Each key of ``first`` shifted, with the word that follows it in ``then``."""
        shift = itertools.repeat(self.shift)  # endless: map stops at its shortest argument
        return map(operator.or_, map(operator.lshift, first, shift), then)

    def pairs(self, codes: Sequence[int]) -> set[Run]:
        """The buckets an item falls in: its pairs of adjacent words (its word, if one). An
        item with one at most (one or two words) is *short*."""
        return set(self._joined(codes, codes[1:])) if len(codes) > 1 else set(codes)

    def runs(self, codes: Sequence[int]) -> set[Run]:
        """Coarser buckets, for the parts of splits and merges: runs of three words (an item
        of one or two words has its pairs), rarer by chance than pairs. An item with two at
        most (four words or fewer) is one of *few*."""
        if len(codes) > 2:  # a run of three is a pair's key shifted, with the third word's
            return set(self._joined(self._joined(codes, codes[1:]), codes[2:]))
        return self.pairs(codes)


_UNREAD = cast(Text, None)  # the text of an item no pass reads: reading it is a bug


class Tree:
    """One framework's items with their parents, positions and (once :meth:`read`, for the
    items the matching passes compare) what their texts say: ``tree.text[item]``, a
    :class:`Text`.

    Inside the matcher an item is its number in document order (0 for the first), and its
    parent, position among its siblings and text are found by that number: lists, and
    dictionaries keyed by small whole numbers. An id is a string, and at 100,000 items the
    tables of string keys no longer fit in the processor's caches: every look-up reads the
    key's characters from wherever it lies, and the diff grew faster than the items.
    """

    text: list[Text]

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.ref = framework.ref
        items: list[Item] = []
        parents: list[int | None] = []
        positions: list[int] = []
        children: dict[int | None, list[int]] = {}
        # Document order: depth first, children in their order (Framework.walk()).
        stack: list[tuple[Item, int | None, int]] = [
            (item, None, position) for position, item in reversed(list(enumerate(framework.items)))
        ]
        pop, push = stack.pop, stack.extend
        while stack:
            item, parent, position = pop()
            me = len(items)
            items.append(item)
            parents.append(parent)
            positions.append(position)
            siblings = children.get(parent)
            if siblings is None:
                children[parent] = [me]
            else:
                siblings.append(me)
            if item.children:
                push((child, me, at) for at, child in reversed(list(enumerate(item.children))))
        self.items = items
        """The items, by number."""
        self.ids: list[str] = [item.id for item in items]
        """Their ids, by number."""
        self.parent = parents
        """The number of each item's parent (``None``: the top level)."""
        self.index = positions
        """Each item's position among its siblings."""
        self.children = children
        """Parent number (``None``: the top level) -> the numbers of its children."""

    @functools.cached_property
    def number(self) -> dict[str, int]:
        """Id -> number (made when first asked for: applying a diff asks it; the diff itself
        pairs the two versions' ids with :func:`same_ids`)."""
        return {item_id: n for n, item_id in enumerate(self.ids)}

    def read(self, wanted: Iterable[int], codes: WordCodes, weights: Weights) -> None:
        """Read the texts of the ``wanted`` items (numbers, in the order given) with these
        word numbers and weights; the two trees of a diff share both. The others are not
        read: a list, not a table filled when an item is first looked up, so that a look-up
        is an index, and the texts lie in memory in the order the passes read them."""
        text = self.text = [_UNREAD] * len(self.items)
        items = self.items
        for item in wanted:
            text[item] = Text(_item_text(items[item]), codes, weights)

    def kids(self, parent: int | None) -> list[int]:
        """The numbers of an item's children (of the top level for ``None``)."""
        return self.children.get(parent, [])


def text_key(item: Item) -> tuple[str | None, str | None]:
    """What an item says: its title and statement."""
    return (item.title, item.statement)


def rest(item: Item) -> tuple[Any, ...]:
    """What an item holds besides its id, text and children."""
    return (item.kind, item.weight, item.tags, item.notes, item.extensions)


def without_children(item: Item) -> Item:
    """The item's own content: its children are changes of their own."""
    return attrs.evolve(item, children=()) if item.children else item


def same_ids(old: Sequence[str], new: Sequence[str]) -> dict[int, int]:
    """Old position -> new position, for every id both lists hold (each list's ids are
    unique), in the old list's order.

    The lists are walked side by side: two versions of a framework mostly list the same
    ids in the same order, so most ids meet their twin at once, and the few out of step
    wait in small tables until it comes. A table of every new id, looked up with every old
    one, gives the same map; at 100,000 items it no longer fits the processor's caches and
    costs ten times what it does at 20,000.
    """
    twin = [_NONE] * len(old)
    waiting_old: dict[str, int] = {}  # ids passed in one list, not yet met in the other
    waiting_new: dict[str, int] = {}
    i = j = 0
    while i < len(old) and j < len(new):
        a, b = old[i], new[j]
        if a == b:
            twin[i] = j
            i += 1
            j += 1
            continue
        found = waiting_new.pop(a, None)
        if found is not None:
            twin[i] = found
            i += 1
            continue
        found = waiting_old.pop(b, None)
        if found is not None:
            twin[found] = j
            j += 1
            continue
        waiting_old[a] = i
        waiting_new[b] = j
        i += 1
        j += 1
    # One list is done: the rest of the other can only meet twins that wait.
    for rest_old in range(i, len(old)):
        found = waiting_new.get(old[rest_old])
        if found is not None:
            twin[rest_old] = found
    for rest_new in range(j, len(new)):
        found = waiting_old.get(new[rest_new])
        if found is not None:
            twin[found] = rest_new
    return {n: m for n, m in enumerate(twin) if m >= 0}


_BUCKET_CAP = 4
# What a bucket holds once more than _BUCKET_CAP items fall in it: nothing more is kept (a
# stock phrase's bucket would list thousands of items, and be dropped all the same). Shared
# by every full bucket, so never appended to: _bucket_index rules it out before appending.
_FULL: list[int] = []


@attrs.frozen
class _Index:
    """What :meth:`Matcher._bucket_index` finds.

    ``buckets``: bucket -> its item if it holds one, else the list of them (most hold one,
    and a list each would double the index, which at 100,000 items the processor's caches
    then hold less of). ``width``: how many buckets each item falls in, by item number, at
    most 255, counting those left out (a byte each: candidates' widths are read in no
    order, and 100,000 bytes stay in the caches where a dictionary would not).
    ``singles`` and ``pairs``: whether some items have one word or two, for those are found
    by their words rather than by runs of words; ``short``: their buckets (a word, or a
    pair of words), those kept. Few items are that short, and this small set stays in the
    caches: a text's words are looked up here (:meth:`Matcher._count`), and, in an index of
    runs of three, its pairs (:meth:`Matcher._regroup`), not in ``buckets``."""

    buckets: dict[Run, int | list[int]]
    width: bytearray
    singles: bool
    pairs: bool
    short: frozenset[Run]


_CANDIDATES = 3
_GAP = 32
_NONE = -1  # no item: the counterpart of an item that has none, which is no item's parent


# -- matching ---------------------------------------------------------------------------------


def _bound(words: frozenset[int], a: Text, b: Text) -> float:
    """An upper bound of the similarity of two texts (``words``: ``a``'s words, as a set):
    words matched in order are at most the words the two share, counting a repeated word as
    often as both repeat it."""
    total = a.size + b.size
    if not total:
        return 1.0
    return 2 * (len(words.intersection(b.codes)) + min(a.repeats, b.repeats)) / total


def _weighted(shared: int, mass: int) -> float:
    """The weighted similarity of two items from the weight of the words they share and
    the weight of both: ``2 * shared / mass`` (1.0 for two items without words)."""
    return 2 * shared / mass if mass else 1.0


def _share(held: int, whole: int) -> float:
    """``held / whole``, 0.0 when the whole weighs nothing."""
    return held / whole if whole else 0.0


class Matcher:
    """Pairs old items with new ones, then finds splits and merges among the rest.

    The passes read the trees' texts through local names bound once per pass: each runs
    over thousands of leftovers, and an attribute or method look-up per item and per word
    costs more than the set operations that decide.
    """

    def __init__(self, old: Tree, new: Tree, thresholds: Thresholds) -> None:
        self.o, self.n, self.t = old, new, thresholds
        # Items are numbers (Tree): old number -> new number, and back; -1 for none.
        self.pair: list[int] = [_NONE] * len(old.items)
        self.rev: list[int] = [_NONE] * len(new.items)
        # Old number -> similarity, for the pairs whose text differs.
        self.similarity: dict[int, float] = {}
        self.splits: list[tuple[int, list[int], float]] = []
        self.merges: list[tuple[list[int], int, float]] = []
        self.weights = Weights(1)
        self.codes = WordCodes()
        self.buckets = Buckets(0)
        # Old number -> the number of the new item with the same id, for ids both hold.
        self.same: dict[int, int] = same_ids(old.ids, new.ids)

    def link(self, old_id: int, new_id: int) -> None:
        """Pair an old item with a new one."""
        self.pair[old_id] = new_id
        self.rev[new_id] = old_id

    def unlink(self, old_id: int) -> None:
        """Undo a pairing (its old item turned out to be split or merged)."""
        new_id = self.pair[old_id]
        self.pair[old_id] = self.rev[new_id] = _NONE
        self.similarity.pop(old_id, None)

    def run(self) -> None:
        """All the steps, in order."""
        o, n = self.o, self.n
        pair, rev, similarity, same = self.pair, self.rev, self.similarity, self.same
        old_items, new_items = o.items, n.items
        for item_id, twin_id in same.items():  # 1. same id, same text
            item, twin = old_items[item_id], new_items[twin_id]
            if twin.statement == item.statement and twin.title == item.title:
                pair[item_id] = twin_id
                rev[twin_id] = item_id
        self._same_text()
        if _NONE not in pair and _NONE not in rev:
            return  # every item kept its text: nothing to read
        # Words are read, numbered and weighed only when something is left to match, and
        # only of what is left: the passes below compare nothing else.
        self.weights = rarity(o.framework, n.framework)
        codes = self.codes
        o.read((i for i, p in enumerate(pair) if p < 0), codes, self.weights)
        n.read((i for i, p in enumerate(rev) if p < 0), codes, self.weights)
        self.buckets = Buckets(len(codes.words))
        match = self.t.match
        old_text, new_text = o.text, n.text
        for item_id, twin_id in same.items():  # 3. same id, similar text
            if pair[item_id] < 0 and rev[twin_id] < 0:
                a, b = old_text[item_id], new_text[twin_id]
                if _bound(frozenset(a.codes), a, b) < match:
                    continue
                score = ratio(a.codes, b.codes)
                if score >= match:
                    pair[item_id] = twin_id
                    rev[twin_id] = item_id
                    similarity[item_id] = score
        self._by_content()
        for item_id, twin_id in same.items():  # 5. same id, whatever the text
            if pair[item_id] < 0 and rev[twin_id] < 0:
                pair[item_id] = twin_id
                rev[twin_id] = item_id
                similarity[item_id] = ratio(old_text[item_id].codes, new_text[twin_id].codes)
        self._splits()
        self._merges()

    def _same_text(self) -> None:
        """2. Identical text under another id; old items whose id is gone choose first, in
        document order, and each takes the first (in document order) of the new items with
        its text that stands under its parent's counterpart, else the first of them."""
        o, n = self.o, self.n
        pair, rev = self.pair, self.rev
        by_text: dict[tuple[str | None, str | None], list[int]] = {}
        for item_id, item in enumerate(n.items):
            if rev[item_id] < 0:
                by_text.setdefault((item.title, item.statement), []).append(item_id)
        if not by_text:
            return
        old_items, old_parent, new_parent = o.items, o.parent, n.parent
        pending = [i for i, p in enumerate(pair) if p < 0]
        for item_id in sorted(pending, key=self.same.__contains__):
            item = old_items[item_id]
            candidates = by_text.get((item.title, item.statement))
            if not candidates:
                continue
            parent = old_parent[item_id]
            # (An unmatched parent's children look for a top-level item, as it happens.)
            want = None if parent is None or pair[parent] < 0 else pair[parent]
            chosen = next((c for c in candidates if new_parent[c] == want), candidates[0])
            candidates.remove(chosen)
            pair[item_id] = chosen
            rev[chosen] = item_id

    @staticmethod
    def _bucket_index(
        tree: Tree, ids: Iterable[int], keys: Callable[[Sequence[int]], set[Run]]
    ) -> _Index:
        """Bucket -> the ids in it, in the order of ``ids``; buckets too full to tell items
        apart are left out."""
        buckets: dict[Run, int | list[int]] = {}
        full: list[Run] = []
        width = bytearray(len(tree.items))
        sizes: set[int] = set()
        short: list[Run] = []
        text = tree.text
        put = buckets.setdefault
        for item_id in ids:
            found = text[item_id]
            mine = keys(found.codes)
            width[item_id] = min(len(mine), 255)
            for key in mine:
                held = put(key, item_id)
                # A new bucket, or one already full: at 100,000 items most hits are on the
                # full buckets of stock phrases, so they are ruled out first and cheaply.
                if held is not item_id and held is not _FULL:  # (a key is in a set once)
                    if isinstance(held, int):
                        buckets[key] = [held, item_id]
                    elif len(held) < _BUCKET_CAP:
                        held.append(item_id)
                    else:
                        buckets[key] = _FULL
                        full.append(key)
            if found.size < 3:
                sizes.add(found.size)
                short += mine
        for key in full:  # too full to tell items apart
            del buckets[key]
        kept = frozenset(key for key in short if key in buckets)
        return _Index(buckets, width, 1 in sizes, 2 in sizes, kept)

    @staticmethod
    def _count(text: Text, index: _Index, common: AbstractSet[Run]) -> Counter[int]:
        """The ids of ``index`` that share a bucket of ``common`` with ``text``, with how
        many they share; short items are found by the words they consist of. (The counts
        do not depend on the order the buckets are met; the order of the keys does, so
        callers sort what they take.)"""
        buckets = index.buckets
        found: Counter[int] = Counter()
        keys: Iterable[Run] = common
        if index.singles:  # (word keys are below every pair and run: one-word items' only)
            keys = itertools.chain(common, index.short.intersection(text.codes))
        for key in keys:
            held = buckets[key]
            if isinstance(held, int):
                found[held] += 1
            else:
                found.update(held)
        return found

    def _by_content(self) -> None:
        """4. The most alike pairs among the leftovers. An old item's candidates are the
        few new leftovers that share the most buckets with it (ties: the first in document
        order) and those under its parent's counterpart (those that stand where it stood,
        when there are more than a few); a pair must be similar (``match``) and
        alike by rare words (``match`` under the parent's counterpart, else ``distant``).
        The pairs most alike by rare words win, ties to the first in document order."""
        o, n, match, distant = self.o, self.n, self.t.match, self.t.distant
        pair, rev = self.pair, self.rev
        left_old = [i for i, p in enumerate(pair) if p < 0]
        left_new = [i for i, p in enumerate(rev) if p < 0]
        if not left_old or not left_new:
            return
        free = set(left_new)
        new_parent = n.parent
        under: dict[int | None, list[int]] = {}
        for new_id in left_new:
            under.setdefault(new_parent[new_id], []).append(new_id)
        old_text, new_text = o.text, n.text
        pairs_of = self.buckets.pairs
        index = self._bucket_index(n, left_new, pairs_of)
        width = index.width
        bucket_keys, count = index.buckets.keys(), self._count
        scored: list[tuple[float, float, bool, bool, int, int]] = []
        weight = self.codes.weight.__getitem__
        old_parent, same = o.parent, self.same
        gap = self._gap
        for old_id in left_old:
            mine = old_text[old_id]
            my_pairs = pairs_of(mine.codes)
            counts = count(mine, index, my_pairs & bucket_keys)
            # Like a part, a counterpart shares two word pairs, or all it has (short: one).
            if len(my_pairs) < 2:
                candidates = list(counts)
            else:
                candidates = [c for c, k in counts.items() if k > 1 or width[c] < 2]
            if len(candidates) > _CANDIDATES:
                # The most shared, ties to the first in document order.
                candidates.sort(key=lambda c: (-counts[c], c))
                del candidates[_CANDIDATES:]
            twin = same.get(old_id)
            if twin is not None and rev[twin] < 0 and twin not in candidates:
                candidates.append(twin)
            parent = old_parent[old_id]
            want = None if parent is None else pair[parent]  # _NONE: no item's parent
            # And the leftovers under its parent's counterpart: all of them when they are
            # few, else those that stand where it stood.
            beside = under.get(want, ())
            if len(beside) > _CANDIDATES:
                beside = gap(old_id, o, n, free, under.keys())
            candidates += [c for c in beside if c not in candidates]
            if not candidates:
                continue
            words, distinct, mass = mine.codes, frozenset(mine.codes), mine.mass
            for new_id in candidates:
                other = new_text[new_id]
                if _bound(distinct, mine, other) < match:
                    continue
                near = new_parent[new_id] == want
                alike = _weighted(
                    sum(map(weight, distinct.intersection(other.codes))), mass + other.mass
                )
                if alike < (match if near else distant):
                    continue
                score = ratio(words, other.codes)
                if score >= match:
                    scored.append(
                        (
                            -alike,
                            -score,
                            new_id != twin,
                            not near,
                            old_id,
                            new_id,
                        )
                    )
        scored.sort()
        similarity = self.similarity
        for _alike, score, *_rest, old_id, new_id in scored:
            if pair[old_id] < 0 and rev[new_id] < 0:
                pair[old_id] = new_id
                rev[new_id] = old_id
                similarity[old_id] = -score

    def _gap(
        self,
        item_id: int,
        mine: Tree,
        other: Tree,
        free: AbstractSet[int],
        homes: AbstractSet[int | None],
    ) -> list[int]:
        """Free items of ``other`` standing where ``item_id`` stood: under its parent's
        counterpart, between the counterparts of its nearest matched siblings. ``homes``
        holds the parents of the free items (or more): elsewhere there is nothing to find."""
        links = self.pair if mine is self.o else self.rev
        parent = mine.parent[item_id]
        if parent is None:
            target: int | None = None
        elif links[parent] >= 0:
            target = links[parent]
        else:
            return []
        if target not in homes:
            return []
        siblings = mine.kids(parent)
        position = mine.index[item_id]
        row = other.kids(target)
        low, high = -1, len(row)
        other_parent, other_index = other.parent, other.index
        for j in range(position - 1, max(-1, position - 1 - _GAP), -1):
            match = links[siblings[j]]
            if match >= 0 and other_parent[match] == target:
                low = other_index[match]
                break
        for j in range(position + 1, min(len(siblings), position + 1 + _GAP)):
            match = links[siblings[j]]
            if match >= 0 and other_parent[match] == target:
                high = other_index[match]
                break
        return [k for k in row[low + 1 : high] if k in free][:_GAP]

    def _parts(
        self,
        whole: int,
        mine: Tree,
        other: Tree,
        candidates: Iterable[int],
        partner: int | None,
        target: int | None,
        words: frozenset[int],
    ) -> tuple[list[int], float]:
        """The candidates that are parts of ``whole`` (the partner, and items with ``part``
        of their content in it, ``distant`` when they do not stand under ``target``, the
        counterpart of the whole's parent), each holding a word of it that no other part
        holds; and the share of the whole's content they hold together (words weighted).
        ``words``: the whole's content words, as a set."""
        whole_text = mine.text[whole]
        text, parent_of = other.text, other.parent
        weight = self.codes.weight.__getitem__
        part, distant, cover = self.t.part, self.t.distant, self.t.cover
        missing = words.difference(text[partner].content) if partner is not None else frozenset()
        lacking = sum(map(weight, missing))
        parts = []
        for c in dict.fromkeys(candidates):
            if c == partner:
                parts.append(c)
                continue
            near = parent_of[c] == target
            found = text[c]
            inside = sum(map(weight, words.intersection(found.content)))
            need = (part if near else distant) * found.content_mass
            if inside >= need:
                parts.append(c)
                continue
            # Beside the whole, an item that alone holds what its partner lacks (two words
            # at least) needs only half as much of itself inside: a merge drops the stock
            # phrases of a source, a split gives a part some of its own.
            explains = missing.intersection(found.content) if near and inside * 2 >= need else ()
            if len(explains) > 1 and sum(map(weight, explains)) >= cover * lacking:
                parts.append(c)
        while len(parts) >= 2:
            held = [words.intersection(text[p].content) for p in parts]
            counts = Counter(itertools.chain.from_iterable(held))
            idle = [
                p for p, own in zip(parts, held, strict=True) if all(counts[w] > 1 for w in own)
            ]
            if not idle:
                return parts, _share(sum(map(weight, counts)), whole_text.content_mass)
            # The part least inside the whole goes (ties: the first in document order).
            parts.remove(
                min(
                    idle,
                    key=lambda p: (
                        _share(
                            sum(map(weight, words.intersection(text[p].content))),
                            text[p].content_mass,
                        ),
                        p,
                    ),
                )
            )
        return parts, 0.0

    def _regroup(
        self, wholes: Iterable[int], mine: Tree, other: Tree, free: set[int], index: _Index
    ) -> None:
        """Whether each of ``wholes`` (old: a split; new: a merge) breaks into several
        ``free`` items of the other version, one at least not its partner; if so, record it.

        Candidates share two buckets with the whole (``index`` holds the other version's
        leftovers; one suffices for an item of one or two words; for a whole with a
        partner, buckets of runs the partner lacks) or, when the whole has a partner or
        such a candidate, stand where it stood; each must hold a word its partner lacks.
        Every whole is tried first with the candidates among its siblings (under the
        counterpart of its parent), in document order; then those that did not break, with
        all their candidates, the others needing ``distant`` evidence.
        """
        splitting = mine is self.o
        links = self.pair if splitting else self.rev
        own_text, text, count = mine.text, other.text, self._count
        bucket_keys, pairs, short, width = (
            index.buckets.keys(),
            index.pairs,
            index.short,
            index.width,
        )
        runs_of, pairs_of = self.buckets.runs, self.buckets.pairs
        other_parent, own_parent = other.parent, mine.parent
        homes = {other_parent[i] for i in free}
        under: dict[int | None, list[int]] = {}
        for free_id in sorted(free):
            under.setdefault(other_parent[free_id], []).append(free_id)
        tried: list[tuple[int, frozenset[int], list[int], int | None]] = []
        for whole in wholes:
            partner: int | None = links[whole]
            if partner == _NONE:
                partner = None
            whole_text = own_text[whole]
            words = frozenset(whole_text.content)
            partner_text = None if partner is None else text[partner]
            missing = words if partner_text is None else words.difference(partner_text.content)
            if len(words) < 2 or not missing:
                continue
            # The buckets it shares with the free items: no bucket in common, no part to
            # find. A whole with a partner is sought by the runs its partner lacks: the
            # other parts hold what the partner does not.
            runs = runs_of(whole_text.codes)
            if partner_text is not None:
                runs -= runs_of(partner_text.codes)
            common = runs & bucket_keys
            if pairs:
                # (A pair is below every run of three: only a text of two words has it.)
                common |= pairs_of(whole_text.codes) & short
            if not common and not index.singles:
                if partner is None:
                    continue
                shared: Counter[int] = Counter()
            else:
                shared = count(whole_text, index, common)
            # A part shares two runs of words with its whole, or all it has if it has
            # fewer (two runs at most: it is one of few).
            candidates = [
                c
                for c, k in shared.items()
                # (Every item of the index is free: nothing is taken before the second loop.)
                if (k > 1 or width[c] < 3) and not missing.isdisjoint(text[c].content)
            ]
            if partner is None and not candidates:
                continue  # nothing shares its words: a removal (an addition), not a regrouping
            candidates.sort()
            parent = own_parent[whole]
            target = None if parent is None else links[parent]  # _NONE: no item's parent
            # And those that stand where it stood: in the gap between its siblings'
            # counterparts; and, when they are few, the free items under its parent's
            # counterpart that hold none but its words (siblings reordered around it
            # leave no gap, and a short part's runs into a stock phrase are its own).
            beside = self._gap(whole, mine, other, free, homes)
            few = under.get(target, ())
            if len(few) <= _CANDIDATES:
                beside += [c for c in few if c not in beside and words.issuperset(text[c].content)]
            candidates += [
                c
                for c in beside
                if c in free and c not in candidates and not missing.isdisjoint(text[c].content)
            ]
            if not candidates:
                continue
            tried.append((whole, words, candidates, target))
        done: set[int] = set()
        for far in (False, True):
            for whole, words, candidates, target in tried:
                if whole in done:
                    continue
                near = [c for c in candidates if other_parent[c] == target]
                if far and len(near) == len(candidates):
                    continue  # no candidate elsewhere: the first round said all there is
                chosen = candidates if far else near
                if self._regroup_one(whole, words, chosen, mine, other, free, target):
                    done.add(whole)

    def _regroup_one(
        self,
        whole: int,
        words: frozenset[int],
        candidates: list[int],
        mine: Tree,
        other: Tree,
        free: set[int],
        target: int | None,
    ) -> bool:
        """Whether ``whole`` (``words``: its content words, as a set) breaks into
        ``candidates`` (those still free) and its partner; if so, record it."""
        splitting = mine is self.o
        links = self.pair if splitting else self.rev
        text = other.text
        weight = self.codes.weight.__getitem__
        cover = self.t.cover
        partner: int | None = links[whole]
        if partner == _NONE:
            partner = None
        missing = words if partner is None else words.difference(text[partner].content)
        candidates = [c for c in candidates if c in free]
        if not candidates or not missing:
            return False
        if partner is not None:
            candidates.append(partner)
        parts, coverage = self._parts(whole, mine, other, candidates, partner, target, words)
        if len(parts) < 2 or coverage < cover or all(p == partner for p in parts):
            return False
        if partner is not None:
            # What the partner lacks must be, mostly, what the other parts hold.
            held = set().union(*(text[p].content for p in parts if p != partner)) & missing
            if sum(map(weight, held)) < cover * sum(map(weight, missing)):
                return False
            self.unlink(whole if splitting else partner)
            if partner not in parts:
                free.add(partner)
        parts.sort()
        free.difference_update(parts)
        if splitting:
            self.splits.append((whole, parts, coverage))
        else:
            self.merges.append((parts, whole, coverage))
        return True

    def _splits(self) -> None:
        """6. Splits: an old item whose words reappear in several new items. The old item
        is unmatched or reworded; its parts are unmatched, or its partner."""
        o, n = self.o, self.n
        left = [i for i, p in enumerate(self.rev) if p < 0]  # in document order
        if not left:
            return
        wholes = sorted({*(i for i, p in enumerate(self.pair) if p < 0), *self.similarity})
        index = self._bucket_index(n, left, self.buckets.runs)
        self._regroup(wholes, o, n, set(left), index)

    def _merges(self) -> None:
        """7. Merges: a new item whose words come from several old items."""
        o, n = self.o, self.n
        split = {w for w, _p, _c in self.splits}
        left = [i for i, p in enumerate(self.pair) if p < 0 and i not in split]
        if not left:
            return
        parts = {p for _w, ps, _c in self.splits for p in ps}
        index = self._bucket_index(o, left, self.buckets.runs)
        wholes = sorted(
            {
                *(i for i, p in enumerate(self.rev) if p < 0 and i not in parts),
                *(self.pair[i] for i in self.similarity),
            }
        )
        self._regroup(wholes, n, o, set(left), index)
