"""Frameworks as the CSV of Moodle's competency framework import tool (tool_lpimportcsv).

Moodle reads the fourteen columns by position, in this order: parentidnumber, idnumber,
shortname, description, descriptionformat, scalevalues, scaleconfiguration, ruletype,
ruleoutcome, ruleconfig, relatedidnumbers, exportid, isframework, taxonomy. The header
row is written with Moodle's own English column titles, as its exporter writes them;
import accepts those titles, the internal names above, or (lenient) any header.

Export (so that a CME office can load a framework into its LMS):

- the first row is the framework: idnumber ``<id>@<version>``, shortname the title,
  description the framework's description, isframework ``1``, and ``taxonomy`` one term
  per level of the tree (at most Moodle's six): a kind that is a Moodle taxonomy term
  stays as it is, ``area`` becomes ``domain``, anything else ``competency``;
- Moodle requires the framework to have a scale with a default value and at least one
  proficient value. A framework with level scales exports its first scale (values the
  level labels, lowest first; default the lowest; proficient the highest); one without
  exports Moodle's default competence scale (``Not yet competent,Competent``; default
  the first, proficient the second), which Moodle matches to the site's own scale;
- then one row per item in document order: parentidnumber the parent's id, idnumber the
  item id, shortname the title, or the statement cut to Moodle's 100 characters at a word
  boundary with ``...``; description the full statement in plain-text format
  (``descriptionformat`` 2) so Moodle shows it exactly as written; ruleoutcome ``0``,
  ruleconfig ``null``, exportid the row's position, isframework empty (what Moodle's own
  export writes for PHP's false).

An idnumber that cannot be an item id (Moodle allows spaces, emoji, any punctuation) is
read as a slug of it, made unique, and kept with the short name, the description as
written (HTML) with its format, the export id and the taxonomy in ``x-moodle``, all
written back on export; so is the framework's own idnumber. The twelve-column layout of
the tool_lpimportcsv plugin (no cross-references or export ids; taxonomy as a JSON
object) is read by its header.

Moodle fields with no place in a framework (rules, related competencies, per-competency
scales, the scale of the framework) are kept on import in ``x-moodle`` extensions and
written back on export. Issues name ``FILE:ROW:COL`` with rows counted as a spreadsheet
counts them.
"""

from __future__ import annotations

import html
import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

from cecompetency.files.codec import FRAMEWORK_FORMAT
from cecompetency.files.issue_cap import Collected
from cecompetency.files.json_reader import read_json
from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits, Position
from cecompetency.formats._build import build_framework
from cecompetency.formats._table import Row, Table, read_table
from cecompetency.formats._tree import TreeWalk, too_deep_message
from cecompetency.formats.csv import table_text
from cecompetency.formats.imported import Imported, capped, warning
from cecompetency.model.errors import FrameworkError, Issue, RefError, Severity, ValidationError
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import ITEM_ID, parse_ref
from cecompetency.text.shortening import quoted
from cecompetency.text.spelling import Speller, did_you_mean

__all__ = [
    "DEFAULT_SCALE",
    "MOODLE_COLUMNS",
    "TAXONOMIES",
    "TITLES",
    "framework_from_moodle",
    "framework_to_moodle",
    "shortname",
]

