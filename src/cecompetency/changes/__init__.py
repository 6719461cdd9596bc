"""What changed between two versions of a framework, how much it matters, and carrying
crosswalks across versions.

:func:`diff` compares two :class:`~cecompetency.model.framework.Framework` values and returns a
:class:`FrameworkDiff`: an immutable sequence of :class:`Change` records, each with the old
and new item references, a :class:`ChangeKind`, an :class:`Impact` (breaking, additive or
editorial) and typed details. :attr:`FrameworkDiff.suggested_bump` maps the worst impact to
a semantic version bump, and :func:`check_version` says whether the new version number
reflects the changes. :meth:`FrameworkDiff.apply` rebuilds the new framework from the old
one (``diff(a, b).apply(a) == b``); :meth:`FrameworkDiff.to_crosswalk` reads the diff as a
crosswalk from the old version to the new one, and :func:`migrate` carries a crosswalk that
points at the old version onto the new one, listing what it could not carry and why.

This module is the way in: it holds every name of the modules that do the work, one
concept each, and the pages of those modules say how it is done:

- :mod:`cecompetency.changes.records`: the records (:class:`ChangeKind`, :class:`Impact`,
  :class:`Change` and its details, :class:`Thresholds`) and what each impact means;
- :mod:`cecompetency.changes.differ`: :func:`diff`, the matching of old and new items in order,
  and :func:`check_version`;
- :mod:`cecompetency.changes.framework_diff`: :class:`FrameworkDiff`, its renderings and
  :meth:`~FrameworkDiff.apply`;
- :mod:`cecompetency.changes.versioning`: :class:`Bump`, :class:`VersionScheme` and the rules of
  :class:`VersionCheck`;
- :mod:`cecompetency.changes.migration`: :meth:`FrameworkDiff.to_crosswalk` and :func:`migrate`.
"""

from __future__ import annotations

from cecompetency.changes.differ import check_version, diff
from cecompetency.changes.framework_diff import FrameworkDiff
from cecompetency.changes.matching import word_similarity
from cecompetency.changes.migration import (
    DroppedMapping,
    DropReason,
    MigratedMapping,
    Migration,
    migrate,
)
from cecompetency.changes.records import (
    Added,
    Change,
    ChangeKind,
    DiffError,
    Entry,
    FieldChange,
    Impact,
    Merged,
    Moved,
    Placement,
    Removed,
    Reordered,
    Reworded,
    Split,
    Thresholds,
    WordEdit,
)

# These three were defined here before the modules above were split out: still importable.
from cecompetency.changes.records import CellChange as CellChange
from cecompetency.changes.records import Details as Details
from cecompetency.changes.records import EntryValue as EntryValue
from cecompetency.changes.versioning import Bump, VersionCheck, VersionScheme

__all__ = [
    "Added",
    "Bump",
    "Change",
    "ChangeKind",
    "DiffError",
    "DropReason",
    "DroppedMapping",
    "Entry",
    "FieldChange",
    "FrameworkDiff",
    "Impact",
    "Merged",
    "MigratedMapping",
    "Migration",
    "Moved",
    "Placement",
    "Removed",
    "Reordered",
    "Reworded",
    "Split",
    "Thresholds",
    "VersionCheck",
    "VersionScheme",
    "WordEdit",
    "check_version",
    "diff",
    "migrate",
    "word_similarity",
]
