"""Writing files so that a failure never loses what was there before."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from cecompetency.model.errors import FileExistsRefusal

__all__ = ["FileExistsRefusal", "write_atomic"]


def write_atomic(
    path: str | os.PathLike[str], text: str | bytes, *, overwrite: bool = False
) -> Path:
    """Write ``text`` (UTF-8; or ``bytes`` as they are) to ``path`` via a temporary file.

    The temporary file is flushed and fsynced, then renamed over ``path`` in one step,
    so readers see either the old file or the whole new one. An existing file is only
    replaced when ``overwrite`` is true.
    """
    target = Path(path)
    if os.path.lexists(target) and not overwrite:  # lexists: a dangling link is there too
        raise _refusal(target)
    folder = target.parent if str(target.parent) else Path(".")
    descriptor, temp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        data = text if isinstance(text, bytes) else text.encode("utf-8")
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; keep the old file's mode, or the usual 0644.
        mode = target.stat().st_mode & 0o7777 if target.exists() else 0o644
        os.chmod(temp_name, mode)
        if overwrite:
            os.replace(temp_name, target)
        else:
            _place_new(temp_name, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp_name)
        raise
    return target


def _refusal(target: Path) -> FileExistsRefusal:
    # The command line catches this and names its own option, --force.
    return FileExistsRefusal(f"{target}: exists; refusing to replace it (pass overwrite=True)")


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