MOODLE_COLUMNS = (
    "parentidnumber",
    "idnumber",
    "shortname",
    "description",
    "descriptionformat",
    "scalevalues",
    "scaleconfiguration",
    "ruletype",
    "ruleoutcome",
    "ruleconfig",
    "relatedidnumbers",
    "exportid",
    "isframework",
    "taxonomy",
)
# The header Moodle's exporter writes (its English language strings), column by column.
TITLES = (
    "Parent ID number",
    "ID number",
    "Short name",
    "Description",
    "Description format",
    "Scale values",
    "Scale configuration",
    "Rule type (optional)",
    "Rule outcome (optional)",
    "Rule config (optional)",
    "Cross-referenced competency ID numbers",
    "Exported ID (optional)",
    "Is framework",
    "Taxonomy",
)
# Older Moodle releases wrote some titles differently (its own test fixture has these).
_OLD_TITLES = {
    "Parent id number": "parentidnumber",
    "Id number": "idnumber",
    "Shortname": "shortname",
    "Cross referenced competency id numbers": "relatedidnumbers",
    "Exported id (optional)": "exportid",
    # The first layout of the tool_lpimportcsv plugin: twelve columns, no cross-references
    # and no export ids.
    "Rule type": "ruletype",
    "Rule outcome": "ruleoutcome",
    "Rule config": "ruleconfig",
}
TAXONOMIES = (
    "behaviour",
    "competency",
    "concept",
    "domain",
    "indicator",
    "level",
    "outcome",
    "practice",
    "proficiency",
    "skill",
    "value",
)
DEFAULT_SCALE = ("Not yet competent", "Competent")
_MAX_TAXONOMY_LEVELS = 6
_SHORTNAME = 100
_FORMAT_HTML, _FORMAT_MOODLE, _FORMAT_PLAIN, _FORMAT_MARKDOWN = "1", "0", "2", "4"
_ITEM_RE = re.compile(ITEM_ID)


def shortname(text: str) -> str:
    """``text`` fitted to Moodle's 100-character short name: cut at a word, ``...`` added."""
    text = " ".join(text.split())
    if len(text) <= _SHORTNAME:
        return text
    cut = text[: _SHORTNAME - 3]
    space = cut.rfind(" ")
    if space > _SHORTNAME // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + "..."


def _taxonomy(kind: str) -> str:
    if kind in TAXONOMIES:
        return kind
    return "domain" if kind == "area" else "competency"


def _level_kinds(fw: Framework) -> list[str]:
    depth_kinds: dict[int, str] = {}
    for item in fw.walk():
        depth_kinds.setdefault(fw.depth_of(item), item.kind)
    kinds = [fw.kinds[d] if d < len(fw.kinds) else depth_kinds[d] for d in sorted(depth_kinds)]
    return kinds[:_MAX_TAXONOMY_LEVELS]


def _scale(fw: Framework) -> tuple[str, str]:
    kept = fw.extensions.get("x-moodle")
    if isinstance(kept, dict) and isinstance(kept.get("scalevalues"), str):
        return kept["scalevalues"], str(kept.get("scaleconfiguration", ""))
    labels = (
        [lv.label.replace(",", " ") for lv in fw.scales[0].levels]
        if fw.scales
        else list(DEFAULT_SCALE)
    )
    config: list[dict[str, Any]] = [{"scaleid": "0"}]  # the importer sets the real id
    if len(labels) == 1:
        config.append({"id": 1, "scaledefault": 1, "proficient": 1})
    else:
        config.append({"id": 1, "scaledefault": 1, "proficient": 0})
        config.append({"id": len(labels), "scaledefault": 0, "proficient": 1})
    return ",".join(labels), json.dumps(config, separators=(",", ":"))


def _kept(item: Item) -> dict[str, Any]:
    kept = item.extensions.get("x-moodle")
    return kept if isinstance(kept, dict) else {}


def framework_to_moodle(framework: Framework) -> str:
    """The framework as a Moodle competency framework CSV (import it under Site
    administration > Competencies > Import competency framework)."""
    fw = framework
    values, config = _scale(fw)
    top = fw.extensions.get("x-moodle")
    top = top if isinstance(top, dict) else {}
    rows = [
        list(TITLES),
        [
            "",
            str(top.get("idnumber", f"{fw.id}@{fw.version}")),
            str(top.get("shortname", shortname(fw.title))),
            str(top.get("description", fw.description or "")),
            str(top.get("descriptionformat", _FORMAT_PLAIN)),
            values,
            config,
            "",
            "",
            "",
            "",
            "",
            "1",
            str(top.get("taxonomy", ",".join(_taxonomy(kind) for kind in _level_kinds(fw)))),
        ],
    ]
    used = {str(_kept(item).get("exportid")) for item in fw.walk()}
    numbers = (str(n) for n in itertools.count(1) if str(n) not in used)
    for item in fw.walk():
        parent = fw.parent_of(item)
        kept = _kept(item)
        name = item.title if item.title is not None else item.statement or item.id
        rows.append(
            [
                "" if parent is None else str(_kept(parent).get("idnumber", parent.id)),
                str(kept.get("idnumber", item.id)),
                str(kept.get("shortname", shortname(name))),
                str(kept.get("description", item.statement or "")),
                str(kept.get("descriptionformat", _FORMAT_PLAIN)),
                str(kept.get("scalevalues", "")),
                str(kept.get("scaleconfiguration", "")),
                str(kept.get("ruletype", "")),
                str(kept.get("ruleoutcome", "0")),
                str(kept.get("ruleconfig", "null")),
                ",".join(r.replace(",", "%2C") for r in kept.get("relatedidnumbers", [])),
                str(kept["exportid"]) if "exportid" in kept else next(numbers),
                "",
                str(kept.get("taxonomy", "")),
            ]
        )
    return table_text(rows)


