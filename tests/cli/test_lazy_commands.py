"""A command line that names a command builds only its module's parsers, and validating a
framework file imports neither the typed model nor the formats catalog (start-up time)."""

from __future__ import annotations

import argparse
import importlib
import subprocess
import sys
from pathlib import Path

import pytest

from cecompetency import cli

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return set(sub.choices)


def test_the_command_table_matches_what_each_module_registers() -> None:
    for module in cli.COMMAND_MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers(parser_class=cli.CommandParser)
        importlib.import_module(f"cecompetency.cli.{module}").register(sub)
        assert {c for c, m in cli.COMMANDS.items() if m == module} == set(sub.choices)
    assert set(cli.COMMANDS.values()) == set(cli.COMMAND_MODULES)


@pytest.mark.parametrize(
    ("words", "command"),
    [
        (["validate", "x.yaml"], "validate"),
        (["--path", "validate", "list"], "list"),
        (["--path=validate", "show", "a"], "show"),
        (["--pa", "folder", "map", "a", "b"], "map"),
        (["-V"], None),
        (["--", "diff"], "diff"),
        ([], None),
    ],
)
def test_the_command_word_skips_options_and_folders(words: list[str], command: str | None) -> None:
    assert cli._command_word(words) == command


def test_a_named_command_gets_only_its_modules_parsers() -> None:
    assert _commands(cli.build_parser("validate")) == {"validate"}
    assert _commands(cli.build_parser("coverage")) == {"map", "coverage"}
    everything = _commands(cli.build_parser())
    assert everything == set(cli.COMMANDS)
    assert _commands(cli.build_parser("no-such-command")) == everything  # argparse says so


def test_validate_imports_neither_the_model_nor_the_formats() -> None:
    probe = (
        "import sys\n"
        "from cecompetency.cli import main\n"
        f"code = main(['validate', {str(ROOT / 'frameworks' / 'alliance@2008.yaml')!r}])\n"
        "loaded = [m for m in ('cecompetency.model.framework', 'cecompetency.formats.catalog',"
        " 'jsonschema', 'networkx', 'difflib') if m in sys.modules]\n"
        "print(code, loaded)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src")},
    )
    assert done.stdout.strip().splitlines()[-1] == "0 []"
