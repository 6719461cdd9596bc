"""Reading, validating and writing framework files.

Reading is two-speed: a file is read once without positions and checked; only when
something is wrong is it read again with positions, so that every issue names its
line and column while valid files load at close to the parser's own speed.
"""

from __future__ import annotations

import os
from pathlib import Path

from cecompetency.files.atomic import write_atomic
from cecompetency.files.checks import (
    FRAMEWORK_RULES,
    check_framework_data,
    check_source,
    has_errors,
    schema_issues,
)
from cecompetency.files.codec import framework_from_data, framework_to_data
from cecompetency.files.gc_pause import paused_gc
from cecompetency.files.reading import read_bytes
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.files.yaml_writer import dump_yaml
from cecompetency.model.errors import FrameworkError, Issue, ModelError, RefError, ValidationError
from cecompetency.model.fields import require, require_path
from cecompetency.model.framework import Framework

__all__ = ["FRAMEWORK_RULES", "dump_file", "dumps", "load_file", "loads"]


def loads(
    text: str | bytes, file: str = "<string>", *, limits: Limits = DEFAULT_LIMITS
) -> Framework:
    """Load a framework from YAML (or JSON) text; raise :class:`FrameworkError` if invalid."""
    require(text, (str, bytes), "text")
    with paused_gc():
        checked = check_source(text, file, rules=FRAMEWORK_RULES, expect="framework", limits=limits)
        if not checked.ok:
            raise FrameworkError(checked.issues)
        try:
            return framework_from_data(checked.data)
        except (ModelError, RefError) as exc:  # the schema and the model agree; a safety net
            raise FrameworkError([Issue("CE300", str(exc), file)]) from None


def load_file(path: str | os.PathLike[str], *, limits: Limits = DEFAULT_LIMITS) -> Framework:
    """Load a framework file; raise :class:`FrameworkError` carrying every issue.

    A file that cannot be read raises :class:`FrameworkError` too, with one ``CE100``
    issue (the :class:`OSError` is its ``__cause__``). The file's name is not checked
    against its id and version:
    :func:`~cecompetency.files.validation.validate_file` and the registry do that.
    """
    require_path(path)
    try:
        raw = read_bytes(path, limits)
    except ValidationError as exc:
        raise FrameworkError(exc.issues) from exc.__cause__
    return loads(raw, str(path), limits=limits)


def dumps(framework: Framework) -> str:
    """The framework as canonical YAML text that loads back equal.

    The model cannot state every rule of the file format (weights that sum to 100,
    matrices that name existing roles and levels), so the document is checked before it
    is written: :class:`FrameworkError` rather than a file that would not load.
    """
    require(framework, Framework, "framework")
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
    require_path(path)
    return write_atomic(path, dumps(framework), overwrite=overwrite)
