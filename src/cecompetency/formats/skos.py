"""Frameworks as SKOS concept schemes, both ways.

Export (:func:`framework_to_skos`) writes Turtle with a small escaping writer (no RDF
library). The framework is a ``skos:ConceptScheme`` (``dcterms:title``,
``dcterms:description``, ``dcterms:publisher``, ``dcterms:language``,
``skos:hasTopConcept``); each item a ``skos:Concept`` with ``skos:inScheme``,
``skos:topConceptOf`` or ``skos:broader``, ``skos:narrower``, ``skos:notation`` (the id),
``skos:prefLabel`` (the title, else the statement), ``skos:definition`` (the statement;
an item with a statement only has the same text as its label) and ``skos:note``. Mappings
from its items become SKOS mapping properties (``skos:exactMatch``, ...), to other items
or to external concepts (by their URI, or their CURIE expanded by ``prefixes``; a CURIE
of an undeclared prefix is left out);
negated ones are left out, as SKOS cannot say "not". URIs are those of :mod:`.identifiers`
unless the framework or item was imported from SKOS (then its own URI, kept under
``x-skos``); literals carry the framework's language tag when it has one. A framework
imported from SKOS writes back, as they were, every triple the model has no field for.
Statements are written in a fixed order and every literal is escaped as Turtle requires,
so the output is deterministic and parses anywhere.

Import (:func:`framework_from_skos`) reads Turtle, RDF/XML or JSON-LD through ``rdflib``
(the optional extra ``cecompetency[skos]``). It reads one ``skos:ConceptScheme`` (a file
with several needs ``scheme=`` the one to read), and as items its concepts (those
``skos:inScheme``, ``skos:topConceptOf`` or ``skos:hasTopConcept`` it, those linked to them
by ``skos:broader``/``skos:narrower``, and, in a file with one scheme, every
``skos:Concept``), placed in the tree by ``skos:broader``, ``skos:narrower``,
``skos:topConceptOf`` and ``skos:hasTopConcept``:

- the item's language is the framework's (the scheme's ``dcterms:language``, else ``en``
  where labels use it, else the labels' most common language), else ``en``, else none,
  else the first in order; the title is ``skos:prefLabel`` in it (else SKOS-XL's
  ``skosxl:prefLabel``/``skosxl:literalForm``), the statement ``skos:definition``, the
  notes ``skos:note`` and ``skos:scopeNote``; every other language is kept;
- the id is the ``skos:notation`` where it is a valid, unused item id, else one derived
  from the URI (the notation is kept);
- ``skos:exactMatch``, ``closeMatch``, ``broadMatch``, ``narrowMatch`` and
  ``relatedMatch`` to concepts outside the scheme become crosswalk mappings to external
  concepts (:class:`SkosImport`); those within the scheme are kept as triples;
- every other triple about the scheme or a concept (``altLabel``, ``hiddenLabel``,
  ``example``, dates, ...) is kept under ``x-skos`` (``properties``: predicate URI to
  values written as in JSON-LD), and so is every triple about other resources of the
  file (``graph``: SKOS-XL labels, blank nodes, ...). Triples about other concept schemes
  and their concepts are not read (a warning counts them).

A file with concepts (``skos:Concept``) and no concept scheme (and no ``scheme=``) is read as one
implied scheme of every ``skos:Concept``: the framework's id, version and title come from
``metadata``, else from the file's name (``skosmos-mapping.ttl``: ``skosmos-mapping@1``),
with a CE692 warning; its ``x-skos`` says ``scheme: implied``, and export writes the
concepts with no ``skos:ConceptScheme``, ``skos:inScheme`` or ``skos:topConceptOf``, so
nothing is added that the file did not say. Read again, it needs the same name or metadata.

A concept with two broader concepts is placed under the first (by id) and a cycle of
broader links is cut at its first concept (by id), which goes to the top: each a located
warning (CE692), the links kept as triples. So import, export and import again give the
same framework and mappings, and the exported graph holds every triple the scheme's
concepts had.

Issues: CE690 rdflib missing, a file that cannot be parsed, or a bound passed (bytes,
triples, entities in a DTD, remote JSON-LD contexts); CE691 no concept scheme (and no
concepts), several without ``scheme=``, or no concepts; CE692 (warning) a concept with
several broader concepts, a broader cycle, a concept with no label, an implied scheme;
CE693 (warning) what was not read; CE628 a tree deeper than 48 levels.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
from collections import Counter, deque
from collections.abc import Iterable
from collections.abc import Mapping as MappingABC
from pathlib import PurePath
from typing import Any, ClassVar
from urllib.parse import unquote, urlsplit

import attrs

from cecompetency.files.codec import FRAMEWORK_FORMAT
from cecompetency.files.reading import decode
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Document, Limits
from cecompetency.formats._build import build_framework
from cecompetency.formats._imported_crosswalk import FrameworkAndMappings
from cecompetency.formats.identifiers import BASE_URI, end_uri, framework_uri, item_uri, parse_uri
from cecompetency.formats.imported import Imported, capped, warning
from cecompetency.model.crosswalk import Justification, Mapping
from cecompetency.model.errors import (
    FrameworkError,
    Issue,
    MissingDependencyError,
    ModelError,
    ValidationError,
)
from cecompetency.model.external import ExternalConcept, is_concept_id
from cecompetency.model.framework import Framework, Item
from cecompetency.model.refs import FRAMEWORK_ID, ITEM_ID, VERSION, Ref
from cecompetency.model.relations import Relation

__all__ = [
    "MAX_TRIPLES",
    "SKOS_EXTENSION",
    "SkosImport",
    "framework_from_skos",
    "framework_to_skos",
    "turtle_iri",
    "turtle_literal",
]

SKOS = "http://www.w3.org/2004/02/skos/core#"
SKOSXL = "http://www.w3.org/2008/05/skos-xl#"
DCTERMS = "http://purl.org/dc/terms/"
DC = "http://purl.org/dc/elements/1.1/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF_TYPE = RDF + "type"
SKOS_EXTENSION = "x-skos"  # what a framework or item imported from SKOS keeps of it
# x-skos 'scheme' of a framework read from a file with concepts and no concept scheme:
# export writes its concepts and no skos:ConceptScheme, inScheme or topConceptOf.
IMPLIED = "implied"
MAX_TRIPLES = 1_000_000  # a larger graph is refused while it is parsed
_MAX_DEPTH = 48  # as for CASE and CTDL-ASN
_PREFIXES = {"skos": SKOS, "dcterms": DCTERMS}
_MATCHES = {SKOS + r.skos.removeprefix("skos:"): r for r in Relation}

# A term of a graph, as plain data that sorts: ("i", IRI, ""), ("b", blank node label, ""),
# ("l", text, language or "") or ("t", text, datatype IRI).
Term = tuple[str, str, str]
Statement = tuple[str, Term]  # predicate IRI, object

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


# -- terms as Turtle and as extension data ----------------------------------------------------


def _iri(uri: str) -> Term:
    return ("i", uri, "")


def _lit(text: str, language: str | None) -> Term:
    return ("l", text, language or "")


def _turtle(term: Term) -> str:
    kind, value, extra = term
    if kind == "i":
        return turtle_iri(value)
    if kind == "b":
        return "_:" + value
    if kind == "l":
        return turtle_literal(value, extra or None)
    return turtle_literal(value) + "^^" + turtle_iri(extra)


def _predicate(uri: str) -> str:
    if uri == RDF_TYPE:
        return "a"
    for prefix, namespace in _PREFIXES.items():
        local = uri.removeprefix(namespace)
        if local != uri and re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", local):
            return f"{prefix}:{local}"
    return turtle_iri(uri)


def _compact(term: Term) -> str:
    written = _predicate(term[1]) if term[0] == "i" else "a"
    return written if written not in ("a",) and not written.startswith("<") else _turtle(term)


def _subject_key(term: Term) -> str:
    return "_:" + term[1] if term[0] == "b" else term[1]


def _subject_of(key: str) -> Term:
    return ("b", key[2:], "") if key.startswith("_:") else _iri(key)


def _data(term: Term) -> dict[str, str]:
    """A term as JSON-LD writes a value: ``{"@id": ...}`` or ``{"@value": ...}``."""
    kind, value, extra = term
    if kind in ("i", "b"):
        return {"@id": _subject_key(term)}
    if kind == "l":
        return {"@value": value, "@language": extra} if extra else {"@value": value}
    return {"@value": value, "@type": extra}


def _term(data: Any) -> Term | None:
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("@id"), str):
        return _subject_of(data["@id"])
    value = data.get("@value")
    if not isinstance(value, str):
        return None
    if isinstance(data.get("@type"), str):
        return ("t", value, data["@type"])
    language = data.get("@language")
    return ("l", value, language if isinstance(language, str) else "")


def _properties_data(statements: Iterable[Statement]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for predicate, obj in sorted(set(statements)):
        out.setdefault(predicate, []).append(_data(obj))
    return out


def _properties(data: Any) -> list[Statement]:
    out: list[Statement] = []
    if isinstance(data, dict):
        for predicate, values in data.items():
            for value in values if isinstance(values, list) else []:
                term = _term(value)
                if isinstance(predicate, str) and term is not None:
                    out.append((predicate, term))
    return out


def _kept(extensions: MappingABC[str, Any]) -> dict[str, Any]:
    kept = extensions.get(SKOS_EXTENSION)
    return kept if isinstance(kept, dict) else {}


# -- the statements the model's fields make (export; import subtracts them) ------------------


def _scheme_statements(
    title: str,
    description: str | None,
    publishers: Iterable[str],
    language: str | None,
    literal_language: str | None,
    tops: Iterable[Term],
) -> list[Statement]:
    out: list[Statement] = [
        (RDF_TYPE, _iri(SKOS + "ConceptScheme")),
        (DCTERMS + "title", _lit(title, literal_language)),
    ]
    if description:
        out.append((DCTERMS + "description", _lit(description, literal_language)))
    out.extend((DCTERMS + "publisher", _lit(name, literal_language)) for name in publishers)
    if language:
        out.append((DCTERMS + "language", _lit(language, None)))
    out.extend((SKOS + "hasTopConcept", top) for top in tops)
    return out


def _concept_statements(
    scheme: Term | None,
    fields: tuple[str, str | None, str | None, tuple[str, ...]],
    language: str | None,
    parent: Term | None,
    children: Iterable[Term],
) -> list[Statement]:
    item_id, title, statement, notes = fields
    out: list[Statement] = [(RDF_TYPE, _iri(SKOS + "Concept"))]
    if scheme is not None:  # None: a scheme the file implied, written with no triple
        out.append((SKOS + "inScheme", scheme))
        if parent is None:
            out.append((SKOS + "topConceptOf", scheme))
    if parent is not None:
        out.append((SKOS + "broader", parent))
    out.extend((SKOS + "narrower", child) for child in children)
    out.append((SKOS + "notation", _lit(item_id, None)))
    out.append((SKOS + "prefLabel", _lit(title or statement or item_id, language)))
    if statement:
        out.append((SKOS + "definition", _lit(statement, language)))
    out.extend((SKOS + "note", _lit(note, language)) for note in notes)
    return out


def _item_language(item: Item, framework_language: str | None) -> str | None:
    kept = _kept(item.extensions).get("@language")
    return (kept or None) if isinstance(kept, str) else framework_language


def _scheme_language(fw: Framework) -> str | None:
    kept = _kept(fw.extensions).get("@language")
    return (kept or None) if isinstance(kept, str) else fw.language


def _own_terms(fw: Framework, base: str) -> tuple[Term, dict[str, Term]]:
    def own(extensions: MappingABC[str, Any], default: str) -> Term:
        uri = _kept(extensions).get("@id")
        return _subject_of(uri) if isinstance(uri, str) and uri else _iri(default)

    scheme = own(fw.extensions, framework_uri(fw.ref, base))
    terms = {item.id: own(item.extensions, item_uri(fw.ref_of(item), base)) for item in fw.walk()}
    return scheme, terms


def _match_statements(
    fw: Framework, mappings: Iterable[Mapping], prefixes: MappingABC[str, str], base: str
) -> dict[str, list[Statement]]:
    """The mapping properties of each item (by id) the mappings from it make."""
    out: dict[str, list[Statement]] = {}
    for m in mappings:
        subject = m.subject
        if m.negated or not isinstance(subject, Ref) or subject.framework_ref != fw.ref:
            continue
        if subject.item is None or subject.item not in fw:
            continue
        uri = end_uri(m.object, prefixes, base)
        if uri is None:
            continue
        statement = (SKOS + m.relation.skos.removeprefix("skos:"), _iri(uri))
        found = out.setdefault(subject.item, [])
        if statement not in found:
            found.append(statement)
    return out


def framework_to_skos(
    framework: Framework,
    *,
    mappings: Iterable[Mapping] = (),
    base: str = BASE_URI,
    prefixes: MappingABC[str, str] | None = None,
) -> str:
    """The framework (and the mappings from its items) as SKOS Turtle text."""
    fw = framework
    scheme, terms = _own_terms(fw, base)
    matches = _match_statements(fw, mappings, prefixes or {}, base)
    out = [f"@prefix {prefix}: <{namespace}> ." for prefix, namespace in _PREFIXES.items()]
    out.append("")

    def block(subject: Term, made: list[Statement], kept: Iterable[Statement]) -> None:
        pairs: dict[str, list[str]] = {}
        seen = set(made)
        for predicate, obj in [*made, *sorted(set(kept) - seen)]:
            objects = pairs.setdefault(predicate, [])
            written = _compact(obj) if predicate == RDF_TYPE else _turtle(obj)
            if written not in objects:
                objects.append(written)
        lines = [_turtle(subject)]
        for predicate, objects in pairs.items():
            lines.append(f"    {_predicate(predicate)} {', '.join(objects)}")
        out.append(lines[0] + " " + " ;\n".join(lines[1:]).lstrip() + " .")
        out.append("")

    fw_kept = _kept(fw.extensions)
    implied = fw_kept.get("scheme") == IMPLIED
    if not implied:
        made = _scheme_statements(
            fw.title,
            fw.description,
            [p.name for p in fw.publishers],
            fw.language,
            _scheme_language(fw),
            [terms[item.id] for item in fw.items],
        )
        block(scheme, made, _properties(fw_kept.get("properties")))
    for item in fw.walk():
        parent = fw.parent_of(item)
        made = _concept_statements(
            None if implied else scheme,
            (item.id, item.title, item.statement, item.notes),
            _item_language(item, fw.language),
            None if parent is None else terms[parent.id],
            [terms[child.id] for child in item.children],
        )
        made.extend(sorted(matches.get(item.id, [])))
        block(terms[item.id], made, _properties(_kept(item.extensions).get("properties")))
    graph = fw_kept.get("graph")
    if isinstance(graph, dict):
        for key in sorted(k for k in graph if isinstance(k, str)):
            statements = _properties(graph[key])
            if statements:
                block(_subject_of(key), [], statements)
    return "\n".join(out).rstrip() + "\n"


# -- import ----------------------------------------------------------------------------------


@attrs.frozen
class SkosImport(FrameworkAndMappings):
    """A framework read from a SKOS concept scheme, and the mappings its concepts state to
    concepts outside the scheme."""

    origin: ClassVar[str] = "SKOS"


FORMATS = ("turtle", "xml", "json-ld")
_SUFFIXES = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".rdf": "xml",
    ".xml": "xml",
    ".owl": "xml",
    ".jsonld": "json-ld",
    ".json": "json-ld",
}
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*")
_ITEM_RE = re.compile(ITEM_ID)
_FRAMEWORK_RE = re.compile(FRAMEWORK_ID)
_VERSION_RE = re.compile(VERSION)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RELATIVE_BASE = "https://relative.invalid/"  # relative IRIs of a file without @base
_TITLES = (DCTERMS + "title", SKOS + "prefLabel", DC + "title", RDFS + "label")
_DESCRIPTIONS = (DCTERMS + "description", DC + "description", RDFS + "comment", SKOS + "definition")
_PUBLISHERS = (DCTERMS + "publisher", DC + "publisher")
_CREATORS = (DCTERMS + "creator", DC + "creator")


def _issue(code: str, message: str, file: str, *, error: bool = True) -> Issue:
    issue = Issue(code, message, file)
    return issue if error else warning(issue)


def _refuse(code: str, message: str, file: str, line: int | None = None) -> FrameworkError:
    return FrameworkError([Issue(code, message, file, line, 1 if line else None)])


def _sniff(text: str, file: str, format: str | None) -> str:
    if format is not None:
        if format not in FORMATS:
            raise _refuse(
                "CE690", f"unknown RDF format {format!r}; known: {', '.join(FORMATS)}", file
            )
        return format
    lowered = file.lower()
    for suffix, name in _SUFFIXES.items():
        if lowered.endswith(suffix):
            return name
    head = text.lstrip()[:200]
    if head.startswith(("{", "[")):
        return "json-ld"
    if head.startswith("<?xml") or head.startswith("<rdf:RDF") or head.startswith("<!DOCTYPE"):
        return "xml"
    return "turtle"


_ENTITY = re.compile(r"<!ENTITY\s+(%\s*)?([^\s]+)\s+(SYSTEM|PUBLIC)?\s*(\"[^\"]*\"|'[^']*')", re.S)


def _check_xml(text: str, file: str, limits: Limits) -> None:
    """Refuse a DTD whose entities could expand beyond the size limit or reach outside.

    Simple internal entities (``<!ENTITY xsd "http://...">``, common in OWL files) are
    allowed when every use of them together stays within ``max_bytes``; parameter,
    external (``SYSTEM``/``PUBLIC``) and nested entities are refused."""
    if "<!ENTITY" not in text:
        return
    sizes: dict[str, int] = {}
    for match in _ENTITY.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        parameter, name, external, value = match.groups()
        if parameter or external or "&" in value or "%" in value:
            raise _refuse(
                "CE690",
                f"the DTD declares a parameter, external or nested entity {name!r}; such "
                "entities are never expanded: remove the DTD",
                file,
                line,
            )
        sizes[name] = len(value)
    if text.count("<!ENTITY") != len(sizes):
        raise _refuse("CE690", "the DTD declares an entity that cannot be read; remove it", file)
    grown = sum(sizes.get(name, 0) for name in re.findall(r"&([^\s;&]+);", text))
    if grown > limits.max_bytes:
        raise _refuse(
            "CE690",
            f"the DTD's entities would expand to {grown:,} bytes; the limit is "
            f"{limits.max_bytes:,}",
            file,
        )


def _check_json_ld(text: str, file: str, limits: Limits) -> None:
    """Refuse JSON-LD that names a remote context: rdflib would fetch it from the web."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise _refuse("CE690", f"the JSON-LD is not JSON: {str(exc)[:200]}", file, line) from None
    stack: list[Any] = [data]
    seen = 0
    while stack:
        node = stack.pop()
        seen += 1
        if seen > limits.max_bytes:  # cannot happen for parsed text; a bound all the same
            break
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("@context", "@import"):
                    contexts = value if isinstance(value, list) else [value]
                    remote = [c for c in contexts if isinstance(c, str)]
                    if remote:
                        raise _refuse(
                            "CE690",
                            f"the JSON-LD names a remote context ({remote[0][:120]}); remote "
                            "contexts are never fetched: put the context in the file",
                            file,
                        )
                stack.append(value)
        elif isinstance(node, list):
            stack.extend(node)


