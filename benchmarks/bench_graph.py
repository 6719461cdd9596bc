"""Benchmark 3: ``cecompetency.graph.CompetencyGraph`` of two large frameworks and a crosswalk.

Targets: building the graph and its networkx view (``.graph``) at most the time of a
bare networkx ``MultiDiGraph`` with the same nodes (both frameworks and all their items)
and edges (child to parent, and one edge per mapping with 3 attributes: relation,
confidence, justification), and at most 1.5 times its peak memory; both are built in
turns in the same run, with the garbage collector off on both sides (the library pauses
it while building; the baseline gets the same). ``counterparts(ref, inferred=True)``
under 1 ms per query (median of single queries on a seeded sample of items);
``coverage(source, target)`` of every item under 100 ms.

The query index is built at the first query, so a second row times the build with its
first query against the same baseline (reported, no target).
"""

from __future__ import annotations

import inspect
import random
import statistics
import time
from collections.abc import Iterable
from typing import Any

import networkx as nx

from benchmarks.harness import (
    Context,
    NotAvailable,
    Row,
    Target,
    collector_off,
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
    repeat = ctx.repeat(5)
    try:
        graph_cls = feature("cecompetency.graph.competency_graph", "CompetencyGraph")
    except NotAvailable as exc:
        nx_seconds = median_time(lambda: _bare_graph(a, b, crosswalk), repeat)
        ctx.add(Row(name, None, "networkx MultiDiGraph", nx_seconds, note=f"not available ({exc})"))
        return

    def build() -> Any:
        return _build(graph_cls, [a, b], [crosswalk])

    def build_and_view() -> Any:
        graph = build()
        graph.graph  # noqa: B018 - the networkx view is made on first use
        return graph

    first = refs_sample(a)[0]

    def build_and_query() -> Any:
        graph = build()
        graph.counterparts(first, inferred=True)
        return graph

    def baseline() -> Any:
        return _bare_graph(a, b, crosswalk)

    graph = build_and_view()  # the first build also pays for imports
    ours, floor = collector_off(build_and_view), collector_off(baseline)
    seconds, nx_seconds = paired_times(ours, floor, repeat)
    floor_name = "networkx MultiDiGraph, 3 attributes per mapping edge"
    ctx.add(
        Row(
            name.replace("graph build", "graph build + networkx view"),
            seconds,
            floor_name,
            nx_seconds,
            Target.ratio_at_most(1.0, memory=1.5),
            peak_mib(ours),
            peak_mib(floor),
            runs=repeat,
            collector="off",
        )
    )
    seconds, nx_seconds = paired_times(collector_off(build_and_query), floor, repeat)
    ctx.add(
        Row(
            "graph build + first counterparts query (index)",
            seconds,
            floor_name,
            nx_seconds,
            peak_mib=peak_mib(collector_off(build_and_query)),
            baseline_peak_mib=peak_mib(floor),
            runs=repeat,
            collector="off",
        )
    )
    refs = refs_sample(a)
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


def refs_sample(a: Any) -> list[Any]:
    """A seeded sample of up to 1,000 of ``a``'s items, as references."""
    rng = random.Random(f"graph-sample:{len(a)}")
    return [a.ref_of(item) for item in rng.sample(list(a.walk()), min(1000, len(a)))]


def _crosswalk(ctx: Context, registry: Any) -> Any:
    """The generated crosswalk, loaded and checked by the library (timed, for the record)."""
    suite = ctx.suite
    try:
        load = feature("cecompetency.files.crosswalk_files", "load_crosswalk_file")
    except NotAvailable:  # the file loader is not there: build the model from the rows
        return crosswalk_from_rows(suite.old, suite.other, suite.rows, "benchmark crosswalk")
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


def crosswalk_from_rows(a: Any, b: Any, rows: Iterable[Any], title: str) -> Any:
    """A crosswalk from ``a`` to ``b`` made in memory from generated mapping rows."""
    from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
    from cecompetency.model.refs import Ref

    return Crosswalk(
        id=f"{a.id}-{b.id}",
        version="1",
        title=title,
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
            for row in rows
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
    """The same nodes and edges as the library's graph, with no indexes.

    Nodes: each framework and each of its items, without attributes. Edges: item ->
    parent (a top-level item -> its framework), keyed ``child_of``; one edge per mapping,
    keyed ``CROSSWALK#INDEX``, with its relation, confidence and justification.
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
        graph.add_edge(
            str(mapping.subject),
            str(mapping.object),
            key=f"{source}#{index}",
            relation=mapping.relation.value,
            confidence=mapping.confidence,
            justification=mapping.justification.value,
        )
    return graph


def _time_each(func: Any, args: list[Any]) -> list[float]:
    times = []
    for arg in args:
        start = time.perf_counter()
        func(arg)
        times.append(time.perf_counter() - start)
    return times
