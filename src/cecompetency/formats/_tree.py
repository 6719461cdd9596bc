"""The one walk down a chain of parents, shared by every importer that reads parent links.

Tables (CSV, Moodle) and graphs (CASE, CTDL-ASN) name each item's parent; the importer
turns those links into the nested tree of a framework document. The walk is iterative and
bounded, and tells the two ways an item can fail to be placed apart: below an item that is
already at the deepest level allowed (*too deep*), or on a loop of parents that never
reaches the top (*a cycle*, or under one). Reporting a long chain as a cycle sent authors
looking for a loop that was not there.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Generic, TypeVar

import attrs

__all__ = ["TreeStep", "TreeWalk", "too_deep_message"]

K = TypeVar("K", bound=Hashable)


@attrs.frozen
class TreeStep(Generic[K]):
    """One item placed: its key, its parent's (``None`` at the top), its level (1 at the
    top) and its position among its siblings."""

    key: K
    parent: K | None
    level: int
    index: int


class TreeWalk(Generic[K]):
    """Walk ``children`` (parent key, ``None`` for the top, to child keys in order) from the
    top, parents before their children, no deeper than ``max_depth`` levels.

    Iterate it for the :class:`TreeStep` of each placed item; afterwards :attr:`too_deep` holds
    the first item below each cut (the ones a report should name, one per cut, in walk
    order), :attr:`below_cut` every item left out for depth, and :meth:`in_cycles`, given
    every key, the ones on (or under) a loop of parents.
    """

    def __init__(self, children: Mapping[K | None, Sequence[K]], max_depth: int) -> None:
        self.children = children
        self.max_depth = max_depth
        self.placed: set[K] = set()
        self.too_deep: list[K] = []
        self.below_cut: set[K] = set()

    def __iter__(self) -> Iterator[TreeStep[K]]:
        stack: list[tuple[K | None, int]] = [(None, 0)]
        while stack:
            parent, level = stack.pop()
            below = self.children.get(parent, ())
            if level >= self.max_depth:
                if below:
                    self.too_deep.append(below[0])
                    self._cut(below)
                continue
            kids: list[K] = []
            for key in below:
                if key in self.placed:  # a second link to a placed item: not placed twice
                    continue
                self.placed.add(key)
                kids.append(key)
            # One step at a time: a flat table of 10,000 rows holds keys, not 10,000 steps.
            for index, key in enumerate(kids):
                yield TreeStep(key, parent, level + 1, index)
            stack.extend((key, level + 1) for key in reversed(kids))

    def _cut(self, keys: Sequence[K]) -> None:
        """Everything under a cut: not placed, but not on a cycle either."""
        pending = list(keys)
        while pending:
            key = pending.pop()
            if key in self.below_cut or key in self.placed:
                continue
            self.below_cut.add(key)
            pending.extend(self.children.get(key, ()))

    def in_cycles(self, keys: Sequence[K]) -> list[K]:
        """Of ``keys``, in their order, those neither placed nor cut: on a loop of parents."""
        return [k for k in keys if k not in self.placed and k not in self.below_cut]


def too_deep_message(name: str, max_depth: int) -> str:
    """The one wording of CE605: the item that is one level too deep."""
    return (
        f"the item {name!r} is more than {max_depth} levels deep (its chain of parents is "
        "too long); a framework's tree is at most that deep"
    )
