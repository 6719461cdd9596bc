"""The URIs and UUIDs that name frameworks, items and crosswalks outside this library.

One scheme, used by every exchange format (CASE, CTDL-ASN, SSSOM, SKOS, GraphML)::

    https://w3id.org/cecompetency/<framework>/<version>              a framework version
    https://w3id.org/cecompetency/<framework>/<version>/<item>       one of its items
    https://w3id.org/cecompetency/crosswalks/<crosswalk>/<version>   a crosswalk

Item ids are percent-encoded (RFC 3986 unreserved characters stay as they are), so any
id makes a valid URI and the URI reads back to the same id. Where a format needs UUIDs
(CASE), they are version-5 UUIDs of the object's URI in the standard URL namespace
(RFC 4122, ``uuid.uuid5(uuid.NAMESPACE_URL, uri)``): anyone can recompute them, and an
export made twice, or on another machine, carries the same identifiers. ``base``
parameters let a publisher use its own resolvable base URI instead.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from urllib.parse import quote, unquote

from cecompetency.model.crosswalk import MappingEnd
from cecompetency.model.external import ExternalConcept, expand
from cecompetency.model.refs import FRAMEWORK_ID, VERSION, Ref

__all__ = [
    "BASE_URI",
    "crosswalk_uri",
    "end_uri",
    "framework_uri",
    "item_uri",
    "parse_crosswalk_uri",
    "parse_uri",
    "uuid_of",
]

BASE_URI = "https://w3id.org/cecompetency/"
_CROSSWALKS = "crosswalks/"


def _base(base: str) -> str:
    return base if base.endswith("/") else base + "/"


def framework_uri(ref: Ref, base: str = BASE_URI) -> str:
    """The URI of a framework version (``ref`` must name a version)."""
    if ref.version is None:
        raise ValueError(f"a framework URI needs a version, got {ref}")
    return f"{_base(base)}{ref.framework}/{ref.version}"


def item_uri(ref: Ref, base: str = BASE_URI) -> str:
    """The URI of an item (``ref`` must be ``framework@version:item``)."""
    if ref.item is None:
        raise ValueError(f"an item URI needs an item, got {ref}")
    return f"{framework_uri(ref, base)}/{quote(ref.item, safe='')}"


def end_uri(end: MappingEnd, prefixes: Mapping[str, str], base: str = BASE_URI) -> str | None:
    """The URI of a mapping's end: an item's, or an external concept's (its own URI, or its
    CURIE expanded by ``prefixes``; ``None`` when its prefix is not among them)."""
    if isinstance(end, ExternalConcept):
        return expand(end.id, prefixes)
    return item_uri(end, base)


def crosswalk_uri(ref: Ref, base: str = BASE_URI) -> str:
    """The URI of a crosswalk version."""
    return f"{_base(base)}{_CROSSWALKS}{ref.framework}/{ref.version}"


def uuid_of(uri: str) -> str:
    """The deterministic UUID (version 5, URL namespace) of ``uri``, as lower-case text."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, uri))


def parse_uri(uri: str, base: str = BASE_URI) -> Ref | None:
    """The framework or item reference a URI of this scheme names, else ``None``.

    Crosswalk URIs are not framework URIs: read them with :func:`parse_crosswalk_uri`.
    """
    prefix = _base(base)
    if not uri.startswith(prefix) or uri.startswith(prefix + _CROSSWALKS):
        return None
    match = re.fullmatch(rf"({FRAMEWORK_ID})/({VERSION})(?:/([^/]+))?", uri[len(prefix) :])
    if match is None:
        return None
    item = None if match[3] is None else unquote(match[3])
    try:
        return Ref(match[1], match[2], item)
    except ValueError:
        return None


def parse_crosswalk_uri(uri: str, base: str = BASE_URI) -> Ref | None:
    """``Ref(crosswalk_id, version)`` for a crosswalk URI of this scheme, else ``None``."""
    prefix = _base(base) + _CROSSWALKS
    if not uri.startswith(prefix):
        return None
    match = re.fullmatch(rf"({FRAMEWORK_ID})/({VERSION})", uri[len(prefix) :])
    return None if match is None else Ref(match[1], match[2])
