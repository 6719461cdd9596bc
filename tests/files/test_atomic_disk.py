"""What a write leaves on disk: only regular files replaced, the umask honoured, no
temporary file of ours left behind for long, the folder synced after the rename."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import cecompetency.files.atomic
from cecompetency.files.atomic import (
    STALE_AFTER,
    TEMP_MARK,
    remove_stale_temps,
    temp_owner,
    write_atomic,
)
from cecompetency.model.errors import FileExistsRefusal, NotARegularFileRefusal

ROOT = Path(__file__).resolve().parents[2]
COMMAND = [sys.executable, "-m", "cecompetency"]


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_force_never_replaces_a_symbolic_link(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("keep\n")
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    with pytest.raises(NotARegularFileRefusal, match="symbolic link"):
        write_atomic(link, "new\n", overwrite=True)
    assert link.is_symlink() and real.read_text() == "keep\n"
    dangling = tmp_path / "dangling.yaml"
    dangling.symlink_to(tmp_path / "nowhere")
    with pytest.raises(NotARegularFileRefusal):
        write_atomic(dangling, "new\n", overwrite=True)
    assert dangling.is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.yaml", "link.yaml", "real.yaml"]


def test_force_never_replaces_a_pipe_or_a_folder(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(NotARegularFileRefusal, match="pipe"):
        write_atomic(pipe, "new\n", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(NotARegularFileRefusal, match="folder"):
        write_atomic(folder, "new\n", overwrite=True)
    assert folder.is_dir()
    # Still a FileExistsRefusal (and FileExistsError), as callers already catch.
    assert issubclass(NotARegularFileRefusal, FileExistsRefusal)


def test_a_device_is_never_replaced() -> None:
    # /dev/null itself is safe to name: the refusal comes before any write to its folder.
    with pytest.raises(NotARegularFileRefusal, match="device"):
        write_atomic("/dev/null", "new\n", overwrite=True)
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


def test_the_command_refuses_force_over_a_link_with_exit_2(tmp_path: Path) -> None:
    real = tmp_path / "real.md"
    real.write_text("keep\n")
    link = tmp_path / "out.md"
    link.symlink_to(real)
    result = subprocess.run(
        [*COMMAND, "export", "alliance@2008", "--format", "csv", "-o", str(link), "--force"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "symbolic link" in result.stderr and "--force cannot" in result.stderr
    assert "Traceback" not in result.stderr
    assert link.is_symlink() and real.read_text() == "keep\n"


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o027])
def test_a_new_file_honours_the_umask(tmp_path: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        path = write_atomic(tmp_path / "new.yaml", "x\n")
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


def test_a_replaced_file_keeps_its_mode_whatever_the_umask(tmp_path: Path) -> None:
    path = tmp_path / "out.yaml"
    path.write_text("old\n")
    path.chmod(0o604)
    old = os.umask(0o077)
    try:
        write_atomic(path, "new\n", overwrite=True)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o604 and path.read_text() == "new\n"


def test_temporary_files_carry_our_mark_and_the_pid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []
    real_fsync = os.fsync

    def look(descriptor: int) -> None:
        seen.extend(p.name for p in tmp_path.iterdir())
        real_fsync(descriptor)

    monkeypatch.setattr(cecompetency.files.atomic.os, "fsync", look)
    write_atomic(tmp_path / "out.yaml", "x\n")
    temps = [name for name in seen if TEMP_MARK in name]
    assert temps and all(name.startswith(".out.yaml.") for name in temps)
    assert {temp_owner(name) for name in temps} == {os.getpid()}
    assert temp_owner("out.yaml") is None and temp_owner(".x.tmp") is None


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_write_removes_the_temporary_files_killed_writers_left(tmp_path: Path) -> None:
    dead = tmp_path / f".out.yaml{TEMP_MARK}{_dead_pid()}-0a1b2c"
    dead.write_text("half a file")
    old = tmp_path / f".other.yaml{TEMP_MARK}{os.getpid()}-0d0e0f"  # ours, but long stale
    old.write_text("older")
    ancient = time.time() - STALE_AFTER - 60
    os.utime(old, (ancient, ancient))
    young = tmp_path / f".busy.yaml{TEMP_MARK}{os.getpid()}-abcdef"  # a write under way
    young.write_text("busy")
    not_ours = tmp_path / ".out.yaml.abc123.tmp"
    not_ours.write_text("someone else's")
    write_atomic(tmp_path / "out.yaml", "new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [young.name, not_ours.name, "out.yaml"]
    )


def test_stale_files_that_are_links_or_folders_are_left_alone(tmp_path: Path) -> None:
    pid = _dead_pid()
    link = tmp_path / f".a{TEMP_MARK}{pid}-01"
    link.symlink_to(tmp_path / "elsewhere")
    folder = tmp_path / f".b{TEMP_MARK}{pid}-02"
    folder.mkdir()
    assert remove_stale_temps(tmp_path) == []
    assert link.is_symlink() and folder.is_dir()


def test_a_killed_writer_leaves_nothing_the_next_write_does_not_remove(tmp_path: Path) -> None:
    code = (
        "import os, time, cecompetency.files.atomic as a\n"
        "real = os.fsync\n"
        "def stall(fd):\n"
        "    real(fd); print('writing', flush=True); time.sleep(60)\n"
        "a.os.fsync = stall\n"
        f"a.write_atomic({str(tmp_path / 'out.yaml')!r}, 'x' * 1_000_000)\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline() == "writing\n"
    writer.send_signal(signal.SIGKILL)
    writer.wait()
    left = [p.name for p in tmp_path.iterdir()]
    assert len(left) == 1 and TEMP_MARK in left[0]  # what a SIGKILL leaves
    write_atomic(tmp_path / "other.yaml", "y\n")
    assert [p.name for p in tmp_path.iterdir()] == ["other.yaml"]


def test_the_folder_is_synced_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[tuple[bool, bool]] = []
    real_fsync = os.fsync
    target = tmp_path / "out.yaml"

    def record(descriptor: int) -> None:
        synced.append((stat.S_ISDIR(os.fstat(descriptor).st_mode), target.exists()))
        real_fsync(descriptor)

    monkeypatch.setattr(cecompetency.files.atomic.os, "fsync", record)
    write_atomic(target, "x\n")
    write_atomic(target, "y\n", overwrite=True)
    # Each write: the file first (before it has its name), then the folder, once renamed.
    assert synced == [(False, False), (True, True), (False, True), (True, True)]
