"""Cross-map commands: ``map`` (counterparts of one item) and ``coverage`` (of a framework)."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_OK,
    UsageError,
    add_command,
    add_max_bytes,
    crosswalk_arg,
    framework_arg,
    registry,
)

if TYPE_CHECKING:
    from cecompetency.graph import CompetencyGraph, Counterpart
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.framework import Framework


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "map",
        cmd_map,
        "list the counterparts of an item in another framework",
        "  cecompetency map alliance@2008:7.6 --to nccme-ccmep\n"
        "  cecompetency map alliance:2.2 --to nccme-ccmep --inferred --format json\n"
        "  cecompetency map my-fw@1:3 --to hub@2 --crosswalk my-fw-hub.yaml --path .\n",
    )
    p.add_argument("ref", metavar="REF", help="the item, FRAMEWORK[@VERSION]:ITEM")
    p.add_argument(
        "--to", required=True, metavar="FRAMEWORK", help="the framework to find counterparts in"
    )
    p.add_argument(
        "--inferred",
        action="store_true",
        help="also follow chains of mappings through other frameworks (exact chains, "
        "broad or narrow with exact); without it, only mappings of the item itself, "
        "read either way",
    )
    _crosswalk_options(p)
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = add_command(
        sub,
        "coverage",
        cmd_coverage,
        "show which items of one framework have a counterpart in another",
        "  cecompetency coverage alliance@2008 nccme-ccmep@2008\n"
        "  cecompetency coverage alliance nccme-ccmep --format markdown\n"
        "  cecompetency coverage a@1 b@1 --crosswalk a-b.yaml --asserted --format json\n",
    )
    p.add_argument("source", metavar="SOURCE", help="the framework whose coverage is measured")
    p.add_argument("target", metavar="TARGET", help="the framework it is measured against")
    p.add_argument(
        "--asserted",
        action="store_true",
        help="count only mappings between the two (read either way), not chains through others",
    )
    _crosswalk_options(p)
    p.add_argument("--format", choices=["text", "json", "markdown"], default="text")


def _crosswalk_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--crosswalk",
        action="append",
        default=[],
        help="a crosswalk to use instead of the registry's crosswalks",
    )
    add_max_bytes(p)


def _graph(args: argparse.Namespace, named: Sequence[Framework]) -> CompetencyGraph:
    """The named frameworks with the crosswalks asked for, or the registry's that involve them."""
    from cecompetency.graph import CompetencyGraph

    reg = registry(args)
    crosswalks: list[Crosswalk]
    if args.crosswalk:
        crosswalks = [crosswalk_arg(args, text, reg) for text in args.crosswalk]
    else:
        refs = {fw.ref for fw in named}
        crosswalks = [reg.load_crosswalk(ref) for ref in reg.crosswalks()]
        crosswalks = [cw for cw in crosswalks if refs.intersection(cw.frameworks)]
    frameworks = {fw.ref: fw for fw in named}
    for cw in crosswalks:  # the other frameworks they name: a hub between the two, say
        for ref in cw.frameworks:
            if ref not in frameworks:
                frameworks[ref] = reg.load(ref)
    return CompetencyGraph(frameworks.values(), crosswalks)


def cmd_map(args: argparse.Namespace) -> int:
    from cecompetency.model.refs import parse_ref

    ref = parse_ref(args.ref)
    if ref.item is None:
        raise UsageError(f"{args.ref} names a framework, not an item; add ':ITEM'")
    reg = registry(args)
    source = reg.load(ref)
    target = framework_arg(args, args.to)
    graph = _graph(args, [source, target])
    item_ref = source.ref_of(_item_id(source, ref.item))
    # Without --inferred: the item's own mappings, read either way (inverse, one hop).
    found = graph.counterparts(
        item_ref, framework=target.ref, inferred=True, max_hops=None if args.inferred else 1
    )
    used = [str(cw.ref) for cw in graph.crosswalks]
    if args.format == "json":
        data = {
            "item": str(item_ref),
            "label": source[item_ref.item or ""].label,
            "target": str(target.ref),
            "inferred": args.inferred,
            "crosswalks": used,
            "counterparts": [c.to_record() for c in found],
        }
        print(json.dumps(data, indent=2, ensure_ascii=False))
        return EXIT_OK
    item = source[item_ref.item or ""]
    print(f"{item_ref}  {_short(item.label, 70)}")
    print(f"counterparts in {target.ref}, from {', '.join(used) or 'no crosswalk'}:")
    if not found:
        hint = "" if args.inferred else " (try --inferred to follow chains of mappings)"
        print(f"  none{hint}")
    for answer in found:
        print(_answer_line(answer))
        for line in _chain_lines(answer):
            print(line)
    if not used:
        print(
            f"cecompetency: no crosswalk involves {source.ref} or {target.ref}; "
            "name one with --crosswalk, or add a folder with --path",
            file=sys.stderr,
        )
    return EXIT_OK


def _item_id(framework: Framework, item_id: str) -> str:
    if item_id not in framework:
        from cecompetency.model.errors import NotFoundError
        from cecompetency.text.spelling import did_you_mean

        hint = did_you_mean(item_id, [i.id for i in framework.walk()])
        raise NotFoundError(f"{framework.ref} has no item {item_id!r}{hint}")
    return item_id


def _short(text: str, width: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _answer_line(answer: Counterpart) -> str:
    confidence = "-" if answer.confidence is None else f"{answer.confidence:.2f}"
    origin = ", ".join(answer.sources)
    if answer.inferred:
        origin = "inferred from " + origin
    return (
        f"  {answer.relation.value:8} {answer.ref!s:28} {confidence:>5}  "
        f"{answer.justification.value}  [{origin}]\n"
        f"           {_short(answer.label, 80)}"
    )


def _chain_lines(answer: Counterpart) -> list[str]:
    lines = []
    for index, link in enumerate(answer.chain):
        backwards = str(link.subject) != answer.path[index]
        note = ", read backwards" if backwards else ""
        confidence = "" if link.confidence is None else f" ({link.confidence:.2f})"
        lines.append(
            f"           {'via' if index == 0 else '   '} {link.subject} {link.relation.value} "
            f"{link.object}{confidence} [{link.source}{note}]"
        )
    return lines


def cmd_coverage(args: argparse.Namespace) -> int:
    source = framework_arg(args, args.source)
    target = framework_arg(args, args.target)
    if source.ref == target.ref:
        raise UsageError(f"SOURCE and TARGET are both {source.ref}; name two frameworks")
    graph = _graph(args, [source, target])
    report = graph.coverage(source.ref, target.ref, inferred=not args.asserted)
    sys.stdout.write(report.render(args.format))
    return EXIT_OK