# -- import ----------------------------------------------------------------------------------


# One pass over the text, never back: html.parser rescans an unclosed tag at every '<' that
# follows it, so '<a<a<a...' took seconds per cell. A tag is '<', a letter (or '/' and one),
# and everything up to the next '>' that comes before another '<'; a comment ends at '-->'.
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)(?:[\s/][^<>]*)?>|<[!?][^<>]*>")
_BREAKS = frozenset({"br", "p", "div", "li"})


def _plain(text: str, fmt: str) -> str:
    if fmt not in (_FORMAT_HTML, _FORMAT_MOODLE) or "<" not in text:
        return html.unescape(text) if fmt in (_FORMAT_HTML, _FORMAT_MOODLE) else text
    parts: list[str] = []
    index, size = 0, len(text)
    while index < size:
        at = text.find("<", index)
        if at < 0:
            at = size
        if at > index:
            parts.append(html.unescape(text[index:at]))
        if at == size:
            break
        if text.startswith("<!--", at):
            close = text.find("-->", at + 4)
            index = size if close < 0 else close + 3
            continue
        tag = _TAG.match(text, at)
        if tag is None:  # a '<' that opens no tag is text
            parts.append("<")
            index = at + 1
            continue
        if not tag.group(1) and (tag.group(2) or "").lower() in _BREAKS and parts:
            parts.append("\n")
        index = tag.end()
    lines = [
        "".join(line.split()) and " ".join(line.split()) for line in "".join(parts).split("\n")
    ]
    return "\n".join(line for line in lines if line)


def _aliases() -> dict[str, str]:
    out = {title: name for title, name in zip(TITLES, MOODLE_COLUMNS, strict=True)}
    out.update(_OLD_TITLES)
    return out


