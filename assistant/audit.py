"""Audit logs, JSON lines in ``DATA_DIR/audit/``, rotated by size.

``vragen.jsonl``: who asked what (anonymised), in which collection, with which model, which
sources were cited and which warnings were raised. Never contains an original identifier: the
question is the guarded (anonymised) text, the answer text itself is not logged and warnings
are logged as short codes (``warning_code``), never with the answer text some of them quote.

``toegang.jsonl`` (``AccessLog``): every search and every request for an original (served or
refused): who (login name), when, which collection, and the SHA-256 of the search text and of
the document names, never the text or the names themselves. A search or an original whose line
cannot be written is not served (fail closed).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
from collections.abc import Iterable
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from assistant.core.private_files import append_private, private_dir
from assistant.core.schema import Answer

# code -> how the Dutch warning begins. Made by guardrails/input.py, guardrails/citations.py,
# guardrails/model_text.py and assistant/service.py. Only the fixed start is matched, so text a
# warning quotes (an answer sentence) can neither leak into the log nor change its code.
WARNING_CODES: dict[str, re.Pattern[str]] = {
    code: re.compile(start, re.IGNORECASE) for code, start in (
        ("vraag-geanonimiseerd", r"Uw vraag bevatte gegevens"),
        ("verwijzing-bestaat-niet", r"Verwijzing \[\d+\] bestaat niet"),
        ("niet-onderbouwd", r"Niet onderbouwd door bron"),
        ("citaat-niet-letterlijk", r"Citaat komt niet letterlijk"),
        ("geen-bestaande-bron", r"Het antwoord verwijst naar geen enkele bestaande bron"),
        ("geen-bronnummers", r"Het antwoord noemt geen bronnummers"),
        ("model-herhaalde-zich", r"Het taalmodel begon zichzelf te herhalen"),
        ("zin-niet-gedragen", r"\d+ zin\(nen\) van het taalmodel weggelaten: niet gedragen"),
        ("zin-met-spelfout", r"\d+ zin\(nen\) van het taalmodel weggelaten: spelfout"),
        ("geen-eigen-zin", r"\d+ zin\(nen\) van het taalmodel weggelaten: geen eigen zin"),
        ("herhaalde-zinnen", r"Herhaalde zinnen van het taalmodel"),
        ("vraag-herhaald", r"Een zin die alleen de vraag herhaalde"),
        ("opdrachttekst-weggelaten", r"Een zin met tekst uit de opdracht"),
        ("niet-in-bronnen", r"Een zin van het taalmodel is weggelaten: "),
        ("afgebroken-zin", r"Een afgebroken laatste zin"),
    )
}
UNKNOWN_WARNING = "overig"


def warning_code(warning: str) -> str:
    """A short stable code for a Dutch warning; never any of the warning's own text."""
    text = warning.strip()
    return next((code for code, start in WARNING_CODES.items() if start.match(text)),
                UNKNOWN_WARNING)


class AuditLog:
    """Appends one JSON object per answered question to ``DATA_DIR/audit/vragen.jsonl``."""

    def __init__(self, folder: Path, *, max_bytes: int = 5_000_000, backups: int = 10) -> None:
        private_dir(folder)
        self.path = folder / "vragen.jsonl"
        if not self.path.exists():
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600))
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
            "warnings": [warning_code(w) for w in answer.warnings],
        }
        self._logger.info(json.dumps(entry, ensure_ascii=False))


def name_hash(text: str) -> str:
    """SHA-256 (hex) of a search text or a document name, as the access log keeps it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class AccessLog:
    """Appends one JSON object per search and per requested original to ``toegang.jsonl``.

    Written directly (not through ``logging``, which swallows write errors): a line that cannot
    be written raises, so the caller refuses what it would otherwise have shown.
    """

    _locks: dict[Path, threading.Lock] = {}

    def __init__(self, folder: Path, *, max_bytes: int = 5_000_000, backups: int = 10) -> None:
        self.path = folder / "toegang.jsonl"
        self.max_bytes = max_bytes
        self.backups = backups
        self._lock = AccessLog._locks.setdefault(self.path.resolve(), threading.Lock())

    def _write(self, entry: dict[str, object]) -> None:
        line = json.dumps({"time": datetime.now(UTC).isoformat(timespec="seconds"), **entry},
                          ensure_ascii=False) + "\n"
        with self._lock:
            self._rotate()
            append_private(self.path, line)

    def _rotate(self) -> None:
        try:
            if self.path.stat().st_size < self.max_bytes:
                return
        except FileNotFoundError:
            return
        for n in range(self.backups - 1, 0, -1):
            older = self.path.with_name(f"{self.path.name}.{n}")
            if older.exists():
                older.replace(self.path.with_name(f"{self.path.name}.{n + 1}"))
        self.path.replace(self.path.with_name(f"{self.path.name}.1"))

    def search(self, *, user: str | None, collection: str, query: str,
               documents: Iterable[str], via: str) -> None:
        """A search (``via``: 'chat', 'api' or 'cli') and the documents it showed."""
        names = list(dict.fromkeys(documents))
        self._write({"event": "zoeken", "via": via, "user": user, "collection": collection,
                     "query_sha256": name_hash(query),
                     "documents_sha256": [name_hash(n) for n in names]})

    def original(self, *, user: str | None, collection: str, document: str, served: bool,
                 via: str, reason: str | None = None) -> None:
        """A request to open an original; ``reason`` (a short code) when it was refused."""
        entry: dict[str, object] = {
            "event": "origineel", "via": via, "user": user, "collection": collection,
            "document_sha256": name_hash(document), "served": served}
        if reason is not None:
            entry["reason"] = reason
        self._write(entry)
