"""Plain data (the YAML/JSON document) to model objects and back.

``framework_from_data`` expects data that has passed validation; ``framework_to_data``
writes the canonical document: keys in the documented order, defaults left out, so a
file written by the library reads like one written by hand.
"""

from __future__ import annotations

import datetime
from typing import Any

from cecompetency.model.descriptors import Descriptor
from cecompetency.model.framework import Framework, Item, Publisher, Source
from cecompetency.model.levels import Expectation, Level, LevelMatrix, LevelScale, Role
from cecompetency.model.refs import parse_ref

__all__ = [
    "FRAMEWORK_FORMAT",
    "descriptor_to_data",
    "framework_from_data",
    "framework_to_data",
    "item_to_data",
]

FRAMEWORK_FORMAT = "cecompetency/1"


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _extensions(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key.startswith("x-")}


def _notes(value: str | list[str] | None) -> tuple[str, ...]:
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _item(data: dict[str, Any], kinds: list[str], depth: int) -> Item:
    kind = data.get("kind") or kinds[depth]
    return Item(
        id=data["id"],
        kind=kind,
        title=data.get("title"),
        statement=data.get("statement"),
        weight=data.get("weight"),
        tags=tuple(data.get("tags", ())),
        notes=_notes(data.get("notes")),
        children=tuple(_item(child, kinds, depth + 1) for child in data.get("items", ())),
        extensions=_extensions(data),
    )


def _descriptor(data: dict[str, Any]) -> Descriptor:
    score = data.get("score")
    low, high = (score[0], score[1]) if isinstance(score, list) else (score, None)
    return Descriptor(
        item=data["item"],
        scale=data["scale"],
        level=data["level"],
        description=data["description"],
        indicators=tuple(data.get("indicators", ())),
        score=low,
        score_max=high,
    )


def descriptor_to_data(descriptor: Descriptor) -> dict[str, Any]:
    """One descriptor as data: a range of scores is written ``[low, high]``."""
    out = _simple(descriptor, ("item", "scale", "level", "description"))
    _put(out, "indicators", list(descriptor.indicators))
    if descriptor.score_max is not None:
        out["score"] = [descriptor.score, descriptor.score_max]
    else:
        _put(out, "score", descriptor.score)
    return out


def framework_from_data(data: dict[str, Any]) -> Framework:
    """Build a :class:`Framework` from a validated document."""
    kinds = list(data.get("kinds", ()))
    source = data.get("source")
    return Framework(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        status=data["status"],
        publishers=tuple(Publisher(**p) for p in data["publishers"]),
        description=data.get("description"),
        released=_date(data.get("released")),
        source=None
        if source is None
        else Source(
            citation=source["citation"],
            url=source.get("url"),
            retrieved=_date(source.get("retrieved")),
        ),
        license=data.get("license"),
        language=data.get("language"),
        supersedes=None if data.get("supersedes") is None else parse_ref(data["supersedes"]),
        kinds=tuple(kinds),
        items=tuple(_item(item, kinds, 0) for item in data.get("items", ())),
        scales=tuple(
            LevelScale(
                id=s["id"],
                title=s["title"],
                description=s.get("description"),
                levels=tuple(Level(**level) for level in s["levels"]),
            )
            for s in data.get("scales", ())
        ),
        roles=tuple(Role(**r) for r in data.get("roles", ())),
        ladder=tuple(data.get("ladder", ())),
        descriptors=tuple(_descriptor(d) for d in data.get("descriptors", ())),
        matrices=tuple(
            LevelMatrix(
                id=m["id"],
                title=m["title"],
                status=m["status"],
                description=m.get("description"),
                roles=tuple(m.get("roles", ())),
                scale=m.get("scale"),
                expectations=tuple(Expectation(**e) for e in m.get("expectations", ())),
            )
            for m in data.get("matrices", ())
        ),
        extensions=_extensions(data),
    )


def _put(out: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is empty: the canonical form leaves out what is absent."""
    if value is None or value == () or value == []:
        return
    out[key] = value


def _item_data(item: Item, kinds: tuple[str, ...], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {"id": item.id}
    if depth >= len(kinds) or kinds[depth] != item.kind:
        out["kind"] = item.kind
    _put(out, "title", item.title)
    _put(out, "statement", item.statement)
    _put(out, "weight", item.weight)
    _put(out, "tags", list(item.tags))
    _put(out, "notes", list(item.notes))
    out.update(item.extensions)
    _put(out, "items", [_item_data(child, kinds, depth + 1) for child in item.children])
    return out


def item_to_data(item: Item, framework: Framework | None = None) -> dict[str, Any]:
    """One item (and its subtree) as data, with its kind always spelled out."""
    kinds = () if framework is None else framework.kinds
    depth = 0 if framework is None else framework.depth_of(item)
    data = _item_data(item, kinds, depth)
    return {"id": data.pop("id"), "kind": item.kind, **data}


def _simple(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in fields:
        _put(out, name, getattr(obj, name))
    return out


def framework_to_data(framework: Framework) -> dict[str, Any]:
    """The canonical document of ``framework``: JSON-compatible, dates as ISO text."""
    fw = framework
    out: dict[str, Any] = {
        "format": FRAMEWORK_FORMAT,
        "id": fw.id,
        "version": fw.version,
        "title": fw.title,
        "status": fw.status.value,
    }
    _put(out, "description", fw.description)
    out["publishers"] = [_simple(p, ("name", "abbreviation", "url")) for p in fw.publishers]
    _put(out, "released", fw.released.isoformat() if fw.released else None)
    if fw.source is not None:
        source = _simple(fw.source, ("citation", "url"))
        _put(source, "retrieved", fw.source.retrieved.isoformat() if fw.source.retrieved else None)
        out["source"] = source
    _put(out, "license", fw.license)
    _put(out, "language", fw.language)
    _put(out, "supersedes", None if fw.supersedes is None else str(fw.supersedes))
    _put(out, "kinds", list(fw.kinds))
    _put(out, "roles", [_simple(r, ("id", "title", "description")) for r in fw.roles])
    _put(out, "ladder", list(fw.ladder))
    _put(
        out,
        "scales",
        [
            {
                **_simple(s, ("id", "title", "description")),
                "levels": [
                    _simple(level, ("id", "label", "description", "score")) for level in s.levels
                ],
            }
            for s in fw.scales
        ],
    )
    matrices = []
    for m in fw.matrices:
        entry = _simple(m, ("id", "title", "description"))
        entry["status"] = m.status.value
        _put(entry, "scale", m.scale)
        _put(entry, "roles", list(m.roles))
        _put(entry, "expectations", [_simple(e, ("role", "item", "level")) for e in m.expectations])
        matrices.append(entry)
    _put(out, "matrices", matrices)
    out.update(fw.extensions)
    _put(out, "items", [_item_data(item, fw.kinds, 0) for item in fw.items])
    _put(out, "descriptors", [descriptor_to_data(d) for d in fw.descriptors])
    return out
