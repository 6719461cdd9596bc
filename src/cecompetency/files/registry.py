"""Finding frameworks by reference: the bundled ones, and folders of your own.

A registry is a list of folders. In each folder, a framework file is named
``ID@VERSION.yaml`` (so listing needs no parsing) and crosswalk files live in a
``crosswalks/`` subfolder under the same naming. Folders named by ``CECOMPETENCY_PATH``
(separated like ``PATH``) come before the bundled data, so they can shadow it.
References are matched against the listing only, so no reference can name a file
outside the registry's folders.
"""

from __future__ import annotations

import functools
import os
import stat
from collections.abc import Collection, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from cecompetency.files.checks import locate
from cecompetency.files.names import mismatch_issue, named_ref
from cecompetency.files.reading import read_bytes, unreadable
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits, read_yaml
from cecompetency.model.errors import (
    CrosswalkError,
    FrameworkError,
    Issue,
    NotFoundError,
    ValidationError,
)
from cecompetency.model.fields import require_path
from cecompetency.model.refs import Ref, as_ref, version_key
from cecompetency.text.spelling import did_you_mean

if TYPE_CHECKING:
    from cecompetency.model.crosswalk import Crosswalk
    from cecompetency.model.framework import Framework, Item

__all__ = [
    "ENV_VAR",
    "Registry",
    "available",
    "bundled_folder",
    "default_registry",
    "load",
    "load_crosswalk",
]

ENV_VAR = "CECOMPETENCY_PATH"


def bundled_folder() -> Path:
    """The folder of frameworks shipped with the package."""
    # The package's own folder, as importlib.resources would give it for an installed
    # package (whose import costs every command's start-up).
    packaged = Path(__file__).resolve().parents[1] / "frameworks"
    if packaged.is_dir():
        return packaged
    # A source checkout (editable install) keeps the data at the top of the repository.
    return Path(__file__).resolve().parents[3] / "frameworks"


# What identifies a listed file: its device and inode. A file read later must still be it.
_Identity = tuple[int, int]


def _listing(folder: Path, root: Path | None = None) -> dict[Ref, tuple[Path, _Identity]]:
    """The files named ``ID@VERSION.yaml`` in ``folder``, each with its identity.

    A symbolic link may not lead out of ``root`` (the registry folder; ``folder`` itself
    by default), and neither may ``folder``: a ``crosswalks`` folder that is a link to
    elsewhere is not listed at all. References stay inside the registry's folders.
    """
    found: dict[Ref, tuple[Path, _Identity]] = {}
    if not folder.is_dir():
        return found
    real_root = (root or folder).resolve()
    if not folder.resolve().is_relative_to(real_root):
        return found
    for entry in sorted(folder.iterdir()):
        ref = named_ref(entry)
        if ref is None or ref in found:
            continue
        real = entry.resolve()
        try:
            info = real.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and real.is_relative_to(real_root):
            found[ref] = (entry, (info.st_dev, info.st_ino))
    return found


