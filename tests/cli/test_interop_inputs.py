"""What `import` and `export` take besides references: a metadata file, and files by path."""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import ROOT

from cecompetency.cli import main
from cecompetency.files.framework_files import dump_file, load_file
from cecompetency.model.framework import Framework

META = """\
id: alliance
version: "2008"
title: CME Staff Competencies
status: draft
publishers:
  - name: Alliance for Continuing Medical Education
"""


def test_import_takes_the_framework_fields_from_a_meta_file(
    alliance: Framework, tmp_path: Path
) -> None:
    table, meta, out = tmp_path / "a.csv", tmp_path / "meta.yaml", tmp_path / "out.yaml"
    assert main(["export", "alliance@2008", "--format", "csv", "-o", str(table)]) == 0
    meta.write_text(META, "utf-8")
    args = ["import", str(table), "--from", "csv", "--meta", str(meta), "-o", str(out)]
    assert main(args) == 0
    back = load_file(out)
    assert (back.title, back.status.value) == (alliance.title, "draft")
    assert [p.name for p in back.publishers] == [alliance.publishers[0].name]
    # Options on the command line win over the file.
    assert main([*args, "--status", "published", "--force"]) == 0
    assert load_file(out).status.value == "published"


def test_a_meta_file_that_is_not_a_mapping_is_refused_with_its_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table, meta = tmp_path / "a.csv", tmp_path / "meta.yaml"
    assert main(["export", "alliance@2008", "--format", "csv", "-o", str(table)]) == 0
    meta.write_text("- just\n- a list\n", "utf-8")
    capsys.readouterr()
    assert main(["import", str(table), "--from", "csv", "--meta", str(meta)]) == 1
    assert capsys.readouterr().err.startswith(f"{meta}: error[CE629]:")


def test_export_reads_a_framework_or_a_crosswalk_from_a_file(
    alliance: Framework, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    by_ref = main(["export", "alliance@2008", "--format", "csv"]), capsys.readouterr().out
    path = dump_file(alliance, tmp_path / "copy.yaml")
    by_path = main(["export", str(path), "--format", "csv"]), capsys.readouterr().out
    assert by_path == by_ref and by_ref[0] == 0
    crosswalk = ROOT / "frameworks" / "crosswalks" / "alliance-ccmep@1.0.yaml"
    assert main(["export", str(crosswalk), "--format", "markdown"]) == 0
    table = capsys.readouterr().out
    assert table.startswith("# ") and "| " in table
