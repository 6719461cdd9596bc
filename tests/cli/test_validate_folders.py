"""`validate` finds the frameworks a crosswalk names in the folder above `crosswalks/`."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cecompetency.cli import main

FRAMEWORK = """\
format: cecompetency/1
id: own
version: "1"
title: Our own framework
status: draft
publishers: [{name: Us}]
kinds: [area]
items:
  - {id: "1", title: Planning}
"""

CROSSWALK = """\
format: cecompetency-crosswalk/1
id: own-alliance
version: "1"
title: Ours to Alliance 2008
frameworks: [own@1, alliance@2008]
defaults: {justification: semapv:ManualMappingCuration}
mappings:
  - {subject: "own:%s", relation: related, object: "alliance:2.2"}
"""


def _tree(tmp_path: Path, item: str) -> Path:
    (tmp_path / "crosswalks").mkdir()
    (tmp_path / "own@1.yaml").write_text(FRAMEWORK, "utf-8")
    path = tmp_path / "crosswalks" / "own-alliance@1.yaml"
    path.write_text(CROSSWALK % item, "utf-8")
    return path


def test_crosswalk_beside_its_frameworks_validates_without_path(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _tree(tmp_path, "1")
    assert main(["validate", str(tmp_path)]) == 0
    assert f"{path}: ok" in capsys.readouterr().out


def test_a_dangling_item_in_such_a_crosswalk_is_still_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _tree(tmp_path, "9")
    assert main(["validate", str(path), "--format", "github"]) == 1
    out = capsys.readouterr().out
    assert "::error file=" in out and "title=CE405" in out and ",line=8," in out


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_folder_search_skips_named_pipes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Opening a named pipe waits for a writer: reading one found in a folder would hang.
    _tree(tmp_path, "1")
    os.mkfifo(tmp_path / "pipe.yaml")
    assert main(["validate", str(tmp_path)]) == 0
    assert "pipe.yaml" not in capsys.readouterr().out
