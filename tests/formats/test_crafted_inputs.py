"""Crafted inputs that once ended in a traceback: each now ends in the library's own error
with located issues (or, where the input is acceptable, in a result), and the command
line exits 1 or 2 with a message."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from samples import assert_well_formed

from cecompetency.changes.versioning import Bump, check_version_numbers
from cecompetency.cli import main
from cecompetency.files.framework_files import loads
from cecompetency.formats.case import framework_from_case, framework_to_case
from cecompetency.formats.ctdl import framework_from_ctdl, framework_to_ctdl
from cecompetency.formats.json import framework_from_json, framework_to_json
from cecompetency.formats.moodle import framework_from_moodle, framework_to_moodle
from cecompetency.formats.sssom import crosswalk_from_sssom
from cecompetency.model.errors import CecompetencyError, ValidationError
from cecompetency.model.framework import Framework
from cecompetency.model.refs import version_key

META = {"title": "T", "publishers": [{"name": "P"}], "id": "x", "version": "1"}
YAML = (
    "format: cecompetency/1\nid: demo\nversion: '1.0'\ntitle: D\nstatus: published\n"
    "publishers:\n  - name: P\nkinds: [competency]\nitems:\n  - id: '1'\n    title: T\n"
)


def _fails_located(read: Callable[[], Any], file: str, code: str | None = None) -> None:
    with pytest.raises(ValidationError) as raised:
        read()
    assert_well_formed(raised.value.issues, file)
    if code is not None:
        assert code in {issue.code for issue in raised.value.issues}, raised.value.issues


def test_a_huge_whole_number_weight_is_an_issue_not_an_overflow() -> None:
    # The weights of siblings were summed as floats: OverflowError.
    _fails_located(lambda: loads(YAML + "    weight: 1" + "0" * 1200 + "\n", "f.yaml"), "f.yaml")


def test_a_base_60_float_too_large_for_a_float_is_ce118() -> None:
    text = YAML + "    weight: 1" + ":59" * 180 + ".5\n"  # 550 bytes
    _fails_located(lambda: loads(text, "f.yaml"), "f.yaml", "CE118")


def test_a_huge_case_sequence_number_is_read_and_written(alliance: Framework) -> None:
    package = framework_to_case(alliance)
    huge = re.sub(r'"sequenceNumber": 1\b', '"sequenceNumber": 1' + "0" * 400, package, count=1)
    assert huge != package
    imported = framework_from_case(huge, "f.json")
    json.loads(framework_to_case(imported.value.framework))  # was OverflowError, then ValueError
    digits = re.sub(
        r'"sequenceNumber": 1\b', '"sequenceNumber": "1' + "0" * 5000 + '"', package, count=1
    )
    json.loads(
        framework_to_case(framework_from_case(digits, "f.json", lenient=True).value.framework)
    )


@pytest.mark.parametrize("name", ["json", "case", "ctdl"])
def test_a_lone_surrogate_escape_is_refused_where_it_is(alliance: Framework, name: str) -> None:
    # It was read, and writing the framework out raised UnicodeEncodeError.
    text, read = {
        "json": (framework_to_json(alliance), lambda s: framework_from_json(s, "f.json")),
        "case": (framework_to_case(alliance), lambda s: framework_from_case(s, "f.json")),
        "ctdl": (
            framework_to_ctdl(alliance),
            lambda s: framework_from_ctdl(s, "f.json", metadata=META),
        ),
    }[name]
    bad = text.replace("CME Staff Competencies", "CME \\ud800", 1)
    assert bad != text
    _fails_located(lambda: read(bad), "f.json", "CE602")
    with pytest.raises(ValidationError) as raised:  # the same, given as text with the character
        read(text.replace("CME Staff Competencies", "CME \ud800", 1))
    assert [i.code for i in raised.value.issues] == ["CE602"]
    # A surrogate pair written as escapes is one character, and fine.
    read(text.replace("CME Staff Competencies", "CME \\ud83d\\ude00", 1))


def test_deep_json_in_a_moodle_cell_is_not_recursed_into(alliance: Framework) -> None:
    text = framework_to_moodle(alliance)
    start = text.index('"[{""scaleid""')
    deep = text[:start] + '"' + "[" * 100_000 + text[start + 2 :]
    try:
        framework_from_moodle(deep, "f.csv", metadata=META, lenient=True)
    except CecompetencyError as error:  # was RecursionError
        assert isinstance(error, ValidationError)
        assert_well_formed(error.issues, "f.csv")


def test_deep_json_in_an_sssom_cell_is_not_recursed_into() -> None:
    text = (
        "#curie_map:\n#  a: https://example.org/a/\n#  b: https://example.org/b/\n"
        "#mapping_set_id: https://example.org/set\n"
        "#license: https://spdx.org/licenses/CC0-1.0.html\n"
        "subject_id\tpredicate_id\tobject_id\tmapping_justification\tcecompetency_extensions\n"
        f"a:1\tskos:closeMatch\tb:1\tsemapv:ManualMappingCuration\t{'[' * 100_000}\n"
    )
    try:
        crosswalk_from_sssom(text, "f.tsv", lenient=True)
    except CecompetencyError as error:  # was RecursionError
        assert isinstance(error, ValidationError)
        assert_well_formed(error.issues, "f.tsv")


def test_versions_with_thousands_of_digits_compare() -> None:
    long = "1" + "0" * 5001  # int() refuses more than 4,300 digits
    assert version_key(long) > version_key("9" * 4000) > version_key("2") > version_key("01")
    assert version_key("1.0") == version_key("1.00") != version_key("1.0.0")
    assert check_version_numbers("1.0", long, Bump.PATCH).message


def test_diff_of_a_version_with_thousands_of_digits(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(YAML, encoding="utf-8")
    new.write_text(YAML.replace("'1.0'", "'1" + "0" * 5001 + "'"), encoding="utf-8")
    assert main(["diff", str(old), str(new)]) == 0
    assert "version" in capsys.readouterr().out


@pytest.mark.parametrize("value", [str(2**62), str(2**63), "9" * 30])
def test_max_bytes_past_2_62_is_a_usage_error(
    value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["validate", "alliance@2008", "--max-bytes", value])
    assert raised.value.code == 2
    assert "--max-bytes: expected at most" in capsys.readouterr().err
