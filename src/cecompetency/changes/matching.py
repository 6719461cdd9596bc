"""How the items of two versions of a framework are matched: the engine of
:mod:`cecompetency.changes.differ`.

Private: :func:`cecompetency.changes.differ.diff` is the way in. :class:`Tree` indexes one
version's items (parents, positions, and, computed when first asked for, their words and buckets);
:class:`Matcher` pairs old items with new ones and finds splits and merges, in the steps
the :mod:`cecompetency.changes.differ` module documentation lists.
"""

from __future__ import annotations

import collections
import functools
import itertools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any, TypeVar

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.framework import Framework, Item
from cecompetency.text.tokens import tokenize

__all__ = [
    "Matcher",
    "Thresholds",
    "Tree",
    "join_text",
    "ratio",
    "rest",
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

    ``match`` (default 0.5)
        Two items under different ids are the same item when their similarity is at least
        this; an item whose text changed keeps its id partner when they are at least this
        similar without looking further.
    ``editorial`` (default 0.8)
        A rewording at least this similar is editorial; below it, the meaning changed and
        the rewording is breaking.
    ``part`` (default 0.5)
        In a split (merge), each new part (old source) must have at least this share of its
        content words in the old (new) whole; the whole's own partner, if it has one, counts
        as a part without this test. "Plan activities" is 1.0 inside "Plan and evaluate
        activities"; "Review activities" is 0.5 inside it, enough; "Review budgets" is 0.
    ``cover`` (default 0.6)
        ... and the parts together must hold at least this share of the whole's content
        words ("Plan activities" and "Evaluate activities" hold all of "plan", "evaluate"
        and "activities": "and" is not a content word), each holding one no other part
        holds. When the whole has a partner (the item it was first matched with), the other
        parts must also hold this share of the words the partner lacks: a short item that
        happens to repeat a word of a long one does not make a split.
    """

    match: float = attrs.field(default=0.5, validator=_unit)
    editorial: float = attrs.field(default=0.8, validator=_unit)
    part: float = attrs.field(default=0.5, validator=_unit)
    cover: float = attrs.field(default=0.6, validator=_unit)


def join_text(title: str | None, statement: str | None) -> str:
    """Title and statement, as one text (what ``Item.text`` gives)."""
    return " ".join(t for t in (title, statement) if t)


def _common(a: Sequence[str], b: Sequence[str]) -> int:
    """The length of the longest common subsequence of two word lists.

    Bit-parallel (Crochemore, Iliopoulos, Pinzon and Reid, 2001): one integer holds a row
    of the dynamic-programming table, so each word of ``b`` costs a few integer operations
    instead of ``len(a)`` Python steps.
    """
    if len(a) < len(b):
        a, b = b, a
    masks: dict[str, int] = {}
    for position, word in enumerate(a):
        masks[word] = masks.get(word, 0) | (1 << position)
    full = (1 << len(a)) - 1
    row = full
    for word in b:
        hit = row & masks.get(word, 0)
        row = ((row + hit) | (row - hit)) & full
    return len(a) - row.bit_count()


def ratio(old: Sequence[str], new: Sequence[str]) -> float:
    """:func:`word_similarity` of two word lists."""
    total = len(old) + len(new)
    return 2 * _common(old, new) / total if total else 1.0


def word_similarity(old: str, new: str) -> float:
    """How alike two texts read, from 0 to 1: ``2 * M / T`` over their lower-cased words,
    where ``M`` is the most words that can be matched in order (the longest common
    subsequence) and ``T`` the number of words in both. Two texts with no words are 1.0."""
    return ratio(tokenize(old), tokenize(new))


# -- the two trees ----------------------------------------------------------------------------

_V = TypeVar("_V")


class _Lazy(dict[str, _V]):
    """A dictionary that computes the value of a missing key, once. A hit is a plain
    dictionary look-up, which the matching passes make hundreds of thousands of times."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[str], _V]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> _V:
        value = self[key] = self._make(key)
        return value


# The makers below see only the dictionaries they read, never the tree: no reference
# cycle, so a tree is freed as soon as the diff drops it, with the collector paused.


def _item_words(items: dict[str, Item], item_id: str) -> list[str]:
    item = items[item_id]
    title, statement = item.title, item.statement
    # Item.text, without its generator: title and statement, those that are not empty.
    return tokenize(f"{title} {statement}" if title and statement else title or statement or "")


def _distinct(words: dict[str, list[str]], item_id: str) -> frozenset[str]:
    return frozenset(words[item_id])


def _content_words(word_sets: dict[str, frozenset[str]], item_id: str) -> frozenset[str]:
    words = word_sets[item_id]
    return words - _STOPWORDS or words


def _pairs(words: dict[str, list[str]], item_id: str) -> frozenset[int]:
    found = words[item_id]
    if len(found) > 1:
        return frozenset(map(hash, itertools.pairwise(found)))
    return frozenset(map(hash, ((w,) for w in found)))


def _runs(
    words: dict[str, list[str]], shingles: dict[str, frozenset[int]], item_id: str
) -> frozenset[int]:
    found = words[item_id]
    if len(found) < 3:
        return shingles[item_id]
    return frozenset(map(hash, zip(found, found[1:], found[2:], strict=False)))


class Tree:
    """One framework's items with their parents, positions and (lazily) their words.

    The words and buckets are dictionaries that fill themselves on first look-up:
    ``tree.words[item_id]`` and so on.
    """

    words: _Lazy[list[str]]
    """The item's words, in order."""
    word_set: _Lazy[frozenset[str]]
    """The item's distinct words."""
    content: _Lazy[frozenset[str]]
    """The item's content words (function words left out, unless that leaves none)."""
    shingles: _Lazy[frozenset[int]]
    """The buckets an item falls in: its pairs of adjacent words (its word, if one), by
    hash, for dictionaries look ints up faster than tuples. An item with one at most (one
    or two words) is *short*."""
    grams: _Lazy[frozenset[int]]
    """Coarser buckets, for the parts of splits and merges: runs of three words (an item of
    one or two words has its shingle), rarer by chance than pairs. An item with two at
    most (four words or fewer) is one of *few*."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.ref = framework.ref
        # Framework.walk() is document order; parents and positions come from child lists.
        self.items: dict[str, Item] = {item.id: item for item in framework.walk()}
        self.parent: dict[str, str | None] = {}
        self.index: dict[str, int] = {}
        self.children: dict[str | None, list[str]] = {}
        for parent_id, kids in itertools.chain(
            ((None, framework.items),),
            ((item.id, item.children) for item in self.items.values() if item.children),
        ):
            ids = self.children[parent_id] = [k.id for k in kids]
            for position, child_id in enumerate(ids):
                self.parent[child_id] = parent_id
                self.index[child_id] = position
        self.order = {item_id: n for n, item_id in enumerate(self.items)}
        self.words = _Lazy(functools.partial(_item_words, self.items))
        self.word_set = _Lazy(functools.partial(_distinct, self.words))
        self.content = _Lazy(functools.partial(_content_words, self.word_set))
        self.shingles = _Lazy(functools.partial(_pairs, self.words))
        self.grams = _Lazy(functools.partial(_runs, self.words, self.shingles))

    def kids(self, parent: str | None) -> list[str]:
        """The ids of an item's children (of the top level for ``None``)."""
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


_BUCKET_CAP = 8


@attrs.frozen
class _Index:
    """Items by bucket, and whether some have one word (``singles``) or two (``pairs``),
    for those are found by their words rather than by runs of words."""

    buckets: dict[int, list[str]]
    singles: bool
    pairs: bool


_CANDIDATES = 3
_GAP = 32


# -- matching ---------------------------------------------------------------------------------


def _bound(a: list[str], b: list[str], a_set: frozenset[str], b_set: frozenset[str]) -> float:
    """An upper bound of the similarity of two word lists (``a_set`` and ``b_set`` their
    distinct words): words matched in order are at most the words the two texts share,
    counting a repeated word as often as both repeat it."""
    if not a and not b:
        return 1.0
    shared = len(a_set & b_set) + min(len(a) - len(a_set), len(b) - len(b_set))
    return 2 * shared / (len(a) + len(b))


class Matcher:
    """Pairs old items with new ones, then finds splits and merges among the rest.

    The passes read the trees' words and buckets through local names bound once per pass:
    each runs over thousands of leftovers, and an attribute or method look-up per item and
    per word costs more than the set operations that decide.
    """

    def __init__(self, old: Tree, new: Tree, thresholds: Thresholds) -> None:
        self.o, self.n, self.t = old, new, thresholds
        self.pair: dict[str, str] = {}
        self.rev: dict[str, str] = {}
        # Old id -> similarity, for the pairs whose text differs.
        self.similarity: dict[str, float] = {}
        self.splits: list[tuple[str, list[str], float]] = []
        self.merges: list[tuple[list[str], str, float]] = []

    def link(self, old_id: str, new_id: str) -> None:
        """Pair an old item with a new one."""
        self.pair[old_id] = new_id
        self.rev[new_id] = old_id

    def unlink(self, old_id: str) -> None:
        """Undo a pairing (its old item turned out to be split or merged)."""
        new_id = self.pair.pop(old_id)
        del self.rev[new_id]
        self.similarity.pop(old_id, None)

    def run(self) -> None:
        """All the steps, in order."""
        o, n = self.o, self.n
        pair, rev, similarity = self.pair, self.rev, self.similarity
        new_items = n.items
        for item_id, item in o.items.items():  # 1. same id, same text
            twin = new_items.get(item_id)
            if twin is not None and twin.statement == item.statement and twin.title == item.title:
                pair[item_id] = rev[item_id] = item_id
        self._same_text()
        match = self.t.match
        old_words, new_words = o.words, n.words
        old_sets, new_sets = o.word_set, n.word_set
        for item_id in o.items:  # 3. same id, similar text
            if item_id not in pair and item_id in new_items and item_id not in rev:
                a, b = old_words[item_id], new_words[item_id]
                if _bound(a, b, old_sets[item_id], new_sets[item_id]) < match:
                    continue
                score = ratio(a, b)
                if score >= match:
                    pair[item_id] = rev[item_id] = item_id
                    similarity[item_id] = score
        self._by_content()
        for item_id in o.items:  # 5. same id, whatever the text
            if item_id not in pair and item_id in new_items and item_id not in rev:
                pair[item_id] = rev[item_id] = item_id
                similarity[item_id] = ratio(old_words[item_id], new_words[item_id])
        self._splits()
        self._merges()

    def _same_text(self) -> None:
        """2. Identical text under another id; old items whose id is gone choose first."""
        o, n = self.o, self.n
        pair, rev = self.pair, self.rev
        by_text: dict[tuple[str | None, str | None], list[str]] = {}
        for item_id, item in n.items.items():
            if item_id not in rev:
                by_text.setdefault((item.title, item.statement), []).append(item_id)
        if not by_text:
            return
        old_items, new_items, old_parent, new_parent = o.items, n.items, o.parent, n.parent
        pending = [i for i in old_items if i not in pair]
        for item_id in sorted(pending, key=new_items.__contains__):
            item = old_items[item_id]
            candidates = by_text.get((item.title, item.statement))
            if not candidates:
                continue
            parent = old_parent[item_id]
            want = None if parent is None else pair.get(parent)
            chosen = next((c for c in candidates if new_parent[c] == want), candidates[0])
            candidates.remove(chosen)
            pair[item_id] = chosen
            rev[chosen] = item_id

    @staticmethod
    def _bucket_index(tree: Tree, ids: Iterable[str], keys: Mapping[str, frozenset[int]]) -> _Index:
        """Bucket -> the ids in it; buckets too full to tell items apart are left out."""
        buckets: collections.defaultdict[int, list[str]] = collections.defaultdict(list)
        sizes: set[int] = set()
        words = tree.words
        for item_id in ids:
            for key in keys[item_id]:
                buckets[key].append(item_id)
            size = len(words[item_id])
            if size < 3:
                sizes.add(size)
        # Most buckets are rare: dropping the full ones costs less than copying the rest.
        for key in [key for key, found in buckets.items() if len(found) > _BUCKET_CAP]:
            del buckets[key]
        buckets.default_factory = None  # from now on, a plain dictionary
        return _Index(buckets, 1 in sizes, 2 in sizes)

    @staticmethod
    def _sharing(
        tree: Tree, item_id: str, index: _Index, keys: Mapping[str, frozenset[int]]
    ) -> Counter[str]:
        """The ids of ``index`` that share a bucket with ``item_id``, with how many they
        share, in the order the buckets are met; short items are found by the words or
        pairs of words they consist of."""
        common = keys[item_id] & index.buckets.keys()
        if index.pairs and keys is not tree.shingles:
            common |= tree.shingles[item_id] & index.buckets.keys()
        return Matcher._count(tree, item_id, index, common)

    @staticmethod
    def _count(tree: Tree, item_id: str, index: _Index, common: AbstractSet[int]) -> Counter[str]:
        """:meth:`_sharing`, given the buckets ``item_id`` shares with ``index``."""
        buckets = index.buckets
        found: Counter[str] = Counter(
            itertools.chain.from_iterable(map(buckets.__getitem__, common))
        )
        if index.singles:
            singles = map(hash, ((w,) for w in tree.word_set[item_id]))
            found.update(
                itertools.chain.from_iterable(map(buckets.get, singles, itertools.repeat(())))
            )
        return found

    def _by_content(self) -> None:
        """4. The most similar pairs among the leftovers, found through shared buckets."""
        o, n, match = self.o, self.n, self.t.match
        pair, rev = self.pair, self.rev
        left_old = [i for i in o.items if i not in pair]
        left_new = [i for i in n.items if i not in rev]
        if not left_old or not left_new:
            return
        index = self._bucket_index(n, left_new, n.shingles)
        sharing = self._sharing
        scored: list[tuple[float, bool, bool, int, int, str, str]] = []
        old_shingles, new_shingles = o.shingles, n.shingles
        old_words, new_words = o.words, n.words
        old_sets, new_sets = o.word_set, n.word_set
        old_order, new_order = o.order, n.order
        old_parent, new_parent, new_items = o.parent, n.parent, n.items
        for old_id in left_old:
            counts = sharing(o, old_id, index, old_shingles)
            # The most shared first, ties in the order met: what heapq.nlargest picks.
            best = sorted(counts, key=counts.__getitem__, reverse=True)[:_CANDIDATES]
            # Like a part, a counterpart shares two word pairs, or all it has (short: one).
            if len(old_shingles[old_id]) < 2:
                candidates = best
            else:
                candidates = [c for c in best if counts[c] > 1 or len(new_shingles[c]) < 2]
            if old_id in new_items and old_id not in rev and old_id not in candidates:
                candidates.append(old_id)
            if not candidates:
                continue
            words, word_set = old_words[old_id], old_sets[old_id]
            parent = old_parent[old_id]
            want = None if parent is None else pair.get(parent, "\0")
            for new_id in candidates:
                other = new_words[new_id]
                if _bound(words, other, word_set, new_sets[new_id]) < match:
                    continue
                score = ratio(words, other)
                if score >= match:
                    want_parent = new_parent[new_id] != want
                    scored.append(
                        (
                            -score,
                            new_id != old_id,
                            want_parent,
                            old_order[old_id],
                            new_order[new_id],
                            old_id,
                            new_id,
                        )
                    )
        scored.sort()
        similarity = self.similarity
        for score, *_rest, old_id, new_id in scored:
            if old_id not in pair and new_id not in rev:
                pair[old_id] = new_id
                rev[new_id] = old_id
                similarity[old_id] = -score

    def _gap(self, item_id: str, mine: Tree, other: Tree, free: set[str]) -> list[str]:
        """Free items of ``other`` standing where ``item_id`` stood: under its parent's
        counterpart, between the counterparts of its nearest matched siblings."""
        links = self.pair if mine is self.o else self.rev
        parent = mine.parent[item_id]
        if parent is None:
            target: str | None = None
        elif parent in links:
            target = links[parent]
        else:
            return []
        siblings = mine.kids(parent)
        position = mine.index[item_id]
        row = other.kids(target)
        low, high = -1, len(row)
        other_parent, other_index = other.parent, other.index
        for j in range(position - 1, max(-1, position - 1 - _GAP), -1):
            match = links.get(siblings[j])
            if match is not None and other_parent[match] == target:
                low = other_index[match]
                break
        for j in range(position + 1, min(len(siblings), position + 1 + _GAP)):
            match = links.get(siblings[j])
            if match is not None and other_parent[match] == target:
                high = other_index[match]
                break
        return [k for k in row[low + 1 : high] if k in free][:_GAP]

    def _parts(
        self, whole: str, mine: Tree, other: Tree, candidates: Iterable[str], partner: str | None
    ) -> tuple[list[str], float]:
        """The candidates that are parts of ``whole`` (the partner, and items with ``part``
        of their content words in it), each holding a word of it that no other part
        holds; and the share of the whole's content words they hold together."""
        words = mine.content[whole]
        content = other.content
        part = self.t.part
        parts = [
            c
            for c in dict.fromkeys(candidates)
            if c == partner or len(content[c] & words) >= part * len(content[c])
        ]
        while len(parts) >= 2:
            held = [content[p] & words for p in parts]
            counts = Counter(itertools.chain.from_iterable(held))
            idle = [
                p for p, own in zip(parts, held, strict=True) if all(counts[w] > 1 for w in own)
            ]
            if not idle:
                return parts, len(counts) / len(words)
            parts.remove(min(idle, key=lambda p: len(content[p])))
        return parts, 0.0

    def _regroup(
        self, wholes: Iterable[str], mine: Tree, other: Tree, free: set[str], index: _Index
    ) -> None:
        """Whether each of ``wholes`` (old: a split; new: a merge), in turn, breaks into
        several ``free`` items of the other version, one at least not its partner; if so,
        record it.

        Candidates share two buckets with the whole (``index`` holds the other version's
        leftovers; one suffices for an item of one or two words) or, when the whole has a
        partner or such a candidate, stand where it stood; each must hold a word its
        partner lacks.
        """
        splitting = mine is self.o
        links = self.pair if splitting else self.rev
        own_content, own_grams, count = mine.content, mine.grams, self._count
        own_shingles, bucket_keys, pairs = mine.shingles, index.buckets.keys(), index.pairs
        content, grams, order = other.content, other.grams, other.order
        cover = self.t.cover
        for whole in wholes:
            partner = links.get(whole)
            words = own_content[whole]
            missing = words if partner is None else words - content[partner]
            if len(words) < 2 or not missing:
                continue
            # What _sharing does, with a shortcut: no bucket in common, no part to find.
            common = own_grams[whole] & bucket_keys
            if pairs:
                common |= own_shingles[whole] & bucket_keys
            if not common and not index.singles:
                if partner is None:
                    continue
                shared: Counter[str] = Counter()
            else:
                shared = count(mine, whole, index, common)
            # A part shares two runs of words with its whole, or all it has if it has
            # fewer (two runs at most: it is one of few).
            candidates = [
                c
                for c, count in shared.items()
                if c in free
                and (count > 1 or len(grams[c]) < 3)
                and not missing.isdisjoint(content[c])
            ]
            if partner is None and not candidates:
                continue  # nothing shares its words: a removal (an addition), not a regrouping
            candidates.sort(key=order.__getitem__)
            candidates += [
                c for c in self._gap(whole, mine, other, free) if not missing.isdisjoint(content[c])
            ]
            if not candidates:
                continue
            if partner is not None:
                candidates.append(partner)
            parts, coverage = self._parts(whole, mine, other, candidates, partner)
            if len(parts) < 2 or coverage < cover or all(p == partner for p in parts):
                continue
            if partner is not None:
                # What the partner lacks must be, mostly, what the other parts hold.
                held = set().union(*(content[p] for p in parts if p != partner)) & missing
                if len(held) < cover * len(missing):
                    continue
                self.unlink(whole if splitting else partner)
                if partner not in parts:
                    free.add(partner)
            parts.sort(key=order.__getitem__)
            free.difference_update(parts)
            if splitting:
                self.splits.append((whole, parts, coverage))
            else:
                self.merges.append((parts, whole, coverage))

    def _splits(self) -> None:
        """6. Splits: an old item whose words reappear in several new items. The old item
        is unmatched or reworded; its parts are unmatched, or its partner."""
        o, n = self.o, self.n
        free = {i for i in n.items if i not in self.rev}
        if not free:
            return
        wholes = sorted(
            {*(i for i in o.items if i not in self.pair), *self.similarity},
            key=o.order.__getitem__,
        )
        index = self._bucket_index(n, sorted(free, key=n.order.__getitem__), n.grams)
        self._regroup(wholes, o, n, free, index)

    def _merges(self) -> None:
        """7. Merges: a new item whose words come from several old items."""
        o, n = self.o, self.n
        split = {w for w, _p, _c in self.splits}
        parts = {p for _w, ps, _c in self.splits for p in ps}
        free = {i for i in o.items if i not in self.pair and i not in split}
        if not free:
            return
        index = self._bucket_index(o, sorted(free, key=o.order.__getitem__), o.grams)
        wholes = sorted(
            {
                *(i for i in n.items if i not in self.rev and i not in parts),
                *(self.pair[i] for i in self.similarity),
            },
            key=n.order.__getitem__,
        )
        self._regroup(wholes, n, o, free, index)
