"""Benchmark 3: ``cecompetency.graph.CompetencyGraph`` of two large frameworks and a crosswalk.

Targets: build under 2 s; ``counterparts(ref, inferred=True)`` under 1 ms per query
(median of single queries on a seeded sample of items); ``coverage(source, target)`` of
every item under 100 ms. Baseline for the build: a bare networkx ``MultiDiGraph`` with
the same nodes (both frameworks and all their items) and edges (child to parent, and one
edge per mapping), built in the same run.
"""

from __future__ import annotations

import inspect
import random
import statistics
import time
from typing import Any

import networkx as nx

from benchmarks.harness import (
    Context,
    NotAvailable,
    Row,
    Target,
    feature,
    median_time,
    paired_times,
    peak_mib,
    timed,
)

__all__ = ["run"]


class ApiMismatch(Exception):
    """The graph class exists but its constructor is not one this benchmark knows."""


def run(ctx: Context) -> None:
    suite = ctx.suite
    registry_cls = feature("cecompetency.files.registry", "Registry")
    registry = registry_cls([suite.folder], bundled=False, environment=False)
    a = registry.load(suite.old.ref)
    b = registry.load(suite.other.ref)
    crosswalk = _crosswalk(ctx, registry)
    name = f"graph build ({len(a):,}+{len(b):,} items, {len(crosswalk):,} mappings)"
    repeat = ctx.repeat(3)
    try:
        graph_cls = feature("cecompetency.graph.competency_graph", "CompetencyGraph")
    except NotAvailable as exc:
        nx_seconds = median_time(lambda: _bare_graph(a, b, crosswalk), repeat)
        ctx.add(Row(name, None, "networkx MultiDiGraph", nx_seconds, note=f"not available ({exc})"))
        return

    def build() -> Any:
        return _build(graph_cls, [a, b], [crosswalk])

    graph = build()  # the first build also pays for imports
    seconds, nx_seconds = paired_times(build, lambda: _bare_graph(a, b, crosswalk), repeat)
    ctx.add(
        Row(
            name,
            seconds,
            "networkx MultiDiGraph",
            nx_seconds,
            Target.under(2.0),
            peak_mib(build),
            peak_mib(lambda: _bare_graph(a, b, crosswalk)),
            runs=repeat,
        )
    )
    rng = random.Random(f"graph-sample:{len(a)}")
    refs = [a.ref_of(item) for item in rng.sample(list(a.walk()), min(1000, len(a)))]
    graph.counterparts(refs[0], inferred=True)
    per_query: list[float] = []
    found = 0
    for ref in refs:
        start = time.perf_counter()
        result = graph.counterparts(ref, inferred=True)
        per_query.append(time.perf_counter() - start)
        found += len(result)
    per_query.sort()
    p95 = per_query[int(0.95 * (len(per_query) - 1))]
    bare = _bare_graph(a, b, crosswalk)
    nodes = [str(ref) for ref in refs]
    nx_query = statistics.median(_time_each(lambda n: list(bare.adj[n].items()), nodes))
    ctx.add(
        Row(
            "counterparts(ref, inferred=True)",
            statistics.median(per_query),
            "networkx adjacency lookup",
            nx_query,
            Target.under(0.001),
            note=f"median of {len(refs):,} queries; p95 {p95 * 1e3:.2f} ms; "
            f"{found / len(refs):.1f} counterparts each",
            runs=len(refs),
        )
    )
    repeat = ctx.repeat(5)
    graph.coverage(a.ref, b.ref)
    ctx.add(
        Row(
            f"coverage(source, target), {len(a):,} items",
            median_time(lambda: graph.coverage(a.ref, b.ref), repeat),
            target=Target.under(0.1),
            runs=repeat,
        )
    )


def _crosswalk(ctx: Context, registry: Any) -> Any:
    """The generated crosswalk, loaded and checked by the library (timed, for the record)."""
    suite = ctx.suite
    try:
        load = feature("cecompetency.files.crosswalk_files", "load_crosswalk_file")
    except NotAvailable:  # the file loader is not there: build the model from the rows
        return _crosswalk_from_rows(suite)
    repeat = ctx.repeat(3)
    first, crosswalk = timed(lambda: load(suite.crosswalk_path, registry=registry))
    times = [first] + [
        timed(lambda: load(suite.crosswalk_path, registry=registry))[0] for _ in range(repeat - 1)
    ]
    ctx.add(
        Row(
            f"load crosswalk, {len(crosswalk):,} mappings",
            statistics.median(times),
            note="its two frameworks already loaded",
            runs=repeat,
        )
    )
    return crosswalk


def _crosswalk_from_rows(suite: Any) -> Any:
    from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
    from cecompetency.model.refs import Ref

    a, b = suite.old, suite.other
    return Crosswalk(
        id=f"{a.id}-{b.id}",
        version="1",
        title="benchmark crosswalk",
        frameworks=(Ref(a.id, a.version), Ref(b.id, b.version)),
        mappings=tuple(
            Mapping(
                subject=Ref(a.id, a.version, row.subject),
                relation=row.relation,
                object=Ref(b.id, b.version, row.object),
                negated=row.negated,
                confidence=row.confidence,
                justification=row.justification or Justification.MANUAL,
            )
            for row in suite.rows
        ),
    )


def _build(cls: Any, frameworks: list[Any], crosswalks: list[Any]) -> Any:
    """Build the graph through whichever of the usual constructor shapes the class has."""
    try:
        params = inspect.signature(cls).parameters
    except (TypeError, ValueError):
        params = {}  # type: ignore[assignment]
    if "frameworks" in params and "crosswalks" in params:  # the agreed constructor
        return cls(frameworks=frameworks, crosswalks=crosswalks)
    graph = cls()
    if hasattr(graph, "add_framework") and hasattr(graph, "add_crosswalk"):
        for framework in frameworks:
            graph.add_framework(framework)
        for crosswalk in crosswalks:
            graph.add_crosswalk(crosswalk)
        return graph
    raise ApiMismatch(f"CompetencyGraph{inspect.signature(cls)}: unknown constructor")


def _bare_graph(a: Any, b: Any, crosswalk: Any) -> Any:
    """The same nodes and edges as the library's graph, with no attributes and no indexes.

    Nodes: each framework and each of its items. Edges: item -> parent (a top-level item
    -> its framework), keyed ``child_of``; one edge per mapping, keyed ``CROSSWALK#INDEX``.
    """
    graph = nx.MultiDiGraph()
    for framework in (a, b):
        fw_key = str(framework.ref)
        graph.add_node(fw_key)
        for item in framework.walk():
            node = f"{fw_key}:{item.id}"
            graph.add_node(node)
            parent = framework.parent_of(item)
            up = fw_key if parent is None else f"{fw_key}:{parent.id}"
            graph.add_edge(node, up, key="child_of")
    source = str(crosswalk.ref)
    for index, mapping in enumerate(crosswalk.mappings):
        graph.add_edge(str(mapping.subject), str(mapping.object), key=f"{source}#{index}")
    return graph


def _time_each(func: Any, args: list[Any]) -> list[float]:
    times = []
    for arg in args:
        start = time.perf_counter()
        func(arg)
        times.append(time.perf_counter() - start)
    return times
