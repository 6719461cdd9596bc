"""Benchmark 5: start-up, as a person at a terminal feels it.

Wall time of a whole subprocess (median of several): ``cecompetency --help`` and
``cecompetency validate`` of one small file. Target: under 0.3 s each. Baseline:
``python -c pass`` in the same run, the interpreter's own start-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Context, Row, Target

__all__ = ["command", "run"]


def command() -> list[str]:
    """How to start the command line: the installed script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "cecompetency"
    if script.exists():
        return [str(script)]
    found = shutil.which("cecompetency")
    return [found] if found else [sys.executable, "-m", "cecompetency"]


def _wall(args: list[str], repeat: int, expect: int = 0) -> float:
    times = []
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPROFILEIMPORTTIME"}
    for _ in range(repeat + 1):  # the first run warms the file cache and is dropped
        start = time.perf_counter()
        done = subprocess.run(args, capture_output=True, env=env, check=False)
        times.append(time.perf_counter() - start)
        if done.returncode != expect:
            raise AssertionError(
                f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-500:]}"
            )
    times = sorted(times[1:])
    return times[len(times) // 2]


def run(ctx: Context) -> None:
    repeat = ctx.repeat(11, 5)
    python = _wall([sys.executable, "-c", "pass"], repeat)
    cli = command()
    ctx.add(
        Row(
            "cecompetency --help",
            _wall([*cli, "--help"], repeat),
            "python -c pass",
            python,
            Target.under(0.3),
            runs=repeat,
        )
    )
    small = ctx.repo / "frameworks" / "alliance@2008.yaml"
    ctx.add(
        Row(
            "cecompetency validate (one small file)",
            _wall([*cli, "validate", str(small)], repeat),
            "python -c pass",
            python,
            Target.under(0.3),
            runs=repeat,
            note=small.name,
        )
    )
