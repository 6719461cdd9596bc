"""How the items of two versions of a framework are matched: the engine of :mod:`diff`.

Private: :func:`cecompetency.diffing.diff` is the way in. :class:`Tree` indexes one version's
items (parents, positions, and, computed when first asked for, their words and buckets);
:class:`Matcher` pairs old items with new ones and finds splits and merges, in the steps
the :mod:`cecompetency.diffing` module documentation lists.
"""

from __future__ import annotations

import collections
import heapq
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from cecompetency.model import Framework, Item

if TYPE_CHECKING:
    from cecompetency.change_records import Thresholds

__all__ = [
    "Matcher",
    "Tree",
    "join_text",
    "ratio",
    "rest",
    "text_key",
    "without_children",
    "word_similarity",
    "words_of",
]

_WORD = re.compile(r"\w+")
# Function words carry no content: they do not make a part of a split or merge.
_STOPWORDS = frozenset(
    "a an and as at be by for from in into is of on or the their to with within".split()  # noqa: SIM905
)


def join_text(title: str | None, statement: str | None) -> str:
    """Title and statement, as one text (what ``Item.text`` gives)."""
    return " ".join(t for t in (title, statement) if t)


def words_of(text: str) -> list[str]:
    """The lower-cased words (letters and digits) of a text."""
    return _WORD.findall(text.casefold())


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
    return ratio(words_of(old), words_of(new))


# -- the two trees ----------------------------------------------------------------------------


class Tree:
    """One framework's items with their parents, positions and (lazily) their words."""

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
        self._words: dict[str, list[str]] = {}
        self._content: dict[str, frozenset[str]] = {}
        self._shingles: dict[str, frozenset[int]] = {}
        self.short: set[str] = set()  # items with one shingle at most (one or two words)
        self._grams: dict[str, frozenset[int]] = {}
        self.few: set[str] = set()  # items with two grams at most (four words or fewer)
        self._word_set: dict[str, frozenset[str]] = {}

    def kids(self, parent: str | None) -> list[str]:
        """The ids of an item's children (of the top level for ``None``)."""
        return self.children.get(parent, [])

    def words(self, item_id: str) -> list[str]:
        """The item's words, in order."""
        words = self._words.get(item_id)
        if words is None:
            words = self._words[item_id] = words_of(self.items[item_id].text)
        return words

    def word_set(self, item_id: str) -> frozenset[str]:
        """The item's distinct words."""
        found = self._word_set.get(item_id)
        if found is None:
            found = self._word_set[item_id] = frozenset(self.words(item_id))
        return found

    def content(self, item_id: str) -> frozenset[str]:
        """The item's content words (function words left out, unless that leaves none)."""
        found = self._content.get(item_id)
        if found is None:
            words = self.word_set(item_id)
            found = self._content[item_id] = words - _STOPWORDS or words
        return found

    def grams(self, item_id: str) -> frozenset[int]:
        """Coarser buckets, for the parts of splits and merges: runs of three words (an item
        of one or two words has its shingle), rarer by chance than pairs."""
        found = self._grams.get(item_id)
        if found is None:
            words = self.words(item_id)
            if len(words) < 3:
                found = self.shingles(item_id)
            else:
                found = frozenset(map(hash, zip(words, words[1:], words[2:], strict=False)))
            self._grams[item_id] = found
            if len(found) < 3:
                self.few.add(item_id)
        return found

    def shingles(self, item_id: str) -> frozenset[int]:
        """The buckets an item falls in: its pairs of adjacent words (its word, if one),
        by hash, for dictionaries look ints up faster than tuples."""
        found = self._shingles.get(item_id)
        if found is None:
            words = self.words(item_id)
            pairs = itertools.pairwise(words) if len(words) > 1 else ((w,) for w in words)
            found = self._shingles[item_id] = frozenset(map(hash, pairs))
            if len(found) < 2:
                self.short.add(item_id)
        return found


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


