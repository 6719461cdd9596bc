"""Crosswalks: sets of mappings between the items of frameworks (SSSOM-style).

A :class:`Mapping` says ``subject relation object`` (or, negated, that the relation does
*not* hold), with a confidence, a justification from the SEMAPV vocabulary, and who and
when. Each end is an item of a framework (a :class:`~cecompetency.model.refs.Ref`) or a
concept outside them all (an :class:`~cecompetency.model.external.ExternalConcept`). A
:class:`Crosswalk` is a versioned, citable set of mappings, with the CURIE prefixes its
external concepts use.
"""

from __future__ import annotations

import datetime
import enum
import itertools
import operator
import re
import types
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as MappingABC
from typing import Any

import attrs

from cecompetency.model.errors import ModelError, RefTypeError
from cecompetency.model.external import ExternalConcept, is_uri
from cecompetency.model.fields import matching, optional_text, valid_text, valid_texts
from cecompetency.model.grammar import FRAMEWORK_ID, PREFIX, TEXT, URI, VERSION
from cecompetency.model.refs import Ref, as_ref
from cecompetency.model.relations import Relation

__all__ = ["Crosswalk", "Justification", "Mapping", "MappingEnd", "end_external", "end_label"]

# What a mapping's subject or object is: an item of a framework, or a concept outside them.
MappingEnd = Ref | ExternalConcept

_PREFIX = re.compile(PREFIX)
_URI = re.compile(URI)
_TEXT = re.compile(TEXT)
_ENDS = operator.attrgetter("subject", "object")
_IS_REF = Ref.__instancecheck__


def end_external(end: MappingEnd | None) -> ExternalConcept | None:
    """``end`` if it is an external concept, else ``None``."""
    return end if isinstance(end, ExternalConcept) else None


def end_label(end: MappingEnd) -> str | None:
    """The label a mapping gives its end: an external concept's, never an item's (items
    have their titles in their framework)."""
    return end.label if isinstance(end, ExternalConcept) else None


class Justification(enum.Enum):
    """How a mapping was made: terms of the SEMAPV vocabulary used by SSSOM."""

    MANUAL = "semapv:ManualMappingCuration"
    LEXICAL = "semapv:LexicalMatching"
    LEXICAL_SIMILARITY = "semapv:LexicalSimilarityThresholdMatching"
    SEMANTIC_SIMILARITY = "semapv:SemanticSimilarityThresholdMatching"
    LOGICAL = "semapv:LogicalReasoning"
    COMPOSITE = "semapv:CompositeMatching"
    CHAINING = "semapv:MappingChaining"
    INVERSION = "semapv:MappingInversion"
    REVIEW = "semapv:MappingReview"
    UNSPECIFIED = "semapv:UnspecifiedMatching"


def _end(value: MappingEnd | str) -> MappingEnd:
    """An item reference, or an external concept as it is; text is read as a reference."""
    if type(value) is Ref and value.item is not None and value.version is not None:
        return value  # the common case, first: readers build a hundred thousand of these
    if isinstance(value, ExternalConcept):
        return value
    try:
        ref = as_ref(value)
    except RefTypeError as exc:  # its message says what to pass for an item; add the other end
        raise RefTypeError(f"{exc} (or an ExternalConcept, for a concept outside them)") from None
    if ref.item is None or ref.version is None:
        raise ModelError(
            f"a mapping needs a full item reference (framework@version:item), got {ref}"
        )
    return ref


