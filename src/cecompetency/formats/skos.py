"""A framework as SKOS in Turtle, written by a small escaping writer (no RDF library).

The framework is a ``skos:ConceptScheme`` (``dcterms:title``, ``dcterms:description``,
``dcterms:publisher``, ``skos:hasTopConcept``); each item a ``skos:Concept`` with
``skos:inScheme``, ``skos:topConceptOf`` or ``skos:broader``, ``skos:narrower``,
``skos:notation`` (the id), ``skos:prefLabel`` (the title, else the statement),
``skos:definition`` (the statement, when there is also a title) and ``skos:note``.
Mappings from its items become SKOS mapping properties (``skos:exactMatch``, ...), to
other items or to external concepts (by their URI, or their CURIE expanded by
``prefixes``; a CURIE of an undeclared prefix is left out); negated ones are left out, as
SKOS cannot say "not". URIs are those of
:mod:`.identifiers`; literals carry the framework's language tag when it has one.
Statements are written in document order and every literal is escaped as Turtle
requires, so the output is deterministic and parses anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from collections.abc import Mapping as MappingABC

from cecompetency.formats.identifiers import BASE_URI, end_uri, framework_uri, item_uri
from cecompetency.model.crosswalk import Mapping
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref

__all__ = ["framework_to_skos", "turtle_iri", "turtle_literal"]

_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def turtle_literal(text: str, language: str | None = None) -> str:
    """A Turtle string literal (``"..."``, escaped), with a language tag if given."""
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    literal = '"' + "".join(out) + '"'
    return literal + "@" + language if language else literal


def turtle_iri(uri: str) -> str:
    """An IRI reference (``<...>``); characters Turtle forbids in one are percent-encoded."""
    return "<" + re.sub(r'[\x00-\x20<>"{}|^`\\]', lambda m: f"%{ord(m[0]):02X}", uri) + ">"


def framework_to_skos(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    prefixes: MappingABC[str, str] | None = None,
) -> str:
    """The framework (and the mappings from its items) as SKOS Turtle text."""
    fw = framework
    lang = fw.language

    def lit(text: str) -> str:
        return turtle_literal(text, lang)

    scheme = turtle_iri(framework_uri(fw.ref, base))
    iris = {item.id: turtle_iri(item_uri(fw.ref_of(item), base)) for item in fw.walk()}
    out = [
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .",
        "@prefix dcterms: <http://purl.org/dc/terms/> .",
        "",
    ]

    def block(subject: str, kind: str, pairs: list[tuple[str, list[str]]]) -> None:
        lines = [f"{subject} a {kind}"]
        for predicate, objects in pairs:
            if objects:
                lines.append(f"    {predicate} {', '.join(objects)}")
        out.append(" ;\n".join(lines) + " .")
        out.append("")

    pairs = [("dcterms:title", [lit(fw.title)])]
    if fw.description:
        pairs.append(("dcterms:description", [lit(fw.description)]))
    pairs.append(("dcterms:publisher", [lit(p.name) for p in fw.publishers]))
    pairs.append(("skos:hasTopConcept", [iris[item.id] for item in fw.items]))
    block(scheme, "skos:ConceptScheme", pairs)
    matches: dict[str, dict[str, list[str]]] = {}
    for m in mappings:
        subject = m.subject
        if (
            m.negated
            or not isinstance(subject, Ref)
            or subject.framework_ref != fw.ref
            or subject.item not in iris
        ):
            continue
        uri = end_uri(m.object, prefixes or {}, base)
        if uri is None:
            continue
        targets = matches.setdefault(subject.item or "", {}).setdefault(m.relation.skos, [])
        target = turtle_iri(uri)
        if target not in targets:
            targets.append(target)
    for item in fw.walk():
        parent = fw.parent_of(item)
        pairs = [("skos:inScheme", [scheme])]
        if parent is None:
            pairs.append(("skos:topConceptOf", [scheme]))
        else:
            pairs.append(("skos:broader", [iris[parent.id]]))
        pairs.append(("skos:narrower", [iris[child.id] for child in item.children]))
        pairs.append(("skos:notation", [turtle_literal(item.id)]))
        pairs.append(("skos:prefLabel", [lit(item.label)]))
        if item.title and item.statement:
            pairs.append(("skos:definition", [lit(item.statement)]))
        pairs.append(("skos:note", [lit(note) for note in item.notes]))
        pairs.extend(sorted(matches.get(item.id, {}).items()))
        block(iris[item.id], "skos:Concept", pairs)
    return "\n".join(out).rstrip() + "\n"
