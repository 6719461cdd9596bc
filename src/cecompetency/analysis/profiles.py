"""Profiles of people against a framework: their gaps, and carrying them across frameworks.

A :class:`Profile` rates items of one framework on one of its level scales. Levels are
*cumulative*, as in ACGME milestones: holding a level implies holding every level below
it, so a profile meets an expectation when its level ranks at least as high on the scale
(:meth:`~cecompetency.model.levels.LevelScale.rank`). :func:`gaps` lists where a profile falls
short of what a level matrix expects of a role; when the roles form a ladder (coordinator <
manager < leader), each gap also says what the roles below expect and which of those the
profile meets, and :func:`highest_role_met` names the highest rung met in full.

:func:`translate_profile` carries a profile through a crosswalk into another framework.
It never guesses: every rated item it cannot carry is reported with a :class:`Reason`, and
where several items reach one target with different levels the lowest is kept (a target is
held only as far as every source that maps to it supports it).

**How levels aggregate.** A level passes whole through an ``exact`` mapping, and through a
``narrow`` one (the target is a part of the source: holding the whole means holding its
parts). Through a ``broad`` mapping the source is only a part of the target, so a level
on one part says little of the whole: a target item reached *only* through ``broad``
mappings gets a level when enough of its counterparts are rated, as :class:`Support` sets
(by default at least two of them, and at least half of the source items that map into it),
and then the lowest of their levels. Otherwise it is withheld, and the source items that
reached nothing else are dropped with :attr:`Reason.UNSUPPORTED`. ``Support.any()`` lets
a single part rate the whole, as a caller may choose to.
"""

from __future__ import annotations

import enum
import itertools
import types
from collections.abc import Collection, Iterable, Iterator
from collections.abc import Mapping as MappingABC
from typing import TYPE_CHECKING, Any

import attrs

from cecompetency.model.crosswalk import Crosswalk, Mapping, MappingEnd
from cecompetency.model.errors import (
    MatrixPendingError,
    ModelError,
    NotFoundError,
    ProfileError,
)
from cecompetency.model.fields import require
from cecompetency.model.framework import Framework
from cecompetency.model.levels import LevelScale, MatrixStatus
from cecompetency.model.refs import Ref, as_ref
from cecompetency.model.relations import Relation
from cecompetency.text.spelling import did_you_mean

if TYPE_CHECKING:
    from cecompetency.graph import CompetencyGraph

__all__ = [
    "CARRY",
    "DEFAULT_SUPPORT",
    "Carried",
    "Dropped",
    "Gap",
    "Profile",
    "Reason",
    "RoleMapping",
    "ScaleMapping",
    "Support",
    "Translation",
    "Withheld",
    "gaps",
    "highest_role_met",
    "translate_profile",
]


def _framework_ref(value: Ref | str) -> Ref:
    ref = as_ref(value)
    if ref.version is None or ref.item is not None:
        raise ModelError(f"a profile names a framework version (framework@version), got {ref}")
    return ref


def _text_map(value: MappingABC[str, str]) -> MappingABC[str, str]:
    copied = dict(value)
    for key, level in copied.items():
        if not isinstance(key, str) or not isinstance(level, str) or not key or not level:
            raise ModelError(f"expected non-empty text keys and values, got {key!r}: {level!r}")
    return types.MappingProxyType(copied)


