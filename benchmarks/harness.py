"""Measuring: medians of repeated runs, peak memory, result rows and the printed table."""

from __future__ import annotations

import gc
import importlib
import importlib.util
import math
import statistics
import time
import tracemalloc
from collections.abc import Callable, Hashable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "GROWTH_SIZES",
    "LINEAR",
    "Context",
    "NotAvailable",
    "Row",
    "Target",
    "collector_off",
    "duration_text",
    "feature",
    "format_table",
    "growth_exponent",
    "growth_row",
    "median_time",
    "mib_text",
    "paired_times",
    "peak_mib",
    "timed",
    "turns",
]

GROWTH_SIZES = {False: (1_000, 5_000, 20_000, 100_000), True: (500, 2_000, 10_000)}
"""Sizes (items) at which growth is measured, by small mode: the last two are five apart."""
LINEAR = 1.1
"""The largest growth exponent that still counts as linear: measured times carry noise, and
a cost that is linear in items may touch more memory than the caches hold at the top sizes."""


class NotAvailable(Exception):
    """The feature a benchmark measures does not exist (yet), or a baseline is not installed."""


def feature(module: str, name: str | None = None) -> Any:
    """Import ``module`` (and get ``name`` from it), or raise :class:`NotAvailable`.

    Only a module that is *absent* counts as not available; a module that exists but
    fails to import is a real error and propagates.
    """
    try:
        spec = importlib.util.find_spec(module)
    except ModuleNotFoundError:  # a parent package is missing
        spec = None
    if spec is None:
        raise NotAvailable(f"{module} is not available")
    loaded = importlib.import_module(module)
    if name is None:
        return loaded
    if not hasattr(loaded, name):
        raise NotAvailable(f"{module}.{name} is not available")
    return getattr(loaded, name)


def timed(func: Callable[[], Any]) -> tuple[float, Any]:
    """One run: seconds (``time.perf_counter``) and the result."""
    gc.collect()  # garbage left by the previous run is not this run's cost
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def collector_off(func: Callable[[], Any]) -> Callable[[], Any]:
    """``func`` run with the cyclic garbage collector off (as it was, after).

    The library pauses the collector while it builds large structures; a baseline that
    does not would pay for collections the library skips. Wrapping both sides measures
    them under the same setting.
    """

    def run() -> Any:
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return func()
        finally:
            if was_enabled:
                gc.enable()

    return run


def median_time(func: Callable[[], Any], repeat: int) -> float:
    """The median of ``repeat`` runs, in seconds."""
    return statistics.median(timed(func)[0] for _ in range(repeat))


def paired_times(
    func: Callable[[], Any], baseline: Callable[[], Any], repeat: int
) -> tuple[float, float]:
    """Medians of ``func`` and ``baseline``, run in turns.

    On a shared machine the load changes from one second to the next; taking turns gives
    both the same conditions, so their ratio holds even when the absolute times drift.
    """
    ours, theirs = [], []
    for _ in range(repeat):
        ours.append(timed(func)[0])
        theirs.append(timed(baseline)[0])
    return statistics.median(ours), statistics.median(theirs)


def turns(funcs: Mapping[Hashable, Callable[[], Any]], repeat: int) -> dict[Hashable, float]:
    """The median of each of ``funcs``, all run in turns (as :func:`paired_times`, for any
    number of them), by their keys."""
    times: dict[Hashable, list[float]] = {key: [] for key in funcs}
    for _ in range(repeat):
        for key, func in funcs.items():
            times[key].append(timed(func)[0])
    return {key: statistics.median(values) for key, values in times.items()}


def growth_exponent(seconds: Mapping[int, float]) -> float:
    """The exponent ``k`` of ``seconds = c * size ** k`` fitted to size -> seconds (least
    squares on the logarithms): 1 for a linear cost, 2 for a quadratic one."""
    points = [(math.log(size), math.log(time)) for size, time in seconds.items() if time > 0]
    if len(points) < 2:
        raise ValueError("a growth exponent needs times at two sizes at least")
    mean_x = statistics.fmean(x for x, _ in points)
    mean_y = statistics.fmean(y for _, y in points)
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if not spread:
        raise ValueError("a growth exponent needs two different sizes")
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def growth_row(
    what: str,
    seconds: Mapping[int, float],
    limit: float = LINEAR,
    runs: int = 0,
    unit: str = "items",
) -> Row:
    """A row for how ``what`` grows with size (size -> seconds): the time at the largest
    size against the smallest, and the fitted exponent (:func:`growth_exponent`) checked
    against ``limit`` (linear by default)."""
    sizes = sorted(seconds)
    low, high = sizes[0], sizes[-1]
    exponent = growth_exponent(seconds)
    each = ", ".join(f"{size:,}: {duration_text(seconds[size])}" for size in sizes)
    return Row(
        f"{what} growth, {low:,} to {high:,} {unit}",
        seconds[high],
        f"{low:,} {unit}",
        seconds[low],
        Target.growth_at_most(limit),
        note=f"exponent {exponent:.2f} ({each})",
        runs=runs,
        exponent=exponent,
    )


def peak_mib(func: Callable[[], Any]) -> float:
    """Peak memory allocated through Python during one run, in MiB (tracemalloc).

    The result is kept alive until the peak is read, so what the call returns counts.
    Allocations that C libraries make with their own ``malloc`` are not seen.
    """
    gc.collect()
    tracemalloc.start()
    try:
        result = func()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    del result
    return peak / 2**20


