"""The ``diff``, ``compare`` and ``find`` commands, run through ``cecompetency.cli.main``."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from cecompetency import cli
from cecompetency.files.crosswalk_codec import dump_crosswalk_file
from cecompetency.files.framework_files import dump_file
from cecompetency.model.crosswalk import Crosswalk, Mapping
from cecompetency.model.framework import Framework, Item, Publisher


@pytest.fixture(autouse=True)
def _diff_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    if "diff" not in cli.COMMAND_MODULES:
        monkeypatch.setattr(cli, "COMMAND_MODULES", (*cli.COMMAND_MODULES, "diff"))


def demo(version: str, *areas: Item) -> Framework:
    return Framework(
        id="demo",
        version=version,
        title="Demo competencies",
        status="published",
        publishers=[Publisher("Demo Organization")],
        items=areas
        or (
            Item(
                id="1",
                kind="area",
                title="Planning",
                children=[
                    Item(id="1.1", kind="competency", statement="Plan educational activities"),
                    Item(id="1.2", kind="competency", statement="Write learning objectives"),
                ],
            ),
        ),
    )


def write(folder: Path, framework: Framework) -> str:
    return str(dump_file(framework, folder / f"{framework.ref}.yaml"))


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def removed(version: str) -> Framework:
    old = demo("1.0")
    return attrs.evolve(
        old, version=version, items=[attrs.evolve(old["1"], children=old["1"].children[:1])]
    )


def added(version: str) -> Framework:
    old = demo("1.0")
    extra = Item(id="2", kind="area", title="Budgets")
    return attrs.evolve(old, version=version, items=(*old.items, extra))


def test_diff_text_markdown_json(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old, new = write(tmp_path, demo("1.0")), write(tmp_path, removed("2.0"))
    code, out, _ = run(capsys, "diff", old, new)
    assert code == 0
    assert "breaking   removed  1.2 Write learning objectives (competency)" in out
    assert "suggested version bump: major" in out
    code, out, _ = run(capsys, "diff", old, new, "--format", "markdown")
    assert out.startswith("## [2.0]") and "### Removed" in out
    code, out, _ = run(capsys, "diff", old, new, "--format", "json")
    data = json.loads(out)
    assert data["suggested_bump"] == "major"
    assert data["version_check"]["ok"] is True
    assert [c["kind"] for c in data["changes"]] == ["removed"]


@pytest.mark.parametrize(
    ("new", "fail_on", "code"),
    [
        (removed("2.0"), "breaking", 0),  # a major bump: reflected
        (removed("1.1"), "breaking", 1),  # breaking change, minor bump
        (removed("1.1"), "additive", 1),  # breaking is worse than additive
        (added("1.1"), "additive", 0),  # additive change, minor bump
        (added("1.0.1"), "additive", 1),  # additive change, patch bump
        (added("1.0.1"), "breaking", 0),  # nothing breaking to check
        (removed("1.1"), None, 0),  # no --fail-on: report only
    ],
)
def test_fail_on(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    new: Framework,
    fail_on: str | None,
    code: int,
) -> None:
    old_path, new_path = write(tmp_path, demo("1.0")), write(tmp_path, new)
    argv = ["diff", old_path, new_path] + (["--fail-on", fail_on] if fail_on else [])
    got, _out, err = run(capsys, *argv)
    assert got == code
    if code:
        assert "version bump" in err


def test_diff_of_references_and_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], alliance
) -> None:
    revised = attrs.evolve(alliance, version="2013", items=alliance.items[:-1])
    path = write(tmp_path, revised)
    code, out, _ = run(capsys, "diff", "alliance@2008", path, "--fail-on", "breaking")
    assert code == 0  # calendar versions: any later version reflects the changes
    assert "removed" in out and "calendar versions" in out
    code, _out, err = run(capsys, "diff", "alliance@1999", path)
    assert code == 2 and "no version" in err


def test_diff_of_two_frameworks_points_to_compare(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write(tmp_path, demo("1.0"))
    other = write(tmp_path, attrs.evolve(removed("2.0"), id="other"))
    code, out, err = run(capsys, "diff", old, other)
    assert code == 2 and out == ""
    assert "two frameworks, not two versions of one" in err
    assert f"cecompetency compare {old} {other}" in err and "--other-framework" in err
    code, out, err = run(capsys, "diff", old, other, "--fail-on", "breaking", "--format", "json")
    assert code == 2 and out == ""  # refused before anything is diffed or checked
    # Asked to, it goes on: the diff of the two, as for two versions.
    code, out, err = run(capsys, "diff", old, other, "--other-framework")
    assert code == 0 and err == ""
    assert out.startswith("demo@1.0 -> other@2.0: 1 changes (1 breaking")
    assert "removed  1.2 Write learning objectives" in out
    code, out, _ = run(capsys, "compare", old, other)
    assert code == 0 and "1.2 only in A" in out


def test_compare(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    a = demo("1")
    b = attrs.evolve(demo("1"), id="other")
    (tmp_path / "crosswalks").mkdir()
    for fw in (a, b):
        write(tmp_path, fw)
    cw = Crosswalk(
        "demo-other",
        "1",
        "Demo to other",
        ["demo@1", "other@1"],
        [Mapping("demo@1:1.1", "exact", "other@1:1.1")],
    )
    cw_path = dump_crosswalk_file(cw, tmp_path / "crosswalks" / "demo-other@1.yaml")
    common = ["--path", str(tmp_path), "compare", "demo@1", "other@1"]
    code, out, _ = run(capsys, *common)
    assert code == 0
    assert "1.1 exact other@1:1.1" in out and "1.2 only in A" in out
    code, out, _ = run(capsys, *common, "--crosswalk", str(cw_path), "--format", "json")
    assert json.loads(out)["pairs"] == 1
    code, out, _ = run(capsys, *common, "--format", "markdown")
    assert out.startswith("# `demo@1` compared with `other@1`")


def test_compare_versions_through_their_diff(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = write(tmp_path, demo("1.0")), write(tmp_path, removed("2.0"))
    code, out, _ = run(capsys, "compare", old, new)
    assert code == 0
    assert "1.2 only in A" in out


def test_find(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, demo("1.0"))
    code, out, _ = run(capsys, "find", "learning objectives", "--in", path)
    assert code == 0
    assert out.splitlines()[0].split()[1] == "demo@1.0:1.2"
    code, out, _ = run(capsys, "find", "plan", "--in", path, "--kind", "area", "--format", "json")
    assert [r["item"] for r in json.loads(out)] == ["1"]
    code, out, _ = run(capsys, "find", "zzzz", "--in", path)
    assert "no items match" in out
    code, out, _ = run(capsys, "find", "partners", "--kind", "competency")  # the registry
    assert "alliance@2008:5.1" in out
    code, _out, err = run(capsys, "find", "x", "--limit", "-1")
    assert code == 2 and "--limit" in err
