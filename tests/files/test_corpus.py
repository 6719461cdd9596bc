"""Replay every input that ever failed, and every hostile sample, in every run."""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzzing import CORPUS, check_outcome

from cecompetency.cli import main

CASES = sorted(path for path in CORPUS.iterdir() if path.is_file() and path.name != "README.md")


def test_the_corpus_is_there() -> None:
    assert len(CASES) >= 40


@pytest.mark.parametrize("case", CASES, ids=[path.name for path in CASES])
def test_replay(
    case: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # a tag that were ever run would leave its file here
    check_outcome(case.read_bytes())
    assert main(["validate", str(case)]) in (0, 1)
    out = capsys.readouterr().out
    assert out.startswith(str(case))
    assert list(tmp_path.iterdir()) == []
