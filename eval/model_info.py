"""Identify the files a run depends on: the model's name, size and sha256 (cached per file)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.llm.bundled import file_sha256 as sha256_file


def file_info(path: Path, cache: Path | None = None) -> dict[str, Any]:
    """``{"name", "path", "size_bytes", "sha256"}``; the hash is reused from ``cache`` when the
    file's size and modification time are unchanged (hashing a 5 GB model takes a while)."""
    stat = path.stat()
    key = {"path": str(path.resolve()), "size_bytes": stat.st_size, "mtime_ns": stat.st_mtime_ns}
    if cache is not None and cache.is_file():
        try:
            old = json.loads(cache.read_text(encoding="utf-8"))
            if all(old.get(k) == v for k, v in key.items()) and old.get("sha256"):
                return {"name": path.name, **key, "sha256": old["sha256"]}
        except (json.JSONDecodeError, OSError):
            pass
    info = {"name": path.name, **key, "sha256": sha256_file(path)}
    if cache is not None:
        cache.parent.mkdir(parents=True, exist_ok=True)
        cache.write_text(json.dumps(info), encoding="utf-8")
    return info