class Matcher:
    """Pairs old items with new ones, then finds splits and merges among the rest."""

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
        for item_id, item in o.items.items():  # 1. same id, same text
            twin = n.items.get(item_id)
            if twin is not None and twin.statement == item.statement and twin.title == item.title:
                self.link(item_id, item_id)
        self._same_text()
        for item_id in o.items:  # 3. same id, similar text
            if item_id not in self.pair and item_id in n.items and item_id not in self.rev:
                if self._bound(item_id, item_id) < self.t.match:
                    continue
                score = ratio(o.words(item_id), n.words(item_id))
                if score >= self.t.match:
                    self.link(item_id, item_id)
                    self.similarity[item_id] = score
        self._by_content()
        for item_id in o.items:  # 5. same id, whatever the text
            if item_id not in self.pair and item_id in n.items and item_id not in self.rev:
                self.link(item_id, item_id)
                self.similarity[item_id] = ratio(o.words(item_id), n.words(item_id))
        self._splits()
        self._merges()

    def _bound(self, old_id: str, new_id: str) -> float:
        """An upper bound of the similarity: words matched in order are at most the words
        the two texts share, counting a repeated word as often as both repeat it."""
        o, n = self.o, self.n
        a, b = o.words(old_id), n.words(new_id)
        if not a and not b:
            return 1.0
        a_set, b_set = o.word_set(old_id), n.word_set(new_id)
        shared = len(a_set & b_set) + min(len(a) - len(a_set), len(b) - len(b_set))
        return 2 * shared / (len(a) + len(b))

    def _same_text(self) -> None:
        """2. Identical text under another id; old items whose id is gone choose first."""
        o, n = self.o, self.n
        by_text: dict[tuple[str | None, str | None], list[str]] = {}
        for item_id, item in n.items.items():
            if item_id not in self.rev:
                by_text.setdefault(text_key(item), []).append(item_id)
        if not by_text:
            return
        pending = [i for i in o.items if i not in self.pair]
        for item_id in sorted(pending, key=lambda i: i in n.items):
            candidates = by_text.get(text_key(o.items[item_id]))
            if not candidates:
                continue
            parent = o.parent[item_id]
            want = None if parent is None else self.pair.get(parent)
            chosen = next((c for c in candidates if n.parent[c] == want), candidates[0])
            candidates.remove(chosen)
            self.link(item_id, chosen)

    @staticmethod
    def _bucket_index(
        tree: Tree, ids: Iterable[str], keys: Callable[[str], frozenset[int]]
    ) -> _Index:
        """Bucket -> the ids in it; buckets too full to tell items apart are left out."""
        buckets: collections.defaultdict[int, list[str]] = collections.defaultdict(list)
        sizes: set[int] = set()
        for item_id in ids:
            for key in keys(item_id):
                buckets[key].append(item_id)
            sizes.add(min(3, len(tree.words(item_id))))
        rare = {key: ids for key, ids in buckets.items() if len(ids) <= _BUCKET_CAP}
        return _Index(rare, 1 in sizes, 2 in sizes)

    @staticmethod
    def _sharing(
        tree: Tree, item_id: str, index: _Index, keys: Callable[[str], frozenset[int]]
    ) -> Counter[str]:
        """The ids of ``index`` that share a bucket with ``item_id``, with how many they
        share; short items are found by the words or pairs of words they consist of."""
        buckets = index.buckets
        common = keys(item_id) & buckets.keys()
        if index.pairs and keys != tree.shingles:
            common |= tree.shingles(item_id) & buckets.keys()
        found: Counter[str] = Counter()
        if common:
            found.update(itertools.chain.from_iterable(map(buckets.__getitem__, common)))
        if index.singles:
            singles = map(hash, ((w,) for w in tree.word_set(item_id)))
            found.update(
                itertools.chain.from_iterable(map(buckets.get, singles, itertools.repeat(())))
            )
        return found

    def _by_content(self) -> None:
        """4. The most similar pairs among the leftovers, found through shared buckets."""
        o, n, t = self.o, self.n, self.t
        left_old = [i for i in o.items if i not in self.pair]
        left_new = [i for i in n.items if i not in self.rev]
        if not left_old or not left_new:
            return
        index = self._bucket_index(n, left_new, n.shingles)
        scored: list[tuple[float, bool, bool, int, int, str, str]] = []
        short = n.short
        for old_id in left_old:
            counts = self._sharing(o, old_id, index, o.shingles)
            # Like a part, a counterpart shares two word pairs, or all it has.
            candidates = [
                c
                for c in heapq.nlargest(_CANDIDATES, counts, key=counts.__getitem__)
                if counts[c] > 1 or c in short or old_id in o.short
            ]
            if old_id in n.items and old_id not in self.rev and old_id not in candidates:
                candidates.append(old_id)
            if not candidates:
                continue
            words = o.words(old_id)
            parent = o.parent[old_id]
            want = None if parent is None else self.pair.get(parent, "\0")
            for new_id in candidates:
                if self._bound(old_id, new_id) < t.match:
                    continue
                score = ratio(words, n.words(new_id))
                if score >= t.match:
                    order = (o.order[old_id], n.order[new_id])
                    want_parent = n.parent[new_id] != want
                    scored.append((-score, new_id != old_id, want_parent, *order, old_id, new_id))
        scored.sort()
        for score, *_rest, old_id, new_id in scored:
            if old_id not in self.pair and new_id not in self.rev:
                self.link(old_id, new_id)
                self.similarity[old_id] = -score

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
        low, high = -1, len(other.kids(target))
        for j in range(position - 1, max(-1, position - 1 - _GAP), -1):
            match = links.get(siblings[j])
            if match is not None and other.parent[match] == target:
                low = other.index[match]
                break
        for j in range(position + 1, min(len(siblings), position + 1 + _GAP)):
            match = links.get(siblings[j])
            if match is not None and other.parent[match] == target:
                high = other.index[match]
                break
        return [k for k in other.kids(target)[low + 1 : high] if k in free][:_GAP]

    def _parts(
        self, whole: str, mine: Tree, other: Tree, candidates: Iterable[str], partner: str | None
    ) -> tuple[list[str], float]:
        """The candidates that are parts of ``whole`` (the partner, and items with ``part``
        of their content words in it), each holding a word of it that no other part
        holds; and the share of the whole's content words they hold together."""
        words = mine.content(whole)
        content = other.content
        parts = [
            c
            for c in dict.fromkeys(candidates)
            if c == partner or len(content(c) & words) >= self.t.part * len(content(c))
        ]
        while len(parts) >= 2:
            counts: Counter[str] = Counter()
            for part in parts:
                counts.update(content(part) & words)
            idle = [p for p in parts if all(counts[w] > 1 for w in content(p) & words)]
            if not idle:
                return parts, len(counts) / len(words)
            parts.remove(min(idle, key=lambda p: len(content(p))))
        return parts, 0.0

    def _regroup(self, whole: str, mine: Tree, other: Tree, free: set[str], index: _Index) -> None:
        """Whether ``whole`` (old: a split; new: a merge) breaks into several ``free`` items
        of the other version, one at least not its partner; if so, record it.

        Candidates share two buckets with the whole (``index`` holds the other version's
        leftovers; one suffices for an item of one or two words) or, when the whole has a
        partner or such a candidate, stand where it stood; each must hold a word its
        partner lacks.
        """
        partner = (self.pair if mine is self.o else self.rev).get(whole)
        words = mine.content(whole)
        missing = words if partner is None else words - other.content(partner)
        if len(words) < 2 or not missing:
            return
        content, few = other.content, other.few
        shared = self._sharing(mine, whole, index, mine.grams)
        # A part shares two runs of words with its whole, or all it has if it has fewer.
        candidates = [
            c
            for c, count in shared.items()
            if c in free and (count > 1 or c in few) and not missing.isdisjoint(content(c))
        ]
        if partner is None and not candidates:
            return  # nothing shares its words: a removal (an addition), not a regrouping
        candidates.sort(key=other.order.__getitem__)
        candidates += [
            c for c in self._gap(whole, mine, other, free) if not missing.isdisjoint(content(c))
        ]
        if not candidates:
            return
        if partner is not None:
            candidates.append(partner)
        parts, coverage = self._parts(whole, mine, other, candidates, partner)
        if len(parts) < 2 or coverage < self.t.cover or all(p == partner for p in parts):
            return
        if partner is not None:
            # What the partner lacks must be, mostly, what the other parts hold.
            held = set().union(*(content(p) for p in parts if p != partner)) & missing
            if len(held) < self.t.cover * len(missing):
                return
            self.unlink(whole if mine is self.o else partner)
            if partner not in parts:
                free.add(partner)
        parts.sort(key=other.order.__getitem__)
        free.difference_update(parts)
        if mine is self.o:
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

        for whole in wholes:
            self._regroup(whole, o, n, free, index)

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
        for whole in wholes:
            self._regroup(whole, n, o, free, index)
