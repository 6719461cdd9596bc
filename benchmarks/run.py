"""Run every benchmark and print a table (see docs/performance.md).

    python benchmarks/run.py                 # full size: 20,000 items, 100,000 mappings
    python benchmarks/run.py --small         # small inputs, under 30 s: what CI runs
    python benchmarks/run.py --json out.json # also write the figures as JSON
    python benchmarks/run.py --write-docs    # also render them into docs/performance.md
    python benchmarks/run.py --from-json benchmarks/results.json --write-docs  # no run

A feature that does not exist yet shows as "not available". A benchmark that fails for
any other reason shows as an error, and the exit status is 1, so the benchmarks cannot
rot unnoticed. Missed targets are reported, not failed: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import (
    bench_accuracy,
    bench_diff,
    bench_graph,
    bench_growth,
    bench_hostile,
    bench_load,
    bench_sssom,
    bench_startup,
    results_page,
)
from benchmarks.generate import write_suite
from benchmarks.harness import Context, NotAvailable, Row, format_table

BENCHMARKS: dict[str, tuple[str, Callable[[Context], None]]] = {
    "load": ("load + validate + model", bench_load.run),
    "diff": ("diff of two versions", bench_diff.run),
    "accuracy": ("diff accuracy against known edits", bench_accuracy.run),
    "graph": ("cross-map graph", bench_graph.run),
    "sssom": ("SSSOM TSV reading", bench_sssom.run),
    "startup": ("command-line start-up", bench_startup.run),
    "hostile": ("hostile inputs that were quadratic", bench_hostile.run),
    "growth": ("growth of load and coverage with size", bench_growth.run),
}
SIZES = {False: (20_000, 100_000), True: (500, 2_000)}  # small? -> (items, mappings)
REPO = Path(__file__).resolve().parents[1]


def _versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in ("cecompetency", "pyyaml", "jsonschema", "networkx", "attrs", "deepdiff", "sssom"):
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            found[name] = None
    return found


def _progress(row: Row) -> None:
    print(f"  {row.benchmark}: {row.status or 'done'}", file=sys.stderr, flush=True)


def run(args: argparse.Namespace, folder: Path) -> tuple[Context, bool]:
    items, mappings = SIZES[args.small]
    items = args.items or items
    mappings = args.mappings or mappings
    print(f"generating {items:,} items, {mappings:,} mappings in {folder}", file=sys.stderr)
    started = time.perf_counter()
    suite = write_suite(folder, items, mappings, args.seed)
    print(f"  generated in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    # The generator's own objects stay alive for the whole run; frozen, the garbage
    # collector skips them, so they do not slow down what is measured.
    gc.collect()
    gc.freeze()
    ctx = Context(suite, args.small, REPO, report=_progress, seed=args.seed)
    failed = False
    for name in args.only or list(BENCHMARKS):
        title, bench = BENCHMARKS[name]
        print(f"{name}: {title}", file=sys.stderr, flush=True)
        before, tables_before = len(ctx.rows), len(ctx.tables)
        try:
            bench(ctx)
        except NotAvailable as exc:
            ctx.add(Row(f"{name}: {title}", note=f"not available ({exc})"))
        except Exception as exc:
            failed = True
            traceback.print_exc()
            ctx.add(Row(f"{name}: {title}", note=f"ERROR: {type(exc).__name__}: {exc}"[:200]))
        if len(ctx.rows) == before and len(ctx.tables) == tables_before:
            ctx.add(Row(f"{name}: {title}", note="no result"))
    return ctx, failed or bool(ctx.errors)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the cecompetency benchmarks.")
    parser.add_argument("--small", action="store_true", help="small inputs, quick (CI)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write the figures as JSON")
    parser.add_argument(
        "--only",
        action="append",
        choices=list(BENCHMARKS),
        help="run only this benchmark (repeatable)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        help="generate into this folder and keep it "
        "(default: a temporary folder, removed afterwards)",
    )
    parser.add_argument("--items", type=int, help="items per framework (overrides the mode)")
    parser.add_argument("--mappings", type=int, help="mappings (overrides the mode)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--write-docs",
        action="store_true",
        help=f"write the figures to {results_page.RESULTS} and render them into "
        "docs/performance.md",
    )
    parser.add_argument(
        "--from-json",
        type=Path,
        metavar="FILE",
        help="take the figures from this JSON (of an earlier --json) instead of running",
    )
    args = parser.parse_args(argv)
    if args.from_json is not None:
        report = json.loads(args.from_json.read_text("utf-8"))
        failed = False
    else:
        report, failed = _measure(args)
    text = json.dumps(report, indent=2) + "\n"
    from cecompetency.files.atomic import write_atomic

    if args.json is not None:
        write_atomic(args.json, text, overwrite=True)
    if args.write_docs:
        if args.from_json is None or args.from_json.resolve() != REPO / results_page.RESULTS:
            write_atomic(REPO / results_page.RESULTS, text, overwrite=True)
        page = REPO / "docs" / "performance.md"
        rendered = results_page.replace_block(page.read_text("utf-8"), report)
        write_atomic(page, rendered, overwrite=True)
    return 1 if failed else 0


def _measure(args: argparse.Namespace) -> tuple[dict[str, Any], bool]:
    """Run the benchmarks, print their table, and return the report and whether one failed."""
    started = time.perf_counter()
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load_before = os.getloadavg()[0]
    if args.out is not None:
        ctx, failed = run(args, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="cecompetency-bench-") as temp:
            ctx, failed = run(args, Path(temp))
    rows = ctx.rows
    total = time.perf_counter() - started
    mode = "small" if args.small else "full"
    load = (load_before, os.getloadavg()[0])
    print(
        f"\ncecompetency benchmarks, {mode} mode, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {total:.0f} s in all, "
        f"load average {load[0]:.1f} before and {load[1]:.1f} after\n"
    )
    print(format_table(rows))
    for title, markdown in ctx.tables:
        print(f"\n{title}\n\n{markdown}")
    for error in ctx.errors:
        print(f"\nERROR: {error}")
    report = {
        "mode": mode,
        "date": date,
        "seconds": total,
        "machine": {
            "cores": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "load_average": load,
        },
        "versions": _versions(),
        "rows": [row.as_json() for row in rows],
        "tables": [{"title": title, "markdown": text} for title, text in ctx.tables],
        "errors": ctx.errors,
    }
    return report, failed


if __name__ == "__main__":
    sys.exit(main())
