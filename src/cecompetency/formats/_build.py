"""The last step of every framework importer: a plain document, checked, to a Framework.

Importers translate their format into the framework document (the YAML/JSON data of
format ``cecompetency/1``) and record where each part came from; this module runs the
same schema and semantic checks a framework file gets, and places each issue back in
the imported file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cecompetency.files.checks import (
    capped_schema_issues,
    check_framework_data,
    locate,
    schema_issues,
)
from cecompetency.files.codec import framework_from_data
from cecompetency.files.yaml_reader import Document, KeyPath
from cecompetency.model.errors import FrameworkError, Issue, ModelError
from cecompetency.model.framework import Framework

__all__ = ["build_framework"]


def build_framework(
    data: dict[str, Any],
    file: str,
    where: Callable[[frozenset[KeyPath]], Document],
    *,
    max_issues: int | None = None,
) -> Framework:
    """Check ``data`` as a framework document and build it; raise located issues.

    ``where`` gives the positions of the document's parts in the imported file (it is
    told the paths of the issues, which are all it need place); it is called only when
    there is something to report. With ``max_issues``, schema issues past that many are
    counted, not kept (:func:`~cecompetency.files.checks.capped_schema_issues`).
    """
    if max_issues is None:
        issues = schema_issues(data, "framework", file)  # fast for a valid document
    else:
        issues = capped_schema_issues(data, "framework", file, max_issues)
    if not issues:
        issues = check_framework_data(data, file)
    if any(issue.is_error for issue in issues):
        raise FrameworkError(locate(issues, where(frozenset(i.path for i in issues))))
    try:
        return framework_from_data(data)
    except ModelError as exc:  # the checks above should have caught it; never a traceback
        raise FrameworkError([Issue("CE300", str(exc), file)]) from None
