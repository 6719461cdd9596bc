"""Comparing and searching: ``diff`` (two versions), ``compare`` (two frameworks), ``find``."""

from __future__ import annotations

import argparse
import json
import re
import sys
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    add_command,
    add_max_bytes,
    crosswalk_arg,
    framework_arg,
    registry,
)

if TYPE_CHECKING:
    from cecompetency.changes import VersionCheck
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.framework import Framework

_FAIL_ON = """\
--fail-on IMPACT exits 1 when the diff holds a change of that impact or worse (additive:
additive or breaking; breaking: breaking) that the version numbers do not reflect: a
breaking change needs a major bump, an additive one a minor bump (below 1.0, a minor bump
may break and a patch bump may add). Calendar versions (2008 -> 2013) and other schemes
cannot say how big a change is: for them any later version reflects any change. Without
--fail-on, or when the versions reflect the changes, diff exits 0.
"""
_OTHER = """
OLD and NEW must be two versions of one framework (the same id); for two frameworks diff
exits 2 and names the command that compares them, compare A B. --other-framework diffs
them all the same (a file whose id was changed on purpose, say).
"""


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "diff",
        cmd_diff,
        "show what changed between two versions of a framework, and how much it matters",
        "  cecompetency diff alliance@2008 my-revision.yaml\n"
        "  cecompetency diff old.yaml new.yaml --format markdown >> CHANGELOG.md\n"
        "  cecompetency diff old.yaml new.yaml --fail-on breaking   # in CI\n\n"
        + _FAIL_ON
        + _OTHER,
    )
    p.add_argument("old", metavar="OLD", help="the old version: a reference or a file path")
    p.add_argument("new", metavar="NEW", help="the new version: a reference or a file path")
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    p.add_argument(
        "--fail-on",
        choices=["breaking", "additive"],
        help="exit 1 when changes of this impact (or worse) lack the version bump they need",
    )
    p.add_argument(
        "--other-framework",
        action="store_true",
        help="diff OLD and NEW even when their framework ids differ (by default that is "
        "refused: two frameworks are compared with 'compare', not diffed)",
    )
    add_max_bytes(p)

    p = add_command(
        sub,
        "compare",
        cmd_compare,
        "compare two frameworks side by side, area by area, through crosswalks",
        "  cecompetency compare alliance@2008 nccme-ccmep@2008\n"
        "  cecompetency compare a.yaml b.yaml --crosswalk a-b.yaml --format markdown\n"
        "  cecompetency compare alliance@2008 my-revision.yaml   # versions: through their diff\n",
    )
    p.add_argument("a", metavar="A", help="a framework: a reference or a file path")
    p.add_argument("b", metavar="B", help="another framework: a reference or a file path")
    p.add_argument(
        "--crosswalk",
        action="extend",
        nargs="+",
        default=[],
        metavar="FILE",
        help="crosswalk files (or crosswalk references) to read; without it, the registry's "
        "crosswalks that name both frameworks, else (two versions of one framework) their diff",
    )
    p.add_argument("--format", choices=["text", "markdown", "json"], default="text")
    add_max_bytes(p)

    p = add_command(
        sub,
        "find",
        cmd_find,
        "search the titles and statements of frameworks, best match first",
        "  cecompetency find 'adult learning'\n"
        "  cecompetency find outcomes --in alliance@2008 --kind competency\n"
        "  cecompetency find partner --in my-framework.yaml --format json\n",
    )
    p.add_argument("text", metavar="TEXT", help="words to look for (any case)")
    p.add_argument(
        "--in",
        dest="within",
        action="append",
        default=[],
        metavar="FRAMEWORK",
        help="a framework to search, reference or file path (repeatable); without it, the "
        "newest version of every framework in the registry",
    )
    p.add_argument("--kind", metavar="KIND", help="only items of this kind (area, competency...)")
    p.add_argument("--area", metavar="AREA", help="only items under this top-level item")
    p.add_argument("--tag", metavar="TAG", help="only items with this tag")
    p.add_argument("--limit", type=int, metavar="N", help="show at most N hits")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_max_bytes(p)


