"""The classes of hostile input, made for every reader, and what a reader may do with them.

Each attack class is one way a file was once made to crash a reader, hang it or flood
its output: huge numbers, lone surrogates, deep nesting, quadratic HTML, long digit runs,
many unknown references, huge values quoted in messages. :func:`attack` makes an input of
a class for a reader, sized by ``n``, mostly by putting the payload in place of a value of
a small sample exported in the reader's format. The allowed outcomes (:func:`check_attack`)
are a value, or the library's error whose issues are well formed and bounded in number
and length. The inputs at their full size are kept in ``tests/corpus/attacks/`` and
replayed in every run; to make them again: ``python tests/attacks.py``.
"""

from __future__ import annotations

import functools
import json
import re
import sys
import warnings
from collections.abc import Callable
from pathlib import Path

from samples import assert_well_formed

from cecompetency.files.crosswalk_codec import dumps_crosswalk
from cecompetency.files.crosswalk_files import loads_crosswalk
from cecompetency.files.framework_files import dumps, loads
from cecompetency.files.registry import load_crosswalk
from cecompetency.files.yaml_reader import DEFAULT_LIMITS
from cecompetency.formats.catalog import (
    export_crosswalk,
    export_framework,
    import_crosswalk,
    import_framework,
)
from cecompetency.model.errors import ValidationError
from cecompetency.text.shortening import MAX_MESSAGE

ATTACKS_DIR = Path(__file__).resolve().parent / "corpus" / "attacks"
CLASSES = (
    "huge-number",
    "lone-surrogate",
    "deep-nesting",
    "quadratic-html",
    "long-digit-runs",
    "many-unknown-refs",
    "huge-value",
)
# The size of each class's payload in the kept corpus (a fuzz run draws smaller ones).
FULL = {
    "huge-number": 5000,
    "lone-surrogate": 1,
    "deep-nesting": 20_000,  # past every depth limit, and Python's recursion limit
    "quadratic-html": 20_000,
    "long-digit-runs": 5001,  # past the 4,300 digits int() accepts
    "many-unknown-refs": 1500,  # past the 1,000-issue cap
    "huge-value": 100_000,
}
META = {"title": "T", "publishers": [{"name": "P"}], "id": "demo", "version": "1.0"}
SAMPLE = """\
format: cecompetency/1
id: demo
version: "1.0"
title: Demo
status: published
publishers:
  - name: Demo Org
kinds: [area, competency]
items:
  - id: "1"
    title: Planning
    weight: 37.5
    items:
      - id: "1.1"
        statement: Plan activities.
  - id: "2"
    title: Review
    weight: 62.5
"""
TEXT = "Plan activities."


def _import(fmt: str) -> Callable[[bytes, str], object]:
    return lambda raw, file: import_framework(raw, fmt, file, metadata=META)


READERS: dict[str, tuple[str, Callable[[bytes, str], object]]] = {
    # reader: (file suffix, read)
    "yaml-framework": (".yaml", lambda raw, file: loads(raw, file)),
    "yaml-crosswalk": (".yaml", lambda raw, file: loads_crosswalk(raw, file)),
    "json": (".json", _import("json")),
    "csv": (".csv", _import("csv")),
    "moodle": (".csv", _import("moodle")),
    "case": (".json", _import("case")),
    "ctdl": (".json", _import("ctdl")),
    "skos": (".ttl", _import("skos")),
    "sssom": (".sssom.tsv", lambda raw, file: import_crosswalk(raw, "sssom", file)),
}


@functools.cache
def sample(reader: str) -> str:
    """A small valid input of the reader's format, with the values attacks replace."""
    framework = loads(SAMPLE, "sample.yaml")
    if reader == "yaml-framework":
        return dumps(framework)
    if reader in ("yaml-crosswalk", "sssom"):
        crosswalk = load_crosswalk("alliance-ccmep@1.0")
        text = (
            dumps_crosswalk(crosswalk)
            if reader == "yaml-crosswalk"
            else (export_crosswalk(crosswalk, "sssom"))
        )
        return text
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return export_framework(framework, reader)


def _json_string(reader: str) -> bool:
    return reader in ("json", "case", "ctdl")


def attack(reader: str, kind: str, n: int | None = None) -> bytes:
    """An input of attack class ``kind`` for ``reader``, its payload of size ``n``."""
    size = FULL[kind] if n is None else n
    made = _MAKERS[kind](reader, size, sample(reader))
    return made if isinstance(made, bytes) else made.encode("utf-8", "surrogatepass")


