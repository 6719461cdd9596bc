"""Browsing commands: ``list``, ``show``, ``schema``."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    add_command,
    add_max_bytes,
    file_and_item,
    framework_arg,
    looks_like_path,
    registry,
)

if TYPE_CHECKING:
    from cecompetency.model.errors import ValidationError
    from cecompetency.model.framework import Framework, Item


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "list",
        cmd_list,
        "list the frameworks and crosswalks available",
        "  cecompetency list\n  cecompetency --path my-frameworks list --format json\n",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")

    p = add_command(
        sub,
        "show",
        cmd_show,
        "print a framework, or one item of it",
        "  cecompetency show alliance@2008\n"
        "  cecompetency show alliance --format markdown\n"
        "  cecompetency show alliance@2008:2.10\n"
        "  cecompetency show my-framework.yaml --format json\n"
        "  cecompetency show my-framework.yaml:1.1\n",
    )
    p.add_argument(
        "ref",
        metavar="REF",
        help="a reference (alliance@2008[:ITEM]), a file path, or FILE:ITEM for one item of a file",
    )
    p.add_argument("--format", choices=["text", "json", "yaml", "markdown"], default="text")
    add_max_bytes(p)

    p = add_command(
        sub,
        "schema",
        cmd_schema,
        "print a JSON Schema (framework or crosswalk)",
        "  cecompetency schema\n  cecompetency schema framework > framework.schema.json\n",
    )
    p.add_argument(
        "name",
        nargs="?",
        choices=["framework", "crosswalk"],
        metavar="NAME",
        help="framework or crosswalk; without it, list the names",
    )


def cmd_list(args: argparse.Namespace) -> int:
    """List every framework and crosswalk; a broken file is reported, not fatal."""
    from cecompetency.model.errors import ValidationError

    reg = registry(args)
    rows: list[dict[str, Any]] = []
    broken = False
    for ref in reg.available():
        try:
            fw = reg.load(ref)
        except ValidationError as exc:  # one bad file in a folder must not hide the others
            broken = True
            _report(exc)
            found: dict[str, Any] = {"title": None, "status": "invalid", "items": None}
        else:
            found = {"title": fw.title, "status": fw.status.value, "items": len(fw)}
        rows.append({"kind": "framework", "ref": str(ref), **found, "path": str(reg.path_of(ref))})
    for ref in reg.crosswalks():
        try:
            cw = reg.load_crosswalk(ref)
        except ValidationError as exc:
            broken = True
            _report(exc)
            found = {"title": None, "status": "invalid", "mappings": None, "frameworks": None}
        else:
            found = {
                "title": cw.title,
                "status": "valid",
                "mappings": len(cw),
                "frameworks": [str(r) for r in cw.frameworks],
            }
        path = str(reg.crosswalk_path_of(ref))
        rows.append({"kind": "crosswalk", "ref": str(ref), **found, "path": path})
    if args.format == "json":
        print(json.dumps(rows, indent=2, ensure_ascii=False))
    else:
        for row in rows:
            if row["title"] is None:
                print(f"{row['ref']:28} invalid    (see the errors above)")
            elif row["kind"] == "crosswalk":
                count = f"{row['mappings']:5} mappings"
                print(f"{row['ref']:28} {'crosswalk':10} {count}  {row['title']}")
            else:
                print(f"{row['ref']:28} {row['status']:10} {row['items']:5} items  {row['title']}")
    return EXIT_INVALID if broken else EXIT_OK


def _report(exc: ValidationError) -> None:
    for issue in exc.issues:
        print(issue, file=sys.stderr)


def cmd_show(args: argparse.Namespace) -> int:
    of_file = file_and_item(args.ref)
    if of_file is not None:  # my-framework.yaml:1.1, one item of a file
        return _show_item(framework_arg(args, of_file[0]), of_file[1], args.format)
    framework = framework_arg(args, args.ref)
    if not looks_like_path(args.ref):
        from cecompetency.model.refs import parse_ref

        item_id = parse_ref(args.ref).item
        if item_id is not None:
            return _show_item(framework, item_id, args.format)
    if args.format == "json":
        from cecompetency.files.codec import framework_to_data

        print(json.dumps(framework_to_data(framework), indent=2, ensure_ascii=False))
    elif args.format == "yaml":
        from cecompetency.files.framework_files import dumps

        sys.stdout.write(dumps(framework))
    elif args.format == "markdown":
        from cecompetency.formats.markdown import framework_markdown

        sys.stdout.write(framework_markdown(framework))
    else:
        from cecompetency.formats.text import framework_text

        sys.stdout.write(framework_text(framework))
    return EXIT_OK


def _show_item(framework: Framework, item_id: str, fmt: str) -> int:
    from cecompetency.files.codec import descriptor_to_data, item_to_data
    from cecompetency.files.yaml_writer import dump_yaml
    from cecompetency.formats.text import score_text

    item = _registry_item(framework, item_id)
    data = {"ref": str(framework.ref_of(item)), **item_to_data(item, framework)}
    described = framework.descriptors_of(item)
    if described:
        data["descriptors"] = [descriptor_to_data(d) for d in described]
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
        for d in described:
            level = next(lv for lv in framework.scale(d.scale).levels if lv.id == d.level)
            print(f"{level.label}{score_text(d.score, d.score_max)}: {d.description}")
            for indicator in d.indicators:
                print(f"  - {indicator}")
    return EXIT_OK


def _registry_item(framework: Framework, item_id: str) -> Item:
    from cecompetency.model.errors import NotFoundError
    from cecompetency.text.spelling import did_you_mean

    if item_id not in framework:
        hint = did_you_mean(item_id, [i.id for i in framework.walk()])
        raise NotFoundError(f"{framework.ref} has no item {item_id!r}{hint}")
    return framework[item_id]


def cmd_schema(args: argparse.Namespace) -> int:
    from cecompetency.files.schemas import SCHEMA_NAMES, schema_text

    if args.name is None:
        for name in SCHEMA_NAMES:
            print(name)
        return EXIT_OK
    sys.stdout.write(schema_text(args.name))
    return EXIT_OK
