"""The download files of finished drafts: one private folder that stays small.

The web server only hands out files from the system's temp folder (or its working folder), so
the folder lives there, not in the data folder. Its name is fixed per user and data folder, so
every start reuses it instead of leaving a new folder behind; it is emptied when Baken starts and
at a normal exit (not after SIGTERM/kill: then the next start does it), and holds only the most
recent drafts in between.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import secrets
import stat
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path

from assistant.drafting.export import write_draft
from assistant.drafting.result import Draft

log = logging.getLogger("baken.drafting")

EXPORT_KEEP = 20  # the most recent drafts kept for download, a .docx and a .md each


def _uid() -> int:
    getuid = getattr(os, "getuid", None)
    return int(getuid()) if getuid is not None else -1


def export_path(data_dir: Path) -> Path:
    """The fixed download folder of this user and data folder, in the system's temp folder."""
    tag = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"baken-concepten-{max(_uid(), 0)}-{tag}"


def _private(path: Path) -> bool:
    """Whether ``path`` is a folder (not a link) that only this user can read."""
    try:
        info = path.lstat()
    except OSError:
        return False
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    return private and (_uid() < 0 or info.st_uid == _uid())


def export_folder(data_dir: Path) -> Path:
    """``export_path``, created private to this user. A folder by that name that is not a
    private folder of this user (someone else's, or a link) is never used: then a fresh
    folder is made instead."""
    path = export_path(data_dir)
    with contextlib.suppress(OSError):
        path.mkdir(mode=0o700, exist_ok=True)
    if _private(path):
        return path
    log.warning("exportmap %s is niet privé; een nieuwe map wordt gebruikt", path)
    return Path(tempfile.mkdtemp(prefix="baken-concepten-"))


def _draft_files(folder: Path) -> dict[str, list[Path]]:
    """The download files in ``folder`` grouped per draft (same name, .docx and .md)."""
    drafts: dict[str, list[Path]] = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return drafts
    for entry in entries:
        if entry.name.startswith("concept-") and entry.is_file() and not entry.is_symlink():
            drafts.setdefault(entry.stem, []).append(entry)
    return drafts


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # already gone: another request pruned it
            path.unlink()


def _clear(folder: Path) -> None:
    for files in _draft_files(folder).values():
        _remove(files)


def _newest(files: list[Path]) -> float:
    try:
        return max(f.stat().st_mtime for f in files)
    except OSError:
        return 0.0


class DraftDownloads:
    """Writes the .docx and .md of each draft under a name of its own and keeps the ``keep``
    most recent drafts. ``folder``: a fixed folder (tests); by default ``export_folder``,
    made at the first download. The downloads of a previous start are removed at once."""

    def __init__(self, data_dir: Path, *, folder: Path | None = None,
                 keep: int = EXPORT_KEEP) -> None:
        self._data_dir = data_dir
        self._folder = folder
        self.keep = keep
        self._lock = threading.Lock()
        previous = folder or export_path(data_dir)
        if folder is not None or _private(previous):
            _clear(previous)

    def folder(self) -> Path:
        """The download folder, made (and emptied at exit) on first use."""
        with self._lock:
            if self._folder is None:
                self._folder = export_folder(self._data_dir)
                atexit.register(_clear, self._folder)
            self._folder.mkdir(parents=True, exist_ok=True)
            return self._folder

    def write(self, draft: Draft) -> tuple[Path, Path]:
        """The .docx and .md of ``draft``; drafts beyond the most recent are removed."""
        folder = self.folder()
        # unique per draft: two users drafting the same template in the same second
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
        base = folder / f"concept-{draft.template}-{stamp}"
        docx = write_draft(draft, base.with_suffix(".docx"))
        markdown = write_draft(draft, base.with_suffix(".md"))
        self._prune(folder)
        return docx, markdown

    def _prune(self, folder: Path) -> None:
        ordered = sorted(_draft_files(folder).values(), key=_newest, reverse=True)
        for files in ordered[self.keep:]:
            _remove(files)
