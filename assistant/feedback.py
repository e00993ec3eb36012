"""Thumbs up/down with an optional comment per answer, kept locally as JSON Lines.

One object per line, in the shape the evaluation harness reads to make new test questions:
``{"id", "time", "question", "answer", "rating": "up"|"down", "comment",
"sources": [{"source_file", "locator"}], "model"}``. The question is the anonymised one.
A changed rating or an added comment rewrites that answer's line, so each answer appears once.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import threading
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class FeedbackStore:
    """Append-mostly JSONL file with a lock, so parallel browser sessions never mix lines."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.with_name(self.path.name + ".lock").open("w") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def read(self) -> list[dict[str, Any]]:
        """All feedback entries in file order (unreadable lines are skipped)."""
        if not self.path.is_file():
            return []
        entries = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                value = json.loads(line)
            except ValueError:
                continue
            if isinstance(value, dict):
                entries.append(value)
        return entries

    def record(self, *, question: str, answer: str, rating: Rating, model: str,
               sources: Sequence[Mapping[str, str]], comment: str = "") -> str:
        """Append one rating; returns its id (to change the rating or add a comment later)."""
        if rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")
        entry = {
            "id": secrets.token_hex(8),
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "question": question,
            "answer": answer,
            "rating": rating,
            "comment": comment.strip()[:MAX_COMMENT_CHARS],
            "sources": [{"source_file": str(s["source_file"]), "locator": str(s["locator"])}
                        for s in sources],
            "model": model,
        }
        with self._locked(), self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return str(entry["id"])

    def update(self, feedback_id: str, *, rating: Rating | None = None,
               comment: str | None = None) -> bool:
        """Change the rating and/or comment of an entry; False when the id is unknown."""
        if rating is not None and rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")

        def change(entry: dict[str, Any]) -> dict[str, Any] | None:
            if rating is not None:
                entry["rating"] = rating
            if comment is not None:
                entry["comment"] = comment.strip()[:MAX_COMMENT_CHARS]
            return entry

        return self._rewrite(feedback_id, change)

    def remove(self, feedback_id: str) -> bool:
        """Withdraw a rating (the user clicked the same thumb again)."""
        return self._rewrite(feedback_id, lambda _entry: None)

    def _rewrite(self, feedback_id: str, change: Any) -> bool:
        with self._locked():
            entries = self.read()
            found = False
            kept: list[dict[str, Any]] = []
            for entry in entries:
                if entry.get("id") == feedback_id:
                    found = True
                    new = change(entry)
                    if new is not None:
                        kept.append(new)
                else:
                    kept.append(entry)
            if not found:
                return False
            tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
            tmp.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in kept),
                           encoding="utf-8")
            tmp.replace(self.path)
            return True
