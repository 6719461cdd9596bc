"""The ``cecompetency`` command: a thin layer over the public API.

Each sub-command parses its arguments, calls the library, and prints. Modules are
imported inside the commands so that ``--help`` starts fast.
Exit codes: 0 success, 1 invalid input (the files were read and found wrong),
2 usage or I/O error (bad arguments, unknown reference, unreadable file).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cecompetency.errors import Issue
    from cecompetency.model import Framework
    from cecompetency.registry import Registry

__all__ = ["main"]

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments the parser could not catch; exit 2."""


def _registry(args: argparse.Namespace) -> Registry:
    from cecompetency.registry import Registry, default_registry

    if not args.path:
        return default_registry()
    return Registry(args.path)


def _looks_like_path(text: str) -> bool:
    return os.sep in text or "/" in text or text.endswith((".yaml", ".yml", ".json"))


def _framework(args: argparse.Namespace, text: str) -> Framework:
    """A framework named by a reference, or by a file path."""
    if _looks_like_path(text):
        from cecompetency.files import load_file

        return load_file(text, limits=_limits(args))
    return _registry(args).load(text)


def _limits(args: argparse.Namespace) -> Any:
    from cecompetency._yaml import Limits

    return Limits(max_bytes=args.max_bytes) if getattr(args, "max_bytes", None) else Limits()


# -- commands ------------------------------------------------------------------------------


def cmd_list(args: argparse.Namespace) -> int:
    registry = _registry(args)
    refs = registry.available()
    if args.format == "json":
        rows = []
        for ref in refs:
            fw = registry.load(ref)
            rows.append(
                {
                    "ref": str(ref),
                    "title": fw.title,
                    "status": fw.status.value,
                    "items": len(fw),
                    "path": str(registry.path_of(ref)),
                }
            )
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return EXIT_OK
    for ref in refs:
        fw = registry.load(ref)
        print(f"{ref!s:28} {fw.status.value:10} {len(fw):5} items  {fw.title}")
    for ref in registry.crosswalks():
        print(f"{ref!s:28} crosswalk")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    framework = _framework(args, args.ref)
    if not _looks_like_path(args.ref):
        from cecompetency.refs import parse_ref

        item_id = parse_ref(args.ref).item
        if item_id is not None:
            return _show_item(framework, item_id, args.format)
    if args.format == "json":
        from cecompetency.codec import framework_to_data

        print(json.dumps(framework_to_data(framework), indent=2, ensure_ascii=False))
    elif args.format == "yaml":
        from cecompetency.files import dumps

        sys.stdout.write(dumps(framework))
    elif args.format == "markdown":
        from cecompetency.formats.markdown import framework_markdown

        sys.stdout.write(framework_markdown(framework))
    else:
        from cecompetency.formats.text import framework_text

        sys.stdout.write(framework_text(framework))
    return EXIT_OK


def _show_item(framework: Framework, item_id: str, fmt: str) -> int:
    from cecompetency.codec import item_to_data
    from cecompetency.files import dump_yaml

    item = _registry_item(framework, item_id)
    data = {"ref": str(framework.ref_of(item)), **item_to_data(item, framework)}
    if fmt == "json":
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif fmt == "yaml":
        sys.stdout.write(dump_yaml(data))
    else:
        trail = " > ".join(a.label for a in reversed(framework.ancestors(item)))
        bold = "**" if fmt == "markdown" else ""
        print(f"{bold}{framework.ref_of(item)}{bold} ({item.kind})")
        if trail:
            print(f"in {trail}")
        for text in (item.title, item.statement):
            if text:
                print(text)
        for child in item.children:
            print(f"  {child.id}  {child.label}")
    return EXIT_OK


def _registry_item(framework: Framework, item_id: str) -> Any:
    from cecompetency.errors import NotFoundError
    from cecompetency.validate import suggest

    if item_id not in framework:
        hint = suggest(item_id, [i.id for i in framework.walk()])
        raise NotFoundError(f"{framework.ref} has no item {item_id!r}{hint}")
    return framework[item_id]