def _confidence(_inst: object, _attr: object, value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise ModelError(f"confidence must be between 0 and 1, got {value!r}")


# Read-only and owned here, so every object without extensions can share it.
_NO_EXTENSIONS: MappingABC[str, Any] = types.MappingProxyType({})


def _frozen(value: MappingABC[str, Any] | None) -> MappingABC[str, Any]:
    return types.MappingProxyType(dict(value)) if value else _NO_EXTENSIONS


def _mappings(value: Iterable[Mapping]) -> tuple[Mapping, ...]:
    return value if type(value) is tuple else tuple(value)


def _relation(value: Relation | str) -> Relation:
    return value if type(value) is Relation else Relation(value)


def _justification(value: Justification | str) -> Justification:
    return value if type(value) is Justification else Justification(value)


def _refs(value: Iterable[Ref | str]) -> tuple[Ref, ...]:
    return tuple(as_ref(v) for v in value)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


@attrs.frozen
class Mapping:
    """``subject relation object``: one correspondence between two items.

    An inferred mapping carries ``chain``, the asserted mappings it was derived from,
    in order; asserted mappings have an empty chain.
    """

    subject: MappingEnd = attrs.field(converter=_end)
    relation: Relation = attrs.field(converter=_relation)
    object: MappingEnd = attrs.field(converter=_end)
    negated: bool = False
    confidence: float | None = attrs.field(default=None, validator=_confidence)
    justification: Justification = attrs.field(
        default=Justification.MANUAL, converter=_justification
    )
    comment: str | None = attrs.field(default=None, validator=optional_text)
    author: str | None = attrs.field(default=None, validator=optional_text)
    date: datetime.date | None = None
    chain: tuple[Mapping, ...] = attrs.field(default=(), converter=_mappings)
    source: str | None = attrs.field(default=None, eq=False)  # the crosswalk it came from
    extensions: MappingABC[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)

    @property
    def inferred(self) -> bool:
        """Whether this mapping was derived from others (it then has a ``chain``)."""
        return bool(self.chain)

    @property
    def item_refs(self) -> tuple[Ref, Ref] | None:
        """Subject and object when both are items of frameworks; ``None`` when either is an
        external concept (analyses of frameworks skip such mappings)."""
        s, o = self.subject, self.object
        return (s, o) if isinstance(s, Ref) and isinstance(o, Ref) else None

    @property
    def key(self) -> tuple[MappingEnd, Relation, MappingEnd]:
        """What the mapping claims, without who or how sure."""
        return (self.subject, self.relation, self.object)

    def inverse(self) -> Mapping:
        """The same knowledge read from object to subject (justification: inversion)."""
        return attrs.evolve(
            self,
            subject=self.object,
            object=self.subject,
            relation=self.relation.inverse,
            justification=Justification.INVERSION,
            chain=(self,),
        )

    @classmethod
    def fast(
        cls,
        subject: MappingEnd,
        relation: Relation,
        object: MappingEnd,
        negated: bool,
        confidence: float | None,
        justification: Justification,
        comment: str | None,
        author: str | None,
        date: datetime.date | None,
        source: str | None,
        extensions: MappingABC[str, Any] | None,
    ) -> Mapping:
        """The asserted mapping (no chain) ``Mapping(...)`` makes of these values, for
        readers that build a hundred thousand: values of the types the fields hold are
        checked inline, as ``__init__`` would check them, and set without its converters;
        any other value goes through ``__init__``, which converts or refuses it."""
        if not (
            cls is Mapping
            and (
                (type(subject) is Ref and subject.item is not None and subject.version is not None)
                or type(subject) is ExternalConcept
            )
            and (
                (type(object) is Ref and object.item is not None and object.version is not None)
                or type(object) is ExternalConcept
            )
            and type(relation) is Relation
            and type(justification) is Justification
            and (confidence is None or (type(confidence) is float and 0.0 <= confidence <= 1.0))
            and (comment is None or (type(comment) is str and _TEXT.fullmatch(comment)))
            and (author is None or (type(author) is str and _TEXT.fullmatch(author)))
        ):
            return cls(
                subject,
                relation,
                object,
                negated,
                confidence,
                justification,
                comment,
                author,
                date,
                (),
                source,
                extensions or {},
            )
        mapping = _new(cls)
        _set_subject(mapping, subject)
        _set_relation(mapping, relation)
        _set_object(mapping, object)
        _set_negated(mapping, negated)
        _set_confidence(mapping, confidence)
        _set_justification(mapping, justification)
        _set_comment(mapping, comment)
        _set_author(mapping, author)
        _set_date(mapping, date)
        _set_chain(mapping, ())
        _set_source(mapping, source)
        # As _frozen does, without the call.
        frozen = types.MappingProxyType(dict(extensions)) if extensions else _NO_EXTENSIONS
        _set_extensions(mapping, frozen)
        return mapping

    def __str__(self) -> str:
        text = f"{self.subject} {'NOT ' if self.negated else ''}{self.relation.value} {self.object}"
        if self.confidence is not None:
            text += f" ({self.confidence:.2f})"
        return text


# Mapping.fast sets each slot through its descriptor: the frozen class refuses setattr, and
# object.__setattr__ (what attrs' __init__ calls) looks each name up first.
_new = object.__new__
(
    _set_subject,
    _set_relation,
    _set_object,
    _set_negated,
    _set_confidence,
    _set_justification,
    _set_comment,
    _set_author,
    _set_date,
    _set_chain,
    _set_source,
    _set_extensions,
) = (vars(Mapping)[field.name].__set__ for field in attrs.fields(Mapping))


@attrs.frozen
class Crosswalk:
    """A versioned set of mappings between the items of the frameworks it names."""

    id: str = attrs.field(validator=matching(FRAMEWORK_ID, "crosswalk id"))
    version: str = attrs.field(validator=matching(VERSION, "version"))
    title: str = attrs.field(validator=valid_text)
    frameworks: tuple[Ref, ...] = attrs.field(converter=_refs)
    # The repr counts the mappings: a notebook cell that shows a crosswalk should not
    # print every one of them.
    mappings: tuple[Mapping, ...] = attrs.field(
        default=(), converter=_mappings, repr=lambda m: f"<{len(m)} mappings>"
    )
    description: str | None = attrs.field(default=None, validator=optional_text)
    license: str | None = attrs.field(default=None, validator=optional_text)
    creators: tuple[str, ...] = attrs.field(default=(), converter=_texts, validator=valid_texts)
    date: datetime.date | None = None
    extensions: MappingABC[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)
    # CURIE prefix -> the URI it stands for, for the external concepts the mappings name.
    prefixes: MappingABC[str, str] = attrs.field(factory=dict, converter=_frozen, hash=False)

    def __attrs_post_init__(self) -> None:
        for ref in self.frameworks:
            if ref.version is None or ref.item is not None:
                raise ModelError(f"crosswalk frameworks are framework@version, got {ref}")
        listed = {ref.framework for ref in self.frameworks}
        for prefix, uri in self.prefixes.items():
            if not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix):
                raise ModelError(f"a CURIE prefix is a name such as 'ESCO', got {prefix!r}")
            if not isinstance(uri, str) or not _URI.fullmatch(uri):
                raise ModelError(f"prefix {prefix!r} must stand for a URI, got {uri!r}")
            if prefix in listed:
                raise ModelError(f"prefix {prefix!r} is also the id of a listed framework")
        for concept in self.external_concepts():
            # Written in a file, the concept must not read as an item reference.
            if concept.prefix in listed:
                raise ModelError(
                    f"external concept {concept} has the prefix of listed framework "
                    f"{concept.prefix!r}; it would read as one of its items"
                )
            if not is_uri(concept.id) and concept.prefix not in self.prefixes:
                raise ModelError(
                    f"external concept {concept} uses the prefix {concept.prefix!r}, "
                    "which 'prefixes' does not declare"
                )

    @property
    def ref(self) -> Ref:
        """``Ref(id, version)``, printed as ``id@version``."""
        return Ref(self.id, self.version)

    def __len__(self) -> int:
        return len(self.mappings)

    def __str__(self) -> str:
        negated = sum(1 for m in self.mappings if m.negated)
        counts = f"{len(self.mappings)} mappings" + (f", {negated} negated" if negated else "")
        between = " <-> ".join(str(ref) for ref in self.frameworks)
        return f"{self.ref} ({self.title}): {between}, {counts}"

    def __iter__(self) -> Iterator[Mapping]:
        return iter(self.mappings)

    def asserted(self) -> tuple[Mapping, ...]:
        """The mappings that say a relation holds (not the negations)."""
        return tuple(m for m in self.mappings if not m.negated)

    def negations(self) -> tuple[Mapping, ...]:
        """The mappings that say a relation does *not* hold."""
        return tuple(m for m in self.mappings if m.negated)

    def between(self, subject_framework: str, object_framework: str) -> tuple[Mapping, ...]:
        """Mappings from items of one framework (by id) to items of another."""
        return tuple(
            m
            for m in self.mappings
            if isinstance(m.subject, Ref)
            and isinstance(m.object, Ref)
            and m.subject.framework == subject_framework
            and m.object.framework == object_framework
        )

    def external_concepts(self) -> tuple[ExternalConcept, ...]:
        """Every concept outside the frameworks that a mapping names, once, in order of
        first use; each with the first label a mapping gives it (if any does)."""
        seen: dict[str, ExternalConcept] = {}
        # Every end in order, the items left out in C: a crosswalk checks its concepts
        # when made, and most ends of a large one are items.
        ends = itertools.chain.from_iterable(map(_ENDS, self.mappings))
        for end in itertools.filterfalse(_IS_REF, ends):
            if isinstance(end, ExternalConcept):
                known = seen.get(end.id)
                if known is None or (known.label is None and end.label is not None):
                    seen[end.id] = end
        return tuple(seen.values())
