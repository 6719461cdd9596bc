"""Benchmark 4: reading a large SSSOM TSV file into a crosswalk.

``cecompetency.formats.sssom`` against the ``sssom`` package's own parser on the same file
(skipped when it is not installed), and against a bare ``csv.reader`` pass over the rows,
the floor of any TSV reader in Python.
"""

from __future__ import annotations

import csv
import warnings
from pathlib import Path
from typing import Any

from benchmarks.harness import Context, NotAvailable, Row, feature, median_time, paired_times

__all__ = ["run"]


def _floor(path: Path) -> int:
    """Every row split into fields, as a TSV reader must at least do."""
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return sum(1 for _ in csv.reader(lines, delimiter="\t"))


def run(ctx: Context) -> None:
    path: Path = ctx.suite.sssom_path
    rows = len(ctx.suite.rows)
    name = f"read SSSOM TSV, {rows:,} rows"
    size = f"{path.stat().st_size / 2**20:.1f} MiB"
    repeat = ctx.repeat(3)
    try:
        read = _reader(ctx)
    except NotAvailable as exc:
        read, missing = None, f"not available ({exc})"
    ours: float | None = None
    if read is None:
        floor = median_time(lambda: _floor(path), repeat)
    else:
        crosswalk = read()
        if len(crosswalk) != rows:
            raise AssertionError(f"read {len(crosswalk)} mappings from the SSSOM file, not {rows}")
        ours, floor = paired_times(read, lambda: _floor(path), repeat)
    baselines = [("csv.reader pass", floor)]
    try:
        parsers = feature("sssom.parsers")
    except NotAvailable:
        parsers = None

    def theirs() -> Any:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return parsers.parse_sssom_table(str(path))

    if parsers is not None:
        # Close to a minute at full size: one run (the import is already paid above).
        baselines.append(("sssom.parsers.parse_sssom_table", median_time(theirs, 1)))
    for baseline, seconds in baselines:
        note = size if read is not None else missing
        ctx.add(Row(name, ours, baseline, seconds, note=note, runs=repeat))
    if parsers is None:
        ctx.add(Row(name + " vs sssom package", ours, note="skipped: sssom is not installed"))


def _reader(ctx: Context) -> Any:
    """A no-argument call that reads the suite's SSSOM file with the library.

    The agreed reader takes the file's text (or bytes) and returns an ``Imported`` whose
    ``value`` is the crosswalk; reading the bytes from disk is part of what is timed.
    """
    read = feature("cecompetency.formats.sssom", "crosswalk_from_sssom")
    path: Path = ctx.suite.sssom_path
    return lambda: read(path.read_bytes(), str(path)).value
