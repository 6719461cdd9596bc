"""The table of formats: one row per format, the API and the command line both read it."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

import cecompetency
from cecompetency.cli import interop
from cecompetency.formats.catalog import (
    CROSSWALK_FORMATS,
    FRAMEWORK_FORMATS,
    crosswalk_format_of_file,
)
from cecompetency.model.crosswalk import Mapping
from cecompetency.model.errors import NotFoundError
from cecompetency.model.framework import Framework

READABLE = [name for name, fmt in FRAMEWORK_FORMATS.items() if fmt.reader is not None]
WRITABLE = [name for name, fmt in FRAMEWORK_FORMATS.items() if fmt.writer is not None]


def _metadata(framework: Framework) -> dict[str, object]:
    return {
        "id": framework.id,
        "version": framework.version,
        "title": framework.title,
        "publishers": [{"name": p.name} for p in framework.publishers],
    }


# What each format leaves out, and the warning that says so: tests/formats/test_export_losses.py.
LOSSES_TESTED_ELSEWHERE = "ignore::cecompetency.formats.losses.LossyExportWarning"


@pytest.mark.filterwarnings(LOSSES_TESTED_ELSEWHERE)
@pytest.mark.parametrize("name", READABLE)
def test_every_readable_format_reads_back_what_it_wrote(alliance: Framework, name: str) -> None:
    text = cecompetency.export_framework(alliance, name)
    imported = cecompetency.import_framework(text, name, metadata=_metadata(alliance))
    back = imported.value.framework
    assert back.ref == alliance.ref
    assert [i.id for i in back.walk()] == [i.id for i in alliance.walk()]
    assert [i.statement for i in back.walk()] == [i.statement for i in alliance.walk()]


def _claims(mappings: Iterable[Mapping]) -> list[str]:
    """The claims themselves, in one order (CASE orders associations its own way)."""
    return sorted(f"{m.subject} {m.relation.value} {m.object} {m.negated}" for m in mappings)


@pytest.mark.filterwarnings(LOSSES_TESTED_ELSEWHERE)
def test_crosswalks_travel_with_the_formats_that_hold_mappings(alliance: Framework) -> None:
    crosswalk = cecompetency.default_registry().load_crosswalk("alliance-ccmep")
    for name in ("case", "ctdl"):
        assert "crosswalks" in FRAMEWORK_FORMATS[name].options
        text = cecompetency.export_framework(alliance, name, crosswalks=[crosswalk])
        stated = cecompetency.import_framework(text, name).value.crosswalk()
        # CASE keeps negations (in its extension); CTDL-ASN has no way to say one.
        kept = [m for m in crosswalk.mappings if name == "case" or not m.negated]

        def claims(mappings: Iterable[Mapping]) -> list[str]:
            # The claim itself; CASE orders associations its own way.
            return sorted(
                f"{m.subject} {m.relation.value} {m.object} {m.negated}" for m in mappings
            )

        assert _claims(stated.mappings) == _claims(kept)


def test_a_crosswalk_goes_out_and_back_through_sssom() -> None:
    crosswalk = cecompetency.default_registry().load_crosswalk("alliance-ccmep")
    text = cecompetency.export_crosswalk(crosswalk, "sssom")
    back = cecompetency.import_crosswalk(text, "sssom").value
    assert [(m.subject, m.relation, m.object, m.negated) for m in back.mappings] == [
        (m.subject, m.relation, m.object, m.negated) for m in crosswalk.mappings
    ]
    for name, fmt in CROSSWALK_FORMATS.items():
        if fmt.writer is not None:
            assert cecompetency.export_crosswalk(crosswalk, name).strip()


def test_unknown_and_one_way_formats_are_refused_with_what_exists(alliance: Framework) -> None:
    with pytest.raises(NotFoundError, match="no framework format 'nope'; known: case"):
        cecompetency.export_framework(alliance, "nope")
    with pytest.raises(NotFoundError, match="'markdown' cannot be read; these can: case"):
        cecompetency.import_framework("# x", "markdown")
    with pytest.raises(NotFoundError, match="'json' cannot be read; these can: sssom"):
        cecompetency.import_crosswalk("{}", "json")


def test_the_command_line_offers_exactly_the_table() -> None:
    assert set(interop.FRAMEWORK_EXPORTS) == set(WRITABLE)
    assert set(interop.IMPORTS) == set(READABLE) | {
        n for n, f in CROSSWALK_FORMATS.items() if f.reader is not None
    }
    assert set(interop.MAPPING_IMPORTS) == {"case", "ctdl", "skos"}


def test_a_file_name_says_its_crosswalk_format() -> None:
    assert crosswalk_format_of_file("x.sssom.tsv") == "sssom"
    assert crosswalk_format_of_file("x.yaml") is None
    assert crosswalk_format_of_file("x.md") is None  # no reader
    assert crosswalk_format_of_file("x.md", "writer") == "markdown"
    assert crosswalk_format_of_file("x.json", "writer") == "json"
