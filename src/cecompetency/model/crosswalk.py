"""Crosswalks: sets of mappings between the items of frameworks (SSSOM-style).

A :class:`Mapping` says ``subject relation object`` (or, negated, that the relation does
*not* hold), with a confidence, a justification from the SEMAPV vocabulary, and who and
when. A :class:`Crosswalk` is a versioned, citable set of them.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable, Iterator
from collections.abc import Mapping as MappingABC
from typing import Any

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.refs import Ref, as_ref
from cecompetency.model.relations import Relation

__all__ = ["Crosswalk", "Justification", "Mapping"]


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


def _item_ref(value: Ref | str) -> Ref:
    ref = as_ref(value)
    if ref.item is None or ref.version is None:
        raise ModelError(
            f"a mapping needs a full item reference (framework@version:item), got {ref}"
        )
    return ref


def _confidence(_inst: object, _attr: object, value: float | None) -> None:
    if value is not None and not 0.0 <= value <= 1.0:
        raise ModelError(f"confidence must be between 0 and 1, got {value!r}")


def _frozen(value: MappingABC[str, Any] | None) -> MappingABC[str, Any]:
    import types

    return types.MappingProxyType(dict(value or {}))


def _mappings(value: Iterable[Mapping]) -> tuple[Mapping, ...]:
    return tuple(value)


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

    subject: Ref = attrs.field(converter=_item_ref)
    relation: Relation = attrs.field(converter=Relation)
    object: Ref = attrs.field(converter=_item_ref)
    negated: bool = False
    confidence: float | None = attrs.field(default=None, validator=_confidence)
    justification: Justification = attrs.field(
        default=Justification.MANUAL, converter=Justification
    )
    comment: str | None = None
    author: str | None = None
    date: datetime.date | None = None
    chain: tuple[Mapping, ...] = attrs.field(default=(), converter=_mappings)
    source: str | None = attrs.field(default=None, eq=False)  # the crosswalk it came from
    extensions: MappingABC[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)

    @property
    def inferred(self) -> bool:
        """Whether this mapping was derived from others (it then has a ``chain``)."""
        return bool(self.chain)

    @property
    def key(self) -> tuple[Ref, Relation, Ref]:
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

    def __str__(self) -> str:
        text = f"{self.subject} {'NOT ' if self.negated else ''}{self.relation.value} {self.object}"
        if self.confidence is not None:
            text += f" ({self.confidence:.2f})"
        return text


@attrs.frozen
class Crosswalk:
    """A versioned set of mappings between the items of the frameworks it names."""

    id: str
    version: str
    title: str
    frameworks: tuple[Ref, ...] = attrs.field(converter=_refs)
    # The repr counts the mappings: a notebook cell that shows a crosswalk should not
    # print every one of them.
    mappings: tuple[Mapping, ...] = attrs.field(
        default=(), converter=_mappings, repr=lambda m: f"<{len(m)} mappings>"
    )
    description: str | None = None
    license: str | None = None
    creators: tuple[str, ...] = attrs.field(default=(), converter=_texts)
    date: datetime.date | None = None
    extensions: MappingABC[str, Any] = attrs.field(factory=dict, converter=_frozen, hash=False)

    def __attrs_post_init__(self) -> None:
        for ref in self.frameworks:
            if ref.version is None or ref.item is not None:
                raise ModelError(f"crosswalk frameworks are framework@version, got {ref}")

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
            if m.subject.framework == subject_framework and m.object.framework == object_framework
        )