def _rdflib() -> Any:
    try:
        import rdflib
    except ImportError:
        raise MissingDependencyError(
            "reading SKOS needs rdflib, an optional dependency: pip install 'cecompetency[skos]'"
        ) from None
    return rdflib


class _TooManyTriples(Exception):
    pass


def _parse(text: str, file: str, fmt: str, max_triples: int) -> list[tuple[Term, str, Term]]:
    rdflib = _rdflib()
    graph_class: Any = rdflib.Graph
    count = [0]

    class Bounded(graph_class):  # type: ignore[misc]
        def add(self, triple: Any) -> Any:
            count[0] += 1
            if count[0] > max_triples:
                raise _TooManyTriples
            return super().add(triple)

    graph = Bounded()
    quiet = logging.getLogger("rdflib")  # it logs a traceback for each ill-typed literal
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)
    try:
        graph.parse(data=text.encode("utf-8"), format=fmt, publicID=_RELATIVE_BASE)
    except _TooManyTriples:
        raise _refuse(
            "CE690", f"the graph has more than {max_triples:,} triples (max_triples)", file
        ) from None
    except Exception as exc:  # rdflib's parsers raise many kinds; each is a located refusal
        line = getattr(exc, "lines", None)
        if not isinstance(line, int):
            getter = getattr(exc, "getLineNumber", None)
            line = getter() if callable(getter) else None
        message = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise _refuse(
            "CE690",
            f"cannot read the file as {fmt}: {message}",
            file,
            line if isinstance(line, int) else None,
        ) from None
    finally:
        quiet.setLevel(level)
    return _terms(graph, rdflib)


