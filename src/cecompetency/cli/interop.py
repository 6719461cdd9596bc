"""Exchange commands: ``export``, ``import``, ``merge``.

Output goes to standard output, or with ``-o FILE`` to a file written atomically; an
existing file is replaced only with ``--force``. Import problems are printed as
``FILE:LINE:COL`` (``FILE:ROW:COL`` for CSV) issues and exit with 1.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

from cecompetency.cli._common import (
    EXIT_INVALID,
    EXIT_OK,
    UsageError,
    add_command,
    add_max_bytes,
    crosswalk_arg,
    exists_error,
    limits,
    looks_like_path,
    registry,
    write_output,
)
from cecompetency.formats.catalog import CROSSWALK_FORMATS, FRAMEWORK_FORMATS

if TYPE_CHECKING:
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.errors import Issue
    from cecompetency.model.framework import Framework
    from cecompetency.model.refs import Ref

FRAMEWORK_EXPORTS = tuple(n for n, f in FRAMEWORK_FORMATS.items() if f.writer is not None)
CROSSWALK_EXPORTS = tuple(n for n, f in CROSSWALK_FORMATS.items() if f.writer is not None)
FRAMEWORK_IMPORTS = tuple(n for n, f in FRAMEWORK_FORMATS.items() if f.reader is not None)
CROSSWALK_IMPORTS = tuple(n for n, f in CROSSWALK_FORMATS.items() if f.reader is not None)
IMPORTS = FRAMEWORK_IMPORTS + CROSSWALK_IMPORTS
# The formats whose files can state crosswalk mappings beside the framework.
MAPPING_IMPORTS = tuple(
    n for n in FRAMEWORK_IMPORTS if "crosswalks" in FRAMEWORK_FORMATS[n].options
)


def register(sub: Any) -> None:
    p = add_command(
        sub,
        "export",
        cmd_export,
        "write a framework or a crosswalk in another system's format",
        "  cecompetency export alliance@2008 --format case -o alliance-2008.case.json\n"
        "  cecompetency export alliance@2008 --format moodle -o alliance-2008.moodle.csv\n"
        "  cecompetency export alliance@2008 --format ctdl --crosswalk alliance-ccmep\n"
        "  cecompetency export alliance-ccmep --format sssom -o alliance-ccmep.sssom.tsv\n",
    )
    p.add_argument("ref", metavar="REF", help="a framework or crosswalk reference, or a file")
    p.add_argument(
        "--format",
        required=True,
        choices=sorted(set(FRAMEWORK_EXPORTS + CROSSWALK_EXPORTS)),
        help=f"frameworks: {' '.join(FRAMEWORK_EXPORTS)}; "
        f"crosswalks: {' '.join(CROSSWALK_EXPORTS)}",
    )
    p.add_argument(
        "--crosswalk",
        action="append",
        default=[],
        help="add this crosswalk's mappings (case, ctdl, graphml, skos)",
    )
    _output_options(p)

    p = add_command(
        sub,
        "import",
        cmd_import,
        "read another system's file and write a framework (or crosswalk) YAML file",
        "  cecompetency import package.json --from case --lenient -o my-framework.yaml\n"
        "  cecompetency import package.json --from case -o fw.yaml --crosswalk-output cw.yaml\n"
        "  cecompetency import graph.json --from ctdl --id my-framework --version 1 -o fw.yaml\n"
        "  cecompetency import items.csv --from csv --title 'My framework' "
        "--publisher 'My org'\n"
        "  cecompetency import moodle.csv --from moodle --publisher 'My org'\n"
        "  cecompetency import mappings.sssom.tsv --from sssom -o crosswalk.yaml\n",
    )
    p.add_argument("file", metavar="FILE", help="the file to read")
    p.add_argument("--from", dest="source_format", required=True, choices=IMPORTS)
    p.add_argument(
        "--lenient",
        action="store_true",
        help="read what deviates from the format where possible, reporting each deviation",
    )
    p.add_argument("--meta", metavar="FILE", help="YAML with framework fields the file lacks")
    p.add_argument("--title", help="the framework's title (csv, ctdl)")
    p.add_argument(
        "--publisher",
        action="append",
        default=[],
        metavar="NAME",
        help="a publisher's name (csv, moodle, ctdl); repeatable",
    )
    p.add_argument("--status", choices=["draft", "published", "superseded", "retired"])
    p.add_argument("--id", dest="framework_id", help="the framework id (moodle, ctdl)")
    p.add_argument(
        "--version", dest="framework_version", help="the framework version (moodle, ctdl)"
    )
    p.add_argument(
        "--crosswalk-output",
        metavar="FILE",
        help="also write the crosswalk mappings the file states (case, ctdl) to this "
        "crosswalk YAML file, named <framework id>-mappings at the framework's version",
    )
    _output_options(p)

    p = add_command(
        sub,
        "merge",
        cmd_merge,
        "merge crosswalks into one, keeping each mapping's sources; exit 1 on conflicts",
        "  cecompetency merge a.yaml b.sssom.tsv -o merged.yaml\n"
        "  cecompetency merge alliance-ccmep other-ccmep -o merged.sssom.tsv\n",
    )
    p.add_argument(
        "crosswalks",
        nargs="+",
        metavar="CROSSWALK",
        help="crosswalk references or files (.yaml, .sssom.tsv)",
    )
    p.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="FILE",
        help="the merged crosswalk: .yaml, .json, .tsv (SSSOM) or .md (a table)",
    )
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    p.add_argument("--id", dest="merged_id", help="the merged crosswalk's id")
    p.add_argument("--version", dest="merged_version", help="the merged crosswalk's version")
    p.add_argument("--title", help="the merged crosswalk's title")
    add_max_bytes(p)


def _output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", metavar="FILE", help="write here instead of standard output")
    p.add_argument("--force", action="store_true", help="replace an existing output file")
    add_max_bytes(p)


def _report(issues: tuple[Issue, ...] | list[Issue]) -> None:
    for issue in issues:
        print(issue, file=sys.stderr)


# -- loading what the commands name --------------------------------------------------------


def _crosswalk(args: argparse.Namespace, text: str) -> Crosswalk:
    """A crosswalk by reference or file; a file's name may say another format (``.tsv``)."""
    from cecompetency.formats.catalog import crosswalk_format_of_file

    fmt = crosswalk_format_of_file(text)
    if fmt is not None:
        from cecompetency.files.reading import read_input
        from cecompetency.formats.catalog import import_crosswalk

        imported = import_crosswalk(read_input(text, limits(args)), fmt, text, limits=limits(args))
        _report(imported.warnings)
        return imported.value
    return crosswalk_arg(args, text)


