"""Frameworks as 1EdTech CASE 1.1 packages (CFPackage JSON), both ways.

Export (:func:`framework_to_case`):

- ``CFDocument``: title, description, language, version, ``creator`` (the publishers'
  names), ``adoptionStatus`` (draft -> ``Draft``, published -> ``Adopted``, superseded
  and retired -> ``Deprecated``), the license as a ``CFLicense`` definition, the source
  citation as ``notes`` and its URL as ``officialSourceURL``.
- ``CFItems``: ``humanCodingScheme`` is the item id, ``fullStatement`` the statement
  (the title when an item has none), ``abbreviatedStatement`` the title, ``CFItemType``
  the kind (with a ``CFItemTypes`` definition per kind), ``conceptKeywords`` the tags,
  ``notes`` the notes, ``language`` the framework's.
- The tree is ``isChildOf`` associations (origin = child, destination = parent, or the
  document for top-level items) numbered by ``sequenceNumber`` from 1 among siblings.
- Crosswalk mappings passed in become associations from subject to object:
  exact -> ``exactMatchOf``, related -> ``isRelatedTo``, and CASE extension types where
  CASE has no equivalent: ``ext:closeMatch``, ``ext:broadMatch``, ``ext:narrowMatch``. A
  negated mapping gets ``ext:not.`` before its type name, so no reader mistakes it for
  the positive claim.
- Level scales are ``CFRubrics``: one rubric per scale, with one criterion whose levels
  (lowest first, ``position`` from 1) carry each level's label (``quality``),
  description and score. ``hasSkillLevel`` associations are not used: a scale here
  belongs to the framework, not to one item. Level descriptors are the rubric's further
  criteria, one per described item (``CFItemURI``), one criterion level per level of the
  scale (:mod:`._case_rubrics`); a foreign package's rubrics that name its items are read
  back as scales and descriptors.
- Everything CASE cannot hold (the framework id, exact status, structured publishers,
  source, roles, level matrices, weights, several notes, ``x-`` extensions, mapping
  confidence and provenance) is kept under ``extensions.cecompetency`` of the object it
  belongs to, so a package imports back to an equal framework.
- Identifiers are UUIDv5 of each object's URI (:mod:`.identifiers`); association URIs
  are ``<framework URI>/associations/<uuid>``, rubric URIs
  ``<framework URI>/scales/<scale>``, item type URIs ``<framework URI>/item-types/<kind>``.
  ``lastChangeDateTime`` (which CASE requires of every object) is never invented: the
  ``changed`` time a caller gives; else a date the framework records, at midnight UTC: its
  release date, else the date its text was retrieved from its source (the Alliance's 2008
  text: 2008-04-10); else the time the package is made: ``SOURCE_DATE_EPOCH`` (seconds
  since 1970, the reproducible-builds convention) when it is set, else the current time,
  to the second, in UTC (:func:`last_change`). A framework that records a date always
  exports the same bytes.

Import (:func:`framework_from_case`) is strict by default: the package must have the
CFPackage shape (:mod:`._case_schema`), with ``uuid`` and RFC 3339 ``date-time`` formats
checked by the library's own checks, so the answer is the same on every machine.
A package without ``caseVersion`` is read as CASE 1.0, whose shape adds ``CFPackageURI``
on the document and ``CFDocumentURI`` on items and associations.
``lenient=True`` reads real packages that deviate (extra properties, numbers as text,
``null`` values, timestamps without an offset) and reports each deviation as a warning.
What a foreign package holds that a framework cannot (its identifiers and URIs, dates,
item type titles and URIs, codes, creator and publisher, educational levels, every
association that is neither the tree nor an alignment, ...) is kept in ``x-case``
extensions, and written back by :func:`case_package`. Alignments to other documents
(``exactMatchOf``, ``isRelatedTo``, ``isPeerOf``, ``isPartOf``) are crosswalk mappings,
to an :class:`~cecompetency.model.external.ExternalConcept` (the node's URI, its title as
label) when the destination is outside the package; each keeps its association.
"""

from __future__ import annotations

import datetime
import itertools
import re
from collections.abc import Iterable
from typing import Any, ClassVar
from urllib.parse import quote

import attrs

from cecompetency.files.checks import locate
from cecompetency.files.codec import FRAMEWORK_FORMAT, framework_to_data
from cecompetency.files.json_reader import read_framework_json, translated
from cecompetency.files.schema_check import SchemaCheck
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits
from cecompetency.formats._build import build_framework
from cecompetency.formats._case_rubrics import (
    descriptor_criteria,
    foreign_rubric,
    our_descriptors,
    reads_the_same,
)
from cecompetency.formats._case_schema import CASE_1_0_SCHEMA, CASE_SCHEMA, PROPERTIES
from cecompetency.formats._imported_crosswalk import FrameworkAndMappings
from cecompetency.formats._tree import TreeWalk, too_deep_message
from cecompetency.formats.identifiers import BASE_URI, framework_uri, item_uri, parse_uri, uuid_of
from cecompetency.formats.imported import Imported, capped, warning
from cecompetency.formats.json import json_text
from cecompetency.model.crosswalk import Justification, Mapping, MappingEnd
from cecompetency.model.errors import FrameworkError, Issue, ModelError, RefError
from cecompetency.model.external import ExternalConcept, is_concept_id
from cecompetency.model.framework import Framework, Item, Status
from cecompetency.model.refs import ITEM_ID, Ref, parse_ref, version_key
from cecompetency.model.relations import Relation

__all__ = [
    "CaseImport",
    "case_package",
    "framework_from_case",
    "framework_to_case",
    "last_change",
]

# Levels of items at most: deeper trees are not frameworks but accidents or attacks.
_MAX_DEPTH = 49

CASE_EXTENSION = "cecompetency"  # our key under a CASE object's ``extensions``
_ADOPTION = {
    Status.DRAFT: "Draft",
    Status.PUBLISHED: "Adopted",
    Status.SUPERSEDED: "Deprecated",
    Status.RETIRED: "Deprecated",
}
_RELATION_TYPES = {
    Relation.EXACT: "exactMatchOf",
    Relation.RELATED: "isRelatedTo",
    Relation.CLOSE: "ext:closeMatch",
    Relation.BROAD: "ext:broadMatch",
    Relation.NARROW: "ext:narrowMatch",
}
_NEGATED = "ext:not."
_TYPE_RELATIONS = {name: relation for relation, name in _RELATION_TYPES.items()}
# A foreign package's alignments to other documents, read as crosswalk mappings (the
# association itself is kept with the mapping, and written back as it was).
_ALIGNMENTS = {
    "exactMatchOf": Relation.EXACT,
    "isRelatedTo": Relation.RELATED,
    "isPeerOf": Relation.RELATED,
    "isPartOf": Relation.BROAD,  # the origin is part of the destination: it is broader
}
X_CASE = "x-case"  # what a foreign package holds that the model has no field for
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ITEM_RE = re.compile(ITEM_ID)


# -- export ----------------------------------------------------------------------------------