def _read_listed(path: Path, identity: _Identity, limits: Limits) -> bytes:
    """The bytes of a listed file, refused (CE100) if it is no longer the file listed.

    The check is made on the open file itself, not on the name: a file swapped for a link
    (or anything else) after the folder was listed is never read, however quick the swap.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)  # O_NONBLOCK: a pipe swapped in cannot block us
    except OSError as exc:
        raise FrameworkError([unreadable(path, exc)]) from exc
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(descriptor)
        if (info.st_dev, info.st_ino) != identity or not stat.S_ISREG(info.st_mode):
            message = (
                "cannot read the file: it is not the file the registry listed (it was "
                "replaced, perhaps by a link out of the folder, since); list the folder again"
            )
            raise FrameworkError([Issue("CE100", message, str(path))])
        raw = b"" if info.st_size > limits.max_bytes else handle.read(info.st_size + 1)
    if info.st_size > limits.max_bytes or len(raw) > limits.max_bytes:
        message = (
            f"the file is larger than the limit of {limits.max_bytes:,} bytes "
            "(raise it with Limits(max_bytes=...) or --max-bytes)"
        )
        raise FrameworkError([Issue("CE101", message, str(path))])
    return raw


class Registry:
    """Frameworks and crosswalks found in folders, loaded on demand and cached."""

    def __init__(
        self,
        paths: Iterable[str | os.PathLike[str]] = (),
        *,
        bundled: bool = True,
        environment: bool = True,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        if isinstance(paths, str | bytes | os.PathLike | Mapping):
            raise TypeError(
                f"paths is a list of folders, got {type(paths).__name__} {paths!r:.60}; "
                "for one folder write Registry([folder])"
            )
        given = list(paths)
        for path in given:
            require_path(path, "each folder in paths")
        folders = [Path(p) for p in given]
        if environment:
            folders += _environment_folders(os.environ.get(ENV_VAR, ""))
        if bundled:
            folders.append(bundled_folder())
        self.folders: tuple[Path, ...] = tuple(folders)
        self.limits = limits
        self._frameworks: dict[Ref, Path] = {}
        self._crosswalks: dict[Ref, Path] = {}
        self._identities: dict[Path, _Identity] = {}
        for folder in self.folders:  # earlier folders win
            for ref, (path, identity) in _listing(folder).items():
                self._frameworks.setdefault(ref, path)
                self._identities.setdefault(path, identity)
            for ref, (path, identity) in _listing(folder / "crosswalks", folder).items():
                self._crosswalks.setdefault(ref, path)
                self._identities.setdefault(path, identity)
        self._cache: dict[Ref, Framework] = {}
        self._held: set[Ref] = set()  # frameworks given by with_frameworks(), with no file

    def __repr__(self) -> str:
        return f"Registry({[str(f) for f in self.folders]!r})"

    # -- listing ------------------------------------------------------------------------
    def with_frameworks(self, *frameworks: Framework) -> Registry:
        """A copy of this registry that also holds ``frameworks``, made in memory, as if a
        file in its first folder held each.

        They resolve, load and check crosswalks like any other, and shadow files of the same
        ``id@version``; :meth:`path_of` says they have no file. This registry is left as it
        was (the default one is shared). Useful for checking a crosswalk against a framework
        just built or imported, before anything is written.
        """
        copy = Registry.__new__(Registry)
        copy.__dict__.update(self.__dict__)
        copy._held = self._held | {f.ref for f in frameworks}
        copy._cache = {**self._cache, **{f.ref: f for f in frameworks}}
        return copy

    def available(self) -> tuple[Ref, ...]:
        """Every framework version, by id then version (oldest first)."""
        return tuple(sorted(self._frameworks.keys() | self._held, key=_order))

    def crosswalks(self) -> tuple[Ref, ...]:
        """Every crosswalk, by id then version."""
        return tuple(sorted(self._crosswalks, key=_order))

    def versions(self, framework_id: str) -> tuple[str, ...]:
        """The versions of one framework, oldest first."""
        return tuple(r.version or "" for r in self.available() if r.framework == framework_id)

    # -- resolving ----------------------------------------------------------------------
    def resolve(self, ref: Ref | str) -> Ref:
        """The exact framework version a reference means (the newest when none is given)."""
        ref = as_ref(ref)
        known = self._frameworks.keys() | self._held
        if not any(r.framework == ref.framework for r in known):
            self._refuse_crosswalk_as_framework(ref)
        return _resolve(ref, known, "framework").with_item(ref.item)

    def _refuse_crosswalk_as_framework(self, ref: Ref) -> None:
        """Say so when a reference meant as a framework's names a crosswalk."""
        if any(r.framework == ref.framework for r in self._crosswalks):
            raise NotFoundError(
                f"{ref.framework_ref} is a crosswalk, not a framework; load it with "
                f"load_crosswalk({str(ref.framework_ref)!r})"
            )

    def path_of(self, ref: Ref | str) -> Path:
        """The file that holds the framework a reference names."""
        exact = self.resolve(ref).framework_ref
        if exact in self._held:
            raise NotFoundError(f"{exact} was added in memory; it has no file")
        return self._frameworks[exact]

    def resolve_crosswalk(self, ref: Ref | str) -> Ref:
        """The exact crosswalk version a reference means (the newest when none is given)."""
        ref = as_ref(ref)
        if ref.item is not None:
            raise NotFoundError(f"{ref} names an item; a crosswalk reference is ID[@VERSION]")
        if not any(r.framework == ref.framework for r in self._crosswalks) and any(
            r.framework == ref.framework for r in self._frameworks.keys() | self._held
        ):
            raise NotFoundError(
                f"{ref} is a framework, not a crosswalk; load it with load({str(ref)!r})"
            )
        return _resolve(ref, self._crosswalks, "crosswalk")

    def crosswalk_path_of(self, ref: Ref | str) -> Path:
        """The file that holds the crosswalk a reference names."""
        return self._crosswalks[self.resolve_crosswalk(ref)]

    def load(self, ref: Ref | str) -> Framework:
        """Load (once) the framework a reference names; its item part, if any, is ignored."""
        # The typed model is imported only to load: listing and validating files do not.
        from cecompetency.files.framework_files import loads

        exact = self.resolve(ref).framework_ref
        if exact not in self._cache:  # frameworks held in memory are always in it
            path = self._frameworks[exact]
            raw = _read_listed(path, self._identities[path], self.limits)
            framework = loads(raw, str(path), limits=self.limits)
            if framework.ref != exact:
                actual = framework.ref
                raise FrameworkError([_name_mismatch(path, exact, actual, self.limits)])
            self._cache[exact] = framework
        return self._cache[exact]

    def item(self, ref: Ref | str) -> Item:
        """The item a full reference (``framework@version:item``) names."""
        ref = as_ref(ref)
        if ref.item is None:
            raise NotFoundError(f"{ref} names a framework, not an item; add ':ITEM'")
        framework = self.load(ref)
        if ref.item not in framework:
            hint = did_you_mean(ref.item, [i.id for i in framework.walk()])
            raise NotFoundError(f"{framework.ref} has no item {ref.item!r}{hint}")
        return framework[ref.item]

    def load_crosswalk(self, ref: Ref | str) -> Crosswalk:
        """Load the crosswalk a reference names, checked against this registry's frameworks."""
        exact = self.resolve_crosswalk(ref)
        path = self._crosswalks[exact]
        # Imported here: most programs load frameworks only, and start faster without it.
        from cecompetency.files.crosswalk_codec import read_crosswalk

        try:
            raw = _read_listed(path, self._identities[path], self.limits)
        except FrameworkError as exc:
            raise CrosswalkError(exc.issues) from exc.__cause__
        crosswalk = read_crosswalk(raw, str(path), self, self.limits)
        if crosswalk.ref != exact:  # the same naming rule as for frameworks
            actual = crosswalk.ref
            raise CrosswalkError([_name_mismatch(path, exact, actual, self.limits)])
        return crosswalk


