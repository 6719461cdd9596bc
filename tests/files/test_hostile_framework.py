"""Hostile framework files: one test per class of attack or accident.

Each must give exit 1 from ``cecompetency validate`` (a real process, with a generous
timeout standing for "bounded time"), a located ``FILE:LINE:COL: error[CODE]`` message (or
``FILE: error[CODE]`` for whole-file problems) with the expected stable code, never a
traceback; and the library must raise its own error, nothing else.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from samples import BUNDLED, ISSUE_LINE, VALID

from cecompetency.cli import main
from cecompetency.files.framework_files import load_file, loads
from cecompetency.files.registry import Registry
from cecompetency.files.validation import validate_file
from cecompetency.model.errors import FrameworkError

TIMEOUT = 120  # seconds: generous; a hang or a runaway expansion would blow far past it


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "cecompetency", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
        cwd=cwd,
    )
    assert "Traceback" not in result.stdout + result.stderr, result.stderr
    return result


def rejected(path: Path, code: str, line: int | None, *args: str) -> str:
    """Check ``path`` is refused by the library and the CLI with ``code`` at ``line``.

    Returns the first message, for tests that check its words.
    """
    issues = validate_file(path) if not args else None
    if issues is not None:
        assert issues and issues[0].code == code, issues
        assert issues[0].line == line, issues[0]
        with pytest.raises(FrameworkError) as raised:
            load_file(path)
        assert raised.value.issues[0].code == code
    result = cli("validate", str(path), *args)
    assert result.returncode == 1, (result.stdout, result.stderr)
    first = result.stdout.splitlines()[0]
    match = ISSUE_LINE.match(first)
    assert match is not None, first
    assert match["file"] == str(path)
    assert match["code"] == code, first
    assert (int(match["line"]) if match["line"] else None) == line, first
    return first


def write(tmp_path: Path, content: str | bytes, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def with_items(items: str) -> str:
    """VALID's header (no matrix) and these items."""
    return VALID.split("matrices:")[0] + "items:\n" + items


# -- bombs and depth --------------------------------------------------------------------------


