"""What every command shares: exit codes, the registry, resolving framework arguments."""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry
    from cecompetency.files.yaml_reader import Limits
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.framework import Framework

__all__ = [
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "CommandParser",
    "UsageError",
    "add_command",
    "add_max_bytes",
    "byte_count",
    "crosswalk_arg",
    "exists_error",
    "file_and_item",
    "framework_arg",
    "limits",
    "looks_like_path",
    "registry",
    "write_output",
]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments the parser could not catch; exit 2."""


def exists_error(path: str | os.PathLike[str], refusal: Exception | None = None) -> UsageError:
    """The refusal to replace an existing output file, in the command line's words."""
    from cecompetency.model.errors import NotARegularFileRefusal

    if isinstance(refusal, NotARegularFileRefusal):  # --force does not help: say so
        return UsageError(str(refusal).replace("write to another path", "--force cannot"))
    return UsageError(f"{os.fspath(path)}: exists; refusing to replace it (use --force)")


def registry(args: argparse.Namespace) -> Registry:
    """The default registry, or one with the ``--path`` folders first."""
    from cecompetency.files.registry import Registry, default_registry

    if not getattr(args, "path", None):
        return default_registry()
    return Registry(args.path)


_FILE_SUFFIXES = (".yaml", ".yml", ".json")


def looks_like_path(text: str) -> bool:
    """Whether a command argument names a file rather than a reference."""
    # Item ids may hold '/' ('alliance@2008:a/b'), framework ids and versions never do.
    head = text.split(":", 1)[0]
    return os.sep in head or "/" in head or text.endswith(_FILE_SUFFIXES)


def file_and_item(text: str) -> tuple[str, str] | None:
    """``(FILE, ITEM)`` when an argument names an item of a file, ``my.yaml:1.1``; else None.

    A framework id ending in a file suffix (``.yaml``) is taken for a file: no registry
    names its files so.
    """
    head, colon, item = text.partition(":")
    if colon and item and head.endswith(_FILE_SUFFIXES):
        return head, item
    return None


def limits(args: argparse.Namespace) -> Limits:
    """The reading limits the command line asked for (``--max-bytes``), else the defaults."""
    from cecompetency.files.yaml_reader import Limits

    max_bytes = getattr(args, "max_bytes", None)
    return Limits(max_bytes=max_bytes) if max_bytes is not None else Limits()


def byte_count(text: str) -> int:
    """An argparse type for ``--max-bytes``: a whole number of bytes, at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a whole number of bytes, got {text!r}"
        ) from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1 byte, got {value}")
    from cecompetency.files.yaml_reader import MAX_COUNT

    if value > MAX_COUNT:
        raise argparse.ArgumentTypeError(f"expected at most {MAX_COUNT:,} bytes, got {value:,}")
    return value


def framework_arg(args: argparse.Namespace, text: str) -> Framework:
    """A framework named by a reference (``alliance@2008``) or by a file path."""
    if looks_like_path(text):
        from cecompetency.files.framework_files import load_file

        return load_file(text, limits=limits(args))
    return registry(args).load(text)


def crosswalk_arg(args: argparse.Namespace, text: str, reg: Registry | None = None) -> Crosswalk:
    """A crosswalk named by a reference (``alliance-ccmep@1.0``) or by a file path.

    A file is checked against ``reg`` (by default the command's registry), so the
    frameworks it names are found where the user said they are.
    """
    reg = registry(args) if reg is None else reg
    if looks_like_path(text):
        from cecompetency.files.crosswalk_files import load_crosswalk_file

        return load_crosswalk_file(text, registry=reg, limits=limits(args))
    return reg.load_crosswalk(text)


def add_command(
    sub: Any, name: str, func: Callable[[argparse.Namespace], int], help_text: str, examples: str
) -> argparse.ArgumentParser:
    """Add a sub-command whose ``--help`` ends with examples."""
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog="examples:\n" + examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    return parser


# What each output format is, for the help of every --format option.
_FORMAT_HELP = {
    "text": "text for the terminal",
    "json": "JSON data",
    "yaml": "a framework YAML document",
    "markdown": "Markdown",
}


class CommandParser(argparse.ArgumentParser):
    """The parser of every sub-command: the options commands share follow one convention,
    whichever module adds them.

    - ``--crosswalk`` takes one crosswalk (a file or a reference) per use and may be
      repeated, so it never swallows the command's own arguments (``map --crosswalk
      a.yaml alliance:2.2 ...`` works as it reads);
    - ``--format`` without help of its own gets one naming each choice and the default.
    """

    def add_argument(self, *name_or_flags: str, **kwargs: Any) -> argparse.Action:
        if "--crosswalk" in name_or_flags:
            kwargs.pop("nargs", None)
            kwargs.update(action="append", metavar="CROSSWALK")
            kwargs.setdefault("default", [])
            help_text = kwargs.get("help") or "a crosswalk to use"
            kwargs["help"] = f"{help_text} (a file or a reference; repeat the option for several)"
        if "--format" in name_or_flags and not kwargs.get("help") and kwargs.get("choices"):
            choices = list(kwargs["choices"])
            described = ", ".join(f"{name} ({_FORMAT_HELP.get(name, name)})" for name in choices)
            default = kwargs.get("default")
            kwargs["help"] = f"how to print the result: {described}" + (
                f"; default {default}" if default else ""
            )
        return super().add_argument(*name_or_flags, **kwargs)


def add_max_bytes(parser: argparse.ArgumentParser) -> None:
    """The ``--max-bytes`` option every command that reads files offers."""
    parser.add_argument(
        "--max-bytes", type=byte_count, help="refuse larger files (default 256 MiB)"
    )


def write_output(args: argparse.Namespace, text: str) -> None:
    """Print ``text``, or write it to ``args.output`` atomically (replacing only with --force)."""
    import sys

    if not getattr(args, "output", None):
        sys.stdout.write(text)
        return
    from cecompetency.files.atomic import write_atomic
    from cecompetency.model.errors import FileExistsRefusal

    try:
        write_atomic(args.output, text, overwrite=getattr(args, "force", False))
    except FileExistsRefusal as exc:
        raise exists_error(args.output, exc) from None
