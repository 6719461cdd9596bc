"""cecompetency: competency frameworks for continuing-education professionals, as software.

Typed, immutable frameworks loaded from validated YAML; cross-maps between frameworks
as a networkx graph; diffs between versions. Start with::

    >>> import cecompetency
    >>> alliance = cecompetency.load("alliance@2008")
    >>> len(alliance.competencies)
    48

This module is the public API: the names a user looks for, each kept in the subpackage
that holds its concept (``model``, ``files``, ``changes``, ``graph``, ``analysis``,
``formats``, ``views``), where everything else stays importable.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cecompetency.model import display as _display

__version__ = "0.1.0"

# The public API, in one table: each name and the module that defines it. Names load on
# first use, so that `cecompetency --help` does not pay for jsonschema or networkx.
_PUBLIC: dict[str, str] = {
    # The model
    "Framework": "cecompetency.model.framework",
    "Item": "cecompetency.model.framework",
    "Publisher": "cecompetency.model.framework",
    "Source": "cecompetency.model.framework",
    "Status": "cecompetency.model.framework",
    # The model
    "Level": "cecompetency.model.levels",
    "LevelScale": "cecompetency.model.levels",
    "Role": "cecompetency.model.levels",
    "LevelMatrix": "cecompetency.model.levels",
    "Expectation": "cecompetency.model.levels",
    "MatrixStatus": "cecompetency.model.levels",
    # The model
    "Crosswalk": "cecompetency.model.crosswalk",
    "Mapping": "cecompetency.model.crosswalk",
    "Justification": "cecompetency.model.crosswalk",
    # The model
    "Relation": "cecompetency.model.relations",
    # The model
    "Ref": "cecompetency.model.refs",
    "parse_ref": "cecompetency.model.refs",
    # Errors
    "CecompetencyError": "cecompetency.model.errors",
    "ValidationError": "cecompetency.model.errors",
    "FrameworkError": "cecompetency.model.errors",
    "NotFoundError": "cecompetency.model.errors",
    "RefError": "cecompetency.model.errors",
    "ModelError": "cecompetency.model.errors",
    "MatrixPendingError": "cecompetency.model.errors",
    "Issue": "cecompetency.model.errors",
    "Severity": "cecompetency.model.errors",
    # Files
    "Registry": "cecompetency.files.registry",
    "default_registry": "cecompetency.files.registry",
    "load": "cecompetency.files.registry",
    "load_crosswalk": "cecompetency.files.registry",
    "available": "cecompetency.files.registry",
    # Files
    "loads": "cecompetency.files.framework_files",
    "load_file": "cecompetency.files.framework_files",
    "dumps": "cecompetency.files.framework_files",
    "dump_file": "cecompetency.files.framework_files",
    # Files
    "loads_crosswalk": "cecompetency.files.crosswalk_files",
    "load_crosswalk_file": "cecompetency.files.crosswalk_files",
    # Files
    "dumps_crosswalk": "cecompetency.files.crosswalk_codec",
    "dump_crosswalk_file": "cecompetency.files.crosswalk_codec",
    # Files
    "validate_text": "cecompetency.files.validation",
    "validate_file": "cecompetency.files.validation",
    # Files
    "schema": "cecompetency.files.schemas",
    # Changes
    "diff": "cecompetency.changes",
    "ChangeKind": "cecompetency.changes",
    "Impact": "cecompetency.changes",
    "Bump": "cecompetency.changes",
    "check_version": "cecompetency.changes",
    "migrate": "cecompetency.changes",
    # The graph
    "CompetencyGraph": "cecompetency.graph",
    # Analysis
    "compare": "cecompetency.analysis.comparison",
    # Analysis
    "find": "cecompetency.analysis.search",
    # Analysis
    "suggest": "cecompetency.analysis.suggestions",
    # Analysis
    "merge_crosswalks": "cecompetency.analysis.merge",
    # Analysis
    "Profile": "cecompetency.analysis.profiles",
    "gaps": "cecompetency.analysis.profiles",
    "translate_profile": "cecompetency.analysis.profiles",
    # Formats
    "import_framework": "cecompetency.formats.catalog",
    "export_framework": "cecompetency.formats.catalog",
    "import_crosswalk": "cecompetency.formats.catalog",
    "export_crosswalk": "cecompetency.formats.catalog",
}

__all__ = ["__version__", *_PUBLIC]

# The same names for type checkers, which cannot read the table; a test holds the two equal.
if TYPE_CHECKING:
    from cecompetency.analysis.comparison import compare as compare
    from cecompetency.analysis.merge import merge_crosswalks as merge_crosswalks
    from cecompetency.analysis.profiles import Profile as Profile
    from cecompetency.analysis.profiles import gaps as gaps
    from cecompetency.analysis.profiles import translate_profile as translate_profile
    from cecompetency.analysis.search import find as find
    from cecompetency.analysis.suggestions import suggest as suggest
    from cecompetency.changes import Bump as Bump
    from cecompetency.changes import ChangeKind as ChangeKind
    from cecompetency.changes import Impact as Impact
    from cecompetency.changes import check_version as check_version
    from cecompetency.changes import diff as diff
    from cecompetency.changes import migrate as migrate
    from cecompetency.files.crosswalk_codec import dump_crosswalk_file as dump_crosswalk_file
    from cecompetency.files.crosswalk_codec import dumps_crosswalk as dumps_crosswalk
    from cecompetency.files.crosswalk_files import load_crosswalk_file as load_crosswalk_file
    from cecompetency.files.crosswalk_files import loads_crosswalk as loads_crosswalk
    from cecompetency.files.framework_files import dump_file as dump_file
    from cecompetency.files.framework_files import dumps as dumps
    from cecompetency.files.framework_files import load_file as load_file
    from cecompetency.files.framework_files import loads as loads
    from cecompetency.files.registry import Registry as Registry
    from cecompetency.files.registry import available as available
    from cecompetency.files.registry import default_registry as default_registry
    from cecompetency.files.registry import load as load
    from cecompetency.files.registry import load_crosswalk as load_crosswalk
    from cecompetency.files.schemas import schema as schema
    from cecompetency.files.validation import validate_file as validate_file
    from cecompetency.files.validation import validate_text as validate_text
    from cecompetency.formats.catalog import export_crosswalk as export_crosswalk
    from cecompetency.formats.catalog import export_framework as export_framework
    from cecompetency.formats.catalog import import_crosswalk as import_crosswalk
    from cecompetency.formats.catalog import import_framework as import_framework
    from cecompetency.graph import CompetencyGraph as CompetencyGraph
    from cecompetency.model.crosswalk import Crosswalk as Crosswalk
    from cecompetency.model.crosswalk import Justification as Justification
    from cecompetency.model.crosswalk import Mapping as Mapping
    from cecompetency.model.errors import CecompetencyError as CecompetencyError
    from cecompetency.model.errors import FrameworkError as FrameworkError
    from cecompetency.model.errors import Issue as Issue
    from cecompetency.model.errors import MatrixPendingError as MatrixPendingError
    from cecompetency.model.errors import ModelError as ModelError
    from cecompetency.model.errors import NotFoundError as NotFoundError
    from cecompetency.model.errors import RefError as RefError
    from cecompetency.model.errors import Severity as Severity
    from cecompetency.model.errors import ValidationError as ValidationError
    from cecompetency.model.framework import Framework as Framework
    from cecompetency.model.framework import Item as Item
    from cecompetency.model.framework import Publisher as Publisher
    from cecompetency.model.framework import Source as Source
    from cecompetency.model.framework import Status as Status
    from cecompetency.model.levels import Expectation as Expectation
    from cecompetency.model.levels import Level as Level
    from cecompetency.model.levels import LevelMatrix as LevelMatrix
    from cecompetency.model.levels import LevelScale as LevelScale
    from cecompetency.model.levels import MatrixStatus as MatrixStatus
    from cecompetency.model.levels import Role as Role
    from cecompetency.model.refs import Ref as Ref
    from cecompetency.model.refs import parse_ref as parse_ref
    from cecompetency.model.relations import Relation as Relation

# Notebook display: the model asks a table that the views fill; load them on first display.
_display.set_loader(lambda: importlib.import_module("cecompetency.views.notebook"))


def __getattr__(name: str) -> Any:
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'cecompetency' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
