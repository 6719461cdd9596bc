"""Hypothesis strategies shared by the property tests: random valid frameworks and crosswalks."""

from __future__ import annotations

import copy
import datetime
import string
from typing import Any

from hypothesis import strategies as st

from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, end_label
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework, Item, Publisher, Source
from cecompetency.model.levels import Expectation, Level, LevelMatrix, LevelScale, Role
from cecompetency.model.relations import Relation

# Text an author might write: letters, digits, punctuation, accents, the odd newline.
_ALPHABET = st.characters(
    codec="utf-8",
    exclude_categories=("Cs", "Cc", "Co", "Cn"),
) | st.sampled_from("\n\t")

words = st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=9)
sentences = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize())
free_text = st.text(alphabet=_ALPHABET, min_size=1, max_size=60).filter(lambda s: s.strip())
texts = sentences | free_text
names = st.from_regex(r"[a-z][a-z0-9_-]{0,8}", fullmatch=True)
versions = st.from_regex(r"[0-9]{1,4}(\.[0-9]{1,3}){0,2}", fullmatch=True)
dates = st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31))
extension_values = st.recursive(
    st.none() | st.booleans() | st.integers(-1000, 1000) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(names, inner, max_size=3),
    max_leaves=6,
)
extensions = st.dictionaries(names.map(lambda n: "x-" + n), extension_values, max_size=2)


@st.composite
def item_trees(draw: st.DrawFn, max_depth: int = 3, max_children: int = 4) -> list[Item]:
    """A list of top-level items with unique dotted ids ("1", "1.2", "1.2.3", ...)."""

    def build(prefix: str, depth: int) -> list[Item]:
        count = draw(st.integers(0 if depth else 1, max_children if depth < max_depth else 0))
        items = []
        for n in range(1, count + 1):
            item_id = f"{prefix}{n}"
            title = draw(st.none() | texts)
            statement = draw(texts) if title is None else draw(st.none() | texts)
            items.append(
                Item(
                    id=item_id,
                    kind=["area", "competency", "sub-competency", "indicator"][depth],
                    title=title,
                    statement=statement,
                    tags=draw(st.lists(names, max_size=2)),
                    notes=draw(st.lists(texts, max_size=1)),
                    children=build(item_id + ".", depth + 1),
                    extensions=draw(extensions),
                )
            )
        return items

    return build("", 0)


@st.composite
def frameworks(draw: st.DrawFn, *, with_levels: bool = True) -> Framework:
    """A random valid framework: any tree shape, optional metadata, scales, roles, a matrix."""
    items = draw(item_trees())
    fw_id = draw(names)
    roles = [
        Role(id=r, title=r.capitalize()) for r in draw(st.lists(names, max_size=3, unique=True))
    ]
    scales: list[LevelScale] = []
    matrices: list[LevelMatrix] = []
    descriptors: list[Descriptor] = []
    ladder = draw(st.permutations([r.id for r in roles])) if with_levels and roles else []
    if with_levels and draw(st.booleans()):
        level_ids = draw(st.lists(names, min_size=1, max_size=4, unique=True))
        scale = LevelScale(
            id="scale",
            title="Proficiency",
            levels=[
                Level(id=lv, label=lv.upper(), score=float(i)) for i, lv in enumerate(level_ids)
            ],
        )
        scales.append(scale)
        all_ids = [item.id for top in items for item in top.walk()]
        if all_ids:
            described = draw(st.lists(st.sampled_from(all_ids), max_size=3, unique=True))
            descriptors = [
                draw(descriptors_of(item_id, "scale", level))
                for item_id in described
                for level in draw(st.lists(st.sampled_from(level_ids), unique=True))
            ]
        if roles and all_ids:
            cells = {
                (draw(st.sampled_from(roles)).id, draw(st.sampled_from(all_ids))): draw(
                    st.sampled_from(level_ids)
                )
                for _ in range(draw(st.integers(0, 5)))
            }
            matrices.append(
                LevelMatrix(
                    id="matrix",
                    title="Expected levels",
                    status="published",
                    scale="scale",
                    roles=[r.id for r in roles],
                    expectations=[
                        Expectation(role, item, level) for (role, item), level in cells.items()
                    ],
                )
            )
        elif roles:
            matrices.append(
                LevelMatrix(
                    id="matrix", title="Announced", status="pending", roles=[r.id for r in roles]
                )
            )
    return Framework(
        id=fw_id,
        version=draw(versions),
        title=draw(texts),
        status=draw(st.sampled_from(["published", "superseded", "retired"])),
        publishers=[
            Publisher(name=draw(texts), abbreviation=draw(st.none() | names))
            for _ in range(draw(st.integers(1, 3)))
        ],
        description=draw(st.none() | texts),
        released=draw(st.none() | dates),
        source=draw(st.none() | st.builds(Source, citation=texts, retrieved=st.none() | dates)),
        license=draw(st.none() | st.sampled_from(["CC-BY-4.0", "All rights reserved"])),
        language=draw(st.none() | st.sampled_from(["en", "en-US", "fr"])),
        kinds=draw(st.sampled_from([(), ("area", "competency", "sub-competency", "indicator")])),
        items=items,
        scales=scales,
        roles=roles,
        matrices=matrices,
        extensions=draw(extensions),
        ladder=ladder[: draw(st.integers(0, len(ladder)))],
        descriptors=descriptors,
    )


