"""The ``validate`` command: check files, report every issue with its place."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    EXIT_USAGE,
    add_command,
    byte_count,
    limits,
    registry,
)

if TYPE_CHECKING:
    from cecompetency.errors import Issue


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "validate",
        cmd_validate,
        "check framework and crosswalk files; exit 1 if any is invalid",
        "  cecompetency validate frameworks/alliance@2008.yaml\n"
        "  cecompetency validate frameworks/ --format json\n",
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files, or folders of *.yaml files")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--max-bytes", type=byte_count, help="refuse larger files (default 50 MiB)")


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

    reg = registry(args)
    results: list[tuple[str, list[Issue] | None, str | None]] = []
    for path in _yaml_files(args.paths):
        try:
            results.append((path, validate_file(path, registry=reg, limits=limits(args)), None))
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