def _huge_number(reader: str, n: int, text: str) -> str:
    digits = "1" + "0" * n
    if reader == "yaml-framework":
        return text.replace("37.5", "1" + ":59" * (n // 3 + 1), 1)
    if reader in ("yaml-crosswalk",):
        return text.replace("0.8", digits + ".5", 1)
    if reader == "sssom":
        return text.replace("\t0.8\t", "\t1e309\t", 1).replace("\t0.9\t", f"\t{digits}\t", 1)
    if reader == "csv":
        return text.replace("37.5", "1e309").replace("62.5", digits)
    if reader == "moodle":
        return text.replace('""scaleid"":""0""', f'""scaleid"":{digits}', 1)
    if reader == "skos":
        return text.replace(
            'skos:notation "2"',
            f'skos:notation "{digits}e309"^^<http://www.w3.org/2001/XMLSchema#double>',
        )
    return text.replace("37.5", digits).replace("62.5", "1e309")


def _lone_surrogate(reader: str, n: int, text: str) -> str | bytes:
    if _json_string(reader) or reader == "skos":
        return text.replace(TEXT, "\\ud800" * n).replace("Demo Org", "\\udfff", 1)
    if reader.startswith("yaml"):
        replaced = text.replace(TEXT, '"\\ud800"').replace(
            "- cecompetency project", '- "\\udc00"', 1
        )
        return replaced
    raw = text.replace(TEXT, "@SURROGATE@").replace("cecompetency project", "@SURROGATE@", 1)
    return raw.encode().replace(b"@SURROGATE@", b"\xed\xa0\x80" * n)


def _deep_nesting(reader: str, n: int, text: str) -> str:
    deep = "[" * n + "]" * n
    if _json_string(reader):
        return text.replace(json.dumps(TEXT), deep, 1)
    if reader.startswith("yaml"):
        return text.replace(TEXT, deep, 1).replace("cecompetency project", deep, 1)
    if reader == "csv":  # a parent chain as deep as the payload allows
        depth = min(n, 3000)
        rows = "".join(
            f"demo@1.0:d{i},{f'demo@1.0:d{i - 1}' if i else ''},area,D,,\n" for i in range(depth)
        )
        return text + rows
    if reader == "moodle":
        return text.replace('"[{""scaleid""', '"' + "[" * n + '{""scaleid""', 1)
    if reader == "skos":
        return text.replace('skos:prefLabel "Review"', "skos:related " + "( " * n + ")" * n, 1)
    header, body = text.split("subject_id\t", 1)
    columns, rows = body.split("\n", 1)
    first = rows.split("\n", 1)[0]
    return f"{header}subject_id\t{columns}\tcecompetency_extensions\n{first}\t{'[' * n}\n"


def _quadratic_html(reader: str, n: int, text: str) -> str:
    cell = "<a" * n
    if reader == "moodle":
        return text.replace(f"{TEXT},{TEXT},2,", f"{TEXT},{cell},1,", 1)
    if reader in ("yaml-crosswalk", "sssom"):
        return text.replace("Same subject", cell, 1)
    return text.replace(TEXT, cell)


def _long_digit_runs(reader: str, n: int, text: str) -> str:
    version, item = "1" + "0" * n, "1." + "9" * n
    if reader in ("yaml-crosswalk", "sssom"):
        return (
            text.replace("alliance@2008:1.1", f"alliance@2008:{item}")
            .replace("alliance_2008:1.1", f"alliance_2008:{item}")
            .replace("'1.0'", f"'{version}'", 1)
        )
    kept = text.replace('"caseVersion": "1.1"', "@CASE@")
    kept = re.sub(r"(?<![\d.])1\.1(?![\d])", item, kept).replace("1.0", version)
    return kept.replace("@CASE@", '"caseVersion": "1.1"')


def _many_unknown_refs(reader: str, n: int, text: str) -> str:
    if reader == "yaml-framework":
        roles = "".join(f"  - id: role{i:05d}\n    title: R\n" for i in range(n))
        used = ", ".join(f"rolx{i:05d}" for i in range(n))
        matrix = (
            f"roles:\n{roles}scales:\n  - id: s\n    title: S\n    levels:\n      - id: a\n"
            f"        label: A\nmatrices:\n  - id: m\n    title: M\n    status: draft\n"
            f"    scale: s\n    roles: [{used}]\n"
        )
        return text.replace("items:\n", matrix + "items:\n", 1)
    if reader == "yaml-crosswalk":
        mapping = (
            "- subject: alliance@2008:x{0}\n  relation: close\n  object: nccme-ccmep@2008:y{0}\n"
        )
        return text + "".join(mapping.format(i) for i in range(n))
    if reader == "json":
        data = json.loads(text)
        data["items"][0].update({f"unknown{i:05d}": 1 for i in range(n)})
        return json.dumps(data)
    if reader == "csv":
        return text + "".join(f"demo@1.0:i{i},demo@1.0:p{i},competency,,S,\n" for i in range(n))
    if reader == "moodle":
        return text + "".join(f"p{i},i{i},N{i},D,2,,,,0,null,,,,\n" for i in range(n))
    if reader == "case":
        data = json.loads(text)
        data["CFAssociations"] = [
            {
                "identifier": f"00000000-0000-4000-8000-{i:012d}",
                "associationType": "isChildOf",
                "originNodeURI": {"title": "x", "identifier": f"o-{i}", "uri": f"urn:o:{i}"},
                "destinationNodeURI": {"title": "y", "identifier": f"d-{i}", "uri": f"urn:d:{i}"},
                "lastChangeDateTime": "2026-01-01T00:00:00+00:00",
            }
            for i in range(n)
        ]
        return json.dumps(data)
    if reader == "ctdl":
        data = json.loads(text)
        for node in data["@graph"][1:]:
            node["ceasn:isChildOf"] = [f"https://example.org/unknown/{i}" for i in range(n)]
        return json.dumps(data)
    if reader == "skos":
        broader = ", ".join(f"<https://example.org/unknown/{i}>" for i in range(n))
        return text.replace(
            'skos:prefLabel "Review"', f'skos:prefLabel "Review" ; skos:broader {broader}', 1
        )
    header, body = text.split("subject_id\t", 1)
    columns = body.split("\n", 1)[0]
    prefixes = "".join(f"#  pre{i}: https://example.org/p{i}/\n" for i in range(n))
    width = columns.count("\t")
    rows = "".join(
        f"unk{i}:1\t"
        + "\t".join(["skos:closeMatch" if c == 1 else "" for c in range(1, width + 1)])
        + "\n"
        for i in range(n)
    )
    return (
        header.replace("#curie_map:\n", "#curie_map:\n" + prefixes, 1)
        + "subject_id\t"
        + columns
        + "\n"
        + rows
    )


def _huge_value(reader: str, n: int, text: str) -> str:
    huge = "x" * n
    if reader == "yaml-framework":
        return text.replace("status: published", f"status: {huge}", 1)
    if reader == "yaml-crosswalk":
        return text.replace("relation: close", f"relation: {huge}", 1)
    if reader == "sssom":
        return text.replace("skos:closeMatch", f"skos:{huge}", 1)
    if reader == "moodle":
        return text.replace('"domain,competency"', f'"domain,{huge}"', 1)
    if reader == "skos":
        return text.replace('skos:notation "1.1"', f'skos:notation "{huge} {huge}"', 1)
    if reader == "csv":
        return text.replace("37.5", huge).replace(",area,", f",{huge},", 1)
    return text.replace("37.5", json.dumps(huge))


_MAKERS: dict[str, Callable[[str, int, str], str | bytes]] = {
    "huge-number": _huge_number,
    "lone-surrogate": _lone_surrogate,
    "deep-nesting": _deep_nesting,
    "quadratic-html": _quadratic_html,
    "long-digit-runs": _long_digit_runs,
    "many-unknown-refs": _many_unknown_refs,
    "huge-value": _huge_value,
}


def file_name(reader: str, kind: str) -> str:
    return f"{reader}--{kind}{READERS[reader][0]}"


def check_attack(reader: str, raw: bytes, file: str) -> str:
    """Read ``raw``; only a value or the library's bounded, located error may come out."""
    read = READERS[reader][1]
    try:
        result = read(raw, file)
    except ValidationError as error:
        issues = error.issues
        assert_well_formed(issues, file)
        assert len(issues) <= DEFAULT_LIMITS.max_issues + 1, len(issues)
        longest = max(len(issue.message) for issue in issues)
        assert longest <= MAX_MESSAGE, longest
        return f"error {issues[0].code}"
    warned = getattr(result, "warnings", ())
    assert len(warned) <= DEFAULT_LIMITS.max_issues + 1
    assert all(len(w.message) <= MAX_MESSAGE for w in warned)
    return "a value"


def write_corpus() -> None:
    ATTACKS_DIR.mkdir(parents=True, exist_ok=True)
    for reader in READERS:
        for kind in CLASSES:
            (ATTACKS_DIR / file_name(reader, kind)).write_bytes(attack(reader, kind))


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    write_corpus()
    print(f"wrote {len(READERS) * len(CLASSES)} inputs to {ATTACKS_DIR}")
