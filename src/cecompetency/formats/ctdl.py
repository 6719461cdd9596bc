"""Frameworks as CTDL-ASN JSON-LD (Credential Engine's competency vocabulary), both ways.

Export (:func:`framework_to_ctdl`): one ``@graph`` holds a ``ceasn:CompetencyFramework``
and a ``ceasn:Competency`` node per item, identified by the URIs of :mod:`.identifiers`:

- the framework: ``ceasn:name``, ``ceasn:description``, ``ceasn:inLanguage``,
  ``ceasn:publisherName``, ``ceterms:versionCode`` (the version), ``ceasn:dateCreated``
  (the release date), ``ceasn:source`` (the source URL), ``ceasn:license`` (when it is a
  URI, else ``ceasn:rights``), ``ceasn:publicationStatusType`` and ``ceasn:hasTopChild``;
- each item: ``ceasn:competencyText`` (the statement, else the title),
  ``ceasn:competencyLabel`` (the title; an item with a title only has the same text in
  both), ``ceasn:codedNotation`` (the id), ``ceasn:competencyCategory`` (the kind),
  ``ceasn:comment`` (notes), ``ceasn:conceptKeyword`` (tags), ``ceasn:weight``,
  ``ceasn:isPartOf``, ``ceasn:isTopChildOf`` or ``ceasn:isChildOf``, and ``ceasn:hasChild``;
- mappings that start at one of its items become alignment properties of that item:
  exact -> ``ceasn:exactAlignment``, close -> ``ceasn:majorAlignment`` (major overlap),
  related -> ``ceasn:minorAlignment`` (minor overlap), broad -> ``ceasn:broadAlignment``
  (the object covers this and more), narrow -> ``ceasn:narrowAlignment``. CTDL-ASN has
  no negation, so negated mappings are left out.

Text values are language maps keyed by the framework's language (``und``, undetermined,
when it has none). Keys are sorted and lists kept in document order: exports diff cleanly.
A framework or item imported from CTDL-ASN keeps its ``@id`` (under ``x-ctdl``) and is
exported with it.

Import (:func:`framework_from_ctdl`) reads that JSON-LD and what Credential Engine
publishes: an object with an ``@graph`` (or a list of nodes), exactly one framework node;
text as a plain string, a list, or a language map (the framework's language is preferred,
else the first entry); URI properties as one string or a list. Competencies are placed by
``ceasn:isChildOf`` (else the parent's ``ceasn:hasChild``) and ordered as ``hasChild`` and
``hasTopChild`` list them. Item ids are the ``codedNotation``, else the last segment of the
``@id``. The framework's id and version come from its ``@id`` when that is a URI of
:mod:`.identifiers` (the version from ``ceterms:versionCode`` first), else the id is made
from the name and the version from ``ceasn:dateModified`` or ``ceasn:dateCreated``;
``metadata`` overrides either. Alignments become mappings (justification
``semapv:UnspecifiedMatching``); an alignment to a URI that names no item is kept under the
item's ``x-ctdl``, as are keywords that cannot be tags and a ``codedNotation`` that cannot
be an id. Issues (errors unless marked): CE670 not a graph with exactly one framework node;
CE671 a node that is not an object (a warning), has no ``@id``, or repeats one; CE672
(warning) a node that is neither framework nor competency, a second parent, a parent
outside the graph; CE673 (warning) a value that cannot be kept as it is; CE674 a
competency with no text (a warning when its ``codedNotation`` stands in); CE628 a cycle
or a tree deeper than 48 levels; CE629 no title, publisher or id.

Weights: the model holds ``weight`` as a share of 100 (siblings sum to 100). When every
sibling has a ``ceasn:weight`` and all lie in [0, 1] summing to 1, they are fractions and
are read as shares (0.18 as 18); otherwise they are read as written (18 as 18). Export
writes shares, except that a weight read from a file is written back as the file had it.
Every property the model has no field for (``ceterms:ctid``, ``ceasn:complexityLevel``,
``ceasn:educationLevelType``, dates, author and publisher URIs, every source URL, nodes of
other types, ...) is kept under ``x-ctdl`` and written back; an export of a framework that
has no ``ctid`` makes one from its ``@id`` (``ce-`` and a UUID v5). Alignments to URIs
outside the graph are mappings to external concepts.

What CTDL-ASN cannot carry, so an export does not read back: level scales, roles and level
matrices; declared kinds; ``supersedes``; publishers' abbreviations and URLs; the source
citation and retrieval date; ``x-`` extensions; the superseded status (written as
Deprecated, read as retired); negated mappings, and every mapping's confidence,
justification, comment, author and date; an item whose title equals its statement reads
back with the title only.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Callable, Iterable
from collections.abc import Mapping as MappingABC
from typing import Any, ClassVar
from urllib.parse import unquote

import attrs

from cecompetency.files.checks import locate
from cecompetency.files.codec import FRAMEWORK_FORMAT
from cecompetency.files.json_reader import read_framework_json, translated
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, KeyPath, Limits
from cecompetency.formats._build import build_framework
from cecompetency.formats._imported_crosswalk import FrameworkAndMappings
from cecompetency.formats._tree import TreeWalk, too_deep_message
from cecompetency.formats.identifiers import (
    BASE_URI,
    end_uri,
    framework_uri,
    item_uri,
    parse_uri,
    uuid_of,
)
from cecompetency.formats.imported import Imported, capped, warning
from cecompetency.formats.json import json_text
from cecompetency.model.crosswalk import Justification, Mapping, MappingEnd
from cecompetency.model.errors import FrameworkError, Issue, ModelError
from cecompetency.model.external import ExternalConcept, is_concept_id
from cecompetency.model.framework import Framework, Item, Status
from cecompetency.model.refs import FRAMEWORK_ID, ITEM_ID, VERSION, Ref
from cecompetency.model.relations import Relation

__all__ = [
    "ALIGNMENTS",
    "CONTEXT",
    "CtdlImport",
    "ctdl_graph",
    "framework_from_ctdl",
    "framework_to_ctdl",
]

CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"
ALIGNMENTS = {
    Relation.EXACT: "ceasn:exactAlignment",
    Relation.CLOSE: "ceasn:majorAlignment",
    Relation.RELATED: "ceasn:minorAlignment",
    Relation.BROAD: "ceasn:broadAlignment",
    Relation.NARROW: "ceasn:narrowAlignment",
}
CTDL_EXTENSION = "x-ctdl"  # what a foreign framework or item keeps of its CTDL-ASN identity
_STATUS = "http://credreg.net/ctdlasn/vocabs/publicationStatus/"
_STATUSES = {
    Status.DRAFT: "Draft",
    Status.PUBLISHED: "Published",
    Status.SUPERSEDED: "Deprecated",
    Status.RETIRED: "Deprecated",
}
_URI_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*://")


# -- export ----------------------------------------------------------------------------------


def _kept(extensions: MappingABC[str, Any]) -> dict[str, Any]:
    kept = extensions.get(CTDL_EXTENSION)
    return kept if isinstance(kept, dict) else {}


def _kept_id(extensions: MappingABC[str, Any], default: str) -> str:
    """The ``@id`` an object kept from the CTDL-ASN file it was read from, else ours."""
    uri = _kept(extensions).get("@id")
    return uri if isinstance(uri, str) and uri else default


def _ctid(uri: str) -> str:
    """A Credential Engine CTID (``ce-`` and a UUID), the same for the same URI."""
    return "ce-" + uuid_of(uri)


def _write_back(node: dict[str, Any], extensions: MappingABC[str, Any]) -> dict[str, Any]:
    """``node`` with the properties kept from the file it was read from written back as they
    were (a kept ``null`` is a property the file did not have and ours would add)."""
    for key, value in _kept(extensions).items():
        if key == "@type" or (":" in key and not key.startswith("@")):
            if value is None:
                node.pop(key, None)
            else:
                node[key] = value
    return node


def ctdl_graph(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    prefixes: MappingABC[str, str] | None = None,
) -> dict[str, Any]:
    """The framework as a CTDL-ASN JSON-LD document (plain data).

    Mappings from its items become alignments, to other items or to external concepts
    (their URI, or their CURIE expanded by ``prefixes``; one of an undeclared prefix is
    left out)."""
    fw = framework
    language = fw.language or "und"
    kept = _kept(fw.extensions)
    key = kept.get("@language")
    key = key if isinstance(key, str) and key else language

    def text(value: str) -> dict[str, str]:
        return {key: value}

    fw_uri = _kept_id(fw.extensions, framework_uri(fw.ref, base))
    uris = {
        item.id: _kept_id(item.extensions, item_uri(fw.ref_of(item), base)) for item in fw.walk()
    }
    node: dict[str, Any] = {
        "@id": fw_uri,
        "@type": "ceasn:CompetencyFramework",
        "ceasn:name": text(fw.title),
        "ceasn:inLanguage": [language],
        "ceasn:publisherName": {key: [p.name for p in fw.publishers]},
        "ceasn:publicationStatusType": _STATUS + _STATUSES[fw.status],
        "ceasn:hasTopChild": [uris[item.id] for item in fw.items],
        "ceterms:ctid": kept.get("ceterms:ctid") or _ctid(fw_uri),
        "ceterms:versionCode": fw.version,
    }
    if fw.description:
        node["ceasn:description"] = text(fw.description)
    if fw.released:
        node["ceasn:dateCreated"] = fw.released.isoformat()
    if fw.source is not None and fw.source.url:
        node["ceasn:source"] = [fw.source.url]
    if fw.license and _URI_SCHEME.match(fw.license):
        node["ceasn:license"] = fw.license
    elif fw.license:
        node["ceasn:rights"] = text(fw.license)
    aligned: dict[str, dict[str, list[str]]] = {}
    for mapping in mappings:
        subject = mapping.subject
        if (
            mapping.negated
            or not isinstance(subject, Ref)
            or subject.framework_ref != fw.ref
            or subject.item not in uris
        ):
            continue
        target = end_uri(mapping.object, prefixes or {}, base)
        if target is None:
            continue
        targets = aligned.setdefault(subject.item or "", {}).setdefault(
            ALIGNMENTS[mapping.relation], []
        )
        if target not in targets:
            targets.append(target)
    graph = [_sorted(_write_back(node, fw.extensions))]
    for item in fw.walk():
        out = _competency(item, fw, uris, fw_uri, key, aligned.get(item.id, {}))
        graph.append(_sorted(_write_back(out, item.extensions)))
    others = kept.get("@graph")
    if isinstance(others, list):
        graph.extend(others)  # the nodes of other types the file held, as they were
    document: dict[str, Any] = {"@context": CONTEXT}
    written = kept.get("@document")
    if isinstance(written, dict):
        document.update({k: v for k, v in written.items() if k != "@graph"})
    document["@graph"] = graph
    return document


def _competency(
    item: Item,
    fw: Framework,
    uris: dict[str, str],
    fw_uri: str,
    language: str,
    alignments: dict[str, list[str]],
) -> dict[str, Any]:
    def text(value: str) -> dict[str, str]:
        return {language: value}

    parent = fw.parent_of(item)
    out: dict[str, Any] = {
        "@id": uris[item.id],
        "@type": "ceasn:Competency",
        "ceasn:competencyText": text(item.statement or item.title or ""),
        "ceasn:codedNotation": item.id,
        "ceasn:competencyCategory": text(item.kind),
        "ceasn:isPartOf": fw_uri,
        "ceterms:ctid": _kept(item.extensions).get("ceterms:ctid") or _ctid(uris[item.id]),
    }
    if item.title:
        # A title alone is written as both label and text (CTDL-ASN requires the text);
        # the reader takes equal label and text for a title without a statement.
        out["ceasn:competencyLabel"] = text(item.title)
    if parent is None:
        out["ceasn:isTopChildOf"] = fw_uri
    else:
        out["ceasn:isChildOf"] = [uris[parent.id]]
    if item.children:
        out["ceasn:hasChild"] = [uris[child.id] for child in item.children]
    if item.notes:
        out["ceasn:comment"] = {language: list(item.notes)}
    if item.tags:
        out["ceasn:conceptKeyword"] = {language: list(item.tags)}
    if item.weight is not None:
        out["ceasn:weight"] = item.weight
    out.update(alignments)
    return out


def _sorted(node: dict[str, Any]) -> dict[str, Any]:
    return {key: node[key] for key in sorted(node)}


def framework_to_ctdl(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    prefixes: MappingABC[str, str] | None = None,
) -> str:
    """The framework as CTDL-ASN JSON-LD text."""
    return json_text(ctdl_graph(framework, mappings=mappings, base=base, prefixes=prefixes))


# -- import ----------------------------------------------------------------------------------


@attrs.frozen
class CtdlImport(FrameworkAndMappings):
    """A framework read from CTDL-ASN JSON-LD, and the mappings its alignments state."""

    origin: ClassVar[str] = "CTDL-ASN"


_TERMS = "https://purl.org/ctdlasn/terms/"
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
_ITEM_RE = re.compile(ITEM_ID)
_FRAMEWORK_RE = re.compile(FRAMEWORK_ID)
_VERSION_RE = re.compile(VERSION)
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
# Levels at most, as for CASE: deeper trees are not frameworks but accidents or attacks.
_MAX_DEPTH = 49
_RELATIONS = {prop: relation for relation, prop in ALIGNMENTS.items()}
# What the reader turns into fields of the model; every other property is kept as written.
_FRAMEWORK_READ = frozenset(
    {
        "@id",
        "@type",
        "ceasn:name",
        "ceasn:description",
        "ceasn:inLanguage",
        "ceasn:publisherName",
        "ceasn:publicationStatusType",
        "ceasn:hasTopChild",
        "ceasn:dateCreated",
        "ceasn:source",
        "ceasn:license",
        "ceasn:rights",
        "ceterms:ctid",
        "ceterms:versionCode",
    }
)
_COMPETENCY_READ = frozenset(
    {
        "@id",
        "@type",
        "ceterms:ctid",
        "ceasn:codedNotation",
        "ceasn:competencyText",
        "ceasn:competencyLabel",
        "ceasn:competencyCategory",
        "ceasn:comment",
        "ceasn:conceptKeyword",
        "ceasn:weight",
        "ceasn:isPartOf",
        "ceasn:isTopChildOf",
        "ceasn:isChildOf",
        "ceasn:hasChild",
        *_RELATIONS,
    }
)
# Text properties read as one text (the others are lists of texts).
_SINGLE_TEXTS = frozenset(
    {
        "ceasn:name",
        "ceasn:description",
        "ceasn:rights",
        "ceasn:competencyText",
        "ceasn:competencyLabel",
        "ceasn:competencyCategory",
    }
)


@capped
def framework_from_ctdl(
    source: bytes | str,
    file: str = "<string>",
    *,
    metadata: MappingABC[str, Any] | None = None,
    base: str = BASE_URI,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[CtdlImport]:
    """Read CTDL-ASN JSON-LD; raise :class:`FrameworkError` with located issues.

    ``metadata`` gives framework fields (``id``, ``version``, ``title``, ``publishers``,
    ``status``, ...) that replace what the file says or fill what it lacks: a graph from
    the Credential Engine Registry names neither an id nor a version of this library's
    kind. ``base`` is the base URI the graph's identifiers were written with. ``lenient``
    reads what would otherwise be refused where it can (a competency with no ``@id`` or no
    text, a repeated ``@id``, a framework with no name or publisher, sibling weights that are
    neither fractions nor shares), each as a located warning, and keeps what it cannot read
    under ``x-ctdl`` to be written back.
    """
    raw, tracked = read_framework_json(source, file, limits)
    reader = _CtdlReader(raw, file, base, limits, lenient)
    data, places = reader.framework_data(dict(metadata or {}))
    if reader.errors:
        raise FrameworkError(locate(reader.errors + reader.warnings, tracked()))

    def where(_paths: frozenset[KeyPath]) -> Document:
        return translated(data, file, places, tracked())

    framework = build_framework(data, file, where)
    mappings = reader.mappings(framework)
    warnings = locate(reader.warnings, tracked()) if reader.warnings else []
    return Imported(CtdlImport(framework, tuple(mappings)), tuple(warnings))


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type")
    found = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return [
        "ceasn:" + t.removeprefix(_TERMS) if t.startswith(_TERMS) else t
        for t in found
        if isinstance(t, str)
    ]


def _uris(value: Any) -> list[str]:
    """One URI, a list of them, or node references ``{"@id": ...}``."""
    values = value if isinstance(value, list) else [value]
    out = []
    for entry in values:
        if isinstance(entry, dict):
            entry = entry.get("@id")
        if isinstance(entry, str) and entry.strip():
            out.append(entry)
    return out


def _last_segment(uri: str) -> str:
    return unquote(re.split(r"[/#]", uri.rstrip("/#"))[-1])


def _positions(uris: list[str]) -> dict[str, int]:
    """Each URI's first position in a list."""
    out: dict[str, int] = {}
    for index, uri in enumerate(uris):
        out.setdefault(uri, index)
    return out


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-._")
    return slug if slug and _NAME.fullmatch(slug) else fallback


