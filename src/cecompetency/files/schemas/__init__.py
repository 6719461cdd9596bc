"""The published JSON Schemas (Draft 2020-12), shipped as package data."""

from __future__ import annotations

import functools
import json
import pkgutil
from typing import Any

from cecompetency.model.grammar import (
    FRAMEWORK_ID,
    ITEM_ID,
    LANGUAGE,
    NAME,
    PREFIX,
    TEXT,
    URI,
    VERSION,
)

__all__ = ["PATTERNS", "SCHEMA_NAMES", "schema", "schema_text"]

SCHEMA_NAMES = ("framework", "crosswalk")

# Where each schema holds a definition of the model's grammar, anchored
# (:func:`cecompetency.model.grammar.anchored`): a path into the schema, and the definition.
# A test checks the shipped schemas against this table, so the two never drift apart.
PATTERNS: dict[str, dict[tuple[str, ...], str]] = {
    "framework": {
        ("$defs", "text", "pattern"): TEXT,
        ("$defs", "name", "pattern"): NAME,
        ("$defs", "frameworkId", "pattern"): FRAMEWORK_ID,
        ("$defs", "version", "pattern"): VERSION,
        ("$defs", "itemId", "pattern"): ITEM_ID,
        ("$defs", "frameworkRef", "pattern"): f"{FRAMEWORK_ID}(?:@{VERSION})?",
        ("properties", "language", "pattern"): LANGUAGE,
    },
    "crosswalk": {
        ("$defs", "text", "pattern"): TEXT,
        ("$defs", "crosswalkId", "pattern"): FRAMEWORK_ID,
        ("$defs", "version", "pattern"): VERSION,
        ("$defs", "versionedFrameworkRef", "pattern"): f"{FRAMEWORK_ID}@{VERSION}",
        ("$defs", "uri", "pattern"): URI,
        ("properties", "prefixes", "patternProperties"): PREFIX,  # the one key of it
    },
}


def schema_text(name: str) -> str:
    """The schema called ``name`` as JSON text, exactly as shipped."""
    if name not in SCHEMA_NAMES:
        from cecompetency.model.errors import NotFoundError

        raise NotFoundError(f"no schema {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    # pkgutil asks the package's loader (files or a zip alike), and costs a start-up far
    # less than importlib.resources, which every command that reads a file would import.
    data = pkgutil.get_data(__name__, f"{name}.schema.json")
    if data is None:  # pragma: no cover - a loader that cannot read package data
        raise OSError(f"cannot read the {name} schema shipped with the package")
    return data.decode("utf-8")


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (``"framework"`` or ``"crosswalk"``) as a fresh dict."""
    copy: dict[str, Any] = json.loads(json.dumps(_schema(name)))  # callers may not edit ours
    return copy
