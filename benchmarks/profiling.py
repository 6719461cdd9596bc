"""Where the time goes: cProfile of one library call on generated inputs.

    python benchmarks/generate.py benchmarks/out            # once
    python benchmarks/profiling.py benchmarks/out load      # or locate, crosswalk, graph,
                                                            # counterparts, coverage, diff, sssom
    python benchmarks/profiling.py benchmarks/out stages    # the load path, stage by stage

Prints the functions with the most time of their own, then the most cumulative time.
The call is made once untimed first, so that one-off costs (imports, schema compilation)
are not mistaken for the steady state. ``stages`` times each stage of loading a framework
and a crosswalk on its own (these are internal functions: the names may change).
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: make ``benchmarks`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

__all__ = ["TARGETS", "profile"]


def _paths(folder: Path) -> dict[str, Path]:
    found = {p.name: p for p in folder.rglob("*") if p.is_file()}
    return {
        "old": found["bench-a@1.yaml"],
        "new": found["bench-a@2.yaml"],
        "broken": found["broken.yaml.txt"],
        "crosswalk": found["bench-a-bench-b@1.yaml"],
        "sssom": found["bench-a-bench-b.sssom.tsv"],
    }


def _registry(folder: Path) -> Any:
    from cecompetency.files.registry import Registry

    registry = Registry([folder], bundled=False, environment=False)
    registry.load("bench-a@1")
    registry.load("bench-b@1")
    return registry


def _load(folder: Path) -> Callable[[], Any]:
    from cecompetency.files.framework_files import loads

    text = _paths(folder)["old"].read_text("utf-8")
    return lambda: loads(text)


def _locate(folder: Path) -> Callable[[], Any]:
    from cecompetency.files.validation import validate_text

    text = _paths(folder)["broken"].read_text("utf-8")
    return lambda: validate_text(text)


def _crosswalk(folder: Path) -> Callable[[], Any]:
    from cecompetency.files.crosswalk_files import load_crosswalk_file

    registry = _registry(folder)
    path = _paths(folder)["crosswalk"]
    return lambda: load_crosswalk_file(path, registry=registry)


def _graph_parts(folder: Path) -> tuple[Any, Any, Any]:
    from cecompetency.files.crosswalk_files import load_crosswalk_file

    registry = _registry(folder)
    crosswalk = load_crosswalk_file(_paths(folder)["crosswalk"], registry=registry)
    return registry.load("bench-a@1"), registry.load("bench-b@1"), crosswalk


def _graph(folder: Path) -> Callable[[], Any]:
    from cecompetency.graph import CompetencyGraph

    a, b, crosswalk = _graph_parts(folder)
    return lambda: CompetencyGraph([a, b], [crosswalk])


def _counterparts(folder: Path) -> Callable[[], Any]:
    from cecompetency.graph import CompetencyGraph

    a, b, crosswalk = _graph_parts(folder)
    graph = CompetencyGraph([a, b], [crosswalk])
    refs = [a.ref_of(item) for item in random.Random(1).sample(list(a.walk()), 1000)]
    return lambda: [graph.counterparts(ref, inferred=True) for ref in refs]


def _coverage(folder: Path) -> Callable[[], Any]:
    from cecompetency.graph import CompetencyGraph

    a, b, crosswalk = _graph_parts(folder)
    graph = CompetencyGraph([a, b], [crosswalk])
    return lambda: graph.coverage(a.ref, b.ref)


def _diff(folder: Path) -> Callable[[], Any]:
    from cecompetency.changes import diff
    from cecompetency.files.framework_files import loads

    paths = _paths(folder)
    old, new = loads(paths["old"].read_bytes()), loads(paths["new"].read_bytes())
    return lambda: diff(old, new)


def _sssom(folder: Path) -> Callable[[], Any]:
    from cecompetency.formats.sssom import crosswalk_from_sssom

    path = _paths(folder)["sssom"]
    return lambda: crosswalk_from_sssom(path.read_bytes(), str(path)).value


TARGETS: dict[str, Callable[[Path], Callable[[], Any]]] = {
    "load": _load,
    "locate": _locate,
    "crosswalk": _crosswalk,
    "graph": _graph,
    "counterparts": _counterparts,
    "coverage": _coverage,
    "diff": _diff,
    "sssom": _sssom,
}


def _median(func: Callable[[], Any], repeat: int = 3) -> float:
    func()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _steps(folder: Path, kind: str, name: str) -> tuple[str, list[tuple[str, Callable[[], Any]]]]:
    """The stages of loading one document of ``kind``, each as a call of its own."""
    import yaml

    from cecompetency.files.checks import check_framework_data, schema_issues
    from cecompetency.files.codec import framework_from_data
    from cecompetency.files.schemas import schema
    from cecompetency.files.yaml_reader import read_yaml

    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    text = _paths(folder)[name].read_text("utf-8")
    data = read_yaml(text, name).data
    steps: list[tuple[str, Callable[[], Any]]] = [
        ("yaml.load CSafeLoader (the floor)", lambda: yaml.load(text, Loader=loader)),
        ("read_yaml", lambda: read_yaml(text, name)),
        ("read_yaml, track=True (error path)", lambda: read_yaml(text, name, track=True)),
        ("schema_issues (jsonschema)", lambda: schema_issues(data, kind)),
    ]
    try:
        from cecompetency.files.schema_check import compile_schema
    except ImportError:
        pass
    else:
        check = compile_schema(schema(kind))
        steps.append(("_fastschema compiled check", lambda: check(data)))
    if kind == "framework":
        steps.append(("check_framework_data", lambda: check_framework_data(data)))
        steps.append(("framework_from_data", lambda: framework_from_data(data)))
        return text, steps
    from cecompetency.files.crosswalk_codec import crosswalk_from_data
    from cecompetency.files.crosswalk_files import check_crosswalk_data

    registry = _registry(folder)
    steps.append(("check_crosswalk_data", lambda: check_crosswalk_data(data, name, registry)))
    steps.append(("crosswalk_from_data", lambda: crosswalk_from_data(data)))
    return text, steps


def stages(folder: Path) -> str:
    """Median seconds of each stage of the load path, for a framework and a crosswalk."""
    lines = []
    for kind, name, repeat in (("framework", "old", 3), ("crosswalk", "crosswalk", 1)):
        text, steps = _steps(folder, kind, name)
        lines.append(f"{kind} ({len(text) / 2**20:.1f} MiB)")
        for label, step in steps:
            lines.append(f"  {label:<40} {_median(step, repeat):8.3f} s")
    return "\n".join(lines)


def profile(folder: Path, target: str, lines: int = 25) -> str:
    """The profile of one call of ``target`` on the inputs in ``folder``, as text."""
    call = TARGETS[target](folder)
    call()
    profiler = cProfile.Profile()
    profiler.enable()
    call()
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Profile one library call on generated inputs.")
    parser.add_argument("folder", type=Path, help="a folder written by benchmarks/generate.py")
    parser.add_argument("target", choices=[*TARGETS, "stages"])
    parser.add_argument("--lines", type=int, default=25)
    args = parser.parse_args(argv)
    if args.target == "stages":
        print(stages(args.folder))
    else:
        print(profile(args.folder, args.target, args.lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
