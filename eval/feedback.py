"""Turn thumbs-down feedback from the chat into candidate questions for IT to review."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from assistant.core.errors import BakenError
from prompts import REFUSAL

_WHERE = re.compile(r"^\s*(waar\s+(staat|vind|lees|is\s+geregeld)|in\s+welk(e)?\s+"
                    r"(artikel|hoofdstuk|paragraaf|document|regeling|wet))", re.IGNORECASE)
_DRAFT = re.compile(r"^\s*(schrijf|stel\b.*\bop\b|maak\s+(een\s+)?(concept|opzet|brief|voorstel)"
                    r"|formuleer|concept\b)", re.IGNORECASE)


class FeedbackError(BakenError, ValueError):
    """The feedback file cannot be read; the message is Dutch."""


def guess_kind(question: str) -> str:
    """``where`` for 'waar staat …', ``draft`` for 'schrijf …', otherwise ``what``."""
    if _DRAFT.search(question):
        return "draft"
    if _WHERE.search(question):
        return "where"
    return "what"


def read_feedback(path: Path) -> Iterator[dict[str, Any]]:
    if not path.is_file():
        raise FeedbackError(f"Feedbackbestand {path} bestaat niet.")
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                raise FeedbackError(f"{path.name}, regel {number}: geen geldige JSON.") from exc
            if isinstance(item, dict):
                yield item


def candidates(feedback: Iterable[dict[str, Any]],
               redact: Callable[[str], str] = lambda text: text,
               prefix: str = "feedback") -> list[dict[str, Any]]:
    """Thumbs-down lines -> questions in the question-set format, marked for review.

    ``source_file``/``source_locator``/``answer_facts`` stay empty: IT fills them in from the
    document (or changes ``kind`` to ``unanswerable``). ``notes`` carries the user's comment,
    what Baken answered and which sources it showed. Duplicate questions are merged.
    """
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    for item in feedback:
        if item.get("rating") != "down":
            continue
        question = redact(" ".join(str(item.get("question") or "").split()))
        key = question.lower()
        if not question or key in seen:
            continue
        seen.add(key)
        comment = redact(" ".join(str(item.get("comment") or "").split()))
        answer = str(item.get("answer") or "")
        sources = [f"{s.get('source_file', '')} ({s.get('locator', '')})".strip()
                   for s in item.get("sources") or [] if isinstance(s, dict)]
        notes = ["TE CONTROLEREN: vul source_file, source_locator en answer_facts in, of maak "
                 "er kind 'unanswerable' van."]
        if comment:
            notes.append(f"Opmerking gebruiker: {comment}")
        if answer.strip().startswith(REFUSAL):
            notes.append("Baken weigerde deze vraag.")
        if sources:
            notes.append("Getoonde bronnen: " + "; ".join(sources))
        if item.get("model"):
            notes.append(f"Model: {item['model']}")
        if item.get("time"):
            notes.append(f"Datum: {item['time']}")
        out.append({
            "id": f"{prefix}-{len(out) + 1:03d}", "question": question,
            "kind": guess_kind(question), "source_file": None, "source_locator": None,
            "answer_facts": [], "notes": " ".join(notes),
        })
    return out


def write_candidates(rows: Iterable[dict[str, Any]], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count