class _CtdlReader:
    """A CTDL-ASN graph (plain data) to a framework document, noting what it tolerates."""

    def __init__(
        self, data: Any, file: str, base: str, limits: Limits, lenient: bool = False
    ) -> None:
        self.data, self.file, self.base, self.limits = data, file, base, limits
        self.lenient = lenient
        self.others: list[Any] = []  # nodes of other types, kept as they are
        self.language_keys: set[str] = set()  # the language-map keys texts were read from
        self.kept_items: dict[str, dict[str, Any]] = {}  # @id -> the item's x-ctdl
        self.errors: list[Issue] = []
        self.warnings: list[Issue] = []
        self.language: str | None = None
        self.framework_path: KeyPath = ()
        self.framework_node: dict[str, Any] = {}
        self.competencies: dict[str, tuple[dict[str, Any], KeyPath]] = {}  # @id -> node, path
        self.item_ids: dict[str, str] = {}  # @id -> item id
        self.item_uris: dict[str, str] = {}  # item id -> @id

    def note(
        self,
        code: str,
        message: str,
        path: KeyPath,
        *,
        error: bool = False,
        tolerable: bool = False,
    ) -> None:
        """An issue; a ``tolerable`` one is an error unless the reading is lenient."""
        if len(self.errors) + len(self.warnings) >= self.limits.max_issues:
            return  # a hostile file must not make an unbounded report
        issue = Issue(code, message, self.file, path=path)
        if error or (tolerable and not self.lenient):
            self.errors.append(issue)
        else:
            self.warnings.append(warning(issue))

    # -- values ----------------------------------------------------------------------------
    def texts(self, node: dict[str, Any], key: str, path: KeyPath) -> list[str]:
        """Every text of a property: a string, a list, or a language map of either."""
        if key not in node or node[key] is None:
            return []
        value = node[key]
        if isinstance(value, dict):
            chosen = self._language_entry(value)
            value = value.get(chosen) if chosen is not None else None
        values = value if isinstance(value, list) else [value]
        out = [v for v in values if isinstance(v, str) and v.strip()]
        if any(not isinstance(v, str) for v in values):
            self.note(
                "CE673",
                f"{key} holds a value that is not text (expected a string, a list of them, "
                "or a language map); it is not read",
                (*path, key),
            )
        return out

    def _language_entry(self, value: dict[str, Any]) -> str | None:
        if not value:
            return None
        language = self.language or "und"
        chosen = next(iter(value))
        if language in value:
            chosen = language
        else:
            primary = language.split("-")[0].lower()
            for key in value:
                if key.split("-")[0].lower() == primary:
                    chosen = key
                    break
        self.language_keys.add(chosen)
        return chosen

    def keep_if_lossy(self, node: dict[str, Any], key: str, kept: dict[str, Any]) -> None:
        """Keep a text property as written when reading it loses something: texts in other
        languages, several texts where one is read, values that are not text."""
        value = node.get(key)
        if value is None:
            return
        if isinstance(value, dict):
            if len(value) == 1:
                value = next(iter(value.values()))
            else:
                kept[key] = value
                return
        if isinstance(value, str) or (
            isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value)
        ):
            if key in _SINGLE_TEXTS and isinstance(value, list) and len(value) != 1:
                kept[key] = node[key]
            return
        kept[key] = node[key]

    def text(self, node: dict[str, Any], key: str, path: KeyPath) -> str | None:
        found = self.texts(node, key, path)
        if len(found) > 1:
            self.note("CE673", f"{key} holds several texts; the first is read", (*path, key))
        return found[0] if found else None

    # -- the graph -------------------------------------------------------------------------
    def _nodes(self) -> list[tuple[dict[str, Any], KeyPath]] | None:
        data = self.data
        at: KeyPath
        if isinstance(data, dict) and "@graph" in data:
            graph, at = data["@graph"], ("@graph",)
        elif isinstance(data, list):
            graph, at = data, ()
        elif isinstance(data, dict) and "@type" in data:
            return [(data, ())]
        else:
            return None
        if not isinstance(graph, list):
            return None
        nodes: list[tuple[dict[str, Any], KeyPath]] = []
        for index, node in enumerate(graph):
            if isinstance(node, dict):
                nodes.append((node, (*at, index)))
            else:
                self.note("CE671", "a graph node must be a JSON object; skipped", (*at, index))
        return nodes

    def framework_data(
        self, metadata: dict[str, Any]
    ) -> tuple[dict[str, Any], dict[KeyPath, KeyPath]]:
        nodes = self._nodes()
        expected = (
            "expected CTDL-ASN JSON-LD: an object with an '@graph' list holding one "
            "ceasn:CompetencyFramework and its ceasn:Competency nodes"
        )
        if nodes is None:
            self.note("CE670", expected, (), error=True)
            return {}, {}
        frameworks = [(n, p) for n, p in nodes if "ceasn:CompetencyFramework" in _types(n)]
        if len(frameworks) != 1:
            found = "no" if not frameworks else f"{len(frameworks)}"
            self.note(
                "CE670",
                f"{expected}; found {found} framework nodes"
                + ("" if not frameworks else " (import one framework at a time)"),
                frameworks[1][1] if len(frameworks) > 1 else (),
                error=True,
            )
            return {}, {}
        self.framework_node, self.framework_path = frameworks[0]
        for node, path in nodes:
            types = _types(node)
            if "ceasn:CompetencyFramework" in types:
                continue
            if "ceasn:Competency" not in types:
                shown = ", ".join(types) or "no @type"
                self.note(
                    "CE672",
                    f"a node of type {shown} is not a competency or framework; kept in "
                    f"{CTDL_EXTENSION} and written back as it is",
                    path,
                )
                self.others.append(node)
                continue
            uri = node.get("@id")
            if not isinstance(uri, str) or not uri.strip():
                self.note(
                    "CE671",
                    "a competency without an '@id' cannot be placed"
                    + (f"; kept in {CTDL_EXTENSION} as it is" if self.lenient else ""),
                    path,
                    tolerable=True,
                )
                self.others.append(node)
            elif uri in self.competencies or uri == self.framework_node.get("@id"):
                self.note(
                    "CE671",
                    f"the @id {uri!r} names two nodes"
                    + ("; the second is dropped (1 node)" if self.lenient else ""),
                    (*path, "@id"),
                    tolerable=True,
                )
            else:
                self.competencies[uri] = (node, path)
        return self._document(metadata)

    def _document(self, metadata: dict[str, Any]) -> tuple[dict[str, Any], dict[KeyPath, KeyPath]]:
        node, at = self.framework_node, self.framework_path
        languages = [v for v in _uris(node.get("ceasn:inLanguage")) if v.lower() not in ("und", "")]
        kept: dict[str, Any] = {}
        language: str | None = None
        if languages:
            if _LANGUAGE.fullmatch(languages[0]):
                language = languages[0]
            else:
                self.note(
                    "CE673",
                    f"the language {languages[0]!r} is not a BCP 47 tag; kept in {CTDL_EXTENSION}",
                    (*at, "ceasn:inLanguage"),
                )
                kept["ceasn:inLanguage"] = languages
        self.language = language
        out: dict[str, Any] = {"format": FRAMEWORK_FORMAT}
        places: dict[KeyPath, KeyPath] = {(): at}

        def put(key: str, value: Any, prop: str) -> None:
            if value is not None:
                out[key] = value
                places[(key,)] = (*at, prop)

        uri = node.get("@id") if isinstance(node.get("@id"), str) else None
        ref = parse_uri(uri, self.base) if uri else None
        ref = ref if ref is not None and ref.item is None else None
        title = self.text(node, "ceasn:name", at)
        if ref is not None:
            put("id", ref.framework, "@id")
        elif title is not None:
            put("id", _slug(title.lower(), "framework"), "ceasn:name")
        version = node.get("ceterms:versionCode")
        if isinstance(version, str) and _VERSION_RE.fullmatch(version):
            put("version", version, "ceterms:versionCode")
        elif ref is not None:
            put("version", ref.version, "@id")
        else:
            if version is not None:
                self.note(
                    "CE673",
                    f"the versionCode {version!r} cannot be a version (letters, digits, "
                    "'.', '-', '_' and '+' only)",
                    (*at, "ceterms:versionCode"),
                )
            put("version", self._fallback_version(node), "@id")
        put("title", title, "ceasn:name")
        put("status", self._status(node, at), "ceasn:publicationStatusType")
        put("description", self.text(node, "ceasn:description", at), "ceasn:description")
        names = self.texts(node, "ceasn:publisherName", at)
        if names:
            put("publishers", [{"name": name} for name in names], "ceasn:publisherName")
        put("released", self._date(node, at), "ceasn:dateCreated")
        sources = _uris(node.get("ceasn:source"))
        if sources:
            put("source", {"citation": sources[0], "url": sources[0]}, "ceasn:source")
        licenses = _uris(node.get("ceasn:license"))
        if licenses:
            put("license", licenses[0], "ceasn:license")
        else:
            put("license", self.text(node, "ceasn:rights", at), "ceasn:rights")
        put("language", language, "ceasn:inLanguage")
        self._keep_framework_properties(node, kept, sources, licenses)
        for key, value in metadata.items():
            out[key] = value
            places.setdefault((key,), at)
        if self.lenient:
            self._fill_in(out, kept, node, at)
        if "id" not in out and isinstance(out.get("title"), str):
            out["id"] = _slug(out["title"].lower(), "framework")
        wanted = {
            "title": "title (ceasn:name)",
            "publishers": "publisher (ceasn:publisherName)",
            "id": "id (no ceasn:name, and its @id is not a URI of this library)",
        }
        missing = [what for key, what in wanted.items() if key not in out]
        if missing:
            self.note(
                "CE629",
                f"the framework node gives no {' and no '.join(missing)}; give the framework's "
                "fields with --meta, --title, --publisher or --id (metadata=...)",
                at,
                error=True,
            )
        fw_id = out.get("id", "framework")
        fw_version = out.get("version", "1")
        default_uri = (
            framework_uri(Ref(fw_id, fw_version), self.base)
            if isinstance(fw_id, str)
            and isinstance(fw_version, str)
            and _FRAMEWORK_RE.fullmatch(fw_id)
            and _VERSION_RE.fullmatch(fw_version)
            else None
        )
        if uri is not None and uri != default_uri:
            kept["@id"] = uri
        ctid = node.get("ceterms:ctid")
        if ctid is not None and ctid != _ctid(uri or ""):  # ours is made from the @id
            kept["ceterms:ctid"] = ctid
        items = self._tree(places, self._item_uri_maker(out))
        if self.others:
            kept["@graph"] = self.others
        if isinstance(self.data, dict):
            document = {k: v for k, v in self.data.items() if k != "@graph"}
            if document != {"@context": CONTEXT}:
                kept["@document"] = document
        keys = self.language_keys
        if len(keys) == 1 and next(iter(keys)) != (language or "und"):
            kept["@language"] = next(iter(keys))  # e.g. en-us where the language is en-US
        hops = _uris(node.get("ceasn:hasTopChild"))
        if hops and hops != [self.item_uris[item["id"]] for item in items]:
            kept["ceasn:hasTopChild"] = node["ceasn:hasTopChild"]
        if kept and CTDL_EXTENSION not in out:
            out[CTDL_EXTENSION] = kept
        order = ["format", "id", "version", "title", "status", "description", "publishers"]
        ordered = {key: out[key] for key in order if key in out}
        ordered.update({k: v for k, v in out.items() if k not in ordered})
        ordered["items"] = items
        return ordered, places

    def _keep_framework_properties(
        self, node: dict[str, Any], kept: dict[str, Any], sources: list[str], licenses: list[str]
    ) -> None:
        """Keep, as written, what the framework's fields do not hold whole."""
        for key, value in node.items():
            if key not in _FRAMEWORK_READ:
                kept[key] = value
        if _types(node) != ["ceasn:CompetencyFramework"]:
            kept["@type"] = node.get("@type")
        for key in ("ceasn:name", "ceasn:description", "ceasn:publisherName", "ceasn:rights"):
            self.keep_if_lossy(node, key, kept)
        if len(sources) > 1 or (sources and not isinstance(node["ceasn:source"], list | str)):
            kept["ceasn:source"] = node["ceasn:source"]
        if len(licenses) > 1 or (licenses and not isinstance(node["ceasn:license"], str)):
            kept["ceasn:license"] = node["ceasn:license"]
        if licenses and "ceasn:rights" in node:
            kept["ceasn:rights"] = node["ceasn:rights"]
        created = node.get("ceasn:dateCreated")
        if created is not None and not (
            isinstance(created, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", created)
        ):
            kept["ceasn:dateCreated"] = created  # a time, or not a date: written back as it was
        status = _uris(node.get("ceasn:publicationStatusType"))
        if status and status[0] != _STATUS + re.split(r"[/:#]", status[0])[-1]:
            kept["ceasn:publicationStatusType"] = node["ceasn:publicationStatusType"]
        version = node.get("ceterms:versionCode")
        if version is not None and not (
            isinstance(version, str) and _VERSION_RE.fullmatch(version)
        ):
            kept["ceterms:versionCode"] = version

    def _fill_in(
        self, out: dict[str, Any], kept: dict[str, Any], node: dict[str, Any], at: KeyPath
    ) -> None:
        """Lenient: what the model requires and the file lacks, made up and said so."""
        if "title" not in out:
            uri = node.get("@id")
            title = _last_segment(uri) if isinstance(uri, str) and uri.strip() else "Untitled"
            out["title"] = title
            kept.setdefault("ceasn:name", None)
            self.note(
                "CE629",
                f"the framework node has no ceasn:name; its title is {title!r} (not written "
                "back); give one with --title",
                at,
            )
        if not out.get("publishers"):
            names = _uris(node.get("ceasn:publisher")) or ["Unknown publisher"]
            out["publishers"] = [{"name": name} for name in names]
            kept.setdefault("ceasn:publisherName", None)
            self.note(
                "CE629",
                f"the framework node has no ceasn:publisherName; read as {names[0]!r} (not "
                "written back); give the publisher with --publisher",
                at,
            )

    def _item_uri_maker(self, out: dict[str, Any]) -> Callable[[str], str | None]:
        fw_id, fw_version = out.get("id"), out.get("version")
        ok = (
            isinstance(fw_id, str)
            and isinstance(fw_version, str)
            and _FRAMEWORK_RE.fullmatch(fw_id) is not None
            and _VERSION_RE.fullmatch(fw_version) is not None
        )

        def default_uri(item_id: str) -> str | None:
            if not ok:
                return None
            return item_uri(Ref(str(fw_id), str(fw_version), item_id), self.base)

        return default_uri

    def _fallback_version(self, node: dict[str, Any]) -> str:
        for key in ("ceasn:dateModified", "ceasn:dateCreated"):
            value = node.get(key)
            if isinstance(value, str) and re.match(r"\d{4}-\d{2}-\d{2}", value):
                return value[:10]
        return "1"

    def _status(self, node: dict[str, Any], at: KeyPath) -> str:
        values = _uris(node.get("ceasn:publicationStatusType"))
        if not values:
            return "draft"
        name = re.split(r"[/:#]", values[0])[-1].lower()
        statuses = {"published": "published", "draft": "draft", "deprecated": "retired"}
        if name not in statuses:
            self.note(
                "CE673",
                f"the publication status {values[0]!r} is not Draft, Published or Deprecated; "
                "read as draft",
                (*at, "ceasn:publicationStatusType"),
            )
        return statuses.get(name, "draft")

    def _date(self, node: dict[str, Any], at: KeyPath) -> str | None:
        value = node.get("ceasn:dateCreated")
        if value is None:
            return None
        try:
            if not isinstance(value, str):
                raise ValueError
            return datetime.date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            self.note(
                "CE673",
                f"ceasn:dateCreated {str(value)[:40]!r} is not a date (YYYY-MM-DD); not read",
                (*at, "ceasn:dateCreated"),
            )
            return None

    # -- the items and the tree ------------------------------------------------------------
    def _tree(
        self, places: dict[KeyPath, KeyPath], default_uri_of: Callable[[str], str | None]
    ) -> list[dict[str, Any]]:
        built: dict[str, dict[str, Any]] = {}
        used: set[str] = set()
        for uri, (node, path) in self.competencies.items():
            item = self._item(uri, node, path, used, default_uri_of)
            if item is not None:
                built[uri] = item
        fw_uri = self.framework_node.get("@id")
        rank: dict[str | None, dict[str, int]] = {
            None: _positions(_uris(self.framework_node.get("ceasn:hasTopChild")))
        }
        listed_by: dict[str, str] = {}
        for uri, (node, _path) in self.competencies.items():
            children = _uris(node.get("ceasn:hasChild"))
            rank[uri] = _positions(children)
            for child in children:
                listed_by.setdefault(child, uri)
        children_of: dict[str | None, list[tuple[int, int, str]]] = {}
        for order, uri in enumerate(built):
            node, path = self.competencies[uri]
            parents = [p for p in dict.fromkeys(_uris(node.get("ceasn:isChildOf"))) if p != uri]
            inside = [p for p in parents if p in built]
            parent: str | None
            if inside:
                parent = inside[0]
                if len(inside) > 1:
                    self.note(
                        "CE672",
                        f"the competency {self.item_ids[uri]!r} has a second parent; "
                        "a framework is a tree, the first is kept",
                        (*path, "ceasn:isChildOf"),
                    )
            elif parents and parents[0] != fw_uri:
                self.note(
                    "CE672",
                    f"the parent {parents[0]!r} is not a competency of this graph; "
                    "placed at the top level",
                    (*path, "ceasn:isChildOf"),
                )
                parent = None
            else:
                holder = listed_by.get(uri)
                parent = holder if holder in built and holder != uri else None
            position = rank.get(parent, {}).get(uri, len(built))
            children_of.setdefault(parent, []).append((position, order, uri))
        for parent, group in children_of.items():
            group.sort()
            self._weights(parent, [built[uri] for _r, _o, uri in group])
            listed = _uris((self.competencies[parent][0] if parent else {}).get("ceasn:hasChild"))
            if parent is not None and listed and listed != [uri for _r, _o, uri in group]:
                self.kept_items[parent]["ceasn:hasChild"] = self.competencies[parent][0][
                    "ceasn:hasChild"
                ]
        for item in built.values():
            if not item[CTDL_EXTENSION]:
                del item[CTDL_EXTENSION]
        ordered = {
            parent: [uri for *_, uri in sorted(group)] for parent, group in children_of.items()
        }
        walk: TreeWalk[str] = TreeWalk(ordered, _MAX_DEPTH)
        roots: list[dict[str, Any]] = []
        slots: dict[str | None, tuple[list[dict[str, Any]], KeyPath]] = {None: (roots, ("items",))}
        for step in walk:
            uri = step.key
            item = built[uri]
            into, at = slots[step.parent]
            here: KeyPath = (*at, step.index)
            node, json_path = self.competencies[uri]
            places[here] = json_path
            for key, prop in _ITEM_PROPERTIES.items():
                if key in item:
                    places[(*here, key)] = (*json_path, prop(node))
            into.append(item)
            if ordered.get(uri) and step.level < _MAX_DEPTH:
                item["items"] = []
                slots[uri] = (item["items"], (*here, "items"))
        for uri in walk.too_deep:
            self.note(
                "CE605",
                too_deep_message(self.item_ids[uri], _MAX_DEPTH),
                self.competencies[uri][1],
                error=True,
            )
        for uri in walk.in_cycles(list(built)):
            self.note(
                "CE628",
                f"the competency {self.item_ids[uri]!r} is its own ancestor "
                "(a cycle of ceasn:isChildOf)",
                self.competencies[uri][1],
                error=True,
            )
        return roots

    def _item(
        self,
        uri: str,
        node: dict[str, Any],
        path: KeyPath,
        used: set[str],
        default_uri_of: Callable[[str], str | None],
    ) -> dict[str, Any] | None:
        kept: dict[str, Any] = {}
        code = node.get("ceasn:codedNotation")
        item_id: str | None = None
        if isinstance(code, str) and _ITEM_RE.fullmatch(code) and code not in used:
            item_id = code
        else:
            if code is not None:
                self.note(
                    "CE673",
                    f"the codedNotation {code!r} cannot be an item id (it is not text, has "
                    f"spaces or repeats); kept in {CTDL_EXTENSION}",
                    (*path, "ceasn:codedNotation"),
                )
                kept["ceasn:codedNotation"] = code
            ref = parse_uri(uri, self.base)
            for candidate in (ref.item if ref is not None else None, _last_segment(uri)):
                if candidate and _ITEM_RE.fullmatch(candidate) and candidate not in used:
                    item_id = candidate
                    break
            number = len(used) + 1
            while item_id is None:
                if f"item-{number}" not in used:
                    item_id = f"item-{number}"
                number += 1
        used.add(item_id)
        self.item_ids[uri] = item_id
        self.item_uris[item_id] = uri
        item: dict[str, Any] = {"id": item_id}
        kind = self.text(node, "ceasn:competencyCategory", path)
        if kind is None:
            item["kind"] = "competency"
        elif _NAME.fullmatch(kind):
            item["kind"] = kind
        else:
            item["kind"] = _slug(kind.lower(), "competency")
            kept["ceasn:competencyCategory"] = kind
        label = self.text(node, "ceasn:competencyLabel", path)
        statement = self.text(node, "ceasn:competencyText", path)
        if label is not None:
            item["title"] = label
        if statement is not None and statement != label:
            item["statement"] = statement
        if "title" not in item and "statement" not in item:
            if not isinstance(code, str) or not code.strip():
                self.note(
                    "CE674",
                    "the competency has no competencyText, competencyLabel or codedNotation",
                    path,
                    error=True,
                )
                return None
            self.note(
                "CE674",
                "the competency has no competencyText; its codedNotation is used as its title",
                path,
            )
            item["title"] = code
        keywords = self.texts(node, "ceasn:conceptKeyword", path)
        tags = [k for k in keywords if _NAME.fullmatch(k)]
        if tags:
            item["tags"] = tags
        if len(tags) != len(keywords):
            kept["ceasn:conceptKeyword"] = node["ceasn:conceptKeyword"]
            self.note(
                "CE673",
                f"{len(keywords) - len(tags)} of {len(keywords)} conceptKeywords have spaces "
                f"or punctuation and cannot be tags; all are kept in {CTDL_EXTENSION}",
                (*path, "ceasn:conceptKeyword"),
            )
        notes = self.texts(node, "ceasn:comment", path)
        if notes:
            item["notes"] = notes
        weight = self._weight(node.get("ceasn:weight"), path)
        if weight is not None:
            item["weight"] = weight
            if not isinstance(node["ceasn:weight"], int | float):
                kept["ceasn:weight"] = node["ceasn:weight"]
        elif "ceasn:weight" in node:
            kept["ceasn:weight"] = node["ceasn:weight"]
        self._keep_competency_properties(uri, node, path, kept)
        if uri != default_uri_of(item_id):
            kept["@id"] = uri
        ctid = node.get("ceterms:ctid")
        if ctid is not None and ctid != _ctid(uri):  # ours is made from the @id
            kept["ceterms:ctid"] = ctid
        item[CTDL_EXTENSION] = kept  # left out in _tree when it stays empty
        return item

    def _keep_competency_properties(
        self, uri: str, node: dict[str, Any], path: KeyPath, kept: dict[str, Any]
    ) -> None:
        """Keep, as written, what the item's fields and the tree do not hold whole."""
        for key, value in node.items():
            if key not in _COMPETENCY_READ:
                kept[key] = value
        if _types(node) != ["ceasn:Competency"]:
            kept["@type"] = node.get("@type")
        for key in _SINGLE_TEXTS | {"ceasn:comment"}:
            if key in node and key != "ceasn:competencyCategory":
                self.keep_if_lossy(node, key, kept)
        fw_uri = self.framework_node.get("@id")
        part_of = _uris(node.get("ceasn:isPartOf"))
        if "ceasn:isPartOf" in node and part_of != [fw_uri]:
            kept["ceasn:isPartOf"] = node["ceasn:isPartOf"]
            elsewhere = [u for u in part_of if u != fw_uri]
            if elsewhere:
                what = (
                    "a competency of this graph"
                    if elsewhere[0] in self.competencies
                    else ("another framework")
                )
                self.note(
                    "CE675",
                    f"the competency says it is part of {what}, {elsewhere[0]!r}, not of this "
                    f"framework; read as one of its competencies, its ceasn:isPartOf kept in "
                    f"{CTDL_EXTENSION}",
                    (*path, "ceasn:isPartOf"),
                )
        elif "ceasn:isPartOf" not in node:
            kept["ceasn:isPartOf"] = None
        top_of = _uris(node.get("ceasn:isTopChildOf"))
        if top_of and top_of != [fw_uri]:
            kept["ceasn:isTopChildOf"] = node["ceasn:isTopChildOf"]
        for prop in _RELATIONS:
            lost = [
                u
                for u in _uris(node.get(prop))
                if u not in self.competencies
                and parse_uri(u, self.base) is None
                and not is_concept_id(u)
            ]
            if lost or (prop in node and not _uris(node[prop])):
                kept[prop] = node[prop]
                self.note(
                    "CE673",
                    f"{len(lost) or 1} {prop} value(s) name no item or concept (not a URI); "
                    f"the property is kept in {CTDL_EXTENSION} as written",
                    (*path, prop),
                )
        parents = _uris(node.get("ceasn:isChildOf"))
        if len(parents) > 1 or any(p not in self.competencies for p in parents):
            kept["ceasn:isChildOf"] = node["ceasn:isChildOf"]
        self.kept_items[uri] = kept

    def _weights(self, parent: str | None, siblings: list[dict[str, Any]]) -> None:
        """Sibling weights as shares of 100: fractions (all in [0, 1], summing to 1) are
        read as shares (0.18 as 18) and kept as written; in a lenient reading, weights that
        are neither are kept as written and not read."""
        weights = [item.get("weight") for item in siblings]
        numbers = [w for w in weights if w is not None]
        if len(numbers) != len(weights) or not numbers or math.isclose(sum(numbers), 100.0):
            return
        uris = [self.item_uris[item["id"]] for item in siblings]
        if all(0 <= w <= 1 for w in numbers) and math.isclose(sum(numbers), 1.0, abs_tol=1e-9):
            for item, uri in zip(siblings, uris, strict=True):
                item["weight"] = round(item["weight"] * 100, 9)
                item[CTDL_EXTENSION]["ceasn:weight"] = self.competencies[uri][0]["ceasn:weight"]
            return
        if not self.lenient:
            return  # the checks say that the shares do not sum to 100
        for item, uri in zip(siblings, uris, strict=True):
            del item["weight"]
            item[CTDL_EXTENSION]["ceasn:weight"] = self.competencies[uri][0]["ceasn:weight"]
        where = self.competencies[parent][1] if parent else self.framework_path
        self.note(
            "CE673",
            f"the weights of {len(siblings)} sibling competencies sum to {sum(numbers):g}, "
            f"neither 1 (fractions) nor 100 (shares); not read, kept in {CTDL_EXTENSION}",
            where,
        )

    def _weight(self, value: Any, path: KeyPath) -> float | int | None:
        if value is None:
            return None
        if isinstance(value, int | float) and not isinstance(value, bool):
            return value
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                pass
            else:
                if number == number and abs(number) != float("inf"):
                    return number
        self.note(
            "CE673",
            f"ceasn:weight {str(value)[:40]!r} is not a number; not read",
            (*path, "ceasn:weight"),
        )
        return None

    def _target(self, uri: str) -> MappingEnd | None:
        """What an alignment points at: an item of ours, else a concept outside the graph."""
        if uri in self.item_ids:
            return None  # resolved against the built framework in mappings()
        ref = parse_uri(uri, self.base)
        if ref is not None and ref.item is not None:
            return ref
        if uri in self.competencies:
            return None  # a competency that was not read
        try:
            return ExternalConcept(uri)
        except ModelError:
            return None

    # -- mappings --------------------------------------------------------------------------
    def mappings(self, framework: Framework) -> list[Mapping]:
        """The mappings the competencies' alignment properties state."""
        out: list[Mapping] = []
        seen: set[Mapping] = set()
        for uri, (node, _path) in self.competencies.items():
            if uri not in self.item_ids:
                continue
            subject = framework.ref_of(self.item_ids[uri])
            for prop, relation in _RELATIONS.items():
                for target in _uris(node.get(prop)):
                    if target in self.item_ids:
                        obj: MappingEnd | None = framework.ref_of(self.item_ids[target])
                    else:
                        obj = self._target(target)
                    if obj is None or obj == subject:
                        continue
                    try:
                        mapping = Mapping(
                            subject, relation, obj, justification=Justification.UNSPECIFIED
                        )
                    except ModelError:
                        continue
                    if mapping not in seen:
                        seen.add(mapping)
                        out.append(mapping)
        return out


def _label_or_text(node: dict[str, Any]) -> str:
    return "ceasn:competencyLabel" if "ceasn:competencyLabel" in node else "ceasn:competencyText"


# Where each field of an item came from, for placing the issues the checks find.
_ITEM_PROPERTIES: dict[str, Callable[[dict[str, Any]], str]] = {
    "id": lambda node: "ceasn:codedNotation",
    "kind": lambda node: "ceasn:competencyCategory",
    "title": _label_or_text,
    "statement": lambda node: "ceasn:competencyText",
    "tags": lambda node: "ceasn:conceptKeyword",
    "notes": lambda node: "ceasn:comment",
    "weight": lambda node: "ceasn:weight",
}
