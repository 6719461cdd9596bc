"""Benchmark 2: ``cecompetency.changes.diff(old, new)`` of two large versions of a framework.

The new version has about 5% changes of every kind (see ``generate.revise``). Target:
under 0.5 s, and at least 10 times faster than ``DeepDiff(old_dict, new_dict)`` on the
same two documents (skipped when deepdiff is not installed). In full mode, DeepDiff with
``ignore_order=True`` too, in a child process stopped at a time cap.

Growth: diffs at each size of ``harness.GROWTH_SIZES`` (1,000 to 100,000 items in full
mode, 500 to 10,000 in small mode), in both wordings of the generator, diffed in turns so
that all see the same machine: the fitted growth exponent must be at most 1.1, and a diff
five times larger (100,000 items against 20,000; 10,000 against 2,000) must take at most
five times as long.

DeepDiff runs in a child process so that a cap can stop it; the child reads the two
files itself and reports the median of its runs (the reading is not timed).
"""

from __future__ import annotations

import functools
import gc
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as the DeepDiff child: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.generate import framework, framework_yaml, revise
from benchmarks.harness import (
    Context,
    NotAvailable,
    Row,
    Target,
    feature,
    growth_row,
    median_time,
    turns,
)

__all__ = ["run"]

_PLAIN_CAP = 900.0  # seconds; the plain DeepDiff of 20,000 items takes about 15 s here
_IGNORE_ORDER_CAP = 180.0


def run(ctx: Context) -> None:
    loads = feature("cecompetency.files.framework_files", "loads")
    old = loads(ctx.suite.old_path.read_bytes())
    new = loads(ctx.suite.new_path.read_bytes())
    name = f"diff {len(old):,} items, ~5% changes"
    repeat = ctx.repeat(5)
    baselines: list[tuple[str, float, bool]] = []
    try:
        feature("deepdiff")
    except NotAvailable:
        skipped = "deepdiff is not installed"
    else:
        skipped = ""
        plain, capped = _deepdiff(ctx, False, ctx.repeat(3, 1), _PLAIN_CAP)
        baselines.append(("DeepDiff(old, new)", plain, capped))
        if not ctx.small:  # minutes at full size: capped, and skipped in small mode
            loose, capped = _deepdiff(ctx, True, 1, _IGNORE_ORDER_CAP)
            baselines.append(("DeepDiff(ignore_order=True)", loose, capped))
    try:
        diff = feature("cecompetency.changes", "diff")
    except NotAvailable as exc:
        for baseline, seconds, capped in baselines:
            ctx.add(
                Row(name, None, baseline, seconds, capped=capped, note=f"not available ({exc})")
            )
        if not baselines:
            ctx.add(Row(name, note=f"not available ({exc})"))
        return
    result = diff(old, new)  # once untimed: imports and caches, as in a long-lived process
    ours = median_time(lambda: diff(old, new), repeat)
    ctx.add(Row(name, ours, target=Target.under(0.5), note=_summary(result), runs=repeat))
    if skipped:
        ctx.add(Row("diff vs DeepDiff", ours, note=f"skipped: {skipped}"))
    for baseline, seconds, capped in baselines:
        ctx.add(
            Row(
                "diff vs " + baseline,
                ours,
                baseline,
                seconds,
                Target.ratio_at_most(0.1),
                runs=repeat,
                capped=capped,
                note=f"capped at {seconds:.0f} s" if capped else "",
            )
        )
    for wording in ("varied", "formulaic"):
        _growth(ctx, diff, loads, wording)


def _growth(ctx: Context, diff: Any, loads: Any, wording: str) -> None:
    """Diffs at each of the growth sizes, in turns: the fitted growth exponent must be
    linear, and the largest size's time over that of the size five times smaller at most 5."""
    sizes = ctx.growth_sizes
    pairs = {}
    for size in sizes:
        old_tree = framework(size, ctx.seed, wording=wording)
        new_tree, _made = revise(old_tree, ctx.seed)
        pairs[size] = (loads(framework_yaml(old_tree)), loads(framework_yaml(new_tree)))
        del old_tree, new_tree
    # What was just built lives to the end of the run: out of the collector's way, as the
    # suite's inputs are (run.py), so that no size pays for walking the others.
    gc.collect()
    gc.freeze()
    for old, new in pairs.values():
        diff(old, new)  # once untimed, as above
    repeat = ctx.repeat(3)
    seconds = turns({size: functools.partial(diff, *pairs[size]) for size in sizes[::-1]}, repeat)
    small, large = sizes[-2], sizes[-1]
    ctx.add(
        Row(
            f"diff growth, {wording} wording: {large:,} items",
            seconds[large],
            f"diff of {small:,} items",
            seconds[small],
            Target.ratio_at_most(5.0),
            runs=repeat,
            note=f"x{large // small} items",
        )
    )
    ctx.add(growth_row(f"diff ({wording} wording)", seconds, runs=repeat))


def _summary(result: Any) -> str:
    """A few words on what the diff found, whatever shape its result has."""
    for name in ("changes", "entries"):
        value = getattr(result, name, None)
        if value is not None and hasattr(value, "__len__"):
            return f"{len(value):,} changes found"
    if hasattr(result, "__len__"):
        return f"{len(result):,} changes found"
    return ""


def _deepdiff(ctx: Context, ignore_order: bool, repeat: int, cap: float) -> tuple[float, bool]:
    """Median seconds of DeepDiff in a child process, and whether it hit the cap."""
    command = [
        sys.executable,
        __file__,
        "--child",
        str(ctx.suite.old_path),
        str(ctx.suite.new_path),
        str(int(ignore_order)),
        str(repeat),
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=cap, check=True)
    except subprocess.TimeoutExpired:  # subprocess.run kills its own child on timeout
        return cap, True
    return float(json.loads(done.stdout)["median"]), False


def _child(old_path: str, new_path: str, ignore_order: bool, repeat: int) -> None:
    import yaml
    from deepdiff import DeepDiff

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    old = yaml.load(Path(old_path).read_text("utf-8"), Loader=loader)
    new = yaml.load(Path(new_path).read_text("utf-8"), Loader=loader)
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        DeepDiff(old, new, ignore_order=ignore_order)
        times.append(time.perf_counter() - start)
    print(json.dumps({"median": statistics.median(times), "times": times}))


if __name__ == "__main__" and sys.argv[1:2] == ["--child"]:
    _child(sys.argv[2], sys.argv[3], sys.argv[4] == "1", int(sys.argv[5]))