def _nonempty(_inst: object, attribute: attrs.Attribute[Any], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise ModelError(f"{attribute.name} must be non-empty text, got {value!r}")


@attrs.frozen
class Profile:
    """Where one person (or a described persona) stands: item id -> level id on one scale.

    ``framework`` is the framework version the item ids belong to; ``scale`` the id of the
    level scale the level ids belong to. Items not in ``levels`` are unrated.
    """

    framework: Ref = attrs.field(converter=_framework_ref)
    scale: str = attrs.field(validator=_nonempty)
    levels: MappingABC[str, str] = attrs.field(converter=_text_map, hash=False)
    person: str | None = None
    label: str | None = None

    def level(self, item: str) -> str | None:
        """The level given for ``item``, or ``None`` when the profile does not rate it."""
        return self.levels.get(item)

    def __str__(self) -> str:
        who = self.person or self.label or "profile"
        shown = ", ".join(f"{item} {level}" for item, level in list(self.levels.items())[:8])
        more = f", ... ({len(self.levels)} in all)" if len(self.levels) > 8 else ""
        return (
            f"{who}: {len(self.levels)} items of {self.framework} rated on scale "
            f"{self.scale!r}" + (f" ({shown}{more})" if shown else "")
        )

    def problems(self, framework: Framework, scale: LevelScale) -> list[str]:
        """Every way this profile does not fit ``framework`` and ``scale``; empty when it fits."""
        found: list[str] = []
        if self.framework != framework.ref:
            found.append(f"the profile is for {self.framework}, not {framework.ref}")
        if self.scale != scale.id:
            found.append(f"the profile is on scale {self.scale!r}, not {scale.id!r}")
        item_ids = [item.id for item in framework.walk()]
        level_ids = [level.id for level in scale.levels]
        for item, level in self.levels.items():
            if item not in framework:
                found.append(f"{framework.ref} has no item {item!r}{did_you_mean(item, item_ids)}")
            if level not in scale:
                found.append(
                    f"level {level!r} (item {item!r}) is not on scale {scale.id!r} "
                    f"({', '.join(level_ids)}){did_you_mean(level, level_ids)}"
                )
        return found


@attrs.frozen
class Gap:
    """One item where a profile is below the level a role is expected to hold.

    ``actual`` is ``None`` when the profile does not rate the item (``unrated``): an
    unrated item counts as a gap, since nothing shows the level is held. ``shortfall`` is
    how many levels are missing; an unrated item counts as below the lowest level.

    When the framework orders its roles (:attr:`~cecompetency.model.framework.Framework.ladder`)
    and the role is on the ladder, ``below`` holds what the roles under it are expected to
    hold on the item, ``(role, level)``, lowest role first, and ``meets`` names the highest
    of them whose expectation the profile meets (``None``: none, or no ladder): a gap for a
    manager can say the coordinator expectation below it is met.
    """

    item: str
    expected: str
    actual: str | None
    shortfall: int
    below: tuple[tuple[str, str], ...] = ()
    meets: str | None = None

    @property
    def unrated(self) -> bool:
        """Whether the gap is there because the profile does not rate the item at all."""
        return self.actual is None

    def __str__(self) -> str:
        held = "unrated" if self.actual is None else f"at {self.actual}"
        text = f"{self.item}: {held}, expected {self.expected} ({self.shortfall} short)"
        if self.meets is not None:
            level = dict(self.below)[self.meets]
            text += f"; meets the {self.meets} expectation ({level}) below it"
        return text


def gaps(profile: Profile, framework: Framework, matrix_id: str, role: str) -> list[Gap]:
    """The items where ``profile`` is below what ``role`` is expected to hold, in document order.

    Levels are cumulative: a rated level meets every expectation at or below its rank.
    Items the matrix sets no level for are never gaps; items it does set a level for that
    the profile leaves unrated are gaps with ``unrated`` true.

    Raises :class:`MatrixPendingError` for a pending matrix (nothing is published to
    compare with), :class:`~cecompetency.model.errors.NotFoundError` for an unknown matrix or
    role, and :class:`ProfileError` when the profile is not for this framework, not on the
    matrix's scale, or names items or levels that do not exist. A draft matrix is used as
    it stands.
    """
    require(profile, Profile, "profile")
    require(framework, Framework, "framework")
    require(matrix_id, str, "matrix_id")
    require(role, str, "role")
    matrix = framework.matrix(matrix_id)
    if matrix.status is MatrixStatus.PENDING:
        raise MatrixPendingError(
            f"matrix {matrix.id!r} of {framework.ref} is pending: it is announced but its "
            "expected levels are not published, so there is nothing to compare a profile with"
        )
    if role not in matrix.roles and all(cell.role != role for cell in matrix.expectations):
        raise NotFoundError(
            f"matrix {matrix.id!r} of {framework.ref} has no role {role!r}"
            f"{did_you_mean(role, matrix.roles)}; its roles: {', '.join(matrix.roles) or 'none'}"
        )
    if matrix.scale is None:  # a draft may not have chosen its scale yet
        return []
    scale = framework.scale(matrix.scale)
    problems = profile.problems(framework, scale)
    if problems:
        raise ProfileError("the profile does not fit: " + "; ".join(problems))
    expected = {cell.item: cell.level for cell in matrix.expectations if cell.role == role}
    rungs = _rungs_below(framework, role)
    found: list[Gap] = []
    for item in framework.walk():
        wanted = expected.get(item.id)
        if wanted is None:
            continue
        actual = profile.level(item.id)
        held = scale.rank(actual) if actual is not None else -1
        # rank + 1 for an unrated item: it counts as below the lowest level.
        shortfall = scale.rank(wanted) - held
        if shortfall > 0:
            below = tuple(
                (lower, level)
                for lower in rungs
                if (level := matrix.expected(lower, item.id)) is not None
            )
            met = [lower for lower, level in below if scale.rank(level) <= held]
            found.append(Gap(item.id, wanted, actual, shortfall, below, met[-1] if met else None))
    return found


def _rungs_below(framework: Framework, role: str) -> tuple[str, ...]:
    """The roles under ``role`` on the framework's ladder, lowest first (none off the ladder)."""
    if role not in framework.ladder:
        return ()
    return framework.ladder[: framework.ladder.index(role)]


def highest_role_met(profile: Profile, framework: Framework, matrix_id: str) -> str | None:
    """The highest role on the framework's ladder such that the profile meets every
    expectation the matrix sets for it and for each role below it (rungs the matrix says
    nothing of are passed over); ``None`` when it meets none, or there is no ladder.

    Each rung is checked as :func:`gaps` checks it, so the same errors are raised.
    """
    best = None
    for role in framework.ladder:
        matrix = framework.matrix(matrix_id)
        if role not in matrix.roles and all(cell.role != role for cell in matrix.expectations):
            continue  # a rung this matrix says nothing of
        if gaps(profile, framework, matrix_id, role):
            break
        best = role
    return best


# -- scale and role mappings ---------------------------------------------------------------


@attrs.frozen
class ScaleMapping:
    """Level ``x`` of scale ``source`` corresponds to level ``levels[x]`` of scale ``target``.

    Source levels left out have no counterpart. The mapping must keep the order of the
    scales (a higher source level never maps to a lower target level), or cumulative
    levels would stop being cumulative after translation.
    """

    source: LevelScale
    target: LevelScale
    levels: MappingABC[str, str] = attrs.field(converter=_text_map, hash=False)

    def __attrs_post_init__(self) -> None:
        for level, counterpart in self.levels.items():
            if level not in self.source:
                raise ModelError(f"scale {self.source.id!r} has no level {level!r}")
            if counterpart not in self.target:
                raise ModelError(f"scale {self.target.id!r} has no level {counterpart!r}")
        ordered = sorted(self.levels, key=self.source.rank)
        for lower, higher in itertools.pairwise(ordered):
            if self.target.rank(self.levels[lower]) > self.target.rank(self.levels[higher]):
                raise ModelError(
                    f"the scale mapping reverses the order of the scales: {lower!r} -> "
                    f"{self.levels[lower]!r} ranks above {higher!r} -> {self.levels[higher]!r}"
                )

    @classmethod
    def identity(cls, scale: LevelScale) -> ScaleMapping:
        """Every level to itself: for two frameworks that use the same scale."""
        return cls(scale, scale, {level.id: level.id for level in scale.levels})

    def map(self, level: str) -> str | None:
        """The target level of ``level``, or ``None`` when it has no counterpart.

        Raises :class:`~cecompetency.model.errors.NotFoundError` when ``level`` is not on the
        source scale at all.
        """
        if level not in self.source:
            ids = [candidate.id for candidate in self.source.levels]
            raise NotFoundError(
                f"scale {self.source.id!r} has no level {level!r}{did_you_mean(level, ids)}"
            )
        return self.levels.get(level)


@attrs.frozen
class RoleMapping:
    """Role ``r`` of the ``source`` framework corresponds to role ``roles[r]`` of ``target``.

    Use it to ask the target's level matrix about a translated profile:
    ``gaps(translation.profile, target, matrix_id, role_mapping.map(role))``.
    """

    source: Ref = attrs.field(converter=_framework_ref)
    target: Ref = attrs.field(converter=_framework_ref)
    roles: MappingABC[str, str] = attrs.field(converter=_text_map, hash=False)

    def map(self, role: str) -> str:
        """The target role of ``role``; :class:`~cecompetency.model.errors.NotFoundError`
        if none."""
        try:
            return self.roles[role]
        except KeyError:
            raise NotFoundError(
                f"no role of {self.target} is given for role {role!r} of {self.source}"
                f"{did_you_mean(role, self.roles)}"
            ) from None

    def problems(self, source: Framework, target: Framework) -> list[str]:
        """Every role this mapping names that the two frameworks do not define."""
        found: list[str] = []
        for framework, ref, names in (
            (source, self.source, list(self.roles)),
            (target, self.target, list(self.roles.values())),
        ):
            if framework.ref != ref:
                found.append(f"the mapping is for {ref}, not {framework.ref}")
                continue
            known = [r.id for r in framework.roles]
            found += [
                f"{ref} has no role {name!r}{did_you_mean(name, known)}"
                for name in names
                if name not in known
            ]
        return found


# -- translation ---------------------------------------------------------------------------

#: The relations a level is carried through by default. ``exact`` carries it as is;
#: ``narrow`` (the target is a part of the source) carries it because holding a whole
#: means holding its parts; ``broad`` (the target is broader) carries it as evidence for
#: the whole, only with enough :class:`Support` and kept honest by the minimum rule.
#: ``close`` and ``related`` do not say the items can stand for each other, so they carry
#: nothing unless a caller asks for them.
CARRY: frozenset[Relation] = frozenset({Relation.EXACT, Relation.NARROW, Relation.BROAD})

#: The relations through which the source is only a part of the target.
_PARTIAL = frozenset({Relation.BROAD})


@attrs.frozen
class Support:
    """How many of its parts must be rated before an item broader than them gets a level.

    A target item that a profile reaches only through ``broad`` mappings (each source item
    is a part of it) is rated when the profile rates at least ``min_items`` of its
    counterparts, and at least ``min_share`` of them: the source items with a carrying
    ``broad`` mapping into it, rated or not. The default, two items and half of them, keeps
    one rated competency from setting the level of a whole exam domain.
    """

    min_items: int = attrs.field(default=2, validator=attrs.validators.ge(1))
    min_share: float = attrs.field(
        default=0.5, validator=[attrs.validators.ge(0.0), attrs.validators.le(1.0)]
    )

    @classmethod
    def any(cls) -> Support:
        """One rated part is enough to rate the whole (the least conservative rule)."""
        return cls(min_items=1, min_share=0.0)

    def allows(self, rated: int, counterparts: int) -> bool:
        """Whether ``rated`` of ``counterparts`` parts are enough."""
        return rated >= self.min_items and rated >= self.min_share * counterparts

    def __str__(self) -> str:
        return f"at least {self.min_items} rated items and {self.min_share:.0%} of the counterparts"


#: The default :class:`Support`: two rated parts, and half of the parts.
DEFAULT_SUPPORT = Support()


class Reason(enum.Enum):
    """Why a rated item of a profile could not be carried into the target framework."""

    NO_COUNTERPART = "no-counterpart"
    """No asserted mapping links the item to the target framework."""
    LOOSE_ONLY = "loose-only"
    """Only mappings whose relation does not carry a level (by default close, related)."""
    UNKNOWN_TARGET = "unknown-target"
    """The mappings name items the target framework does not have."""
    LEVEL_NOT_MAPPABLE = "level-not-mappable"
    """The item's level has no counterpart on the target scale."""
    UNSUPPORTED = "unsupported"
    """The item reaches only items broader than it, and too few of their parts are rated
    for them to get a level (see :class:`Support`)."""


@attrs.frozen
class Carried:
    """A target item the translation rates, and what it was rated from.

    ``sources`` are the (source item, source level) pairs that reached the item, with the
    ``mappings`` that carried them, in the same order. When they give different target
    levels (``disputed``), ``level`` is the lowest of ``candidates``.
    """

    item: str
    level: str
    sources: tuple[tuple[str, str], ...]
    candidates: tuple[str, ...]
    mappings: tuple[Mapping, ...]

    @property
    def disputed(self) -> bool:
        """Whether the sources gave different levels, so that the minimum rule decided."""
        return len(set(self.candidates)) > 1

    def __str__(self) -> str:
        sources = ", ".join(f"{item} {level}" for item, level in self.sources)
        rule = ", the lowest kept" if self.disputed else ""
        return f"{self.item}: {self.level}, from {sources}{rule}"


@attrs.frozen
class Dropped:
    """A rated item of the source profile that was not carried, and why."""

    item: str
    level: str
    reason: Reason
    detail: str
    mappings: tuple[Mapping, ...] = ()

    def __str__(self) -> str:
        return f"{self.item} ({self.level}): not carried, {self.reason.value}: {self.detail}"


@attrs.frozen
class Withheld:
    """A target item that rated items reached, left unrated for want of :class:`Support`.

    ``sources`` are the rated source items that reached it; ``counterparts`` every source
    item with a carrying ``broad`` mapping into it, rated or not.
    """

    item: str
    sources: tuple[str, ...]
    counterparts: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.item}: withheld, {len(self.sources)} of its {len(self.counterparts)} "
            f"counterparts rated ({', '.join(self.sources)})"
        )


