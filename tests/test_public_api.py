"""The public API: every name in ``__all__`` resolves to the right object, in any import order."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import subprocess
import sys
from pathlib import Path

import cecompetency


def _submodules() -> set[str]:
    return {info.name for info in pkgutil.iter_modules(cecompetency.__path__)}


def test_every_public_name_resolves() -> None:
    for name in cecompetency.__all__:
        assert getattr(cecompetency, name) is not None, name


def test_no_public_name_is_also_a_submodule() -> None:
    """Importing a submodule sets the package attribute of its name, hiding a function."""
    assert sorted(set(cecompetency.__all__) & _submodules()) == []


def test_names_survive_every_submodule_being_imported_first() -> None:
    code = (
        "import importlib, pkgutil, cecompetency\n"
        "for info in pkgutil.walk_packages(cecompetency.__path__, 'cecompetency.'):\n"
        "    if info.name.endswith('__main__') or info.name.endswith('.plot'):\n"
        "        continue\n"
        "    importlib.import_module(info.name)\n"
        "for name in cecompetency.__all__:\n"
        "    value = getattr(cecompetency, name)\n"
        "    assert not type(value).__name__ == 'module', name\n"
        "assert callable(cecompetency.diff) and callable(cecompetency.suggest)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_public_functions_are_typed() -> None:
    for name in cecompetency.__all__:
        value = getattr(cecompetency, name)
        if callable(value) and not isinstance(value, type) and hasattr(value, "__annotations__"):
            assert "return" in value.__annotations__, f"{name} has no return annotation"


def test_the_package_imports_lazily() -> None:
    """`import cecompetency` must not pay for jsonschema or networkx (start-up time)."""
    code = (
        "import sys, cecompetency\n"
        "heavy = {'jsonschema', 'networkx'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_submodules_import_on_their_own() -> None:
    for name in sorted(_submodules() - {"__main__", "plot"}):
        importlib.import_module(f"cecompetency.{name}")


def _package_init() -> ast.Module:
    return ast.parse(Path(cecompetency.__file__).read_text("utf-8"))


def test_the_type_checkers_see_exactly_the_public_table() -> None:
    """The facade keeps its names in one table; the imports for type checkers mirror it."""
    table = {name: module for name, module in cecompetency._PUBLIC.items()}
    seen: dict[str, str] = {}
    for node in ast.walk(_package_init()):
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING":
            for statement in node.body:
                assert isinstance(statement, ast.ImportFrom) and statement.module
                for alias in statement.names:
                    assert alias.asname == alias.name, "re-export as 'import X as X'"
                    seen[alias.name] = statement.module
    assert seen == table
    assert sorted(cecompetency.__all__) == sorted(["__version__", *table])


def test_the_public_api_is_small_and_each_name_is_defined_where_the_table_says() -> None:
    assert 40 <= len(cecompetency._PUBLIC) <= 61
    for name, module in cecompetency._PUBLIC.items():
        value = getattr(importlib.import_module(module), name)
        assert getattr(cecompetency, name) is value
        home = getattr(value, "__module__", module)
        # Defined in that module, or in the subpackage it re-exports from.
        assert home == module or home.startswith(module + "."), (name, home)


def test_no_public_name_is_defined_twice_in_the_package() -> None:
    """One name, one thing: a module-level public name is defined in one module only."""
    defined: dict[str, list[str]] = {}
    for path in sorted(Path(cecompetency.__file__).parent.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef):
                names = [node.name]
            elif isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                names = [node.target.id]
            else:
                continue
            for name in names:
                # 'register' is the CLI's one hook per command module, by design.
                if not name.startswith("_") and name not in {"register", "T"}:
                    defined.setdefault(name, []).append(path.name)
    assert {name: where for name, where in defined.items() if len(where) > 1} == {}
