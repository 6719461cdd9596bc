"""The cross-map graph: frameworks and crosswalks as one networkx graph, the relations it
infers, and the answers it gives (counterparts, coverage, conflicts, paths).
"""

from __future__ import annotations

from cecompetency.graph.answers import (
    AreaCoverage,
    Cardinality,
    Conflict,
    ConflictKind,
    Counterpart,
    CoverageReport,
    MappingPath,
    Step,
)
from cecompetency.graph.competency_graph import DEFAULT_MAX_HOPS, CompetencyGraph

__all__ = [
    "DEFAULT_MAX_HOPS",
    "AreaCoverage",
    "Cardinality",
    "CompetencyGraph",
    "Conflict",
    "ConflictKind",
    "Counterpart",
    "CoverageReport",
    "MappingPath",
    "Step",
]
