"""Hypothesis strategies for diff tests: random edit scripts applied to random frameworks.

:func:`edited` draws a framework and a script of edits (add, remove, reword, renumber,
move, split, merge, reorder, retitle) and returns the old framework, the new one, and
what each edit should be reported as. Each original item takes part in one edit at most,
and structural edits (remove, split, merge, move) touch only leaves, so that every edit
has one right reading. :func:`distinct_frameworks` gives every item a text of words no
other item uses, so that the diff can tell the edits apart by content alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass, field

import attrs
from hypothesis import strategies as st
from strategies import frameworks

from cecompetency.changes import ChangeKind
from cecompetency.model.framework import Framework, Item


def word(n: int) -> str:
    """A made-up word for the number ``n``: four letters or more, never a function word."""
    letters = []
    n += 26**3
    while n:
        n, rest = divmod(n, 26)
        letters.append("abcdefghijklmnopqrstuvwxyz"[rest])
    return "".join(reversed(letters))


@st.composite
def distinct_frameworks(draw: st.DrawFn) -> Framework:
    """A random framework whose items' statements share no word with one another."""
    framework = draw(frameworks())
    counter = iter(range(10**9))

    def rewrite(item: Item) -> Item:
        size = draw(st.integers(1, 9))
        statement = " ".join(word(next(counter)) for _ in range(size)).capitalize()
        return attrs.evolve(
            item, title=None, statement=statement, children=tuple(rewrite(c) for c in item.children)
        )

    return attrs.evolve(framework, items=tuple(rewrite(item) for item in framework.items))


@dataclass(frozen=True)
class Expected:
    """A change an edit should be reported as: kind, old id, new id (``None``: absent),
    and for splits and merges the several ids on the other side."""

    kind: ChangeKind
    old: str | None
    new: str | None
    several: frozenset[str] = frozenset()


@dataclass
class _Editor:
    """A framework as a mutable tree: each item's own content, and child ids per parent."""

    framework: Framework
    own: dict[str, Item] = field(default_factory=dict)
    kids: dict[str | None, list[str]] = field(default_factory=dict)
    parent: dict[str, str | None] = field(default_factory=dict)
    touched: set[str] = field(default_factory=set)  # take part in an edit already
    anchors: set[str] = field(default_factory=set)  # receive children: stay in place
    reordered: set[str | None] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)  # renumbered: old id -> new id
    fresh: int = 0

    def __post_init__(self) -> None:
        self.kids[None] = []
        stack = [(item, None) for item in reversed(self.framework.items)]
        while stack:
            item, parent = stack.pop()
            self.own[item.id] = attrs.evolve(item, children=())
            self.parent[item.id] = parent
            self.kids.setdefault(parent, []).append(item.id)
            self.kids.setdefault(item.id, [])
            stack.extend((child, item.id) for child in reversed(item.children))
        self.original = set(self.own)

    def new_id(self) -> str:
        self.fresh += 1
        return f"x{self.fresh}"

    def new_text(self) -> str:
        self.fresh += 1
        return f"{word(10**6 + 3 * self.fresh)} {word(10**6 + 3 * self.fresh + 1)}".capitalize()

    def leaves(self) -> list[str]:
        return [
            i
            for i in self.own
            if not self.kids[i] and i in self.original and i not in self.touched | self.anchors
        ]

    def free(self) -> list[str]:
        return [i for i in self.own if i in self.original and i not in self.touched]

    def place(self, item_id: str, parent: str | None, index: int) -> None:
        self.parent[item_id] = parent
        self.kids[parent].insert(index, item_id)
        self.kids.setdefault(item_id, [])

    def drop(self, item_id: str) -> int:
        siblings = self.kids[self.parent[item_id]]
        index = siblings.index(item_id)
        siblings.pop(index)
        return index

    def build(self) -> tuple[Item, ...]:
        def make(item_id: str) -> Item:
            return attrs.evolve(
                self.own[item_id], children=tuple(make(k) for k in self.kids[item_id])
            )

        return tuple(make(k) for k in self.kids[None])


def _words_of(item: Item) -> list[str]:
    return (item.statement or item.title or "").split()


Edit = Callable[[st.DrawFn, _Editor], Expected | None]