@attrs.frozen
class Translation:
    """A profile carried into another framework, with an account of everything it lost.

    ``withheld`` are the target items rated items reached without enough :class:`Support`.
    """

    profile: Profile
    carried: tuple[Carried, ...]
    dropped: tuple[Dropped, ...]
    withheld: tuple[Withheld, ...] = ()

    @property
    def complete(self) -> bool:
        """Whether every rated source item reached the target."""
        return not self.dropped

    @property
    def disputed(self) -> tuple[Carried, ...]:
        """The target items whose sources disagreed (the lowest level was kept)."""
        return tuple(entry for entry in self.carried if entry.disputed)

    def __str__(self) -> str:
        lines = [
            f"translated into {self.profile.framework}: {len(self.carried)} items rated, "
            f"{len(self.withheld)} withheld, {len(self.dropped)} source items not carried"
        ]
        for title, entries in (
            ("rated", self.carried),
            ("withheld", self.withheld),
            ("not carried", self.dropped),
        ):
            shown: list[object] = list(entries[:10])
            if shown:
                lines.append(f"{title}:")
                lines += [f"  {entry}" for entry in shown]
                if len(entries) > 10:
                    lines.append(f"  ... and {len(entries) - 10} more")
        return "\n".join(lines)


Mappings = Crosswalk | Mapping | Iterable["Crosswalk | Mapping"]