def last_change(framework: Framework, changed: datetime.datetime | None = None) -> str:
    """The ``lastChangeDateTime`` of every object in the framework's package.

    ``changed`` when given (a naive time is taken as UTC); else the date the framework
    records of its text, at midnight UTC: its release date, else the date its source was
    retrieved; else the time the package is made: ``SOURCE_DATE_EPOCH`` when that
    environment variable holds a whole number of seconds, else now. Never a date that is
    not one of these.
    """
    recorded = framework.released or (framework.source and framework.source.retrieved)
    if changed is None and recorded:
        return f"{recorded.isoformat()}T00:00:00+00:00"
    if changed is None:
        changed = _build_time()
    if changed.tzinfo is None:
        changed = changed.replace(tzinfo=datetime.UTC)
    return changed.astimezone(datetime.UTC).replace(microsecond=0).isoformat()


def _build_time() -> datetime.datetime:
    """Now, or the time ``SOURCE_DATE_EPOCH`` fixes for repeatable builds."""
    import os

    fixed = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if fixed.isdigit():
        return datetime.datetime.fromtimestamp(int(fixed), datetime.UTC)
    return datetime.datetime.now(datetime.UTC)


def _case_identity(extensions: Any, uri: str) -> tuple[str, str]:
    """An object's (identifier, uri): kept from a package it was imported from, else ours."""
    kept = extensions.get("x-case") if hasattr(extensions, "get") else None
    if isinstance(kept, dict):
        identifier, kept_uri = kept.get("identifier"), kept.get("uri")
        if isinstance(kept_uri, str) and kept_uri:
            # A source identifier that is no UUID (pre-1.0 packages used URLs) stays in
            # x-case; the object is then named by the UUIDv5 of its URI, as written.
            if isinstance(identifier, str) and _is_uuid(identifier):
                return identifier, kept_uri
            return uuid_of(kept_uri), kept_uri
    return uuid_of(uri), uri


def _is_uuid(text: str) -> bool:
    return re.fullmatch(r"[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}", text) is not None


_CHECKS: dict[int, SchemaCheck] = {}


def _fits(schema: dict[str, Any], value: Any) -> bool:
    """Whether ``value`` is valid by one CASE 1.1 property's schema."""
    check = _CHECKS.get(id(schema))
    if check is None:
        check = _CHECKS[id(schema)] = SchemaCheck(schema)
    return check.is_valid(value)


def _case_props(kind: str, raw: Any, skip: Iterable[str] = ()) -> dict[str, Any]:
    """The properties of ``raw`` that a CASE 1.1 ``kind`` object may hold, as they are."""
    if not isinstance(raw, dict):
        return {}
    props: dict[str, Any] = PROPERTIES[kind]["properties"]
    skipped = set(skip)
    return {k: v for k, v in raw.items() if k in props and k not in skipped and _fits(props[k], v)}


def _x_case(extensions: Any) -> dict[str, Any]:
    kept = extensions.get(X_CASE) if hasattr(extensions, "get") else None
    return kept if isinstance(kept, dict) else {}


def _foreign_extensions(kept: dict[str, Any]) -> dict[str, Any]:
    ext = kept.get("extensions")
    if not isinstance(ext, dict):
        return {}
    return {k: v for k, v in ext.items() if k != CASE_EXTENSION}


