"""Validating any document, a framework or a crosswalk, with every issue located."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from cecompetency.files.checks import FRAMEWORK_RULES, Checked, Rule, check_source
from cecompetency.files.names import named_ref
from cecompetency.files.reading import read_bytes
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import Issue, ValidationError
from cecompetency.model.fields import require, require_path
from cecompetency.model.refs import Ref

if TYPE_CHECKING:
    from cecompetency.files.registry import Registry

__all__ = ["check_document", "validate_file", "validate_text"]


def _rules(registry: Registry | None) -> dict[str, Rule]:
    def crosswalk(data: Any, file: str, found: list[Issue]) -> list[Issue]:
        # Only crosswalks need these checks and the default registry: a framework's
        # validation, the common case, starts without them.
        from cecompetency.files.crosswalk_files import check_crosswalk_data

        return check_crosswalk_data(data, file, registry, malformed=found)

    return {**FRAMEWORK_RULES, "crosswalk": crosswalk}


def check_document(
    source: bytes | str,
    file: str = "<string>",
    *,
    expect: str | None = None,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
    named: Ref | None = None,
) -> Checked:
    """Read and check a document of either kind (see :func:`~.checks.check_source`)."""
    return check_source(
        source, file, rules=_rules(registry), expect=expect, limits=limits, named=named
    )


def validate_text(
    text: str | bytes,
    file: str = "<string>",
    *,
    registry: Registry | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> list[Issue]:
    """Every issue in a framework or crosswalk document, located; empty when valid."""
    require(text, (str, bytes), "text")
    return check_document(text, file, registry=registry, limits=limits).issues


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
    require_path(path)
    try:
        raw = read_bytes(path, limits)
    except ValidationError as exc:
        return list(exc.issues)
    return check_document(
        raw, str(path), registry=registry, limits=limits, named=named_ref(path)
    ).issues
