"""Reading, validating and writing framework files.

Reading is two-speed: a file is read once without positions and checked; only when
something is wrong is it read again with positions, so that every issue names its
line and column while valid files load at close to the parser's own speed.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from cecompetency.files.atomic import write_atomic
from cecompetency.files.checks import (
    check_framework_data,
    document_kind,
    has_errors,
    locate,
    schema_issues,
)
from cecompetency.files.codec import framework_from_data, framework_to_data
from cecompetency.files.gc_pause import paused_gc
from cecompetency.files.registry import name_mismatch_issue, named_ref
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits, read_yaml
from cecompetency.model.errors import (
    FrameworkError,
    Issue,
    ValidationError,
)
from cecompetency.model.framework import Framework
from cecompetency.model.refs import Ref

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry

__all__ = [
    "Checked",
    "check_source",
    "dump_file",
    "dumps",
    "load_file",
    "loads",
    "read_bytes",
    "validate_file",
    "validate_text",
]


class Checked:
    """The outcome of checking one document: its kind, its data, and every issue."""

    __slots__ = ("data", "file", "issues", "kind")

    def __init__(self, kind: str | None, data: Any, issues: list[Issue], file: str) -> None:
        self.kind, self.data, self.issues, self.file = kind, data, issues, file

    @property
    def ok(self) -> bool:
        """Whether the document has no errors (warnings allowed)."""
        return not has_errors(self.issues)


def read_bytes(path: str | os.PathLike[str], limits: Limits = DEFAULT_LIMITS) -> bytes:
    """Read a file, refusing one over the size limit before reading it all.

    At most ``max_bytes + 1`` bytes are ever read, so a pipe, a device or a file that
    grows while it is read is refused as well as a large one. (A named pipe is read as
    any program reads one: opening it waits for a writer. Folder searches skip pipes.) Raises
    :class:`FrameworkError` with a ``CE100`` issue when the file cannot be read (missing,
    a folder, no permission; the :class:`OSError` is its ``__cause__``), ``CE101`` when
    it is too large.
    """
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = b"" if size > limits.max_bytes else handle.read(limits.max_bytes + 1)
    except OSError as exc:
        raise FrameworkError([unreadable(path, exc)]) from exc
    except ValueError as exc:  # a path with a NUL in it, which no file system allows
        issue = Issue("CE100", f"cannot read the file: {exc}", repr(os.fspath(path)))
        raise FrameworkError([issue]) from exc
    if size > limits.max_bytes or len(raw) > limits.max_bytes:
        found = f"is {size:,} bytes" if size > limits.max_bytes else "is larger than the limit"
        raise FrameworkError(
            [
                Issue(
                    "CE101",
                    f"the file {found}; the limit is {limits.max_bytes:,} bytes "
                    "(raise it with Limits(max_bytes=...) or --max-bytes)",
                    str(path),
                )
            ]
        )
    return raw


def unreadable(path: str | os.PathLike[str], error: OSError) -> Issue:
    """The ``CE100`` issue for a path that cannot be read, saying what the path is."""
    if isinstance(error, IsADirectoryError) or os.path.isdir(path):
        return Issue("CE100", "cannot read the path: it is a folder, not a file", str(path))
    return Issue("CE100", f"cannot read the file: {error.strerror or error}", str(path))


def check_source(
    source: bytes | str,
    file: str = "<string>",
    *,
    expect: str | None = None,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
    named: Ref | None = None,
) -> Checked:
    """Read and check one document of any known kind; never raises for bad content.

    ``named`` is the ``id@version`` the file's name promises (see
    :func:`~cecompetency.files.registry.named_ref`); a document that holds another gets CE307.
    """
    try:
        document = read_yaml(source, file, limits=limits)
    except ValidationError as exc:
        return Checked(None, None, list(exc.issues), file)
    data = document.data
    kind, issues = document_kind(data, file)
    if kind is not None and expect is not None and kind != expect:
        issues = [
            Issue(
                "CE205", f"this is a {kind} file; expected a {expect} file", file, path=("format",)
            )
        ]
    elif kind is not None:
        issues = schema_issues(data, kind, file, limit=limits.max_issues + 1)
        # The later checks skip what the schema found malformed, so an author sees every
        # issue at once rather than one stage after another.
        if len(issues) <= limits.max_issues:
            issues += _semantic_issues(kind, data, file, registry, issues)
        mismatch = None if named is None else name_mismatch_issue(file, named, data)
        if mismatch is not None:
            issues.append(mismatch)
    too_many = len(issues) > limits.max_issues
    if issues:
        issues = locate(
            issues[: limits.max_issues], read_yaml(source, file, track=True, limits=limits)
        )
    if too_many:  # a whole-file note, first
        issues.insert(0, _too_many(file, limits))
    return Checked(kind, data, issues, file)


def _too_many(file: str, limits: Limits) -> Issue:
    return Issue(
        "CE121",
        f"more than {limits.max_issues:,} issues; only the first {limits.max_issues:,} are "
        "reported (fix those first, or raise the limit with Limits(max_issues=...))",
        file,
    )


def _semantic_issues(
    kind: str, data: Any, file: str, registry: Registry | None, found: list[Issue]
) -> list[Issue]:
    if kind == "framework":  # safe on any document: it skips parts of the wrong shape
        return check_framework_data(data, file)
    from cecompetency.files.crosswalk_files import check_crosswalk_data

    return check_crosswalk_data(data, file, registry, malformed=found)


def validate_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Issue]:
    """Every issue in a framework or crosswalk document, located; empty when valid."""
    return check_source(text, file, registry=registry, limits=limits).issues


def validate_file(
    path: str | os.PathLike[str],
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Issue]:
    """Every issue in a framework or crosswalk file, located; empty when valid.

    Never raises for a bad file: one that cannot be read (missing, a folder, no
    permission) gives a single ``CE100`` issue, one over the size limit ``CE101``. A file
    named as a registry names them, ``ID@VERSION.yaml``, must hold that id and version
    (``CE307``, as the registry would refuse it); other names are not checked for this.
    """
    try:
        raw = read_bytes(path, limits)
    except ValidationError as exc:
        return list(exc.issues)
    return check_source(
        raw, str(path), registry=registry, limits=limits, named=named_ref(path)
    ).issues


def loads(
    text: str | bytes, file: str = "<string>", *, limits: Limits = DEFAULT_LIMITS
) -> Framework:
    """Load a framework from YAML (or JSON) text; raise :class:`FrameworkError` if invalid."""
    with paused_gc():
        checked = check_source(text, file, expect="framework", limits=limits)
        if not checked.ok:
            raise FrameworkError(checked.issues)
        return framework_from_data(checked.data)


def load_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Framework:
    """Load a framework file; raise :class:`FrameworkError` carrying every issue.

    A file that cannot be read raises :class:`FrameworkError` too, with one ``CE100``
    issue (the :class:`OSError` is its ``__cause__``). The file's name is not checked
    against its id and version: :func:`validate_file` and the registry do that.
    """
    try:
        raw = read_bytes(path, limits)
    except ValidationError as exc:
        raise FrameworkError(exc.issues) from exc.__cause__
    return loads(raw, str(path), limits=limits)


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style for multi-line text, so dumped files read like hand-written ones."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
# Values shared by YAML aliases are written out in full: no '&id001' anchors in our files.
_Dumper.ignore_aliases = lambda _self, _data: True


def dump_yaml(data: Any) -> str:
    """YAML text of plain data in the house style (key order kept, Unicode as is)."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return text


def dumps(framework: Framework) -> str:
    """The framework as canonical YAML text that loads back equal.

    The model cannot state every rule of the file format (weights that sum to 100,
    matrices that name existing roles and levels), so the document is checked before it
    is written: :class:`FrameworkError` rather than a file that would not load.
    """
    data = framework_to_data(framework)
    issues = schema_issues(data, "framework", f"<{framework.ref}>")
    issues += check_framework_data(data, f"<{framework.ref}>")
    if has_errors(issues):
        raise FrameworkError(issues)
    return dump_yaml(data)


def dump_file(
    framework: Framework, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the framework as YAML, atomically; an existing file needs ``overwrite=True``."""
    return write_atomic(path, dumps(framework), overwrite=overwrite)
