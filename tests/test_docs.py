"""Every example in the README and in docs/ runs as written.

- ```python blocks run in order, one namespace per file, in a scratch working folder;
- ```yaml blocks that hold a cecompetency framework (a `format:` marker) validate,
  unless their info string says `invalid`; a block whose info string says
  `file=NAME` is also written to NAME in the scratch folder, for the console examples;
- ```console blocks: each `$ cecompetency ...` line runs (in the scratch folder, where
  `frameworks/` is the repository's), must exit 0 or the `# exit N` its line ends with,
  and the lines shown after it must appear, in order, in what it printed.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import cecompetency
from cecompetency.cli import main

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_BLOCK = re.compile(r"^```(\w+)([^\n]*)\n(.*?)^```", re.S | re.M)


def _blocks(path: Path, language: str) -> list[tuple[str, str]]:
    """(info string, body) of every block in ``language``."""
    return [
        (info.strip(), body)
        for lang, info, body in _BLOCK.findall(path.read_text("utf-8"))
        if lang == language
    ]


def _ids(paths: list[Path]) -> list[str]:
    return [p.relative_to(ROOT).as_posix() for p in paths]


@pytest.fixture
def scratch(doc: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder with the doc's named files and the repository's frameworks/."""
    (tmp_path / "frameworks").symlink_to(ROOT / "frameworks", target_is_directory=True)
    for info, body in _blocks(doc, "yaml"):
        match = re.search(r"file=(\S+)", info)
        if match:
            (tmp_path / match[1]).write_text(body, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def _documents(doc: Path) -> list[tuple[str, str]]:
    """The YAML blocks that hold a framework or crosswalk document."""
    return [
        (info, body)
        for info, body in _blocks(doc, "yaml")
        if re.search(r"^format: cecompetency(-crosswalk)?/", body, re.M)
    ]


def _sessions(doc: Path) -> list[tuple[str, int, list[str]]]:
    """(command, expected exit code, lines it must print) of each `$ cecompetency` line."""
    sessions: list[tuple[str, int, list[str]]] = []
    for _info, block in _blocks(doc, "console"):
        for line in block.splitlines():
            if line.startswith("$ "):
                command, _, comment = line[2:].partition("  # exit ")
                sessions.append((command.strip(), int(comment or 0), []))
            elif sessions and line.strip():
                sessions[-1][2].append(line.rstrip())
    return [s for s in sessions if s[0].startswith("cecompetency ")]


# Each test runs on the pages that have examples of its kind (a page without any has nothing
# to run, which is not a skipped test); the guard below keeps the lists from going empty.
WITH_PYTHON = [doc for doc in DOCS if _blocks(doc, "python")]
WITH_DOCUMENTS = [doc for doc in DOCS if _documents(doc)]
WITH_CONSOLE = [doc for doc in DOCS if _sessions(doc)]


def test_the_readme_and_the_tutorials_have_examples_of_every_kind() -> None:
    names = {doc.name for doc in WITH_PYTHON}
    assert {"README.md", "tutorial-developers.md", "tutorial-researchers.md"} <= names
    assert "format.md" in {doc.name for doc in WITH_DOCUMENTS}
    assert "README.md" in {doc.name for doc in WITH_CONSOLE}


@pytest.mark.parametrize("doc", WITH_PYTHON, ids=_ids(WITH_PYTHON))
def test_python_examples_run(doc: Path, scratch: Path) -> None:
    blocks = _blocks(doc, "python")
    namespace: dict[str, object] = {"__name__": f"doc_{doc.stem}"}
    for number, (_info, code) in enumerate(blocks, 1):
        try:
            exec(compile(code, f"{doc.name}[python block {number}]", "exec"), namespace)
        except Exception as exc:  # name the block, keep the original error
            raise AssertionError(f"{doc.name}: python block {number} failed: {exc!r}") from exc


@pytest.mark.parametrize("doc", WITH_DOCUMENTS, ids=_ids(WITH_DOCUMENTS))
def test_yaml_examples_validate(doc: Path) -> None:
    for info, text in _documents(doc):
        issues = cecompetency.validate_text(text, f"{doc.name} example")
        if "invalid" in info:
            assert issues, f"an example marked invalid is valid:\n{text}"
        else:
            assert issues == [], "\n".join(str(i) for i in issues)


@pytest.mark.parametrize("doc", WITH_CONSOLE, ids=_ids(WITH_CONSOLE))
def test_console_examples(doc: Path, scratch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for command, expected_code, expected_lines in _sessions(doc):
        capsys.readouterr()
        code = main(shlex.split(command)[1:])
        captured = capsys.readouterr()
        printed = (captured.out + captured.err).splitlines()
        assert code == expected_code, f"{command}: exit {code}\n{captured.out}{captured.err}"
        position = 0
        for expected in expected_lines:
            while position < len(printed) and printed[position].rstrip() != expected:
                position += 1
            assert position < len(printed), (
                f"{command}: missing line {expected!r} in\n" + "\n".join(printed)
            )
            position += 1


def test_every_error_code_is_documented() -> None:
    """A code the library can emit but docs/errors.md does not explain is a broken promise."""
    used = set()
    for path in (ROOT / "src" / "cecompetency").rglob("*.py"):
        used |= set(re.findall(r"\"(CE\d{3})\"", path.read_text("utf-8")))
    documented = set(
        re.findall(r"^\| (CE\d{3}) \|", (ROOT / "docs" / "errors.md").read_text("utf-8"), re.M)
    )
    assert used, "no error codes found in the source"
    assert sorted(used - documented) == []
