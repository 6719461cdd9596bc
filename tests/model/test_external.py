"""External concepts: what they accept, how they compare, and how crosswalks hold them."""

from __future__ import annotations

import pytest

from cecompetency.model.crosswalk import Crosswalk, Mapping, end_label
from cecompetency.model.errors import ModelError
from cecompetency.model.external import (
    ExternalConcept,
    expand,
    is_concept_id,
    is_uri,
    reads_as_external,
)
from cecompetency.model.refs import Ref

ESCO = "http://data.europa.eu/esco/skill/"


@pytest.mark.parametrize(
    "text",
    [
        "ESCO:0a1b",
        "MONDO:0005015",
        "obo_x.y-z:a/b#c",
        "_blank:1",
        "http://data.europa.eu/esco/skill/0a1b",
        "https://example.org/a?b=c#d",
        "urn:isbn:0451450523",
    ],
)
def test_curies_and_uris_are_concepts(text: str) -> None:
    concept = ExternalConcept(text)
    assert str(concept) == concept.id == text
    assert is_concept_id(text)


@pytest.mark.parametrize(
    "text",
    ["", "ESCO", "ESCO:", "1abc:x", "ESCO:a b", "a@b:c", "alliance@2008:2.10", "<http://x>"],
)
def test_other_text_is_refused(text: str) -> None:
    assert not is_concept_id(text)
    with pytest.raises(ModelError, match="CURIE or a URI"):
        ExternalConcept(text)


@pytest.mark.parametrize("label", ["", "  ", 3])
def test_a_label_is_text_that_is_not_blank(label: object) -> None:
    with pytest.raises(ModelError, match="label"):
        ExternalConcept("ESCO:1", label)  # type: ignore[arg-type]


def test_equal_and_hashed_by_id_alone() -> None:
    a, b = ExternalConcept("ESCO:1", "Plan"), ExternalConcept("ESCO:1")
    assert a == b and hash(a) == hash(b)
    assert a != ExternalConcept("ESCO:2", "Plan")
    assert a.label == "Plan" and b.label is None
    assert len({a, b}) == 1


def test_prefix_is_a_curies_prefix_or_a_uris_scheme() -> None:
    assert ExternalConcept("ESCO:1").prefix == "ESCO"
    assert ExternalConcept("https://example.org/x").prefix == "https"
    assert ExternalConcept("urn:isbn:1").prefix == "urn"


def test_is_uri_knows_web_and_urn_uris_only() -> None:
    assert is_uri("http://x.org/a") and is_uri("https://x.org/a") and is_uri("urn:a:b")
    assert not is_uri("ESCO:1") and not is_uri("mailto:a@b.org") and not is_uri("http://")


def test_expand() -> None:
    assert expand("ESCO:0a1b", {"ESCO": ESCO}) == ESCO + "0a1b"
    assert expand("ONET:1", {"ESCO": ESCO}) is None
    assert expand("https://example.org/x", {}) == "https://example.org/x"


def test_reads_as_external() -> None:
    prefixes = {"ESCO": ESCO}
    assert reads_as_external("ESCO:1", prefixes, ["alliance"])
    assert reads_as_external("https://example.org/x", prefixes, ["alliance"])
    assert not reads_as_external("ONET:1", prefixes, ["alliance"])  # undeclared
    assert not reads_as_external("alliance:2.10", {"alliance": ESCO}, ["alliance"])
    assert not reads_as_external("https://example.org/x", {}, ["https"])  # a framework wins
    assert not reads_as_external("ESCO", prefixes, [])


# -- in mappings and crosswalks -------------------------------------------------------------


def _mapping(subject: object, obj: object) -> Mapping:
    return Mapping(subject=subject, relation="exact", object=obj)  # type: ignore[arg-type]


def test_a_mapping_end_is_an_item_or_an_external_concept() -> None:
    concept = ExternalConcept("ESCO:1", "Plan")
    m = _mapping("alliance@2008:2.10", concept)
    assert m.subject == Ref("alliance", "2008", "2.10") and m.object is concept
    assert m.item_refs is None
    assert end_label(m.object) == "Plan" and end_label(m.subject) is None
    assert m.inverse().subject is concept
    assert str(m) == "alliance@2008:2.10 exact ESCO:1"
    both = _mapping("alliance@2008:2.10", "ccmep@1:A")
    assert both.item_refs == (Ref("alliance", "2008", "2.10"), Ref("ccmep", "1", "A"))
    with pytest.raises(TypeError, match=r"or a Ref, not int \(or an ExternalConcept"):
        _mapping(3, concept)
    with pytest.raises(ModelError, match="full item reference"):
        _mapping("ESCO:1", concept)  # text is read as a reference, never as a concept


def _crosswalk(mappings: list[Mapping], **kwargs: object) -> Crosswalk:
    return Crosswalk("cw", "1", "A crosswalk", mappings=mappings, **kwargs)  # type: ignore[arg-type]


def test_a_crosswalk_declares_the_prefixes_of_its_curies() -> None:
    m = _mapping(ExternalConcept("ESCO:1"), ExternalConcept("https://example.org/x"))
    cw = _crosswalk([m], frameworks=[], prefixes={"ESCO": ESCO})
    assert cw.prefixes == {"ESCO": ESCO}
    with pytest.raises(ModelError, match="'prefixes' does not declare"):
        _crosswalk([m], frameworks=[])
    # A URI needs no prefix.
    _crosswalk([_mapping(ExternalConcept("urn:a:1"), ExternalConcept("urn:a:2"))], frameworks=[])


@pytest.mark.parametrize(
    ("prefixes", "message"),
    [
        ({"bad prefix": ESCO}, "CURIE prefix"),
        ({"ESCO": "not a uri"}, "stand for a URI"),
        ({"ESCO": 3}, "stand for a URI"),
        ({"alliance": ESCO}, "id of a listed framework"),
    ],
)
def test_bad_prefixes_are_refused(prefixes: dict[str, object], message: str) -> None:
    with pytest.raises(ModelError, match=message):
        _crosswalk([], frameworks=["alliance@2008"], prefixes=prefixes)


def test_a_uri_whose_scheme_is_a_listed_framework_is_refused() -> None:
    m = _mapping("urn@1:a", ExternalConcept("urn:x:1"))
    with pytest.raises(ModelError, match="would read as one of its items"):
        _crosswalk([m], frameworks=["urn@1"])


def test_external_concepts_once_in_order_with_the_first_label_given() -> None:
    plain, labelled = ExternalConcept("ESCO:1"), ExternalConcept("ESCO:1", "Plan")
    other = ExternalConcept("ESCO:2", "Teach")
    cw = _crosswalk(
        [
            _mapping("a@1:x", plain),
            _mapping(other, ExternalConcept("ESCO:1", "Later")),
            _mapping(labelled, "a@1:y"),
        ],
        frameworks=["a@1"],
        prefixes={"ESCO": ESCO},
    )
    found = cw.external_concepts()
    assert [(c.id, c.label) for c in found] == [("ESCO:1", "Later"), ("ESCO:2", "Teach")]
    assert cw.between("a", "a") == ()  # no mapping between two items
