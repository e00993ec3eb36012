"""Audit log of questions: who asked what (anonymised), in which collection, with which model,
which sources were cited and which warnings were raised. JSON lines, rotated by size.

Never contains an original identifier: the question is the guarded (anonymised) text and the
answer text itself is not logged.
"""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from assistant.schema import Answer


class AuditLog:
    """Appends one JSON object per answered question to ``DATA_DIR/audit/vragen.jsonl``."""

    def __init__(self, folder: Path, *, max_bytes: int = 5_000_000, backups: int = 10) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "vragen.jsonl"
        self._logger = logging.getLogger(f"baken.audit.{folder.resolve()}")
        self._logger.propagate = False
        self._logger.setLevel(logging.INFO)
        if not self._logger.handlers:
            handler = RotatingFileHandler(self.path, maxBytes=max_bytes, backupCount=backups,
                                          encoding="utf-8")
            handler.setFormatter(logging.Formatter("%(message)s"))
            self._logger.addHandler(handler)

    def record(self, answer: Answer, *, collection: str, user: str | None = None) -> None:
        entry = {
            "time": datetime.now(UTC).isoformat(timespec="seconds"),
            "user": user,
            "collection": collection,
            "model": answer.model,
            "question": answer.question,
            "rewritten_query": answer.rewritten_query,
            "refused": answer.refused,
            "cited": [{"n": c.n, "source_file": c.source.locator.source_file,
                       "locator": c.source.locator.label()} for c in answer.citations],
            "warnings": list(answer.warnings),
        }
        self._logger.info(json.dumps(entry, ensure_ascii=False))
