"""Files in the data folder are for Baken's own account only: folders 0700, files 0600.

The data folder holds the un-anonymised originals, the audit logs and uploads in progress, so
nothing in it may be readable by other accounts on the machine. ``restrict_umask`` makes every
file the process creates private (the ``baken`` command sets it; the systemd units set
``UMask=0077``); ``private_dir``, ``write_private`` and ``copy_private`` give our own files
those modes explicitly, also in a process with a looser umask, and replace a file only by an
atomic rename, so a reader never sees half a file.
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600


def restrict_umask() -> int:
    """Make every file and folder this process creates private; returns the old umask."""
    return os.umask(PRIVATE_UMASK)


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents with mode 0700 (existing folders are kept)."""
    missing: list[Path] = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            continue
        folder.chmod(DIR_MODE)  # mkdir's mode is narrowed by the umask, never widened
    return path


def _temp_beside(target: Path) -> tuple[Path, int]:
    """A new private file next to ``target`` (same folder, so the rename is atomic)."""
    private_dir(target.parent)
    while True:
        tmp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, FILE_MODE)
        except FileExistsError:
            continue
        os.fchmod(fd, FILE_MODE)
        return tmp, fd


def _write_through_temp(target: Path, fill: Callable[[BinaryIO], object]) -> None:
    """Create a private temp file beside ``target``, let ``fill(out)`` write it, fsync it and
    rename it over ``target``; on any failure the temp file is removed and ``target`` kept."""
    tmp, fd = _temp_beside(target)
    try:
        with os.fdopen(fd, "wb") as out:
            fill(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_private(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` (0600) through a temporary file and an atomic rename."""
    _write_through_temp(target, lambda out: out.write(data))


def copy_private(source: Path, target: Path) -> None:
    """Copy ``source`` (never through a symbolic link) to ``target`` (0600), atomically."""
    src_fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(src_fd, "rb") as src:
        _write_through_temp(target, lambda out: shutil.copyfileobj(src, out, 1024 * 1024))


def append_private(path: Path, line: str) -> None:
    """Append one line to ``path`` (created 0600); raises when it cannot be written."""
    private_dir(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NOFOLLOW, FILE_MODE)
    try:
        data = line.encode("utf-8")
        written = os.write(fd, data)
        if written != len(data):
            raise OSError(f"auditregel onvolledig geschreven ({written} van {len(data)} bytes)")
        os.fsync(fd)
    finally:
        os.close(fd)
