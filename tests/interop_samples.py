"""Crosswalks built with the model, for the interop tests (no crosswalk file is read)."""

from __future__ import annotations

import datetime

from hypothesis import strategies as st
from strategies import texts

from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.framework import Framework
from cecompetency.model.relations import Relation

DAY = datetime.date(2026, 11, 27)


def alliance_crosswalk(alliance: Framework) -> Crosswalk:
    """Mappings from Alliance 2008 items to a second framework version, every feature used."""
    return Crosswalk(
        id="alliance-other",
        version="1.0",
        title="Alliance 2008 to another outline",
        frameworks=[alliance.ref, "other@1.0"],
        mappings=[
            Mapping(
                "alliance@2008:1.1",
                "exact",
                "other@1.0:a",
                confidence=0.9,
                comment='a tab\there, "quotes"\nand a new line',
                author="a reviewer",
                date=DAY,
            ),
            Mapping(
                "alliance@2008:2.10",
                "narrow",
                "other@1.0:b/c",
                extensions={"x-note": [1, {"k": None}]},
            ),
            Mapping(
                "alliance@2008:3",
                "related",
                "other@1.0:d",
                negated=True,
                confidence=1.0,
                justification=Justification.REVIEW,
            ),
            Mapping("alliance@2008:4.1", "broad", "other@1.0:e"),
            Mapping("alliance@2008:5", "close", "other@1.0:f", confidence=0.25),
        ],
        description="For the interop tests.",
        license="CC-BY-4.0",
        creators=["a reviewer"],
        date=DAY,
        extensions={"x-purpose": "tests"},
    )


def second_crosswalk(alliance: Framework) -> Crosswalk:
    """A second opinion on Alliance 2008: some claims agree with the first, some conflict."""
    return Crosswalk(
        id="second",
        version="2",
        title="A second opinion",
        frameworks=[alliance.ref, "other@1.0"],
        mappings=[
            # The same claim as the first crosswalk, read from the other side.
            Mapping("other@1.0:b/c", "broad", "alliance@2008:2.10"),
            # Contradicts the first crosswalk's exact mapping.
            Mapping("alliance@2008:1.1", "narrow", "other@1.0:a", confidence=0.5),
            # The first crosswalk says this does NOT hold.
            Mapping("alliance@2008:3", "related", "other@1.0:d"),
            Mapping("alliance@2008:6", "exact", "other@1.0:g"),
        ],
    )


_item_ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._/#%-]{0,6}", fullmatch=True)


@st.composite
def crosswalks(draw: st.DrawFn) -> Crosswalk:
    """A random crosswalk between two framework versions."""
    left, right = "left@1.0", "right@2"
    mappings = []
    for _ in range(draw(st.integers(0, 6))):
        mappings.append(
            Mapping(
                subject=f"{left}:{draw(_item_ids)}",
                relation=draw(st.sampled_from(list(Relation))),
                object=f"{right}:{draw(_item_ids)}",
                negated=draw(st.booleans()),
                confidence=draw(st.none() | st.floats(0, 1)),
                justification=draw(st.sampled_from(list(Justification))),
                comment=draw(st.none() | texts),
                author=draw(st.none() | texts),
                date=draw(st.none() | st.just(DAY)),
                extensions=draw(
                    st.dictionaries(
                        st.sampled_from(["x-a", "x-b"]),
                        st.none() | st.integers() | texts,
                        max_size=2,
                    )
                ),
            )
        )
    return Crosswalk(
        id="random",
        version=draw(st.sampled_from(["1", "2.0"])),
        title=draw(texts),
        frameworks=[left, right],
        mappings=mappings,
        description=draw(st.none() | texts),
        license=draw(st.none() | st.sampled_from(["CC-BY-4.0", "CC0-1.0"])),
        creators=draw(st.lists(texts, max_size=2)),
        date=draw(st.none() | st.just(DAY)),
    )