def _subject(args: argparse.Namespace, text: str) -> Framework | Crosswalk:
    """What ``export`` was given: a framework or a crosswalk, by reference or by file."""
    from cecompetency.formats.catalog import crosswalk_format_of_file

    if crosswalk_format_of_file(text) is not None:
        return _crosswalk(args, text)
    if looks_like_path(text):
        from cecompetency.files.checks import kind_of_document
        from cecompetency.files.reading import read_input

        raw = read_input(text, limits(args))
        kind = kind_of_document(raw, text, limits(args))
        if kind == "crosswalk":
            return _crosswalk(args, text)
        from cecompetency.files.framework_files import loads

        return loads(raw, text, limits=limits(args))
    from cecompetency.model.errors import NotFoundError

    reg = registry(args)
    try:
        return reg.load(text)
    except NotFoundError:
        if any(ref.framework == text.split("@")[0] for ref in reg.crosswalks()):
            return reg.load_crosswalk(text)
        raise


def _frameworks_for(args: argparse.Namespace, cw: Crosswalk) -> dict[Ref, Framework]:
    """The crosswalk's frameworks that the registry has (for item labels); others skipped."""
    from cecompetency.model.errors import CecompetencyError

    found = {}
    for ref in cw.frameworks:
        try:
            found[ref] = registry(args).load(ref)
        except CecompetencyError:
            continue
    return found


