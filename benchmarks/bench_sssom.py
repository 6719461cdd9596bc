"""Benchmark 4: reading a large SSSOM TSV file into a crosswalk.

``cecompetency.formats.sssom`` against its floor, a bare ``csv.DictReader`` pass over the
same file (every row made a dict: what the simplest reader of named columns does), with
the collector off on both sides (the library pauses it while it reads). Target: within
3 times the floor. Also, for the record: a plain ``csv.reader`` pass (rows as lists) and
the ``sssom`` package's own parser on the same file (skipped when it is not installed).
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

from benchmarks.harness import (
    Context,
    NotAvailable,
    Row,
    Target,
    collector_off,
    feature,
    median_time,
    paired_times,
)

__all__ = ["run"]

FLOOR = "csv.DictReader pass, gc off both"


def _dict_floor(path: Path) -> int:
    """Every row made a dict of its named cells, as a reader of columns must at least do."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return sum(1 for _ in csv.DictReader(lines, delimiter="\t"))


def _list_floor(path: Path) -> int:
    """Every row split into fields: the floor of any TSV reader in Python."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return sum(1 for _ in csv.reader(lines, delimiter="\t"))


def run(ctx: Context) -> None:
    path: Path = ctx.suite.sssom_path
    rows = len(ctx.suite.rows)
    name = f"read SSSOM TSV, {rows:,} rows"
    size = f"{path.stat().st_size / 2**20:.1f} MiB"
    repeat = ctx.repeat(5)
    dict_floor = collector_off(lambda: _dict_floor(path))
    list_floor = collector_off(lambda: _list_floor(path))
    try:
        read = collector_off(_reader(ctx))
    except NotAvailable as exc:
        seconds = median_time(dict_floor, repeat)
        ctx.add(Row(name, None, FLOOR, seconds, note=f"not available ({exc})", runs=repeat))
        return
    crosswalk = read()
    if len(crosswalk) != rows:
        raise AssertionError(f"read {len(crosswalk)} mappings from the SSSOM file, not {rows}")
    ours, floor = paired_times(read, dict_floor, repeat)
    target = Target.ratio_at_most(3)
    ctx.add(Row(name, ours, FLOOR, floor, target, note=size, runs=repeat, collector="off"))
    ours, floor = paired_times(read, list_floor, repeat)
    baseline = "csv.reader pass, gc off both"
    ctx.add(Row(name, ours, baseline, floor, note="for the record", runs=repeat, collector="off"))
    try:
        parsers = feature("sssom.parsers")
    except NotAvailable:
        ctx.add(Row(name + " vs sssom package", ours, note="skipped: sssom is not installed"))
        return

    def theirs() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parsers.parse_sssom_table(str(path))

    # Close to a minute at full size: one run (the import is already paid above).
    seconds = median_time(theirs, 1)
    ctx.add(Row(name, ours, "sssom.parsers.parse_sssom_table", seconds, note=size, runs=1))


def _reader(ctx: Context) -> Any:
    """A no-argument call that reads the suite's SSSOM file with the library.

    The agreed reader takes the file's text (or bytes) and returns an ``Imported`` whose
    ``value`` is the crosswalk; reading the bytes from disk is part of what is timed.
    """
    read = feature("cecompetency.formats.sssom", "crosswalk_from_sssom")
    path: Path = ctx.suite.sssom_path
    return lambda: read(path.read_bytes(), str(path)).value