def _mappings_of(source: Mappings) -> Iterator[Mapping]:
    if isinstance(source, Mapping):
        yield source
    elif isinstance(source, Crosswalk):
        yield from source.mappings
    else:
        for entry in source:
            yield from _mappings_of(entry)


def _item_id(end: MappingEnd) -> str:
    """An item end's item id; ``""`` (no item's id) for an external concept."""
    return (end.item or "") if isinstance(end, Ref) else ""


def _oriented(source: Mappings, from_ref: Ref, to_ref: Ref) -> dict[str, list[Mapping]]:
    """Asserted mappings from ``from_ref`` items to ``to_ref`` items, read in that direction
    (a mapping to an external concept is between no two frameworks: it is skipped)."""
    asserted: list[Mapping] = []
    negated: set[tuple[MappingEnd, Relation, MappingEnd]] = set()
    for mapping in _mappings_of(source):
        refs = mapping.item_refs
        if refs is None:
            continue
        ends = (refs[0].framework_ref, refs[1].framework_ref)
        if ends == (to_ref, from_ref):
            mapping = mapping.inverse()
        elif ends != (from_ref, to_ref):
            continue
        if mapping.negated:
            negated.add(mapping.key)
        else:
            asserted.append(mapping)
    by_item: dict[str, list[Mapping]] = {}
    seen: set[tuple[MappingEnd, Relation, MappingEnd]] = set()
    for mapping in asserted:
        # A relation someone negated is not relied on; the same claim twice counts once.
        if mapping.key in negated or mapping.key in seen:
            continue
        seen.add(mapping.key)
        by_item.setdefault(_item_id(mapping.subject), []).append(mapping)
    return by_item


