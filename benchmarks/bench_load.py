"""Benchmark 1: load + validate + build the typed model of a large framework file.

Floor: ``yaml.load(text, Loader=yaml.CSafeLoader)`` of the same text, which only parses.
Target: the whole load within 1.5 times the floor. Also: peak memory of both, and the
slow path, a file with one error near its end (read again with positions to place it),
against the load of the valid file. Each pair is timed in turns (``paired_times``), with
the garbage collector off on both sides: the library pauses it while loading, and the
floor gets the same.
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