def _terms(graph: Any, rdflib: Any) -> list[tuple[Term, str, Term]]:
    def term(node: Any) -> Term:
        if isinstance(node, rdflib.BNode):
            return ("B", str(node), "")
        if isinstance(node, rdflib.Literal):
            if node.datatype is not None:
                return ("t", str(node), str(node.datatype))
            return ("l", str(node), str(node.language or ""))
        return _iri(str(node))

    raw = [(term(s), str(p), term(o)) for s, p, o in graph]
    return _label_blank_nodes(raw)


def _label_blank_nodes(raw: list[tuple[Term, str, Term]]) -> list[tuple[Term, str, Term]]:
    """The triples with each blank node named by its neighbourhood (``b0``, ``b1``, ...), so
    that the same graph parsed twice names them alike whatever the parser called them."""
    first: dict[str, int] = {}
    outgoing: dict[str, list[tuple[str, Term]]] = {}
    incoming: dict[str, list[tuple[Term, str]]] = {}
    for s, p, o in raw:
        if s[0] == "B":
            first.setdefault(s[1], len(first))
            outgoing.setdefault(s[1], []).append((p, o))
        if o[0] == "B":
            first.setdefault(o[1], len(first))
            incoming.setdefault(o[1], []).append((s, p))
    if not first:
        return raw
    signature = dict.fromkeys(first, "")
    for _ in range(3):

        def key(t: Term, signature: dict[str, str] = signature) -> Term:
            return ("B", signature[t[1]], "") if t[0] == "B" else t

        signature = {
            b: hashlib.sha256(
                repr(
                    (
                        sorted((p, key(o)) for p, o in outgoing.get(b, [])),
                        sorted((key(s), p) for s, p in incoming.get(b, [])),
                    )
                ).encode()
            ).hexdigest()
            for b in first
        }
    order = sorted(first, key=lambda b: (signature[b], first[b]))
    labels = {b: f"b{n}" for n, b in enumerate(order)}

    def named(t: Term) -> Term:
        return ("b", labels[t[1]], "") if t[0] == "B" else t

    return [(named(s), p, named(o)) for s, p, o in raw]


