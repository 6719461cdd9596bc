"""Benchmark 5: start-up, as a person at a terminal feels it.

Wall time of whole subprocesses: ``cecompetency --help`` and ``cecompetency validate`` of
the bundled Alliance file. The floor is ``python -c "import yaml"``: the interpreter and
the YAML parser every command needs, so the ratio is what the library adds. ``python -c
pass`` is reported too. All commands run in turns (one of each, then again), and each
figure is the median of its runs, so a busy moment slows every one of them alike.
Target: ``validate`` at most 3 times the floor.

Byte-code is written on the warm-up run (``PYTHONDONTWRITEBYTECODE`` is dropped), as it
is for an installed package: the floor's modules are compiled already, so ours must be.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.harness import Context, Row, Target

__all__ = ["command", "run", "walls"]

_DROPPED = ("PYTHONPROFILEIMPORTTIME", "PYTHONDONTWRITEBYTECODE")


def command() -> list[str]:
    """How to start the command line: the installed script beside this Python, else ``-m``."""
    script = Path(sys.executable).parent / "cecompetency"
    if script.exists():
        return [str(script)]
    found = shutil.which("cecompetency")
    return [found] if found else [sys.executable, "-m", "cecompetency"]


def walls(commands: dict[str, list[str]], repeat: int) -> dict[str, float]:
    """The median wall time of each command, run in turns ``repeat`` times (after a
    warm-up round, which fills the file cache and writes byte-code)."""
    env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for round_ in range(repeat + 1):
        for name, args in commands.items():
            start = time.perf_counter()
            done = subprocess.run(args, capture_output=True, env=env, check=False)
            elapsed = time.perf_counter() - start
            if done.returncode != 0:
                raise AssertionError(
                    f"{' '.join(args)} exited {done.returncode}: {done.stderr.decode()[-500:]}"
                )
            if round_:
                times[name].append(elapsed)
    return {name: statistics.median(values) for name, values in times.items()}


def run(ctx: Context) -> None:
    repeat = ctx.repeat(21, 7)
    cli = command()
    small = ctx.repo / "frameworks" / "alliance@2008.yaml"
    found = walls(
        {
            "pass": [sys.executable, "-c", "pass"],
            "yaml": [sys.executable, "-c", "import yaml"],
            "help": [*cli, "--help"],
            "validate": [*cli, "validate", str(small)],
        },
        repeat,
    )
    floor = 'python -c "import yaml"'
    ctx.add(Row("cecompetency --help", found["help"], floor, found["yaml"], runs=repeat))
    ctx.add(
        Row(
            "cecompetency validate (bundled Alliance file)",
            found["validate"],
            floor,
            found["yaml"],
            Target.ratio_at_most(3.0),
            runs=repeat,
            note=f"{small.name}; python -c pass takes {found['pass'] * 1e3:.0f} ms",
        )
    )
