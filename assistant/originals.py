"""Which kept original (the un-anonymised copy Baken keeps of an indexed file) may be served.

A name is served only when it is a document in the index and its kept copy lies inside the
originals folder (``DATA_DIR/originals``) without any symbolic link on the way; anything else
gives None. The chat (``/bron/…``, ``assistant.ui.originals``) and the API
(``/api/originals/…``, ``assistant.server_routes``) both serve through this one check.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path, PurePosixPath


def served_names(indexed: Collection[str]) -> set[str]:
    """File names that may be served: the indexed source files (mail parts by their mail)."""
    return {name.split("#", 1)[0] for name in indexed}


def resolve_original(originals_dir: Path, name: str, indexed: Collection[str]) -> Path | None:
    """The kept original for ``name`` or None when it must not be served."""
    if not name or "\x00" in name or "\\" in name or name.startswith("/"):
        return None
    parts = PurePosixPath(name).parts
    if any(part in ("..", ".", "") for part in parts):
        return None
    if name not in served_names(indexed):
        return None
    base = originals_dir
    if base.is_symlink() or not base.is_dir():
        return None
    current = base
    for part in parts:
        current = current / part
        if current.is_symlink():
            return None
    resolved = current.resolve()
    if not resolved.is_relative_to(base.resolve()) or not resolved.is_file():
        return None
    return resolved
