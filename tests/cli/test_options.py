"""The command line as a new user types it: global options anywhere, every --help example
runs, usage mistakes exit 2 in the command line's own words."""

from __future__ import annotations

import argparse
import json
import shlex
from pathlib import Path

import pytest
from samples import ROOT, VALID

from cecompetency.cli import build_parser, main
from cecompetency.files.atomic import write_atomic
from cecompetency.model.errors import FileExistsRefusal

Run = tuple[int, str, str]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> Run:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with one framework of our own, ``demo@1.0``, and no CECOMPETENCY_PATH."""
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "demo@1.0.yaml").write_text(VALID, encoding="utf-8")
    return folder


# -- global options before or after the command -----------------------------------------------


@pytest.mark.parametrize(
    "where",
    ["before", "after", "between"],
)
def test_path_is_accepted_before_and_after_the_command(
    capsys: pytest.CaptureFixture[str], own_folder: Path, where: str
) -> None:
    command = ["show", "demo@1.0:1.1"]
    path = ["--path", str(own_folder)]
    args = {
        "before": [*path, *command],
        "after": [*command, *path],
        "between": [command[0], *path, command[1]],
    }[where]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == "demo@1.0:1.1 (competency)"


def test_path_given_on_both_sides_adds_up(
    capsys: pytest.CaptureFixture[str], own_folder: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    (other / "demo@2.0.yaml").write_text(
        VALID.replace('version: "1.0"', 'version: "2.0"'), encoding="utf-8"
    )
    code, out, _ = run(
        capsys, "--path", str(own_folder), "list", "--path", str(other), "--format", "json"
    )
    assert code == 0
    refs = [row["ref"] for row in json.loads(out)]
    assert "demo@1.0" in refs and "demo@2.0" in refs


def test_path_after_the_command_is_listed_in_its_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["map", "--help"])
    assert "--path FOLDER" in capsys.readouterr().out


# -- every --help example ------------------------------------------------------------------------


def _examples() -> list[tuple[str, str]]:
    """(command, example line) for every example in every --help, the main one's too."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    found = []
    for name, command in [("cecompetency", parser), *sub.choices.items()]:
        lines = (command.epilog or "").splitlines()
        found += [(name, line.strip()) for line in lines if line.startswith("  cecompetency ")]
    return found


EXAMPLES = _examples()


def _words(example: str) -> list[str]:
    """The arguments of an example, without a shell redirection or a comment."""
    words = shlex.split(example, comments=True)[1:]
    for redirect in (">", ">>"):
        if redirect in words:
            words = words[: words.index(redirect)]
    return words


def test_there_are_examples_for_every_command() -> None:
    commands = {name for name, _ in EXAMPLES}
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    assert commands == {"cecompetency", *sub.choices}


@pytest.mark.parametrize(("command", "example"), EXAMPLES, ids=[e for _, e in EXAMPLES])
def test_every_help_example_parses(command: str, example: str) -> None:
    build_parser().parse_args(_words(example))  # argparse exits 2 on a wrong example


# The files and references the examples assume the user has; the others run as written.
_USERS_OWN = ("my-", "mine.yaml", "old.yaml", "a.yaml", "a-b.yaml", "a@1", "hub@2")
_USERS_OWN += ("package.json", "graph.json", "items.csv", "moodle.csv", "mappings.sssom")
_USERS_OWN += ("other-ccmep", "reviewed.yaml")


@pytest.mark.parametrize(
    "example",
    [e for _, e in EXAMPLES if not any(own in e for own in _USERS_OWN)],
)
def test_help_examples_on_the_bundled_data_run(
    example: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    (tmp_path / "frameworks").symlink_to(ROOT / "frameworks", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *_words(example))
    assert code == 0, f"{example}: exit {code}\n{out}{err}"


def test_the_map_example_with_a_crosswalk_of_ones_own_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``map my-fw@1:3 --to hub@2 --crosswalk my-fw-hub.yaml --path .``, as --help shows."""
    (example,) = [e for _, e in EXAMPLES if "my-fw-hub.yaml" in e]
    monkeypatch.delenv("CECOMPETENCY_PATH", raising=False)
    monkeypatch.chdir(tmp_path)
    items = "items:\n  - id: '3'\n    title: Three\n  - id: '4'\n    title: Four\n"
    for fid, version in (("my-fw", "1"), ("hub", "2")):
        head = VALID.split("kinds:")[0].replace("id: demo", f"id: {fid}")
        head = head.replace('version: "1.0"', f'version: "{version}"')
        Path(f"{fid}@{version}.yaml").write_text(head + "kinds: [area]\n" + items, "utf-8")
    Path("my-fw-hub.yaml").write_text(
        "format: cecompetency-crosswalk/1\nid: my-fw-hub\nversion: '1'\ntitle: Mine to hub\n"
        "frameworks: [my-fw@1, hub@2]\n"
        "mappings:\n  - {subject: my-fw:3, relation: exact, object: hub:4,"
        " justification: semapv:ManualMappingCuration}\n",
        "utf-8",
    )
    code, out, err = run(capsys, *_words(example))
    assert (code, err) == (0, "")
    assert "hub@2:4" in out


# -- usage mistakes, in the command line's words ------------------------------------------------


@pytest.mark.parametrize("text", ["", "   ", "?!"])
def test_find_without_words_is_a_usage_error(capsys: pytest.CaptureFixture[str], text: str) -> None:
    code, out, err = run(capsys, "find", text)
    assert (code, out) == (2, "")
    assert err == f"cecompetency: TEXT {text!r} has no words to look for; give some\n"


def test_refusing_to_replace_a_file_names_the_option_of_the_command_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "out.sarif"
    out.write_text("keep\n")
    code, _, err = run(
        capsys, "validate", str(ROOT / "frameworks"), "--format", "sarif", "-o", str(out)
    )
    assert code == 2
    assert err == f"cecompetency: {out}: exists; refusing to replace it (use --force)\n"
    assert out.read_text() == "keep\n"
    # The Python API names its own argument.
    with pytest.raises(FileExistsRefusal, match=r"\(pass overwrite=True\)$"):
        write_atomic(out, "new\n")


def test_an_unreadable_file_exits_2_and_a_folder_is_called_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(capsys, "show", str(tmp_path) + "/")
    assert code == 2
    assert err == f"{tmp_path}/: error[CE100]: cannot read the path: it is a folder, not a file\n"
    code, _, err = run(capsys, "show", str(tmp_path / "nope.yaml"))
    assert code == 2
    assert "error[CE100]: cannot read the file: No such file or directory" in err


def test_validate_reports_a_name_mismatch_in_every_format(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "demo@1.0.yaml"
    path.write_text(VALID.replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 1
    assert out == (
        f"{path}:3:10: error[CE307]: the file name says 'demo@1.0' but the file holds "
        "demo@1.1; rename one of them\n"
    )
    code, out, _ = run(capsys, "validate", str(path), "--format", "github")
    assert code == 1 and ",line=3,col=10,title=CE307::" in out
    code, out, _ = run(capsys, "validate", str(path), "--format", "json")
    assert code == 1 and [i["code"] for i in json.loads(out)[0]["issues"]] == ["CE307"]
