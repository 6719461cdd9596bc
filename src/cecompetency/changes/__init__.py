"""Changes between versions: the diff and its records, the version bump it calls for, and
carrying crosswalks across versions; the names a caller needs are re-exported here.
"""

from __future__ import annotations

from cecompetency.changes.differ import check_version, diff
from cecompetency.changes.framework_diff import FrameworkDiff
from cecompetency.changes.matching import Thresholds, word_similarity
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
    WordEdit,
)
from cecompetency.changes.versioning import Bump, VersionCheck, VersionScheme, check_version_numbers
from cecompetency.model.errors import DiffError

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
    "check_version_numbers",
    "diff",
    "migrate",
    "word_similarity",
]
