"""Local chat history: one JSON file per conversation, grouped per browser (or per login).

Layout: ``DATA_DIR/conversations/<owner>/<conversation id>.json``. Owner and conversation ids
come from the browser, so both are checked against a strict pattern before they touch a path.
Only anonymised questions are stored (the guarded question), together with the answer and the
sources it was based on, so a user can reopen yesterday's conversation.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.core.schema import Source

_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
TITLE_CHARS = 80


def new_id() -> str:
    """A fresh random id for a browser or a conversation."""
    return secrets.token_hex(12)


def valid_id(value: object) -> bool:
    """True for an id that is safe to use as a file or folder name."""
    return isinstance(value, str) and bool(_ID.match(value))


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass(frozen=True)
class StoredSource:
    """A source as the UI shows and stores it (plain values only)."""

    rank: int
    source_file: str
    label: str
    score: float
    text: str
    page: int | None = None
    quote: str | None = None  # the cited sentence, highlighted in the passage
    cited: bool = False
    referred_by: int | None = None  # rank of the source that cites this article
    also_in: tuple[str, ...] = ()  # labels of near-duplicate passages shown as this one

    @classmethod
    def from_source(cls, source: Source, quote: str | None = None,
                    cited: bool = False) -> StoredSource:
        return cls(rank=source.rank, source_file=source.locator.source_file,
                   label=source.locator.label(), score=round(float(source.score), 4),
                   text=source.text, page=source.locator.page, quote=quote, cited=cited,
                   referred_by=source.referred_by, also_in=source.also_in)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoredSource:
        page = data.get("page")
        return cls(rank=int(data.get("rank", 0)), source_file=str(data.get("source_file", "")),
                   label=str(data.get("label", "")), score=float(data.get("score", 0.0)),
                   text=str(data.get("text", "")), page=int(page) if page is not None else None,
                   quote=data.get("quote") or None, cited=bool(data.get("cited", False)),
                   referred_by=int(data["referred_by"]) if data.get("referred_by") else None,
                   also_in=tuple(str(a) for a in data.get("also_in") or ()))


@dataclass(frozen=True)
class Flag:
    """An answer sentence that the citation check could not support."""

    sentence: str
    reason: str


@dataclass(frozen=True)
class Turn:
    """One question and what Baken gave back (an answer, or passages in search mode)."""

    question: str  # anonymised
    answer: str
    mode: str  # "vraag" or "zoek"
    sources: tuple[StoredSource, ...] = ()
    flags: tuple[Flag, ...] = ()
    warnings: tuple[str, ...] = ()
    model: str = ""
    refused: bool = False
    stopped: bool = False
    rewritten_query: str | None = None
    time: str = field(default_factory=_now)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Turn:
        return cls(
            question=str(data.get("question", "")), answer=str(data.get("answer", "")),
            mode=str(data.get("mode", "vraag")),
            sources=tuple(StoredSource.from_dict(s) for s in data.get("sources", ())),
            flags=tuple(Flag(str(f.get("sentence", "")), str(f.get("reason", "")))
                        for f in data.get("flags", ())),
            warnings=tuple(str(w) for w in data.get("warnings", ())),
            model=str(data.get("model", "")), refused=bool(data.get("refused", False)),
            stopped=bool(data.get("stopped", False)),
            rewritten_query=data.get("rewritten_query") or None,
            time=str(data.get("time", "")),
        )


@dataclass(frozen=True)
class Conversation:
    """A stored conversation; ``title`` is its first (anonymised) question, shortened."""

    id: str
    owner: str
    created: str
    updated: str
    title: str
    turns: tuple[Turn, ...] = ()

    def history(self) -> list[tuple[str, str]]:
        """(question, answer) pairs of the answered turns, for follow-up questions."""
        return [(t.question, t.answer) for t in self.turns if t.mode == "vraag" and t.answer]


def _title(question: str) -> str:
    flat = " ".join(question.split())
    return flat if len(flat) <= TITLE_CHARS else flat[: TITLE_CHARS - 1].rstrip() + "…"


class ConversationStore:
    """Conversations as JSON files under ``root``; safe against path tricks in ids."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._lock = threading.Lock()

    def _folder(self, owner: str) -> Path:
        if not valid_id(owner):
            raise ValueError("ongeldige sessie")
        return self.root / owner

    def _file(self, owner: str, conversation_id: str) -> Path:
        if not valid_id(conversation_id):
            raise ValueError("ongeldig gesprek")
        return self._folder(owner) / f"{conversation_id}.json"

    def load(self, owner: str, conversation_id: str) -> Conversation | None:
        """The conversation, or None when it does not exist (or the ids are not valid)."""
        if not (valid_id(owner) and valid_id(conversation_id)):
            return None
        path = self._file(owner, conversation_id)
        if path.is_symlink() or not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return Conversation(
            id=conversation_id, owner=owner, created=str(data.get("created", "")),
            updated=str(data.get("updated", "")), title=str(data.get("title", "")),
            turns=tuple(Turn.from_dict(t) for t in data.get("turns", ())),
        )

    def add_turn(self, owner: str, conversation_id: str, turn: Turn) -> Conversation:
        """Append a turn, creating the conversation on its first turn."""
        with self._lock:
            current = self.load(owner, conversation_id)
            if current is None:
                current = Conversation(id=conversation_id, owner=owner, created=turn.time,
                                       updated=turn.time, title=_title(turn.question))
            updated = Conversation(id=current.id, owner=owner, created=current.created,
                                   updated=turn.time, title=current.title,
                                   turns=(*current.turns, turn))
            self._write(updated)
            return updated

    def _write(self, conversation: Conversation) -> None:
        path = self._file(conversation.owner, conversation.id)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "id": conversation.id, "created": conversation.created,
            "updated": conversation.updated, "title": conversation.title,
            "turns": [t.to_dict() for t in conversation.turns],
        }
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
        tmp.replace(path)

    def list(self, owner: str) -> list[Conversation]:
        """The owner's conversations, most recently updated first."""
        if not valid_id(owner):
            return []
        folder = self._folder(owner)
        if not folder.is_dir():
            return []
        found = [self.load(owner, p.stem) for p in folder.glob("*.json")]
        conversations = [c for c in found if c is not None]
        return sorted(conversations, key=lambda c: c.updated, reverse=True)

    def delete(self, owner: str, conversation_id: str) -> bool:
        """Remove one conversation; False when there was nothing to remove."""
        if not (valid_id(owner) and valid_id(conversation_id)):
            return False
        path = self._file(owner, conversation_id)
        with self._lock:
            if path.is_file() and not path.is_symlink():
                path.unlink()
                return True
        return False

    def delete_all(self, owner: str) -> int:
        """Remove every conversation of the owner; returns how many were removed."""
        return sum(self.delete(owner, c.id) for c in self.list(owner))


def short_date(stamp: str, now: datetime | None = None) -> str:
    """'vandaag 14:03', 'gisteren 09:12' or '27-11-2026 16:40' for an ISO time stamp."""
    try:
        when = datetime.fromisoformat(stamp)
    except ValueError:
        return ""
    now = now or datetime.now().astimezone()
    if when.tzinfo is not None and now.tzinfo is not None:
        when = when.astimezone(now.tzinfo)
    days = (now.date() - when.date()).days
    clock = when.strftime("%H:%M")
    if days == 0:
        return f"vandaag {clock}"
    if days == 1:
        return f"gisteren {clock}"
    return when.strftime("%d-%m-%Y %H:%M")


def conversation_choices(conversations: Sequence[Conversation],
                         now: datetime | None = None) -> list[tuple[str, str]]:
    """(label, id) pairs for a list of conversations: 'vandaag 14:03 — Mag de burgemeester…'."""
    return [(f"{short_date(c.updated, now)} — {c.title}", c.id) for c in conversations]