def _natural(item_id: str) -> tuple[tuple[int, int, str], ...]:
    # A digit run compares by length, then digits: the order of numbers, without int()
    # (which refuses 4,300 digits or more).
    return tuple(
        (0, len(part.lstrip("0")), part.lstrip("0")) if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", item_id)
        if part
    )


def _segment(key: str) -> str:
    return unquote(re.split(r"[/#:]", key.rstrip("/#"))[-1]) if key else ""


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")
    return slug if slug and _FRAMEWORK_RE.fullmatch(slug) else ""


def _pick(
    candidates: Iterable[tuple[int, Term]], prefer: list[str], only: str | None = None
) -> Term | None:
    """The literal to read: in the first preferred language found (or ``only`` that one),
    then by the rank of its property, then by text; ``None`` when there is none."""
    found = [(rank, t) for rank, t in candidates if t[0] == "l" and t[1].strip()]
    if only is not None:
        found = [(rank, t) for rank, t in found if t[2] == only]
    if not found:
        return None
    languages = {t[2] for _, t in found}
    chosen = next((lang for lang in prefer if lang in languages), min(languages))
    return min((rank, t[1], t) for rank, t in found if t[2] == chosen)[2]


class _Reader:
    def __init__(self, triples: list[tuple[Term, str, Term]], file: str, limits: Limits) -> None:
        self.file, self.limits = file, limits
        self.warnings: list[Issue] = []
        self.about: dict[Term, list[Statement]] = {}
        self.linked: dict[Term, list[Term]] = {}  # broader/narrower, both ways
        for s, p, o in triples:
            self.about.setdefault(s, []).append((p, o))
            if p in (SKOS + "broader", SKOS + "narrower") and o[0] in "ib":
                self.linked.setdefault(s, []).append(o)
                self.linked.setdefault(o, []).append(s)

    def note(self, code: str, message: str) -> None:
        if len(self.warnings) < self.limits.max_issues:
            self.warnings.append(_issue(code, message, self.file, error=False))

    def values(self, subject: Term, *predicates: str) -> list[Term]:
        wanted = set(predicates)
        return [o for p, o in self.about.get(subject, []) if p in wanted]

    def ranked(self, subject: Term, predicates: Iterable[str]) -> list[tuple[int, Term]]:
        rank = {p: n for n, p in enumerate(predicates)}
        return [(rank[p], o) for p, o in self.about.get(subject, []) if p in rank]

    def typed(self, cls: str) -> list[Term]:
        return sorted(
            s for s, st in self.about.items() if (RDF_TYPE, _iri(cls)) in st and s[0] in "ib"
        )

    # -- the scheme and its concepts --------------------------------------------------------
    def schemes(self) -> list[Term]:
        """The concept schemes: typed so, or with top concepts."""
        schemes = set(self.typed(SKOS + "ConceptScheme"))
        schemes.update(
            s for s, st in self.about.items() if any(p == SKOS + "hasTopConcept" for p, _ in st)
        )
        return sorted(schemes)

    def scheme(self, wanted: str | None, lenient: bool) -> Term:
        ordered = self.schemes()
        names = ", ".join(_subject_key(s) for s in ordered[:20])
        if wanted is not None:
            for s in ordered:
                if _subject_key(s) == wanted:
                    return s
            raise _refuse(
                "CE691",
                f"no skos:ConceptScheme {wanted!r} in the file; it has: {names or 'none'}",
                self.file,
            )
        if not ordered:
            raise _refuse(
                "CE691",
                "no skos:ConceptScheme in the file: nothing to import as a framework",
                self.file,
            )
        if len(ordered) > 1:
            if not lenient:
                raise _refuse(
                    "CE691",
                    f"the file has {len(ordered)} concept schemes ({names}); choose one with "
                    "scheme=URI (--meta with 'scheme: URI')",
                    self.file,
                )
            self.note(
                "CE691", f"the file has {len(ordered)} concept schemes ({names}); the first is read"
            )
        return ordered[0]

    def members(self, scheme: Term, alone: bool) -> list[Term]:
        placing = (SKOS + "inScheme", SKOS + "topConceptOf")
        elsewhere: set[Term] = set()
        members: set[Term] = set()
        for s, st in self.about.items():
            schemes = {o for p, o in st if p in placing}
            if scheme in schemes:
                members.add(s)
            elif schemes:
                elsewhere.add(s)
        members.update(o for o in self.values(scheme, SKOS + "hasTopConcept") if o[0] in "ib")
        concepts = set(self.typed(SKOS + "Concept"))
        queue = deque(sorted(members))
        while queue:
            for other in self.linked.get(queue.popleft(), []):
                if other in concepts and other not in members and other not in elsewhere:
                    members.add(other)
                    queue.append(other)
        if alone:
            members.update(concepts - elsewhere)
        members.discard(scheme)
        return sorted(m for m in members if m[0] in "ib")


