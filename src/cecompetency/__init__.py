"""cecompetency: competency frameworks for continuing-education professionals, as software.

Typed, immutable frameworks loaded from validated YAML; cross-maps between frameworks
as a networkx graph; diffs between versions. Start with::

    >>> import cecompetency
    >>> alliance = cecompetency.load("alliance@2008")
    >>> len(alliance.competencies)
    48
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cecompetency._yaml import Limits
    from cecompetency.atomic import FileExistsRefusal, write_atomic
    from cecompetency.codec import framework_from_data, framework_to_data
    from cecompetency.errors import (
        CecompetencyError,
        CrosswalkError,
        FrameworkError,
        Issue,
        ModelError,
        NotFoundError,
        RefError,
        Severity,
        ValidationError,
    )
    from cecompetency.files import (
        dump_file,
        dumps,
        load_file,
        loads,
        validate_file,
        validate_text,
    )
    from cecompetency.model import (
        Expectation,
        Framework,
        Item,
        Level,
        LevelMatrix,
        LevelScale,
        MatrixStatus,
        Publisher,
        Role,
        Source,
        Status,
    )
    from cecompetency.refs import Ref, parse_ref, version_key
    from cecompetency.registry import Registry, available, default_registry, load
    from cecompetency.schemas import schema, schema_text

__version__ = "0.1.0"

# Names load on first use, so that `cecompetency --help` does not pay for jsonschema.
_LAZY = {
    "CecompetencyError": "cecompetency.errors",
    "CrosswalkError": "cecompetency.errors",
    "Expectation": "cecompetency.model",
    "FileExistsRefusal": "cecompetency.atomic",
    "Framework": "cecompetency.model",
    "FrameworkError": "cecompetency.errors",
    "Issue": "cecompetency.errors",
    "Item": "cecompetency.model",
    "Level": "cecompetency.model",
    "LevelMatrix": "cecompetency.model",
    "LevelScale": "cecompetency.model",
    "Limits": "cecompetency._yaml",
    "MatrixStatus": "cecompetency.model",
    "ModelError": "cecompetency.errors",
    "NotFoundError": "cecompetency.errors",
    "Publisher": "cecompetency.model",
    "Ref": "cecompetency.refs",
    "RefError": "cecompetency.errors",
    "Registry": "cecompetency.registry",
    "Role": "cecompetency.model",
    "Severity": "cecompetency.errors",
    "Source": "cecompetency.model",
    "Status": "cecompetency.model",
    "ValidationError": "cecompetency.errors",
    "available": "cecompetency.registry",
    "default_registry": "cecompetency.registry",
    "dump_file": "cecompetency.files",
    "dumps": "cecompetency.files",
    "framework_from_data": "cecompetency.codec",
    "framework_to_data": "cecompetency.codec",
    "load": "cecompetency.registry",
    "load_file": "cecompetency.files",
    "loads": "cecompetency.files",
    "parse_ref": "cecompetency.refs",
    "schema": "cecompetency.schemas",
    "schema_text": "cecompetency.schemas",
    "validate_file": "cecompetency.files",
    "validate_text": "cecompetency.files",
    "version_key": "cecompetency.refs",
    "write_atomic": "cecompetency.atomic",
}

__all__ = [
    "CecompetencyError",
    "CrosswalkError",
    "Expectation",
    "FileExistsRefusal",
    "Framework",
    "FrameworkError",
    "Issue",
    "Item",
    "Level",
    "LevelMatrix",
    "LevelScale",
    "Limits",
    "MatrixStatus",
    "ModelError",
    "NotFoundError",
    "Publisher",
    "Ref",
    "RefError",
    "Registry",
    "Role",
    "Severity",
    "Source",
    "Status",
    "ValidationError",
    "__version__",
    "available",
    "default_registry",
    "dump_file",
    "dumps",
    "framework_from_data",
    "framework_to_data",
    "load",
    "load_file",
    "loads",
    "parse_ref",
    "schema",
    "schema_text",
    "validate_file",
    "validate_text",
    "version_key",
    "write_atomic",
]


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'cecompetency' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
