"""Audit log of questions: who asked what (anonymised), in which collection, with which model,
which sources were cited and which warnings were raised. JSON lines, rotated by size.

Never contains an original identifier: the question is the guarded (anonymised) text, the
answer text itself is not logged and warnings are logged as short codes (``warning_code``),
never with the answer text some of them quote.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path

from assistant.schema import Answer

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
            "warnings": [warning_code(w) for w in answer.warnings],
        }
        self._logger.info(json.dumps(entry, ensure_ascii=False))