def _from_graph(graph: CompetencyGraph, profile: Profile, target: Ref) -> dict[str, list[Mapping]]:
    """Each rated item's counterparts in ``target``, asserted and inferred, as the graph
    answers them (it reads inverses and chains, and drops what a negation denies)."""
    by_item: dict[str, list[Mapping]] = {}
    for item in profile.levels:
        try:
            answers = graph.counterparts(profile.framework.with_item(item), framework=target)
        except NotFoundError:  # the item, or its framework, is not in the graph
            continue
        seen: set[tuple[MappingEnd, Relation, MappingEnd]] = set()
        for answer in answers:
            if answer.mapping.key not in seen:
                seen.add(answer.mapping.key)
                by_item.setdefault(item, []).append(answer.mapping)
    return by_item


def _target_scale(
    profile: Profile, target: Framework, scale_mapping: ScaleMapping | None
) -> LevelScale:
    if scale_mapping is not None:
        if scale_mapping.source.id != profile.scale:
            raise ProfileError(
                f"the profile is on scale {profile.scale!r} but the scale mapping starts from "
                f"{scale_mapping.source.id!r}"
            )
        return scale_mapping.target
    for scale in target.scales:
        if scale.id == profile.scale:
            return scale
    raise ProfileError(
        f"{target.ref} has no scale {profile.scale!r}; pass a ScaleMapping to the target's "
        "scale (ScaleMapping.identity(scale) when both frameworks share one scale)"
    )