def cmd_diff(args: argparse.Namespace) -> int:
    from cecompetency.changes import Bump, Impact, diff

    old = framework_arg(args, args.old)
    new = framework_arg(args, args.new)
    if old.id != new.id and not args.other_framework:
        # Two frameworks, not two versions of one: their items share ids by chance, and a
        # diff would call every difference a breaking change of one framework.
        raise UsageError(
            f"{old.ref} and {new.ref} are two frameworks, not two versions of one (their ids "
            f"differ: {old.id!r}, {new.id!r}); to put them side by side run 'cecompetency "
            f"compare {args.old} {args.new}', or diff them anyway with --other-framework"
        )
    result = diff(old, new)
    if args.format == "json":
        data = result.to_data()
        data["version_check"] = _check_data(result.version_check())
        print(json.dumps(data, indent=2, ensure_ascii=False))
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown())
    else:
        sys.stdout.write(result.to_text())
        print(f"version: {result.version_check().message}")
    if args.fail_on is None:
        return EXIT_OK
    floor = Impact(args.fail_on).rank
    needed = max(
        (c.impact.bump for c in result if c.impact.rank >= floor),
        key=lambda bump: bump.rank,
        default=Bump.NONE,
    )
    check = result.version_check()
    if check.allows(needed):
        return EXIT_OK
    print(
        f"cecompetency: {args.fail_on} changes need a {needed.value} version bump: {check.message}",
        file=sys.stderr,
    )
    return EXIT_INVALID


def _check_data(check: VersionCheck) -> dict[str, Any]:
    return {
        "old": check.old,
        "new": check.new,
        "scheme": check.scheme.value,
        "required": check.required.value,
        "actual": None if check.actual is None else check.actual.value,
        "ok": check.ok,
        "message": check.message,
    }


def _crosswalks(args: argparse.Namespace, a: Framework, b: Framework) -> list[Crosswalk] | None:
    """The crosswalks named on the command line, else the registry's that name both."""
    reg = registry(args)
    if args.crosswalk:
        return [crosswalk_arg(args, text, reg) for text in args.crosswalk]
    found = []
    for ref in reg.crosswalks():
        crosswalk = reg.load_crosswalk(ref)
        if a.ref in crosswalk.frameworks and b.ref in crosswalk.frameworks:
            found.append(crosswalk)
    return found or None


def cmd_compare(args: argparse.Namespace) -> int:
    from cecompetency.analysis.comparison import compare

    a = framework_arg(args, args.a)
    b = framework_arg(args, args.b)
    result = compare(a, b, _crosswalks(args, a, b))
    if args.format == "json":
        print(result.to_json())
    elif args.format == "markdown":
        sys.stdout.write(result.to_markdown())
    else:
        sys.stdout.write(result.to_text())
    return EXIT_OK


def cmd_find(args: argparse.Namespace) -> int:
    from cecompetency.analysis.search import find

    if args.limit is not None and args.limit < 0:
        raise UsageError(f"--limit must be 0 or more, got {args.limit}")
    if not re.search(r"\w", args.text):
        # The library lists every item for an empty query (to select by filters alone);
        # on the command line an empty TEXT is more likely a mistake, e.g. an unset variable.
        raise UsageError(f"TEXT {args.text!r} has no words to look for; give some")
    if args.within:
        frameworks = [framework_arg(args, text) for text in args.within]
    else:
        reg = registry(args)
        newest = {ref.framework: ref for ref in reg.available()}  # oldest first: newest wins
        frameworks = [reg.load(ref) for ref in newest.values()]
    hits = find(
        frameworks, args.text, kind=args.kind, area=args.area, tag=args.tag, limit=args.limit
    )
    if args.format == "json":
        print(json.dumps([h.to_record() for h in hits], indent=2, ensure_ascii=False))
        return EXIT_OK
    if not hits:
        print(f"no items match {args.text!r}")
    for hit in hits:
        print(f"{hit.score:6.2f}  {hit.ref}  {hit.label}")
    return EXIT_OK
