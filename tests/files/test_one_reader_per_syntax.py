"""One reader per syntax: a JSON file gets the same issues whether validated or imported."""

from __future__ import annotations

from pathlib import Path

import pytest

import cecompetency
from cecompetency.files.checks import kind_of_document, read_document
from cecompetency.model.errors import ValidationError

BAD_JSON = {
    "syntax.json": '{"format": "cecompetency/1", "id": "x",, }',
    "duplicate.json": '{"format": "cecompetency/1", "id": "x", "id": "y"}',
    "nan.json": '{"format": "cecompetency/1", "id": NaN}',
    "trailing.json": '{"format": "cecompetency/1"} {}',
}


def _import_issues(path: Path) -> list[tuple[str, int | None, int | None]]:
    with pytest.raises(ValidationError) as caught:
        cecompetency.import_framework(path.read_bytes(), "json", str(path))
    return [(i.code, i.line, i.column) for i in caught.value.issues]


@pytest.mark.parametrize("name", sorted(BAD_JSON))
def test_validate_and_import_agree_on_a_bad_json_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(BAD_JSON[name], "utf-8")
    validated = [(i.code, i.line, i.column) for i in cecompetency.validate_file(path)]
    assert validated == _import_issues(path)
    assert validated and all(code.startswith("CE61") for code, _, _ in validated)


def test_a_json_framework_file_loads_and_validates_like_its_yaml(tmp_path: Path) -> None:
    alliance = cecompetency.load("alliance@2008")
    path = tmp_path / "alliance.json"
    path.write_text(cecompetency.export_framework(alliance, "json"), "utf-8")
    assert cecompetency.validate_file(path) == []
    assert cecompetency.load_file(path) == alliance
    assert kind_of_document(path.read_bytes(), str(path)) == "framework"


def test_yaml_text_is_read_as_yaml_and_json_text_elsewhere_too() -> None:
    # Only the file name chooses the reader: JSON text in a .yaml file is YAML (a superset).
    assert read_document('{"a": 1}', "x.yaml").data == {"a": 1}
    with pytest.raises(ValidationError) as caught:
        read_document("a: 1", "x.json")
    assert [i.code for i in caught.value.issues] == ["CE610"]
    assert kind_of_document("a: [", "x.yaml") is None
