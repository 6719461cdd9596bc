"""Exports never invent a date and never drop a part of a framework without saying so.

Each exchange format's row in the catalog names the parts it keeps
(:data:`cecompetency.formats.catalog.PART_NAMES`); an export warns (CE680) of every other part
the framework has. For the formats that read back, export and import show the claim
true: every part a format says it keeps comes back equal.
"""

from __future__ import annotations

import datetime
import json
import warnings
from collections.abc import Callable
from typing import Any

import attrs
import pytest
from samples import VALID

import cecompetency
from cecompetency.cli import main
from cecompetency.formats.case import framework_to_case
from cecompetency.formats.catalog import (
    FRAMEWORK_FORMATS,
    PART_NAMES,
    export_framework,
    export_losses,
    import_framework,
)
from cecompetency.formats.losses import PARTS as PART_WORDS
from cecompetency.formats.losses import LossyExportWarning
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework, Status

# A framework with every part, and a crosswalk with every kind of mapping into it.
RICH = cecompetency.loads(
    VALID.replace(
        "publishers:\n  - name: Demo Organization\n",
        "publishers:\n  - name: Demo Organization\n    abbreviation: DO\n"
        "    url: https://example.org/demo\n"
        "description: An illustrative framework.\nreleased: 2024-05-01\n"
        "source:\n  citation: Demo Organization, Demo competencies (2024).\n"
        "  url: https://example.org/demo/source\n  retrieved: 2024-06-01\n"
        "license: CC-BY-4.0\nlanguage: en\nsupersedes: demo@0.9\nx-origin: illustrative\n",
    )
    .replace(
        '      - id: "1.1"\n        statement: Plan activities.\n',
        '      - id: "1.1"\n        statement: Plan activities.\n        weight: 60\n'
        "        tags: [planning]\n        notes: [A note.]\n",
    )
    .replace(
        "        statement: Review plans.\n",
        "        statement: Review plans.\n        weight: 40\n",
    )
    .replace("matrices:\n", "ladder: [lead]\nmatrices:\n")
    + "descriptors:\n  - {item: '1.1', scale: depth, level: expert, description: Plans alone.}\n"
)
SUPERSEDED = attrs.evolve(RICH, status=Status.SUPERSEDED)
OTHER = "other@1"
CROSSWALK = Crosswalk(
    id="demo-other",
    version="1",
    title="Illustrative",
    frameworks=["demo@1.0", OTHER],
    mappings=[
        Mapping("demo@1.0:1.1", "exact", f"{OTHER}:a", confidence=0.9, comment="Same."),
        Mapping("demo@1.0:1.2", "broad", f"{OTHER}:b", negated=True),
        Mapping(f"{OTHER}:c", "narrow", "demo@1.0:1"),
    ],
)


def test_the_rich_framework_has_every_part() -> None:
    for name, (_words, count) in PART_WORDS.items():
        framework = SUPERSEDED if name == "superseded" else RICH
        assert count(framework, list(CROSSWALK.mappings)) > 0, name
    assert set(PART_WORDS) == PART_NAMES


# -- CASE: no invented date ----------------------------------------------------------------------


def _dates(text: str) -> set[str]:
    package = json.loads(text)
    objects = [package["CFDocument"], *package["CFItems"], *package["CFAssociations"]]
    return {o["lastChangeDateTime"] for o in objects}


def test_case_uses_a_date_the_framework_records_or_the_time_it_is_given(
    alliance: Framework,
) -> None:
    assert _dates(framework_to_case(RICH)) == {"2024-05-01T00:00:00+00:00"}  # released
    # The Alliance text has no release date; it was retrieved from its source on 2008-04-10.
    assert alliance.released is None and alliance.source is not None
    assert _dates(framework_to_case(alliance)) == {"2008-04-10T00:00:00+00:00"}
    when = datetime.datetime(2025, 3, 4, 5, 6, 7, 891, tzinfo=datetime.UTC)
    assert _dates(framework_to_case(alliance, changed=when)) == {"2025-03-04T05:06:07+00:00"}


def test_case_with_no_date_at_all_says_when_it_was_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    undated = cecompetency.load("cehp-consortium@0.1")
    assert undated.released is None and undated.source is not None
    assert undated.source.retrieved is None
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    before = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    (stamp,) = _dates(export_framework(undated, "case"))
    after = datetime.datetime.now(datetime.UTC)
    assert before <= datetime.datetime.fromisoformat(stamp) <= after
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1714521600")  # a repeatable build fixes it
    assert _dates(export_framework(undated, "case")) == {"2024-05-01T00:00:00+00:00"}