@capped
def framework_from_moodle(
    source: bytes | str,
    file: str = "<string>",
    *,
    metadata: Mapping[str, Any] | None = None,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[Framework]:
    """Read a Moodle competency framework CSV; raise :class:`FrameworkError` with located issues.

    The framework row gives the title, description and taxonomy; its idnumber gives the
    id and version when it is a reference (``alliance@2008``), else ``metadata`` must.
    ``metadata`` also supplies what Moodle does not hold: at least ``publishers``.
    """
    text = None
    try:
        text = decode(source, file, limits)
        table = read_table(
            text,
            file,
            known=MOODLE_COLUMNS,
            aliases=_aliases(),
            required=("idnumber", "shortname", "isframework"),
            guarded=True,
        )
    except ValidationError as exc:
        if text is None or not lenient or not any(i.code == "CE623" for i in exc.issues):
            raise FrameworkError(exc.issues) from None
        table = _by_position(text, file)
    reader = _Reader(table, lenient, limits)
    data, positions = reader.document(dict(metadata or {}))
    if reader.errors:
        raise FrameworkError(reader.errors.reported(file) + reader.warnings)
    framework = build_framework(
        data, file, lambda _paths: Document(data, file, positions), max_issues=limits.max_issues
    )
    return Imported(framework, tuple(table.warnings) + tuple(reader.warnings))


def _by_position(text: str, file: str) -> Table:
    """Moodle itself reads columns by position: so does lenient import of a foreign header."""
    raw = read_table(text, file, known=(), lenient=True)
    header = raw.header
    if len(header) != len(MOODLE_COLUMNS):
        raise FrameworkError(
            [
                Issue(
                    "CE622",
                    f"the header has {len(header)} columns; Moodle's has {len(MOODLE_COLUMNS)}: "
                    + ", ".join(MOODLE_COLUMNS),
                    file,
                    1,
                    1,
                )
            ]
        )
    renamed = "\n".join([",".join(MOODLE_COLUMNS), text.split("\n", 1)[1] if "\n" in text else ""])
    table = read_table(renamed, file, known=MOODLE_COLUMNS, guarded=True)
    note = Issue(
        "CE623",
        "the header is not Moodle's; the columns are read by position, as Moodle reads them",
        file,
        1,
        1,
        Severity.WARNING,
    )
    return Table(file, header, table.columns, table.rows, (note,))


class _Reader:
    def __init__(self, table: Table, lenient: bool, limits: Limits) -> None:
        self.table, self.lenient, self.limits = table, lenient, limits
        self.errors = Collected(limits.max_issues)
        self.warnings: list[Issue] = []
        self.max_depth = max(1, limits.max_depth // 2 - 1)
        self.used: set[str] = set()  # the item ids given so far

    def fail(
        self,
        code: str,
        message: str,
        row: Row | int,
        column: str | None = None,
        *,
        tolerable: bool = False,
    ) -> None:
        issue = self.table.issue(code, message, row, column)
        if tolerable and self.lenient:
            self.warnings.append(warning(issue))
        else:
            self.errors.append(issue)

    def document(self, metadata: dict[str, Any]) -> tuple[dict[str, Any], dict[KeyPath, Position]]:
        framework_rows = [
            r for r in self.table.rows if r.get("isframework").strip() not in ("", "0")
        ]
        positions: dict[KeyPath, Position] = {(): (1, 1)}
        if len(framework_rows) != 1:
            self.fail(
                "CE660",
                f"expected exactly one framework row (isframework 1); found {len(framework_rows)}",
                framework_rows[1] if framework_rows else 1,
                "isframework",
            )
            return {}, positions
        top = framework_rows[0]
        data = self._framework(top, metadata, positions)
        kinds = _taxonomy_terms(top.get("taxonomy"))
        for term in kinds:
            if term not in TAXONOMIES:
                self.fail(
                    "CE661",
                    f"unknown taxonomy term {term!r}{did_you_mean(term, TAXONOMIES)}",
                    top,
                    "taxonomy",
                    tolerable=True,
                )
        data["items"] = self._items(kinds, positions)
        depth, level = 0, data["items"]
        while level and depth < _MAX_TAXONOMY_LEVELS:
            depth, level = depth + 1, [c for i in level for c in i.get("items", ())]
        written = ",".join(
            _taxonomy(kinds[d] if d < len(kinds) else "competency") for d in range(depth)
        )
        if top.get("taxonomy") != written:
            data.setdefault("x-moodle", {})["taxonomy"] = top.get("taxonomy")
        return data, positions

    def _framework(
        self, top: Row, metadata: dict[str, Any], positions: dict[KeyPath, Position]
    ) -> dict[str, Any]:
        columns = self.table.columns
        idnumber = top.get("idnumber").strip()
        data: dict[str, Any] = {"format": FRAMEWORK_FORMAT}
        try:
            ref = parse_ref(idnumber)
        except RefError:
            ref = None
        if ref is not None and ref.version is not None and ref.item is None:
            data["id"], data["version"] = ref.framework, ref.version
        elif "id" not in metadata or "version" not in metadata:
            self.fail(
                "CE629",
                f"the framework's idnumber {idnumber!r} is not a reference such "
                "as 'alliance@2008'; give the id and version (--id, --version)",
                top,
                "idnumber",
            )
        data["title"] = top.get("shortname").strip() or idnumber
        positions[("title",)] = (top.number, columns.get("shortname", 1))
        data["status"] = "draft"
        description = _plain(top.get("description"), top.get("descriptionformat").strip())
        if description.strip():
            data["description"] = description
            positions[("description",)] = (top.number, columns.get("description", 1))
        scale = {k: top.get(k) for k in ("scalevalues", "scaleconfiguration") if top.get(k)}
        if scale.get("scaleconfiguration"):
            try:  # the one bounded JSON reader: deep nesting is refused, not recursed into
                read_json(scale["scaleconfiguration"], self.table.file, limits=self.limits)
            except ValidationError:
                self.fail(
                    "CE661",
                    "the scale configuration is not JSON",
                    top,
                    "scaleconfiguration",
                    tolerable=True,
                )
        kept: dict[str, Any] = {}
        if scale and scale != dict(
            zip(("scalevalues", "scaleconfiguration"), _default_scale(), strict=True)
        ):
            kept.update(scale)
        data.update({k: v for k, v in metadata.items() if k not in ("format", "items")})
        if idnumber != f"{data.get('id')}@{data.get('version')}":
            kept["idnumber"] = top.get("idnumber")  # Moodle's own, written back as it was
        if shortname(str(data["title"])) != top.get("shortname"):
            kept["shortname"] = top.get("shortname")
        _keep_description(top, str(data.get("description") or ""), kept)
        if kept:
            data["x-moodle"] = kept
        if not data.get("publishers"):
            self.errors.append(
                Issue(
                    "CE629",
                    "Moodle does not record a framework's publisher; "
                    "give it (--publisher NAME or --meta FILE)",
                    self.table.file,
                )
            )
        return data

    def _items(self, kinds: list[str], positions: dict[KeyPath, Position]) -> list[dict[str, Any]]:
        rows = [r for r in self.table.rows if r.get("isframework").strip() in ("", "0")]
        entries: dict[str, tuple[Row, dict[str, Any]]] = {}
        children: dict[str, list[str]] = {}
        for row in rows:
            idnumber = row.get("idnumber").strip()
            name = row.get("shortname").strip()
            if not idnumber or not name:
                self.fail(
                    "CE625",
                    "a competency needs an idnumber and a short name (Moodle "
                    "skips it, and its children)",
                    row,
                    "idnumber" if not idnumber else "shortname",
                    tolerable=True,
                )
                continue
            if idnumber in entries:
                self.fail(
                    "CE626",
                    f"the idnumber {idnumber!r} appears twice (first in row "
                    f"{entries[idnumber][0].number})",
                    row,
                    "idnumber",
                )
                continue
            entries[idnumber] = (row, self._item(row, self._item_id(idnumber), name))
        names = Speller(entries)
        for idnumber, (row, _item) in entries.items():
            parent = row.get("parentidnumber").strip()
            if parent and parent not in entries:
                self.fail(
                    "CE627",
                    f"the parent {quoted(parent)} is not a competency of this file"
                    f"{names.hint(parent)}",
                    row,
                    "parentidnumber",
                    tolerable=True,
                )
                continue
            children.setdefault(parent, []).append(idnumber)
        columns = self.table.columns
        below = {parent or None: ids for parent, ids in children.items()}  # "": the top
        walk: TreeWalk[str] = TreeWalk(below, self.max_depth)
        roots: list[dict[str, Any]] = []
        slots: dict[str | None, tuple[list[dict[str, Any]], KeyPath]] = {None: (roots, ("items",))}
        built: list[tuple[dict[str, Any], list[dict[str, Any]]]] = []
        for step in walk:
            idnumber = step.key
            row, item = entries[idnumber]
            depth = step.level - 1
            item["kind"] = kinds[depth] if depth < len(kinds) else "competency"
            into, path = slots[step.parent]
            here = (*path, step.index)
            positions[here] = (row.number, 1)
            positions[(*here, "id")] = (row.number, columns.get("idnumber", 1))
            positions[(*here, "title")] = (row.number, columns.get("shortname", 1))
            positions[(*here, "statement")] = (row.number, columns.get("description", 1))
            nested: list[dict[str, Any]] = []
            if below.get(idnumber) and step.level < self.max_depth:
                slots[idnumber] = (nested, (*here, "items"))
            built.append((item, nested))
            into.append(item)
        for item, nested in reversed(built):  # children first: each is ordered when placed
            if nested:
                item["items"] = nested
        for lists in slots.values():
            lists[0][:] = [_ordered(item) for item in lists[0]]
        for idnumber in walk.too_deep:
            self.fail("CE605", too_deep_message(idnumber, self.max_depth), entries[idnumber][0])
        linked = [idnumber for ids in children.values() for idnumber in ids]
        for idnumber in walk.in_cycles(linked):
            self.fail(
                "CE628",
                f"the competency {idnumber!r} is its own ancestor (a cycle of parents)",
                entries[idnumber][0],
                "parentidnumber",
            )
        return roots

    def _item_id(self, idnumber: str) -> str:
        """An item id for a Moodle idnumber: itself, or (Moodle allows spaces, emoji and
        any punctuation) a slug of it made unique; the idnumber is kept in ``x-moodle``."""
        used = self.used
        if _ITEM_RE.fullmatch(idnumber) and idnumber not in used:
            used.add(idnumber)
            return idnumber
        slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", idnumber).strip("-._") or "item"
        candidate, number = slug, 1
        while not _ITEM_RE.fullmatch(candidate) or candidate in used:
            number += 1
            candidate = (
                f"{slug}-{number}" if _ITEM_RE.fullmatch(f"{slug}-{number}") else (f"item-{number}")
            )
        used.add(candidate)
        return candidate

    def _item(self, row: Row, item_id: str, name: str) -> dict[str, Any]:
        item: dict[str, Any] = {"id": item_id}
        description = _plain(row.get("description"), row.get("descriptionformat").strip())
        if description.strip() and shortname(description) == name:
            item["statement"] = description  # our own export: the name is the statement cut
        else:
            item["title"] = name
            if description.strip():
                item["statement"] = description
        kept: dict[str, Any] = {}
        for key in ("scalevalues", "scaleconfiguration", "ruletype"):
            if row.get(key).strip():
                kept[key] = row.get(key)
        if row.get("ruleoutcome").strip() not in ("", "0"):
            kept["ruleoutcome"] = row.get("ruleoutcome").strip()
        if row.get("ruleconfig").strip() not in ("", "null"):
            kept["ruleconfig"] = row.get("ruleconfig")
        related = [r.replace("%2C", ",") for r in row.get("relatedidnumbers").split(",") if r]
        if related:
            kept["relatedidnumbers"] = related
        if row.get("exportid").strip():
            kept["exportid"] = row.get("exportid")  # rules refer to competencies by it
        if row.get("taxonomy"):
            kept["taxonomy"] = row.get("taxonomy")
        if row.get("idnumber") != item_id:
            kept["idnumber"] = row.get("idnumber")
        written = item.get("title") if "title" in item else item.get("statement", "")
        if shortname(str(written)) != row.get("shortname"):
            kept["shortname"] = row.get("shortname")
        _keep_description(row, str(item.get("statement", "")), kept)
        if kept:
            item["x-moodle"] = kept
        return item


def _keep_description(row: Row, read: str, kept: dict[str, Any]) -> None:
    """Keep a description as written (HTML, Moodle or Markdown text) when the plain text
    read from it is not what it says, and its format when that is not plain text."""
    if row.get("description") != read:
        kept["description"] = row.get("description")
    if row.get("descriptionformat") != _FORMAT_PLAIN:
        kept["descriptionformat"] = row.get("descriptionformat")


def _taxonomy_terms(text: str) -> list[str]:
    """Taxonomy terms by level: ``domain,competency`` as Moodle writes them, or the JSON
    object (``{"1": "domain", ...}``) of the tool_lpimportcsv plugin's first layout."""
    if text.strip().startswith("{"):
        try:
            levels = read_json(text).data
        except ValidationError:
            levels = None
        if isinstance(levels, dict):
            pairs = [(k, v) for k, v in levels.items() if str(k).isdigit() and isinstance(v, str)]
            return [v.strip() for _k, v in sorted(pairs, key=lambda p: int(p[0]))]
    return [k.strip() for k in text.split(",") if k.strip()]


def _default_scale() -> tuple[str, str]:
    config = [
        {"scaleid": "0"},
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 1},
    ]
    return ",".join(DEFAULT_SCALE), json.dumps(config, separators=(",", ":"))


def _ordered(item: dict[str, Any]) -> dict[str, Any]:
    order = ("id", "kind", "title", "statement")
    out = {key: item[key] for key in order if key in item}
    out.update({k: v for k, v in item.items() if k not in out and k != "items"})
    if "items" in item:
        out["items"] = item["items"]
    return out