def translate_profile(
    profile: Profile,
    graph_or_crosswalk: Mappings | CompetencyGraph,
    target_framework: Framework,
    scale_mapping: ScaleMapping | None = None,
    *,
    carry: Collection[Relation] = CARRY,
    support: Support = DEFAULT_SUPPORT,
) -> Translation:
    """Carry ``profile`` through the mappings of a crosswalk (or several, or a graph).

    Mappings are read in either direction (``B broad A`` serves as ``A narrow B``);
    negated mappings, and asserted ones that a negation contradicts, are never used.
    Given a :class:`~cecompetency.graph.CompetencyGraph`, its
    :meth:`~cecompetency.graph.CompetencyGraph.counterparts` are used, so chains through
    other frameworks count too (each carried mapping then holds its ``chain``). A
    level passes through mappings whose relation is in ``carry`` (default :data:`CARRY`:
    exact, narrow, broad), then through ``scale_mapping``; without one, the target
    framework must define the profile's scale.

    The aggregation rule: a target item reached through an ``exact`` or ``narrow`` mapping
    is rated; one reached only through ``broad`` mappings (its sources are parts of it) is
    rated only with ``support`` (default ``Support()``: at least two of its
    counterparts rated, and at least half of them), else it is ``withheld``. When several
    source items reach one target item with different levels, the **lowest** is kept and
    the entry is ``disputed``.

    Every rated item that reaches no rated target is in ``dropped`` with its
    :class:`Reason`. The translated profile rates only items of ``target_framework``.
    """
    require(profile, Profile, "profile")
    require(target_framework, Framework, "target_framework")
    scale = _target_scale(profile, target_framework, scale_mapping)
    from cecompetency.graph import (
        CompetencyGraph,  # here: networkx only when needed
    )

    carry = frozenset(carry)
    partial = _PARTIAL & carry
    if isinstance(graph_or_crosswalk, CompetencyGraph):
        graph = graph_or_crosswalk
        by_item = _from_graph(graph, profile, target_framework.ref)

        def parts_of(target_item: str) -> tuple[str, ...]:
            return _graph_parts(graph, target_framework.ref.with_item(target_item), profile)

    else:
        by_item = _oriented(graph_or_crosswalk, profile.framework, target_framework.ref)
        parts = _parts(by_item, partial)

        def parts_of(target_item: str) -> tuple[str, ...]:
            return parts.get(target_item, ())

    reached: dict[str, list[tuple[str, str, str, Mapping]]] = {}
    routes: dict[str, tuple[Mapping, ...]] = {}  # rated item -> the mappings it went by
    dropped: dict[str, Dropped] = {}
    for item, level in profile.levels.items():
        considered = by_item.get(item, [])
        usable = [m for m in considered if m.relation in carry]
        known = [m for m in usable if _item_id(m.object) in target_framework]
        target_level = _map_level(level, scale, scale_mapping)
        if not considered:
            reason, detail = Reason.NO_COUNTERPART, f"no mapping to {target_framework.ref}"
        elif not usable:
            relations = sorted({m.relation.value for m in considered})
            reason = Reason.LOOSE_ONLY
            detail = f"only {'/'.join(relations)} mappings, which do not carry a level"
        elif not known:
            missing = ", ".join(sorted({str(m.object) for m in usable}))
            reason, detail = Reason.UNKNOWN_TARGET, f"the target has no {missing}"
        elif target_level is None:
            reason = Reason.LEVEL_NOT_MAPPABLE
            detail = f"level {level!r} has no counterpart on scale {scale.id!r}"
        else:
            routes[item] = tuple(known)
            for mapping in known:
                target_item = _item_id(mapping.object)
                reached.setdefault(target_item, []).append((item, level, target_level, mapping))
            continue
        dropped[item] = Dropped(item, level, reason, detail, tuple(considered))
    carried: list[Carried] = []
    withheld: list[Withheld] = []
    for node in target_framework.walk():  # document order, target items only
        entries = reached.get(node.id)
        if not entries:
            continue
        if all(entry[3].relation in partial for entry in entries):
            rated = tuple(dict.fromkeys(entry[0] for entry in entries))
            counterparts = parts_of(node.id) or rated
            if not support.allows(len(rated), len(counterparts)):
                withheld.append(Withheld(node.id, rated, counterparts))
                continue
        candidates = tuple(entry[2] for entry in entries)
        carried.append(
            Carried(
                item=node.id,
                level=min(candidates, key=scale.rank),
                sources=tuple((entry[0], entry[1]) for entry in entries),
                candidates=candidates,
                mappings=tuple(entry[3] for entry in entries),
            )
        )
    rated_through = {source for entry in carried for source, _level in entry.sources}
    for item, mappings in routes.items():
        if item not in rated_through:  # every item it reached was withheld
            targets = ", ".join(sorted({_item_of(m.object) for m in mappings}))
            dropped[item] = Dropped(
                item,
                profile.levels[item],
                Reason.UNSUPPORTED,
                f"it reaches only items broader than it ({targets}), and too few of their "
                f"parts are rated for a level: the rule is {support}",
                mappings,
            )
    translated = Profile(
        framework=target_framework.ref,
        scale=scale.id,
        levels={entry.item: entry.level for entry in carried},
        person=profile.person,
        label=profile.label,
    )
    in_order = tuple(dropped[item] for item in profile.levels if item in dropped)
    return Translation(translated, tuple(carried), in_order, tuple(withheld))


