"""``Mapping.fast`` makes exactly the mapping ``Mapping(...)`` makes, or refuses the same way."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cecompetency.model.crosswalk import Justification, Mapping
from cecompetency.model.errors import CecompetencyError
from cecompetency.model.external import ExternalConcept
from cecompetency.model.refs import Ref
from cecompetency.model.relations import Relation

_ENDS: list[Any] = [
    Ref("a", "1", "x"),
    Ref("b", "2", "y.1"),
    ExternalConcept("ESCO:s1", "a skill"),
    ExternalConcept("http://example.org/c"),
    "a@1:x",  # text, read as a reference by __init__
    Ref("a", "1"),  # no item: refused
    Ref("a", None, "x"),  # no version: refused
    42,  # not an end: refused
]
_TEXTS: list[Any] = [None, "a note", "  padded  ", "", " ", "bell\x07", 7]
_CONFIDENCES: list[Any] = [None, 0.0, 0.5, 1.0, 1, -0.1, 1.5, float("nan")]


def _made(make: Any) -> tuple[str, Any]:
    """What a construction gives: the mapping's repr and fields, or the error's kind and text."""
    try:
        mapping = make()
    except (CecompetencyError, TypeError, ValueError) as exc:
        return "error", (type(exc), str(exc))
    return "mapping", (
        type(mapping),
        repr(mapping),
        mapping,
        hash(mapping),
        type(mapping.subject),
        dict(mapping.extensions),
        mapping.source,
    )


@given(
    subject=st.sampled_from(_ENDS),
    obj=st.sampled_from(_ENDS),
    relation=st.sampled_from([*Relation, "exact", "nonsense"]),
    negated=st.booleans(),
    confidence=st.sampled_from(_CONFIDENCES),
    justification=st.sampled_from([*Justification, "semapv:LexicalMatching", "nonsense"]),
    comment=st.sampled_from(_TEXTS),
    author=st.sampled_from(_TEXTS),
    date=st.sampled_from([None, datetime.date(2024, 5, 1)]),
    source=st.sampled_from([None, "cw@1"]),
    extensions=st.sampled_from([None, {}, {"x-sssom": {"comment": "kept"}}]),
)
def test_fast_makes_what_init_makes(
    subject: Any,
    obj: Any,
    relation: Any,
    negated: bool,
    confidence: Any,
    justification: Any,
    comment: Any,
    author: Any,
    date: datetime.date | None,
    source: str | None,
    extensions: dict[str, Any] | None,
) -> None:
    values = (subject, relation, obj, negated, confidence, justification, comment, author, date)
    fast = _made(lambda: Mapping.fast(*values, source, extensions))
    init = _made(lambda: Mapping(*values, (), source, extensions or {}))
    assert fast == init


def test_fast_mapping_is_frozen_and_owns_its_extensions() -> None:
    extensions: dict[str, Any] = {"x-note": "a"}
    mapping = Mapping.fast(
        Ref("a", "1", "x"), Relation.EXACT, Ref("b", "1", "y"), False, 0.5,
        Justification.MANUAL, None, None, None, None, extensions,
    )  # fmt: skip
    extensions["x-note"] = "changed"
    assert mapping.extensions == {"x-note": "a"}
    assert mapping.chain == ()
    with pytest.raises(AttributeError):
        mapping.subject = Ref("c", "1", "z")  # type: ignore[misc]