# -- the commands ----------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from cecompetency.model.crosswalk import Crosswalk

    subject = _subject(args, args.ref)
    if isinstance(subject, Crosswalk):
        write_output(args, _export_crosswalk(args, subject))
    else:
        write_output(args, _export_framework(args, subject))
    return EXIT_OK


def _export_crosswalk(args: argparse.Namespace, cw: Crosswalk) -> str:
    if args.format not in CROSSWALK_EXPORTS:
        raise UsageError(
            f"{cw.ref} is a crosswalk; it exports as {', '.join(CROSSWALK_EXPORTS)}. To put its "
            f"mappings in a {args.format} export, export a framework with --crosswalk {cw.ref}"
        )
    from cecompetency.formats.catalog import export_crosswalk

    return export_crosswalk(cw, args.format, frameworks=_frameworks_for(args, cw))


def _export_framework(args: argparse.Namespace, fw: Framework) -> str:
    if args.format not in FRAMEWORK_EXPORTS:
        raise UsageError(
            f"{fw.ref} is a framework; it exports as {', '.join(FRAMEWORK_EXPORTS)} "
            f"({args.format} is for crosswalks)"
        )
    import warnings

    from cecompetency.formats.catalog import export_framework
    from cecompetency.formats.losses import LossyExportWarning

    if args.crosswalk and "crosswalks" not in FRAMEWORK_FORMATS[args.format].options:
        able = ", ".join(
            n for n in FRAMEWORK_EXPORTS if "crosswalks" in FRAMEWORK_FORMATS[n].options
        )
        raise UsageError(
            f"--crosswalk: a {args.format} file cannot carry mappings; these formats can: "
            f"{able} (or export the crosswalk itself: cecompetency export CROSSWALK --format sssom)"
        )
    crosswalks = [_crosswalk(args, text) for text in args.crosswalk]
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", LossyExportWarning)
        text = export_framework(fw, args.format, crosswalks=crosswalks)
    # What the format could not hold, said as the command line says issues (CE680).
    _report([w.message.issue for w in caught if isinstance(w.message, LossyExportWarning)])
    return text


def _metadata(args: argparse.Namespace) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if args.meta:
        from cecompetency.files.reading import read_input
        from cecompetency.files.yaml_reader import read_yaml
        from cecompetency.model.errors import Issue, ValidationError

        loaded = read_yaml(read_input(args.meta, limits(args)), args.meta, limits=limits(args)).data
        if not isinstance(loaded, dict):
            raise ValidationError(
                [
                    Issue(
                        "CE629",
                        "the --meta file must be a YAML mapping of framework fields",
                        args.meta,
                    )
                ]
            )
        data.update(loaded)
    if args.title:
        data["title"] = args.title
    if args.publisher:
        data["publishers"] = [{"name": name} for name in args.publisher]
    if args.status:
        data["status"] = args.status
    if args.framework_id:
        data["id"] = args.framework_id
    if args.framework_version:
        data["version"] = args.framework_version
    return data


def cmd_import(args: argparse.Namespace) -> int:
    from cecompetency.files.framework_files import dumps
    from cecompetency.files.reading import read_input

    fmt, file, lim = args.source_format, args.file, limits(args)
    if args.crosswalk_output and fmt not in MAPPING_IMPORTS:
        raise UsageError(
            f"--crosswalk-output is for files that state mappings beside a framework "
            f"({', '.join(MAPPING_IMPORTS)}); a {fmt} file has none to write"
        )
    raw = read_input(file, lim)
    if fmt in CROSSWALK_IMPORTS:
        from cecompetency.files.crosswalk_codec import dumps_crosswalk
        from cecompetency.formats.catalog import import_crosswalk

        crosswalk = import_crosswalk(raw, fmt, file, lenient=args.lenient, limits=lim)
        _report(crosswalk.warnings)
        write_output(args, dumps_crosswalk(crosswalk.value))
        return EXIT_OK
    from cecompetency.formats.catalog import import_framework

    imported = import_framework(
        raw, fmt, file, metadata=_metadata(args), lenient=args.lenient, limits=lim
    )
    _report(imported.warnings)
    framework = imported.value.framework
    if fmt not in MAPPING_IMPORTS:
        write_output(args, dumps(framework))
        return EXIT_OK
    return _write_with_crosswalk(args, framework, imported.value.crosswalk())


