"""Benchmark 1: load + validate + build the typed model of a large framework file.

Floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same text, which only parses.
Target: the whole load within 1.5 times the floor. Also: peak memory of both, and the
slow path, a file with one error near its end (read again with positions to place it),
against the load of the valid file. Each pair is timed in turns (``paired_times``), with
the garbage collector off on both sides: the library pauses it while loading, and the
floor gets the same.

And the crosswalk file (read, checked against its two frameworks, already loaded, and
built) against ``yaml.load`` with ``CSafeLoader`` of the same file, the collector off on
both sides (the library pauses it while it reads). Target: within 1.2 times the floor.
"""

from __future__ import annotations

from typing import Any

import yaml

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
)

__all__ = ["run"]


def run(ctx: Context) -> None:
    try:
        _framework(ctx)
    finally:  # measured even when a part of the framework's measurement is not available
        _crosswalk(ctx)


def _crosswalk(ctx: Context) -> None:
    suite = ctx.suite
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    path = suite.crosswalk_path
    name = f"load crosswalk, {len(suite.rows):,} mappings"
    baseline = "yaml.load CSafeLoader, gc off both"
    repeat = ctx.repeat(5)
    floor = collector_off(lambda: yaml.load(path.read_bytes(), Loader=loader))  # a safe loader
    try:
        load = feature("cecompetency.files.crosswalk_files", "load_crosswalk_file")
        registry_cls = feature("cecompetency.files.registry", "Registry")
    except NotAvailable as exc:
        missing = f"not available ({exc})"
        ctx.add(Row(name, None, baseline, median_time(floor, repeat), note=missing))
        return
    registry = registry_cls([suite.folder], bundled=False, environment=False)
    registry.load(suite.old.ref)  # the frameworks are loaded once, as in a session
    registry.load(suite.other.ref)
    ours = collector_off(lambda: load(path, registry=registry))
    if len(ours()) != len(suite.rows):
        raise AssertionError(f"the crosswalk did not load its {len(suite.rows):,} mappings")
    seconds, floor_seconds = paired_times(ours, floor, repeat)
    size = f"{path.stat().st_size / 2**20:.1f} MiB of YAML"
    target = Target.ratio_at_most(1.2)
    ctx.add(
        Row(name, seconds, baseline, floor_seconds, target, note=size, runs=repeat, collector="off")
    )


def _framework(ctx: Context) -> None:
    text = ctx.suite.old_path.read_text("utf-8")
    size = sum(1 for _ in ctx.suite.old.walk())
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    repeat = ctx.repeat(5)

    def floor() -> Any:
        return yaml.load(text, Loader=loader)  # a safe loader: the floor itself

    name = f"load {size:,}-item framework"
    floor()
    floor_peak = peak_mib(floor)
    try:
        loads = feature("cecompetency.files.framework_files", "loads")
    except NotAvailable as exc:
        floor_time = median_time(floor, repeat)
        ctx.add(Row(name, None, "yaml.load CSafeLoader", floor_time, note=f"not available ({exc})"))
        return
    framework = loads(text)  # warms caches (schema compilation) as a long-lived process would
    if len(framework) != size:
        raise AssertionError(f"loaded {len(framework)} items, expected {size}")
    load_time, floor_time = paired_times(
        collector_off(lambda: loads(text)), collector_off(floor), repeat
    )
    ctx.add(
        Row(
            name,
            load_time,
            "yaml.load CSafeLoader",
            floor_time,
            Target.ratio_at_most(1.5),
            peak_mib(lambda: loads(text)),
            floor_peak,
            f"{len(text) / 2**20:.1f} MiB of YAML",
            repeat,
            collector="off",
        )
    )
    validate_text = feature("cecompetency.files.validation", "validate_text")
    broken = ctx.suite.broken_path.read_text("utf-8")
    issues = validate_text(broken)
    if not issues or issues[-1].line is None:
        raise AssertionError(f"the broken file gave no located issue: {issues!r}")
    slow, fast = paired_times(
        collector_off(lambda: validate_text(broken)), collector_off(lambda: loads(text)), repeat
    )
    ctx.add(
        Row(
            "located error near the end",
            slow,
            "load of the valid file",
            fast,
            None,
            note=f"{len(issues)} issue(s), last at line {issues[-1].line}",
            runs=repeat,
            collector="off",
        )
    )
