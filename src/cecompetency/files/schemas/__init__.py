"""The published JSON Schemas (Draft 2020-12), shipped as package data."""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Any

__all__ = ["SCHEMA_NAMES", "schema", "schema_text"]

SCHEMA_NAMES = ("framework", "crosswalk")


def schema_text(name: str) -> str:
    """The schema called ``name`` as JSON text, exactly as shipped."""
    if name not in SCHEMA_NAMES:
        from cecompetency.model.errors import NotFoundError

        raise NotFoundError(f"no schema {name!r}; known: {', '.join(SCHEMA_NAMES)}")
    return resources.files(__name__).joinpath(f"{name}.schema.json").read_text("utf-8")


@functools.cache
def _schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


def schema(name: str) -> dict[str, Any]:
    """The schema called ``name`` (``"framework"`` or ``"crosswalk"``) as a fresh dict."""
    copy: dict[str, Any] = json.loads(json.dumps(_schema(name)))  # callers may not edit ours
    return copy