def _int_sequence(value: Any) -> int | None:
    """A sequence number to write, or None: a number past 18 digits is no position."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if abs(value) < 10**18 else None
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,18}\s*", value):
        return int(value)
    return None


def _link(title: str, identifier: str, uri: str) -> dict[str, str]:
    return {"title": title, "identifier": identifier, "uri": uri}


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    if value is not None and value != [] and value != {} and value != "":
        out[key] = value


def _mapping_extension(mapping: Mapping) -> dict[str, Any]:
    out: dict[str, Any] = {
        "subject": str(mapping.subject),
        "relation": mapping.relation.value,
        "object": str(mapping.object),
        "negated": mapping.negated,
        "justification": mapping.justification.value,
    }
    _put(out, "confidence", mapping.confidence)
    _put(out, "comment", mapping.comment)
    _put(out, "author", mapping.author)
    _put(out, "date", None if mapping.date is None else mapping.date.isoformat())
    _put(out, "source", mapping.source)
    for end, key in ((mapping.subject, "subject_label"), (mapping.object, "object_label")):
        if isinstance(end, ExternalConcept):
            _put(out, key, end.label)
    out.update(mapping.extensions)
    return out


def _mapping_order(entry: tuple[Mapping, MappingEnd, MappingEnd]) -> tuple[Any, ...]:
    def ref_key(ref: MappingEnd) -> tuple[Any, ...]:
        if isinstance(ref, ExternalConcept):
            return (1, ref.id)
        return (0, ref.framework, version_key(ref.version or ""), version_key(ref.item or ""))

    mapping, subject, obj = entry
    return (ref_key(subject), mapping.relation.value, ref_key(obj), mapping.negated)


def case_package(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    changed: datetime.datetime | None = None,
) -> dict[str, Any]:
    """The framework (and the mappings that touch it) as a CASE 1.1 CFPackage document.

    ``changed`` is the ``lastChangeDateTime`` of its objects (see :func:`last_change`).
    What a framework imported from a foreign package keeps under ``x-case`` is written back:
    its identifiers and URIs, dates, codes, item types, creator and publisher, every
    association, definitions and rubrics, wherever CASE 1.1 can hold the value as it is
    (the rest stays under ``extensions.cecompetency``).
    """
    fw = framework
    when = last_change(fw, changed)
    doc_case = _x_case(fw.extensions)
    doc_id, doc_uri = _case_identity(fw.extensions, framework_uri(fw.ref, base))
    doc_node = _link(fw.title, doc_id, doc_uri)
    names = "; ".join(p.name for p in fw.publishers)
    kept_when = doc_case.get("lastChangeDateTime")
    document: dict[str, Any] = {
        "identifier": doc_id,
        "uri": doc_uri,
        "creator": names,
        "title": fw.title,
        "lastChangeDateTime": kept_when
        if _fits(PROPERTIES["CFDocument"]["properties"]["lastChangeDateTime"], kept_when)
        else when,
    }
    _put(document, "officialSourceURL", fw.source.url if fw.source else None)
    document["publisher"] = names
    _put(document, "description", fw.description)
    _put(document, "language", fw.language)
    document["version"] = fw.version
    document["adoptionStatus"] = _ADOPTION[fw.status]
    _put(document, "statusStartDate", fw.released.isoformat() if fw.released else None)
    creator, publisher = _text(doc_case.get("creator")), _text(doc_case.get("publisher"))
    if (creator or publisher) and {n for n in (creator, publisher) if n} == {
        p.name for p in fw.publishers
    }:
        document["creator"] = creator or names
        if publisher is None:
            del document["publisher"]
        else:
            document["publisher"] = publisher
    status = doc_case.get("adoptionStatus")
    if isinstance(status, str) and _status_of(status) is fw.status:
        document["adoptionStatus"] = status
    definitions: dict[str, Any] = {}
    if fw.license is not None:
        license_uri = f"{framework_uri(fw.ref, base)}/definitions/license"
        license_id = uuid_of(license_uri)
        definitions["CFLicenses"] = [
            {
                "identifier": license_id,
                "uri": license_uri,
                "title": fw.license,
                "licenseText": fw.license,
                "lastChangeDateTime": when,
            }
        ]
        document["licenseURI"] = _link(fw.license, license_id, license_uri)
    _put(document, "notes", fw.source.citation if fw.source else None)
    document["caseVersion"] = "1.1"
    for key, value in _case_props(
        "CFDocument", doc_case, skip=("identifier", "uri", "caseVersion", "extensions")
    ).items():
        document.setdefault(key, value)
    kept = framework_to_data(fw)
    for key in ("title", "description", "language", "version", "scales", "items", "descriptors"):
        kept.pop(key, None)
    document["extensions"] = {**_foreign_extensions(doc_case), CASE_EXTENSION: kept}

    type_links: dict[str, dict[str, str]] = {}
    used_kinds: set[str] = set() if doc_case else set(_kinds(fw))

    def item_type(kind: str) -> dict[str, str]:
        used_kinds.add(kind)
        type_uri = f"{framework_uri(fw.ref, base)}/item-types/{quote(kind, safe='')}"
        return type_links.setdefault(kind, _link(kind, uuid_of(type_uri), type_uri))

    nodes: dict[str, dict[str, str]] = {}
    renamed: dict[str, dict[str, str]] = {}  # a kept (source) identifier -> its node here
    kept_items: dict[str, str] = {}  # a kept (source) identifier -> the item's id
    kept_doc_id = doc_case.get("identifier")
    if isinstance(kept_doc_id, str):
        renamed[kept_doc_id] = doc_node
    items = []
    for item in fw.walk():
        identifier, uri = _case_identity(item.extensions, item_uri(fw.ref_of(item), base))
        nodes[item.id] = _link(item.id, identifier, uri)
        kept_id = _x_case(item.extensions).get("identifier")
        if isinstance(kept_id, str):
            renamed[kept_id] = nodes[item.id]
            kept_items[kept_id] = item.id
        items.append(_case_item(item, identifier, uri, fw, when, item_type))

    item_types = []
    for code, kind in enumerate(_kinds(fw), start=1):
        if kind not in used_kinds:
            continue
        link = item_type(kind)
        item_types.append(
            {
                "identifier": link["identifier"],
                "uri": link["uri"],
                "title": kind,
                "description": kind,
                "hierarchyCode": str(code),
                "typeCode": kind,
                "lastChangeDateTime": when,
            }
        )
    kept_definitions = doc_case.get("CFDefinitions")
    if isinstance(kept_definitions, dict):
        for name, entries in kept_definitions.items():
            if name in PROPERTIES and isinstance(entries, list):
                valid = [e for e in entries if _fits(PROPERTIES[name], e)]
                if valid:
                    definitions.setdefault(name, []).extend(valid)
    if item_types:
        present = {e.get("identifier") for e in definitions.get("CFItemTypes", [])}
        extra = [t for t in item_types if t["identifier"] not in present]
        if extra:
            definitions.setdefault("CFItemTypes", []).extend(extra)

    associations: dict[str, dict[str, Any]] = {}

    def associate(kind: str, origin: dict[str, str], destination: dict[str, str]) -> dict[str, Any]:
        key = f"{doc_uri}/associations/{kind}/{origin['identifier']}/{destination['identifier']}"
        identifier = uuid_of(key)
        entry = associations.setdefault(
            identifier,
            {
                "identifier": identifier,
                "associationType": kind,
                "uri": f"{doc_uri}/associations/{identifier}",
                "originNodeURI": origin,
                "destinationNodeURI": destination,
                "lastChangeDateTime": when,
            },
        )
        return entry

    def written(raw: Any, **ends: dict[str, str]) -> dict[str, Any] | None:
        entry = _written_association(raw, renamed, doc_uri, when, ends)
        if entry is None:
            return None
        return associations.setdefault(entry["identifier"], entry)

    numbers: dict[str | None, list[int] | None] = {}

    def kept_numbers(parent: Item | None, siblings: tuple[Item, ...]) -> list[int] | None:
        key = None if parent is None else parent.id
        if key not in numbers:
            found = [
                _int_sequence(_x_case(s.extensions).get("isChildOf", {}).get("sequenceNumber"))
                if isinstance(_x_case(s.extensions).get("isChildOf"), dict)
                else None
                for s in siblings
            ]
            ints = [n for n in found if n is not None]
            increasing = all(a < b for a, b in itertools.pairwise(ints))
            numbers[key] = ints if len(ints) == len(found) and increasing else None
        return numbers[key]

    for item in fw.walk():
        parent = fw.parent_of(item)
        siblings = fw.items if parent is None else parent.children
        position = next(i for i, sibling in enumerate(siblings, 1) if sibling.id == item.id)
        expected = nodes[parent.id] if parent else doc_node
        raw = _x_case(item.extensions).get("isChildOf")
        entry = None
        if isinstance(raw, dict) and raw.get("associationType") == "isChildOf":
            destination = expected
            raw_dest = _raw_node_id(raw, "destinationNodeURI")
            if raw_dest is not None and raw_dest not in renamed and parent is None:
                destination = {}  # a parent outside the package, kept as written
            elif raw_dest is not None and renamed.get(raw_dest) == expected:
                destination = {}
            entry = written(
                raw,
                originNodeURI=nodes[item.id],
                **({"destinationNodeURI": destination} if destination else {}),
            )
        if entry is None:
            entry = associate("isChildOf", nodes[item.id], expected)
        given = kept_numbers(parent, siblings)
        entry["sequenceNumber"] = position if given is None else given[position - 1]
    for item in fw.walk():
        for raw in _x_case(item.extensions).get("associations", ()):
            written(raw)
    for raw in doc_case.get("associations", ()):
        written(raw)
    for mapping, subject, obj in sorted(_touching(fw, mappings), key=_mapping_order):
        kind = _RELATION_TYPES[mapping.relation]
        if mapping.negated:
            kind = _NEGATED + kind.removeprefix("ext:")
        origin, destination = _node(subject, fw, nodes, base), _node(obj, fw, nodes, base)
        raw = mapping.extensions.get(X_CASE)
        entry = None
        if (
            isinstance(raw, dict)
            and not mapping.negated
            and _ALIGNMENTS.get(raw.get("associationType", "")) is mapping.relation
        ):
            entry = written(
                raw,
                **_kept_end(raw, "originNodeURI", subject, origin),
                **_kept_end(raw, "destinationNodeURI", obj, destination),
            )
        if entry is None:
            entry = associate(kind, origin, destination)
        ours = entry.get("extensions")
        if not (isinstance(ours, dict) and CASE_EXTENSION in ours):
            # the first of several equal claims is kept
            _put(entry, "notes", mapping.comment)
            entry["extensions"] = {
                **(ours if isinstance(ours, dict) else {}),
                CASE_EXTENSION: _mapping_extension(mapping),
            }

    package: dict[str, Any] = {"CFDocument": document, "CFItems": items}
    package["CFAssociations"] = list(associations.values())
    if definitions:
        package["CFDefinitions"] = definitions
    # A foreign rubric is written back as it was when the framework still reads the same
    # from it (its scale then has no rubric of ours), or when it names none of the items.
    foreign: list[dict[str, Any]] = []
    as_written: set[str] = set()
    for rubric in doc_case.get("CFRubrics", ()):
        if not _fits(PROPERTIES["CFRubric"], rubric):
            continue
        scale_id = reads_the_same(fw, rubric, kept_items)
        if scale_id is not None:
            as_written.add(scale_id)
            foreign.append(rubric)
        elif foreign_rubric(rubric, kept_items, set()) is None:
            foreign.append(rubric)
    rubrics = []
    for scale in fw.scales:
        if scale.id in as_written:
            continue
        rubric = _rubric(scale, fw, base, when)
        rubric["CFRubricCriteria"] += descriptor_criteria(
            fw, scale, rubric["uri"], rubric["identifier"], nodes, when
        )
        rubrics.append(rubric)
    rubrics += foreign
    if rubrics:
        package["CFRubrics"] = rubrics
    return package


def _status_of(adoption: str) -> Status:
    status = adoption.lower()
    return (
        Status.PUBLISHED
        if status == "adopted"
        else Status.RETIRED
        if status == "deprecated"
        else Status.DRAFT
    )


def _raw_node_id(raw: dict[str, Any], key: str) -> str | None:
    node = raw.get(key)
    identifier = node.get("identifier") if isinstance(node, dict) else None
    return identifier if isinstance(identifier, str) else None


def _kept_end(
    raw: dict[str, Any], key: str, end: MappingEnd, node: dict[str, str]
) -> dict[str, dict[str, str]]:
    """The node a kept association names, unless the mapping's end has changed since."""
    kept = raw.get(key)
    if isinstance(kept, dict):
        if isinstance(end, ExternalConcept) and kept.get("uri") == end.id:
            return {}
        if kept.get("identifier") == node["identifier"]:
            return {}
    return {key: node}