def _write_with_crosswalk(args: argparse.Namespace, framework: Framework, stated: Crosswalk) -> int:
    """Write the framework, and the mappings the file stated if asked; else say they were left.

    The crosswalk is written as the file states it, then checked like any crosswalk file
    (against the imported framework and the registry), so that what the file got wrong
    (contradicting mappings, say) is reported at the written lines, ready to fix.
    """
    import os

    from cecompetency.files.framework_files import dumps

    framework_text = dumps(framework)

    target = args.crosswalk_output
    count = len(stated)
    if not target:
        write_output(args, framework_text)
        if count:
            print(
                f"{args.file}: note: {count} crosswalk mappings in the file were not written; "
                "write them with --crosswalk-output FILE",
                file=sys.stderr,
            )
        return EXIT_OK
    if args.output and os.path.abspath(args.output) == os.path.abspath(target):
        raise UsageError("-o and --crosswalk-output name the same file; give two files")
    # Checked before anything is written: a refusal leaves neither file half done.
    from cecompetency.files.atomic import check_replaceable, write_atomic
    from cecompetency.model.errors import FileExistsRefusal

    for path in (target, args.output) if args.output else (target,):
        try:
            check_replaceable(path, overwrite=args.force)
        except FileExistsRefusal as exc:
            raise exists_error(path, exc) from None
    write_output(args, framework_text)
    from cecompetency.files.crosswalk_codec import dumps_crosswalk

    try:
        write_atomic(target, dumps_crosswalk(stated), overwrite=args.force)
    except FileExistsRefusal as exc:
        raise exists_error(target, exc) from None
    print(f"{target}: {count} crosswalk mappings written as {stated.ref}", file=sys.stderr)
    return _check_written(args, framework, target)


def _check_written(args: argparse.Namespace, framework: Framework, target: str) -> int:
    """Check a written crosswalk; frameworks the registry lacks are a warning, not an error."""
    import attrs

    from cecompetency.files.validation import validate_file
    from cecompetency.model.errors import Severity

    found = registry(args).with_frameworks(framework)  # a copy: the default one is shared
    failed = False
    for issue in validate_file(target, registry=found):
        if issue.code == "CE404":  # the file may map to frameworks kept elsewhere
            issue = attrs.evolve(issue, severity=Severity.WARNING)
        failed = failed or issue.severity is Severity.ERROR
        print(issue, file=sys.stderr)
    return EXIT_INVALID if failed else EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from cecompetency.analysis.merge import merge_crosswalks

    crosswalks = [_crosswalk(args, text) for text in args.crosswalks]
    merged = merge_crosswalks(
        crosswalks, id=args.merged_id, version=args.merged_version, title=args.title
    )
    output = args.output
    from cecompetency.formats.catalog import crosswalk_format_of_file, export_crosswalk

    fmt = crosswalk_format_of_file(output, "writer")
    if fmt is None:
        from cecompetency.files.crosswalk_codec import dumps_crosswalk

        text = dumps_crosswalk(merged.crosswalk)
    else:
        text = export_crosswalk(merged.crosswalk, fmt)
    write_output(args, text)
    _report([conflict.issue(output) for conflict in merged.conflicts])
    print(
        f"{output}: {len(merged.crosswalk)} mappings from {len(crosswalks)} crosswalks, "
        f"{len(merged.conflicts)} conflicts",
        file=sys.stderr,
    )
    return EXIT_INVALID if merged.conflicts else EXIT_OK
