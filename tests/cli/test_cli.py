"""The ``cecompetency`` command: list, show, validate, schema; exit codes 0, 1, 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from samples import BUNDLED, ISSUE_LINE, VALID

from cecompetency.cli import main
from cecompetency.files.framework_files import load_file, loads
from cecompetency.files.schemas import schema

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# -- list -------------------------------------------------------------------------------------


def test_list(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0 and err == ""
    line = next(line for line in out.splitlines() if line.startswith("alliance@2008 "))
    assert line.split()[1:4] == ["published", "56", "items"]
    assert line.endswith("CME Staff Competencies")


def test_list_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "list", "--format", "json")
    assert code == 0
    rows = {row["ref"]: row for row in json.loads(out)}
    assert rows["alliance@2008"]["items"] == 56
    assert rows["alliance@2008"]["status"] == "published"
    assert Path(rows["alliance@2008"]["path"]).name == "alliance@2008.yaml"


def test_list_with_a_folder_and_a_broken_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, "demo@1.0.yaml", VALID)
    write(tmp_path, "bad@1.yaml", "format: cecompetency/1\nid: bad\n")
    code, out, err = run(capsys, "--path", str(tmp_path), "list")
    assert code == 1  # the broken file is reported, the others still listed
    assert any(line.startswith("demo@1.0 ") for line in out.splitlines())
    assert any(line.startswith("alliance@2008 ") for line in out.splitlines())
    assert "bad@1" in out and "invalid" in out
    assert f"{tmp_path / 'bad@1.yaml'}:1:1: error[CE202]: missing required key 'version'" in err


# -- show -------------------------------------------------------------------------------------


def test_show_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "alliance@2008")
    assert code == 0
    assert out.startswith("CME Staff Competencies (alliance@2008, published)\n")
    assert "8 areas, 48 competencies" in out
    assert "  2.10  Emphasize problem-based/practice-based learning" in out


def test_show_json_yaml_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    bundled = load_file(BUNDLED)
    code, out, _ = run(capsys, "show", "alliance@2008", "--format", "json")
    assert code == 0 and loads(out) == bundled
    code, out, _ = run(capsys, "show", "alliance", "--format", "yaml")
    assert code == 0 and loads(out) == bundled
    code, out, _ = run(capsys, "show", "alliance@2008", "--format", "markdown")
    assert code == 0
    assert out.startswith("# CME Staff Competencies\n")
    assert "## 2. Educational interventions" in out
    assert "- **2.10** Emphasize problem-based/practice-based learning" in out


def test_show_an_item(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "show", "alliance@2008:2.10", "--format", "json")
    assert code == 0
    assert json.loads(out) == {
        "ref": "alliance@2008:2.10",
        "id": "2.10",
        "kind": "competency",
        "statement": "Emphasize problem-based/practice-based learning",
    }
    code, out, _ = run(capsys, "show", "alliance@2008:2.10")
    assert code == 0
    assert out.splitlines() == [
        "alliance@2008:2.10 (competency)",
        "in Educational interventions",
        "Emphasize problem-based/practice-based learning",
    ]
    code, out, _ = run(capsys, "show", "alliance:2", "--format", "yaml")
    assert code == 0 and "ref: alliance@2008:2\n" in out and "- id: '2.10'" in out


def test_show_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", VALID)
    code, out, _ = run(capsys, "show", str(path), "--format", "json")
    assert code == 0 and loads(out) == loads(VALID)


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("show", "alliance@2008:2.1O"), "alliance@2008 has no item '2.1O' (did you mean '2.1'?)"),
        (("show", "allianse"), "no framework 'allianse' (did you mean 'alliance'?)"),
        (("show", "alliance@2009"), "has no version '2009'; known versions: 2008"),
        (("show", "alliance@"), "is not a reference"),
        (("show", "../../etc/passwd.yaml"), "No such file or directory"),
        (("show", "alliance@2008", "--max-bytes", "0"), "expected at least 1 byte"),
        (("show",), "the following arguments are required: REF"),
        (("show", "alliance", "--format", "pdf"), "invalid choice: 'pdf'"),
        ((), "usage:"),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...], words: str
) -> None:
    try:
        code, out, err = run(capsys, *args)
    except SystemExit as exit_:  # argparse's own refusals
        code = int(exit_.code or 0)
        out, err = capsys.readouterr()
    assert code == 2
    assert words in out + err
    assert "Traceback" not in out + err


def test_show_an_invalid_file_exits_1(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "bad.yaml", VALID.replace("id: demo", "id: 12"))
    code, out, err = run(capsys, "show", str(path))
    assert code == 1 and out == ""
    assert err.splitlines() == [
        f"{path}:2:5: error[CE203]: expected text, found the number 12; YAML reads the "
        "unquoted '12' as a number or boolean, quote it: '12'"
    ]


# -- validate ---------------------------------------------------------------------------------


def test_validate_valid_files(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", VALID)
    code, out, err = run(capsys, "validate", str(path), str(BUNDLED))
    assert code == 0 and err == ""
    assert out.splitlines() == [f"{path}: ok", f"{BUNDLED}: ok"]


def test_validate_reports_every_issue_and_exits_1(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    good = write(tmp_path, "good.yaml", VALID)
    bad = write(
        tmp_path, "bad.yaml", VALID.replace('"1.0"', "1.0").replace("kinds:", "kind: x\nkinds:")
    )
    code, out, _ = run(capsys, "validate", str(good), str(bad))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"{good}: ok"
    assert [ISSUE_LINE.match(line)["code"] for line in lines[1:]] == ["CE203", "CE201"]  # type: ignore[index]
    assert lines[1].startswith(f"{bad}:3:10: error[CE203]")
    assert lines[2] == f"{bad}:8:1: error[CE201]: unknown key 'kind' (did you mean 'kinds'?)"


def test_validate_as_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", VALID.replace("id: demo", "id: 12"))
    code, out, _ = run(
        capsys, "validate", str(bad), str(tmp_path / "missing.yaml"), "--format", "json"
    )
    assert code == 2  # an unreadable file outranks an invalid one
    report = json.loads(out)
    assert report[0]["file"] == str(bad) and report[0]["valid"] is False
    assert report[0]["issues"][0] == {
        "code": "CE203",
        "severity": "error",
        "line": 2,
        "column": 5,
        "message": "expected text, found the number 12; YAML reads the unquoted '12' as a "
        "number or boolean, quote it: '12'",
        "path": ["id"],
    }
    assert report[1]["valid"] is False and "No such file" in report[1]["error"]


def test_validate_a_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", VALID)
    (tmp_path / "sub").mkdir()
    write(tmp_path / "sub", "b.yml", VALID)
    write(tmp_path, "notes.txt", "not yaml")
    write(tmp_path, ".hidden.yaml", "broken: [")
    code, out, _ = run(capsys, "validate", str(tmp_path))
    assert code == 0
    assert out.splitlines() == [f"{tmp_path / 'a.yaml'}: ok", f"{tmp_path / 'sub' / 'b.yml'}: ok"]


def test_validate_io_errors_exit_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "missing.yaml"))
    assert code == 2
    missing = tmp_path / "missing.yaml"
    assert err == f"{missing}: error[CE100]: cannot read the file: No such file or directory\n"
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, "validate", str(empty))
    assert code == 2 and "no YAML files found" in err


def test_validate_max_bytes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", VALID)
    code, out, _ = run(capsys, "validate", str(path), "--max-bytes", "100")
    assert code == 1
    assert out.startswith(f"{path}: error[CE101]: the file is ")
    code, _, _ = run(capsys, "validate", str(path), "--max-bytes", str(len(VALID)))
    assert code == 0
    for bad in ("0", "-1", "lots"):
        with pytest.raises(SystemExit) as info:
            main(["validate", str(path), "--max-bytes", bad])
        assert info.value.code == 2
    capsys.readouterr()


# -- schema -----------------------------------------------------------------------------------


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    assert code == 0 and "framework" in out.split()
    code, out, _ = run(capsys, "schema", "framework")
    assert code == 0 and json.loads(out) == schema("framework")


# -- a real process ---------------------------------------------------------------------------


def test_python_dash_m(tmp_path: Path) -> None:
    bad = write(tmp_path, "bad.yaml", VALID.replace("id: demo", "id: 12"))
    result = subprocess.run(
        [sys.executable, "-m", "cecompetency", "validate", str(BUNDLED), str(bad)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == f"{BUNDLED}: ok"
    assert result.stdout.splitlines()[1].startswith(f"{bad}:2:5: error[CE203]")
    assert result.stderr == ""
    shown = subprocess.run(
        [sys.executable, "-m", "cecompetency", "show", "alliance@2008:8.3"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert shown.returncode == 0
    assert "Promote professional development for self and staff" in shown.stdout


def test_show_an_item_whose_id_holds_a_slash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    write(tmp_path, "demo@1.0.yaml", VALID.replace('"1.2"', '"1/2"'))
    code, out, err = run(
        capsys, "--path", str(tmp_path), "show", "demo@1.0:1/2", "--format", "json"
    )
    assert (code, err) == (0, "")
    assert json.loads(out)["ref"] == "demo@1.0:1/2"


def test_every_command_is_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    """Each command a module registers is listed by --help, with no help left to the tests."""
    expected = {
        "list", "show", "schema", "validate", "map", "coverage", "diff", "compare", "find",
        "suggest", "export", "import", "merge",
    }  # fmt: skip
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    listed = capsys.readouterr().out
    assert {name for name in expected if f"    {name}" in listed} == expected
