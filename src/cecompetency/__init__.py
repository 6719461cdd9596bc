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
    from cecompetency.analysis.comparison import (
        Comparison,
        compare,
    )
    from cecompetency.analysis.merge import (
        Merged,
        merge_crosswalks,
    )
    from cecompetency.analysis.profiles import (
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
    from cecompetency.analysis.search import (
        Hit,
        find,
    )
    from cecompetency.analysis.suggestions import (
        Evaluation,
        evaluate,
        suggest,
    )
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
    from cecompetency.files.atomic import FileExistsRefusal, write_atomic
    from cecompetency.files.codec import framework_from_data, framework_to_data
    from cecompetency.files.crosswalk_files import (
        check_crosswalk_data,
        crosswalk_from_data,
        crosswalk_to_data,
        dump_crosswalk_file,
        dumps_crosswalk,
        load_crosswalk_file,
        loads_crosswalk,
    )
    from cecompetency.files.framework_files import (
        dump_file,
        dumps,
        load_file,
        loads,
        validate_file,
        validate_text,
    )
    from cecompetency.files.registry import Registry, available, default_registry, load
    from cecompetency.files.schemas import schema, schema_text
    from cecompetency.files.yaml_reader import Limits
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
    from cecompetency.graph.competency_graph import (
        Cardinality,
        CompetencyGraph,
        Conflict,
        ConflictKind,
        Counterpart,
        CoverageReport,
    )
    from cecompetency.model.crosswalk import (
        Crosswalk,
        Justification,
        Mapping,
    )
    from cecompetency.model.errors import (
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
    from cecompetency.model.framework import (
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
    from cecompetency.model.refs import Ref, parse_ref, version_key
    from cecompetency.model.relations import (
        RELATIONS,
        Relation,
    )


__version__ = "0.1.0"

# Names load on first use, so that `cecompetency --help` does not pay for jsonschema.
_LAZY = {
    "Bump": "cecompetency.changes",
    "Cardinality": "cecompetency.graph.competency_graph",
    "Carried": "cecompetency.analysis.profiles",
    "CaseImport": "cecompetency.formats.case",
    "CecompetencyError": "cecompetency.model.errors",
    "Change": "cecompetency.changes",
    "ChangeKind": "cecompetency.changes",
    "Comparison": "cecompetency.analysis.comparison",
    "CompetencyGraph": "cecompetency.graph.competency_graph",
    "Conflict": "cecompetency.graph.competency_graph",
    "ConflictKind": "cecompetency.graph.competency_graph",
    "Counterpart": "cecompetency.graph.competency_graph",
    "CoverageReport": "cecompetency.graph.competency_graph",
    "Crosswalk": "cecompetency.model.crosswalk",
    "CrosswalkError": "cecompetency.model.errors",
    "CtdlImport": "cecompetency.formats.ctdl",
    "DiffError": "cecompetency.changes",
    "Dropped": "cecompetency.analysis.profiles",
    "Evaluation": "cecompetency.analysis.suggestions",
    "Expectation": "cecompetency.model.framework",
    "FileExistsRefusal": "cecompetency.files.atomic",
    "Framework": "cecompetency.model.framework",
    "FrameworkDiff": "cecompetency.changes",
    "FrameworkError": "cecompetency.model.errors",
    "Gap": "cecompetency.analysis.profiles",
    "Hit": "cecompetency.analysis.search",
    "Impact": "cecompetency.changes",
    "Imported": "cecompetency.formats._input",
    "Issue": "cecompetency.model.errors",
    "Item": "cecompetency.model.framework",
    "Justification": "cecompetency.model.crosswalk",
    "Level": "cecompetency.model.framework",
    "LevelMatrix": "cecompetency.model.framework",
    "LevelScale": "cecompetency.model.framework",
    "Limits": "cecompetency.files.yaml_reader",
    "Mapping": "cecompetency.model.crosswalk",
    "MatrixPendingError": "cecompetency.analysis.profiles",
    "MatrixStatus": "cecompetency.model.framework",
    "Merged": "cecompetency.analysis.merge",
    "Migration": "cecompetency.changes",
    "ModelError": "cecompetency.model.errors",
    "NotFoundError": "cecompetency.model.errors",
    "Profile": "cecompetency.analysis.profiles",
    "ProfileError": "cecompetency.analysis.profiles",
    "Publisher": "cecompetency.model.framework",
    "RELATIONS": "cecompetency.model.relations",
    "Reason": "cecompetency.analysis.profiles",
    "Ref": "cecompetency.model.refs",
    "RefError": "cecompetency.model.errors",
    "Registry": "cecompetency.files.registry",
    "Relation": "cecompetency.model.relations",
    "Role": "cecompetency.model.framework",
    "RoleMapping": "cecompetency.analysis.profiles",
    "ScaleMapping": "cecompetency.analysis.profiles",
    "Severity": "cecompetency.model.errors",
    "Source": "cecompetency.model.framework",
    "Status": "cecompetency.model.framework",
    "Thresholds": "cecompetency.changes",
    "Translation": "cecompetency.analysis.profiles",
    "ValidationError": "cecompetency.model.errors",
    "VersionCheck": "cecompetency.changes",
    "available": "cecompetency.files.registry",
    "check_crosswalk_data": "cecompetency.files.crosswalk_files",
    "check_version": "cecompetency.changes",
    "compare": "cecompetency.analysis.comparison",
    "crosswalk_from_data": "cecompetency.files.crosswalk_files",
    "crosswalk_from_sssom": "cecompetency.formats.sssom",
    "crosswalk_markdown": "cecompetency.formats.crosswalk_markdown",
    "crosswalk_to_data": "cecompetency.files.crosswalk_files",
    "crosswalk_to_sssom": "cecompetency.formats.sssom",
    "default_registry": "cecompetency.files.registry",
    "diff": "cecompetency.changes",
    "dump_crosswalk_file": "cecompetency.files.crosswalk_files",
    "dump_file": "cecompetency.files.framework_files",
    "dumps": "cecompetency.files.framework_files",
    "dumps_crosswalk": "cecompetency.files.crosswalk_files",
    "evaluate": "cecompetency.analysis.suggestions",
    "find": "cecompetency.analysis.search",
    "framework_from_case": "cecompetency.formats.case",
    "framework_from_csv": "cecompetency.formats.csv",
    "framework_from_ctdl": "cecompetency.formats.ctdl",
    "framework_from_data": "cecompetency.files.codec",
    "framework_from_json": "cecompetency.formats.json",
    "framework_from_moodle": "cecompetency.formats.moodle",
    "framework_to_case": "cecompetency.formats.case",
    "framework_to_csv": "cecompetency.formats.csv",
    "framework_to_ctdl": "cecompetency.formats.ctdl",
    "framework_to_data": "cecompetency.files.codec",
    "framework_to_json": "cecompetency.formats.json",
    "framework_to_moodle": "cecompetency.formats.moodle",
    "framework_to_skos": "cecompetency.formats.skos",
    "gaps": "cecompetency.analysis.profiles",
    "graph_to_graphml": "cecompetency.formats.graphml",
    "graph_to_node_link": "cecompetency.formats.graphml",
    "load": "cecompetency.files.registry",
    "load_crosswalk_file": "cecompetency.files.crosswalk_files",
    "load_file": "cecompetency.files.framework_files",
    "loads": "cecompetency.files.framework_files",
    "loads_crosswalk": "cecompetency.files.crosswalk_files",
    "merge_crosswalks": "cecompetency.analysis.merge",
    "migrate": "cecompetency.changes",
    "parse_ref": "cecompetency.model.refs",
    "schema": "cecompetency.files.schemas",
    "schema_text": "cecompetency.files.schemas",
    "suggest": "cecompetency.analysis.suggestions",
    "translate_profile": "cecompetency.analysis.profiles",
    "validate_file": "cecompetency.files.framework_files",
    "validate_text": "cecompetency.files.framework_files",
    "version_key": "cecompetency.model.refs",
    "write_atomic": "cecompetency.files.atomic",
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
