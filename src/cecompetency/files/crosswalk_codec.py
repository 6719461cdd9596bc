"""A crosswalk document to a :class:`~cecompetency.model.crosswalk.Crosswalk` and back.

Reading is two-speed, as for frameworks: the document is read and checked without
positions, and read again with positions only when something is wrong. Reading resolves
short references (``alliance:7.6``) against ``frameworks`` and applies ``defaults``; a
subject or object written as a full URI, or as a CURIE of a prefix that ``prefixes``
declares (and that is no listed framework's id), is an
:class:`~cecompetency.model.external.ExternalConcept`, labelled by ``subject_label`` or
``object_label``. Writing gives every reference in full and every field on every mapping
(labels included), with no ``defaults`` block, so that
``read_crosswalk(dumps_crosswalk(x), ...) == x``.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cecompetency.files.atomic import write_atomic
from cecompetency.files.checks import Rule, check_source
from cecompetency.files.crosswalk_checks import FrameworkSource, check_crosswalk_rules
from cecompetency.files.gc_pause import paused_gc
from cecompetency.files.reading import read_bytes
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.files.yaml_writer import dump_yaml
from cecompetency.model.crosswalk import Crosswalk, Justification, Mapping, MappingEnd, end_label
from cecompetency.model.errors import (
    CrosswalkError,
    Issue,
    ModelError,
    RefError,
    ValidationError,
)
from cecompetency.model.external import ExternalConcept, reads_as_external
from cecompetency.model.fields import require, require_path
from cecompetency.model.refs import Ref, parse_ref
from cecompetency.model.relations import Relation

if TYPE_CHECKING:
    pass

__all__ = [
    "CROSSWALK_FORMAT",
    "crosswalk_from_data",
    "crosswalk_rules",
    "crosswalk_to_data",
    "dump_crosswalk_file",
    "dumps_crosswalk",
    "read_crosswalk",
    "read_crosswalk_file",
]

CROSSWALK_FORMAT = "cecompetency-crosswalk/1"

_RELATION_OF = {relation.value: relation for relation in Relation}
_JUSTIFICATION_OF = {j.value: j for j in Justification}
_MAPPING_KEYS = frozenset(
    {"subject", "relation", "object", "negated", "confidence", "justification"}
    | {"comment", "author", "date", "subject_label", "object_label"}
)


def _date(value: str | None) -> datetime.date | None:
    return None if value is None else datetime.date.fromisoformat(value)


def _extensions(data: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in data.items() if key.startswith("x-")}


def crosswalk_from_data(data: dict[str, Any], source: str | None = None) -> Crosswalk:
    """Build a :class:`Crosswalk` from a checked document.

    Short references are resolved against ``frameworks`` and ``defaults`` fill the fields
    a mapping leaves out. Each mapping's ``source`` is set to ``source``, by default the
    crosswalk's own reference text (``id@version``).
    """
    frameworks = [parse_ref(text) for text in data["frameworks"]]
    versions: dict[str, list[str]] = {}
    for ref in frameworks:
        versions.setdefault(ref.framework, []).append(ref.version or "")
    origin = source if source is not None else f"{data['id']}@{data['version']}"
    prefixes: dict[str, str] = data.get("prefixes", {})
    defaults: dict[str, Any] = data.get("defaults", {})
    refs: dict[str, Ref] = {}  # the same references recur; parse each text once

    def full(text: str) -> Ref:
        ref = refs.get(text)
        if ref is None:
            ref = parse_ref(text)
            if ref.version is None:
                listed = versions.get(ref.framework, [])
                if len(listed) != 1:
                    raise CrosswalkError(
                        [Issue("CE403", f"{text!r} does not name one listed framework version")]
                    )
                ref = ref.with_version(listed[0])
            refs[text] = ref
        return ref

    items: dict[str, Ref] = {}  # the texts that name items, as read: most recur

    def end(text: str, label: str | None) -> MappingEnd:
        ref = items.get(text)
        if ref is not None:
            return ref
        if reads_as_external(text, prefixes, versions):
            return ExternalConcept(text, label)
        ref = items[text] = full(text)
        return ref

    dates: dict[str, datetime.date] = {}

    def date(text: str | None) -> datetime.date | None:
        if text is None:
            return None
        value = dates.get(text)
        if value is None:
            value = dates[text] = datetime.date.fromisoformat(text)
        return value

    default_confidence = defaults.get("confidence")
    default_justification = defaults.get("justification", Justification.UNSPECIFIED.value)
    default_author = defaults.get("author")
    default_date = defaults.get("date")
    mappings = []
    for entry in data.get("mappings", ()):
        confidence = entry.get("confidence", default_confidence)
        extra = entry.keys() - _MAPPING_KEYS  # only x- keys pass the schema
        mappings.append(
            Mapping(
                subject=end(entry["subject"], entry.get("subject_label")),
                relation=_RELATION_OF[entry["relation"]],
                object=end(entry["object"], entry.get("object_label")),
                negated=bool(entry.get("negated", False)),
                confidence=None if confidence is None else float(confidence),
                justification=_JUSTIFICATION_OF[entry.get("justification", default_justification)],
                comment=entry.get("comment"),
                author=entry.get("author", default_author),
                date=date(entry.get("date", default_date)),
                source=origin,
                extensions={k: v for k, v in entry.items() if k in extra} if extra else None,
            )
        )
    creators = data.get("creators", ())
    return Crosswalk(
        id=data["id"],
        version=data["version"],
        title=data["title"],
        frameworks=tuple(frameworks),
        mappings=tuple(mappings),
        description=data.get("description"),
        license=data.get("license"),
        creators=(creators,) if isinstance(creators, str) else tuple(creators),
        date=_date(data.get("date")),
        extensions=_extensions(data),
        prefixes=prefixes,
    )


def _mapping_data(mapping: Mapping) -> dict[str, Any]:
    out: dict[str, Any] = {"subject": str(mapping.subject)}
    if end_label(mapping.subject) is not None:
        out["subject_label"] = end_label(mapping.subject)
    out["relation"] = mapping.relation.value
    out["object"] = str(mapping.object)
    if end_label(mapping.object) is not None:
        out["object_label"] = end_label(mapping.object)
    out["negated"] = mapping.negated
    if mapping.confidence is not None:
        out["confidence"] = float(mapping.confidence)
    out["justification"] = mapping.justification.value
    for key in ("comment", "author"):
        value = getattr(mapping, key)
        if value is not None:
            out[key] = value
    if mapping.date is not None:
        out["date"] = mapping.date.isoformat()
    out.update(mapping.extensions)
    return out


def crosswalk_to_data(cw: Crosswalk) -> dict[str, Any]:
    """The canonical document of ``cw``: full references, every field on every mapping.

    An inferred mapping's ``chain`` is not written: a file records claims, and its
    justification says how each was made.
    """
    out: dict[str, Any] = {
        "format": CROSSWALK_FORMAT,
        "id": cw.id,
        "version": cw.version,
        "title": cw.title,
    }
    for key in ("description", "license"):
        value = getattr(cw, key)
        if value is not None:
            out[key] = value
    if cw.creators:
        out["creators"] = list(cw.creators)
    if cw.date is not None:
        out["date"] = cw.date.isoformat()
    out["frameworks"] = [str(ref) for ref in cw.frameworks]
    if cw.prefixes:
        out["prefixes"] = dict(cw.prefixes)
    out.update(cw.extensions)
    out["mappings"] = [_mapping_data(m) for m in cw.mappings]
    return out


# -- text and files --------------------------------------------------------------------------


def crosswalk_rules(frameworks: FrameworkSource) -> dict[str, Rule]:
    """The checks beyond the schema for a crosswalk whose frameworks come from ``frameworks``."""
    return {
        "crosswalk": lambda data, file, found: check_crosswalk_rules(
            data, file, frameworks, malformed=found
        )
    }


def read_crosswalk(
    text: str | bytes,
    file: str,
    frameworks: FrameworkSource,
    limits: Limits = DEFAULT_LIMITS,
) -> Crosswalk:
    """Read a crosswalk from YAML (or JSON) text; raise :class:`CrosswalkError` if invalid.

    Warnings (a repeated mapping) do not stop reading.
    """
    with paused_gc():
        checked = check_source(
            text, file, rules=crosswalk_rules(frameworks), expect="crosswalk", limits=limits
        )
        if not checked.ok:
            raise CrosswalkError(checked.issues)
        try:
            return crosswalk_from_data(checked.data)
        except (ModelError, RefError) as exc:  # the schema and the model agree; a safety net
            raise CrosswalkError([Issue("CE300", str(exc), file)]) from None


def read_crosswalk_file(
    path: str | os.PathLike[str], frameworks: FrameworkSource, limits: Limits = DEFAULT_LIMITS
) -> Crosswalk:
    """Read a crosswalk file; raise :class:`CrosswalkError` carrying every issue.

    A file that cannot be read raises :class:`CrosswalkError` too, with one ``CE100``
    issue (the :class:`OSError` is its ``__cause__``).
    """
    try:
        raw = read_bytes(path, limits)
    except ValidationError as exc:  # CE100 (the OSError is the cause) or CE101
        raise CrosswalkError(exc.issues) from exc.__cause__
    return read_crosswalk(raw, str(path), frameworks, limits)


def dumps_crosswalk(cw: Crosswalk) -> str:
    """The crosswalk as canonical YAML text that loads back equal."""
    require(cw, Crosswalk, "crosswalk")
    return dump_yaml(crosswalk_to_data(cw))


def dump_crosswalk_file(
    cw: Crosswalk, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the crosswalk as YAML, atomically; an existing file needs ``overwrite=True``."""
    require_path(path)
    return write_atomic(path, dumps_crosswalk(cw), overwrite=overwrite)
