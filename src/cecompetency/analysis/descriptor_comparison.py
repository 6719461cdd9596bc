"""Comparing two frameworks' level descriptors through an item crosswalk and a level
crosswalk.

The item crosswalk says which item of one framework corresponds to which of the other
(``exact``, ``close``, ``broad``, ...); the level crosswalk, a
:class:`~cecompetency.analysis.profiles.ScaleMapping`, which level of one scale corresponds
to which of the other. :func:`compare_descriptors` pairs, for every mapped pair of items and
every level of the source scale, what each framework says performance at that level looks
like, and how alike the two texts are in words
(:func:`~cecompetency.changes.matching.word_similarity`, 0 to 1). Where one side has no
descriptor, or the level has no counterpart, the pair says so: nothing is guessed.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from cecompetency.analysis.profiles import ScaleMapping
from cecompetency.changes.matching import word_similarity
from cecompetency.changes.records import descriptor_words
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.descriptors import Descriptor
from cecompetency.model.errors import NotFoundError
from cecompetency.model.framework import Framework
from cecompetency.model.relations import Relation

__all__ = ["DescriptorPair", "compare_descriptors"]


@attrs.frozen
class DescriptorPair:
    """What two frameworks say of one level on two mapped items.

    ``target_level`` is ``None`` when the level crosswalk gives the source level no
    counterpart; ``source`` and ``target`` are ``None`` where a framework has no descriptor;
    ``similarity`` is set when both have one.
    """

    source_item: str
    relation: Relation
    target_item: str
    source_level: str
    target_level: str | None
    source: Descriptor | None
    target: Descriptor | None
    similarity: float | None

    def __str__(self) -> str:
        said = "; ".join(
            f"{side}: {d.description if d is not None else '(no descriptor)'}"
            for side, d in (("source", self.source), ("target", self.target))
        )
        alike = "" if self.similarity is None else f" (similarity {self.similarity:.2f})"
        level = f"{self.source_level} -> {self.target_level or '(no counterpart)'}"
        return (
            f"{self.source_item} {self.relation.value} {self.target_item}, {level}{alike}: {said}"
        )


def _mapped(mappings: Iterable[Mapping], source: Framework, target: Framework) -> list[Mapping]:
    """The asserted mappings between the two frameworks' items, read from source to target,
    in crosswalk order, each once; a negated claim is not relied on."""
    read: list[Mapping] = []
    negated = set()
    for mapping in mappings:
        refs = mapping.item_refs
        if refs is None:
            continue
        ends = (refs[0].framework_ref, refs[1].framework_ref)
        if ends == (target.ref, source.ref):
            mapping = mapping.inverse()
        elif ends != (source.ref, target.ref):
            continue
        if mapping.negated:
            negated.add(mapping.key)
        else:
            read.append(mapping)
    kept = [m for m in read if m.key not in negated]
    return list({m.key: m for m in reversed(kept)}.values())[::-1]


def compare_descriptors(
    source: Framework,
    target: Framework,
    crosswalk: Crosswalk | Iterable[Mapping],
    levels: ScaleMapping,
) -> list[DescriptorPair]:
    """For each item pair the crosswalk maps (in its order) and each level of
    ``levels.source`` (lowest first), the two frameworks' descriptors of that level.

    Pairs where neither framework has a descriptor are left out. Raises
    :class:`~cecompetency.model.errors.NotFoundError` when a scale of the level crosswalk is
    not a scale of its framework, or a mapped item is not in its framework.
    """
    for framework, scale in ((source, levels.source), (target, levels.target)):
        if framework.scale(scale.id) != scale:
            raise NotFoundError(f"{framework.ref}'s scale {scale.id!r} is not the one mapped")
    mappings = crosswalk.mappings if isinstance(crosswalk, Crosswalk) else crosswalk
    out = []
    for mapping in _mapped(mappings, source, target):
        subject, obj = mapping.item_refs or (None, None)
        assert subject is not None and obj is not None and subject.item and obj.item
        source_item, target_item = subject.item, obj.item
        source[source_item], target[target_item]
        for level in levels.source.levels:
            counterpart = levels.map(level.id)
            mine = source.descriptor(source_item, levels.source.id, level.id)
            theirs = (
                None
                if counterpart is None
                else target.descriptor(target_item, levels.target.id, counterpart)
            )
            if mine is None and theirs is None:
                continue
            similarity = (
                None
                if mine is None or theirs is None
                else round(word_similarity(descriptor_words(mine), descriptor_words(theirs)), 4)
            )
            out.append(
                DescriptorPair(
                    source_item,
                    mapping.relation,
                    target_item,
                    level.id,
                    counterpart,
                    mine,
                    theirs,
                    similarity,
                )
            )
    return out
