"""Level descriptors as CASE rubric criteria, both ways.

Export: the rubric of a level scale (one per scale, see :mod:`.case`) holds, after its
first criterion (the scale itself), one ``CFRubricCriterion`` per item with descriptors on
that scale: ``CFItemURI`` links the item, ``description`` is its label, and it has one
``CFRubricCriterionLevel`` per level of the scale (``position`` from 1, ``quality`` the
level's label). A level the item has a descriptor for carries its ``description``, its
``score`` (the low end of a range) and its indicators as ``feedback``, one per line.
What CASE cannot say exactly (the level id, the indicators as a list, the top of a score
range, the descriptor's place in the framework's list) is kept in the level's
``extensions``, so a package imports back to an equal framework.

Import of a foreign rubric: each criterion whose ``CFItemURI`` names an item of the package
gives that item descriptors on a scale read from the rubric (one level per ``position``,
labelled by ``quality``): a level's ``description`` is the descriptor's description, its
``score`` the score, its ``feedback`` the one indicator. The rubric is also kept as
written (under ``x-case``) and written back as it was when the framework still reads the
same from it.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote

from cecompetency.formats.identifiers import uuid_of
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.framework import Framework
from cecompetency.model.levels import LevelScale

__all__ = ["descriptor_criteria", "foreign_rubric", "our_descriptors", "reads_the_same"]

OURS = "cecompetency"


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def descriptor_criteria(
    fw: Framework,
    scale: LevelScale,
    rubric_uri: str,
    rubric_id: str,
    nodes: dict[str, dict[str, str]],
    when: str,
) -> list[dict[str, Any]]:
    """One criterion per item with descriptors on ``scale``, in document order."""
    index = {d.key: n for n, d in enumerate(fw.descriptors)}
    criteria: list[dict[str, Any]] = []
    for item in fw.walk():
        described = {d.level: d for d in fw.descriptors_of(item, scale.id)}
        if not described:
            continue
        uri = f"{rubric_uri}/items/{quote(item.id, safe='')}"
        identifier = uuid_of(uri)
        levels = []
        for position, level in enumerate(scale.levels, start=1):
            level_uri = f"{uri}/levels/{quote(level.id, safe='')}"
            entry: dict[str, Any] = {"identifier": uuid_of(level_uri), "uri": level_uri}
            kept: dict[str, Any] = {"id": level.id}
            d = described.get(level.id)
            if d is not None:
                entry["description"] = d.description
            entry["quality"] = level.label
            if d is not None:
                if d.score is not None:
                    entry["score"] = d.score
                if d.indicators:
                    entry["feedback"] = "\n".join(d.indicators)
                    kept["indicators"] = list(d.indicators)
                if d.score_max is not None:
                    kept["score"] = [d.score, d.score_max]
                kept["index"] = index[d.key]
            entry["position"] = position
            entry["rubricCriterionId"] = identifier
            entry["lastChangeDateTime"] = when
            entry["extensions"] = [{OURS: kept}]
            levels.append(entry)
        criteria.append(
            {
                "identifier": identifier,
                "uri": uri,
                "description": item.label,
                "CFItemURI": nodes[item.id],
                "position": len(criteria) + 2,  # the scale's own criterion is first
                "rubricId": rubric_id,
                "lastChangeDateTime": when,
                "CFRubricCriterionLevels": levels,
                "extensions": {OURS: {"item": item.id}},
            }
        )
    return criteria


def _kept(entry: dict[str, Any]) -> dict[str, Any]:
    ext = entry.get("extensions")
    for part in ext if isinstance(ext, list) else [ext]:
        if isinstance(part, dict) and isinstance(part.get(OURS), dict):
            return dict(part[OURS])
    return {}


def _levels(criterion: dict[str, Any]) -> list[dict[str, Any]]:
    levels = criterion.get("CFRubricCriterionLevels")
    return [lv for lv in levels if isinstance(lv, dict)] if isinstance(levels, list) else []


def _item_of(criterion: dict[str, Any], item_ids: dict[str, str]) -> str | None:
    item = _kept(criterion).get("item")
    if isinstance(item, str) and item in item_ids.values():
        return item
    link = criterion.get("CFItemURI")
    identifier = link.get("identifier") if isinstance(link, dict) else None
    return item_ids.get(identifier) if isinstance(identifier, str) else None


def _text(value: Any) -> str | None:
    return value if isinstance(value, str) and value.strip() else None


def our_descriptors(
    rubric: dict[str, Any], scale_id: str, item_ids: dict[str, str]
) -> list[tuple[int, dict[str, Any]]]:
    """(place in the framework's list, descriptor document) of each descriptor a rubric
    written by :func:`descriptor_criteria` holds."""
    found: list[tuple[int, dict[str, Any]]] = []
    criteria = rubric.get("CFRubricCriteria")
    for criterion in criteria[1:] if isinstance(criteria, list) else []:
        if not isinstance(criterion, dict):
            continue
        item = _item_of(criterion, item_ids)
        for level in _levels(criterion):
            kept = _kept(level)
            description = _text(level.get("description"))
            if item is None or description is None or not isinstance(kept.get("id"), str):
                continue
            data: dict[str, Any] = {
                "item": item,
                "scale": scale_id,
                "level": kept["id"],
                "description": description,
            }
            indicators = kept.get("indicators")
            if isinstance(indicators, list):
                data["indicators"] = [i for i in indicators if _text(i)]
            elif _text(level.get("feedback")):
                data["indicators"] = [level["feedback"]]
            score = kept.get("score")
            if isinstance(score, list) and len(score) == 2 and all(map(_number, score)):
                data["score"] = score
            elif _number(level.get("score")):
                data["score"] = level["score"]
            place = kept.get("index")
            found.append((place if isinstance(place, int) else len(found), data))
    return found


def _place(level: dict[str, Any], n: int) -> float:
    """A level's place: its ``position``, else its place in the list (from 1)."""
    position = level.get("position")
    return float(position) if isinstance(position, int | float) else float(n + 1)


def _slug(text: str, fallback: str) -> str:
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", text.strip()).strip("-.").lower()
    return slug if slug and slug[0].isalnum() else fallback


def _unique(wanted: str, taken: set[str]) -> str:
    name, n = wanted, 2
    while name in taken:
        name, n = f"{wanted}-{n}", n + 1
    taken.add(name)
    return name


def foreign_rubric(
    rubric: dict[str, Any], item_ids: dict[str, str], taken: set[str]
) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """(scale document, descriptor documents) a foreign rubric reads as, or None when no
    criterion of it names an item of the package. ``taken`` holds the scale ids in use."""
    criteria = [
        c
        for c in (rubric.get("CFRubricCriteria") or [])
        if isinstance(c, dict) and _item_of(c, item_ids) is not None
    ]
    if not criteria:
        return None
    # One level per position, in order; its label is the first quality written for it.
    labels: dict[float, str] = {}
    for criterion in criteria:
        for n, level in enumerate(_levels(criterion)):
            where = _place(level, n)
            quality = _text(level.get("quality"))
            labels.setdefault(where, quality or f"Level {len(labels) + 1}")
            if quality and labels[where].startswith("Level ") and not quality.startswith("Level "):
                labels[where] = quality
    level_ids: dict[float, str] = {}
    used: set[str] = set()
    levels = []
    for where in sorted(labels):
        level_ids[where] = _unique(_slug(labels[where], "level"), used)
        levels.append({"id": level_ids[where], "label": labels[where]})
    title = _text(rubric.get("title")) or "Rubric"
    scale: dict[str, Any] = {"id": _unique(_slug(title, "rubric"), taken), "title": title}
    if _text(rubric.get("description")):
        scale["description"] = rubric["description"]
    scale["levels"] = levels
    descriptors = []
    seen: set[tuple[str, str]] = set()
    for criterion in criteria:
        item = _item_of(criterion, item_ids)
        assert item is not None  # filtered above
        for n, level in enumerate(_levels(criterion)):
            where = _place(level, n)
            description = _text(level.get("description"))
            if description is None or (item, level_ids[where]) in seen:
                continue
            seen.add((item, level_ids[where]))
            data: dict[str, Any] = {
                "item": item,
                "scale": scale["id"],
                "level": level_ids[where],
                "description": description,
            }
            if _text(level.get("feedback")):
                data["indicators"] = [level["feedback"]]
            if _number(level.get("score")):
                data["score"] = level["score"]
            descriptors.append(data)
    return scale, descriptors


def reads_the_same(fw: Framework, rubric: dict[str, Any], item_ids: dict[str, str]) -> str | None:
    """The id of the scale ``fw`` has that a kept foreign rubric reads as, with exactly the
    descriptors it reads as; None when the framework no longer says what the rubric says."""
    read = foreign_rubric(rubric, item_ids, set())
    if read is None:
        return None
    scale_data, descriptors = read
    title = scale_data["title"]
    for scale in fw.scales:
        if scale.title != title or [lv.label for lv in scale.levels] != [
            lv["label"] for lv in scale_data["levels"]
        ]:
            continue
        ids = {
            lv["id"]: level.id for lv, level in zip(scale_data["levels"], scale.levels, strict=True)
        }
        ours = [d for d in fw.descriptors if d.scale == scale.id]
        theirs = [_descriptor(d, scale.id, ids) for d in descriptors]
        if ours == theirs:
            return scale.id
    return None


def _descriptor(data: dict[str, Any], scale: str, ids: dict[str, str]) -> Descriptor:
    return Descriptor(
        item=data["item"],
        scale=scale,
        level=ids[data["level"]],
        description=data["description"],
        indicators=tuple(data.get("indicators", ())),
        score=data.get("score"),
    )