def _add(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    parent = draw(st.sampled_from([None, *ed.own]))
    new_id = ed.new_id()
    item = Item(id=new_id, kind="competency", statement=ed.new_text())
    ed.own[new_id] = item
    ed.place(new_id, parent, draw(st.integers(0, len(ed.kids[parent]))))
    if parent is not None:
        ed.anchors.add(parent)
    return Expected(ChangeKind.ADDED, None, new_id)


def _remove(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    leaves = ed.leaves()
    if not leaves or len(ed.own) < 2:
        return None
    target = draw(st.sampled_from(leaves))
    ed.drop(target)
    del ed.own[target]
    ed.touched.add(target)
    return Expected(ChangeKind.REMOVED, target, None)


def _reword(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    free = ed.free()
    if not free:
        return None
    target = draw(st.sampled_from(free))
    words = _words_of(ed.own[target])
    extra = ed.new_text().split()[0].lower()
    at = draw(st.integers(0, len(words) - 1))
    if draw(st.booleans()):
        words[at] = extra  # one word replaced
    else:
        words.insert(at, extra)  # one word added
    ed.own[target] = attrs.evolve(ed.own[target], title=None, statement=" ".join(words))
    ed.touched.add(target)
    return Expected(ChangeKind.REWORDED, target, target)


def _renumber(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    free = ed.free()
    if not free:
        return None
    target = draw(st.sampled_from(free))
    new_id = ed.new_id()
    siblings = ed.kids[ed.parent[target]]
    siblings[siblings.index(target)] = new_id
    ed.own[new_id] = attrs.evolve(ed.own.pop(target), id=new_id)
    ed.renamed[target] = new_id
    ed.parent[new_id] = ed.parent.pop(target)
    ed.kids[new_id] = ed.kids.pop(target)
    for child in ed.kids[new_id]:
        ed.parent[child] = new_id
    for rename in (ed.anchors,):
        if target in rename:
            rename.discard(target)
            rename.add(new_id)
    ed.touched.update({target, new_id})
    return Expected(ChangeKind.RENUMBERED, target, new_id)


def _move(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    leaves = ed.leaves()
    if not leaves:
        return None
    target = draw(st.sampled_from(leaves))
    destinations = [None, *ed.own]
    destinations = [d for d in destinations if d != target and d != ed.parent[target]]
    if not destinations:
        return None
    destination = draw(st.sampled_from(destinations))
    ed.drop(target)
    ed.place(target, destination, draw(st.integers(0, len(ed.kids[destination]))))
    ed.touched.add(target)
    if destination is not None:
        ed.anchors.add(destination)
    return Expected(ChangeKind.MOVED, target, target)


def _split(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    leaves = [i for i in ed.leaves() if len(set(_words_of(ed.own[i]))) >= 4]
    if not leaves:
        return None
    target = draw(st.sampled_from(leaves))
    words = _words_of(ed.own[target])
    middle = draw(st.integers(2, len(words) - 2))
    parent = ed.parent[target]
    index = ed.drop(target)
    kind = ed.own.pop(target).kind
    ids = []
    for offset, half in enumerate((words[:middle], words[middle:])):
        part = ed.new_id()
        ed.own[part] = Item(id=part, kind=kind, statement=" ".join(half))
        ed.place(part, parent, index + offset)
        ids.append(part)
    ed.touched.update({target, *ids})
    return Expected(ChangeKind.SPLIT, target, None, frozenset(ids))


def _merge(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    leaves = set(ed.leaves())
    pairs = [
        (a, b)
        for siblings in ed.kids.values()
        for a, b in itertools.pairwise(siblings)
        if a in leaves and b in leaves
    ]
    if not pairs:
        return None
    first, second = draw(st.sampled_from(pairs))
    parent = ed.parent[first]
    index = ed.drop(first)
    ed.drop(second)
    text = " ".join(_words_of(ed.own[first]) + _words_of(ed.own[second]))
    new_id = ed.new_id()
    ed.own[new_id] = Item(id=new_id, kind=ed.own[first].kind, statement=text)
    del ed.own[first], ed.own[second]
    ed.place(new_id, parent, index)
    ed.touched.update({first, second, new_id})
    return Expected(ChangeKind.MERGED, None, new_id, frozenset({first, second}))


def _reorder(draw: st.DrawFn, ed: _Editor) -> Expected | None:
    options = [
        parent
        for parent, kids in ed.kids.items()
        if parent not in ed.reordered
        and (parent is None or parent in ed.original)
        and len([k for k in kids if k in ed.original and k not in ed.touched]) >= 2
    ]
    if not options:
        return None
    parent = draw(st.sampled_from(options))
    kids = ed.kids[parent]
    stable = [i for i, k in enumerate(kids) if k in ed.original and k not in ed.touched]
    i, j = sorted(draw(st.lists(st.sampled_from(stable), min_size=2, max_size=2, unique=True)))
    kids[i], kids[j] = kids[j], kids[i]
    ed.touched.update({kids[i], kids[j]})
    ed.reordered.add(parent)
    old_parent = parent  # reorders are drawn on original parents, never renamed later
    if parent is not None:
        ed.touched.add(parent)  # keep its id: the change names it
    return Expected(ChangeKind.REORDERED, old_parent, old_parent)


EDITS: dict[str, Edit] = {
    "add": _add,
    "remove": _remove,
    "reword": _reword,
    "renumber": _renumber,
    "move": _move,
    "split": _split,
    "merge": _merge,
    "reorder": _reorder,
}


@st.composite
def edited(
    draw: st.DrawFn,
    base: st.SearchStrategy[Framework] | None = None,
    max_edits: int = 8,
) -> tuple[Framework, Framework, list[Expected]]:
    """(old, new, expected changes): a framework and a random script of edits applied."""
    old = draw(base if base is not None else distinct_frameworks())
    ed = _Editor(old)
    expected: list[Expected] = []
    for name in draw(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=max_edits)):
        outcome = EDITS[name](draw, ed)
        if outcome is not None:
            expected.append(outcome)
    changes: dict[str, object] = {"items": ed.build()}
    # Descriptors follow their items: renamed with a renumbered one, gone with a removed,
    # split or merged one (a removal the diff reports); one may be reworded as an edit.
    descriptors = []
    for descriptor in old.descriptors:
        item = ed.renamed.get(descriptor.item, descriptor.item)
        if item in ed.own:
            descriptors.append(attrs.evolve(descriptor, item=item))
        else:
            expected.append(Expected(ChangeKind.DESCRIPTOR, None, None))
    if descriptors and draw(st.booleans()):
        index = draw(st.integers(0, len(descriptors) - 1))
        descriptors[index] = attrs.evolve(descriptors[index], description=ed.new_text())
        expected.append(Expected(ChangeKind.DESCRIPTOR, None, None))
    changes["descriptors"] = descriptors
    if draw(st.booleans()):
        changes["title"] = old.title + " (revised)"
        expected.append(Expected(ChangeKind.METADATA, None, None, frozenset({"title"})))
    new = attrs.evolve(old, version=old.version + ".1", **changes)
    return old, new, expected
