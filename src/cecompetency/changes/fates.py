"""What became of each old item, as a diff's changes say, and that reading as a crosswalk.

:func:`diff_crosswalk` reads a diff as a :class:`~cecompetency.model.crosswalk.Crosswalk`
(``exact`` for items that stayed, ``close`` for reworded ones, ``narrow`` to the parts of a
split, ``broad`` to a merge); :func:`~cecompetency.changes.migration.migrate` follows the
same fates to carry a crosswalk across versions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal, Protocol

import attrs

from cecompetency.changes.records import (
    Change,
    ChangeKind,
    Impact,
    Merged,
    Removed,
    Reworded,
    Split,
)
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping
from cecompetency.model.refs import Ref, version_key
from cecompetency.model.relations import Relation

__all__ = ["Fate", "ReadDiff", "diff_crosswalk", "fates_of"]


class ReadDiff(Protocol):
    """What is read of a diff: its two versions, its changes and the unchanged ids."""

    @property
    def old(self) -> Ref: ...
    @property
    def new(self) -> Ref: ...
    @property
    def changes(self) -> Sequence[Change]: ...
    @property
    def unchanged(self) -> Sequence[str]: ...


@attrs.frozen
class Fate:
    """What became of one old item: new ids with the relation old -> new, or nothing."""

    targets: tuple[tuple[str, Relation], ...]
    kind: Literal["same", "reworded", "split", "merged", "removed"]
    similarity: float = 1.0
    breaking: bool = False


def fates_of(d: ReadDiff) -> dict[str, Fate]:
    """What became of each old item, by id: itself, a rewording, the parts of a split, the
    item it merged into, or nothing."""
    fates: dict[str, Fate] = {i: Fate(((i, Relation.EXACT),), "same") for i in d.unchanged}
    for change in d.changes:
        x = change.details
        old_id = change.old.item if change.old is not None else None
        new_id = change.new.item if change.new is not None else None
        if isinstance(x, Removed) and old_id:
            fates[old_id] = Fate((), "removed")
        elif isinstance(x, Split) and old_id:
            fates[old_id] = Fate(tuple((p.item or "", Relation.NARROW) for p in x.parts), "split")
        elif isinstance(x, Merged) and new_id:
            for source in x.sources:
                fates[source.item or ""] = Fate(((new_id, Relation.BROAD),), "merged")
        elif isinstance(x, Reworded) and old_id and new_id:
            fates[old_id] = Fate(
                ((new_id, Relation.CLOSE),),
                "reworded",
                x.similarity,
                change.impact is Impact.BREAKING,
            )
        elif old_id and new_id and change.kind is not ChangeKind.REORDERED and old_id not in fates:
            fates[old_id] = Fate(((new_id, Relation.EXACT),), "same")
    return fates


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-") or "x"


def diff_crosswalk(d: ReadDiff) -> Crosswalk:
    """The diff as a crosswalk from the old version to the new one, one mapping per fate."""
    old, new = d.old, d.new
    mappings: list[Mapping] = []
    for old_id, fate in sorted(fates_of(d).items(), key=lambda p: version_key(p[0])):
        for new_id, relation in fate.targets:
            if fate.kind == "same":
                justification, confidence, comment = Justification.LEXICAL, 1.0, "same text"
            else:
                justification = Justification.LEXICAL_SIMILARITY
                confidence = fate.similarity
                comment = {"reworded": "reworded", "split": "split", "merged": "merged"}[fate.kind]
                if fate.kind == "reworded":
                    comment += f" (similarity {fate.similarity:.2f})"
            mappings.append(
                Mapping(
                    subject=old.with_item(old_id),
                    relation=relation,
                    object=new.with_item(new_id),
                    confidence=round(confidence, 4),
                    justification=justification,
                    comment=comment,
                )
            )
    if old.framework == new.framework:
        cw_id = f"{old.framework}-{_slug(old.version or '')}-to-{_slug(new.version or '')}"
    else:
        cw_id = (
            f"{old.framework}-{_slug(old.version or '')}"
            f"-to-{new.framework}-{_slug(new.version or '')}"
        )
    return Crosswalk(
        id=cw_id,
        version="1",
        title=f"{old} to {new}, read from their diff",
        frameworks=(old,) if old == new else (old, new),
        mappings=mappings,
        description="Derived by cecompetency.changes: exact for unchanged, renumbered and moved "
        "items, close for reworded ones, narrow to the parts of a split, broad to a merge.",
    )
