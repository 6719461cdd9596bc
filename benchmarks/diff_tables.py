"""Why the diff grows a little faster than its inputs: the memory its bucket passes keep.

    python benchmarks/diff_tables.py                      # 20,000 and 100,000 items
    python benchmarks/diff_tables.py --sizes 2000 10000   # any two sizes, five apart

For each size, two generated versions (varied wording, ``generate.revise``'s 5% of every
kind of change) are matched; then the work of the diff's three bucket passes (word pairs
of the new version's leftovers, runs of three words of the new and of the old version's
leftovers) is done again, in turns, four ways:

- **keys made, then dropped**: each leftover's bucket keys computed and let go;
- **keys made and kept**: the same, every key set kept until the pass ends;
- **tables built whole**: the bucket tables, as the diff builds them;
- **tables built in fifths**: five independent tables per pass, of a fifth of the items
  each (not a way to build the index: an item must be found whichever fifth it is in).

The same keys are computed in all four, so the work per item is the same; what differs is
how much of what was made is still held, and where. The growth of each from the smaller
size to the larger shows where the diff's excess over five times comes from.

The matcher's internals are used here (``Matcher._bucket_index``): the names may change.
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import framework, framework_yaml, revise
from cecompetency import loads
from cecompetency.changes.matching import Matcher, Run, Thresholds, Tree

__all__ = ["measure", "ways"]

Work = Callable[[], object]


def ways(size: int, seed: int = 1) -> dict[str, Work]:
    """The four ways of doing the bucket passes' work at ``size`` items, by name."""
    old_tree = framework(size, seed)
    new_tree, _made = revise(old_tree, seed)
    old, new = Tree(loads(framework_yaml(old_tree))), Tree(loads(framework_yaml(new_tree)))
    matcher = Matcher(old, new, Thresholds())
    matcher.run()
    left_new = [i for i, p in enumerate(matcher.rev) if p < 0]
    left_old = [i for i, p in enumerate(matcher.pair) if p < 0]
    buckets = matcher.buckets
    passes: list[tuple[Tree, list[int], Callable[[Sequence[int]], set[Run]]]] = [
        (new, left_new, buckets.pairs),
        (new, left_new, buckets.runs),
        (old, left_old, buckets.runs),
    ]

    def dropped() -> object:
        for tree, ids, keys in passes:
            text = tree.text
            for item in ids:
                keys(text[item].codes)
        return None

    def kept() -> object:
        return [[keys(tree.text[item].codes) for item in ids] for tree, ids, keys in passes]

    def whole() -> object:
        return [Matcher._bucket_index(tree, ids, keys) for tree, ids, keys in passes]

    def fifths() -> object:
        return [
            Matcher._bucket_index(tree, ids[k * len(ids) // 5 : (k + 1) * len(ids) // 5], keys)
            for tree, ids, keys in passes
            for k in range(5)
        ]

    return {
        "keys made, then dropped": dropped,
        "keys made and kept": kept,
        "tables built whole": whole,
        "tables built in fifths": fifths,
    }


def measure(sizes: Sequence[int], repeat: int = 7) -> dict[str, dict[int, float]]:
    """Median seconds of each way at each size; the sizes and ways are measured in turns,
    so that all see the same machine."""
    made = {size: ways(size) for size in sizes}
    gc.collect()
    gc.freeze()  # the inputs live to the end: out of the collector's way
    times: dict[str, dict[int, list[float]]] = {}
    for _ in range(repeat):
        for size in sorted(sizes, reverse=True):
            for name, work in made[size].items():
                start = time.perf_counter()
                work()
                times.setdefault(name, {}).setdefault(size, []).append(time.perf_counter() - start)
    return {name: {s: statistics.median(v) for s, v in by.items()} for name, by in times.items()}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=(20_000, 100_000))
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    small, large = sorted(args.sizes)
    found = measure((small, large), args.repeat)
    print(f"| bucket passes | {small:,} items | {large:,} items | growth |")
    print("| --- | --- | --- | --- |")
    for name, by in found.items():
        growth = by[large] / by[small]
        print(f"| {name} | {by[small] * 1000:.1f} ms | {by[large] * 1000:.1f} ms | {growth:.2f}x |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
