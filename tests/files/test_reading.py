"""Bounded reading: the read is sized to the file, and pipes are read in chunks to the limit."""

from __future__ import annotations

import os
import threading
import tracemalloc
from pathlib import Path

import pytest

from cecompetency.files.reading import read_bytes, read_input
from cecompetency.files.yaml_reader import DEFAULT_LIMITS, Limits
from cecompetency.model.errors import FrameworkError, ValidationError


def test_a_small_file_costs_its_size_not_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "small.yaml"
    path.write_bytes(b"x" * 10_000)
    assert DEFAULT_LIMITS.max_bytes >= 50 * 2**20
    for read in (read_bytes, read_input):
        tracemalloc.start()
        try:
            assert len(read(path)) == 10_000
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 200_000, f"{read.__name__}: {peak:,} bytes for a 10 KB file"


def _pipe_with(tmp_path: Path, payload: bytes) -> Path:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)

    def write() -> None:
        try:
            with open(fifo, "wb") as handle:
                handle.write(payload)
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    threading.Thread(target=write, daemon=True).start()
    return fifo


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_within_the_limit_is_read_whole(tmp_path: Path) -> None:
    payload = os.urandom(3 * 2**20 + 17)  # more than one chunk
    assert read_bytes(_pipe_with(tmp_path, payload), Limits(max_bytes=4 * 2**20)) == payload


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_over_the_limit_is_refused_having_read_one_byte_more(tmp_path: Path) -> None:
    limits = Limits(max_bytes=2 * 2**20)
    with pytest.raises(FrameworkError) as raised:
        read_bytes(_pipe_with(tmp_path, b"y" * (3 * 2**20)), limits)
    assert [i.code for i in raised.value.issues] == ["CE101"]
    with pytest.raises(ValidationError) as raised:
        read_input(_other_pipe(tmp_path), limits)
    assert [i.code for i in raised.value.issues] == ["CE601"]
    assert "larger than the limit" in raised.value.issues[0].message


def _other_pipe(tmp_path: Path) -> Path:
    folder = tmp_path / "second"
    folder.mkdir()
    return _pipe_with(folder, b"z" * (3 * 2**20))
