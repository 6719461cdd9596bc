"""Frameworks as CTDL-ASN JSON-LD (Credential Engine's competency vocabulary); export only.

One ``@graph`` holds a ``ceasn:CompetencyFramework`` and a ``ceasn:Competency`` node per
item, identified by the URIs of :mod:`.identifiers`:

- the framework: ``ceasn:name``, ``ceasn:description``, ``ceasn:inLanguage``,
  ``ceasn:publisherName``, ``ceasn:dateCreated`` (the release date), ``ceasn:source``
  (the source URL), ``ceasn:license`` (when it is a URI), ``ceasn:publicationStatusType``
  and ``ceasn:hasTopChild``;
- each item: ``ceasn:competencyText`` (the statement, else the title),
  ``ceasn:competencyLabel`` (the title), ``ceasn:codedNotation`` (the id),
  ``ceasn:competencyCategory`` (the kind), ``ceasn:comment`` (notes),
  ``ceasn:conceptKeyword`` (tags), ``ceasn:weight``, ``ceasn:isPartOf``,
  ``ceasn:isTopChildOf`` or ``ceasn:isChildOf``, and ``ceasn:hasChild``;
- mappings that start at one of its items become alignment properties of that item:
  exact -> ``ceasn:exactAlignment``, close -> ``ceasn:majorAlignment`` (major overlap),
  related -> ``ceasn:minorAlignment`` (minor overlap), broad -> ``ceasn:broadAlignment``
  (the object covers this and more), narrow -> ``ceasn:narrowAlignment``. CTDL-ASN has
  no negation, so negated mappings are left out.

Text values are language maps keyed by the framework's language (``und``, undetermined,
when it has none). Keys are sorted and lists kept in document order: exports diff cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from cecompetency.crosswalk import Mapping
from cecompetency.formats.identifiers import BASE_URI, framework_uri, item_uri
from cecompetency.formats.json import json_text
from cecompetency.model import Framework, Item, Status
from cecompetency.relations import Relation

__all__ = ["ALIGNMENTS", "CONTEXT", "ctdl_graph", "framework_to_ctdl"]

CONTEXT = "https://credreg.net/ctdlasn/schema/context/json"
ALIGNMENTS = {
    Relation.EXACT: "ceasn:exactAlignment",
    Relation.CLOSE: "ceasn:majorAlignment",
    Relation.RELATED: "ceasn:minorAlignment",
    Relation.BROAD: "ceasn:broadAlignment",
    Relation.NARROW: "ceasn:narrowAlignment",
}
_STATUS = "http://credreg.net/ctdlasn/vocabs/publicationStatus/"
_STATUSES = {
    Status.DRAFT: "Draft",
    Status.PUBLISHED: "Published",
    Status.SUPERSEDED: "Deprecated",
    Status.RETIRED: "Deprecated",
}


def ctdl_graph(
    framework: Framework, *, mappings: Iterable[Mapping] = (), base: str = BASE_URI
) -> dict[str, Any]:
    """The framework as a CTDL-ASN JSON-LD document (plain data)."""
    fw = framework
    language = fw.language or "und"

    def text(value: str) -> dict[str, str]:
        return {language: value}

    fw_uri = framework_uri(fw.ref, base)
    uris = {item.id: item_uri(fw.ref_of(item), base) for item in fw.walk()}
    node: dict[str, Any] = {
        "@id": fw_uri,
        "@type": "ceasn:CompetencyFramework",
        "ceasn:name": text(fw.title),
        "ceasn:inLanguage": [language],
        "ceasn:publisherName": {language: [p.name for p in fw.publishers]},
        "ceasn:publicationStatusType": _STATUS + _STATUSES[fw.status],
        "ceasn:hasTopChild": [uris[item.id] for item in fw.items],
    }
    if fw.description:
        node["ceasn:description"] = text(fw.description)
    if fw.released:
        node["ceasn:dateCreated"] = fw.released.isoformat()
    if fw.source is not None and fw.source.url:
        node["ceasn:source"] = [fw.source.url]
    if fw.license and re.match(r"[a-z][a-z0-9+.-]*://", fw.license):
        node["ceasn:license"] = fw.license
    aligned: dict[str, dict[str, list[str]]] = {}
    for mapping in mappings:
        subject = mapping.subject
        if mapping.negated or subject.framework_ref != fw.ref or subject.item not in uris:
            continue
        targets = aligned.setdefault(subject.item or "", {}).setdefault(
            ALIGNMENTS[mapping.relation], []
        )
        target = item_uri(mapping.object, base)
        if target not in targets:
            targets.append(target)
    graph = [_sorted(node)]
    for item in fw.walk():
        graph.append(
            _sorted(_competency(item, fw, uris, fw_uri, language, aligned.get(item.id, {})))
        )
    return {"@context": CONTEXT, "@graph": graph}


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
    }
    if item.title and item.statement:
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
    framework: Framework, *, mappings: Iterable[Mapping] = (), base: str = BASE_URI
) -> str:
    """The framework as CTDL-ASN JSON-LD text."""
    return json_text(ctdl_graph(framework, mappings=mappings, base=base))
