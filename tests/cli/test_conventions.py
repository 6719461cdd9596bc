"""One convention for what every command shares, and the answers a new user gets.

``--crosswalk`` takes one value and may be repeated, wherever it is placed; ``--format``
says what each choice is; the version is printed where ``$(...)`` finds it; a reference
given where a file is expected, or a file with an item, gets an answer that says what works.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest
from samples import ROOT, VALID

from cecompetency.cli import build_parser, main

CROSSWALK = str(ROOT / "frameworks" / "crosswalks" / "alliance-ccmep@1.0.yaml")
Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _option(command: argparse.ArgumentParser, flag: str) -> argparse.Action | None:
    return next((a for a in command._actions if flag in a.option_strings), None)


# -- --crosswalk: repeatable, one value each, in every command ----------------------------------


def test_every_crosswalk_option_takes_one_value_and_repeats() -> None:
    having = {
        name: option
        for name, command in _commands().items()
        if (option := _option(command, "--crosswalk")) is not None
    }
    assert {"map", "coverage", "compare", "export"} <= set(having)
    for name, option in having.items():
        assert isinstance(option, argparse._AppendAction), name
        assert option.nargs is None, name
        assert option.metavar == "CROSSWALK", name


@pytest.mark.parametrize(
    "args",
    [
        ["map", "--crosswalk", CROSSWALK, "alliance@2008:2.2", "--to", "nccme-ccmep"],
        ["coverage", "--crosswalk", CROSSWALK, "alliance@2008", "nccme-ccmep@2008"],
        ["compare", "--crosswalk", CROSSWALK, "alliance@2008", "nccme-ccmep@2008"],
        ["export", "--crosswalk", CROSSWALK, "alliance@2008", "--format", "ctdl"],
    ],
    ids=lambda args: args[0],
)
def test_a_crosswalk_before_the_arguments_leaves_them_alone(
    capsys: pytest.CaptureFixture[str], args: list[str]
) -> None:
    code, out, err = run(capsys, *args)
    assert code == 0, err
    assert "the following arguments are required" not in err
    assert out


def test_several_crosswalks_are_given_by_repeating_the_option() -> None:
    args = build_parser().parse_args(
        ["coverage", "--crosswalk", "a.yaml", "--crosswalk", "b.yaml", "x@1", "y@1"]
    )
    assert (args.crosswalk, args.source, args.target) == (["a.yaml", "b.yaml"], "x@1", "y@1")


# -- --format: every command says what its formats are ------------------------------------------


def test_every_format_option_has_help_naming_each_choice() -> None:
    having = {
        name: option
        for name, command in _commands().items()
        if (option := _option(command, "--format")) is not None
    }
    assert {"list", "show", "map", "coverage", "diff", "compare", "find"} <= set(having)
    for name, option in having.items():
        assert option.help, name
        for choice in option.choices or ():
            assert choice in option.help, (name, choice)


# -- the version on standard output, -V too ------------------------------------------------------


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_version_is_printed_on_standard_output(
    capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    with pytest.raises(SystemExit) as done:
        main([flag])
    out, err = capsys.readouterr()
    assert done.value.code == 0
    assert out.startswith("cecompetency ") and out.count("\n") == 1
    assert err == ""


# -- a reference where a file is expected, a file with an item ------------------------------------


def test_validate_given_a_reference_says_which_file_to_check(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    code, out, err = run(capsys, "validate", "alliance@2008")
    assert code == 2 and out == ""
    assert "error[CE100]" in err
    hint = err.split("'alliance@2008' is a reference, and validate checks files: ")[1]
    assert hint.startswith("cecompetency validate ")
    suggested = hint.removeprefix("cecompetency validate ").strip()
    assert Path(suggested).name == "alliance@2008.yaml"
    assert run(capsys, "validate", suggested)[0] == 0  # what it suggests works


def test_validate_given_a_crosswalk_reference_names_its_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "validate", "alliance-ccmep", "--format", "json")
    assert code == 2
    (result,) = json.loads(out)
    assert "alliance-ccmep@1.0.yaml" in result["error"]


def test_a_missing_file_that_is_no_reference_gets_no_hint(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert err.endswith("cannot read the file: No such file or directory\n")


def test_show_an_item_of_a_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "file.yaml"
    path.write_text(VALID, encoding="utf-8")
    code, out, err = run(capsys, "show", f"{path}:1.1")
    assert (code, err) == (0, "")
    assert out.splitlines()[:3] == ["demo@1.0:1.1 (competency)", "in Planning", "Plan activities."]
    code, out, _ = run(capsys, "show", f"{path}:1.1", "--format", "json")
    assert json.loads(out)["ref"] == "demo@1.0:1.1"


def test_show_an_item_of_a_file_named_without_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("file.yaml").write_text(VALID, encoding="utf-8")
    code, out, err = run(capsys, "show", "file.yaml:1.2")
    assert (code, err) == (0, "")
    assert out.startswith("demo@1.0:1.2 (competency)\n")
    code, _, err = run(capsys, "show", "file.yaml:9.9")
    assert code == 2 and "has no item '9.9'" in err


# -- validate --format json names CE100 as the other formats do ------------------------------------


def test_json_gives_an_unreadable_file_its_ce100_issue(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    missing = str(tmp_path / "missing.yaml")
    code, out, _ = run(capsys, "validate", missing, "--format", "json")
    assert code == 2
    (result,) = json.loads(out)
    assert result["valid"] is False and "No such file" in result["error"]
    assert [issue["code"] for issue in result["issues"]] == ["CE100"]
    assert result["issues"][0]["message"] == f"cannot read the file: {result['error']}"
    code, out, _ = run(capsys, "validate", missing, "--format", "github")
    assert "title=CE100::" in out


# -- list --format json lists the crosswalks that text list shows ---------------------------------


def test_list_as_json_has_the_crosswalks_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, text, _ = run(capsys, "list")
    assert code == 0
    code, out, _ = run(capsys, "list", "--format", "json")
    rows = {row["ref"]: row for row in json.loads(out)}
    assert {line.split()[0] for line in text.splitlines()} == set(rows)
    crosswalk = rows["alliance-ccmep@1.0"]
    assert crosswalk["kind"] == "crosswalk"
    assert crosswalk["frameworks"] == ["alliance@2008", "nccme-ccmep@2008"]
    assert Path(crosswalk["path"]).name == "alliance-ccmep@1.0.yaml"
    assert rows["alliance@2008"]["kind"] == "framework"
