"""Coverage rolls up the tree: an item is covered when it or an item under it is mapped.

Items are given by their positions in a framework's document order, so that the roll-up
of a large framework reads lists and byte strings, not dictionaries of ids.
"""

from __future__ import annotations

import itertools

__all__ = ["roll_up"]


def roll_up(mapped: bytearray, parents: list[int]) -> bytearray:
    """``mapped`` (1 at the positions of mapped items) with every ancestor of a mapped item
    set too; ``parents[i]`` is the position of item ``i``'s parent, -1 at the top level.

    Each item is climbed from at most once: the climb stops at an item already covered,
    whose ancestors are covered or are being covered by its own climb.
    """
    covered = bytearray(mapped)
    for at in itertools.compress(range(len(mapped)), mapped):
        up = parents[at]
        while up >= 0 and not covered[up]:
            covered[up] = 1
            up = parents[up]
    return covered
