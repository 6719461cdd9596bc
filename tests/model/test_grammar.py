"""What the schema accepts, the model accepts: one definition of an id, a name, a version,
a text; and control characters are refused however they are written."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable
from typing import Any

import jsonschema
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from samples import VALID

from cecompetency.files.crosswalk_files import loads_crosswalk
from cecompetency.files.framework_files import loads
from cecompetency.files.schemas import PATTERNS, schema
from cecompetency.files.validation import validate_text
from cecompetency.formats.csv import framework_from_csv
from cecompetency.model.crosswalk import Crosswalk
from cecompetency.model.errors import CecompetencyError, FrameworkError, ModelError
from cecompetency.model.framework import Framework, Item, Publisher
from cecompetency.model.grammar import anchored
from cecompetency.model.levels import Level
from cecompetency.model.refs import Ref


def _at(data: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        data = data[key]
    return data


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_the_schemas_hold_the_models_definitions(name: str) -> None:
    shipped = schema(name)
    for keys, pattern in PATTERNS[name].items():
        found = _at(shipped, keys)
        if keys[-1] == "patternProperties":
            assert list(found) == [anchored(pattern)]
        else:
            assert found == anchored(pattern), keys


def test_no_other_pattern_defines_a_value() -> None:
    # Every pattern in the schemas is in the table (but the "x-" extension keys).
    for name in PATTERNS:
        text = json.dumps(schema(name))
        patterns = re.findall(r'"pattern": ("(?:[^"\\]|\\.)*")', text)
        assert {json.loads(p) for p in patterns} <= {
            anchored(p) for k, p in PATTERNS[name].items() if k[-1] == "pattern"
        }


def _framework(**fields: Any) -> Framework:
    values: dict[str, Any] = {
        "id": "demo",
        "version": "1",
        "title": "T",
        "status": "draft",
        "publishers": [Publisher("P")],
    }
    return Framework(**{**values, **fields})


def _crosswalk(**fields: Any) -> Crosswalk:
    values: dict[str, Any] = {
        "id": "pair",
        "version": "1",
        "title": "T",
        "frameworks": [Ref("listed-fw", "1")],
    }
    return Crosswalk(**{**values, **fields})


# For each definition: the schema that holds it, its place, and a model object that takes it.
MODEL: dict[tuple[str, str], Callable[[str], object]] = {
    ("framework", "frameworkId"): lambda s: _framework(id=s),
    ("framework", "version"): lambda s: _framework(version=s),
    ("framework", "text"): lambda s: _framework(title=s),
    ("framework", "name"): lambda s: Level(id=s, label="L"),
    ("framework", "itemId"): lambda s: Item(id=s, kind="c", title="T"),
    ("framework", "language"): lambda s: _framework(language=s),
    ("crosswalk", "crosswalkId"): lambda s: _crosswalk(id=s),
    ("crosswalk", "version"): lambda s: _crosswalk(version=s),
    ("crosswalk", "text"): lambda s: _crosswalk(title=s),
    ("crosswalk", "uri"): lambda s: _crosswalk(prefixes={"P": s}),
    ("crosswalk", "prefix"): lambda s: _crosswalk(prefixes={s: "http://example.org/"}),
}


@functools.cache
def _validator(name: str, definition: str) -> jsonschema.Draft202012Validator:
    shipped = schema(name)
    if definition == "language":
        sub = shipped["properties"]["language"]
    elif definition == "prefix":
        sub = {"type": "object", **shipped["properties"]["prefixes"]}
        sub["patternProperties"] = {k: True for k in sub["patternProperties"]}
    else:
        sub = {"$ref": f"#/$defs/{definition}", "$defs": shipped["$defs"]}
    return jsonschema.Draft202012Validator(sub)


def _schema_accepts(name: str, definition: str, value: str) -> bool:
    return _validator(name, definition).is_valid({value: "x"} if definition == "prefix" else value)


def _model_accepts(make: Callable[[str], object], value: str) -> bool:
    try:
        make(value)
    except (ModelError, CecompetencyError):
        return False
    return True


_CHARS = "aZ09._-+@:/ \n\t\r\x0b\x1b\x00\x7f\x85\x9b\xa0é\u2028\ufeff\ufffe\ud800"
strings = st.one_of(
    st.text(st.sampled_from(_CHARS), max_size=6),
    st.from_regex(r"[a-z0-9]{1,4}(\.[a-z0-9]{1,3})?", fullmatch=True).flatmap(
        lambda s: st.sampled_from([s, s + "\n", "\n" + s, s + "\r", s + " ", s + "\x1b"])
    ),
)


@pytest.mark.parametrize(("name", "definition"), sorted(MODEL))
@settings(max_examples=200, deadline=None)
@given(value=strings)
@example(value="demo\n")
@example(value="a\x1b[31m")
@example(value="\x00")
@example(value=" x ")
def test_schema_accepts_exactly_what_the_model_accepts(
    name: str, definition: str, value: str
) -> None:
    make = MODEL[(name, definition)]
    assert _schema_accepts(name, definition, value) == _model_accepts(make, value), value


# -- through a whole file --------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["id: demo", 'version: "1.0"', "id: a1", "title: Demo competencies"]),
       strings)  # fmt: skip
@example("id: demo", "demo\n")
def test_a_file_validate_passes_always_loads(line: str, value: str) -> None:
    key = line.split(":")[0]
    text = VALID.replace(line, f"{key}: {json.dumps(value)}", 1)
    issues = validate_text(text)
    try:
        loads(text)
    except FrameworkError as exc:
        assert issues and list(exc.issues) == issues
    else:
        assert issues == []


def test_demo_newline_is_a_located_framework_error() -> None:
    text = VALID.replace("id: demo", 'id: "demo\\n"', 1)
    with pytest.raises(FrameworkError) as caught:
        loads(text, "f.yaml")
    [issue] = caught.value.issues
    assert (issue.code, issue.line) == ("CE204", 2)


@pytest.mark.parametrize("written", ['"\\e"', '"\\x1b"', '"\\u001b"', '"\\0"', '"a\\x7fb"'])
def test_control_characters_written_as_yaml_escapes_are_refused(written: str) -> None:
    text = VALID.replace("title: Demo competencies", f"title: {written}", 1)
    with pytest.raises(FrameworkError) as caught:
        loads(text, "f.yaml")
    [issue] = caught.value.issues
    assert issue.code == "CE103" and issue.line == 4 and "control character" in issue.message


def test_control_characters_written_as_json_escapes_are_refused() -> None:
    document = {
        "format": "cecompetency/1",
        "id": "demo",
        "version": "1",
        "title": "Demo \u001b[2J",
        "status": "draft",
        "publishers": [{"name": "P"}],
    }
    with pytest.raises(FrameworkError) as caught:
        loads(json.dumps(document, indent=1), "f.json")
    assert [(i.code, i.line) for i in caught.value.issues] == [("CE103", 5)]


def test_a_crosswalk_refuses_them_too() -> None:
    text = (
        "format: cecompetency-crosswalk/1\nid: pair\nversion: '1'\n"
        'title: "pair\\e"\nframeworks: []\nmappings: []\n'
    )
    with pytest.raises(CecompetencyError) as caught:
        loads_crosswalk(text, "c.yaml")
    assert [i.code for i in caught.value.issues] == ["CE103"]  # type: ignore[attr-defined]


def test_an_importer_refuses_them_located() -> None:
    table = "reference,title\nx@1:a,Fine\nx@1:b,Bad \x1b[31m red\n"
    meta = {"title": "X", "publishers": [{"name": "P"}], "kinds": ["area"]}
    with pytest.raises(FrameworkError) as caught:
        framework_from_csv(table, "t.csv", metadata=meta)
    assert [(i.code, i.line, i.column) for i in caught.value.issues] == [("CE103", 3, 2)]


@pytest.mark.parametrize("character", ["\x1b", "\x00", "\x7f", "\ud800", "\ufffe"])
def test_the_model_refuses_them(character: str) -> None:
    with pytest.raises(ModelError, match=f"U\\+{ord(character):04X}"):
        Item(id="a", kind="c", title=f"x{character}y")
    with pytest.raises(ModelError):
        Item(id=f"a{character}", kind="c", title="t")


def test_tabs_and_line_breaks_stay_allowed_in_texts() -> None:
    item = Item(id="a", kind="c", title="T", statement="First line\n\tsecond\r\nthird")
    assert item.statement == "First line\n\tsecond\r\nthird"