# -- every export says what it leaves out -------------------------------------------------------


def test_ctdl_names_the_roles_the_matrix_and_the_source_it_cannot_hold(
    alliance: Framework,
) -> None:
    with pytest.warns(LossyExportWarning) as caught:
        text = export_framework(alliance, "ctdl")
    (warning,) = caught
    issue = warning.message.issue  # type: ignore[union-attr]
    assert issue.code == "CE680" and issue.file == "alliance@2008"
    for words in ("3 roles", "1 level matrix", "the source's citation and retrieval date"):
        assert words in issue.message
    back = import_framework(text, "ctdl").value.framework
    # What came back without them is what the warning named.
    assert back.roles == () and back.matrices == () and back.source is None


def test_an_export_that_keeps_everything_says_nothing(alliance: Framework) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        export_framework(alliance, "case")
        export_framework(RICH, "case", crosswalks=[CROSSWALK])
    assert export_losses(RICH, "json") is None
    loss = export_losses(RICH, "json", crosswalks=[CROSSWALK])
    assert loss is not None and "cannot hold 3 mappings" in loss.message


def test_the_command_line_prints_the_warning(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "alliance@2008", "--format", "ctdl"]) == 0
    out, err = capsys.readouterr()
    assert json.loads(out)["@graph"]
    assert err.startswith("alliance@2008: warning[CE680]: Credential Engine CTDL-ASN")
    assert "3 roles; 1 level matrix" in err


# -- the claims hold: what a format says it keeps comes back equal -------------------------------

Value = Callable[[Framework], Any]
VALUES: dict[str, Value] = {
    "title": lambda fw: fw.title,
    "status": lambda fw: fw.status,
    "publishers": lambda fw: [p.name for p in fw.publishers],
    "superseded": lambda fw: fw.status is Status.SUPERSEDED,
    "publisher-details": lambda fw: [(p.abbreviation, p.url) for p in fw.publishers],
    "description": lambda fw: fw.description,
    "released": lambda fw: fw.released,
    "source-citation": lambda fw: fw.source and (fw.source.citation, fw.source.retrieved),
    "source-url": lambda fw: fw.source and fw.source.url,
    "license": lambda fw: fw.license,
    "language": lambda fw: fw.language,
    "supersedes": lambda fw: fw.supersedes,
    "kinds": lambda fw: fw.kinds,
    "scales": lambda fw: fw.scales,
    "roles": lambda fw: fw.roles,
    "matrices": lambda fw: fw.matrices,
    "extensions": lambda fw: (dict(fw.extensions), {i.id: dict(i.extensions) for i in fw.walk()}),
    "item-tags": lambda fw: {i.id: i.tags for i in fw.walk()},
    "item-notes": lambda fw: {i.id: i.notes for i in fw.walk()},
    "item-weights": lambda fw: {i.id: i.weight for i in fw.walk()},
}
_METADATA = {"publishers": [{"name": "Demo Organization"}], "title": "Demo competencies"}


@pytest.mark.parametrize("framework", [RICH, SUPERSEDED], ids=["published", "superseded"])
@pytest.mark.parametrize("name", ["case", "ctdl", "json", "csv", "moodle"])
def test_every_part_a_format_says_it_keeps_comes_back(name: str, framework: Framework) -> None:
    keeps = FRAMEWORK_FORMATS[name].keeps
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", LossyExportWarning)
        text = export_framework(framework, name, crosswalks=[CROSSWALK])
    options = FRAMEWORK_FORMATS[name].options
    metadata = {"metadata": _METADATA} if "metadata" in options and name != "ctdl" else {}
    imported = import_framework(text, name, **metadata).value  # type: ignore[arg-type]
    back = imported.framework
    for part, value in VALUES.items():
        if part == "status" and "superseded" not in keeps and framework is SUPERSEDED:
            continue  # the status comes back, but not as superseded: the warning says so
        if part in keeps:
            assert value(back) == value(framework), (name, part)
    mappings = {
        (str(m.subject), m.relation.value, str(m.object), m.negated): m for m in imported.mappings
    }
    for mapping in CROSSWALK.mappings:
        key = (str(mapping.subject), mapping.relation.value, str(mapping.object), mapping.negated)
        outgoing = not mapping.negated and mapping.subject.framework == "demo"
        if "mappings" in keeps and (outgoing or "incoming-mappings" in keeps):
            if mapping.negated and "negated-mappings" not in keeps:
                continue
            assert key in mappings, (name, key)
            if "mapping-confidence" in keeps:
                assert mappings[key].confidence == mapping.confidence
            if "mapping-provenance" in keeps:
                assert mappings[key].comment == mapping.comment