scores = st.integers(-10, 100) | st.floats(-10, 100, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def descriptors_of(draw: st.DrawFn, item: str, scale: str, level: str) -> Descriptor:
    """A random descriptor of ``item`` at ``level``: no score, a score, or a range."""
    score = draw(st.none() | scores)
    high = None if score is None else draw(st.none() | scores.filter(lambda x: x >= score))
    return Descriptor(
        item=item,
        scale=scale,
        level=level,
        description=draw(texts),
        indicators=draw(st.lists(texts, max_size=3)),
        score=score,
        score_max=high,
    )


# Any JSON-like value, with strings a schema check cares about (dates, URLs, ids, relations).
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-5, 200)
    | st.floats(allow_nan=False, allow_infinity=False, width=32)
    | st.sampled_from(
        [
            "",
            " ",
            "x",
            "2008-02-30",
            "2024-05-01",
            "http://[",
            "https://a.org",
            "draft",
            "exact",
            "a b",
            "x-y",
            "@bad",
            "semapv:ManualMappingCuration",
        ]
    ),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _paths(value, (*prefix, index))
    return found


@st.composite
def mutated(draw: st.DrawFn, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with a few nodes replaced, dropped, or given an extra key."""
    data = copy.deepcopy(data)
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "drop", "extra"]))
        if action == "replace":
            parent[path[-1]] = draw(json_values)
        elif action == "drop" and isinstance(parent, dict):
            del parent[path[-1]]
        elif action == "extra" and isinstance(parent, dict):
            parent[draw(st.sampled_from(["titel", "x-note", "kind", "weight", "id"]))] = draw(
                json_values
            )
    return data


# -- crosswalks whose mappings may point outside the frameworks -------------------------------

EXTERNAL_PREFIXES = {
    "ESCO": "http://data.europa.eu/esco/skill/",
    "onet": "https://www.onetonline.org/link/summary/",
    "MONDO": "http://purl.obolibrary.org/obo/MONDO_",
}
_locals = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._/#-]{0,8}", fullmatch=True)
external_ids = (
    st.tuples(st.sampled_from(sorted(EXTERNAL_PREFIXES)), _locals).map(":".join)
    | _locals.map(lambda local: "https://example.org/" + local)
    | _locals.map(lambda local: "urn:example:" + local)
)
external_concepts = st.builds(ExternalConcept, external_ids, st.none() | texts)


@st.composite
def crosswalks_with_externals(
    draw: st.DrawFn, frameworks: list[str], items: list[str]
) -> Crosswalk:
    """A random valid crosswalk whose ends are ``items`` (full references into
    ``frameworks``) or external concepts, each unordered pair at most once, none to itself."""
    ends = st.sampled_from(items) | external_concepts
    mappings = []
    pairs: set[frozenset[str]] = set()
    for _ in range(draw(st.integers(0, 8))):
        subject, obj = draw(ends), draw(ends)
        pair = frozenset((str(subject), str(obj)))
        if len(pair) < 2 or pair in pairs:
            continue
        pairs.add(pair)
        mappings.append(
            Mapping(
                subject=subject,
                relation=draw(st.sampled_from(list(Relation))),
                object=obj,
                negated=draw(st.booleans()),
                confidence=draw(st.none() | st.floats(0, 1)),
                justification=draw(st.sampled_from(list(Justification))),
                comment=draw(st.none() | texts),
                date=draw(st.none() | dates),
            )
        )
    declared = draw(st.lists(st.sampled_from(sorted(EXTERNAL_PREFIXES)), unique=True))
    used = {
        end.prefix
        for m in mappings
        for end in (m.subject, m.object)
        if isinstance(end, ExternalConcept) and end.prefix in EXTERNAL_PREFIXES
    }
    return Crosswalk(
        id="with-externals",
        version=draw(st.sampled_from(["1", "2.0"])),
        title=draw(texts),
        frameworks=frameworks,
        mappings=mappings,
        license=draw(st.none() | st.just("CC-BY-4.0")),
        prefixes={p: EXTERNAL_PREFIXES[p] for p in sorted(used | set(declared))},
    )


def labels(cw: Crosswalk) -> list[tuple[str | None, str | None]]:
    """Every mapping's end labels, in order: what crosswalk equality does not compare."""
    return [(end_label(m.subject), end_label(m.object)) for m in cw.mappings]