def _written_association(
    raw: Any,
    renamed: dict[str, dict[str, str]],
    doc_uri: str,
    when: str,
    ends: dict[str, dict[str, str]],
) -> dict[str, Any] | None:
    """A kept association as CASE 1.1 holds it: its valid properties as written, nodes of
    this package renamed to their identifiers here; ``None`` when it cannot be written."""
    if not isinstance(raw, dict):
        return None
    props = PROPERTIES["CFAssociation"]["properties"]
    if not _fits(props["associationType"], raw.get("associationType")):
        return None
    entry = _case_props(
        "CFAssociation", raw, skip=("originNodeURI", "destinationNodeURI", "sequenceNumber")
    )
    kept_id = raw.get("identifier")
    if "identifier" not in entry:
        entry["identifier"] = uuid_of(f"{doc_uri}/associations/{kept_id}")
    entry.setdefault("uri", f"{doc_uri}/associations/{entry['identifier']}")
    entry.setdefault("lastChangeDateTime", when)
    for key in ("originNodeURI", "destinationNodeURI"):
        node = raw.get(key)
        kept = node if isinstance(node, dict) else {}
        identifier = kept.get("identifier")
        here = renamed.get(identifier) if isinstance(identifier, str) else None
        if key in ends:
            if (
                here is not None
                and ends[key]["identifier"] == here["identifier"]
                and _fits(PROPERTIES["LinkGenURI"], kept)
                and here["identifier"] == identifier
            ):
                entry[key] = kept
            else:
                entry[key] = ends[key]
        elif here is not None and here["identifier"] != identifier:
            entry[key] = here
        elif _fits(PROPERTIES["LinkGenURI"], kept):
            entry[key] = kept
        elif isinstance(kept.get("uri"), str):
            uri = kept["uri"]
            entry[key] = _link(_text(kept.get("title")) or uri, uuid_of(uri), uri)
        else:
            return None
    sequence = _int_sequence(raw.get("sequenceNumber"))
    if sequence is not None:
        entry["sequenceNumber"] = sequence
    return entry


def framework_to_case(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    changed: datetime.datetime | None = None,
) -> str:
    """The CASE 1.1 package of ``framework`` as JSON text, canonically ordered: the same
    framework and ``changed`` time (see :func:`last_change`) give the same bytes."""
    return json_text(case_package(framework, mappings=mappings, base=base, changed=changed))


def _kinds(fw: Framework) -> list[str]:
    kinds = list(fw.kinds)
    for item in fw.walk():
        if item.kind not in kinds:
            kinds.append(item.kind)
    return kinds


def _touching(
    fw: Framework, mappings: Iterable[Mapping]
) -> list[tuple[Mapping, MappingEnd, MappingEnd]]:
    """The mappings that name an item of ``fw``, to an item of any framework or to an
    external concept (written as a node of its URI: its label as title, a UUIDv5 of the
    URI as identifier)."""
    ref = fw.ref

    def ours(end: MappingEnd) -> bool:
        return isinstance(end, Ref) and end.framework_ref == ref and end.item in fw

    out = []
    for m in mappings:
        ends = (m.subject, m.object)
        if any(ours(e) for e in ends) and all(
            isinstance(e, Ref) or is_uri_concept(e) for e in ends
        ):
            out.append((m, m.subject, m.object))
    return out


def is_uri_concept(end: MappingEnd) -> bool:
    """Whether CASE can name ``end`` as a node: an external concept written as a URI."""
    return (isinstance(end, ExternalConcept) and "://" in end.id) or (
        isinstance(end, ExternalConcept) and end.id.startswith("urn:")
    )


def _node(
    ref: MappingEnd, fw: Framework, nodes: dict[str, dict[str, str]], base: str
) -> dict[str, str]:
    if isinstance(ref, ExternalConcept):
        return _link(ref.label or ref.id, uuid_of(ref.id), ref.id)
    if ref.framework_ref == fw.ref and ref.item in nodes:
        return nodes[ref.item or ""]
    uri = item_uri(ref, base)
    return _link(str(ref), uuid_of(uri), uri)


_FROM_MODEL = ("identifier", "uri", "fullStatement", "abbreviatedStatement", "notes")


def _case_item(
    item: Item,
    identifier: str,
    uri: str,
    fw: Framework,
    when: str,
    item_type: Any,
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "identifier": identifier,
        "uri": uri,
        "fullStatement": item.statement if item.statement is not None else item.title,
    }
    _put(out, "abbreviatedStatement", item.title)
    out["humanCodingScheme"] = item.id
    out["CFItemType"] = item.kind
    _put(out, "conceptKeywords", list(item.tags))
    _put(out, "notes", "\n\n".join(item.notes))
    _put(out, "language", fw.language)
    out["lastChangeDateTime"] = when
    case = _x_case(item.extensions)
    link = case.get("CFItemTypeURI")
    written_as = case.get("CFItemType")
    if written_as is None and isinstance(link, dict):
        written_as = link.get("title")  # the type was written as the kind is
    if isinstance(written_as, str) and _kind_of(written_as) == item.kind:
        out["CFItemType"] = written_as
        if _fits(PROPERTIES["CFItem"]["properties"]["CFItemTypeURI"], link):
            out["CFItemTypeURI"] = link
    if "CFItemTypeURI" not in out:
        out["CFItemTypeURI"] = item_type(item.kind)
    skip = [*_FROM_MODEL, "CFItemType", "CFItemTypeURI", "extensions"]
    if "conceptKeywords" in out:
        skip.append("conceptKeywords")
    out.update(_case_props("CFItem", case, skip=skip))
    kept: dict[str, Any] = {}
    if out["humanCodingScheme"] != item.id:
        kept["id"] = item.id
    if out["CFItemType"] != item.kind:
        kept["kind"] = item.kind
    if item.statement is None:
        kept["titleOnly"] = True
    if len(item.notes) > 1:
        kept["notes"] = list(item.notes)
    _put(kept, "weight", item.weight)
    kept.update(item.extensions)
    foreign = _foreign_extensions(case)
    if kept or foreign:
        out["extensions"] = {**foreign, **({CASE_EXTENSION: kept} if kept else {})}
    return out


