"""Level descriptors as CASE rubrics: schema-valid out, read back equal, foreign ones read."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from samples import CASE_DATA, DATA

import cecompetency as ce
from cecompetency.formats.case import case_package, framework_from_case, framework_to_case

STAGES = DATA / "levels" / "stages.yaml"


@pytest.fixture(scope="module")
def official() -> Any:
    schema = json.loads((CASE_DATA / "case-v1p1-cfpackage.schema.json").read_text("utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_descriptors_export_as_rubric_criteria_valid_against_the_official_schema(
    official: Any,
) -> None:
    fw = ce.load_file(STAGES)
    package = case_package(fw)
    official.validate(package)
    (rubric,) = package["CFRubrics"]
    scale, first, second = rubric["CFRubricCriteria"]
    assert [c["position"] for c in (scale, first, second)] == [1, 2, 3]
    items = {i["humanCodingScheme"]: i["identifier"] for i in package["CFItems"]}
    assert first["CFItemURI"]["identifier"] == items["1.1"]
    assert second["CFItemURI"]["identifier"] == items["1.2"]
    levels = second["CFRubricCriterionLevels"]
    assert [(lv["position"], lv["quality"]) for lv in levels] == [
        (1, "Novice"),
        (2, "Competent"),
        (3, "Expert"),
    ]
    assert levels[0]["description"] == "Collects satisfaction data."
    assert "description" not in levels[1]  # 1.2 has no descriptor at Competent
    assert levels[2]["score"] == 3
    assert levels[2]["feedback"] == (
        "Links outcome data to the activity's objectives\nReports results to stakeholders"
    )
    assert all(lv["rubricCriterionId"] == second["identifier"] for lv in levels)
    # The descriptors are in the rubric, not repeated in the document's extension.
    assert "descriptors" not in package["CFDocument"]["extensions"]["cecompetency"]


def test_a_framework_with_descriptors_round_trips_through_case_yaml_and_json() -> None:
    fw = ce.load_file(STAGES)
    back = framework_from_case(framework_to_case(fw)).value.framework
    assert back == fw
    assert back.descriptors == fw.descriptors  # order, ranges and indicators included
    from cecompetency.formats.json import framework_from_json, framework_to_json

    assert framework_from_json(framework_to_json(fw)).value == fw
    assert ce.loads(ce.dumps(back)) == fw


def _foreign(package: dict[str, Any]) -> dict[str, Any]:
    """The package as another tool might write it: none of our extensions."""
    text = json.dumps(package)
    data = json.loads(text)
    data["CFDocument"].pop("extensions")
    for item in data["CFItems"]:
        item.pop("extensions", None)
    for association in data["CFAssociations"]:
        association.pop("extensions", None)
    for rubric in data["CFRubrics"]:
        rubric.pop("extensions", None)
        for criterion in rubric["CFRubricCriteria"]:
            criterion.pop("extensions", None)
            for level in criterion.get("CFRubricCriterionLevels", []):
                level.pop("extensions", None)
    return data


def test_a_foreign_rubric_reads_as_a_scale_and_descriptors_and_is_written_back() -> None:
    fw = ce.load_file(STAGES)
    foreign = _foreign(case_package(fw))
    imported = framework_from_case(json.dumps(foreign), lenient=True).value.framework
    (scale,) = imported.scales
    assert scale.title == "Stage of proficiency"
    assert [level.label for level in scale.levels] == ["Novice", "Competent", "Expert"]
    expert = imported.descriptor("1.2", scale.id, "expert")
    assert expert is not None
    assert expert.description == "Measures change in practice and patient outcomes."
    assert expert.score == 3
    assert expert.indicators == (
        "Links outcome data to the activity's objectives\nReports results to stakeholders",
    )
    assert len(imported.descriptors) == len(fw.descriptors)
    # Exported again, the rubric is the one the package had, and it reads the same.
    again = case_package(imported)
    assert again["CFRubrics"] == foreign["CFRubrics"]
    assert framework_from_case(framework_to_case(imported)).value.framework == imported


@pytest.mark.parametrize(
    ("kept", "message"),
    [
        ({"id": "nope"}, "error[CE308]: level 'nope' is not on scale 'stage'"),
        ({"id": "competent", "score": [3, 1]}, "error[CE204]: the score range [3, 1] runs"),
    ],
)
def test_a_rubric_that_does_not_fit_the_framework_is_a_located_error(
    kept: dict[str, Any], message: str
) -> None:
    package = case_package(ce.load_file(STAGES))
    level = package["CFRubrics"][0]["CFRubricCriteria"][1]["CFRubricCriterionLevels"][0]
    level["extensions"] = [{"cecompetency": kept}]
    with pytest.raises(ce.FrameworkError) as caught:
        framework_from_case(json.dumps(package), "p.json")
    assert any(message in str(issue) for issue in caught.value.issues)
