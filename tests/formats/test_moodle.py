"""Moodle's competency framework CSV: what its import tool reads, and reading it back."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from interop_hostile import HOSTILE

from cecompetency.formats.moodle import (
    DEFAULT_SCALE,
    MOODLE_COLUMNS,
    TAXONOMIES,
    TITLES,
    framework_from_moodle,
    framework_to_moodle,
    shortname,
)
from cecompetency.model.errors import FrameworkError
from cecompetency.model.framework import Framework
from cecompetency.model.levels import Level, LevelScale

PUBLISHER = {"publishers": [{"name": "Alliance for Continuing Medical Education"}]}


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_alliance_export_is_what_moodle_reads(alliance: Framework) -> None:
    rows = _rows(framework_to_moodle(alliance))
    assert rows[0] == list(TITLES) and len(MOODLE_COLUMNS) == 14
    assert all(len(row) == 14 for row in rows)  # Moodle rejects rows of another width
    top = dict(zip(MOODLE_COLUMNS, rows[1], strict=True))
    assert top["isframework"] == "1" and top["parentidnumber"] == ""
    assert top["idnumber"] == "alliance@2008"
    assert top["taxonomy"] == "domain,competency"
    assert all(term in TAXONOMIES for term in top["taxonomy"].split(","))
    # A framework needs a scale with a default and a proficient value.
    assert top["scalevalues"] == ",".join(DEFAULT_SCALE)
    config = json.loads(top["scaleconfiguration"])
    assert "scaleid" in config[0]
    assert any(c.get("scaledefault") for c in config[1:])
    assert any(c.get("proficient") for c in config[1:])
    items = [dict(zip(MOODLE_COLUMNS, row, strict=True)) for row in rows[2:]]
    assert len(items) == len(alliance)
    assert all(0 < len(i["shortname"]) <= 100 and i["isframework"] == "" for i in items)
    by_id = {i["idnumber"]: i for i in items}
    assert by_id["2.10"]["parentidnumber"] == "2"
    assert by_id["2.10"]["description"] == alliance["2.10"].statement
    assert by_id["2"]["shortname"] == "Educational interventions"
    assert [i["exportid"] for i in items] == [str(n) for n in range(1, len(items) + 1)]
    # Parents come before their children, as Moodle builds the tree from the rows.
    seen: set[str] = set()
    for item in items:
        assert item["parentidnumber"] in seen | {""}
        seen.add(item["idnumber"])


def test_shortname_fits_moodle() -> None:
    long = "word " * 40
    assert len(shortname(long)) <= 100 and shortname(long).endswith("...")
    assert shortname("Short") == "Short"


def test_alliance_import_of_the_export(alliance: Framework) -> None:
    imported = framework_from_moodle(framework_to_moodle(alliance), metadata=PUBLISHER)
    fw = imported.value
    assert imported.warnings == ()
    assert (fw.ref, fw.title, fw.description) == (
        alliance.ref,
        alliance.title,
        alliance.description,
    )
    pairs = list(zip(alliance.walk(), fw.walk(), strict=True))
    assert all((a.id, a.title, a.statement) == (b.id, b.title, b.statement) for a, b in pairs)
    assert [fw.parent_of(i) and fw.parent_of(i).id for i in fw.walk()] == [  # type: ignore[union-attr]
        alliance.parent_of(i) and alliance.parent_of(i).id
        for i in alliance.walk()  # type: ignore[union-attr]
    ]
    assert {i.kind for i in fw.items} == {"domain"}


def test_a_framework_scale_is_exported(alliance: Framework) -> None:
    import attrs

    scale = LevelScale(
        "proficiency", "Proficiency", [Level("novice", "Novice"), Level("expert", "Expert")]
    )
    fw = attrs.evolve(alliance, scales=[scale])
    top = dict(zip(MOODLE_COLUMNS, _rows(framework_to_moodle(fw))[1], strict=True))
    assert top["scalevalues"] == "Novice,Expert"
    config = json.loads(top["scaleconfiguration"])
    assert config[1:] == [
        {"id": 1, "scaledefault": 1, "proficient": 0},
        {"id": 2, "scaledefault": 0, "proficient": 1},
    ]


# A framework as Moodle's own exporter writes it: HTML descriptions, rules, cross-references.
MOODLE_EXPORT = (
    '"Parent ID number","ID number","Short name",Description,"Description format",'
    '"Scale values","Scale configuration","Rule type (optional)","Rule outcome (optional)",'
    '"Rule config (optional)","Cross-referenced competency ID numbers",'
    '"Exported ID (optional)","Is framework",Taxonomy\n'
    ',FW-1,"Office skills","<p>All of them</p>",1,"Not yet competent,Competent",'
    '"[{""scaleid"":""2""},{""id"":2,""scaledefault"":1,""proficient"":1}]",,,,,,1,'
    '"domain,skill"\n'
    ',plan,Planning,"<p>Plans well<br>and early &amp; often</p>",1,,,,0,null,,7,,\n'
    "plan,budget,Budgeting,,1,,,core_competency\\competency_rule_all,1,null,plan,8,,\n"
)


def test_import_of_a_moodle_export() -> None:
    meta: dict[str, Any] = {"version": "1", **PUBLISHER}
    fw = framework_from_moodle(MOODLE_EXPORT, "m.csv", metadata={"id": "fw-1", **meta}).value
    assert (fw.id, fw.title, fw.description) == ("fw-1", "Office skills", "All of them")
    assert fw["plan"].statement == "Plans well\nand early & often"
    assert (fw["plan"].kind, fw["budget"].kind) == ("domain", "skill")
    kept = fw["budget"].extensions["x-moodle"]
    assert kept["ruletype"] == "core_competency\\competency_rule_all"
    assert kept["relatedidnumbers"] == ["plan"]
    assert fw.extensions["x-moodle"]["scalevalues"] == "Not yet competent,Competent"
    again = _rows(framework_to_moodle(fw))
    assert again[1][6] == '[{"scaleid":"2"},{"id":2,"scaledefault":1,"proficient":1}]'
    budget = next(dict(zip(MOODLE_COLUMNS, r, strict=True)) for r in again if r[1] == "budget")
    assert budget["ruletype"] == "core_competency\\competency_rule_all"
    assert budget["relatedidnumbers"] == "plan" and budget["exportid"] == "8"


def test_import_problems_are_located() -> None:
    meta = {"id": "fw-1", "version": "1", **PUBLISHER}
    broken = MOODLE_EXPORT.replace("plan,budget", "plam,budget")
    with pytest.raises(FrameworkError) as caught:
        framework_from_moodle(broken, "m.csv", metadata=meta)
    issue = caught.value.issues[0]
    assert (issue.code, issue.line, issue.column) == ("CE627", 4, 1)
    assert "did you mean 'plan'" in issue.message
    no_framework = MOODLE_EXPORT.replace('",,,,,,1,', '",,,,,,,')
    with pytest.raises(FrameworkError) as caught:
        framework_from_moodle(no_framework, "m.csv", metadata=meta)
    assert caught.value.issues[0].code == "CE660"
    with pytest.raises(FrameworkError) as caught:
        framework_from_moodle(MOODLE_EXPORT, "m.csv", metadata={"version": "1", **PUBLISHER})
    assert caught.value.issues[0].code == "CE629"


def test_a_foreign_header_is_read_by_position_when_lenient() -> None:
    meta = {"id": "fw-1", "version": "1", **PUBLISHER}
    french = MOODLE_EXPORT.replace('"Parent ID number"', '"Numéro d\'identification parent"')
    with pytest.raises(FrameworkError) as raised:
        framework_from_moodle(french, "m.csv", metadata=meta)
    assert {i.code for i in raised.value.issues} == {"CE623"}
    imported = framework_from_moodle(french, "m.csv", metadata=meta, lenient=True)
    assert [i.id for i in imported.value.walk()] == ["plan", "budget"]
    assert [w.code for w in imported.warnings] == ["CE623"]


@pytest.mark.parametrize(("name", "source"), HOSTILE)
def test_hostile_input(name: str, source: bytes) -> None:
    with pytest.raises(FrameworkError) as caught:
        framework_from_moodle(source, "h.csv", metadata=PUBLISHER)
    assert all(i.file == "h.csv" for i in caught.value.issues)


def test_idnumbers_as_moodle_allows_them_and_rules_survive() -> None:
    from cecompetency.formats.moodle import TITLES, framework_from_moodle, framework_to_moodle

    rows = [
        list(TITLES),
        ["", "My framework 😀", "F", "<p>Intro</p>", "1", "", "", "", "", "", "", "", "1", ""],
        [
            "",
            "top one",
            "Top",
            "<p>A <b>b</b></p>",
            "1",
            "",
            "",
            "points",
            "1",
            '{"base":{"points":1},"competencies":[{"id":"7","points":1,"required":0}]}',
            "",
            "5",
            "",
            "",
        ],
        ["top one", "kid 😀", "Kid", "", "2", "", "", "", "0", "null", "top one", "7", "", ""],
    ]
    text = "\n".join(",".join('"' + c.replace('"', '""') + '"' for c in r) for r in rows)
    meta = {"id": "f", "version": "1", "publishers": [{"name": "P"}]}
    imported = framework_from_moodle(text, "m.csv", metadata=meta)
    fw = imported.value
    assert imported.warnings == ()
    assert [i.id for i in fw.walk()] == ["top-one", "kid"]
    assert fw["top-one"].statement == "A b"  # a plain reading; the HTML is kept
    again = list(csv.reader(io.StringIO(framework_to_moodle(fw))))
    assert [r[:5] + r[7:12] for r in again[1:]] == [r[:5] + r[7:12] for r in rows[1:]]


@pytest.mark.parametrize("fmt", ["csv", "moodle", "json", "markdown"])
def test_export_crosswalk_is_refused_where_mappings_have_no_place(
    fmt: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from cecompetency.cli import main

    assert main(["export", "alliance@2008", "--format", fmt, "--crosswalk", "alliance-ccmep"]) == 2
    err = capsys.readouterr().err
    assert f"a {fmt} file cannot carry mappings" in err and "ctdl" in err
    assert "Traceback" not in err
