"""What a file's name promises: ``ID@VERSION.yaml`` names the framework the file must hold."""

from __future__ import annotations

import os
import re

from cecompetency.model.errors import Issue
from cecompetency.model.refs import FRAMEWORK_ID, VERSION, Ref

__all__ = ["FILE_NAME", "mismatch_issue", "name_mismatch_issue", "named_ref"]

FILE_NAME = re.compile(rf"({FRAMEWORK_ID})@({VERSION})\.ya?ml")


def named_ref(path: str | os.PathLike[str]) -> Ref | None:
    """The ``id@version`` a file's name promises (``ID@VERSION.yaml``), or ``None``.

    This is the registry's naming rule, kept in this one place: a registry lists only
    files named so, and refuses to load one that holds another ``id@version`` (CE307).
    """
    match = FILE_NAME.fullmatch(os.path.basename(os.fspath(path)))
    return Ref(match[1], match[2]) if match else None


def name_mismatch_issue(file: str, named: Ref, data: object) -> Issue | None:
    """CE307 when the document ``data`` holds another ``id@version`` than its name says.

    The issue carries the document path of the ``id`` (or else the ``version``) that
    disagrees, for :func:`~cecompetency.files.checks.locate` to place. A document whose id or
    version is not text is left to the schema.
    """
    if not isinstance(data, dict):
        return None
    framework_id, version = data.get("id"), data.get("version")
    if not isinstance(framework_id, str) or not isinstance(version, str):
        return None
    if Ref(framework_id, version) == named:
        return None
    return mismatch_issue(file, named, framework_id, version)


def mismatch_issue(file: str, named: Ref, framework_id: str, version: str) -> Issue:
    """CE307 for a file named ``named`` that holds ``framework_id@version``."""
    field = "id" if framework_id != named.framework else "version"
    return Issue(
        "CE307",
        f"the file name says '{named.framework}@{named.version}' but the file holds "
        f"{framework_id}@{version}; rename one of them",
        file,
        path=(field,),
    )
