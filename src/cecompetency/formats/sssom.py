"""Crosswalks as SSSOM TSV (Simple Standard for Sharing Ontological Mappings), both ways.

The file is a ``#``-prefixed YAML header (the mapping set's metadata), then a TSV table
of mappings. Mapping-set metadata the model holds: ``curie_map`` (one prefix per framework
version, see below, then the crosswalk's ``prefixes``), ``mapping_set_id`` (the
crosswalk's URI, :mod:`.identifiers`), ``mapping_set_version``, ``mapping_set_title``,
``mapping_set_description``, ``creator_label``, ``license`` (a URI: ``CC-BY-4.0`` style
SPDX ids become ``https://spdx.org/licenses/<id>.html``, no license becomes SSSOM's
``https://w3id.org/sssom/license/unspecified``), ``publication_date``.

Columns the model holds: ``subject_id``, ``subject_label``, ``predicate_id``,
``predicate_modifier`` (``Not`` for a negated mapping), ``object_id``, ``object_label``,
``mapping_justification`` (a ``semapv:`` term), ``author_label`` (or ``author_id`` when
there is no label), ``confidence``, ``mapping_date``, ``comment``.

Everything else is kept, as written, under the ``x-sssom`` extension (of the crosswalk
for the header, of each mapping for its row) and written back on export: every other
standard slot (``subject_source``, ``mapping_tool``, ``similarity_score``, ``see_also``,
``creator_id``, ``issue_tracker``, ...), ``ext_*`` extension slots and their
``extension_definitions``, and columns SSSOM does not define (with a CE623 warning).
Where the model's value is written another way in the file (a full-URI predicate, a
confidence written ``1``, a foreign ``mapping_set_id``), the file's text is kept too and
written back while it still says the same. So an import then an export gives the same
slots and values.

Predicates: the five SKOS mapping properties (as CURIEs or URIs) are the relations;
``owl:equivalentClass``, ``owl:equivalentProperty`` and ``owl:sameAs`` read as ``exact``,
``rdfs:subClassOf`` and ``rdfs:subPropertyOf`` as ``broad``, any other predicate as
``related`` (the predicate itself is kept). A ``skos:`` term that is not a mapping
property is an error (CE641). Justifications outside the model's list but in SEMAPV's
read as ``semapv:UnspecifiedMatching`` (the term is kept).

Propagatable slots (``mapping_date``, ``mapping_tool``, ``subject_source``, ...) given in
the header apply to every row that has no value of its own; on export, a propagatable
slot with one value in every row is written once, in the header.

Literal mappings (``subject_type`` or ``object_type`` ``rdfs literal``, a label and no
id) are modelled: the end is an external concept ``urn:cecompetency:literal:<label,
percent-encoded>`` labelled with the literal, written back as the label with no id.

CURIEs: each framework version gets the prefix ``<id>_<version>`` with every character
other than a letter, digit or ``_`` written ``_`` (``alliance_2008``,
``nccme_ccmep_2008``), expanding to the framework's URI plus ``/``; the local part is the
item id with every character but letters, digits and ``-._~`` percent-encoded (so no
``:`` in a local part: sssom-py drops such rows). The ``curie_map`` lists the crosswalk's
frameworks in its order, then the crosswalk's own ``prefixes``; import reads frameworks
back from the expansions, so their prefixes may be renamed freely.

External concepts: on import, a subject or object whose CURIE prefix the ``curie_map``
declares (or SSSOM builds in: ``owl``, ``rdf``, ``rdfs``, ``skos``, ``semapv``, ``sssom``,
...) but whose expansion names no framework, or that is written as a full ``http``,
``https`` or ``urn`` URI, is an :class:`~cecompetency.model.external.ExternalConcept`,
labelled by ``subject_label`` or ``object_label``; every such prefix becomes one of the
crosswalk's ``prefixes``. Other ``x-`` extensions (of the set and of each mapping) travel
as compact JSON in an SSSOM extension slot, ``cecompetency_extensions``, declared under
``extension_definitions``. Rows are in the crosswalk's order, which is canonical.

A file without ``mapping_set_id`` is read (a CE640 warning) with an id from the file's
name, as sssom-py reads it with a default; without ``mapping_justification`` (SSSOM
defines no default) it is an error, or with ``lenient`` a warning and
``semapv:UnspecifiedMatching``. A lenient import that keeps none of its rows fails (CE644).
Other repairs of a lenient import, each a located warning with a count: a CURIE of a
prefix the ``curie_map`` does not declare is an external concept, its prefix declared as
the placeholder ``urn:cecompetency:undeclared-prefix:<prefix>:`` (CE642); a justification
that is no SEMAPV term is ``semapv:UnspecifiedMatching``, the text kept under ``x-sssom``
(CE643; export writes the SEMAPV term, as SSSOM requires); a ``subject_id`` or
``object_id`` of several CURIEs joined by ``|`` is one mapping to each (CE642).

Issues name ``FILE:LINE:COL`` (a line of the file, header or table).
"""

from __future__ import annotations

import datetime
import json
import math
import operator
import re
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingABC
from pathlib import PurePath
from typing import Any
from urllib.parse import quote, unquote

import attrs

from cecompetency.files.gc_pause import paused_gc
from cecompetency.files.json_reader import read_json
from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits, read_yaml
from cecompetency.formats._table import Record, Table, read_records, write_table
from cecompetency.formats.identifiers import (
    BASE_URI,
    crosswalk_uri,
    framework_uri,
    parse_crosswalk_uri,
    parse_uri,
)
from cecompetency.formats.imported import Imported, capped
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd
from cecompetency.model.errors import CrosswalkError, Issue, ModelError, Severity, ValidationError
from cecompetency.model.external import PREFIX, URI, ExternalConcept, is_concept_id, is_uri
from cecompetency.model.framework import Framework
from cecompetency.model.refs import VERSION, Ref
from cecompetency.model.relations import RELATIONS, Relation
from cecompetency.text.shortening import listing, quoted
from cecompetency.text.spelling import Speller, did_you_mean

