"""Writing files so that a failure never loses what was there before."""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import time
from pathlib import Path

from cecompetency.model.errors import FileExistsRefusal, NotARegularFileRefusal

__all__ = [
    "STALE_AFTER",
    "TEMP_MARK",
    "FileExistsRefusal",
    "check_replaceable",
    "remove_stale_temps",
    "temp_owner",
    "write_atomic",
]

# Our temporary files are `.NAME.cecompetency-tmp-PID-RANDOM`: recognizable, so that the
# ones a killed writer left behind can be told from anyone else's files and removed.
TEMP_MARK = ".cecompetency-tmp-"
_TEMP = re.compile(r"\..*\.cecompetency-tmp-([0-9]+)-[0-9a-f]+")
# A temporary file this old is stale even if a process with its pid runs (pids are reused).
STALE_AFTER = 3600.0
_NAME_PART = 100  # of the target's name in the temporary one: keeps it under NAME_MAX


def write_atomic(
    path: str | os.PathLike[str], text: str | bytes, *, overwrite: bool = False
) -> Path:
    """Write ``text`` (UTF-8; or ``bytes`` as they are) to ``path`` via a temporary file.

    The temporary file is flushed and fsynced, then renamed over ``path`` in one step and
    the folder fsynced, so readers see either the old file or the whole new one, and the
    new name survives a power cut. An existing file is only replaced when ``overwrite`` is
    true, and only if it is a regular file: a symbolic link, device, pipe or folder is never
    replaced (:class:`~cecompetency.model.errors.NotARegularFileRefusal`). A new file gets
    the usual mode allowed by the umask; a replaced file keeps its mode. Temporary files
    that earlier writers in the folder left behind (killed mid-write) are removed.
    """
    target = Path(path)
    existing = check_replaceable(target, overwrite=overwrite)
    folder = target.parent if str(target.parent) else Path(".")
    remove_stale_temps(folder)
    descriptor, temp_name = _create_temp(folder, target.name)
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if existing is not None:  # a new file has its mode from the umask already
            os.chmod(temp_name, stat.S_IMODE(existing.st_mode))
        if overwrite:
            _replace(temp_name, target)
        else:
            _place_new(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    _sync_folder(folder)
    return target


def check_replaceable(
    path: str | os.PathLike[str], *, overwrite: bool = False
) -> os.stat_result | None:
    """Raise the refusal :func:`write_atomic` would give for ``path``; else its ``lstat``
    (``None`` when there is no file), so a caller can refuse before doing any work."""
    target = Path(path)
    existing = _existing(target)
    if existing is not None and not overwrite:
        raise _refusal(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise _not_regular(target, existing.st_mode)
    return existing


def _existing(target: Path) -> os.stat_result | None:
    try:
        return os.lstat(target)  # lstat: a link (even a dangling one) is there too
    except FileNotFoundError:
        return None


def _create_temp(folder: Path, name: str) -> tuple[int, str]:
    """A new temporary file of ours in ``folder``, created with mode 0666 less the umask."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    while True:
        temp = folder / f".{name[:_NAME_PART]}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(6)}"
        try:
            return os.open(temp, flags, 0o666), str(temp)
        except FileExistsError:  # pragma: no cover - 48 random bits; try another name
            continue


def _replace(temp_name: str, target: Path) -> None:
    # Checked again just before the rename: the window for a swap is as small as it can be.
    existing = _existing(target)
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise _not_regular(target, existing.st_mode)
    os.replace(temp_name, target)


def _refusal(target: Path) -> FileExistsRefusal:
    # The command line catches this and names its own option, --force.
    return FileExistsRefusal(f"{target}: exists; refusing to replace it (pass overwrite=True)")


def _not_regular(target: Path, mode: int) -> NotARegularFileRefusal:
    what = (
        "a symbolic link"
        if stat.S_ISLNK(mode)
        else "a folder"
        if stat.S_ISDIR(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a pipe"
        if stat.S_ISFIFO(mode)
        else "not a regular file"
    )
    return NotARegularFileRefusal(
        f"{target}: is {what}; only a regular file is ever replaced, write to another path"
    )


def _place_new(temp_name: str, target: Path) -> None:
    """Move the finished file to ``target`` unless a file appeared there meanwhile.

    ``os.link`` fails if the name exists, so no file created between our check and now is
    ever replaced; where hard links are not supported, fall back to check-then-rename.
    """
    try:
        os.link(temp_name, target)
    except FileExistsError:
        raise _refusal(target) from None
    except OSError:
        if os.path.lexists(target):
            raise _refusal(target) from None
        os.replace(temp_name, target)
    else:
        os.unlink(temp_name)


def _sync_folder(folder: Path) -> None:
    """Make the rename durable: fsync the folder, where the system allows it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # e.g. Windows cannot open a folder
        return
    try:
        with contextlib.suppress(OSError):  # some file systems refuse to sync a folder
            os.fsync(descriptor)
    finally:
        os.close(descriptor)


def temp_owner(name: str) -> int | None:
    """The pid in the name of one of our temporary files; ``None`` for any other name."""
    match = _TEMP.fullmatch(name)
    return None if match is None else int(match.group(1))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True  # someone else's process, or we cannot tell: keep the file
    return True


def remove_stale_temps(folder: Path) -> list[str]:
    """Remove the temporary files of ours in ``folder`` whose writer is gone.

    Only regular files named as ours and owned by this user are touched, and only when the
    process named in them no longer runs or they are older than :data:`STALE_AFTER`. Never
    raises: a folder that cannot be listed is simply left as it is. Returns the names removed.
    """
    removed: list[str] = []
    now = time.time()
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        pid = temp_owner(entry.name)
        if pid is None:
            continue
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        if not stat.S_ISREG(info.st_mode) or (uid is not None and info.st_uid != uid):
            continue
        if _running(pid) and now - info.st_mtime < STALE_AFTER:
            continue
        with contextlib.suppress(OSError):
            os.unlink(entry.path)
            removed.append(entry.name)
    return sorted(removed)
