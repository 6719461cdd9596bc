"""The shape of a CASE 1.1 CFPackage, as a JSON Schema the strict importer checks.

Written from the 1EdTech CASE 1.1 specification's class tables (required properties,
types, ``uuid`` and ``date-time`` formats, no properties beyond those listed except
under ``extensions``), so that strict import accepts what the official CFPackage schema
accepts without shipping that file. The test suite checks the two agree.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ASSOCIATION_TYPES", "CASE_1_0_SCHEMA", "CASE_SCHEMA", "PROPERTIES"]

ASSOCIATION_TYPES = (
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
)
# CASE's extension convention: a name with the 'ext:' prefix (the standard's own pattern
# is unanchored, and so is this one).
_EXT_NAME = "(ext:)[a-zA-Z0-9|._]+"

_S: dict[str, Any] = {"type": "string"}
_UUID: dict[str, Any] = {"type": "string", "format": "uuid"}
_WHEN: dict[str, Any] = {"type": "string", "format": "date-time"}
_DATE: dict[str, Any] = {"type": "string", "format": "date"}
_INT: dict[str, Any] = {"type": "integer"}
_NUM: dict[str, Any] = {"type": "number"}
_EXTENSIONS: dict[str, Any] = {"type": "object"}
_STRINGS: dict[str, Any] = {"type": "array", "items": _S}


def _object(required: list[str], properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _many(schema: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": schema}


def _extensible(*names: str) -> dict[str, Any]:
    return {"type": "string", "anyOf": [{"enum": list(names)}, {"pattern": _EXT_NAME}]}


_LINK = _object(["title", "identifier", "uri"], {"title": _S, "identifier": _UUID, "uri": _S})
_LINK_GEN = _object(
    ["title", "identifier", "uri"],
    {"title": _S, "identifier": _S, "uri": _S, "targetType": _extensible("CASE")},
)
_BASE = {"identifier": _UUID, "uri": _S, "lastChangeDateTime": _WHEN}
_REQUIRED_BASE = ["identifier", "uri", "lastChangeDateTime"]

_DOCUMENT = _object(
    [*_REQUIRED_BASE, "creator", "title"],
    {
        **_BASE,
        "frameworkType": _S,
        "caseVersion": {"type": "string", "enum": ["1.1"]},
        "creator": _S,
        "title": _S,
        "officialSourceURL": _S,
        "publisher": _S,
        "description": _S,
        "subject": _STRINGS,
        "subjectURI": _many(_LINK),
        "language": _S,
        "version": _S,
        "adoptionStatus": _S,
        "statusStartDate": _DATE,
        "statusEndDate": _DATE,
        "licenseURI": _LINK,
        "notes": _S,
        "extensions": _EXTENSIONS,
    },
)
_ITEM = _object(
    [*_REQUIRED_BASE, "fullStatement"],
    {
        **_BASE,
        "fullStatement": _S,
        "alternativeLabel": _S,
        "CFItemType": _S,
        "humanCodingScheme": _S,
        "listEnumeration": _S,
        "abbreviatedStatement": _S,
        "conceptKeywords": _STRINGS,
        "conceptKeywordsURI": _LINK,
        "notes": _S,
        "subject": _STRINGS,
        "subjectURI": _many(_LINK),
        "language": _S,
        "educationLevel": _STRINGS,
        "CFItemTypeURI": _LINK,
        "licenseURI": _LINK,
        "statusStartDate": _DATE,
        "statusEndDate": _DATE,
        "extensions": _EXTENSIONS,
    },
)
_ASSOCIATION = _object(
    [*_REQUIRED_BASE, "associationType", "originNodeURI", "destinationNodeURI"],
    {
        **_BASE,
        "associationType": _extensible(*ASSOCIATION_TYPES),
        "sequenceNumber": _INT,
        "originNodeURI": _LINK_GEN,
        "destinationNodeURI": _LINK_GEN,
        "CFAssociationGroupingURI": _LINK,
        "notes": _S,
        "extensions": _EXTENSIONS,
    },
)
_DEFINITIONS = _object(
    [],
    {
        "CFConcepts": _many(
            _object(
                [*_REQUIRED_BASE, "title", "hierarchyCode"],
                {
                    **_BASE,
                    "title": _S,
                    "keywords": _S,
                    "hierarchyCode": _S,
                    "description": _S,
                    "extensions": _EXTENSIONS,
                },
            )
        ),
        "CFSubjects": _many(
            _object(
                [*_REQUIRED_BASE, "title", "hierarchyCode"],
                {
                    **_BASE,
                    "title": _S,
                    "hierarchyCode": _S,
                    "description": _S,
                    "extensions": _EXTENSIONS,
                },
            )
        ),
        "CFLicenses": _many(
            _object(
                [*_REQUIRED_BASE, "title", "licenseText"],
                {
                    **_BASE,
                    "title": _S,
                    "description": _S,
                    "licenseText": _S,
                    "extensions": _EXTENSIONS,
                },
            )
        ),
        "CFItemTypes": _many(
            _object(
                [*_REQUIRED_BASE, "title", "description", "hierarchyCode"],
                {
                    **_BASE,
                    "title": _S,
                    "description": _S,
                    "hierarchyCode": _S,
                    "typeCode": _S,
                    "extensions": _EXTENSIONS,
                },
            )
        ),
        "CFAssociationGroupings": _many(
            _object(
                [*_REQUIRED_BASE, "title"],
                {**_BASE, "title": _S, "description": _S, "extensions": _EXTENSIONS},
            )
        ),
        "extensions": _EXTENSIONS,
    },
)
_LEVEL = _object(
    _REQUIRED_BASE,
    {
        **_BASE,
        "description": _S,
        "quality": _S,
        "score": _NUM,
        "feedback": _S,
        "position": _INT,
        "rubricCriterionId": _UUID,
        "extensions": _many(_EXTENSIONS),
    },
)
_CRITERION = _object(
    _REQUIRED_BASE,
    {
        **_BASE,
        "category": _S,
        "description": _S,
        "CFItemURI": _LINK,
        "weight": _NUM,
        "position": _INT,
        "rubricId": _UUID,
        "CFRubricCriterionLevels": _many(_LEVEL),
        "extensions": _EXTENSIONS,
    },
)
_RUBRIC = _object(
    _REQUIRED_BASE,
    {
        **_BASE,
        "title": _S,
        "description": _S,
        "CFRubricCriteria": _many(_CRITERION),
        "extensions": _EXTENSIONS,
    },
)

CASE_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_object(
        ["CFDocument"],
        {
            "CFDocument": _DOCUMENT,
            "CFItems": _many(_ITEM),
            "CFAssociations": _many(_ASSOCIATION),
            "CFDefinitions": _DEFINITIONS,
            "CFRubrics": _many(_RUBRIC),
            "extensions": _EXTENSIONS,
        },
    ),
}


def _with(schema: dict[str, Any], drop: tuple[str, ...], **extra: Any) -> dict[str, Any]:
    properties = {k: v for k, v in schema["properties"].items() if k not in drop}
    return {**schema, "properties": {**properties, **extra}}


# CASE 1.0 (2017), as real 1.0 servers write it: the document links to its package
# (``CFPackageURI``), items and associations link to their document (``CFDocumentURI``),
# and there is no ``caseVersion`` (1.1 added it). Everything else 1.0 and 1.1 share.
CASE_1_0_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    **_object(
        ["CFDocument"],
        {
            "CFDocument": _with(_DOCUMENT, ("caseVersion",), CFPackageURI=_LINK),
            "CFItems": _many(_with(_ITEM, (), CFDocumentURI=_LINK)),
            "CFAssociations": _many(_with(_ASSOCIATION, (), CFDocumentURI=_LINK)),
            "CFDefinitions": _DEFINITIONS,
            "CFRubrics": _many(_RUBRIC),
            "extensions": _EXTENSIONS,
        },
    ),
}

# Each CASE 1.1 class's properties (and required ones), for writing kept values back.
PROPERTIES: dict[str, dict[str, Any]] = {
    "CFDocument": _DOCUMENT,
    "CFItem": _ITEM,
    "CFAssociation": _ASSOCIATION,
    "LinkGenURI": _LINK_GEN,
    **{
        name: schema["items"]
        for name, schema in _DEFINITIONS["properties"].items()
        if name != "extensions"
    },
    "CFRubric": _RUBRIC,
}
