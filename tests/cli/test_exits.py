"""How the command ends when the world interrupts it: a closed pipe, an OS error, Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from cecompetency.cli import main
from cecompetency.files.registry import Registry


def test_a_reader_that_stops_early_ends_the_command_quietly() -> None:
    """`cecompetency export ... | head -c 10`: no traceback, no 'Exception ignored', exit 0."""
    command = [sys.executable, "-m", "cecompetency", "export", "alliance@2008", "--format"]
    done = subprocess.Popen(
        [*command, "case", "--crosswalk", "alliance-ccmep"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert done.stdout is not None and done.stderr is not None
    assert len(done.stdout.read(10)) == 10  # the output (80 KB) is larger than a pipe holds
    done.stdout.close()
    errors = done.stderr.read().decode()
    assert done.wait(timeout=60) == 0
    assert errors == ""


def test_an_os_error_is_a_one_line_message_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "no-such-folder" / "alliance.json"
    assert main(["export", "alliance@2008", "--format", "case", "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cecompetency: ") and "no-such-folder" in err
    assert "Traceback" not in err and len(err.splitlines()) == 1
    assert not target.parent.exists()


def test_ctrl_c_exits_130_without_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def interrupted(*_args: object, **_kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Registry, "load", interrupted)
    assert main(["show", "alliance@2008"]) == 130
    captured = capsys.readouterr()
    assert captured.out == "" and "Traceback" not in captured.err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_ctrl_c_in_a_real_process(tmp_path: Path) -> None:
    """SIGINT while the command waits on a pipe that never writes: exit 130, no traceback."""
    fifo = tmp_path / "never.yaml"
    os.mkfifo(fifo)
    done = subprocess.Popen(
        [sys.executable, "-m", "cecompetency", "validate", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        done.wait(timeout=1.5)  # it blocks opening the pipe
    except subprocess.TimeoutExpired:
        done.send_signal(signal.SIGINT)
    _out, err = done.communicate(timeout=60)
    assert done.returncode == 130
    assert b"Traceback" not in err
