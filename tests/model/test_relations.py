"""The relations table and its algebra: inverse, symmetry, contradiction, composition."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cecompetency.model.crosswalk import Justification, Mapping
from cecompetency.model.relations import RELATIONS, Relation, compose, contradicts, inverse

relations = st.sampled_from(list(Relation))
HIERARCHICAL = {Relation.BROAD, Relation.NARROW}


@given(relations)
def test_inverse_of_inverse_is_identity(r: Relation) -> None:
    assert inverse(inverse(r)) is r
    assert r.inverse.inverse is r


@given(relations)
def test_symmetric_relations_are_their_own_inverse(r: Relation) -> None:
    assert (inverse(r) is r) == RELATIONS[r].symmetric


def test_broad_and_narrow_are_each_others_inverse() -> None:
    assert inverse(Relation.BROAD) is Relation.NARROW
    assert inverse(Relation.NARROW) is Relation.BROAD


@given(relations, relations)
def test_contradiction_is_symmetric_and_survives_inversion(a: Relation, b: Relation) -> None:
    assert contradicts(a, b) == contradicts(b, a)
    # Reading both claims from the other item changes nothing about their compatibility.
    assert contradicts(a, b) == contradicts(inverse(a), inverse(b))


@given(relations)
def test_no_relation_contradicts_itself(r: Relation) -> None:
    assert not contradicts(r, r)


def test_close_contradicts_nothing_and_exact_excludes_the_hierarchy() -> None:
    assert not any(contradicts(Relation.CLOSE, r) for r in Relation)
    assert contradicts(Relation.EXACT, Relation.BROAD)
    assert contradicts(Relation.BROAD, Relation.NARROW)
    assert contradicts(Relation.EXACT, Relation.RELATED)


@given(relations, relations)
def test_composition_is_never_stronger_than_its_weakest_link(a: Relation, b: Relation) -> None:
    composed = compose(a, b)
    if composed is not None:
        assert composed.strength <= min(a.strength, b.strength)
        assert composed in (a, b)


@given(relations, relations)
def test_nothing_composes_through_close_or_related(a: Relation, b: Relation) -> None:
    if {a, b} & {Relation.CLOSE, Relation.RELATED}:
        assert compose(a, b) is None


@given(relations, relations)
def test_two_hierarchical_steps_do_not_compose(a: Relation, b: Relation) -> None:
    if a in HIERARCHICAL and b in HIERARCHICAL:
        assert compose(a, b) is None


@given(relations)
def test_exact_is_the_identity_of_composition_where_anything_composes(r: Relation) -> None:
    if r in HIERARCHICAL or r is Relation.EXACT:
        assert compose(Relation.EXACT, r) is r
        assert compose(r, Relation.EXACT) is r


@given(relations, relations)
def test_a_chain_read_backwards_composes_to_the_inverse(a: Relation, b: Relation) -> None:
    forward = compose(a, b)
    backward = compose(inverse(b), inverse(a))
    assert (forward is None) == (backward is None)
    if forward is not None:
        assert backward is inverse(forward)


@given(relations, st.none() | st.floats(0, 1))
def test_mapping_inverse_twice_reads_the_same_claim(r: Relation, confidence: float | None) -> None:
    mapping = Mapping("alpha@1:1", r, "beta@2:3", confidence=confidence)
    once = mapping.inverse()
    assert once.key == (mapping.object, inverse(r), mapping.subject)
    assert once.justification is Justification.INVERSION
    assert once.chain == (mapping,)
    assert once.confidence == confidence
    assert once.inverse().key == mapping.key


@pytest.mark.parametrize("relation", list(Relation))
def test_every_relation_has_a_skos_name(relation: Relation) -> None:
    assert relation.skos.startswith("skos:") and relation.skos.endswith("Match")
