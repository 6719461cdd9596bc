"""The table of exchange formats: each format's name with its reader and its writer.

:data:`FRAMEWORK_FORMATS` and :data:`CROSSWALK_FORMATS` are the one place that says which
formats exist and what each can do; :func:`import_framework`, :func:`export_framework`,
:func:`import_crosswalk` and :func:`export_crosswalk` look formats up there, and so do the
command line's ``import``, ``export`` and ``merge``. A new format is one module of this
package and one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from collections.abc import Mapping as MappingABC
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple

from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import NotFoundError

if TYPE_CHECKING:  # the table is read at start-up: it names the model only in annotations
    from cecompetency.formats._imported_crosswalk import FrameworkAndMappings
    from cecompetency.formats.imported import Imported
    from cecompetency.model.crosswalk import Crosswalk, Mapping
    from cecompetency.model.errors import Issue
    from cecompetency.model.framework import Framework
    from cecompetency.model.refs import Ref

    FrameworkReader = Callable[[bytes | str, str, "ImportOptions"], Imported[FrameworkAndMappings]]
    FrameworkWriter = Callable[[Framework, tuple[Crosswalk, ...]], str]
    CrosswalkReader = Callable[[bytes | str, str, "ImportOptions"], Imported[Crosswalk]]
    CrosswalkWriter = Callable[[Crosswalk, MappingABC[Ref, Framework] | None], str]

__all__ = [
    "CROSSWALK_FORMATS",
    "FRAMEWORK_FORMATS",
    "PART_NAMES",
    "CrosswalkFormat",
    "FrameworkFormat",
    "ImportOptions",
    "crosswalk_format_of_file",
    "export_crosswalk",
    "export_framework",
    "export_losses",
    "import_crosswalk",
    "import_framework",
]


class ImportOptions(NamedTuple):
    """What an import may be told beyond the file: each format uses what it can.

    ``metadata`` gives framework fields the file lacks (CSV, Moodle, CTDL-ASN); ``lenient``
    reads what deviates from the format where possible, each deviation a warning (CASE,
    CSV, Moodle, SSSOM).
    """

    metadata: MappingABC[str, Any] = MappingProxyType({})
    lenient: bool = False
    limits: Limits = DEFAULT_LIMITS


class FrameworkFormat(NamedTuple):
    """A format frameworks are exchanged in, and what this library can do with it.

    ``keeps`` names the parts of a framework (:data:`cecompetency.formats.losses.PARTS`)
    an export in it holds; an export warns of every other part the framework has.
    """

    name: str
    title: str
    reader: FrameworkReader | None = None
    writer: FrameworkWriter | None = None
    options: frozenset[str] = frozenset()  # what of ImportOptions and crosswalks it uses
    keeps: frozenset[str] = frozenset()


# The parts of a framework, by name, as cecompetency.formats.losses.PARTS names them
# (a test holds the two equal; the table names them without importing that module).
PART_NAMES = frozenset(
    {
        "title", "status", "publishers", "superseded", "publisher-details", "description",
        "released", "source-citation", "source-url", "license", "language", "supersedes",
        "kinds", "scales", "roles", "matrices", "ladder", "descriptors", "extensions",
        "item-tags", "item-notes",
        "item-weights", "mappings", "incoming-mappings", "negated-mappings",
        "mapping-confidence", "mapping-provenance",
    }
)  # fmt: skip
_MAPPING_PARTS = frozenset(
    {"mappings", "incoming-mappings", "negated-mappings", "mapping-confidence",
     "mapping-provenance"}
)  # fmt: skip


class CrosswalkFormat(NamedTuple):
    """A format crosswalks are exchanged in; ``suffix`` names its files."""

    name: str
    title: str
    suffix: str
    reader: CrosswalkReader | None = None
    writer: CrosswalkWriter | None = None


def _mappings(crosswalks: Iterable[Crosswalk]) -> list[Mapping]:
    return [m for cw in crosswalks for m in cw.mappings]


def _prefixes(crosswalks: Iterable[Crosswalk]) -> dict[str, str]:
    """The CURIE prefixes the crosswalks declare (the first crosswalk's, where two differ)."""
    out: dict[str, str] = {}
    for cw in crosswalks:
        for prefix, uri in cw.prefixes.items():
            out.setdefault(prefix, uri)
    return out


def _plain(imported: Imported[Framework]) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats._imported_crosswalk import FrameworkAndMappings
    from cecompetency.formats.imported import Imported

    return Imported(FrameworkAndMappings(imported.value), imported.warnings)


def _widen(imported: Imported[Any]) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.imported import Imported

    value: FrameworkAndMappings = imported.value
    return Imported(value, imported.warnings)


# Each reader and writer imports its format's module when it is first called, so that the
# table costs nothing to import and `cecompetency --help` stays fast.


def _read_case(source: bytes | str, file: str, o: ImportOptions) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.case import framework_from_case

    return _widen(framework_from_case(source, file, lenient=o.lenient, limits=o.limits))


def _write_case(framework: Framework, crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.case import framework_to_case

    return framework_to_case(framework, mappings=_mappings(crosswalks))


def _read_ctdl(source: bytes | str, file: str, o: ImportOptions) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.ctdl import framework_from_ctdl

    return _widen(
        framework_from_ctdl(source, file, metadata=o.metadata, lenient=o.lenient, limits=o.limits)
    )


def _write_ctdl(framework: Framework, crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.ctdl import framework_to_ctdl

    return framework_to_ctdl(
        framework, mappings=_mappings(crosswalks), prefixes=_prefixes(crosswalks)
    )


def _read_csv(source: bytes | str, file: str, o: ImportOptions) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.csv import framework_from_csv

    return _plain(
        framework_from_csv(source, file, metadata=o.metadata, lenient=o.lenient, limits=o.limits)
    )


def _write_csv(framework: Framework, _crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.csv import framework_to_csv

    return framework_to_csv(framework)


def _read_moodle(
    source: bytes | str, file: str, o: ImportOptions
) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.moodle import framework_from_moodle

    return _plain(
        framework_from_moodle(source, file, metadata=o.metadata, lenient=o.lenient, limits=o.limits)
    )


def _write_moodle(framework: Framework, _crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.moodle import framework_to_moodle

    return framework_to_moodle(framework)


def _read_json(source: bytes | str, file: str, o: ImportOptions) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.json import framework_from_json

    return _plain(framework_from_json(source, file, limits=o.limits))


def _write_json(framework: Framework, _crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.json import framework_to_json

    return framework_to_json(framework)


def _write_markdown(framework: Framework, _crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.markdown import framework_markdown

    return framework_markdown(framework)


def _write_graphml(framework: Framework, crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.graphml import framework_to_graphml

    return framework_to_graphml(framework, crosswalks=crosswalks)


def _write_skos(framework: Framework, crosswalks: tuple[Crosswalk, ...]) -> str:
    from cecompetency.formats.skos import framework_to_skos

    return framework_to_skos(
        framework, mappings=_mappings(crosswalks), prefixes=_prefixes(crosswalks)
    )


def _read_skos(source: bytes | str, file: str, o: ImportOptions) -> Imported[FrameworkAndMappings]:
    from cecompetency.formats.skos import framework_from_skos

    metadata = dict(o.metadata)
    scheme = metadata.pop("scheme", None)  # which concept scheme of the file, not a field
    return _widen(
        framework_from_skos(
            source,
            file,
            scheme=scheme if isinstance(scheme, str) else None,
            metadata=metadata,
            lenient=o.lenient,
            limits=o.limits,
        )
    )


def _read_sssom(source: bytes | str, file: str, o: ImportOptions) -> Imported[Crosswalk]:
    from cecompetency.formats.sssom import crosswalk_from_sssom

    return crosswalk_from_sssom(source, file, lenient=o.lenient, limits=o.limits)


def _write_sssom(crosswalk: Crosswalk, frameworks: MappingABC[Ref, Framework] | None) -> str:
    from cecompetency.formats.sssom import crosswalk_to_sssom

    return crosswalk_to_sssom(crosswalk, frameworks=frameworks)


def _write_crosswalk_json(
    crosswalk: Crosswalk, _frameworks: MappingABC[Ref, Framework] | None
) -> str:
    from cecompetency.formats.json import crosswalk_to_json

    return crosswalk_to_json(crosswalk)


def _write_crosswalk_markdown(
    crosswalk: Crosswalk, frameworks: MappingABC[Ref, Framework] | None
) -> str:
    from cecompetency.formats.crosswalk_markdown import crosswalk_markdown

    return crosswalk_markdown(crosswalk, frameworks=frameworks)


FRAMEWORK_FORMATS: dict[str, FrameworkFormat] = {
    f.name: f
    for f in (
        FrameworkFormat(
            "case",
            "1EdTech CASE 1.1 package (JSON)",
            _read_case,
            _write_case,
            frozenset({"lenient", "crosswalks"}),
            keeps=PART_NAMES,  # what CASE has no place for goes under its extensions
        ),
        FrameworkFormat(
            "ctdl",
            "Credential Engine CTDL-ASN graph (JSON-LD)",
            _read_ctdl,
            _write_ctdl,
            frozenset({"metadata", "lenient", "crosswalks"}),
            keeps=PART_NAMES
            - {"superseded", "publisher-details", "source-citation", "supersedes", "kinds"}
            - {"scales", "roles", "matrices", "ladder", "descriptors", "extensions"}
            - {"incoming-mappings"}
            - {"negated-mappings", "mapping-confidence", "mapping-provenance"},
        ),
        FrameworkFormat(
            "csv",
            "one row per item (CSV)",
            _read_csv,
            _write_csv,
            frozenset({"metadata", "lenient"}),
            keeps=frozenset({"item-weights"}),  # and the tree: ids, kinds, titles, statements
        ),
        FrameworkFormat(
            "moodle",
            "Moodle competency framework import file (CSV)",
            _read_moodle,
            _write_moodle,
            frozenset({"metadata", "lenient"}),
            keeps=frozenset({"title", "description"}),
        ),
        FrameworkFormat(
            "json",
            "this library's framework document as JSON",
            _read_json,
            _write_json,
            keeps=PART_NAMES - _MAPPING_PARTS,
        ),
        FrameworkFormat(
            "markdown",
            "a readable outline (Markdown)",
            writer=_write_markdown,
            keeps=frozenset(
                {"title", "status", "publishers", "superseded", "description", "released"}
                | {"source-citation", "license", "roles", "matrices", "item-weights"}
                | {"ladder", "descriptors"}
            ),
        ),
        FrameworkFormat(
            "graphml",
            "the cross-map graph (GraphML)",
            writer=_write_graphml,
            options=frozenset({"crosswalks"}),
            keeps=frozenset({"title", "status", "superseded", "scales", "roles", "matrices"})
            | {"mappings", "incoming-mappings", "negated-mappings", "mapping-confidence"},
        ),
        FrameworkFormat(
            "skos",
            "a SKOS concept scheme (Turtle; read also as RDF/XML or JSON-LD with rdflib)",
            _read_skos,
            _write_skos,
            frozenset({"metadata", "lenient", "crosswalks"}),
            keeps=frozenset({"title", "publishers", "description", "language", "item-notes"})
            | {"mappings"},
        ),
    )
}

CROSSWALK_FORMATS: dict[str, CrosswalkFormat] = {
    f.name: f
    for f in (
        CrosswalkFormat(
            "sssom", "SSSOM mapping set (TSV with a YAML header)", ".tsv", _read_sssom, _write_sssom
        ),
        CrosswalkFormat(
            "json",
            "this library's crosswalk document as JSON",
            ".json",
            writer=_write_crosswalk_json,
        ),
        CrosswalkFormat(
            "markdown", "a readable table (Markdown)", ".md", writer=_write_crosswalk_markdown
        ),
    )
}


def _pick(table: MappingABC[str, Any], kind: str, name: str, use: str) -> Any:
    """The ``use`` ("reader" or "writer") of format ``name``; NotFoundError saying what exists."""
    found = table.get(name)
    if found is None:
        raise NotFoundError(f"no {kind} format {name!r}; known: {', '.join(table)}")
    if getattr(found, use) is None:
        able = ", ".join(n for n, f in table.items() if getattr(f, use) is not None)
        verb = "read" if use == "reader" else "written"
        raise NotFoundError(f"{kind} format {name!r} cannot be {verb}; these can: {able}")
    return getattr(found, use)


def import_framework(
    source: bytes | str,
    format: str,
    file: str = "<string>",
    *,
    metadata: MappingABC[str, Any] | None = None,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[FrameworkAndMappings]:
    """Read a framework from another system's file, with the mappings it states beside it.

    ``format`` is a name of :data:`FRAMEWORK_FORMATS` that has a reader. The result's
    ``value.framework`` is the framework and ``value.crosswalk()`` the mappings the file
    states (CASE associations, CTDL-ASN alignments; empty for the other formats);
    ``warnings`` are what lenient reading tolerated. Bad input raises
    :class:`~cecompetency.model.errors.ValidationError` with every issue located.
    """
    reader: FrameworkReader = _pick(FRAMEWORK_FORMATS, "framework", format, "reader")
    options = ImportOptions(MappingProxyType(dict(metadata or {})), lenient, limits)
    return reader(source, file, options)


def export_framework(
    framework: Framework, format: str, *, crosswalks: Iterable[Crosswalk] = ()
) -> str:
    """The framework as text in ``format`` (a name of :data:`FRAMEWORK_FORMATS`).

    ``crosswalks`` add their mappings where the format can hold them (CASE associations,
    CTDL-ASN alignments, SKOS mapping properties, GraphML edges). Nothing is left out
    silently: when the format cannot hold parts the framework (or those mappings) has,
    a :class:`~cecompetency.formats.losses.LossyExportWarning` says which
    (:func:`export_losses` gives the same as an issue).
    """
    writer: FrameworkWriter = _pick(FRAMEWORK_FORMATS, "framework", format, "writer")
    crosswalks = tuple(crosswalks)
    text = writer(framework, crosswalks)
    issue = export_losses(framework, format, crosswalks=crosswalks)
    if issue is not None:
        import warnings

        from cecompetency.formats.losses import LossyExportWarning

        warnings.warn(LossyExportWarning(issue), stacklevel=2)
    return text


def export_losses(
    framework: Framework, format: str, *, crosswalks: Iterable[Crosswalk] = ()
) -> Issue | None:
    """What an export of ``framework`` (with ``crosswalks``) in ``format`` leaves out, as
    one ``CE680`` warning; ``None`` when the format holds all of it."""
    from cecompetency.formats.losses import loss_warning

    _pick(FRAMEWORK_FORMATS, "framework", format, "writer")  # it exists and can be written
    fmt = FRAMEWORK_FORMATS[format]
    return loss_warning(framework, fmt.title, fmt.keeps, _mappings(crosswalks))


def import_crosswalk(
    source: bytes | str,
    format: str,
    file: str = "<string>",
    *,
    lenient: bool = False,
    limits: Limits = DEFAULT_LIMITS,
) -> Imported[Crosswalk]:
    """Read a crosswalk from another system's file (``sssom``)."""
    reader: CrosswalkReader = _pick(CROSSWALK_FORMATS, "crosswalk", format, "reader")
    return reader(source, file, ImportOptions(lenient=lenient, limits=limits))


def export_crosswalk(
    crosswalk: Crosswalk, format: str, *, frameworks: MappingABC[Ref, Framework] | None = None
) -> str:
    """The crosswalk as text in ``format`` (a name of :data:`CROSSWALK_FORMATS`).

    ``frameworks``, when given, supply item labels to the formats that show them.
    """
    writer: CrosswalkWriter = _pick(CROSSWALK_FORMATS, "crosswalk", format, "writer")
    return writer(crosswalk, frameworks)


def crosswalk_format_of_file(path: str, use: str = "reader") -> str | None:
    """The crosswalk format a file's name says (``.tsv``: SSSOM) that has a ``use``
    ("reader" or "writer"), or None: the file is a crosswalk YAML document."""
    for fmt in CROSSWALK_FORMATS.values():
        if getattr(fmt, use) is not None and path.endswith(fmt.suffix):
            return fmt.name
    return None