@dataclass(frozen=True)
class Target:
    """A goal a row is checked against: text for the table and a test of the row."""

    text: str
    met: Callable[[Row], bool]

    @staticmethod
    def under(seconds: float) -> Target:
        return Target(f"< {duration_text(seconds)}", lambda row: _lt(row.seconds, seconds))

    @staticmethod
    def ratio_at_most(ratio: float, memory: float | None = None) -> Target:
        """The time ratio at most ``ratio`` (and the peak memory ratio at most ``memory``)."""
        if memory is None:
            return Target(f"ratio <= {ratio:g}", lambda row: _lt(row.ratio, ratio, inclusive=True))
        return Target(
            f"ratio <= {ratio:g}, memory <= {memory:g}x",
            lambda row: (
                _lt(row.ratio, ratio, inclusive=True)
                and _lt(row.memory_ratio, memory, inclusive=True)
            ),
        )

    @staticmethod
    def growth_at_most(exponent: float) -> Target:
        """The row's fitted growth exponent (:func:`growth_row`) at most ``exponent``."""
        return Target(
            f"exponent <= {exponent:g}", lambda row: _lt(row.exponent, exponent, inclusive=True)
        )


def _lt(value: float | None, bound: float, inclusive: bool = False) -> bool:
    if value is None:
        return False
    return value <= bound if inclusive else value < bound


@dataclass
class Row:
    """One line of the table."""

    benchmark: str
    seconds: float | None = None
    baseline: str = ""
    baseline_seconds: float | None = None
    target: Target | None = None
    peak_mib: float | None = None
    baseline_peak_mib: float | None = None
    note: str = ""
    runs: int = 0
    capped: bool = False  # the baseline hit its time cap: its time is a lower bound
    # The garbage collector during the timed runs, on both sides alike: "on", "off", or ""
    # when nothing is compared.
    collector: str = ""
    exponent: float | None = None  # how the cost grows with size (growth_row)

    @property
    def ratio(self) -> float | None:
        if self.seconds is None or not self.baseline_seconds:
            return None
        return self.seconds / self.baseline_seconds

    @property
    def memory_ratio(self) -> float | None:
        if self.peak_mib is None or not self.baseline_peak_mib:
            return None
        return self.peak_mib / self.baseline_peak_mib

    @property
    def status(self) -> str:
        if self.note and self.seconds is None:
            return "n/a"
        if self.target is None or self.seconds is None:
            return ""
        if self.target.text.startswith("ratio") and self.baseline_seconds is None:
            return "n/a"
        return "ok" if self.target.met(self) else "MISS"

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["target"] = None if self.target is None else self.target.text
        data["ratio"] = self.ratio
        data["memory_ratio"] = self.memory_ratio
        data["status"] = self.status
        return data


def duration_text(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} us"
    if seconds < 1:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds:.2f} s"


def mib_text(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} MiB" if value < 10 else f"{value:.0f} MiB"


def format_table(rows: list[Row]) -> str:
    """The rows as a Markdown table (readable in a terminal, pasteable into the docs)."""
    titles = (
        "benchmark",
        "time",
        "baseline",
        "baseline time",
        "ratio",
        "target",
        "status",
        "peak mem",
        "baseline peak",
        "note",
    )
    cells: list[tuple[str, ...]] = []
    for row in rows:
        ratio = "-" if row.ratio is None else f"{row.ratio:.2f}"
        if row.capped and row.ratio is not None:
            ratio = f"< {ratio}"
        base = duration_text(row.baseline_seconds)
        cells.append(
            (
                row.benchmark,
                duration_text(row.seconds),
                row.baseline or "-",
                (">= " + base) if row.capped else base,
                ratio,
                row.target.text if row.target else "-",
                row.status or "-",
                mib_text(row.peak_mib),
                mib_text(row.baseline_peak_mib),
                row.note,
            )
        )
    widths = [
        max(len(t), *(len(c[i]) for c in cells)) if cells else len(t) for i, t in enumerate(titles)
    ]
    lines = [
        "| " + " | ".join(t.ljust(w) for t, w in zip(titles, widths, strict=True)) + " |",
        "|" + "|".join("-" * (w + 2) for w in widths) + "|",
    ]
    for c in cells:
        lines.append("| " + " | ".join(v.ljust(w) for v, w in zip(c, widths, strict=True)) + " |")
    return "\n".join(lines)


@dataclass
class Context:
    """What every benchmark gets: the generated inputs, the mode, and where rows go.

    Besides timed rows, a benchmark may add a table of its own (``add_table``: a title and
    Markdown text, printed after the timings) and report a failure that does not depend on
    the machine (``fail``: a wrong answer, not a slow one), which makes the run exit 1.
    """

    suite: Any  # benchmarks.generate.Suite
    small: bool
    repo: Path
    rows: list[Row] = field(default_factory=list)
    report: Callable[[Row], None] = lambda row: None
    seed: int = 1
    tables: list[tuple[str, str]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def repeat(self, full: int, small: int = 3) -> int:
        """How many runs to take the median of."""
        return small if self.small else full

    @property
    def growth_sizes(self) -> tuple[int, ...]:
        """The sizes to measure growth at in this mode (:data:`GROWTH_SIZES`)."""
        return GROWTH_SIZES[self.small]

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        self.report(row)
        return row

    def add_table(self, title: str, markdown: str) -> None:
        """A table to print after the timings."""
        self.tables.append((title, markdown))

    def fail(self, message: str) -> None:
        """A failure of the run that timings cannot excuse (a wrong answer)."""
        self.errors.append(message)
