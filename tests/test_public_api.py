"""The public API: every name in ``__all__`` resolves to the right object, in any import order."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

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