def _framework_language(reader: _Reader, scheme: Term | None, members: list[Term]) -> str | None:
    said = reader.values(scheme, DCTERMS + "language", DC + "language") if scheme else []
    for value in said:
        tag = value[1] if value[0] in "lt" else _segment(value[1])
        if _LANGUAGE.fullmatch(tag):
            return tag
    counts: Counter[str] = Counter(
        t[2] for m in members for t in reader.values(m, SKOS + "prefLabel") if t[0] == "l" and t[2]
    )
    if "en" in counts:
        return "en"
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return best[0][0] if best and _LANGUAGE.fullmatch(best[0][0]) else None


@capped
def framework_from_skos(
    source: bytes | str,
    file: str = "<string>",
    *,
    format: str | None = None,
    scheme: str | None = None,
    metadata: MappingABC[str, Any] | None = None,
    lenient: bool = False,
    base: str = BASE_URI,
    limits: Limits = DEFAULT_LIMITS,
    max_triples: int = MAX_TRIPLES,
) -> Imported[SkosImport]:
    """Read a SKOS concept scheme (Turtle, RDF/XML or JSON-LD) as a framework.

    ``format`` is ``turtle``, ``xml`` or ``json-ld`` (else sniffed from the file name and
    the text); ``scheme`` the URI of the scheme to read in a file with several (with
    ``lenient``, the first is read and a warning says so); ``metadata`` gives framework
    fields that replace what the scheme says. Raises :class:`FrameworkError` with located
    issues, and :class:`MissingDependencyError` when rdflib is not installed.
    """
    try:
        text = decode(source, file, limits)
    except ValidationError as exc:  # a framework import refuses as a FrameworkError
        raise FrameworkError(exc.issues) from None
    fmt = _sniff(text, file, format)
    _rdflib()  # the dependency first: its message matters more than the file's problems
    if fmt == "xml":
        _check_xml(text, file, limits)
    elif fmt == "json-ld":
        _check_json_ld(text, file, limits)
    reader = _Reader(_parse(text, file, fmt, max_triples), file, limits)
    concepts = reader.typed(SKOS + "Concept")
    if scheme is None and concepts and not reader.schemes():
        # Concepts and no scheme: one scheme is implied, and export writes none.
        return _Build(reader, None, concepts, dict(metadata or {}), base).run()
    chosen = reader.scheme(scheme, lenient)
    all_schemes = set(reader.typed(SKOS + "ConceptScheme"))
    members = reader.members(chosen, len(all_schemes | {chosen}) == 1)
    if not members:
        raise _refuse("CE691", f"the concept scheme {_subject_key(chosen)} has no concepts", file)
    return _Build(reader, chosen, members, dict(metadata or {}), base).run()


