"""How right the diff is: precision and recall per kind of change, against the edits that
``generate.revise`` made (its :class:`~benchmarks.generate.Changes`, a ground truth).

Each change is a key: ``added`` the new id, ``removed`` the old id; ``reworded``,
``renumbered`` and ``moved`` the pair (old id, new id); ``split`` the old id with its parts,
``merged`` the sources with the new id. A reported change counts as right only when its
whole key is in the truth (a split into the right parts plus one more is wrong, and so is
the right whole with one wrong part). One exception, which the truth cannot know: a child
of a split or merged item whose parent is now one of the parts (the merged item) has no
parent counterpart, and the diff says it moved; such a report is not counted either way.

The truth by kind: ``reworded`` holds the reworded indicators, the retitled headings and
the renumbered items that were also reworded (``Changes.rewritten``), ``renumbered`` the
renumbered items with or without a new text, ``moved`` the moved indicators and
competencies. Reorders and metadata are not scored.
"""

from __future__ import annotations

import sys
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import Changes

__all__ = ["SCORED", "Score", "errors", "found", "score", "truth"]

SCORED = ("added", "removed", "reworded", "renumbered", "moved", "split", "merged")


@dataclass(frozen=True)
class Score:
    """Right, wrong and missed reports of one kind of change."""

    right: int
    wrong: int
    missed: int

    @property
    def precision(self) -> float:
        """The share of the reports that are right (1.0 when there are none)."""
        reported = self.right + self.wrong
        return self.right / reported if reported else 1.0

    @property
    def recall(self) -> float:
        """The share of the true changes reported (1.0 when there are none)."""
        real = self.right + self.missed
        return self.right / real if real else 1.0


Keys = dict[str, set[Hashable]]


def truth(changes: Changes) -> Keys:
    """The keys of the changes ``revise`` made, by kind."""
    return {
        "added": set(changes.added),
        "removed": set(changes.removed),
        "reworded": {(i, i) for i in changes.reworded + changes.retitled} | set(changes.rewritten),
        "renumbered": set(changes.renumbered) | set(changes.rewritten),
        "moved": {(i, i) for i, _source, _target in changes.moved},
        "split": {(old, tuple(sorted((a, b)))) for old, a, b in changes.split},
        "merged": {(tuple(sorted((kept, gone))), kept) for kept, gone in changes.merged},
    }


def found(result: Iterable[Any]) -> tuple[Keys, list[tuple[Hashable, str | None, str | None]]]:
    """The keys of a diff's changes, by kind, and its moves as (key, old parent, new
    parent) for :func:`score` to excuse."""
    keys: Keys = {kind: set() for kind in SCORED}
    moves = []
    for change in result:
        kind = change.kind.value
        if kind not in keys:
            continue
        old = change.old.item if change.old is not None else None
        new = change.new.item if change.new is not None else None
        details = change.details
        if kind == "added":
            keys[kind].add(new)
        elif kind == "removed":
            keys[kind].add(old)
        elif kind == "split":
            keys[kind].add((old, tuple(sorted(p.item for p in details.parts))))
        elif kind == "merged":
            keys[kind].add((tuple(sorted(s.item for s in details.sources)), new))
        else:
            keys[kind].add((old, new))
            if kind == "moved":
                moves.append(((old, new), details.old_parent, details.new_parent))
    return keys, moves


def score(result: Iterable[Any], changes: Changes) -> dict[str, Score]:
    """Precision and recall of a diff against the ``changes`` that made its new version."""
    want = truth(changes)
    got, moves = found(result)
    regrouped_old = {o for o, _a, _b in changes.split} | {g for _k, g in changes.merged}
    regrouped_old |= {k for k, _g in changes.merged}
    regrouped_new = {p for _o, a, b in changes.split for p in (a, b)}
    regrouped_new |= {k for k, _g in changes.merged}
    excused = {
        key
        for key, source, target in moves
        if key not in want["moved"] and source in regrouped_old and target in regrouped_new
    }
    out = {}
    for kind in SCORED:
        reported = got[kind] - excused if kind == "moved" else got[kind]
        right = len(reported & want[kind])
        out[kind] = Score(right, len(reported) - right, len(want[kind]) - right)
    return out


def errors(
    result: Iterable[Any], changes: Changes
) -> dict[str, tuple[set[Hashable], set[Hashable]]]:
    """For each kind, the wrong reports and the missed changes (to look at, not to score)."""
    want = truth(changes)
    got, _moves = found(result)
    return {kind: (got[kind] - want[kind], want[kind] - got[kind]) for kind in SCORED}
