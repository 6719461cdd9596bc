"""Crosswalks as SSSOM TSV (Simple Standard for Sharing Ontological Mappings), both ways.

The file is a ``#``-prefixed YAML header (the mapping set's metadata), then a TSV table
of mappings. Mapping-set metadata: ``curie_map`` (one prefix per framework version, see
below), ``mapping_set_id`` (the crosswalk's URI, :mod:`.identifiers`),
``mapping_set_version``, ``mapping_set_title``, ``mapping_set_description``,
``creator_label``, ``license`` (a URI: ``CC-BY-4.0`` style SPDX ids become
``https://spdx.org/licenses/<id>.html``, no license becomes SSSOM's
``https://w3id.org/sssom/license/unspecified``), ``publication_date``.

Columns: ``subject_id``, ``subject_label``, ``predicate_id`` (``skos:exactMatch``, ...),
``predicate_modifier`` (``Not`` for a negated mapping), ``object_id``, ``object_label``,
``mapping_justification`` (a ``semapv:`` term), ``author_label``, ``confidence``,
``mapping_date``, ``comment``; optional columns appear only when a mapping uses them.

CURIEs: each framework version gets the prefix ``<id>_<version>`` with every character
other than a letter, digit or ``_`` written ``_`` (``alliance_2008``,
``nccme_ccmep_2008``), expanding to the framework's URI plus ``/``; the local part is the
item id, percent-encoded where a URI needs it. The ``curie_map`` lists the crosswalk's
frameworks in its order, then the crosswalk's own ``prefixes``; import reads frameworks
back from the expansions, so their prefixes may be renamed freely.

External concepts: on import, a subject or object whose CURIE prefix the ``curie_map``
declares but whose expansion names no framework (an ontology, ESCO, another CASE
document), or that is written as a full ``http``, ``https`` or ``urn`` URI, is an
:class:`~cecompetency.model.external.ExternalConcept`, labelled by ``subject_label`` or
``object_label``; every such ``curie_map`` entry becomes one of the crosswalk's
``prefixes``. Export writes them back as they were, so a set between two ontologies
round-trips. ``x-`` extensions (of the set and of each mapping) travel as
compact JSON in an SSSOM extension slot, ``cecompetency_extensions``, declared under
``extension_definitions``. Rows are in the crosswalk's order, which is canonical.

Issues name ``FILE:LINE:COL`` (a line of the file, header or table).
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import math
import re
from collections.abc import Iterable
from collections.abc import Mapping as MappingABC
from typing import Any
from urllib.parse import quote, unquote

import attrs

from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits, read_yaml
from cecompetency.formats._table import Row, Table, read_table
from cecompetency.formats.identifiers import (
    BASE_URI,
    crosswalk_uri,
    framework_uri,
    parse_crosswalk_uri,
    parse_uri,
)
from cecompetency.formats.imported import Imported
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd
from cecompetency.model.errors import CrosswalkError, Issue, ModelError, Severity, ValidationError
from cecompetency.model.external import PREFIX, URI, ExternalConcept, is_uri
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref
from cecompetency.model.relations import RELATIONS
from cecompetency.text.spelling import did_you_mean

__all__ = ["SSSOM_COLUMNS", "crosswalk_from_sssom", "crosswalk_to_sssom", "prefix_of"]

SSSOM_COLUMNS = (
    "subject_id",
    "subject_label",
    "predicate_id",
    "predicate_modifier",
    "object_id",
    "object_label",
    "mapping_justification",
    "author_id",
    "author_label",
    "confidence",
    "mapping_date",
    "comment",
    "cecompetency_extensions",
)
_REQUIRED = ("subject_id", "predicate_id", "object_id", "mapping_justification")
EXTENSION_SLOT = "cecompetency_extensions"
_EXTENSION_PROPERTY = "https://w3id.org/cecompetency/extensions"
UNSPECIFIED_LICENSE = "https://w3id.org/sssom/license/unspecified"
_SPDX = "https://spdx.org/licenses/"
_PREDICATES = {info.skos: relation for relation, info in RELATIONS.items()}
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_PREFIX = re.compile(PREFIX)
_URI = re.compile(URI)
_KNOWN_SET_KEYS = {
    "curie_map",
    "mapping_set_id",
    "mapping_set_version",
    "mapping_set_title",
    "mapping_set_description",
    "creator_label",
    "creator_id",
    "license",
    "publication_date",
    "extension_definitions",
    EXTENSION_SLOT,
    "sssom_version",
}


def prefix_of(ref: Ref) -> str:
    """The CURIE prefix of a framework version: ``alliance@2008`` -> ``alliance_2008``."""
    prefix = re.sub(r"[^A-Za-z0-9_]", "_", f"{ref.framework}_{ref.version}")
    return prefix if prefix[0].isalpha() else "f_" + prefix


def _prefixes(frameworks: Iterable[Ref], taken: Iterable[str] = ()) -> dict[Ref, str]:
    """A prefix for each framework version, none of them one of ``taken``."""
    out: dict[Ref, str] = {}
    used: set[str] = set(taken)
    for ref in frameworks:
        prefix, n = prefix_of(ref), 2
        while prefix in used:  # two versions whose names differ only in punctuation
            prefix, n = f"{prefix_of(ref)}_{n}", n + 1
        used.add(prefix)
        out[ref] = prefix
    return out


def _license_uri(license: str | None) -> str:
    if license is None:
        return UNSPECIFIED_LICENSE
    if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9.+-]*", license) and any(c.isdigit() for c in license):
        return f"{_SPDX}{license}.html"
    if re.match(r"[a-z][a-z0-9+.-]*://", license):
        return license
    return UNSPECIFIED_LICENSE


def _license_text(uri: str) -> str | None:
    if uri == UNSPECIFIED_LICENSE:
        return None
    match = re.fullmatch(re.escape(_SPDX) + r"([A-Za-z0-9.+-]+)\.html", uri)
    return match[1] if match else uri


def _number(value: float) -> str:
    return repr(float(value))


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _yaml_header(data: dict[str, Any]) -> str:
    from cecompetency.files.yaml_writer import dump_yaml

    return "".join("#" + line + "\n" for line in dump_yaml(data).splitlines())


def crosswalk_to_sssom(
    crosswalk: Crosswalk,
    *,
    frameworks: MappingABC[Ref, Framework] | None = None,
    base: str = BASE_URI,
) -> str:
    """The crosswalk as SSSOM TSV text. ``frameworks`` (by version) supply item labels."""
    cw = crosswalk
    refs = list(cw.frameworks)
    for mapping in cw.mappings:  # a model built by hand may not list every framework
        for end in (mapping.subject, mapping.object):
            if isinstance(end, Ref) and end.framework_ref not in refs:
                refs.append(end.framework_ref)
    prefixes = _prefixes(refs, taken=cw.prefixes)
    curie_map = {prefixes[ref]: framework_uri(ref, base) + "/" for ref in refs}
    curie_map.update(cw.prefixes)
    header: dict[str, Any] = {
        "curie_map": curie_map,
        "mapping_set_id": crosswalk_uri(cw.ref, base),
        "mapping_set_version": cw.version,
        "mapping_set_title": cw.title,
    }
    if cw.description is not None:
        header["mapping_set_description"] = cw.description
    if cw.creators:
        header["creator_label"] = list(cw.creators)
    header["license"] = _license_uri(cw.license)
    if cw.date is not None:
        header["publication_date"] = cw.date.isoformat()
    kept = dict(cw.extensions)
    if cw.license is not None and _license_text(_license_uri(cw.license)) != cw.license:
        kept["x-license"] = cw.license  # free text that no license URI names
    uses_extensions = bool(kept) or any(m.extensions for m in cw.mappings)
    if uses_extensions:
        header["extension_definitions"] = [
            {
                "slot_name": EXTENSION_SLOT,
                "property": _EXTENSION_PROPERTY,
                "type_hint": "xsd:string",
            }
        ]
    if kept:
        header[EXTENSION_SLOT] = _compact(kept)

    def curie(ref: MappingEnd) -> str:
        if isinstance(ref, ExternalConcept):
            return ref.id
        return f"{prefixes[ref.framework_ref]}:{quote(ref.item or '', safe=':@!$&()*+,;=-._~')}"

    def label(ref: MappingEnd) -> str:
        if isinstance(ref, ExternalConcept):
            return ref.label or ""
        fw = frameworks.get(ref.framework_ref) if frameworks else None
        item = fw.get(ref.item or "") if fw is not None else None
        return "" if item is None else item.label

    rows = []
    for m in cw.mappings:
        rows.append(
            {
                "subject_id": curie(m.subject),
                "subject_label": label(m.subject),
                "predicate_id": m.relation.skos,
                "predicate_modifier": "Not" if m.negated else "",
                "object_id": curie(m.object),
                "object_label": label(m.object),
                "mapping_justification": m.justification.value,
                "author_label": m.author or "",
                "confidence": "" if m.confidence is None else _number(m.confidence),
                "mapping_date": "" if m.date is None else m.date.isoformat(),
                "comment": m.comment or "",
                EXTENSION_SLOT: _compact(dict(m.extensions)) if m.extensions else "",
            }
        )
    columns = [c for c in SSSOM_COLUMNS if c in _REQUIRED or any(row.get(c) for row in rows)]
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    return _yaml_header(header) + out.getvalue()


# -- import ----------------------------------------------------------------------------------


def crosswalk_from_sssom(
    source: bytes | str,
    file: str = "<string>",
    *,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
    base: str = BASE_URI,
) -> Imported[Crosswalk]:
    """Read an SSSOM TSV file as a crosswalk; raise :class:`CrosswalkError` with located issues.

    Subjects and objects are items of cecompetency frameworks (CURIEs whose prefix
    expands to a framework URI), or external concepts (CURIEs of any other prefix the
    ``curie_map`` declares, or full URIs). With ``lenient``, unknown columns and rows that
    cannot be read are skipped with a warning.
    """
    try:
        text = decode(source, file, limits)
    except ValidationError as exc:
        raise CrosswalkError(exc.issues) from None
    lines = text.split("\n")
    count = 0
    while count < len(lines) and lines[count].startswith("#"):
        count += 1
    header_text = "\n".join(line[1:] for line in lines[:count])
    reader = _Reader(file, lenient, base)
    meta = reader.metadata(header_text, limits)
    table_text = "\n".join(lines[count:])
    try:
        table = read_table(
            table_text,
            file,
            known=SSSOM_COLUMNS,
            required=_REQUIRED,
            delimiter="\t",
            lenient=lenient,
            count_lines=True,
            first=count + 1,
        )
    except ValidationError as exc:
        raise CrosswalkError(reader.issues + list(exc.issues)) from None
    reader.warnings.extend(table.warnings)
    mappings = reader.mappings(table)
    errors = [i for i in reader.issues if i.severity is Severity.ERROR]
    if errors:
        raise CrosswalkError(reader.issues + reader.warnings)
    try:
        crosswalk = Crosswalk(mappings=tuple(mappings), **meta)
    except (ModelError, ValueError) as exc:
        raise CrosswalkError([Issue("CE640", str(exc), file)]) from None
    return Imported(crosswalk, tuple(reader.warnings))


class _Reader:
    def __init__(self, file: str, lenient: bool, base: str) -> None:
        self.file, self.lenient, self.base = file, lenient, base
        self.issues: list[Issue] = []
        self.warnings: list[Issue] = []
        self.prefixes: dict[str, Ref] = {}
        self.external: dict[str, str] = {}  # the other prefixes of the curie_map
        self.cache: dict[tuple[str, str], MappingEnd | None] = {}
        self.source: str | None = None

    def fail(self, issue: Issue, *, tolerable: bool = False) -> None:
        if tolerable and self.lenient:
            self.warnings.append(attrs.evolve(issue, severity=Severity.WARNING))
        else:
            self.issues.append(issue)

    def metadata(self, header: str, limits: Limits) -> dict[str, Any]:
        data: Any = {}
        if header.strip():
            try:
                document = read_yaml(header, self.file, track=False, limits=limits)
                data = document.data
            except ValidationError as exc:
                # The header's lines are the file's lines; its columns are one further right.
                raise CrosswalkError(
                    [
                        attrs.evolve(i, column=(i.column or 0) + 1 if i.line else None)
                        for i in exc.issues
                    ]
                ) from None
        if not isinstance(data, dict):
            raise CrosswalkError(
                [
                    Issue(
                        "CE640",
                        "the '#' header must be a YAML mapping of metadata",
                        self.file,
                        1,
                        1,
                    )
                ]
            )

        curie_map = data.get("curie_map") or {}
        if not isinstance(curie_map, dict):
            self.fail(Issue("CE640", "curie_map must be a mapping of prefixes", self.file, 1, 1))
            curie_map = {}
        frameworks: list[Ref] = []
        for prefix, expansion in curie_map.items():
            ref = parse_uri(str(expansion).rstrip("/"), self.base) if expansion else None
            if ref is not None and ref.item is None and ref.version is not None:
                self.prefixes[str(prefix)] = ref
                frameworks.append(ref)
            elif (
                isinstance(prefix, str)
                and isinstance(expansion, str)
                and _PREFIX.fullmatch(prefix)
                and _URI.fullmatch(expansion)
            ):
                self.external[prefix] = expansion
            else:
                self.fail(
                    Issue(
                        "CE640",
                        f"curie_map entry {prefix!r}: {expansion!r} is not a CURIE prefix "
                        "and the URI it stands for",
                        self.file,
                        1,
                        1,
                    )
                )
        set_id = data.get("mapping_set_id")
        crosswalk = parse_crosswalk_uri(set_id, self.base) if isinstance(set_id, str) else None
        if not isinstance(set_id, str):
            self.fail(
                Issue(
                    "CE640", "the header has no mapping_set_id (required by SSSOM)", self.file, 1, 1
                )
            )
        license_uri = data.get("license")
        if not isinstance(license_uri, str):
            self.fail(
                Issue(
                    "CE640",
                    "the header has no license (required by SSSOM; use "
                    f"{UNSPECIFIED_LICENSE} when unknown)",
                    self.file,
                    1,
                    1,
                ),
                tolerable=True,
            )
            license_uri = UNSPECIFIED_LICENSE
        version = data.get("mapping_set_version")
        if crosswalk is not None:
            cw_id, cw_version = crosswalk.framework, str(version or crosswalk.version)
        else:
            tail = str(set_id or "crosswalk").rstrip("/").rsplit("/", 1)[-1]
            cw_id = re.sub(r"[^A-Za-z0-9_-]+", "-", tail).strip("-_") or "crosswalk"
            cw_version = str(version or "1")
        extensions: dict[str, Any] = {}
        raw = data.get(EXTENSION_SLOT)
        if isinstance(raw, str):
            extensions = self._json(raw, Issue("CE643", "", self.file, 1, 1)) or {}
        license_text = extensions.pop("x-license", None) or _license_text(license_uri)
        creators = data.get("creator_label") or ()
        date = data.get("publication_date")
        meta: dict[str, Any] = {
            "id": cw_id,
            "version": cw_version,
            "title": str(data.get("mapping_set_title") or set_id or cw_id),
            "frameworks": tuple(frameworks),
            "description": data.get("mapping_set_description"),
            "license": license_text,
            "creators": tuple(str(c) for c in creators)
            if isinstance(creators, list | tuple)
            else (str(creators),),
            "date": self._date(date, Issue("CE643", "", self.file, 1, 1)) if date else None,
            "extensions": extensions,
            "prefixes": self.external,
        }
        self.source = f"{cw_id}@{cw_version}"
        return meta

    def _json(self, text: str, at: Issue) -> dict[str, Any] | None:
        try:
            value = json.loads(text)
        except ValueError:
            value = None
        if not isinstance(value, dict) or not all(str(k).startswith("x-") for k in value):
            self.fail(
                attrs.evolve(at, message=f"{EXTENSION_SLOT} must be a JSON object of 'x-' keys"),
                tolerable=True,
            )
            return None
        return value

    def _date(self, value: Any, at: Issue) -> datetime.date | None:
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            self.fail(
                attrs.evolve(at, message=f"{value!r} is not a date written YYYY-MM-DD"),
                tolerable=True,
            )
            return None

    def ref(self, curie: str, label: str, table: Table, row: Row, column: str) -> MappingEnd | None:
        """The item or external concept a subject_id or object_id names (and labels)."""
        key = (curie, label)
        if key in self.cache:
            return self.cache[key]
        ref: MappingEnd | None = None
        prefix, sep, local = curie.partition(":")
        if sep and prefix not in self.prefixes and (prefix in self.external or is_uri(curie)):
            try:
                ref = ExternalConcept(curie, label if label.strip() else None)
            except ModelError as exc:
                self.fail(table.issue("CE642", str(exc), row, column), tolerable=True)
        elif not sep or prefix not in self.prefixes:
            known = [*self.prefixes, *self.external]
            hint = did_you_mean(prefix, known) if sep else ""
            self.fail(
                table.issue(
                    "CE642",
                    f"{curie!r} is not a CURIE whose prefix the curie_map declares{hint}; "
                    f"known prefixes: {', '.join(known) or 'none'}",
                    row,
                    column,
                ),
                tolerable=True,
            )
        else:
            try:
                ref = self.prefixes[prefix].with_item(unquote(local))
            except ValueError:
                self.fail(
                    table.issue("CE642", f"{local!r} is not an item id", row, column),
                    tolerable=True,
                )
        self.cache[key] = ref
        return ref

    def mappings(self, table: Table) -> list[Mapping]:
        out: list[Mapping] = []
        for row in table.rows:
            c = row.cells
            subject = self.ref(
                c["subject_id"], c.get("subject_label", ""), table, row, "subject_id"
            )
            obj = self.ref(c["object_id"], c.get("object_label", ""), table, row, "object_id")
            predicate = c["predicate_id"]
            relation = _PREDICATES.get(predicate)
            if relation is None and predicate.startswith(_SKOS):
                relation = _PREDICATES.get("skos:" + predicate[len(_SKOS) :])
            if relation is None:
                self.fail(
                    table.issue(
                        "CE641",
                        f"unknown predicate {predicate!r}"
                        f"{did_you_mean(predicate, _PREDICATES)}; expected one of "
                        + ", ".join(_PREDICATES),
                        row,
                        "predicate_id",
                    ),
                    tolerable=True,
                )
            modifier = c.get("predicate_modifier", "")
            if modifier not in ("", "Not"):
                self.fail(
                    table.issue(
                        "CE643",
                        f"predicate_modifier must be 'Not' or empty, not {modifier!r}",
                        row,
                        "predicate_modifier",
                    ),
                    tolerable=True,
                )
            try:
                justification = Justification(c["mapping_justification"])
            except ValueError:
                choices = [j.value for j in Justification]
                self.fail(
                    table.issue(
                        "CE643",
                        f"unknown mapping_justification "
                        f"{c['mapping_justification']!r}"
                        f"{did_you_mean(c['mapping_justification'], choices)}",
                        row,
                        "mapping_justification",
                    ),
                    tolerable=True,
                )
                justification = None
            confidence = self._confidence(c.get("confidence", ""), table, row)
            date_text = c.get("mapping_date", "")
            date = (
                self._date(date_text, table.issue("CE643", "", row, "mapping_date"))
                if date_text
                else None
            )
            extensions = {}
            if c.get(EXTENSION_SLOT):
                extensions = (
                    self._json(c[EXTENSION_SLOT], table.issue("CE643", "", row, EXTENSION_SLOT))
                    or {}
                )
            if subject is None or obj is None or relation is None or justification is None:
                continue
            if confidence is False:
                continue
            out.append(
                Mapping(
                    subject=subject,
                    relation=relation,
                    object=obj,
                    negated=modifier == "Not",
                    confidence=confidence,
                    justification=justification,
                    comment=c.get("comment") or None,
                    author=c.get("author_label") or c.get("author_id") or None,
                    date=date,
                    source=self.source,
                    extensions=extensions,
                )
            )
        return out

    def _confidence(self, text: str, table: Table, row: Row) -> float | bool | None:
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not 0.0 <= value <= 1.0:
            self.fail(
                table.issue(
                    "CE643",
                    f"confidence must be a number from 0 to 1, not {text!r}",
                    row,
                    "confidence",
                ),
                tolerable=True,
            )
            return False
        return value
