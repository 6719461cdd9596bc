"""Level descriptors: what performance at one level of a scale looks like on one item.

A descriptor is the cell of a rubric (ACGME milestones, CASE ``CFRubricCriterionLevel``,
a MedBiquitous performance level): an item, a level of a scale, a description, and
optionally observable indicators and a score or a range of scores.
"""

from __future__ import annotations

import math

import attrs

from cecompetency.model.errors import ModelError
from cecompetency.model.fields import nonempty, text_tuple

__all__ = ["Descriptor"]


def _indicators(_inst: object, _attr: object, value: tuple[str, ...]) -> None:
    for text in value:
        if not isinstance(text, str) or not text.strip():
            raise ModelError(f"an indicator must be non-empty text, got {text!r}")


def _score(_inst: object, attribute: attrs.Attribute[float | None], value: object) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ModelError(f"{attribute.name} must be a finite number, got {value!r}")


@attrs.frozen
class Descriptor:
    """Performance at ``level`` of ``scale`` on ``item``, in words.

    ``indicators`` are observable behaviours, in document order. ``score`` is the level's
    score on this item; with ``score_max`` it is the low end of a range ``score..score_max``.
    """

    item: str = attrs.field(validator=nonempty)
    scale: str = attrs.field(validator=nonempty)
    level: str = attrs.field(validator=nonempty)
    description: str = attrs.field(validator=nonempty)
    indicators: tuple[str, ...] = attrs.field(
        default=(), converter=text_tuple, validator=_indicators
    )
    score: float | None = attrs.field(default=None, validator=_score)
    score_max: float | None = attrs.field(default=None, validator=_score)

    def __attrs_post_init__(self) -> None:
        if self.score_max is not None:
            if self.score is None:
                raise ModelError(f"descriptor of {self.item!r} has a score_max but no score")
            if self.score_max < self.score:
                raise ModelError(
                    f"descriptor of {self.item!r} at {self.level!r}: the score range "
                    f"{self.score:g}..{self.score_max:g} runs backwards"
                )

    @property
    def key(self) -> tuple[str, str, str]:
        """``(item, scale, level)``: a framework holds at most one descriptor per key."""
        return (self.item, self.scale, self.level)
