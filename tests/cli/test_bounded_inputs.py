"""Every input path of the command line reads through the one bounded reader: a pipe that
never ends is refused at ``--max-bytes``, having read one byte more, whichever command and
option names it (import FILE, export FILE, merge *.tsv, --crosswalk *.tsv, --meta)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from cecompetency.cli import main

LIMIT = 1000
pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")


class EndlessPipe:
    """A named pipe whose writer sends far more than the limit, counting what it wrote."""

    def __init__(self, path: Path, size: int = 1 << 24) -> None:  # far past a pipe buffer
        self.path, self.size, self.written = path, size, 0
        os.mkfifo(path)
        self.thread = threading.Thread(target=self._write, daemon=True)
        self.thread.start()

    def _write(self) -> None:
        try:
            with open(self.path, "wb", buffering=0) as handle:
                while self.written < self.size:
                    self.written += handle.write(b"x" * 65536)
        except BrokenPipeError:  # the reader stopped at the limit
            pass

    def finish(self) -> None:
        self.thread.join(timeout=10)
        assert not self.thread.is_alive()


def _refused(capsys: pytest.CaptureFixture[str], pipe: EndlessPipe, *args: str) -> None:
    code = main([*args, "--max-bytes", str(LIMIT)])
    pipe.finish()
    err = capsys.readouterr().err
    assert code in (1, 2), err
    assert f"the limit is {LIMIT:,}" in err, err
    assert pipe.written < pipe.size  # the reader stopped: the writer was cut off


@pytest.mark.parametrize("fmt", ["json", "csv", "case", "sssom"])
def test_import_of_an_endless_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    pipe = EndlessPipe(tmp_path / "in")
    _refused(capsys, pipe, "import", str(pipe.path), "--from", fmt, "--title", "T")


def test_export_of_an_endless_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipe = EndlessPipe(tmp_path / "framework.yaml")
    _refused(capsys, pipe, "export", str(pipe.path), "--format", "json")


def test_merge_of_an_endless_sssom_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pipe = EndlessPipe(tmp_path / "mappings.sssom.tsv")
    out = str(tmp_path / "merged.yaml")
    _refused(capsys, pipe, "merge", str(pipe.path), "alliance-ccmep@1.0", "-o", out)
    assert not Path(out).exists()


def test_export_crosswalk_option_of_an_endless_pipe(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = EndlessPipe(tmp_path / "mappings.sssom.tsv")
    _refused(
        capsys, pipe, "export", "alliance@2008", "--format", "case", "--crosswalk", str(pipe.path)
    )


def test_import_meta_of_an_endless_pipe(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "items.csv"
    source.write_text("reference,title\nx@1:a,A\n", encoding="utf-8")
    pipe = EndlessPipe(tmp_path / "meta.yaml")
    _refused(capsys, pipe, "import", str(source), "--from", "csv", "--meta", str(pipe.path))


def test_import_from_standard_input_as_a_device(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # What a shell makes of `cecompetency import /dev/stdin ... < endless`: a descriptor.
    pipe = EndlessPipe(tmp_path / "stdin")
    descriptor = os.open(pipe.path, os.O_RDONLY)
    try:
        code = main(["import", f"/dev/fd/{descriptor}", "--from", "json", "--max-bytes", "1000"])
    finally:
        os.close(descriptor)
    pipe.finish()
    assert code == 1
    assert "the limit is 1,000" in capsys.readouterr().err
    assert pipe.written < pipe.size
