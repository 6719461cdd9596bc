"""The mapping relations, declared once.

SKOS mapping semantics, read as ``SUBJECT relation OBJECT``:

========= ===================== ========= ========== ==========
relation  SKOS property          inverse   symmetric  transitive
========= ===================== ========= ========== ==========
exact     skos:exactMatch        exact     yes        yes
close     skos:closeMatch        close     yes        no
broad     skos:broadMatch        narrow    no         no
narrow    skos:narrowMatch       broad     no         no
related   skos:relatedMatch      related   yes        no
========= ===================== ========= ========== ==========

``A broad B`` says that B is *broader* than A (as ``skos:broadMatch`` does). Everything
else (inverse, inference, contradiction checks, SSSOM and CASE names) reads this table.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

import attrs

__all__ = ["RELATIONS", "Relation", "RelationInfo", "compose", "contradicts", "inverse"]


class Relation(enum.Enum):
    """A SKOS-style mapping relation between two items."""

    EXACT = "exact"
    CLOSE = "close"
    BROAD = "broad"
    NARROW = "narrow"
    RELATED = "related"

    @property
    def info(self) -> RelationInfo:
        return RELATIONS[self]

    @property
    def inverse(self) -> Relation:
        return RELATIONS[self].inverse

    @property
    def strength(self) -> int:
        return RELATIONS[self].strength

    @property
    def skos(self) -> str:
        return RELATIONS[self].skos


@attrs.frozen
class RelationInfo:
    """One row of the relations table."""

    relation: Relation
    skos: str
    inverse: Relation
    symmetric: bool
    transitive: bool
    disjoint_with: frozenset[Relation]
    strength: int  # for ranking: how much a mapping of this relation claims
    description: str


_R = Relation
RELATIONS: Mapping[Relation, RelationInfo] = {
    info.relation: info
    for info in (
        RelationInfo(
            _R.EXACT,
            "skos:exactMatch",
            _R.EXACT,
            True,
            True,
            frozenset({_R.BROAD, _R.NARROW, _R.RELATED}),
            4,
            "the two items can be used interchangeably",
        ),
        RelationInfo(
            _R.CLOSE,
            "skos:closeMatch",
            _R.CLOSE,
            True,
            False,
            frozenset(),
            3,
            "the two items are similar enough to be used interchangeably in some cases",
        ),
        RelationInfo(
            _R.BROAD,
            "skos:broadMatch",
            _R.NARROW,
            False,
            False,
            frozenset({_R.EXACT, _R.NARROW, _R.RELATED}),
            2,
            "the object is broader than the subject",
        ),
        RelationInfo(
            _R.NARROW,
            "skos:narrowMatch",
            _R.BROAD,
            False,
            False,
            frozenset({_R.EXACT, _R.BROAD, _R.RELATED}),
            2,
            "the object is narrower than the subject",
        ),
        RelationInfo(
            _R.RELATED,
            "skos:relatedMatch",
            _R.RELATED,
            True,
            False,
            frozenset({_R.EXACT, _R.BROAD, _R.NARROW}),
            1,
            "the two items are associated, not hierarchically",
        ),
    )
}


def inverse(relation: Relation) -> Relation:
    """The relation read from object to subject."""
    return RELATIONS[relation].inverse


def contradicts(a: Relation, b: Relation) -> bool:
    """Whether the same subject and object cannot stand in both relations."""
    return b in RELATIONS[a].disjoint_with


def compose(first: Relation, second: Relation) -> Relation | None:
    """The relation implied by ``A first B`` and ``B second C``, or ``None``.

    Only exact chains compose, and broad or narrow with exact on either side; nothing
    is inferred through close or related, nor through two hierarchical steps (SKOS
    mapping relations are not transitive).
    """
    if first is _R.EXACT:
        return second if second in (_R.EXACT, _R.BROAD, _R.NARROW) else None
    if second is _R.EXACT and first in (_R.BROAD, _R.NARROW):
        return first
    return None
