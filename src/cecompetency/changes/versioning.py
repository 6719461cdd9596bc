"""Version numbers: the bump a set of changes calls for, and whether a new version number
reflects it.

:class:`Bump` names a semantic version bump (major, minor, patch, none);
:attr:`~cecompetency.changes.FrameworkDiff.suggested_bump` says which one a diff calls
for (breaking: major, additive: minor, editorial: patch, nothing: none).
:class:`VersionCheck` says whether the numbers of the old and new versions show that bump,
under the rules of their :class:`VersionScheme` (semantic, calendar or other); it is what
:meth:`~cecompetency.changes.FrameworkDiff.version_check` and
:func:`~cecompetency.changes.differ.check_version` return.

This module reads version strings only: it knows nothing of frameworks or diffs, so the
diff's records can use it.
"""

from __future__ import annotations

import enum
import re

import attrs

from cecompetency.model.refs import version_key

__all__ = ["Bump", "VersionCheck", "VersionScheme", "check_version_numbers"]


class Bump(enum.Enum):
    """A semantic version bump: major, minor, patch, or none."""

    NONE = "none"
    PATCH = "patch"
    MINOR = "minor"
    MAJOR = "major"

    @property
    def rank(self) -> int:
        """0 for none up to 3 for major."""
        return _BUMP_RANK[self]


_BUMP_RANK = {Bump.NONE: 0, Bump.PATCH: 1, Bump.MINOR: 2, Bump.MAJOR: 3}


class VersionScheme(enum.Enum):
    """How a framework numbers its versions."""

    SEMVER = "semver"
    """``MAJOR[.MINOR[.PATCH]]`` with an optional ``-suffix``: the numbers say the impact."""
    CALENDAR = "calendar"
    """A year (``2008``), or a year with month or day (``2024.05``, ``2024-05-01``)."""
    OTHER = "other"
    """Anything else: only the order of versions can be checked."""


# (a number of more than 300 digits makes a version of no scheme, not an int to convert)
_SEMVER = re.compile(r"(\d{1,300})(?:\.(\d{1,300}))?(?:\.(\d{1,300}))?(?:[-+][0-9A-Za-z.+-]*)?")
_CALENDAR = re.compile(r"(?:19|20)\d\d(?:[.-]\d{1,2}){0,2}")


def _scheme(version: str) -> VersionScheme:
    if _CALENDAR.fullmatch(version):
        return VersionScheme.CALENDAR
    if _SEMVER.fullmatch(version):
        return VersionScheme.SEMVER
    return VersionScheme.OTHER


def _semver(version: str) -> tuple[int, int, int]:
    match = _SEMVER.fullmatch(version)
    assert match is not None
    major, minor, patch = match.groups()
    return int(major), int(minor or 0), int(patch or 0)


@attrs.frozen
class VersionCheck:
    """Whether a new version number reflects the changes since the old one.

    ``required`` is what the changes call for
    (:attr:`~cecompetency.changes.FrameworkDiff.suggested_bump`).
    ``actual`` is the bump the numbers show, for semantic versions only (``None`` for
    calendar and other schemes, whose numbers do not encode impact). ``ok`` says whether
    the numbers reflect the changes; ``message`` says why, in a sentence.

    The rules:

    - **semver** (both versions ``MAJOR[.MINOR[.PATCH]]``, missing parts read as 0): the
      bump made is the first component that grew (a lower version is a downgrade, never
      ok). It must be at least the bump required. Below 1.0 (both majors 0), as Cargo
      reads SemVer, the minor number plays the major's part and the patch number the
      minor's: ``0.1 -> 0.2`` may break, ``0.1.0 -> 0.1.1`` may add.
    - **calendar** (both versions years, ``2008``, or years with month or day) and
      **other** schemes: the numbers cannot say how big a change is; any change requires
      only a later version (natural order, :func:`~cecompetency.model.refs.version_key`), and
      the message says what the changes call for so release notes can say it.
    - No changes: always ok.
    """

    old: str
    new: str
    scheme: VersionScheme
    required: Bump
    actual: Bump | None
    newer: bool
    ok: bool
    message: str

    def allows(self, bump: Bump) -> bool:
        """Whether the version change covers changes that call for ``bump``."""
        if bump is Bump.NONE:
            return True
        if self.actual is None:
            return self.newer
        return _covers(self.actual, bump, self.old, self.new)


def _covers(actual: Bump, required: Bump, old: str, new: str) -> bool:
    if _semver(old)[0] == 0 and _semver(new)[0] == 0:
        # Below 1.0 a minor bump may break and a patch bump may add.
        promoted = {Bump.MINOR: Bump.MAJOR, Bump.PATCH: Bump.MINOR}.get(actual, actual)
        return promoted.rank >= required.rank
    return actual.rank >= required.rank


def check_version_numbers(old: str, new: str, required: Bump) -> VersionCheck:
    """Whether going from version ``old`` to ``new`` shows the ``required`` bump (see
    :class:`VersionCheck` for the rules)."""
    newer = version_key(new) > version_key(old)
    schemes = {_scheme(old), _scheme(new)}
    scheme = schemes.pop() if len(schemes) == 1 else VersionScheme.OTHER
    actual: Bump | None = None
    if scheme is VersionScheme.SEMVER:
        a, b = _semver(old), _semver(new)
        if b == a:
            actual = Bump.NONE
        elif b > a:
            actual = Bump.MAJOR if b[0] > a[0] else Bump.MINOR if b[1] > a[1] else Bump.PATCH
        else:
            actual = None  # a downgrade: reported below
    if required is Bump.NONE:
        ok, message = True, f"no changes from {old} to {new}"
    elif scheme is VersionScheme.SEMVER and actual is None:
        ok, message = (
            False,
            f"{new} is lower than {old}; the changes call for a {required.value} bump",
        )
    elif scheme is VersionScheme.SEMVER:
        assert actual is not None
        ok = _covers(actual, required, old, new)
        verdict = "reflects" if ok else "does not reflect"
        message = (
            f"{old} -> {new} is a {actual.value} bump; the changes call for a "
            f"{required.value} bump, so the version {verdict} them"
        )
    else:
        ok = newer
        what = "calendar versions" if scheme is VersionScheme.CALENDAR else "these versions"
        message = (
            f"{what} do not encode the size of a change; the changes call for a "
            f"{required.value} release, and {new} "
            + ("is later than" if newer else "is not later than")
            + f" {old}"
        )
    return VersionCheck(old, new, scheme, required, actual, newer, ok, message)