def _kind_of(written: str) -> str:
    """The item kind a CASE ``CFItemType`` title reads as."""
    return written if _NAME.fullmatch(written) else _slug(written.lower(), "item")


def _rubric(scale: Any, fw: Framework, base: str, when: str) -> dict[str, Any]:
    uri = f"{framework_uri(fw.ref, base)}/scales/{quote(scale.id, safe='')}"
    identifier = uuid_of(uri)
    criterion_uri = f"{uri}/criterion"
    criterion_id = uuid_of(criterion_uri)
    levels = []
    for position, level in enumerate(scale.levels, start=1):
        level_uri = f"{uri}/levels/{quote(level.id, safe='')}"
        entry: dict[str, Any] = {"identifier": uuid_of(level_uri), "uri": level_uri}
        _put(entry, "description", level.description)
        entry["quality"] = level.label
        _put(entry, "score", level.score)
        entry["position"] = position
        entry["rubricCriterionId"] = criterion_id
        entry["lastChangeDateTime"] = when
        entry["extensions"] = [{CASE_EXTENSION: {"id": level.id}}]
        levels.append(entry)
    rubric: dict[str, Any] = {"identifier": identifier, "uri": uri, "title": scale.title}
    _put(rubric, "description", scale.description)
    rubric["lastChangeDateTime"] = when
    rubric["CFRubricCriteria"] = [
        {
            "identifier": criterion_id,
            "uri": criterion_uri,
            "position": 1,
            "rubricId": identifier,
            "lastChangeDateTime": when,
            "CFRubricCriterionLevels": levels,
        }
    ]
    rubric["extensions"] = {CASE_EXTENSION: {"id": scale.id}}
    return rubric


# -- import ----------------------------------------------------------------------------------


@attrs.frozen
class CaseImport(FrameworkAndMappings):
    """A framework read from a CASE package, and the crosswalk mappings its associations hold."""

    origin: ClassVar[str] = "CASE"


_CASE_CHECKS = {"1.1": SchemaCheck(CASE_SCHEMA), "1.0": SchemaCheck(CASE_1_0_SCHEMA)}


def case_version(data: dict[str, Any]) -> str:
    """The CASE version a package is read as: 1.1 when it says so (or says anything), 1.0
    when it has no ``caseVersion`` (1.0 had none)."""
    document = data.get("CFDocument")
    return "1.0" if isinstance(document, dict) and "caseVersion" not in document else "1.1"


def _schema_issues(data: Any, file: str, version: str = "1.1") -> list[Issue]:
    issues: dict[tuple[KeyPath, str], Issue] = {}
    for error in _CASE_CHECKS[version].errors(data):
        path: KeyPath = tuple(error.absolute_path)
        if error.validator == "additionalProperties" and isinstance(error.instance, dict):
            allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
            for key in error.instance:
                if key not in allowed:
                    message = f"{key!r} is not a CASE {version} property here"
                    issues.setdefault(
                        ((*path, key), message), Issue("CE630", message, file, path=(*path, key))
                    )
            continue
        message = error.message if len(error.message) < 200 else error.message[:200] + "..."
        issues.setdefault((path, message), Issue("CE630", message, file, path=path))
    return list(issues.values())


def _locate_json(issues: Iterable[Issue], document: Document) -> list[Issue]:
    # A property CASE does not have is placed at its key, as unknown keys are in our files.
    return locate(issues, document, at_key=lambda issue: issue.message.endswith("property here"))