__all__ = [
    "BUILTIN_PREFIXES",
    "LITERAL",
    "PROPAGATABLE",
    "SSSOM_COLUMNS",
    "SSSOM_EXTENSION",
    "STANDARD_SLOTS",
    "crosswalk_from_sssom",
    "crosswalk_to_sssom",
    "prefix_of",
]

# The columns the model holds (and the one our extensions travel in), in the order written.
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
# Every slot of SSSOM's Mapping class (1.1), in the schema's order.
STANDARD_SLOTS = (
    "record_id",
    "subject_id",
    "subject_label",
    "subject_category",
    "predicate_id",
    "predicate_label",
    "predicate_modifier",
    "object_id",
    "object_label",
    "object_category",
    "mapping_justification",
    "author_id",
    "author_label",
    "reviewer_id",
    "reviewer_label",
    "creator_id",
    "creator_label",
    "license",
    "subject_type",
    "subject_source",
    "subject_source_version",
    "object_type",
    "object_source",
    "object_source_version",
    "predicate_type",
    "mapping_provider",
    "mapping_source",
    "mapping_cardinality",
    "cardinality_scope",
    "mapping_tool",
    "mapping_tool_id",
    "mapping_tool_version",
    "mapping_date",
    "publication_date",
    "review_date",
    "confidence",
    "curation_rule",
    "curation_rule_text",
    "subject_match_field",
    "object_match_field",
    "match_string",
    "subject_preprocessing",
    "object_preprocessing",
    "similarity_score",
    "similarity_measure",
    "see_also",
    "issue_tracker_item",
    "other",
    "comment",
)
# Slots whose value in the header applies to every mapping (SSSOM's sssom:Propagatable).
PROPAGATABLE = (
    "subject_type",
    "subject_source",
    "subject_source_version",
    "object_type",
    "object_source",
    "object_source_version",
    "predicate_type",
    "mapping_provider",
    "cardinality_scope",
    "mapping_tool",
    "mapping_tool_id",
    "mapping_tool_version",
    "mapping_date",
    "subject_match_field",
    "object_match_field",
    "subject_preprocessing",
    "object_preprocessing",
    "similarity_measure",
    "curation_rule",
    "curation_rule_text",
)
_MULTIVALUED = frozenset(
    {
        "cardinality_scope",
        "subject_match_field",
        "object_match_field",
        "subject_preprocessing",
        "object_preprocessing",
        "curation_rule",
        "curation_rule_text",
    }
)
# Prefixes SSSOM builds in: a CURIE may use them without declaring them in its curie_map.
BUILTIN_PREFIXES: MappingABC[str, str] = {
    "dcterms": "http://purl.org/dc/terms/",
    "linkml": "https://w3id.org/linkml/",
    "oboInOwl": "http://www.geneontology.org/formats/oboInOwl#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "pav": "http://purl.org/pav/",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "semapv": "https://w3id.org/semapv/vocab/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sssom": "https://w3id.org/sssom/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
SSSOM_EXTENSION = "x-sssom"  # where what the model has no field for is kept
LITERAL = "urn:cecompetency:literal:"  # the id of a literal mapping end
_LITERAL_TYPE = "rdfs literal"
_REQUIRED = ("predicate_id",)
EXTENSION_SLOT = "cecompetency_extensions"
_EXTENSION_PROPERTY = "https://w3id.org/cecompetency/extensions"
UNSPECIFIED_LICENSE = "https://w3id.org/sssom/license/unspecified"
# The placeholder expansion of a prefix a file uses and does not declare (read leniently).
UNDECLARED = "urn:cecompetency:undeclared-prefix:"
_SPDX = "https://spdx.org/licenses/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_VERSION = re.compile(VERSION)
_OWL = "http://www.w3.org/2002/07/owl#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_SEMAPV = "https://w3id.org/semapv/vocab/"
_PREDICATES = {info.skos: relation for relation, info in RELATIONS.items()}
_OTHER_PREDICATES = {
    _OWL + "equivalentClass": Relation.EXACT,
    _OWL + "equivalentProperty": Relation.EXACT,
    _OWL + "sameAs": Relation.EXACT,
    _RDFS + "subClassOf": Relation.BROAD,
    _RDFS + "subPropertyOf": Relation.BROAD,
}
# SEMAPV's mapping justifications (the SSSOM schema's list).
_SEMAPV_TERMS = frozenset(
    {
        "MappingReview",
        "ManualMappingCuration",
        "LogicalReasoning",
        "LexicalMatching",
        "CompositeMatching",
        "UnspecifiedMatching",
        "SemanticSimilarityThresholdMatching",
        "LexicalSimilarityThresholdMatching",
        "MappingChaining",
        "MappingInversion",
        "StructuralMatching",
        "InstanceBasedMatching",
        "BackgroundKnowledgeBasedMatching",
    }
)
_PREFIX = re.compile(PREFIX)
_URI = re.compile(URI)
_CURIE_OR_URI = re.compile(r"[A-Za-z_][A-Za-z0-9_.+-]*:[^\s<>\"{}|\\^`]*")
# Header keys the model holds (everything else is kept under x-sssom).
_MODEL_SET_KEYS = (
    "curie_map",
    "mapping_set_id",
    "mapping_set_version",
    "mapping_set_title",
    "mapping_set_description",
    "creator_label",
    "license",
    "publication_date",
    "extension_definitions",
    EXTENSION_SLOT,
)
# Columns the model holds: kept under x-sssom only when written another way.
_MODEL_COLUMNS = frozenset(SSSOM_COLUMNS) - {"author_id"}
# What a row's predicate, modifier, justification, confidence and date read as: the
# relation (None: unreadable), the justification, the confidence (False: unreadable), the
# date, and the cells kept as written (under x-sssom).
_Claim = tuple[
    Relation | None, Justification, float | bool | None, datetime.date | None, dict[str, str]
]
# Distinct combinations of those five cells remembered at most: a file whose confidences
# are all different would make one per row.
_MAX_REMEMBERED = 10_000


class _Known:
    """The values of each kind read so far without an issue, by their text."""

    def __init__(self) -> None:
        self.relations: dict[str, tuple[Relation | None, bool]] = {}
        self.justifications: dict[str, tuple[Justification, bool]] = {}
        self.confidences: dict[str, tuple[float | bool | None, bool]] = {"": (None, False)}
        self.dates: dict[str, tuple[datetime.date | None, bool]] = {"": (None, False)}


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


def _cell(value: Any) -> str:
    """A header value as a TSV cell: lists joined with ``|``."""
    if isinstance(value, list | tuple):
        return "|".join(_cell(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _expand(text: str, prefixes: MappingABC[str, str]) -> str:
    """The URI a CURIE stands for (the file's prefixes, then SSSOM's own); else ``text``."""
    if is_uri(text):
        return text
    prefix, sep, local = text.partition(":")
    base = prefixes.get(prefix) or BUILTIN_PREFIXES.get(prefix)
    return base + local if sep and base else text


def _relation_of(predicate: str, prefixes: MappingABC[str, str]) -> Relation | None:
    """The relation a predicate reads as; ``None`` for a ``skos:`` term that is not a
    mapping property, or text that is not a CURIE or URI."""
    if predicate in _PREDICATES:
        return _PREDICATES[predicate]
    if predicate.startswith(_SKOS):
        return _PREDICATES.get("skos:" + predicate[len(_SKOS) :])
    if predicate.startswith("skos:") or not _CURIE_OR_URI.fullmatch(predicate):
        return None
    uri = _expand(predicate, prefixes)
    if uri.startswith(_SKOS):  # a prefix of the file's own for SKOS
        return _PREDICATES.get("skos:" + uri[len(_SKOS) :])
    return _OTHER_PREDICATES.get(uri, Relation.RELATED)


def _justification_of(text: str) -> Justification | None:
    """The model's justification for a SEMAPV term (``UNSPECIFIED`` for the terms it has
    no member for); ``None`` for anything else."""
    term = text[len("semapv:") :] if text.startswith("semapv:") else None
    if text.startswith(_SEMAPV):
        term = text[len(_SEMAPV) :]
    if term is None or term not in _SEMAPV_TERMS:
        return None
    try:
        return Justification("semapv:" + term)
    except ValueError:
        return Justification.UNSPECIFIED


def _date_text(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _float_text(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _set_ref(set_id: str | None, version: Any, file: str, base: str) -> tuple[str, str]:
    """The crosswalk id and version a mapping_set_id (and version) stand for."""
    crosswalk = parse_crosswalk_uri(set_id, base) if set_id is not None else None
    if crosswalk is not None:
        return crosswalk.framework, str(version or crosswalk.version)
    if set_id is not None:
        tail = set_id.rstrip("/").rsplit("/", 1)[-1]
    else:
        name = PurePath(file).name if file != "<string>" else "crosswalk"
        tail = name.split(".", 1)[0]
    cw_id = re.sub(r"[^A-Za-z0-9_-]+", "-", tail).strip("-_") or "crosswalk"
    return cw_id, str(version or "1")


def _literal(label: str) -> ExternalConcept:
    return ExternalConcept(LITERAL + quote(label, safe=""), label)


# -- export ----------------------------------------------------------------------------------


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
    kept_set: dict[str, Any] = dict(_kept(cw.extensions))
    set_id = kept_set.pop("mapping_set_id", None)
    if not (
        isinstance(set_id, str)
        and _URI.fullmatch(set_id)
        and _set_ref(set_id, cw.version, "", base) == (cw.id, cw.version)
    ):
        set_id = crosswalk_uri(cw.ref, base)
    header: dict[str, Any] = {"curie_map": curie_map, "mapping_set_id": set_id}
    absent = {k for k, v in kept_set.items() if v is None and k in _MODEL_SET_KEYS}
    if not ("mapping_set_version" in absent and cw.version == "1"):
        # A version read as "1" because the file's could not be one is written as the file had it.
        written = kept_set.get("mapping_set_version")
        repaired = isinstance(written, str) and cw.version == "1"
        header["mapping_set_version"] = written if repaired else cw.version
    if not ("mapping_set_title" in absent and cw.title == cw.id):
        header["mapping_set_title"] = cw.title
    if cw.description is not None:
        header["mapping_set_description"] = cw.description
    if cw.creators:
        header["creator_label"] = list(cw.creators)
    header["license"] = _license_uri(cw.license)
    if cw.date is not None:
        header["publication_date"] = cw.date.isoformat()
    definitions = kept_set.pop("extension_definitions", None)
    definitions = list(definitions) if isinstance(definitions, list) else []
    for key, value in kept_set.items():
        if key not in _MODEL_SET_KEYS and key not in header:
            header[key] = value
    kept = {k: v for k, v in cw.extensions.items() if k != SSSOM_EXTENSION}
    if cw.license is not None and _license_text(_license_uri(cw.license)) != cw.license:
        kept["x-license"] = cw.license  # free text that no license URI names
    uses_extensions = bool(kept) or any(_others(m.extensions) for m in cw.mappings)
    if uses_extensions and not any(
        isinstance(d, dict) and d.get("slot_name") == EXTENSION_SLOT for d in definitions
    ):
        definitions.append(
            {
                "slot_name": EXTENSION_SLOT,
                "property": _EXTENSION_PROPERTY,
                "type_hint": "xsd:string",
            }
        )
    if definitions:
        header["extension_definitions"] = definitions
    if kept:
        header[EXTENSION_SLOT] = _compact(kept)
    all_prefixes = dict(cw.prefixes)

    def curie(ref: MappingEnd) -> str:
        if isinstance(ref, ExternalConcept):
            return "" if ref.id.startswith(LITERAL) else ref.id
        return f"{prefixes[ref.framework_ref]}:{quote(ref.item or '', safe='-._~')}"

    def label(ref: MappingEnd, written: str) -> str:
        if isinstance(ref, ExternalConcept):
            if ref.id.startswith(LITERAL) and ref.label is None:
                return unquote(ref.id[len(LITERAL) :])
            return ref.label or ""
        fw = frameworks.get(ref.framework_ref) if frameworks else None
        item = fw.get(ref.item or "") if fw is not None else None
        return written if item is None else item.label

    rows: list[dict[str, str]] = []
    extra: dict[str, None] = {}  # the other columns, in order of first use
    for m in cw.mappings:
        x = {str(k): _cell(v) for k, v in _kept(m.extensions).items()}
        predicate = x.get("predicate_id", "")
        if not predicate or _relation_of(predicate, all_prefixes) is not m.relation:
            predicate = m.relation.skos
        justification = x.get("mapping_justification", "")
        if not justification or _justification_of(justification) is not m.justification:
            justification = m.justification.value
        confidence = x.get("confidence", "")
        if m.confidence is None or _float_text(confidence) != m.confidence:
            confidence = "" if m.confidence is None else _number(m.confidence)
        date = x.get("mapping_date", "")
        if _date_text(date) != m.date or (m.date is None and not date):
            date = "" if m.date is None else m.date.isoformat()
        author = m.author or ""
        if author and author == x.get("author_id"):
            author = ""  # the author is known by id only
        row = {
            "subject_id": curie(m.subject),
            "subject_label": label(m.subject, x.get("subject_label", "")),
            "predicate_id": predicate,
            "predicate_modifier": "Not" if m.negated else "",
            "object_id": curie(m.object),
            "object_label": label(m.object, x.get("object_label", "")),
            "mapping_justification": justification,
            "author_label": author,
            "confidence": confidence,
            "mapping_date": date,
            "comment": m.comment or "",
        }
        for side, end in (("subject", m.subject), ("object", m.object)):
            if isinstance(end, ExternalConcept) and end.id.startswith(LITERAL):
                x.setdefault(f"{side}_type", _LITERAL_TYPE)
        others = _others(m.extensions)
        row[EXTENSION_SLOT] = _compact(others) if others else ""
        for key, value in x.items():
            if key not in _MODEL_COLUMNS:
                row[key] = value
                extra.setdefault(key)
        rows.append(row)
    # Condense: a propagatable slot with one value in every row goes to the header once.
    for slot in PROPAGATABLE:
        if slot in header or not rows:
            continue
        values = {row.get(slot, "") for row in rows}
        if len(values) == 1 and (value := values.pop()):
            header[slot] = value.split("|") if slot in _MULTIVALUED and "|" in value else value
            for row in rows:
                del row[slot]
            extra.pop(slot, None)
    standard = [c for c in STANDARD_SLOTS if c not in SSSOM_COLUMNS]
    order = [c for c in SSSOM_COLUMNS if c != EXTENSION_SLOT]
    order += [c for c in standard if c in extra]
    order += [c for c in extra if c not in standard and c not in SSSOM_COLUMNS]
    order.append(EXTENSION_SLOT)
    required = ("subject_id", "predicate_id", "object_id", "mapping_justification")
    columns = [c for c in order if c in required or any(row.get(c) for row in rows)]
    # Not guarded against formulas: SSSOM is read by tools, and a ' would change the data.
    table = write_table(
        [columns, *([row.get(c, "") for c in columns] for row in rows)], delimiter="\t"
    )
    return _yaml_header(header) + table


def _kept(extensions: MappingABC[str, Any]) -> MappingABC[str, Any]:
    value = extensions.get(SSSOM_EXTENSION)
    return value if isinstance(value, MappingABC) else {}


def _others(extensions: MappingABC[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in extensions.items() if k != SSSOM_EXTENSION}


# -- import ----------------------------------------------------------------------------------


@capped
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
    ``curie_map`` declares or SSSOM builds in, full URIs, or literals). Slots the model
    has no field for are kept under ``x-sssom``. With ``lenient``, rows that cannot be
    read are skipped with a warning each and a count (CE644); keeping none is an error.
    """
    with paused_gc():  # a hundred thousand mappings and no cycles: see gc_pause
        return _read_sssom(source, file, lenient, limits, base)


def _read_sssom(
    source: bytes | str, file: str, lenient: bool, limits: Limits, base: str
) -> Imported[Crosswalk]:
    try:
        text = decode(source, file, limits)
    except ValidationError as exc:
        raise CrosswalkError(exc.issues) from None
    # The header's lines start with '#'; the table starts at the first line that does not.
    count, end = 0, 0
    while text.startswith("#", end):
        count += 1
        end = text.find("\n", end) + 1 or len(text)
    header_text = "\n".join(line[1:] for line in text[:end].split("\n")[:count])
    reader = _Reader(file, lenient, base)
    meta = reader.metadata(header_text, limits)
    table_text = text[end:]
    try:
        table, records = read_records(
            table_text,
            file,
            known=(*STANDARD_SLOTS, EXTENSION_SLOT, *reader.declared),
            required=_REQUIRED,
            delimiter="\t",
            lenient=lenient,
            count_lines=True,
            first=count + 1,
            keep_unknown=True,
        )
    except ValidationError as exc:
        raise CrosswalkError(reader.issues + list(exc.issues)) from None
    reader.warnings.extend(
        attrs.evolve(w, message=w.message.split(";")[0] + "; kept as written")
        for w in table.warnings
    )
    header_issues = list(reader.issues)
    reader.columns(table, count + 1)
    try:
        mappings, rows = reader.mappings(table, records)
    except ValidationError as exc:  # a row of the table: nothing else is said about the rows
        raise CrosswalkError(header_issues + list(exc.issues)) from None
    errors = [i for i in reader.issues if i.severity is Severity.ERROR]
    if errors:
        raise CrosswalkError(reader.issues + reader.warnings)
    skipped = reader.unread
    if skipped:
        summary = Issue(
            "CE644",
            f"kept {rows - skipped:,} of {rows:,} mappings; {skipped:,} rows "
            "could not be read (see the warnings)",
            file,
            count + 1,
            1,
            Severity.WARNING if mappings else Severity.ERROR,
        )
        if not mappings:
            raise CrosswalkError([*reader.warnings, summary])
        reader.warnings.append(summary)
    if mappings:
        meta["extensions"] = reader.without_propagated(meta["extensions"])
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
        self.prefix_names: Speller | None = None  # indexed at the first unknown prefix
        self.used_builtins: dict[str, str] = {}
        self.cache: dict[tuple[str, str, str], MappingEnd | None] = {}
        # An item's reference depends on its id alone (not on the label or type cells).
        self.items: dict[str, Ref] = {}
        self.source: str | None = None
        self.declared: tuple[str, ...] = ()  # extension slots the header declares
        self.propagated: dict[str, str] = {}
        self.default_justification: str | None = None
        # Read leniently: undeclared prefixes and unknown justifications, each with the
        # issue of its first row and a count.
        self.undeclared: dict[str, list[Any]] = {}
        self.unknown_justifications: dict[str, list[Any]] = {}
        self.unread = 0  # rows of which no mapping could be read

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
        if data is None:
            data = {}
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
        kept: dict[str, Any] = {}
        set_id = data.get("mapping_set_id")
        if set_id is None:
            self.warnings.append(
                Issue(
                    "CE640",
                    "the header has no mapping_set_id (required by SSSOM); the set is "
                    "named after the file, and export writes its own id",
                    self.file,
                    1,
                    1,
                    Severity.WARNING,
                )
            )
        elif not isinstance(set_id, str) or not _URI.fullmatch(set_id):
            self.fail(
                Issue(
                    "CE640",
                    f"mapping_set_id {set_id!r} is not a URI (SSSOM requires one)",
                    self.file,
                    1,
                    1,
                ),
                tolerable=True,
            )
            set_id = str(set_id)
        license_uri = data.get("license")
        if license_uri is None:
            self.warnings.append(
                Issue(
                    "CE640",
                    "the header has no license (required by SSSOM); read as "
                    f"{UNSPECIFIED_LICENSE}, as sssom-py does",
                    self.file,
                    1,
                    1,
                    Severity.WARNING,
                )
            )
            license_uri = UNSPECIFIED_LICENSE
        elif not isinstance(license_uri, str):
            self.fail(
                Issue("CE640", f"license {license_uri!r} is not a URI", self.file, 1, 1),
                tolerable=True,
            )
            license_uri = UNSPECIFIED_LICENSE
        version = data.get("mapping_set_version")
        cw_id, cw_version = _set_ref(set_id, version, self.file, self.base)
        if not _VERSION.fullmatch(cw_version):
            self.fail(
                Issue(
                    "CE640",
                    f"mapping_set_version {version!r} cannot name a version here (letters, "
                    "digits and '_', '+', '-', in parts joined by '.'); read as '1'",
                    self.file,
                    1,
                    1,
                ),
                tolerable=True,
            )
            kept["mapping_set_version"] = version
            cw_version = "1"
        if set_id is not None and crosswalk_uri(Ref(cw_id, cw_version), self.base) != set_id:
            kept["mapping_set_id"] = set_id
        if version is None:
            kept["mapping_set_version"] = None
        title = data.get("mapping_set_title")
        if title is None:
            kept["mapping_set_title"] = None
        extensions: dict[str, Any] = {}
        raw = data.get(EXTENSION_SLOT)
        if isinstance(raw, str):
            extensions = self._json(raw, Issue("CE643", "", self.file, 1, 1)) or {}
        license_text = extensions.pop("x-license", None) or _license_text(license_uri)
        creators = data.get("creator_label") or ()
        date = data.get("publication_date")
        definitions = data.get("extension_definitions")
        if isinstance(definitions, list):
            self.declared = tuple(
                str(d["slot_name"]) for d in definitions if isinstance(d, dict) and "slot_name" in d
            )
            mine = [
                d
                for d in definitions
                if not (isinstance(d, dict) and d.get("slot_name") == EXTENSION_SLOT)
            ]
            if mine:
                kept["extension_definitions"] = mine
        elif definitions is not None:
            kept["extension_definitions"] = definitions
        for key, value in data.items():
            if key in _MODEL_SET_KEYS:
                continue
            kept[str(key)] = value
            if key in PROPAGATABLE and value is not None:
                self.propagated[key] = _cell(value)
        if date is not None and not isinstance(date, str | datetime.date):
            date = str(date)
        publication = self._date(date, Issue("CE643", "", self.file, 1, 1)) if date else None
        if date and publication is None:
            kept["publication_date"] = date
        meta: dict[str, Any] = {
            "id": cw_id,
            "version": cw_version,
            "title": str(title if title is not None else cw_id),
            "frameworks": tuple(frameworks),
            "description": None
            if data.get("mapping_set_description") is None
            else str(data["mapping_set_description"]),
            "license": license_text,
            "creators": tuple(str(c) for c in creators)
            if isinstance(creators, list | tuple)
            else (str(creators),),
            "date": publication,
            "extensions": {**extensions, SSSOM_EXTENSION: kept} if kept else extensions,
            "prefixes": self.external,
        }
        self.source = f"{cw_id}@{cw_version}"
        return meta

    def without_propagated(self, extensions: dict[str, Any]) -> dict[str, Any]:
        """The set's extensions less the propagatable slots, which now live in the rows."""
        kept = dict(extensions.get(SSSOM_EXTENSION) or {})
        for slot in self.propagated:
            kept.pop(slot, None)
        out = {k: v for k, v in extensions.items() if k != SSSOM_EXTENSION}
        if kept:
            out[SSSOM_EXTENSION] = kept
        return out

    def columns(self, table: Table, line: int) -> None:
        """Check the columns an SSSOM table needs (some may come from the header)."""
        has = set(table.columns) | set(self.propagated)
        for side in ("subject", "object"):
            if f"{side}_id" not in has and f"{side}_type" not in has:
                self.fail(
                    Issue("CE622", f"the header has no column '{side}_id'", self.file, line, 1)
                )
        if "mapping_justification" not in table.columns:
            issue = Issue(
                "CE622",
                "the header has no column 'mapping_justification' (required by SSSOM, "
                "which defines no default); read leniently, every row is "
                f"{Justification.UNSPECIFIED.value}",
                self.file,
                line,
                1,
            )
            self.fail(issue, tolerable=True)
            self.default_justification = Justification.UNSPECIFIED.value

    def _json(self, text: str, at: Issue) -> dict[str, Any] | None:
        try:  # the one bounded JSON reader: deep nesting is refused, not recursed into
            value = read_json(text, at.file).data
        except ValidationError:
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

    def ref(
        self, curie: str, label: str, kind: str, table: Table, row: int, column: str
    ) -> MappingEnd | None:
        """The item, external concept or literal a subject_id or object_id names."""
        key = (curie, label, kind)
        try:
            return self.cache[key]
        except KeyError:
            pass
        ref: MappingEnd | None = None
        prefix, sep, local = curie.partition(":")
        if not curie and kind == _LITERAL_TYPE:
            if label:
                ref = _literal(label)
            else:
                self.fail(
                    table.issue(
                        "CE642",
                        f"a literal mapping ({column[:-3]}_type '{_LITERAL_TYPE}') needs a "
                        f"{column[:-3]}_label",
                        row,
                        column,
                    ),
                    tolerable=True,
                )
        elif not curie:
            self.fail(table.issue("CE642", f"the row has no {column}", row, column), tolerable=True)
        elif (
            sep
            and prefix not in self.prefixes
            and (prefix in self.external or prefix in BUILTIN_PREFIXES or is_uri(curie))
        ):
            try:
                ref = ExternalConcept(curie, label if label.strip() else None)
            except ModelError as exc:
                self.fail(table.issue("CE642", str(exc), row, column), tolerable=True)
            else:
                if prefix not in self.external and not is_uri(curie):
                    self.used_builtins[prefix] = BUILTIN_PREFIXES[prefix]
        elif (
            self.lenient
            and sep
            and prefix not in self.prefixes
            and _PREFIX.fullmatch(prefix)
            and is_concept_id(curie)
        ):
            # Leniently, an undeclared prefix is declared with a placeholder expansion.
            ref = ExternalConcept(curie, label if label.strip() else None)
            first = self.undeclared.setdefault(prefix, [table.issue("CE642", "", row, column), 0])
            first[1] += 1
        elif not sep or prefix not in self.prefixes:
            known = [*self.prefixes, *self.external]
            if self.prefix_names is None:
                self.prefix_names = Speller(known)
            hint = self.prefix_names.hint(prefix) if sep else ""
            self.fail(
                table.issue(
                    "CE642",
                    f"{quoted(curie)} is not a CURIE whose prefix the curie_map declares{hint}; "
                    f"known prefixes: {listing(known)}",
                    row,
                    column,
                ),
                tolerable=True,
            )
        else:
            try:
                ref = self.items[curie] = self.prefixes[prefix].with_item(unquote(local))
            except ValueError:
                self.fail(
                    table.issue("CE642", f"{local!r} is not an item id", row, column),
                    tolerable=True,
                )
        self.cache[key] = ref
        return ref

    def mappings(self, table: Table, records: Iterable[Record]) -> tuple[list[Mapping], int]:
        """Read the records into mappings; also say how many records there were.

        Cells are taken by column index (one C call per record), not through a
        dictionary per row, and values are checked once per distinct text: a file of a
        hundred thousand rows has a few hundred distinct predicates, justifications,
        confidences and dates, and each item recurs. Only what reads without an issue is
        remembered, so each row with an issue still gets its own, in the order the row's
        cells give them.
        """
        out: list[Mapping] = []
        append = out.append
        propagated = self.propagated
        index = {name: number - 1 for name, number in table.columns.items()}

        # The columns read, in the order their cells are taken from a record: those the
        # table lacks are appended to every record (their value from the header, or "").
        names = (
            "subject_id",
            "subject_label",
            "subject_type",
            "object_id",
            "object_label",
            "object_type",
            "predicate_modifier",
            EXTENSION_SLOT,
            "comment",
            "author_label",
            "author_id",
        )
        claimed = (
            "predicate_id",
            "predicate_modifier",
            "mapping_justification",
            "confidence",
            "mapping_date",
        )
        # The slots kept under x-sssom, in the order the header's then the table's give them.
        others = [name for name in propagated if name not in _MODEL_COLUMNS]
        others += [name for name in index if name not in propagated and name not in _MODEL_COLUMNS]
        defaults = dict(propagated)
        if "mapping_justification" not in index:
            defaults["mapping_justification"] = self.default_justification or ""
        tail: list[str] = []
        for name in (*names, *claimed, *others):
            if name not in index:
                index[name] = len(table.header) + len(tail)
                tail.append(defaults.get(name, ""))
        # A header value for a column the table has too fills the row's empty cells.
        fills = [(index[n], value) for n, value in propagated.items() if n in table.columns]
        cells = operator.itemgetter(*(index[name] for name in names))
        claim_texts = operator.itemgetter(*(index[name] for name in claimed))
        kept_at = [(name, index[name]) for name in others]
        prefixes = {**self.external, **{p: "" for p in self.prefixes}}
        items, ends = self.items, self.cache
        claims: dict[tuple[str, ...], _Claim] = {}
        known = _Known()
        lenient, source, read, last = self.lenient, self.source, 0, -1
        fast = Mapping.fast
        none: dict[str, str] = {}  # what a row keeps when the table has no other slots
        rows = 0
        for number, fields in records:
            rows += 1
            if tail:
                fields += tail
            if fills:
                for i, value in fills:
                    fields[i] = fields[i] or value
            (
                sid,
                slabel,
                stype,
                oid,
                olabel,
                otype,
                modifier,
                extension_text,
                comment,
                author,
                author_id,
            ) = cells(fields)
            texts = claim_texts(fields)
            each: Sequence[tuple[str, str, str, str]] = ((sid, slabel, oid, olabel),)
            if lenient and ("|" in sid or "|" in oid):
                each = self.split(sid, slabel, oid, olabel, table, number)
            for sid, slabel, oid, olabel in each:
                # One lookup for a known item, as most are; two for a known concept.
                subject = (
                    items.get(sid)
                    or ends.get((sid, slabel, stype))
                    or self.ref(sid, slabel, stype, table, number, "subject_id")
                )
                obj = (
                    items.get(oid)
                    or ends.get((oid, olabel, otype))
                    or self.ref(oid, olabel, otype, table, number, "object_id")
                )
                try:
                    claim = claims[texts]
                except KeyError:
                    claim = self.claim(texts, prefixes, known, claims, table, number)
                relation, justification, confidence, date, written = claim
                extensions: dict[str, Any] | None = None
                if extension_text:
                    at = table.issue("CE643", "", number, EXTENSION_SLOT)
                    extensions = self._json(extension_text, at) or {}
                if subject is None or obj is None or relation is None or confidence is False:
                    continue
                kept = {name: v for name, i in kept_at if (v := fields[i])} if kept_at else none
                if kept or written:
                    extensions = {**(extensions or {}), SSSOM_EXTENSION: {**kept, **written}}
                append(
                    fast(
                        subject,
                        relation,
                        obj,
                        modifier == "Not",
                        confidence,
                        justification,
                        comment or None,
                        author or author_id or None,
                        date,
                        source,
                        extensions,
                    )
                )
                if number != last:
                    read, last = read + 1, number
        self.unread = rows - read
        self.external.update(
            (p, u) for p, u in sorted(self.used_builtins.items()) if p not in self.external
        )
        for prefix, (first, count) in sorted(self.undeclared.items()):
            expansion = UNDECLARED + prefix + ":"
            self.external.setdefault(prefix, expansion)
            self.warnings.append(
                attrs.evolve(
                    first,
                    message=f"the curie_map does not declare the prefix {prefix!r} of {count:,} "
                    f"ids (the first here); read leniently as external concepts, {prefix!r} "
                    f"declared as the placeholder {expansion!r} (give its expansion)",
                    severity=Severity.WARNING,
                )
            )
        for text, (first, numbers) in sorted(self.unknown_justifications.items()):
            count = len(numbers)
            self.warnings.append(
                attrs.evolve(
                    first,
                    message=f"unknown mapping_justification {text!r} in {count:,} rows (the "
                    f"first here){did_you_mean(text, [f'semapv:{t}' for t in _SEMAPV_TERMS])}"
                    f"; SSSOM takes a SEMAPV term; read leniently as "
                    f"{Justification.UNSPECIFIED.value}, the text kept, and written so on export",
                    severity=Severity.WARNING,
                )
            )
        return out, rows

    def split(
        self, sid: str, slabel: str, oid: str, olabel: str, table: Table, number: int
    ) -> list[tuple[str, str, str, str]]:
        """The row's ends, or leniently, one pair per id of a ``|``-joined subject_id or
        object_id."""
        out = [(sid, slabel, oid, olabel)]
        for side, written, label in (("subject", sid, slabel), ("object", oid, olabel)):
            parts = written.split("|")
            if len(parts) < 2 or not all(map(is_concept_id, parts)):
                continue
            labels = label.split("|")
            labels = labels if len(labels) == len(parts) else [label] * len(parts)
            self.warnings.append(
                table.issue(
                    "CE642",
                    f"{side}_id {written!r} is {len(parts)} ids joined by '|'; read leniently as "
                    f"{len(parts)} mappings, one to each",
                    number,
                    f"{side}_id",
                    Severity.WARNING,
                )
            )
            pairs = list(zip(parts, labels, strict=True))
            if side == "subject":
                out = [(p, pl, o, ol) for _, _, o, ol in out for p, pl in pairs]
            else:
                out = [(s, sl, p, pl) for s, sl, _, _ in out for p, pl in pairs]
        return out

    def claim(
        self,
        texts: tuple[str, ...],
        prefixes: dict[str, str],
        known: _Known,
        claims: dict[tuple[str, ...], _Claim],
        table: Table,
        number: int,
    ) -> _Claim:
        """What a row's predicate, predicate_modifier, mapping_justification, confidence
        and mapping_date say, with the texts kept as written; remembered in ``claims``
        when they read without an issue."""
        predicate, modifier, justification_text, confidence_text, date_text = texts
        noted = len(self.issues) + len(self.warnings)
        written: dict[str, str] = {}
        relation, keep = known.relations.get(predicate) or self.predicate(
            predicate, prefixes, known.relations, table, number
        )
        if keep:
            written["predicate_id"] = predicate
        if modifier and modifier != "Not":
            self.fail(
                table.issue(
                    "CE643",
                    f"predicate_modifier must be 'Not' or empty, not {modifier!r}",
                    number,
                    "predicate_modifier",
                ),
                tolerable=True,
            )
            written["predicate_modifier"] = modifier
        justification_text = justification_text or self.default_justification or ""
        justification, keep = known.justifications.get(justification_text) or self.justification(
            justification_text, known.justifications, table, number
        )
        if keep:
            written["mapping_justification"] = justification_text
        confidence, keep = known.confidences.get(confidence_text) or self.confidence(
            confidence_text, known.confidences, table, number
        )
        if keep:
            written["confidence"] = confidence_text
        date, keep = known.dates.get(date_text) or self.date(date_text, known.dates, table, number)
        if keep:
            written["mapping_date"] = date_text
        claim = (relation, justification, confidence, date, written)
        clean = len(self.issues) + len(self.warnings) == noted
        remembered = justification_text not in self.unknown_justifications
        if clean and remembered and len(claims) < _MAX_REMEMBERED:
            claims[texts] = claim
        return claim

    def predicate(
        self,
        predicate: str,
        prefixes: dict[str, str],
        known: dict[str, tuple[Relation | None, bool]],
        table: Table,
        number: int,
    ) -> tuple[Relation | None, bool]:
        """The relation a predicate reads as, and whether its text is kept as written;
        remembered in ``known`` when it reads without an issue."""
        relation = _relation_of(predicate, prefixes)
        if relation is None:
            self.fail(
                table.issue(
                    "CE641",
                    f"unknown predicate {predicate!r}"
                    f"{did_you_mean(predicate, _PREDICATES)}; a skos: predicate must be "
                    "one of " + ", ".join(_PREDICATES),
                    number,
                    "predicate_id",
                ),
                tolerable=True,
            )
            return None, False
        if predicate == relation.skos:
            known[predicate] = (relation, False)
            return relation, False
        prefix = predicate.partition(":")[0]
        if not is_uri(predicate) and prefix not in prefixes and prefix not in BUILTIN_PREFIXES:
            self.fail(
                table.issue(
                    "CE642",
                    f"the predicate {predicate!r} has a prefix the curie_map does not declare",
                    number,
                    "predicate_id",
                ),
                tolerable=True,
            )
            return None, True
        known[predicate] = (relation, True)
        return relation, True

    def justification(
        self,
        text: str,
        known: dict[str, tuple[Justification, bool]],
        table: Table,
        number: int,
    ) -> tuple[Justification, bool]:
        """The model's justification for a mapping_justification, and whether its text is
        kept as written; remembered in ``known`` when it reads without an issue."""
        justification = _justification_of(text)
        if justification is None and self.lenient and text:
            first = self.unknown_justifications.setdefault(
                text, [table.issue("CE643", "", number, "mapping_justification"), set()]
            )
            first[1].add(number)
            return Justification.UNSPECIFIED, True
        if justification is None:
            choices = [f"semapv:{t}" for t in sorted(_SEMAPV_TERMS)]
            self.fail(
                table.issue(
                    "CE643",
                    f"unknown mapping_justification {text!r}"
                    f"{did_you_mean(text, choices)}; SSSOM takes a SEMAPV "
                    "term; read leniently, the mapping is "
                    f"{Justification.UNSPECIFIED.value}",
                    number,
                    "mapping_justification",
                ),
                tolerable=True,
            )
            return Justification.UNSPECIFIED, False
        known[text] = result = (justification, text != justification.value)
        return result

    def confidence(
        self,
        text: str,
        known: dict[str, tuple[float | bool | None, bool]],
        table: Table,
        number: int,
    ) -> tuple[float | bool | None, bool]:
        """The confidence (``False`` when it cannot be one), and whether its text is kept
        as written; remembered in ``known`` when it reads without an issue."""
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not 0.0 <= value <= 1.0:
            self.fail(
                table.issue(
                    "CE643",
                    f"confidence must be a number from 0 to 1, not {text!r}",
                    number,
                    "confidence",
                ),
                tolerable=True,
            )
            return False, False
        known[text] = result = (value, _number(value) != text)
        return result

    def date(
        self,
        text: str,
        known: dict[str, tuple[datetime.date | None, bool]],
        table: Table,
        number: int,
    ) -> tuple[datetime.date | None, bool]:
        """The mapping_date, and whether its text is kept as written; remembered in
        ``known`` when it reads without an issue."""
        date = self._date(text, table.issue("CE643", "", number, "mapping_date"))
        if date is None:
            return None, True
        known[text] = result = (date, date.isoformat() != text)
        return result
