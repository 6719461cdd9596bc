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
    from cecompetency.levels import (
        Carried,
        Dropped,
        Gap,
        MatrixPendingError,
        Profile,
        ProfileError,
        Reason,
        RoleMapping,
        ScaleMapping,
        Translation,
        gaps,
        translate_profile,
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
    from cecompetency.suggest import (
        Evaluation,
        evaluate,
        suggest,
    )


__version__ = "0.1.0"

# Names load on first use, so that `cecompetency --help` does not pay for jsonschema.
_LAZY = {
    "Carried": "cecompetency.levels",
    "CecompetencyError": "cecompetency.errors",
    "CrosswalkError": "cecompetency.errors",
    "Dropped": "cecompetency.levels",
    "Evaluation": "cecompetency.suggest",
    "Expectation": "cecompetency.model",
    "FileExistsRefusal": "cecompetency.atomic",
    "Framework": "cecompetency.model",
    "FrameworkError": "cecompetency.errors",
    "Gap": "cecompetency.levels",
    "Issue": "cecompetency.errors",
    "Item": "cecompetency.model",
    "Level": "cecompetency.model",
    "LevelMatrix": "cecompetency.model",
    "LevelScale": "cecompetency.model",
    "Limits": "cecompetency._yaml",
    "MatrixPendingError": "cecompetency.levels",
    "MatrixStatus": "cecompetency.model",
    "ModelError": "cecompetency.errors",
    "NotFoundError": "cecompetency.errors",
    "Profile": "cecompetency.levels",
    "ProfileError": "cecompetency.levels",
    "Publisher": "cecompetency.model",
    "Reason": "cecompetency.levels",
    "Ref": "cecompetency.refs",
    "RefError": "cecompetency.errors",
    "Registry": "cecompetency.registry",
    "Role": "cecompetency.model",
    "RoleMapping": "cecompetency.levels",
    "ScaleMapping": "cecompetency.levels",
    "Severity": "cecompetency.errors",
    "Source": "cecompetency.model",
    "Status": "cecompetency.model",
    "Translation": "cecompetency.levels",
    "ValidationError": "cecompetency.errors",
    "available": "cecompetency.registry",
    "default_registry": "cecompetency.registry",
    "dump_file": "cecompetency.files",
    "dumps": "cecompetency.files",
    "evaluate": "cecompetency.suggest",
    "framework_from_data": "cecompetency.codec",
    "framework_to_data": "cecompetency.codec",
    "gaps": "cecompetency.levels",
    "load": "cecompetency.registry",
    "load_file": "cecompetency.files",
    "loads": "cecompetency.files",
    "parse_ref": "cecompetency.refs",
    "schema": "cecompetency.schemas",
    "schema_text": "cecompetency.schemas",
    "suggest": "cecompetency.suggest",
    "translate_profile": "cecompetency.levels",
    "validate_file": "cecompetency.files",
    "validate_text": "cecompetency.files",
    "version_key": "cecompetency.refs",
    "write_atomic": "cecompetency.atomic",
}

__all__ = [
    "Carried",
    "CecompetencyError",
    "CrosswalkError",
    "Dropped",
    "Evaluation",
    "Expectation",
    "FileExistsRefusal",
    "Framework",
    "FrameworkError",
    "Gap",
    "Issue",
    "Item",
    "Level",
    "LevelMatrix",
    "LevelScale",
    "Limits",
    "MatrixPendingError",
    "MatrixStatus",
    "ModelError",
    "NotFoundError",
    "Profile",
    "ProfileError",
    "Publisher",
    "Reason",
    "Ref",
    "RefError",
    "Registry",
    "Role",
    "RoleMapping",
    "ScaleMapping",
    "Severity",
    "Source",
    "Status",
    "Translation",
    "ValidationError",
    "__version__",
    "available",
    "default_registry",
    "dump_file",
    "dumps",
    "evaluate",
    "framework_from_data",
    "framework_to_data",
    "gaps",
    "load",
    "load_file",
    "loads",
    "parse_ref",
    "schema",
    "schema_text",
    "suggest",
    "translate_profile",
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
