"""The ``validate`` command: check files, report every issue with its place."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_command,
    add_max_bytes,
    limits,
    looks_like_path,
    registry,
    write_output,
)

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry
    from cecompetency.model.errors import Issue


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "validate",
        cmd_validate,
        "check framework and crosswalk files; exit 1 if any is invalid",
        "  cecompetency validate frameworks/alliance@2008.yaml\n"
        "  cecompetency validate frameworks/ --format json\n"
        "  cecompetency validate frameworks/ --format github       # annotations in Actions\n"
        "  cecompetency validate frameworks/ --format sarif -o cecompetency.sarif\n\n"
        "frameworks/ is a folder of your own (or a source checkout's). PATHs are files, not\n"
        "references: the bundled files live inside the installed package, and\n"
        "'cecompetency list --format json' shows the path of each. A file named\n"
        "ID@VERSION.yaml must hold that id and version (CE307), as the registry requires.\n",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of *.yaml files")
    p.add_argument(
        "--format",
        choices=["text", "json", "github", "sarif"],
        default="text",
        help="text (default); json; github: GitHub Actions annotations; sarif: SARIF 2.1.0",
    )
    p.add_argument("-o", "--output", metavar="FILE", help="write the report here (json, sarif)")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    add_max_bytes(p)


def _yaml_files(paths: Sequence[str]) -> list[str]:
    files: list[str] = []
    for path in paths:
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                # Regular files only: a named pipe would wait for a writer for ever.
                files += [
                    os.path.join(folder, n)
                    for n in sorted(names)
                    if n.endswith((".yaml", ".yml"))
                    and not n.startswith(".")
                    and os.path.isfile(os.path.join(folder, n))
                ]
        else:
            files.append(path)
    return files


def cmd_validate(args: argparse.Namespace) -> int:
    import attrs

    from cecompetency.files.validation import validate_file
    from cecompetency.views import reports

    if args.output and args.format not in ("json", "sarif"):
        raise UsageError("-o/--output needs --format json or --format sarif")
    registries: dict[str, Registry] = {}
    results: list[reports.FileResult] = []
    unreadable: dict[str, Issue] = {}
    for path in _yaml_files(args.paths):
        reg = _registry_for(args, path, registries)
        issues = validate_file(path, registry=reg, limits=limits(args))
        if issues and issues[0].code == "CE100":  # the file could not be read at all
            reason = issues[0].message.partition(": ")[2] or issues[0].message
            reason += _instead(args, path)
            unreadable[path] = attrs.evolve(issues[0], message=f"cannot read the file: {reason}")
            results.append(reports.FileResult(path, error=reason))
        else:
            results.append(reports.FileResult(path, issues))
    if args.format == "text":
        for result in results:
            if result.file in unreadable:
                print(unreadable[result.file], file=sys.stderr)
            else:
                sys.stdout.write(reports.to_text([result]))
    else:
        render = {"json": reports.to_json, "github": reports.to_github, "sarif": reports.to_sarif}
        write_output(args, render[args.format](results))
    if not results:
        print("no YAML files found", file=sys.stderr)
    if not results or any(result.error is not None for result in results):
        return EXIT_USAGE
    return EXIT_OK if all(result.valid for result in results) else EXIT_INVALID


def _instead(args: argparse.Namespace, path: str) -> str:
    """When PATH does not exist but is a reference the registry knows: what to run instead."""
    if os.path.lexists(path) or looks_like_path(path):
        return ""
    from cecompetency.model.errors import CecompetencyError

    reg = registry(args)
    try:
        file = reg.path_of(path)
    except CecompetencyError:
        try:
            file = reg.crosswalk_path_of(path)
        except CecompetencyError:
            return ""
    return (
        f"; {path!r} is a reference, and validate checks files: "
        f"cecompetency validate {shlex.quote(str(file))}"
    )


def _registry_for(args: argparse.Namespace, path: str, known: dict[str, Registry]) -> Registry:
    """The registry to check ``path`` against.

    A crosswalk in ``X/crosswalks/`` names frameworks that live in ``X``, so ``X`` is
    searched first, as if given with ``--path``: authors need not say so.
    """
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.basename(folder) != "crosswalks":
        return registry(args)
    home = os.path.dirname(folder)
    if home not in known:
        from cecompetency.files.registry import Registry

        known[home] = Registry([home, *args.path])
    return known[home]
