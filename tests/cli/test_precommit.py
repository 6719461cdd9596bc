"""The pre-commit hook (.pre-commit-hooks.yaml) blocks a commit of a broken framework file.

The hook is installed in a scratch git repository as a ``repo: local`` hook whose entry and
file pattern are read from our manifest, so a wrong manifest fails these tests; it runs with
``language: system`` so that it uses the ``cecompetency`` installed here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from samples import VALID

from cecompetency.files.yaml_reader import read_yaml

ROOT = Path(__file__).resolve().parents[2]
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BROKEN = VALID.replace("title: Demo competencies", "titel: Demo competencies")


def _hook() -> dict[str, Any]:
    hooks = read_yaml(MANIFEST.read_bytes(), str(MANIFEST)).data
    assert isinstance(hooks, list)
    (hook,) = (h for h in hooks if h.get("id") == "cecompetency-validate")
    assert isinstance(hook, dict)
    return hook


def test_the_hook_is_declared_as_documented() -> None:
    hook = _hook()
    assert hook["language"] == "python"
    assert hook["entry"] == "cecompetency validate"
    files = re.compile(hook["files"])
    for path in ("frameworks/alliance@2008.yaml", "frameworks/crosswalks/a-b@1.0.yml"):
        assert files.search(path), path
    for path in ("docs/example.yaml", "frameworks/alliance@2008.json", "my-frameworks/a.yaml"):
        assert not files.search(path), path


@pytest.fixture
def precommit() -> list[str]:
    """The pre-commit command of this environment (the test is skipped without it)."""
    pytest.importorskip("pre_commit")
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    return [sys.executable, "-m", "pre_commit"]


def test_pre_commit_accepts_the_manifest(precommit: list[str]) -> None:
    done = subprocess.run(
        [*precommit, "validate-manifest", str(MANIFEST)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture
def repo(tmp_path: Path, precommit: list[str]) -> tuple[Path, dict[str, str]]:
    """A scratch git repository with our hook installed, and the environment to run git in."""
    work = tmp_path / "project"
    work.mkdir()
    bin_folder = str(Path(sys.executable).parent)  # where `cecompetency` is installed
    env = {
        **os.environ,
        "PATH": bin_folder + os.pathsep + os.environ.get("PATH", ""),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_GLOBAL": os.devnull,  # no user settings, templates or hooks of the machine
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.invalid",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.invalid",
    }
    env.pop("GIT_DIR", None)
    env.pop("GIT_INDEX_FILE", None)
    hook = _hook()
    config = (
        "repos:\n"
        "  - repo: local\n"
        "    hooks:\n"
        f"      - id: {hook['id']}\n"
        f"        name: {hook['name']}\n"
        f"        entry: {hook['entry']}\n"
        "        language: system\n"
        f"        files: '{hook['files']}'\n"
    )
    (work / ".pre-commit-config.yaml").write_text(config, encoding="utf-8")
    _run(["git", "init", "-q", "-b", "main"], work, env)
    _run([*precommit, "install"], work, env)
    _run(["git", "add", ".pre-commit-config.yaml"], work, env)
    _run(["git", "commit", "-q", "-m", "config"], work, env)
    return work, env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, f"{args}: {done.stdout}{done.stderr}"
    return done


def _commit(
    work: Path, env: dict[str, str], path: str, text: str
) -> subprocess.CompletedProcess[str]:
    target = work / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    _run(["git", "add", path], work, env)
    return subprocess.run(
        ["git", "commit", "-m", f"add {path}"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def _head(work: Path, env: dict[str, str]) -> str:
    return _run(["git", "rev-parse", "HEAD"], work, env).stdout.strip()


def test_a_broken_framework_blocks_the_commit(repo: tuple[Path, dict[str, str]]) -> None:
    work, env = repo
    before = _head(work, env)
    done = _commit(work, env, "frameworks/demo@1.0.yaml", BROKEN)
    assert done.returncode != 0
    output = done.stdout + done.stderr
    assert "frameworks/demo@1.0.yaml:4:1: error[CE201]: unknown key 'titel'" in output
    assert _head(work, env) == before  # nothing was committed


def test_a_valid_framework_is_committed(repo: tuple[Path, dict[str, str]]) -> None:
    work, env = repo
    before = _head(work, env)
    done = _commit(work, env, "frameworks/demo@1.0.yaml", VALID)
    assert done.returncode == 0, done.stdout + done.stderr
    assert _head(work, env) != before
    assert "Passed" in done.stdout + done.stderr


def test_files_outside_the_pattern_are_not_checked(repo: tuple[Path, dict[str, str]]) -> None:
    work, env = repo
    done = _commit(work, env, "notes/draft.yaml", BROKEN)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no files to check" in (done.stdout + done.stderr).lower()


def test_pre_commit_run_reports_every_broken_file(
    repo: tuple[Path, dict[str, str]], precommit: list[str]
) -> None:
    work, env = repo
    for name, text in (("a@1.yaml", BROKEN), ("b@1.yml", "format: cecompetency/1\n")):
        (work / "frameworks").mkdir(exist_ok=True)
        (work / "frameworks" / name).write_text(text, encoding="utf-8")
    done = subprocess.run(
        [*precommit, "run", "--files", "frameworks/a@1.yaml", "frameworks/b@1.yml"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1
    assert "frameworks/a@1.yaml:4:1: error[CE201]" in done.stdout
    assert "frameworks/b@1.yml:1:1: error[CE202]: missing required key 'id'" in done.stdout


@pytest.mark.slow
@pytest.mark.network
def test_the_published_hook_installs_and_runs(
    repo: tuple[Path, dict[str, str]], precommit: list[str], tmp_path: Path
) -> None:
    """As users run it: pre-commit installs this repository (``language: python``, from PyPI's
    build tools) and runs the hook of our manifest. The hook repository is a commit of the
    files a build needs, copied from this checkout so that uncommitted changes count."""
    work, env = repo
    hook_repo = tmp_path / "hook-repo"
    hook_repo.mkdir()
    for name in ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml"):
        shutil.copy2(ROOT / name, hook_repo / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("src", "frameworks"):
        shutil.copytree(ROOT / folder, hook_repo / folder, ignore=ignore)
    _run(["git", "init", "-q", "-b", "main"], hook_repo, env)
    _run(["git", "add", "-A"], hook_repo, env)
    _run(["git", "commit", "-q", "-m", "hook"], hook_repo, env)
    (work / "frameworks").mkdir()
    (work / "frameworks" / "demo@1.0.yaml").write_text(VALID, encoding="utf-8")
    (work / "frameworks" / "bad@1.yaml").write_text(BROKEN, encoding="utf-8")
    _run(["git", "add", "-A"], work, env)
    done = subprocess.run(
        [*precommit, "try-repo", str(hook_repo), "cecompetency-validate", "--all-files"],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "frameworks/bad@1.yaml:4:1: error[CE201]" in done.stdout
    assert "frameworks/demo@1.0.yaml: ok" in done.stdout