@capped
def framework_from_case(
    source: bytes | str,
    file: str = "<string>",
    *,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[CaseImport]:
    """Read a CASE CFPackage; raise :class:`FrameworkError` with located issues.

    Strict (the default) accepts only packages of the CASE 1.1 CFPackage shape, or of the
    CASE 1.0 shape when the package has no ``caseVersion``; with ``lenient`` each deviation
    is a warning and reading goes on where it can.
    """
    data, tracked = read_framework_json(source, file, limits)
    if not isinstance(data, dict) or not isinstance(data.get("CFDocument"), dict):
        raise FrameworkError(
            [Issue("CE614", "expected a CASE package: a JSON object with a 'CFDocument'", file)]
        )
    deviations = _schema_issues(data, file, case_version(data))
    if deviations and not lenient:
        raise FrameworkError(_locate_json(deviations, tracked()))
    reader = _CaseReader(data, file, lenient)
    framework_data, places = reader.framework_data()
    if reader.errors:
        raise FrameworkError(_locate_json(reader.errors + reader.warnings, tracked()))

    def where(_paths: frozenset[KeyPath]) -> Document:
        return translated(framework_data, file, places, tracked())

    framework = build_framework(framework_data, file, where)
    mappings = reader.mappings(framework)
    found = [warning(i) for i in deviations] + reader.warnings
    return Imported(
        CaseImport(framework, tuple(mappings)),
        tuple(_locate_json(found, tracked()) if found else ()),
    )


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-._")
    return slug if slug and _NAME.fullmatch(slug) else fallback


class _CaseReader:
    """A CASE package (plain data) to a framework document, tolerating what it may."""

    def __init__(self, data: dict[str, Any], file: str, lenient: bool) -> None:
        self.data, self.file, self.lenient = data, file, lenient
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.doc: dict[str, Any] = data["CFDocument"]
        kept = self.doc.get("extensions")
        self.kept: dict[str, Any] | None = None
        if isinstance(kept, dict) and isinstance(kept.get(CASE_EXTENSION), dict):
            self.kept = dict(kept[CASE_EXTENSION])
        self.items: list[dict[str, Any]] = [i for i in self._list("CFItems") if isinstance(i, dict)]
        self.associations = [a for a in self._list("CFAssociations") if isinstance(a, dict)]
        self.item_ids: dict[str, str] = {}  # CASE identifier -> our item id
        self.item_index: dict[str, int] = {}  # CASE identifier -> index in CFItems
        self.used_ids: set[str] = set()
        self.doc_case: dict[str, Any] = {}
        # Foreign alignments read as mappings: (association index, origin, destination).
        self.alignments: list[tuple[int, str | None, str | None]] = []

    def _list(self, key: str) -> list[Any]:
        value = self.data.get(key)
        return value if isinstance(value, list) else []

    def note(self, code: str, message: str, path: KeyPath, *, error: bool = False) -> None:
        issue = Issue(code, message, self.file, path=path)
        if error:
            self.errors.append(issue)
        else:
            self.warnings.append(warning(issue))

    # -- the document ------------------------------------------------------------------------
    def framework_data(self) -> tuple[dict[str, Any], dict[KeyPath, KeyPath]]:
        doc = self.doc
        places: dict[KeyPath, KeyPath] = {(): ("CFDocument",)}
        out: dict[str, Any] = {"format": FRAMEWORK_FORMAT}
        if self.kept is not None:
            out.update(self.kept)
            out["format"] = FRAMEWORK_FORMAT
        else:
            out.update(self._foreign_document())
        title = _text(doc.get("title"))
        out["title"] = title if title is not None else out.get("title", "Untitled")
        places[("title",)] = ("CFDocument", "title")
        for key in ("description", "language", "version"):
            value = _text(doc.get(key))
            if value is not None:
                out[key] = value
                places[(key,)] = ("CFDocument", key)
        if "version" not in out:
            out["version"] = self._fallback_version()
        scales = self._scales()
        out["items"] = self._tree(places)
        descriptors = self._descriptors(scales)
        if scales:
            out["scales"] = scales
        if descriptors:
            out["descriptors"] = descriptors
        # Keys in the canonical order, so that the document reads like a written one.
        order = ["format", "id", "version", "title", "status", "description", "publishers"]
        ordered = {key: out[key] for key in order if key in out}
        ordered.update(
            {k: v for k, v in out.items() if k not in ordered and k not in ("items", "descriptors")}
        )
        ordered["items"] = out["items"]
        if "descriptors" in out:
            ordered["descriptors"] = out["descriptors"]
        return ordered, places

    def _descriptors(self, scales: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The descriptors the package's rubrics hold (see :mod:`._case_rubrics`); the
        scales that foreign rubrics read as are added to ``scales``."""
        ours: list[tuple[int, dict[str, Any]]] = []
        found: list[dict[str, Any]] = []
        taken = {scale["id"] for scale in scales}
        for rubric in self._list("CFRubrics"):
            if not isinstance(rubric, dict):
                continue
            if _ours(rubric):
                scale_id = rubric["extensions"][CASE_EXTENSION].get("id")
                if isinstance(scale_id, str) and scale_id in taken:
                    ours += our_descriptors(rubric, scale_id, self.item_ids)
                continue
            read = foreign_rubric(rubric, self.item_ids, taken)
            if read is not None:
                scales.append(read[0])
                found += read[1]
        return [data for _, data in sorted(ours, key=lambda pair: pair[0])] + found

    def _fallback_version(self) -> str:
        when = _text(self.doc.get("lastChangeDateTime"))
        if when and re.match(r"\d{4}-\d{2}-\d{2}", when):
            return when[:10]
        return "1"

    def _foreign_document(self) -> dict[str, Any]:
        doc = self.doc
        out: dict[str, Any] = {}
        ref = parse_uri(doc["uri"]) if isinstance(doc.get("uri"), str) else None
        title = _text(doc.get("title")) or "framework"
        out["id"] = ref.framework if ref is not None else _slug(title.lower(), "framework")
        status = str(doc.get("adoptionStatus") or "").lower()
        out["status"] = (
            "published" if status == "adopted" else "retired" if status == "deprecated" else "draft"
        )
        names = [n for n in (_text(doc.get("creator")), _text(doc.get("publisher"))) if n]
        unique = list(dict.fromkeys(names)) or ["unknown (not named in the CASE package)"]
        if not names:
            self.note("CE633", "the package names no creator or publisher", ("CFDocument",))
        out["publishers"] = [{"name": name} for name in unique]
        language = _text(doc.get("language"))
        if language is not None and not re.fullmatch(
            r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language
        ):
            self.note(
                "CE633",
                f"the language {language!r} is not a BCP 47 tag; kept in x-case",
                ("CFDocument", "language"),
            )
            doc = {k: v for k, v in doc.items() if k != "language"}
            self.doc = doc
        mapped = {"title", "description", "version", "language"}
        kept = {k: v for k, v in doc.items() if k not in mapped and v is not None}
        for key in ("title", "description", "version"):
            if key in doc and doc[key] is not None and _text(doc[key]) is None:
                kept[key] = doc[key]  # blank: not a value of ours, kept as written
        rubrics = [r for r in self._list("CFRubrics") if not _ours(r)]
        if rubrics:
            kept["CFRubrics"] = rubrics
        definitions = self.data.get("CFDefinitions")
        if isinstance(definitions, dict) and any(definitions.values()):
            kept["CFDefinitions"] = definitions
        others = {
            k: v
            for k, v in self.data.items()
            if k not in {"CFDocument", "CFItems", "CFAssociations", "CFDefinitions", "CFRubrics"}
        }
        if others:
            kept["package"] = others
        self.doc_case = kept
        out["x-case"] = kept
        return out

    def _scales(self) -> list[dict[str, Any]]:
        scales = []
        for index, rubric in enumerate(self._list("CFRubrics")):
            if not _ours(rubric):
                continue
            criteria = rubric.get("CFRubricCriteria") or []
            levels_data = criteria[0].get("CFRubricCriterionLevels") or [] if criteria else []
            levels = []
            for level in sorted(
                (lv for lv in levels_data if isinstance(lv, dict)),
                key=lambda lv: _sequence(lv.get("position")),
            ):
                ext = level.get("extensions")
                level_id = None
                if isinstance(ext, list):
                    for entry in ext:
                        if isinstance(entry, dict) and isinstance(entry.get(CASE_EXTENSION), dict):
                            level_id = entry[CASE_EXTENSION].get("id")
                entry_out: dict[str, Any] = {
                    "id": level_id or _slug(str(level.get("quality") or ""), "level"),
                    "label": level.get("quality") or level_id or "level",
                }
                if _text(level.get("description")):
                    entry_out["description"] = level["description"]
                if isinstance(level.get("score"), int | float) and not isinstance(
                    level.get("score"), bool
                ):
                    entry_out["score"] = level["score"]
                levels.append(entry_out)
            scale: dict[str, Any] = {
                "id": rubric["extensions"][CASE_EXTENSION].get("id", f"scale-{index + 1}"),
                "title": rubric.get("title") or f"Scale {index + 1}",
            }
            if _text(rubric.get("description")):
                scale["description"] = rubric["description"]
            scale["levels"] = levels
            scales.append(scale)
        return scales

    # -- the items and the tree --------------------------------------------------------------
    def _tree(self, places: dict[KeyPath, KeyPath]) -> list[dict[str, Any]]:
        built: dict[str, dict[str, Any]] = {}
        for index, raw in enumerate(self.items):
            identifier = raw.get("identifier")
            path = ("CFItems", index)
            if not isinstance(identifier, str) or not identifier:
                self.note(
                    "CE632",
                    "an item without an identifier cannot be placed; skipped",
                    path,
                    error=not self.lenient,
                )
                continue
            if identifier in built:
                self.note(
                    "CE632",
                    f"the identifier {identifier!r} is used by two items",
                    (*path, "identifier"),
                    error=True,
                )
                continue
            item = self._item(raw, path)
            if item is None:
                continue
            built[identifier] = item
            self.item_index[identifier] = index
        doc_id = self.doc.get("identifier")
        parents: dict[str, tuple[str | None, float, int]] = {}
        for index, assoc in enumerate(self.associations):
            if assoc.get("associationType") != "isChildOf":
                continue
            origin, destination = (
                _node_id(assoc, "originNodeURI"),
                _node_id(assoc, "destinationNodeURI"),
            )
            path = ("CFAssociations", index)
            if origin not in built:
                self.note(
                    "CE631",
                    "an isChildOf association whose origin is not an item of this package; "
                    + ("ignored" if self.kept is not None else "kept in x-case"),
                    (*path, "originNodeURI"),
                )
                continue
            parent: str | None
            if destination == doc_id:
                parent = None
            elif destination in built:
                parent = destination
            else:
                self.note(
                    "CE631",
                    "an isChildOf association whose destination is not in this "
                    "package; the item is placed at the top level",
                    (*path, "destinationNodeURI"),
                )
                parent = None
            sequence = _sequence(assoc.get("sequenceNumber"))
            if origin in parents:
                self.note(
                    "CE632",
                    f"the item {self.item_ids[origin]!r} has a second parent; "
                    "a framework is a tree, the first is kept"
                    + ("" if self.kept is not None else " (the second in x-case)"),
                    path,
                )
                continue
            parents[origin] = (parent, sequence, index)
        if self.kept is None:
            self._keep_associations(built, {index for _, _, index in parents.values()})
        children: dict[str | None, list[tuple[float, int, str]]] = {}
        for identifier in built:
            if identifier not in parents:
                self.note(
                    "CE632",
                    f"the item {self.item_ids[identifier]!r} has no isChildOf "
                    "association; placed at the top level",
                    ("CFItems", self.item_index[identifier]),
                )
                parents[identifier] = (None, float("inf"), len(self.associations))
            parent, sequence, order = parents[identifier]
            children.setdefault(parent, []).append((sequence, order, identifier))
        ordered = {parent: [key for *_, key in sorted(group)] for parent, group in children.items()}
        walk: TreeWalk[str] = TreeWalk(ordered, _MAX_DEPTH)
        roots: list[dict[str, Any]] = []
        slots: dict[str | None, tuple[list[dict[str, Any]], KeyPath]] = {None: (roots, ("items",))}
        for step in walk:
            identifier = step.key
            item = built[identifier]
            into, at = slots[step.parent]
            here: KeyPath = (*at, step.index)
            json_path: KeyPath = ("CFItems", self.item_index[identifier])
            places[here] = json_path
            for key in item:
                places[(*here, key)] = json_path
            into.append(item)
            if ordered.get(identifier) and step.level < _MAX_DEPTH:
                item["items"] = []
                slots[identifier] = (item["items"], (*here, "items"))
        for identifier in walk.too_deep:
            self.note(
                "CE605",
                too_deep_message(self.item_ids[identifier], _MAX_DEPTH),
                ("CFItems", self.item_index[identifier]),
                error=True,
            )
        for identifier in walk.in_cycles(list(built)):
            self.note(
                "CE628",
                f"the item {self.item_ids[identifier]!r} is its own ancestor "
                "(a cycle of isChildOf associations)",
                ("CFItems", self.item_index[identifier]),
                error=True,
            )
        # Items whose children were added after the parent was reordered keep key order.
        return [_order_item(item) for item in roots]

    def _item(self, raw: dict[str, Any], path: KeyPath) -> dict[str, Any] | None:
        identifier = raw["identifier"]
        kept = raw.get("extensions")
        ours: dict[str, Any] = {}
        if isinstance(kept, dict) and isinstance(kept.get(CASE_EXTENSION), dict):
            ours = kept[CASE_EXTENSION]
        leftovers: dict[str, Any] = {}
        code = _text(raw.get("humanCodingScheme"))
        item_id = identifier
        if isinstance(ours.get("id"), str) and _ITEM_RE.fullmatch(ours["id"]):
            item_id = ours["id"]
        elif code is not None:
            if _ITEM_RE.fullmatch(code) and code not in self.used_ids:
                item_id = code
            else:
                self.note(
                    "CE633",
                    f"the humanCodingScheme {code!r} cannot be an item id (it "
                    "has spaces or repeats); the item's identifier is used",
                    (*path, "humanCodingScheme"),
                )
                leftovers["humanCodingScheme"] = code
        if not _ITEM_RE.fullmatch(item_id):
            self.note("CE632", f"the identifier {item_id!r} cannot be an item id", path, error=True)
            return None
        self.item_ids[identifier] = item_id
        self.used_ids.add(item_id)
        item: dict[str, Any] = {"id": item_id}
        kind = _text(raw.get("CFItemType"))
        if isinstance(ours.get("kind"), str) and _NAME.fullmatch(ours["kind"]):
            item["kind"] = ours["kind"]
        elif kind is None:
            item["kind"] = "item"
        elif _NAME.fullmatch(kind):
            item["kind"] = kind
        else:
            item["kind"] = _slug(kind.lower(), "item")
            leftovers["CFItemType"] = kind
        full = _text(raw.get("fullStatement"))
        short = _text(raw.get("abbreviatedStatement"))
        if ours.get("titleOnly") is True:
            item["title"] = short or full
        else:
            if short is not None:
                item["title"] = short
            if full is not None:
                item["statement"] = full
        if "title" not in item and "statement" not in item:
            if code is None:
                self.note(
                    "CE634",
                    "the item has no statement, abbreviated statement or code",
                    path,
                    error=True,
                )
                return None
            self.note(
                "CE634",
                "the item has no statement; its code is used as its title",
                (*path, "fullStatement"),
            )
            item["title"] = code
        keywords = raw.get("conceptKeywords")
        if isinstance(keywords, list) and keywords:
            if all(isinstance(k, str) and _NAME.fullmatch(k) for k in keywords):
                item["tags"] = list(keywords)
            else:
                leftovers["conceptKeywords"] = keywords
        notes = ours.get("notes")
        if isinstance(notes, list) and all(isinstance(n, str) and n.strip() for n in notes):
            item["notes"] = list(notes)
        elif _text(raw.get("notes")):
            item["notes"] = [raw["notes"]]
        if isinstance(ours.get("weight"), int | float) and not isinstance(ours["weight"], bool):
            item["weight"] = ours["weight"]
        for key, value in ours.items():
            if key.startswith("x-"):
                item[key] = value
        if self.kept is None:
            mapped = {
                "identifier",
                "uri",
                "fullStatement",
                "abbreviatedStatement",
                "humanCodingScheme",
                "conceptKeywords",
                "notes",
            }
            case: dict[str, Any] = {"identifier": identifier}
            if isinstance(raw.get("uri"), str):
                case["uri"] = raw["uri"]
            case.update({k: v for k, v in raw.items() if k not in mapped and v is not None})
            if isinstance(kind, str) and kind != item["kind"]:
                leftovers["CFItemType"] = kind
            else:
                case.pop("CFItemType", None)  # the kind is the type, as written
            for key in ("fullStatement", "abbreviatedStatement", "notes"):
                if raw.get(key) is not None and _text(raw[key]) is None:
                    leftovers[key] = raw[key]  # blank or not text: kept as written
            case.update(leftovers)
            item["x-case"] = case
        return item

    def _keep_associations(self, built: dict[str, dict[str, Any]], tree: set[int]) -> None:
        """Every association of a foreign package, kept: the tree's on their child item (as
        written, so its identifier, date and sequence number go back out), alignments to
        other documents as mappings (see :meth:`mappings`), the rest (precedes, exemplar,
        hasSkillLevel, replacedBy, isTranslationOf, ext: types, second parents) on their
        origin item, or on the document when their origin is not an item here."""
        doc_associations: list[dict[str, Any]] = []
        for index, assoc in enumerate(self.associations):
            origin = _node_id(assoc, "originNodeURI")
            destination = _node_id(assoc, "destinationNodeURI")
            kind = assoc.get("associationType")
            if index in tree and origin in built:
                built[origin]["x-case"]["isChildOf"] = assoc
                continue
            if isinstance(kind, str) and kind in _ALIGNMENTS:
                ends = [
                    identifier if identifier in built else None
                    for identifier in (origin, destination)
                ]
                outside = [
                    key
                    for key, end in zip(("originNodeURI", "destinationNodeURI"), ends, strict=True)
                    if end is None
                ]
                if any(ends) and all(_concept_node(assoc, key) is not None for key in outside):
                    self.alignments.append((index, ends[0], ends[1]))
                    continue
            if origin in built:
                built[origin]["x-case"].setdefault("associations", []).append(assoc)
            else:
                doc_associations.append(assoc)
        if doc_associations:
            self.doc_case["associations"] = doc_associations

    # -- mappings ----------------------------------------------------------------------------
    def mappings(self, framework: Framework) -> list[Mapping]:
        """The crosswalk mappings the package's associations state."""
        out = []
        for index, assoc in enumerate(self.associations):
            ext = assoc.get("extensions")
            claim = ext.get(CASE_EXTENSION) if isinstance(ext, dict) else None
            path = ("CFAssociations", index)
            if isinstance(claim, dict) and {"subject", "relation", "object"} <= set(claim):
                mapping = _mapping_from(claim)
                if mapping is None:
                    self.note(
                        "CE631",
                        "the association's mapping cannot be read; ignored",
                        (*path, "extensions"),
                    )
                else:
                    out.append(mapping)
                continue
            if self.kept is None:
                continue  # a foreign package's alignments follow
            kind = assoc.get("associationType")
            relation = _TYPE_RELATIONS.get(kind) if isinstance(kind, str) else None
            if relation is None:
                continue
            subject = self._ref(assoc, "originNodeURI", framework)
            obj = self._ref(assoc, "destinationNodeURI", framework)
            if subject is not None and obj is not None:
                out.append(Mapping(subject, relation, obj, justification=Justification.UNSPECIFIED))
        for index, origin, destination in self.alignments:
            assoc = self.associations[index]
            ends: list[MappingEnd] = []
            for identifier, key in ((origin, "originNodeURI"), (destination, "destinationNodeURI")):
                if identifier is not None and self.item_ids.get(identifier) in framework:
                    ends.append(framework.ref_of(self.item_ids[identifier]))
                else:
                    concept = _concept_node(assoc, key)
                    if concept is not None:
                        ends.append(concept)
            if len(ends) == 2:
                out.append(
                    Mapping(
                        ends[0],
                        _ALIGNMENTS[assoc["associationType"]],
                        ends[1],
                        justification=Justification.UNSPECIFIED,
                        extensions={X_CASE: assoc},
                    )
                )
        return out

    def _ref(self, assoc: dict[str, Any], key: str, framework: Framework) -> Ref | None:
        identifier = _node_id(assoc, key)
        if identifier in self.item_ids:
            return framework.ref_of(self.item_ids[identifier])
        node = assoc.get(key)
        uri = node.get("uri") if isinstance(node, dict) else None
        ref = parse_uri(uri) if isinstance(uri, str) else None
        return ref if ref is not None and ref.item is not None else None


def _concept_node(assoc: dict[str, Any], key: str) -> ExternalConcept | None:
    """A node outside the package as an external concept: its URI, its title as label."""
    node = assoc.get(key)
    uri = node.get("uri") if isinstance(node, dict) else None
    if (
        not isinstance(uri, str)
        or not is_concept_id(uri)
        or not ("://" in uri or uri.startswith("urn:"))
    ):
        return None
    title = node.get("title") if isinstance(node, dict) else None
    return ExternalConcept(uri, title if isinstance(title, str) and title.strip() else None)


def _ours(rubric: Any) -> bool:
    ext = rubric.get("extensions") if isinstance(rubric, dict) else None
    return isinstance(ext, dict) and isinstance(ext.get(CASE_EXTENSION), dict)


def _node_id(assoc: dict[str, Any], key: str) -> str | None:
    node = assoc.get(key)
    identifier = node.get("identifier") if isinstance(node, dict) else None
    return identifier if isinstance(identifier, str) else None


def _sequence(value: Any) -> float:
    """A sequence number, read leniently (real packages write ``"2"``); unnumbered go last."""
    if isinstance(value, bool):
        return float("inf")
    # A number too large for a float (or a text of thousands of digits) sorts last.
    if isinstance(value, int | float):
        return float(value) if abs(value) < 1e300 else float("inf")
    if isinstance(value, str) and re.fullmatch(r"\s*-?\d{1,300}\s*", value):
        return float(int(value))
    return float("inf")


_ITEM_ORDER = ("id", "kind", "title", "statement", "weight", "tags", "notes")


def _order_item(item: dict[str, Any]) -> dict[str, Any]:
    out = {key: item[key] for key in _ITEM_ORDER if key in item}
    out.update({k: v for k, v in item.items() if k not in out and k != "items"})
    if item.get("items"):
        out["items"] = [_order_item(child) for child in item["items"]]
    return out


def _mapping_from(claim: dict[str, Any]) -> Mapping | None:
    try:
        date = claim.get("date")
        return Mapping(
            subject=_end_of(claim["subject"], claim.get("subject_label")),
            relation=Relation(claim["relation"]),
            object=_end_of(claim["object"], claim.get("object_label")),
            negated=bool(claim.get("negated", False)),
            confidence=claim.get("confidence"),
            justification=Justification(
                claim.get("justification", Justification.UNSPECIFIED.value)
            ),
            comment=claim.get("comment"),
            author=claim.get("author"),
            date=None if date is None else datetime.date.fromisoformat(date),
            source=claim.get("source"),
            extensions={
                k: v for k, v in claim.items() if isinstance(k, str) and k.startswith("x-")
            },
        )
    except (KeyError, TypeError, ValueError, ModelError, RefError):
        return None


def _end_of(text: Any, label: Any) -> MappingEnd:
    """A mapping end written by :func:`_mapping_extension`: an item reference
    (``framework@version:item``) or an external concept's URI or CURIE."""
    if isinstance(text, str) and "@" not in text.split(":", 1)[0] and is_concept_id(text):
        return ExternalConcept(text, label if isinstance(label, str) and label.strip() else None)
    return parse_ref(text)
