"""Reading, validating and writing framework files; atomic writes."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from samples import BUNDLED, VALID, assert_well_formed

import cecompetency.files.atomic
from cecompetency.files.atomic import write_atomic
from cecompetency.files.codec import framework_to_data
from cecompetency.files.framework_files import dump_file, dumps, load_file, loads
from cecompetency.files.reading import read_bytes
from cecompetency.files.validation import validate_file, validate_text
from cecompetency.files.yaml_reader import Limits
from cecompetency.model.errors import (
    CecompetencyError,
    FileExistsRefusal,
    FrameworkError,
    ValidationError,
)
from cecompetency.model.framework import Framework

# Three problems: 'title' missing (line 1), an unquoted version (3), a misspelt key (4).
BROKEN = VALID.replace('version: "1.0"', "version: 1.0").replace(
    "title: Demo competencies", "titel: Demo competencies"
)


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    return path


# -- reading ----------------------------------------------------------------------------------


def test_load_file_and_loads_agree(tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", VALID)
    fw = load_file(path)
    assert isinstance(fw, Framework)
    assert fw == loads(VALID) == loads(VALID.encode())
    assert str(fw.ref) == "demo@1.0"
    assert validate_file(path) == []
    assert validate_file(str(path)) == []


def test_validate_file_returns_every_issue_and_load_file_raises_them(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.yaml", BROKEN)
    issues = validate_file(path)
    assert [(i.code, i.line) for i in issues] == [("CE202", 1), ("CE203", 3), ("CE201", 4)]
    assert_well_formed(issues, str(path))
    with pytest.raises(FrameworkError) as info:
        load_file(path)
    assert list(info.value.issues) == issues
    assert isinstance(info.value, ValidationError)
    assert isinstance(info.value, CecompetencyError)
    assert str(info.value).splitlines() == [str(i) for i in issues]
    assert str(issues[1]).startswith(f"{path}:3:10: error[CE203]: expected text")


def test_loads_names_the_file_it_was_given() -> None:
    with pytest.raises(FrameworkError) as info:
        loads(BROKEN, "mine.yaml")
    assert {i.file for i in info.value.issues} == {"mine.yaml"}


def test_json_is_read_too() -> None:
    bundled = load_file(BUNDLED)
    assert loads(json.dumps(framework_to_data(bundled))) == bundled


def test_a_crosswalk_is_not_a_framework() -> None:
    with pytest.raises(FrameworkError) as info:
        loads("format: cecompetency-crosswalk/1\nid: x\n", "cw.yaml")
    assert [(i.code, i.message) for i in info.value.issues] == [
        ("CE205", "this is a crosswalk file; expected a framework file")
    ]


def test_an_unreadable_path_is_a_ce100_issue_not_an_os_error(tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert [(i.code, i.file, i.message) for i in validate_file(missing)] == [
        ("CE100", str(missing), "cannot read the file: No such file or directory")
    ]
    with pytest.raises(FrameworkError) as info:
        load_file(missing)
    assert [i.code for i in info.value.issues] == ["CE100"]
    assert isinstance(info.value.__cause__, FileNotFoundError)
    # A folder is called a folder, not a file.
    with pytest.raises(FrameworkError) as info:
        load_file(tmp_path)
    assert [(i.code, i.message) for i in info.value.issues] == [
        ("CE100", "cannot read the path: it is a folder, not a file")
    ]
    assert [i.message for i in validate_file(tmp_path)] == [
        "cannot read the path: it is a folder, not a file"
    ]


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = write(tmp_path, "demo.yaml", VALID)
    small = Limits(max_bytes=100)
    (issue,) = validate_file(path, limits=small)
    assert (issue.code, issue.line, issue.file) == ("CE101", None, str(path))
    assert f"the file is {len(VALID.encode()):,} bytes; the limit is 100" in issue.message
    with pytest.raises(FrameworkError) as raised:
        load_file(path, limits=small)
    assert [i.code for i in raised.value.issues] == ["CE101"]
    assert validate_file(path, limits=Limits(max_bytes=len(VALID.encode()))) == []


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_without_a_size_is_read_only_up_to_the_limit() -> None:
    with pytest.raises(FrameworkError) as info:
        read_bytes("/dev/zero", Limits(max_bytes=1000))
    assert info.value.issues[0].code == "CE101"
    assert "larger than the limit" in info.value.issues[0].message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_read_only_up_to_the_limit(tmp_path: Path) -> None:
    import threading

    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)

    def feed() -> None:
        try:
            with open(pipe, "wb") as handle:
                handle.write(b"a: 1\n" * 1000)
        except BrokenPipeError:
            pass

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        issues = validate_file(pipe, limits=Limits(max_bytes=100))
    finally:
        writer.join(timeout=30)
    assert [i.code for i in issues] == ["CE101"]


# -- writing ----------------------------------------------------------------------------------


def test_dump_file_writes_a_file_that_loads_back_equal(tmp_path: Path) -> None:
    fw = loads(VALID)
    path = dump_file(fw, tmp_path / "out.yaml")
    assert path == tmp_path / "out.yaml"
    assert load_file(path) == fw
    assert validate_file(path) == []
    assert path.read_text("utf-8") == dumps(fw)
    assert dumps(fw).startswith("format: cecompetency/1\nid: demo\n")


def test_the_bundled_framework_round_trips(tmp_path: Path) -> None:
    bundled = load_file(BUNDLED)
    assert loads(dumps(bundled)) == bundled
    assert load_file(dump_file(bundled, tmp_path / "copy.yaml")) == bundled


def test_extension_keys_survive_load_and_dump() -> None:
    text = VALID.replace("kinds:", "x-origin:\n  page: 3\n  tags: [a, b]\nkinds:").replace(
        "    title: Planning\n", "    title: Planning\n    x-note: kept\n"
    )
    fw = loads(text)
    assert fw.extensions == {"x-origin": {"page": 3, "tags": ["a", "b"]}}
    assert fw["1"].extensions == {"x-note": "kept"}
    again = loads(dumps(fw))
    assert again == fw
    assert again.extensions == fw.extensions
    assert again["1"].extensions == {"x-note": "kept"}


def test_values_shared_by_aliases_are_written_out_in_full() -> None:
    text = VALID.replace("kinds:", "x-a: &shared [1, 2]\nx-b: *shared\nkinds:")
    fw = loads(text)
    out = dumps(fw)
    assert "&" not in out and "*" not in out
    assert loads(out) == fw


def test_dump_file_does_not_overwrite_unless_asked(tmp_path: Path) -> None:
    fw = loads(VALID)
    path = write(tmp_path, "out.yaml", "old content\n")
    with pytest.raises(FileExistsRefusal) as info:
        dump_file(fw, path)
    assert isinstance(info.value, FileExistsError)
    assert isinstance(info.value, CecompetencyError)
    assert path.read_text() == "old content\n"
    dump_file(fw, path, overwrite=True)
    assert load_file(path) == fw
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_a_dangling_link_is_not_replaced_unless_asked(tmp_path: Path) -> None:
    link = tmp_path / "link.yaml"
    link.symlink_to(tmp_path / "nowhere.yaml")
    with pytest.raises(FileExistsRefusal):
        write_atomic(link, "new\n")
    assert link.is_symlink()


def test_replacing_keeps_the_mode(tmp_path: Path) -> None:
    path = write(tmp_path, "out.yaml", "old\n")
    path.chmod(0o640)
    write_atomic(path, "new\n", overwrite=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text() == "new\n"


def test_text_is_written_as_utf8_with_newlines(tmp_path: Path) -> None:
    path = write_atomic(tmp_path / "t.yaml", "é\n")
    assert path.read_bytes() == "é\n".encode()


@pytest.mark.parametrize(
    ("step", "overwrite"),
    # Only a replaced file is chmod-ed (to keep its mode); a new one has the umask's mode.
    [
        (s, o)
        for s in ("write", "fsync", "chmod", "place")
        for o in (True, False)
        if (s, o) != ("chmod", False)
    ],
)
def test_a_failure_mid_write_leaves_the_old_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str, overwrite: bool
) -> None:
    old = "old content\n"
    path = write(tmp_path, "out.yaml", old) if overwrite else tmp_path / "out.yaml"

    def fail(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    text = "new content\n"
    if step == "write":
        text = "new content \ud800\n"  # cannot be encoded: fails half way through writing
    elif step == "fsync":
        monkeypatch.setattr(cecompetency.files.atomic.os, "fsync", fail)
    elif step == "chmod":
        monkeypatch.setattr(cecompetency.files.atomic.os, "chmod", fail)
    elif overwrite:
        monkeypatch.setattr(cecompetency.files.atomic.os, "replace", fail)
    else:
        monkeypatch.setattr(cecompetency.files.atomic.os, "link", fail)
        monkeypatch.setattr(cecompetency.files.atomic.os, "replace", fail)
    with pytest.raises((OSError, UnicodeError)):
        write_atomic(path, text, overwrite=overwrite)
    if overwrite:
        assert path.read_text() == old
        assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]
    else:
        assert list(tmp_path.iterdir()) == []  # nothing half-written, no temporary file


def test_a_file_that_appears_during_the_write_is_not_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "out.yaml"
    real_fsync = os.fsync

    def someone_else_writes(descriptor: int) -> None:
        real_fsync(descriptor)
        path.write_text("theirs\n")

    monkeypatch.setattr(cecompetency.files.atomic.os, "fsync", someone_else_writes)
    with pytest.raises(FileExistsRefusal):
        write_atomic(path, "ours\n")
    assert path.read_text() == "theirs\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_without_hard_links_a_new_file_is_still_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(*_args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(cecompetency.files.atomic.os, "link", no_links)
    path = write_atomic(tmp_path / "out.yaml", "ours\n")
    assert path.read_text() == "ours\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]


def test_validate_text_takes_text_or_bytes() -> None:
    assert validate_text(VALID) == validate_text(VALID.encode()) == []
    assert validate_text(BROKEN.encode(), "b.yaml") == validate_text(BROKEN, "b.yaml")


def test_no_network_is_ever_used(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import socket

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the library tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    from cecompetency.files.checks import _check

    _check.cache_clear()  # build the validators again, with the network refused
    text = VALID.replace("kinds:", "source: {citation: c, url: 'https://example.org/x'}\nkinds:")
    fw = loads(text)
    assert validate_text(BROKEN)
    assert load_file(dump_file(fw, tmp_path / "fw.yaml")) == fw
    assert load_file(BUNDLED).source is not None


def test_dumps_refuses_a_framework_the_file_format_would_reject() -> None:
    """Built in code, a framework can break rules only files state; it is never written."""
    import cecompetency
    from cecompetency import Framework, Item, Publisher

    framework = Framework(
        id="weighted",
        version="1",
        title="Weights that do not add up",
        status="published",
        publishers=[Publisher("Us")],
        items=[
            Item("1", "domain", title="A", weight=60),
            Item("2", "domain", title="B", weight=60),
        ],
    )
    with pytest.raises(cecompetency.FrameworkError) as caught:
        cecompetency.dumps(framework)
    assert [issue.code for issue in caught.value.issues] == ["CE303"]


def test_a_path_with_a_nul_is_a_ce100_issue() -> None:
    # open() raises ValueError, not OSError, for such a path.
    (issue,) = validate_file("bad\0name.yaml")
    assert (issue.code, issue.message) == ("CE100", "cannot read the file: embedded null byte")
    assert "\0" not in issue.file  # a terminal should not receive the NUL
    with pytest.raises(FrameworkError) as raised:
        load_file("bad\0name.yaml")
    assert [i.code for i in raised.value.issues] == ["CE100"]
