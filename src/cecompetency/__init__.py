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
    from cecompetency.changes import (
        Bump,
        Change,
        ChangeKind,
        DiffError,
        FrameworkDiff,
        Impact,
        Migration,
        Thresholds,
        VersionCheck,
        check_version,
        diff,
        migrate,
    )
    from cecompetency.codec import framework_from_data, framework_to_data
    from cecompetency.comparison import (
        Comparison,
        compare,
    )
    from cecompetency.crosswalk import (
        Crosswalk,
        Justification,
        Mapping,
    )
    from cecompetency.crosswalk_files import (
        check_crosswalk_data,
        crosswalk_from_data,
        crosswalk_to_data,
        dump_crosswalk_file,
        dumps_crosswalk,
        load_crosswalk_file,
        loads_crosswalk,
    )
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
    from cecompetency.formats._input import (
        Imported,
    )
    from cecompetency.formats.case import (
        CaseImport,
        framework_from_case,
        framework_to_case,
    )
    from cecompetency.formats.crosswalk_markdown import (
        crosswalk_markdown,
    )
    from cecompetency.formats.csv import (
        framework_from_csv,
        framework_to_csv,
    )
    from cecompetency.formats.ctdl import (
        CtdlImport,
        framework_from_ctdl,
        framework_to_ctdl,
    )
    from cecompetency.formats.graphml import (
        graph_to_graphml,
        graph_to_node_link,
    )
    from cecompetency.formats.json import (
        framework_from_json,
        framework_to_json,
    )
    from cecompetency.formats.moodle import (
        framework_from_moodle,
        framework_to_moodle,
    )
    from cecompetency.formats.skos import (
        framework_to_skos,
    )
    from cecompetency.formats.sssom import (
        crosswalk_from_sssom,
        crosswalk_to_sssom,
    )
    from cecompetency.graph import (
        Cardinality,
        CompetencyGraph,
        Conflict,
        ConflictKind,
        Counterpart,
        CoverageReport,
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
    from cecompetency.merge import (
        Merged,
        merge_crosswalks,
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
    from cecompetency.query import (
        Hit,
        find,
    )
    from cecompetency.refs import Ref, parse_ref, version_key
    from cecompetency.registry import Registry, available, default_registry, load
    from cecompetency.relations import (
        RELATIONS,
        Relation,
    )
    from cecompetency.schemas import schema, schema_text
    from cecompetency.suggestions import (
        Evaluation,
        evaluate,
        suggest,
    )


__version__ = "0.1.0"

# Names load on first use, so that `cecompetency --help` does not pay for jsonschema.
_LAZY = {
    "Bump": "cecompetency.changes",
    "Cardinality": "cecompetency.graph",
    "Carried": "cecompetency.levels",
    "CaseImport": "cecompetency.formats.case",
    "CecompetencyError": "cecompetency.errors",
    "Change": "cecompetency.changes",
    "ChangeKind": "cecompetency.changes",
    "Comparison": "cecompetency.comparison",
    "CompetencyGraph": "cecompetency.graph",
    "Conflict": "cecompetency.graph",
    "ConflictKind": "cecompetency.graph",
    "Counterpart": "cecompetency.graph",
    "CoverageReport": "cecompetency.graph",
    "Crosswalk": "cecompetency.crosswalk",
    "CrosswalkError": "cecompetency.errors",
    "CtdlImport": "cecompetency.formats.ctdl",
    "DiffError": "cecompetency.changes",
    "Dropped": "cecompetency.levels",
    "Evaluation": "cecompetency.suggestions",
    "Expectation": "cecompetency.model",
    "FileExistsRefusal": "cecompetency.atomic",
    "Framework": "cecompetency.model",
    "FrameworkDiff": "cecompetency.changes",
    "FrameworkError": "cecompetency.errors",
    "Gap": "cecompetency.levels",
    "Hit": "cecompetency.query",
    "Impact": "cecompetency.changes",
    "Imported": "cecompetency.formats._input",
    "Issue": "cecompetency.errors",
    "Item": "cecompetency.model",
    "Justification": "cecompetency.crosswalk",
    "Level": "cecompetency.model",
    "LevelMatrix": "cecompetency.model",
    "LevelScale": "cecompetency.model",
    "Limits": "cecompetency._yaml",
    "Mapping": "cecompetency.crosswalk",
    "MatrixPendingError": "cecompetency.levels",
    "MatrixStatus": "cecompetency.model",
    "Merged": "cecompetency.merge",
    "Migration": "cecompetency.changes",
    "ModelError": "cecompetency.errors",
    "NotFoundError": "cecompetency.errors",
    "Profile": "cecompetency.levels",
    "ProfileError": "cecompetency.levels",
    "Publisher": "cecompetency.model",
    "RELATIONS": "cecompetency.relations",
    "Reason": "cecompetency.levels",
    "Ref": "cecompetency.refs",
    "RefError": "cecompetency.errors",
    "Registry": "cecompetency.registry",
    "Relation": "cecompetency.relations",
    "Role": "cecompetency.model",
    "RoleMapping": "cecompetency.levels",
    "ScaleMapping": "cecompetency.levels",
    "Severity": "cecompetency.errors",
    "Source": "cecompetency.model",
    "Status": "cecompetency.model",
    "Thresholds": "cecompetency.changes",
    "Translation": "cecompetency.levels",
    "ValidationError": "cecompetency.errors",
    "VersionCheck": "cecompetency.changes",
    "available": "cecompetency.registry",
    "check_crosswalk_data": "cecompetency.crosswalk_files",
    "check_version": "cecompetency.changes",
    "compare": "cecompetency.comparison",
    "crosswalk_from_data": "cecompetency.crosswalk_files",
    "crosswalk_from_sssom": "cecompetency.formats.sssom",
    "crosswalk_markdown": "cecompetency.formats.crosswalk_markdown",
    "crosswalk_to_data": "cecompetency.crosswalk_files",
    "crosswalk_to_sssom": "cecompetency.formats.sssom",
    "default_registry": "cecompetency.registry",
    "diff": "cecompetency.changes",
    "dump_crosswalk_file": "cecompetency.crosswalk_files",
    "dump_file": "cecompetency.files",
    "dumps": "cecompetency.files",
    "dumps_crosswalk": "cecompetency.crosswalk_files",
    "evaluate": "cecompetency.suggestions",
    "find": "cecompetency.query",
    "framework_from_case": "cecompetency.formats.case",
    "framework_from_csv": "cecompetency.formats.csv",
    "framework_from_ctdl": "cecompetency.formats.ctdl",
    "framework_from_data": "cecompetency.codec",
    "framework_from_json": "cecompetency.formats.json",
    "framework_from_moodle": "cecompetency.formats.moodle",
    "framework_to_case": "cecompetency.formats.case",
    "framework_to_csv": "cecompetency.formats.csv",
    "framework_to_ctdl": "cecompetency.formats.ctdl",
    "framework_to_data": "cecompetency.codec",
    "framework_to_json": "cecompetency.formats.json",
    "framework_to_moodle": "cecompetency.formats.moodle",
    "framework_to_skos": "cecompetency.formats.skos",
    "gaps": "cecompetency.levels",
    "graph_to_graphml": "cecompetency.formats.graphml",
    "graph_to_node_link": "cecompetency.formats.graphml",
    "load": "cecompetency.registry",
    "load_crosswalk_file": "cecompetency.crosswalk_files",
    "load_file": "cecompetency.files",
    "loads": "cecompetency.files",
    "loads_crosswalk": "cecompetency.crosswalk_files",
    "merge_crosswalks": "cecompetency.merge",
    "migrate": "cecompetency.changes",
    "parse_ref": "cecompetency.refs",
    "schema": "cecompetency.schemas",
    "schema_text": "cecompetency.schemas",
    "suggest": "cecompetency.suggestions",
    "translate_profile": "cecompetency.levels",
    "validate_file": "cecompetency.files",
    "validate_text": "cecompetency.files",
    "version_key": "cecompetency.refs",
    "write_atomic": "cecompetency.atomic",
}

__all__ = [
    "RELATIONS",
    "Bump",
    "Cardinality",
    "Carried",
    "CaseImport",
    "CecompetencyError",
    "Change",
    "ChangeKind",
    "Comparison",
    "CompetencyGraph",
    "Conflict",
    "ConflictKind",
    "Counterpart",
    "CoverageReport",
    "Crosswalk",
    "CrosswalkError",
    "CtdlImport",
    "DiffError",
    "Dropped",
    "Evaluation",
    "Expectation",
    "FileExistsRefusal",
    "Framework",
    "FrameworkDiff",
    "FrameworkError",
    "Gap",
    "Hit",
    "Impact",
    "Imported",
    "Issue",
    "Item",
    "Justification",
    "Level",
    "LevelMatrix",
    "LevelScale",
    "Limits",
    "Mapping",
    "MatrixPendingError",
    "MatrixStatus",
    "Merged",
    "Migration",
    "ModelError",
    "NotFoundError",
    "Profile",
    "ProfileError",
    "Publisher",
    "Reason",
    "Ref",
    "RefError",
    "Registry",
    "Relation",
    "Role",
    "RoleMapping",
    "ScaleMapping",
    "Severity",
    "Source",
    "Status",
    "Thresholds",
    "Translation",
    "ValidationError",
    "VersionCheck",
    "__version__",
    "available",
    "check_crosswalk_data",
    "check_version",
    "compare",
    "crosswalk_from_data",
    "crosswalk_from_sssom",
    "crosswalk_markdown",
    "crosswalk_to_data",
    "crosswalk_to_sssom",
    "default_registry",
    "diff",
    "dump_crosswalk_file",
    "dump_file",
    "dumps",
    "dumps_crosswalk",
    "evaluate",
    "find",
    "framework_from_case",
    "framework_from_csv",
    "framework_from_ctdl",
    "framework_from_data",
    "framework_from_json",
    "framework_from_moodle",
    "framework_to_case",
    "framework_to_csv",
    "framework_to_ctdl",
    "framework_to_data",
    "framework_to_json",
    "framework_to_moodle",
    "framework_to_skos",
    "gaps",
    "graph_to_graphml",
    "graph_to_node_link",
    "load",
    "load_crosswalk_file",
    "load_file",
    "loads",
    "loads_crosswalk",
    "merge_crosswalks",
    "migrate",
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