def _yaml_files(paths: Sequence[str]) -> list[str]:
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                files += [
                    os.path.join(folder, n)
                    for n in sorted(names)
                    if n.endswith((".yaml", ".yml")) and not n.startswith(".")
                ]
        else:
            files.append(path)
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    from cecompetency.errors import Severity
    from cecompetency.files import validate_file

    registry = _registry(args)
    results: list[tuple[str, list[Issue] | None, str | None]] = []
    for path in _yaml_files(args.paths):
        try:
            results.append(
                (path, validate_file(path, registry=registry, limits=_limits(args)), None)
            )
        except OSError as exc:
            results.append((path, None, exc.strerror or str(exc)))
    io_failed = any(err is not None for _, _, err in results)
    invalid = any(
        any(i.severity is Severity.ERROR for i in issues or []) for _, issues, _ in results
    )
    if args.format == "json":
        print(
            json.dumps(
                [_result_json(path, issues, err) for path, issues, err in results],
                indent=2,
                ensure_ascii=False,
            )
        )
    else:
        for path, issues, err in results:
            if err is not None:
                print(f"{path}: error[CE100]: cannot read the file: {err}", file=sys.stderr)
                continue
            for issue in issues or []:
                print(issue)
            if not issues:
                print(f"{path}: ok")
        if not results:
            print("no YAML files found", file=sys.stderr)
    if io_failed or not results:
        return EXIT_USAGE
    return EXIT_INVALID if invalid else EXIT_OK


def _result_json(path: str, issues: list[Issue] | None, err: str | None) -> dict[str, Any]:
    if err is not None:
        return {"file": path, "valid": False, "error": err, "issues": []}
    return {
        "file": path,
        "valid": not any(i.is_error for i in issues or []),
        "issues": [
            {
                "code": i.code,
                "severity": i.severity.value,
                "line": i.line,
                "column": i.column,
                "message": i.message,
                "path": list(i.path),
            }
            for i in issues or []
        ],
    }


def cmd_schema(args: argparse.Namespace) -> int:
    from cecompetency.schemas import SCHEMA_NAMES, schema_text

    if args.name is None:
        for name in SCHEMA_NAMES:
            print(name)
        return EXIT_OK
    sys.stdout.write(schema_text(args.name))
    return EXIT_OK


# -- the parser ----------------------------------------------------------------------------

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


def _command(
    sub: Any, name: str, func: Callable[[argparse.Namespace], int], help_text: str, epilog: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name,
        help=help_text,
        description=help_text,
        epilog="examples:\n" + epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(func=func)
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cecompetency",
        description="Competency frameworks for continuing-education professionals: "
        "show, validate, map and compare them.",
        epilog=_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    parser.add_argument(
        "--path",
        action="append",
        default=[],
        metavar="FOLDER",
        help="a folder of framework files to search before the bundled ones "
        "(repeatable; also CECOMPETENCY_PATH)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = _command(
        sub,
        "list",
        cmd_list,
        "list the frameworks and crosswalks available",
        "  cecompetency list\n  cecompetency --path my-frameworks list --format json\n",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = _command(
        sub,
        "show",
        cmd_show,
        "print a framework",
        "  cecompetency show alliance@2008\n  cecompetency show alliance --format markdown\n"
        "  cecompetency show my-framework.yaml --format json\n",
    )
    p.add_argument("ref", metavar="REF", help="a reference (alliance@2008) or a file path")
    p.add_argument("--format", choices=["text", "json", "yaml", "markdown"], default="text")
    p.add_argument("--max-bytes", type=int, help="refuse larger files (default 50 MiB)")

    p = _command(
        sub,
        "validate",
        cmd_validate,
        "check framework and crosswalk files; exit 1 if any is invalid",
        "  cecompetency validate frameworks/alliance@2008.yaml\n"
        "  cecompetency validate frameworks/ --format json\n",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of *.yaml files")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--max-bytes", type=int, help="refuse larger files (default 50 MiB)")

    p = _command(
        sub,
        "schema",
        cmd_schema,
        "print a JSON Schema (framework or crosswalk)",
        "  cecompetency schema\n  cecompetency schema framework\n",
    )
    p.add_argument(
        "name",
        nargs="?",
        choices=["framework", "crosswalk"],
        metavar="NAME",
        help="framework or crosswalk; without it, list the names",
    )
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cecompetency")
    except PackageNotFoundError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    from cecompetency.errors import CecompetencyError, NotFoundError, RefError, ValidationError

    try:
        code: int = args.func(args)
        return code
    except ValidationError as exc:
        for issue in exc.issues:
            print(issue, file=sys.stderr)
        return EXIT_INVALID
    except (NotFoundError, RefError, UsageError) as exc:
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CecompetencyError as exc:
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_INVALID
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            return EXIT_OK
        print(f"cecompetency: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        return 130


def run() -> None:
    """Entry point for the console script and ``python -m cecompetency``."""
    sys.exit(main())
