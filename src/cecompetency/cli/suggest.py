"""The ``suggest`` command: draft candidate mappings between two frameworks for review."""

from __future__ import annotations

import argparse
import datetime
import sys
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_max_bytes,
    crosswalk_arg,
    exists_error,
    framework_arg,
    registry,
    write_output,
)

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.framework import Framework


def _unit_interval(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a number between 0 and 1, got {text!r}"
        ) from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1, got {text!r}")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {text!r}")
    return value


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "suggest",
        cmd_suggest,
        "draft candidate mappings between two frameworks by the similarity of their words",
        "  cecompetency suggest alliance@2008 nccme-ccmep@2008\n"
        "  cecompetency suggest alliance@2008 nccme-ccmep@2008 -o draft.yaml --threshold 0.2\n"
        "  cecompetency suggest mine.yaml alliance --exclude reviewed.yaml -o draft.yaml\n",
    )
    p.add_argument("a", metavar="A", help="the framework to map from: a reference or a file path")
    p.add_argument("b", metavar="B", help="the framework to map to: a reference or a file path")
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the draft crosswalk to FILE (atomically); without it, print it",
    )
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument(
        "--threshold",
        type=_unit_interval,
        metavar="X",
        help="the lowest similarity proposed, 0 to 1 (default 0.1)",
    )
    p.add_argument(
        "--top", type=_positive, metavar="N", help="propose at most N mappings per item of A"
    )
    p.add_argument(
        "--exclude",
        action="append",
        default=[],
        metavar="CROSSWALK",
        help="a crosswalk (reference or file) whose negated mappings are never proposed "
        "(repeatable); the registry's crosswalks between A and B are always consulted",
    )
    add_max_bytes(p)


def cmd_suggest(args: argparse.Namespace) -> int:
    from cecompetency.analysis.suggestions import DEFAULT_THRESHOLD, suggest

    # Refuse before any work: the file is the curator's, perhaps already half reviewed.
    if args.output:
        from cecompetency.files.atomic import check_replaceable
        from cecompetency.model.errors import FileExistsRefusal

        try:
            check_replaceable(args.output, overwrite=args.force)
        except FileExistsRefusal as exc:
            raise exists_error(args.output, exc) from None
    a = framework_arg(args, args.a)
    b = framework_arg(args, args.b)
    if a.ref == b.ref:
        raise UsageError(f"A and B are both {a.ref}; suggest maps between two frameworks")
    reg = registry(args)
    reviewed = _reviewed(reg, a, b) + [crosswalk_arg(args, text, reg) for text in args.exclude]
    threshold = DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    draft = suggest(
        a, b, threshold=threshold, negated=reviewed, top=args.top, date=datetime.date.today()
    )
    from cecompetency.files.crosswalk_codec import dumps_crosswalk

    write_output(args, dumps_crosswalk(draft))
    if args.output is None:
        return EXIT_OK
    print(
        f"{args.output}: {len(draft)} candidate mappings from {a.ref} to {b.ref} "
        f"(threshold {threshold:g}); review them before use",
        file=sys.stderr,
    )
    return EXIT_OK


def _reviewed(reg: Registry, a: Framework, b: Framework) -> list[Crosswalk]:
    """The registry's crosswalks that name both frameworks (their negations are honoured)."""
    from cecompetency.model.errors import ValidationError

    found: list[Crosswalk] = []
    for ref in reg.crosswalks():
        try:
            crosswalk = reg.load_crosswalk(ref)
        except ValidationError as exc:
            # An unrelated broken crosswalk should not block a draft; say so and go on.
            print(
                f"cecompetency: skipping crosswalk {ref}, which is invalid "
                f"({len(exc.issues)} issues; run 'cecompetency validate')",
                file=sys.stderr,
            )
            continue
        if {a.ref, b.ref} <= set(crosswalk.frameworks):
            found.append(crosswalk)
    return found
