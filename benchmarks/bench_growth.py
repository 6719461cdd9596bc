"""Benchmark 6: how costs that should be linear grow with size, from the smallest to the
largest of ``harness.GROWTH_SIZES`` (1,000 to 100,000 items in full mode).

At each size: a generated framework (and a second one, with a crosswalk of as many
mappings as items). Measured: ``loads`` of the framework's YAML text, and
``CompetencyGraph.coverage`` of one framework by the other (once untimed first: the graph
keeps per-framework tables between calls). The sizes are timed in turns, so that all see
the same machine, and each cost's fitted growth exponent must be at most 1.1 (linear).
The diff's growth is measured with the diff (``bench_diff``).
"""

from __future__ import annotations

import functools
import gc
from typing import Any

from benchmarks.bench_graph import crosswalk_from_rows
from benchmarks.generate import Tree, crosswalk, framework, framework_yaml
from benchmarks.harness import Context, feature, growth_row, turns

__all__ = ["run"]


def run(ctx: Context) -> None:
    loads = feature("cecompetency.files.framework_files", "loads")
    graph_cls = feature("cecompetency.graph", "CompetencyGraph")
    texts: dict[int, str] = {}
    graphs: dict[int, tuple[Any, Any, Any]] = {}
    for size in ctx.growth_sizes:
        a_tree = framework(size, ctx.seed, "grow-a", "1")
        b_tree = framework(size, ctx.seed + 1, "grow-b", "1")
        texts[size] = framework_yaml(a_tree)
        a, b = loads(texts[size]), loads(framework_yaml(b_tree))
        graph = graph_cls([a, b], [_crosswalk(a_tree, b_tree, size, ctx.seed)])
        graphs[size] = (graph, a.ref, b.ref)
    gc.collect()
    gc.freeze()  # the inputs live to the end of the run: out of the collector's way
    repeat = ctx.repeat(5)
    for size in ctx.growth_sizes:
        loads(texts[size])
    load = turns({size: functools.partial(loads, texts[size]) for size in texts}, repeat)
    ctx.add(growth_row("load", load, runs=repeat))
    for graph, a, b in graphs.values():
        graph.coverage(a, b)
    coverage = turns(
        {size: functools.partial(graph.coverage, a, b) for size, (graph, a, b) in graphs.items()},
        repeat,
    )
    ctx.add(growth_row("coverage", coverage, runs=repeat))


def _crosswalk(a: Tree, b: Tree, size: int, seed: int) -> Any:
    return crosswalk_from_rows(a, b, crosswalk(a, b, size, seed), "growth crosswalk")
