"""Concepts outside the frameworks here, which mappings may still point at.

A crosswalk may map an item to an ESCO or O*NET skill, an ontology term, or an item of a
CASE document that is not loaded. :class:`ExternalConcept` holds what is known of such a
concept: its identifier, a CURIE (``ESCO:0a1b``) or a full URI, and a label if one was
given. It is equal to another by identifier alone; it has no framework, version or tree.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.fields import matching
from cecompetency.model.grammar import CONTROL, PREFIX, TEXT, URI

__all__ = [
    "CURIE",
    "PREFIX",
    "URI",
    "ExternalConcept",
    "expand",
    "is_concept_id",
    "is_uri",
    "reads_as_external",
]

# A full URI with a scheme (http, https, urn, ...), and a CURIE ``prefix:local`` as SSSOM
# writes them. A CURIE's prefix is an NCName; its local part is anything without spaces.
# Neither can hold ``@`` before its first ``:``, so neither is ever read as an item
# reference (``framework@version:item``) nor clashes with one as a graph node key.
CURIE = rf"{PREFIX}:[^\s<>\"{{}}|\\^`{CONTROL}]+"
_URI = re.compile(URI)
_CURIE = re.compile(CURIE)
_WEB_OR_URN = re.compile(r"(https?://|urn:)[^\s<>\"{}|\\^`]+")


def is_uri(text: str) -> bool:
    """Whether ``text`` is written as a full URI (``http://``, ``https://``, ``urn:``)."""
    return _WEB_OR_URN.fullmatch(text) is not None


def is_concept_id(text: str) -> bool:
    """Whether ``text`` can name an external concept: a CURIE or a URI."""
    return bool(_URI.fullmatch(text) or _CURIE.fullmatch(text))


def reads_as_external(text: str, prefixes: Mapping[str, str], frameworks: Iterable[str]) -> bool:
    """Whether a file's subject or object ``text`` is meant as an external concept: a full
    URI, or a CURIE of a declared prefix, whose prefix is none of the ``frameworks`` ids
    (where a framework is listed, its items' short references win)."""
    prefix, sep, _ = text.partition(":")
    if not sep or prefix in frameworks:
        return False
    return prefix in prefixes or is_uri(text)


def expand(identifier: str, prefixes: Mapping[str, str]) -> str | None:
    """The full URI of a CURIE whose prefix ``prefixes`` declares, a full URI as it is;
    ``None`` for a CURIE of an undeclared prefix."""
    if is_uri(identifier):
        return identifier
    prefix, _, local = identifier.partition(":")
    base = prefixes.get(prefix)
    return None if base is None else base + local


def _identifier(_inst: object, _attr: object, value: str) -> None:
    if not isinstance(value, str) or not is_concept_id(value):
        raise ModelError(f"an external concept is a CURIE or a URI, got {value!r}")


_label = matching(TEXT, "label (text, not blank, no control character)", optional=True)


@attrs.frozen
class ExternalConcept:
    """A concept known by its CURIE or URI (and a label, if known), outside every framework."""

    id: str = attrs.field(validator=_identifier)
    # Not part of equality: a concept is the same whoever labels it, and how.
    label: str | None = attrs.field(default=None, eq=False, validator=_label)

    @property
    def prefix(self) -> str:
        """What comes before the first ``:`` (a CURIE's prefix, or a URI's scheme)."""
        return self.id.split(":", 1)[0]

    def __str__(self) -> str:
        return self.id
