"""The package's shape: imports point one way and never circle, and the top stays small."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx

import cecompetency

PACKAGE = Path(cecompetency.__file__).parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, modules: set[str]) -> set[str]:
    """Every package module that ``path`` imports, wherever the import is written."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        # `from a.b import c` imports a.b.c when c is a module, else a.b.
        found.update(name for name in names if name in modules)
    return found


def _import_graph() -> nx.DiGraph:
    paths = sorted(PACKAGE.rglob("*.py"))
    modules = {_module_name(path) for path in paths}
    graph = nx.DiGraph()
    for path in paths:
        here = _module_name(path)
        graph.add_node(here)
        for target in _imports(path, modules):
            # A module's own package __init__ runs first anyway; that is not a dependency.
            if target != here and not here.startswith(target + "."):
                graph.add_edge(here, target)
    return graph


def test_no_module_imports_circle_back_to_itself() -> None:
    graph = _import_graph()
    # The package root is the facade: it names everything, and nothing may import it.
    assert list(graph.predecessors("cecompetency")) == []
    cycles = sorted(sorted(cycle) for cycle in nx.simple_cycles(graph))
    assert cycles == []


def test_the_graph_sees_imports_inside_functions() -> None:
    # Guard the checker itself: a function-level import is an edge.
    graph = _import_graph()
    assert graph.has_edge("cecompetency.cli._common", "cecompetency.files.registry")


def test_the_top_of_the_package_is_small_and_every_subpackage_says_what_it_holds() -> None:
    top = [p for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()]
    assert len(top) <= 15, sorted(p.name for p in top)
    for package in (p for p in top if p.is_dir()):
        doc = ast.get_docstring(ast.parse((package / "__init__.py").read_text("utf-8")))
        assert doc, f"{package.name}/__init__.py has no docstring"
        lines = [line for line in doc.strip().splitlines() if line.strip()]
        assert len(lines) <= 2, package.name