def test_alias_bomb(tmp_path: Path) -> None:
    lines = ["format: cecompetency/1", 'x-lol0: &a0 ["lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 12):
        lines.append(f"x-lol{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 10) + "]")
    path = write(tmp_path, "\n".join(lines) + "\n")
    first = rejected(path, "CE116", 7)
    assert "more than 100,000 nodes" in first


def test_alias_bomb_of_long_text(tmp_path: Path) -> None:
    text = with_items("  - id: '1'\n    title: &t " + "x" * 100_000 + "\n")
    text += "".join(f"  - id: '{n}'\n    title: *t\n" for n in range(2, 2000))
    path = write(tmp_path, text)
    # Each alias adds 100,000 characters: the 525th crosses a 50 MiB bound, on line 1072.
    first = rejected(path, "CE116", 22 + 2 * 525, "--max-bytes", str(50 * 2**20))
    assert "characters of text" in first


def test_deep_block_nesting(tmp_path: Path) -> None:
    path = write(tmp_path, "".join(" " * n + "k:\n" for n in range(3000)))
    assert "deeper than 100 levels" in rejected(path, "CE117", 101)


def test_deep_flow_nesting(tmp_path: Path) -> None:
    path = write(tmp_path, "x: " + "[" * 200_000 + "]" * 200_000 + "\n")
    rejected(path, "CE117", 1)


def test_deep_item_tree(tmp_path: Path) -> None:
    items, indent = "", "  "
    for n in range(80):
        items += f"{indent}- id: 'i{n}'\n{indent}  kind: k\n{indent}  title: T\n{indent}  items:\n"
        indent += "    "
    path = write(tmp_path, with_items(items[: -len("  items:\n")] + "\n"))
    # Two containers per level of items: the 50th item down opens the 101st, on line 217.
    rejected(path, "CE117", 21 + 4 * 49)


# -- size, lines, strings ---------------------------------------------------------------------


def test_very_long_line_and_string(tmp_path: Path) -> None:
    long = "w" * 5_000_000
    valid = write(
        tmp_path, with_items(f"  - id: '1'\n    kind: area\n    title: {long}\n"), "ok.yaml"
    )
    result = cli("validate", str(valid))
    assert result.returncode == 0, result.stdout  # long but valid: read in bounded time
    path = write(
        tmp_path, with_items(f"  - id: '1'\n    kind: area\n    title: T\n    weight: {long}\n")
    )
    assert "expected a number, found the text 'wwww" in rejected(path, "CE203", 24)
    unclosed = write(tmp_path, "x: [" + "a, " * 300_000 + "\n", "unclosed.yaml")
    rejected(unclosed, "CE110", 2)


def test_very_long_key(tmp_path: Path) -> None:
    path = write(tmp_path, "format: cecompetency/1\n" + "k" * 5000 + ": 1\n")
    assert "could not find expected ':'" in rejected(path, "CE110", 2)


def test_very_large_file(tmp_path: Path) -> None:
    # A sparse 300 MiB file: over the default 256 MiB limit, refused before it is read.
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    first = rejected(path, "CE101", None)
    assert "314,572,800 bytes; the limit is 268,435,456" in first
    # The limit is configurable, from the command line too.
    small = write(tmp_path, VALID, "small.yaml")
    assert "--max-bytes" in rejected(small, "CE101", None, "--max-bytes", "500")
    assert cli("validate", str(small), "--max-bytes", str(len(VALID))).returncode == 0


# -- bytes that are not YAML text -------------------------------------------------------------


def test_nul_bytes(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Planning", "title: Plan\x00ning"))
    assert "NUL" in rejected(path, "CE103", 32)


def test_binary_data(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
    # Binary data is called binary, at its first NUL byte, not text in a wrong encoding.
    assert "binary data" in rejected(write(tmp_path, png), "CE103", 3)
    controls = write(tmp_path, VALID.replace("title: Planning", "title: Plan\x1bning"), "c.yaml")
    assert "U+001B" in rejected(controls, "CE103", 32)


def test_invalid_utf8(tmp_path: Path) -> None:
    latin1 = VALID.replace("title: Planning", "title: Planificación").encode("latin-1")
    assert "save it as UTF-8" in rejected(write(tmp_path, latin1), "CE102", 32)
    utf16 = write(tmp_path, VALID.encode("utf-16"), "utf16.yaml")
    rejected(utf16, "CE102", 1)


def test_mixed_line_endings(tmp_path: Path) -> None:
    lines = VALID.splitlines(keepends=True)
    mixed = "".join(line.replace("\n", ("\r\n", "\n", "\r")[n % 3]) for n, line in enumerate(lines))
    ok = write(tmp_path, mixed, "ok.yaml")
    assert validate_file(ok) == [] and cli("validate", str(ok)).returncode == 0
    assert load_file(ok) == loads(VALID)
    # Line numbers stay right: the number is on line 19 whatever ends the lines.
    broken = mixed.replace("label: Expert", "label: 19")
    rejected(write(tmp_path, broken), "CE203", 19)


def test_tabs_for_indentation(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("    title: Planning", "\ttitle: Planning"))
    assert "indent with spaces, not tabs" in rejected(path, "CE110", 32)


def test_several_documents(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "---\n" + VALID)
    assert "more than one YAML document" in rejected(path, "CE111", 38)


# -- tags -------------------------------------------------------------------------------------


def test_custom_tags(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Planning", "title: !include other.yaml"))
    assert "the tag !include is not allowed" in rejected(path, "CE115", 32)


PYTHON_TAGS = [
    "!!python/object/apply:os.system ['touch {marker}']",
    "!!python/object/apply:builtins.open ['{marker}', 'w']",
    "!!python/object/apply:subprocess.call [['touch', '{marker}']]",
    "!!python/object/new:subprocess.Popen [['touch', '{marker}']]",
    "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
    "!!python/name:os.system",
    "!!python/module:os",
]


@pytest.mark.parametrize("tag", PYTHON_TAGS)
def test_python_tags_are_never_constructed(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "constructed"
    text = VALID.replace("title: Planning", "title: " + tag.format(marker=marker))
    path = write(tmp_path, text, "hostile@1.yaml")
    first = rejected(path, "CE115", 32)
    assert "is not allowed" in first
    # Every way in: the library, a registry, each CLI command that reads a file.
    with pytest.raises(FrameworkError) as raised:
        loads(text)
    assert raised.value.issues[0].code == "CE115"
    with pytest.raises(FrameworkError) as raised:
        Registry([tmp_path], bundled=False, environment=False).load("hostile@1")
    assert raised.value.issues[0].code == "CE115"
    for args in (["show", str(path)], ["show", str(path), "--format", "json"]):
        assert main(args) == 1
    assert cli("show", str(path)).returncode == 1
    assert not marker.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hostile@1.yaml"]


# -- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line", "words"),
    [
        ("    title: Planning", "    title: .nan", 32, "'.nan' is not a finite number"),
        ("    title: Planning", "    title: Plan\n    weight: .inf", 33, "'.inf' is not a finite"),
        ("        label: Aware", "        label: A\n        score: -.Inf", 18, "not a finite"),
        ("    title: Planning", "    title: P\n    weight: 1.0e+400", 33, "not a finite"),
        ("    title: Planning", "    title: " + "9" * 5000, 32, "is too large"),
        ("    title: Planning", "    title: 0x" + "f" * 5000, 32, "is too large"),
        ("    title: Planning", "    title: 1" + ":59" * 3000, 32, "is too large"),
    ],
)
def test_non_finite_and_huge_numbers(
    tmp_path: Path, old: str, new: str, line: int, words: str
) -> None:
    path = write(tmp_path, VALID.replace(old, new))
    assert words in rejected(path, "CE118", line)


def test_big_but_finite_numbers_where_text_is_expected(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace("title: Planning", "title: " + "9" * 300))
    assert "expected text, found the number 999" in rejected(path, "CE203", 32)


@pytest.mark.parametrize(
    ("old", "new", "line", "raw"),
    [
        ("id: demo", "id: 12", 2, "12"),
        ('version: "1.0"', "version: 2.10", 3, "2.10"),
        ('- id: "1.2"', "- id: 1.2", 36, "1.2"),
        ('        item: "1.1"', "        item: 1.1", 28, "1.1"),
        ("  - id: lead", "  - id: 7", 10, "7"),
    ],
)
def test_numbers_where_ids_are_expected(
    tmp_path: Path, old: str, new: str, line: int, raw: str
) -> None:
    path = write(tmp_path, VALID.replace(old, new))
    assert f"YAML reads the unquoted '{raw}' as a number or boolean, quote it: '{raw}'" in (
        rejected(path, "CE203", line)
    )


# -- duplicates -------------------------------------------------------------------------------


def test_duplicate_keys(tmp_path: Path) -> None:
    path = write(
        tmp_path, VALID.replace("    title: Planning\n", "    title: Planning\n    title: Again\n")
    )
    assert "duplicate key 'title'" in rejected(path, "CE114", 33)


def test_duplicate_ids(tmp_path: Path) -> None:
    path = write(tmp_path, VALID.replace('- id: "1.2"', '- id: "1.1"'))
    assert "duplicate item id '1.1'" in rejected(path, "CE301", 36)


# -- empty, and files of other kinds ----------------------------------------------------------


@pytest.mark.parametrize(
    "content", [b"", b"\n\n   \n", b"# nothing but a comment\n", b"\xef\xbb\xbf", b"\r\n"]
)
def test_empty_files(tmp_path: Path, content: bytes) -> None:
    assert "the file is empty; expected a YAML mapping" in rejected(
        write(tmp_path, content), "CE112", None
    )


def test_an_empty_document(tmp_path: Path) -> None:
    assert "found nothing" in rejected(write(tmp_path, b"---\n"), "CE113", 1)


GITHUB_ACTIONS = """\
name: CI
on:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: pytest -q
"""


@pytest.mark.parametrize(
    ("content", "code", "line", "words"),
    [
        (GITHUB_ACTIONS, "CE119", 2, "the key 'on' is read as a boolean"),
        (GITHUB_ACTIONS.replace("on:", "'on':"), "CE205", 1, "missing the format marker"),
        (json.dumps([{"id": "1", "title": "x"}]), "CE113", 1, "found a list"),
        ("id,title,statement\n1.1,Plan,Plan activities\n", "CE113", 1, "a single text value"),
        (json.dumps({"name": "pkg", "version": "1.0.0"}), "CE205", 1, "format marker"),
        ("~\n", "CE113", 1, "found nothing"),
        ("format: cecompetency-crosswalk/1\n", "CE205", 1, "this is a crosswalk file"),
    ],
)
def test_files_of_another_kind(
    tmp_path: Path, content: str, code: str, line: int, words: str
) -> None:
    path = write(tmp_path, content)
    if code == "CE205" and "crosswalk" in words:
        # `validate` checks crosswalks too; loading it as a framework is what must fail.
        with pytest.raises(FrameworkError) as info:
            load_file(path)
        assert words in info.value.issues[0].message
        result = cli("show", str(path))
        assert result.returncode == 1 and words in result.stderr
        return
    assert words in rejected(path, code, line)


def test_the_bundled_file_with_every_hostile_edit_at_once_is_still_one_clean_error(
    tmp_path: Path,
) -> None:
    raw = (
        b"\xef\xbb\xbf"
        + BUNDLED.read_bytes().replace(b"\n", b"\r\n")
        + b"---\n!!python/name:os.system\n"
    )
    after_the_file = BUNDLED.read_bytes().count(b"\n") + 1  # the '---' line
    first = rejected(write(tmp_path, raw), "CE111", after_the_file)
    assert "more than one YAML document" in first


def test_symlink_to_a_device_is_bounded(tmp_path: Path) -> None:
    if not os.path.exists("/dev/zero"):
        pytest.skip("needs /dev/zero")
    link = tmp_path / "zero.yaml"
    link.symlink_to("/dev/zero")
    rejected(link, "CE101", None, "--max-bytes", "4096")
