"""Thumbs up/down with an optional comment per answer, kept locally as JSON Lines.

One object per line, in the shape the evaluation harness reads to make new test questions:
``{"id", "time", "question", "answer", "rating": "up"|"down", "comment",
"sources": [{"source_file", "locator"}], "model"}``. The question is the anonymised one and
the comment is anonymised with the same anonymiser before it is stored (fail closed: a comment
that cannot be anonymised is not stored). A changed rating or an added comment rewrites that
answer's line, so each answer appears once.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from assistant.core.protocols import AnonymizationError, Anonymizer

Rating = Literal["up", "down"]
MAX_COMMENT_CHARS = 2000


class FeedbackStore:
    """Append-mostly JSONL file with a lock, so parallel browser sessions never mix lines."""

    def __init__(self, path: Path, anonymizer: Anonymizer | Callable[[], Anonymizer]) -> None:
        """``anonymizer`` may be a factory: it is resolved when the first comment arrives."""
        self.path = path
        self._anonymizer = anonymizer
        self._lock = threading.Lock()

    @property
    def anonymizer(self) -> Anonymizer:
        if not isinstance(self._anonymizer, Anonymizer):
            self._anonymizer = self._anonymizer()
        return self._anonymizer

    def _anonymised_comment(self, comment: str) -> str:
        """The trimmed comment with identifiers replaced; raises ``AnonymizationError``."""
        text = comment.strip()[:MAX_COMMENT_CHARS]
        if not text:
            return ""
        try:
            texts = self.anonymizer.redact([text]).texts
        except AnonymizationError:
            raise
        except Exception as exc:  # fail closed: nothing of the comment is stored
            raise AnonymizationError("toelichting kon niet worden geanonimiseerd") from exc
        if len(texts) != 1:
            raise AnonymizationError("anonimiseerder gaf een onvolledig resultaat")
        return texts[0]

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
               sources: Sequence[Mapping[str, str]], comment: str = "",
               feedback_id: str | None = None) -> str:
        """Append one rating; returns its id (to change the rating or add a comment later).
        ``feedback_id`` gives it a known id (the chat derives one per answer, so rating the
        same answer again later finds and replaces the earlier rating).

        Raises ``AnonymizationError`` (and stores nothing) when the comment cannot be anonymised.
        """
        if rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")
        entry = {
            "id": feedback_id or secrets.token_hex(8),
            "time": datetime.now().astimezone().isoformat(timespec="seconds"),
            "question": question,
            "answer": answer,
            "rating": rating,
            "comment": self._anonymised_comment(comment),
            "sources": [{"source_file": str(s["source_file"]), "locator": str(s["locator"])}
                        for s in sources],
            "model": model,
        }
        with self._locked(), self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return str(entry["id"])

    def update(self, feedback_id: str, *, rating: Rating | None = None,
               comment: str | None = None) -> bool:
        """Change the rating and/or comment of an entry; False when the id is unknown.

        Raises ``AnonymizationError`` (and changes nothing) when the comment cannot be anonymised.
        """
        if rating is not None and rating not in ("up", "down"):
            raise ValueError("rating must be 'up' or 'down'")
        cleaned = None if comment is None else self._anonymised_comment(comment)

        def change(entry: dict[str, Any]) -> dict[str, Any] | None:
            if rating is not None:
                entry["rating"] = rating
            if cleaned is not None:
                entry["comment"] = cleaned
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