class _Build:
    """The framework document, its mappings and what is kept, from the scheme's triples."""

    def __init__(
        self,
        reader: _Reader,
        scheme: Term | None,
        members: list[Term],
        metadata: dict[str, Any],
        base: str,
    ) -> None:
        self.r, self.scheme, self.members, self.metadata, self.base = (
            reader,
            scheme,
            members,
            metadata,
            base,
        )
        self.file = reader.file
        self.language = _framework_language(reader, scheme, members)
        self.prefer = list(dict.fromkeys([self.language or "", "en", ""]))
        self.member_set = set(members)

    def run(self) -> Imported[SkosImport]:
        data, scheme_language = self.framework_fields()
        fw_id, version = data["id"], data["version"]
        ids = self.item_ids()
        items = {m: self.item_fields(m, ids[m]) for m in self.members}
        parent = self.parents(ids)
        children: dict[Term | None, list[Term]] = {}
        for m in sorted(self.members, key=lambda m: _natural(ids[m])):
            children.setdefault(parent[m], []).append(m)
        self.check_depth(parent, ids)
        ok_ref = isinstance(fw_id, str) and isinstance(version, str)
        ok_ref = ok_ref and bool(_FRAMEWORK_RE.fullmatch(fw_id) and _VERSION_RE.fullmatch(version))
        mappings: list[Mapping] = []
        for m in self.members:
            item_id, title, statement, notes, language = items[m]
            subject = Ref(fw_id, version, item_id) if ok_ref else None
            made = _concept_statements(
                self.scheme,
                (item_id, title, statement, notes),
                language,
                parent[m],
                children.get(m, []),
            )
            matched = self.matches(m, subject)
            mappings.extend(mapping for mapping, _ in matched)
            made.extend(statement for _, statement in matched)
            kept = self.kept(m, made)
            default = item_uri(subject, self.base) if subject is not None else None
            ext: dict[str, Any] = {}
            if _subject_key(m) != default:
                ext["@id"] = _subject_key(m)
            if language != self.language:
                ext["@language"] = language or ""
            if kept:
                ext["properties"] = kept
            out: dict[str, Any] = {"id": item_id, "kind": "concept"}
            if title is not None:
                out["title"] = title
            if statement is not None:
                out["statement"] = statement
            if notes:
                out["notes"] = list(notes)
            if ext:
                out[SKOS_EXTENSION] = ext
            items[m] = out  # type: ignore[assignment]
        tree = self.tree(None, children, items)
        data["items"] = tree
        if self.scheme is None:
            return self.result(data, {"scheme": IMPLIED}, mappings, ok_ref)
        made = _scheme_statements(
            str(data.get("title")),
            data.get("description"),
            [str(p.get("name")) for p in data.get("publishers", []) if isinstance(p, dict)],
            data.get("language"),
            scheme_language,
            children.get(None, []),
        )
        ext = {}
        default = framework_uri(Ref(fw_id, version), self.base) if ok_ref else None
        if _subject_key(self.scheme) != default:
            ext["@id"] = _subject_key(self.scheme)
        if scheme_language != data.get("language"):
            ext["@language"] = scheme_language or ""
        kept = self.kept(self.scheme, made)
        if kept:
            ext["properties"] = kept
        return self.result(data, ext, mappings, ok_ref)

    def result(
        self, data: dict[str, Any], ext: dict[str, Any], mappings: list[Mapping], ok_ref: bool
    ) -> Imported[SkosImport]:
        graph = self.graph()
        if graph:
            ext["graph"] = graph
        if ext and SKOS_EXTENSION not in self.metadata:
            data[SKOS_EXTENSION] = ext
        framework = build_framework(data, self.file, lambda _paths: Document(data, self.file))
        mappings = [m for m in mappings if ok_ref]
        return Imported(SkosImport(framework, tuple(mappings)), tuple(self.r.warnings))

    def implied_fields(self) -> tuple[dict[str, Any], str | None]:
        """The framework of a file with concepts and no scheme: named after the file."""
        stem = PurePath(self.file).name.split(".", 1)[0] if self.file != "<string>" else ""
        data: dict[str, Any] = {
            "format": FRAMEWORK_FORMAT,
            "id": _slug(stem) or "skos-scheme",
            "version": "1",
            "title": stem or "SKOS concepts",
            "status": "draft",
            "publishers": [{"name": "unknown"}],
        }
        if self.language:
            data["language"] = self.language
        data.update(self.metadata)
        given = [k for k in ("id", "version", "title", "publishers") if k in self.metadata]
        count = len(self.members)
        self.r.note(
            "CE692",
            f"the file has {count} concept{'s' if count != 1 else ''} and no "
            f"skos:ConceptScheme: read as one implied scheme, {data['id']}@{data['version']} "
            + (f"({', '.join(given)} from metadata)" if given else "named after the file")
            + ("" if "publishers" in self.metadata else ", publisher 'unknown'")
            + "; export writes the concepts and no scheme",
        )
        return data, self.language

    # -- the framework --------------------------------------------------------------------
    def framework_fields(self) -> tuple[dict[str, Any], str | None]:
        r, s = self.r, self.scheme
        if s is None:
            return self.implied_fields()
        title_term = _pick(r.ranked(s, _TITLES), self.prefer)
        scheme_language = title_term[2] or None if title_term else self.language
        title = title_term[1] if title_term else None
        description = _pick(r.ranked(s, _DESCRIPTIONS), self.prefer, only=scheme_language or "")
        names = sorted({t[1] for t in r.values(s, *_PUBLISHERS) if t[0] in "lt" and t[1].strip()})
        if not names:
            names = sorted({t[1] for t in r.values(s, *_CREATORS) if t[0] in "lt" and t[1].strip()})
        if not names:
            names = sorted({t[1] for t in r.values(s, *_PUBLISHERS, *_CREATORS) if t[0] == "i"})
        data: dict[str, Any] = {"format": FRAMEWORK_FORMAT}
        ref = parse_uri(s[1], self.base) if s[0] == "i" else None
        ref = ref if ref is not None and ref.item is None and ref.version else None
        if ref is not None:
            data["id"], data["version"] = ref.framework, ref.version
        else:
            data["id"] = _slug(title or "") or _slug(_segment(s[1])) or "skos-scheme"
            data["version"] = self.version()
        if title is None:
            title = _segment(_subject_key(s)) or _subject_key(s)
            if "title" not in self.metadata:
                self.r.note(
                    "CE692", f"the concept scheme {_subject_key(s)} has no title; {title!r} is used"
                )
        data["title"] = title
        data["status"] = "draft"
        if description is not None:
            data["description"] = description[1]
        if not names:
            host = urlsplit(s[1]).hostname if s[0] == "i" else None
            names = [host or "unknown"]
            if "publishers" not in self.metadata:
                self.r.note(
                    "CE692",
                    f"the concept scheme names no publisher; {names[0]!r} is used (give "
                    "--publisher or metadata)",
                )
        data["publishers"] = [{"name": name} for name in names]
        if self.language:
            data["language"] = self.language
        data.update(self.metadata)
        return data, scheme_language

    def version(self) -> str:
        if self.scheme is None:
            return "1"
        for t in sorted(self.r.values(self.scheme, OWL + "versionInfo")):
            if t[0] in "lt" and _VERSION_RE.fullmatch(t[1]):
                return t[1]
        for predicate in ("modified", "issued", "created"):
            for t in sorted(self.r.values(self.scheme, DCTERMS + predicate)):
                if t[0] in "lt" and _DATE.match(t[1]):
                    return t[1][:10]
        return "1"

    # -- items ----------------------------------------------------------------------------
    def item_ids(self) -> dict[Term, str]:
        used: set[str] = set()
        ids: dict[Term, str] = {}
        for m in self.members:  # sorted by URI: the same ids on every import
            notations = sorted(t[1] for t in self.r.values(m, SKOS + "notation") if t[0] in "lt")
            found = next((n for n in notations if _ITEM_RE.fullmatch(n) and n not in used), None)
            if found is None:
                stem = re.sub(r"\s+", "-", _segment(_subject_key(m))).lstrip("@:") or "c"
                stem = stem if _ITEM_RE.fullmatch(stem) else "c"
                found, n = stem, 1
                while found in used:
                    n += 1
                    found = f"{stem}-{n}"
            used.add(found)
            ids[m] = found
        return ids

    def item_fields(
        self, m: Term, item_id: str
    ) -> tuple[str, str | None, str | None, tuple[str, ...], str | None]:
        r = self.r
        labels = r.ranked(m, (SKOS + "prefLabel",))
        if not any(t[0] == "l" and t[1].strip() for _, t in labels):
            labels = [
                (0, form)
                for label in r.values(m, SKOSXL + "prefLabel")
                for form in r.values(label, SKOSXL + "literalForm")
            ] or r.ranked(m, (RDFS + "label",))
        label = _pick(labels, self.prefer)
        definitions = r.ranked(m, (SKOS + "definition",))
        if label is not None:
            language = label[2]
            definition = _pick(definitions, self.prefer, only=language)
        else:
            definition = _pick(definitions, self.prefer)
            language = definition[2] if definition is not None else self.language or ""
        title = label[1] if label else None
        statement = definition[1] if definition else None
        if title is not None and title == statement:
            title = None
        if title is None and statement is None:
            title = item_id
            self.r.note(
                "CE692",
                f"the concept {_subject_key(m)} has no label; its id {item_id!r} is its title",
            )
        notes = tuple(
            sorted(
                {
                    t[1]
                    for t in r.values(m, SKOS + "note", SKOS + "scopeNote")
                    if t[0] == "l" and t[2] == language and t[1].strip()
                }
            )
        )
        return item_id, title, statement, notes, language or None

    def parents(self, ids: dict[Term, str]) -> dict[Term, Term | None]:
        parent: dict[Term, Term | None] = {}
        up: dict[Term, set[Term]] = {m: set() for m in self.members}
        for m in self.members:
            for o in self.r.values(m, SKOS + "broader"):
                if o in self.member_set and o != m:
                    up[m].add(o)
            for o in self.r.values(m, SKOS + "narrower"):
                if o in self.member_set and o != m:
                    up[o].add(m)
        for m in self.members:
            ordered = sorted(up[m], key=lambda p: _natural(ids[p]))
            parent[m] = ordered[0] if ordered else None
            if len(ordered) > 1:
                self.r.note(
                    "CE692",
                    f"the concept {ids[m]!r} ({_subject_key(m)}) has {len(ordered)} broader "
                    f"concepts ({', '.join(repr(ids[p]) for p in ordered[:10])}); it is placed "
                    f"under {ids[ordered[0]]!r}, the other links are kept as triples",
                )
        # Cut every cycle of chosen parents at its first concept (by id): linear in all.
        state: dict[Term, int] = {}  # 1 on the current path, 2 done
        for start in sorted(self.members, key=lambda m: _natural(ids[m])):
            path: list[Term] = []
            node: Term | None = start
            while node is not None and node not in state:
                state[node] = 1
                path.append(node)
                node = parent[node]
            if node is not None and state[node] == 1:
                cycle = path[path.index(node) :]
                cut = min(cycle, key=lambda c: _natural(ids[c]))
                parent[cut] = None
                self.r.note(
                    "CE692",
                    f"broader links form a cycle ({' > '.join(repr(ids[c]) for c in cycle[:10])}); "
                    f"{ids[cut]!r} is placed at the top, its broader link kept as a triple",
                )
            for visited in path:
                state[visited] = 2
        return parent

    def check_depth(self, parent: dict[Term, Term | None], ids: dict[Term, str]) -> None:
        depth: dict[Term, int] = {}
        for m in self.members:
            chain: list[Term] = []
            node: Term | None = m
            while node is not None and node not in depth:
                chain.append(node)
                node = parent[node]
            level = depth[node] if node is not None else 0
            for visited in reversed(chain):
                level += 1
                depth[visited] = level
                if level > _MAX_DEPTH:
                    raise _refuse(
                        "CE628",
                        f"the concept {ids[visited]!r} is more than {_MAX_DEPTH} levels deep",
                        self.file,
                    )

    def tree(
        self, at: Term | None, children: dict[Term | None, list[Term]], items: dict[Term, Any]
    ) -> list[dict[str, Any]]:
        out = []
        for child in children.get(at, []):
            node = items[child]
            below = self.tree(child, children, items)  # depth is bounded by check_depth
            if below:
                node["items"] = below
            out.append(node)
        return out

    def matches(self, m: Term, subject: Ref | None) -> list[tuple[Mapping, Statement]]:
        out: list[tuple[Mapping, Statement]] = []
        if subject is None:
            return out
        for p, o in sorted(set(self.r.about.get(m, []))):
            relation = _MATCHES.get(p)
            if relation is None or o[0] != "i" or o in self.member_set or not is_concept_id(o[1]):
                continue
            try:
                mapping = Mapping(
                    subject,
                    relation,
                    ExternalConcept(o[1]),
                    justification=Justification.UNSPECIFIED,
                )
            except ModelError:
                continue
            out.append((mapping, (p, o)))
        return out

    def kept(self, subject: Term, made: list[Statement]) -> dict[str, list[dict[str, str]]]:
        return _properties_data(set(self.r.about.get(subject, [])) - set(made))

    def graph(self) -> dict[str, dict[str, list[dict[str, str]]]]:
        """The triples about other resources of the file; other schemes' are not read."""
        skipped = 0
        others = set(self.r.typed(SKOS + "ConceptScheme")) | set(self.r.typed(SKOS + "Concept"))
        placing = (SKOS + "inScheme", SKOS + "topConceptOf")
        out: dict[str, dict[str, list[dict[str, str]]]] = {}
        for s in sorted(self.r.about):
            if s == self.scheme or s in self.member_set:
                continue
            statements = self.r.about[s]
            if s in others or any(p in placing for p, _ in statements):
                skipped += len(statements)
                continue
            out[_subject_key(s)] = _properties_data(statements)
        if skipped:
            self.r.note(
                "CE693",
                f"{skipped} triples about other concept schemes and their concepts are not read",
            )
        return out