def _item_of(end: MappingEnd) -> str:
    return end.item or "" if isinstance(end, Ref) else str(end)


def _parts(
    by_item: MappingABC[str, list[Mapping]], partial: frozenset[Relation]
) -> dict[str, tuple[str, ...]]:
    """Each target item's counterparts that are parts of it: the source items with a
    ``partial`` (broad) mapping into it, rated or not, in mapping order."""
    found: dict[str, dict[str, None]] = {}
    for item, mappings in by_item.items():
        for mapping in mappings:
            if mapping.relation in partial and isinstance(mapping.object, Ref):
                found.setdefault(mapping.object.item or "", {})[item] = None
    return {target: tuple(items) for target, items in found.items()}


def _graph_parts(graph: CompetencyGraph, target_item: Ref, profile: Profile) -> tuple[str, ...]:
    """The source items that are parts of ``target_item`` as the graph answers (read from
    the target item, a part is ``narrow``: the inverse of the part's ``broad``)."""
    try:
        answers = graph.counterparts(target_item, framework=profile.framework)
    except NotFoundError:
        return ()
    wanted = {relation.inverse for relation in _PARTIAL}
    return tuple(
        dict.fromkeys(
            a.ref.item or "" for a in answers if a.relation in wanted and isinstance(a.ref, Ref)
        )
    )


def _map_level(level: str, scale: LevelScale, scale_mapping: ScaleMapping | None) -> str | None:
    if scale_mapping is None:
        return level if level in scale else None
    if level not in scale_mapping.source:
        return None
    return scale_mapping.map(level)
