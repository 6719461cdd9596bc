"""Benchmark 2b: how right ``cecompetency.changes.diff`` is, not how fast.

Revisions made by ``generate.revise`` (about 5% of every kind of change) are diffed and
scored against what was made (``accuracy.score``): precision and recall per kind of change,
at 5,000 and 20,000 items, in the two wordings the generator writes. ``formulaic`` reuses a
small pool of stock phrases across statements, as real frameworks do; ``varied`` draws
every statement from a large vocabulary. Target: at least 0.95 for every kind, size and
wording.

Unlike a time, a score does not depend on the machine: the same seed gives the same
revision and the same diff. A score under the target is therefore an error of the run (exit
status 1), in small mode too, so CI stops a change that makes the diff less right.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.accuracy import SCORED, Score, score
from benchmarks.generate import WORDINGS, framework, framework_yaml, revise
from benchmarks.harness import Context, feature

__all__ = ["SIZES", "TARGET", "run", "table"]

SIZES = (5_000, 20_000)
TARGET = 0.95


def measure(wording: str, size: int, seed: int) -> dict[str, Score]:
    """The scores of one generated revision's diff."""
    loads = feature("cecompetency.files.framework_files", "loads")
    diff = feature("cecompetency.changes", "diff")
    old_tree = framework(size, seed, wording=wording)
    new_tree, made = revise(old_tree, seed)
    old, new = loads(framework_yaml(old_tree)), loads(framework_yaml(new_tree))
    result: dict[str, Score] = score(diff(old, new), made)
    return result


def table(scores: dict[tuple[str, int], dict[str, Score]]) -> str:
    """Precision / recall per kind (rows) and wording and size (columns), in Markdown."""
    columns = list(scores)
    head = ["kind", *(f"{wording} {size:,}" for wording, size in columns)]
    rows = [head, ["---"] * len(head)]
    for kind in SCORED:
        cells = [kind]
        for column in columns:
            s = scores[column][kind]
            mark = "" if min(s.precision, s.recall) >= TARGET else " MISS"
            cells.append(f"{s.precision:.3f} / {s.recall:.3f}{mark}")
        rows.append(cells)
    counts = ["changes made"]
    for column in columns:
        made = sum(s.right + s.missed for s in scores[column].values())
        counts.append(f"{made:,}")
    rows.append(counts)
    return "\n".join("| " + " | ".join(row) + " |" for row in rows)


def run(ctx: Context) -> None:
    seed = ctx.seed
    scores: dict[tuple[str, int], dict[str, Score]] = {}
    started = time.perf_counter()
    for wording in WORDINGS[::-1]:  # formulaic first: what this benchmark is about
        for size in SIZES:
            scores[wording, size] = measure(wording, size, seed)
    worst = min(min(s.precision, s.recall) for one in scores.values() for s in one.values())
    ctx.add_table(
        f"diff accuracy: precision / recall per kind of change (seed {seed}, target "
        f">= {TARGET}; {time.perf_counter() - started:.0f} s)",
        table(scores),
    )
    if worst < TARGET:
        missed = [
            f"{wording} {size:,} {kind}"
            for (wording, size), one in scores.items()
            for kind, s in one.items()
            if min(s.precision, s.recall) < TARGET
        ]
        ctx.fail(f"diff accuracy under {TARGET}: {', '.join(missed)}")
