"""CASE 1.1 packages: valid by the official schema, deterministic, lossless, hostile-safe."""

from __future__ import annotations

import copy
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from interop_samples import alliance_crosswalk
from samples import CASE_DATA
from strategies import frameworks

from cecompetency.formats.case import case_package, framework_from_case, framework_to_case
from cecompetency.formats.identifiers import item_uri
from cecompetency.model.errors import FrameworkError, Severity
from cecompetency.model.external import ExternalConcept
from cecompetency.model.framework import Framework


@pytest.fixture(scope="module")
def official(request: pytest.FixtureRequest) -> Any:
    path = CASE_DATA / "case-v1p1-cfpackage.schema.json"
    schema = json.loads(path.read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    checker = cls.FORMAT_CHECKER
    # The formats must really be checked, or "valid" would mean less than it says.
    assert not checker.conforms("2008-01-01T00:00:00", "date-time")
    assert not checker.conforms("not-a-uuid", "uuid")
    return cls(schema, format_checker=checker)


def test_alliance_export_is_valid_case_1_1(alliance: Framework, official: Any) -> None:
    package = case_package(alliance, mappings=alliance_crosswalk(alliance).mappings)
    assert [e.message for e in official.iter_errors(package)] == []


@settings(max_examples=30, deadline=None)
@given(frameworks())
def test_every_export_is_valid_case_1_1(official: Any, framework: Framework) -> None:
    assert [e.message for e in official.iter_errors(case_package(framework))] == []


def test_alliance_round_trips_equal(alliance: Framework) -> None:
    crosswalk = alliance_crosswalk(alliance)
    imported = framework_from_case(framework_to_case(alliance, mappings=crosswalk.mappings))
    assert imported.warnings == ()
    assert imported.value.framework == alliance
    assert sorted(map(str, imported.value.mappings)) == sorted(map(str, crosswalk.mappings))
    assert set(imported.value.mappings) == set(crosswalk.mappings)


@settings(max_examples=40, deadline=None)
@given(frameworks())
def test_random_frameworks_round_trip_equal(framework: Framework) -> None:
    assert framework_from_case(framework_to_case(framework)).value.framework == framework


def test_export_is_deterministic_with_uuid5_identifiers(
    alliance: Framework, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # the framework's own date wins
    text = framework_to_case(alliance)
    assert text == framework_to_case(alliance)
    package = json.loads(text)
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "2.10")
    uri = "https://w3id.org/cecompetency/alliance/2008/2.10"
    assert item["uri"] == uri == item_uri(alliance.ref_of("2.10"))
    assert item["identifier"] == str(uuid.uuid5(uuid.NAMESPACE_URL, uri))
    # Alliance 2008 has no release date: the date its text was retrieved is used.
    assert {i["lastChangeDateTime"] for i in package["CFItems"]} == {"2008-04-10T00:00:00+00:00"}


def test_tree_and_mappings_as_associations(alliance: Framework) -> None:
    package = case_package(alliance, mappings=alliance_crosswalk(alliance).mappings)
    ids = {i["identifier"]: i["humanCodingScheme"] for i in package["CFItems"]}
    doc = package["CFDocument"]["identifier"]
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == len(alliance)
    by_child = {ids[a["originNodeURI"]["identifier"]]: a for a in children}
    assert by_child["1"]["destinationNodeURI"]["identifier"] == doc
    assert ids[by_child["2.10"]["destinationNodeURI"]["identifier"]] == "2"
    assert by_child["2.10"]["sequenceNumber"] == 10
    types = {a["associationType"] for a in package["CFAssociations"]}
    assert {
        "exactMatchOf",
        "ext:narrowMatch",
        "ext:not.isRelatedTo",
        "ext:broadMatch",
        "ext:closeMatch",
    } <= types
    item = next(i for i in package["CFItems"] if i["humanCodingScheme"] == "1")
    assert item["abbreviatedStatement"] == alliance["1"].title
    assert item["fullStatement"] == alliance["1"].statement
    assert item["CFItemType"] == "area"


@pytest.mark.parametrize(
    "sample",
    ["opensalt-sample-math-6rp.json", "sequence-number-framework.json", "utf8-test-framework.json"],
)
def test_real_packages_import_leniently(case_data: Path, official: Any, sample: str) -> None:
    raw = (case_data / sample).read_bytes()
    imported = framework_from_case(raw, sample, lenient=True)
    framework = imported.value.framework
    data = json.loads(raw)
    assert len(framework) == len(data["CFItems"])
    assert all(w.severity is Severity.WARNING for w in imported.warnings)
    officially_valid = not list(official.iter_errors(data))
    # Strict import accepts exactly what the official schema accepts.
    if officially_valid:
        assert imported.warnings == ()
        assert framework_from_case(raw, sample).value.framework == framework
    else:
        assert imported.warnings
        assert all(w.line is not None for w in imported.warnings)
        with pytest.raises(FrameworkError) as caught:
            framework_from_case(raw, sample)
        assert {i.code for i in caught.value.issues} == {"CE630"}


def test_sequence_numbers_order_siblings(case_data: Path) -> None:
    raw = (case_data / "sequence-number-framework.json").read_bytes()
    framework = framework_from_case(raw).value.framework
    assert [item.id for item in framework.items] == ["SNT.2", "SNT.1"]


@pytest.mark.parametrize("numbers", [("2", "1"), ("1", "2"), (" 10 ", "9")])
def test_sequence_numbers_written_as_text_order_siblings(
    case_data: Path, numbers: tuple[str, str]
) -> None:
    """Real packages write ``"2"``: text numbers order siblings as numbers do, either way."""
    package = json.loads((case_data / "sequence-number-framework.json").read_text("utf-8"))
    children = [a for a in package["CFAssociations"] if a["associationType"] == "isChildOf"]
    assert len(children) == 2
    for association, number in zip(children, numbers, strict=True):
        association["sequenceNumber"] = number
    framework = framework_from_case(json.dumps(package), lenient=True).value.framework
    by_number = sorted(zip(numbers, children, strict=True), key=lambda pair: int(pair[0]))
    expected = [association["originNodeURI"]["title"] for _, association in by_number]
    assert [item.id for item in framework.items] == expected


def test_non_ascii_text_survives(case_data: Path) -> None:
    raw = (case_data / "utf8-test-framework.json").read_bytes()
    framework = framework_from_case(raw).value.framework
    assert framework.title == "UTF8 \U0001d451 Test"
    assert framework.items[0].statement == "Item \U0001d451 1"


def test_foreign_package_keeps_what_it_cannot_hold(case_data: Path) -> None:
    raw = (case_data / "opensalt-sample-math-6rp.json").read_bytes()
    framework = framework_from_case(raw, lenient=True).value.framework
    item = framework["CCSS.Math.Content.6.RP.A.1"]
    assert item.kind == "Standard"
    kept = item.extensions["x-case"]
    assert kept["identifier"] == "b6f61076-aa12-450b-8f9d-b86bc071f85e"
    # precedes and exemplar have no field in the model: kept as written, and written back.
    kinds = {a["associationType"] for i in framework.walk() for a in _kept_associations(i)}
    assert {"precedes", "exemplar"} <= kinds
    # Alignments to other documents are mappings, to external concepts where outside.
    imported = framework_from_case(raw, lenient=True).value
    exact = [
        m for m in imported.mappings if m.extensions["x-case"]["associationType"] == "exactMatchOf"
    ]
    assert len(exact) == 16
    assert all(isinstance(m.object, ExternalConcept) and m.object.label for m in exact)
    # Re-exported, the package keeps the original identifiers, types and associations.
    again = case_package(framework, mappings=imported.mappings)
    assert "b6f61076-aa12-450b-8f9d-b86bc071f85e" in {i["identifier"] for i in again["CFItems"]}
    source = json.loads(raw)
    assert Counter(a["associationType"] for a in again["CFAssociations"]) == Counter(
        a["associationType"] for a in source["CFAssociations"]
    )


def _kept_associations(item: Any) -> list[dict[str, Any]]:
    kept = item.extensions.get("x-case", {})
    return list(kept.get("associations", []))


def _mutations(package: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for change in (
        lambda p: p["CFDocument"].pop("creator"),
        lambda p: p["CFItems"][0].update(extra="x"),
        lambda p: p["CFItems"][0].update(identifier="not-a-uuid"),
        lambda p: p["CFItems"][0].update(lastChangeDateTime="2008-01-01T00:00:00"),
        lambda p: p["CFAssociations"][0].update(sequenceNumber="1"),
        lambda p: p["CFAssociations"][0].update(associationType="isCousinOf"),
        lambda p: p["CFDocument"].update(caseVersion="1.0"),
        lambda p: p["CFItems"][1].pop("fullStatement"),
        lambda p: p.update(CFDocument=[]),
    ):
        mutated = copy.deepcopy(package)
        change(mutated)
        out.append(mutated)
    return out


def test_strict_import_agrees_with_the_official_schema(alliance: Framework, official: Any) -> None:
    for mutated in _mutations(case_package(alliance)):
        officially_valid = not list(official.iter_errors(mutated))
        try:
            framework_from_case(json.dumps(mutated))
            accepted = True
        except FrameworkError:
            accepted = False
        assert accepted == officially_valid, mutated


@pytest.mark.parametrize(
    ("source", "code"),
    [
        (b"\xff\xfe\x00binary", "CE602"),
        (b'{"CFDocument": {"title": "a\x00b"}}', "CE603"),
        (b"", "CE604"),
        (b"this is not JSON", "CE610"),
        (b'{"CFDocument": {}, "CFDocument": {}}', "CE611"),
        (b"[" * 500 + b"]" * 500, "CE612"),
        (b'{"CFItems": []}', "CE614"),
        (b"[1, 2]", "CE614"),
        (b'{"CFDocument": {"identifier": "x"}}', "CE630"),
    ],
)
def test_hostile_input_gives_located_issues(source: bytes, code: str) -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_case(source, "bad.json", lenient=False)
    assert caught.value.issues[0].code == code
    assert all(str(i).startswith("bad.json:") for i in caught.value.issues)


def test_huge_input_is_refused_before_parsing(alliance: Framework) -> None:
    from cecompetency.files.yaml_reader import Limits

    with pytest.raises(FrameworkError) as caught:
        framework_from_case(framework_to_case(alliance), "big.json", limits=Limits(max_bytes=1000))
    assert caught.value.issues[0].code == "CE601"


def test_lenient_import_reports_a_cycle_as_an_error(alliance: Framework) -> None:
    package = case_package(alliance)
    ids = {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}
    for association in package["CFAssociations"]:
        if association["originNodeURI"]["identifier"] == ids["1"]:
            association["destinationNodeURI"]["identifier"] = ids["1.1"]
    with pytest.raises(FrameworkError) as caught:
        framework_from_case(json.dumps(package), "cycle.json", lenient=True)
    assert "CE628" in {i.code for i in caught.value.issues}


def test_case_1_0_packages_import_strictly_and_1_1_ones_stay_1_1(alliance: Framework) -> None:
    """1.0 links items and associations to their document and has no caseVersion."""
    package = case_package(alliance)
    doc = package["CFDocument"]
    link = {"title": doc["title"], "identifier": doc["identifier"], "uri": doc["uri"]}
    for entry in [*package["CFItems"], *package["CFAssociations"]]:
        entry["CFDocumentURI"] = link
    doc["CFPackageURI"] = link
    with pytest.raises(FrameworkError) as caught:  # a 1.1 package may not hold them
        framework_from_case(json.dumps(package), "p.json")
    assert "'CFDocumentURI' is not a CASE 1.1 property here" in {
        i.message for i in caught.value.issues
    }
    del doc["caseVersion"]
    assert framework_from_case(json.dumps(package), "p.json").value.framework == alliance
    package["CFItems"][0]["educationalLevel"] = ["06"]  # pre-1.0: not CASE 1.0 either
    with pytest.raises(FrameworkError) as caught:
        framework_from_case(json.dumps(package), "p.json")
    assert [i.message for i in caught.value.issues] == [
        "'educationalLevel' is not a CASE 1.0 property here"
    ]