def _order(ref: Ref) -> tuple[str, tuple[tuple[int, int, str] | tuple[int, str], ...], str]:
    # The text breaks ties between versions that differ only in leading zeros ("1.0", "1.00").
    return (ref.framework, version_key(ref.version or ""), ref.version or "")


def _environment_folders(value: str) -> list[Path]:
    """The folders a value of ``CECOMPETENCY_PATH`` names (empty parts are skipped)."""
    return [Path(p) for p in value.split(os.pathsep) if p]


def _name_mismatch(path: Path, named: Ref, actual: Ref, limits: Limits) -> Issue:
    """CE307, placed at the ``id`` (or else the ``version``) that disagrees with the name."""
    issue = mismatch_issue(str(path), named, actual.framework, actual.version or "")
    # Only this rare error pays for reading the file again, with positions.
    try:
        document = read_yaml(read_bytes(path, limits), str(path), track=True, limits=limits)
    except ValidationError:  # unreadable now (read_bytes says so in a CE100): it changed
        return issue
    return locate([issue], document)[0]


def _resolve(ref: Ref, known: Collection[Ref], what: str) -> Ref:
    candidates: Sequence[Ref] = [r for r in known if r.framework == ref.framework]
    if not candidates:
        ids = sorted({r.framework for r in known})
        raise NotFoundError(
            f"no {what} {ref.framework!r}{did_you_mean(ref.framework, ids)}; "
            f"known: {', '.join(ids) or 'none'}"
        )
    if ref.version is None:
        return max(candidates, key=_order)
    exact = Ref(ref.framework, ref.version)
    if exact not in known:
        versions = ", ".join(r.version or "" for r in sorted(candidates, key=_order))
        raise NotFoundError(
            f"{what} {ref.framework!r} has no version {ref.version!r}; known versions: {versions}"
        )
    return exact


def default_registry() -> Registry:
    """The registry of ``CECOMPETENCY_PATH`` folders and the bundled data.

    It is made once for each value of ``CECOMPETENCY_PATH`` and kept, with the frameworks
    it has loaded, while the value stays the same. Changing the variable within a process
    (``os.environ["CECOMPETENCY_PATH"] = ...`` in a notebook) gives a fresh registry on the
    next call, which lists the newly named folders; the registry of the former value is let go.
    """
    return _registry_for(os.environ.get(ENV_VAR, ""))


@functools.lru_cache(maxsize=1)  # the registry of the current value only
def _registry_for(value: str) -> Registry:
    return Registry(_environment_folders(value), environment=False)


def load(ref: Ref | str) -> Framework:
    """Load a framework by reference from the default registry, e.g. ``load("alliance@2008")``.

    A crosswalk is loaded the same way by :func:`load_crosswalk`.
    """
    return default_registry().load(ref)


def load_crosswalk(ref: Ref | str) -> Crosswalk:
    """Load a crosswalk by reference from the default registry, checked against its
    frameworks, e.g. ``load_crosswalk("alliance-ccmep@1.0")``; without a version, the newest.
    """
    return default_registry().load_crosswalk(ref)


def available() -> tuple[Ref, ...]:
    """Every framework version in the default registry."""
    return default_registry().available()
