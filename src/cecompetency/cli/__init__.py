"""The ``cecompetency`` command, a thin layer over the public API: a module per group of
sub-commands; exit 0 ok, 1 invalid input (files read and found wrong), 2 usage or I/O error.
"""

# Each module has a ``register(sub)`` function; commands import the library inside their
# bodies so that ``--help`` starts fast.

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    CommandParser,
    UsageError,
)

__all__ = ["build_parser", "main", "parse_args", "run"]

# The modules that hold sub-commands, in the order --help lists them.
COMMAND_MODULES = ("browse", "validate", "mapping", "diff", "suggest", "interop")
# Which module registers each command: a command line that names one imports only its
# module (interop alone pulls in the formats catalog). A test holds this table equal to
# what the modules register.
COMMANDS = {
    "list": "browse",
    "show": "browse",
    "schema": "browse",
    "validate": "validate",
    "map": "mapping",
    "coverage": "mapping",
    "diff": "diff",
    "compare": "diff",
    "find": "diff",
    "suggest": "suggest",
    "export": "interop",
    "import": "interop",
    "merge": "interop",
}

_EPILOG = """\
examples:
  cecompetency list
  cecompetency show alliance@2008
  cecompetency show alliance@2008:2.10 --format json
  cecompetency validate frameworks/
  cecompetency schema framework > framework.schema.json

references are FRAMEWORK[@VERSION][:ITEM]; without a version the newest is meant.
exit codes: 0 ok, 1 invalid input, 2 usage or I/O error.
"""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of the whole command line; given a ``command``, only its module's commands."""
    parser = argparse.ArgumentParser(
        prog="cecompetency",
        description="Competency frameworks for continuing-education professionals: "
        "show, validate, map and compare them.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "-V", "--version", action=_VersionAction, nargs=0, help="print the version and exit"
    )
    _add_path(parser, default=[])
    # Every command's parser is a CommandParser: the options commands share (--crosswalk,
    # --format) follow one convention whichever module adds them.
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=CommandParser)
    module = COMMANDS.get(command or "")
    for name in COMMAND_MODULES if module not in COMMAND_MODULES else (module,):
        importlib.import_module(f"cecompetency.cli.{name}").register(sub)
    # Users type options after the command ('map ... --path .'), so the global ones are
    # taken there too. A sub-command's parser writes its own namespace over the main one,
    # so it keeps its folders apart ('path_after', unset unless given) and main() joins them.
    # (-V/--version is not repeated: after 'import', --version names the imported
    # framework's version.)
    for command_parser in sub.choices.values():
        _add_path(command_parser, default=argparse.SUPPRESS, dest="path_after")
    return parser


def _add_path(parser: argparse.ArgumentParser, *, default: object, dest: str = "path") -> None:
    parser.add_argument(
        "--path",
        action="append",
        dest=dest,
        default=default,
        metavar="FOLDER",
        help="a folder of framework files to search before the bundled ones "
        "(repeatable, before or after the command; also CECOMPETENCY_PATH)",
    )


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """The parsed command line, with the global options from either side of the command."""
    words = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(_command_word(words)).parse_args(words)
    args.path = [*args.path, *vars(args).pop("path_after", [])]
    return args


def _command_word(words: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is neither an option nor the
    value of ``--path`` (or an abbreviation of it, which argparse accepts)."""
    position = 0
    while position < len(words):
        word = words[position]
        if word == "--":
            return words[position + 1] if position + 1 < len(words) else None
        if len(word) >= 3 and "--path".startswith(word):
            position += 2
        elif word.startswith("-"):
            position += 1
        else:
            return word
    return None


class _VersionAction(argparse.Action):
    """Look the version up only when asked: metadata reading costs every command start-up."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kw: object) -> None:
        # On standard output, as the version is an answer, not a diagnostic:
        # $(cecompetency --version) holds it.
        sys.stdout.write(f"{parser.prog} {_version()}\n")
        parser.exit()


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cecompetency")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    args = parse_args(argv)
    if args.command is None:
        build_parser().print_help()
        return EXIT_USAGE
    from cecompetency.model.errors import (
        CecompetencyError,
        NotFoundError,
        RefError,
        ValidationError,
    )

    try:
        code: int = args.func(args)
        return code
    except ValidationError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        # A file that cannot be read is an I/O error, not invalid input.
        return EXIT_USAGE if any(i.code == "CE100" for i in exc.issues) else EXIT_INVALID
    except (NotFoundError, RefError, UsageError) as exc:
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CecompetencyError as exc:
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Entry point for the console script and ``python -m cecompetency``."""
    sys.exit(main())
