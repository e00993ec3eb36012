"""Praktijknotities: short lessons from practice, anonymised, indexed and cited as experience.

A note has a topic, a text, optional tags and the name of the team; the name of the person who
writes it is never asked for nor stored. Topic, text, team and tags are anonymised together by
the ingest anonymiser before anything is written (fail closed: a note that cannot be anonymised
is not kept). Each note is a Markdown file ``DATA_DIR/notities/COLLECTIE/praktijknotities/ID.md``
indexed by the ingest pipeline as document type ``praktijknotitie``; its title starts with
"Praktijknotitie" and the date, so every citation shows that it is experience, not a rule.
Adding, editing and deleting are audited in ``audit/notities.jsonl`` by SHA-256 only.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from assistant.core.errors import BakenError
from assistant.core.private_files import append_private, private_dir, write_private
from assistant.core.protocols import AnonymizationError, Anonymizer
from ingest.pipeline import IngestReport

if TYPE_CHECKING:
    from assistant.app import Baken

NOTE_TYPE = "praktijknotitie"
NOTES_FOLDER = "praktijknotities"
MAX_TOPIC_CHARS = 200
MAX_TEXT_CHARS = 10_000
MAX_TAGS = 10
MAX_TAG_CHARS = 40
_MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december")
_ID = re.compile(r"^[0-9a-f]{8}$")


class NoteRejected(BakenError, ValueError):
    """A note cannot be saved or changed; the message is Dutch."""


class _Pipeline(Protocol):
    def run(self, paths: Sequence[Path], *, prune: bool = ..., progress: bool = ...,
            metadata: Any = ...) -> IngestReport: ...

    def delete(self, source_file: str) -> None: ...


def dutch_date(day: str) -> str:
    """'2026-12-04' -> '4 december 2026'."""
    parsed = date.fromisoformat(day)
    return f"{parsed.day} {_MONTHS[parsed.month - 1]} {parsed.year}"


@dataclass(frozen=True)
class Note:
    """One anonymised note."""

    id: str
    topic: str
    text: str
    team: str
    tags: tuple[str, ...] = ()
    created: str = ""  # ISO date
    updated: str = ""  # ISO date of the last change

    @property
    def source_file(self) -> str:
        return f"{NOTES_FOLDER}/{self.id}.md"

    @property
    def title(self) -> str:
        return f"Praktijknotitie ({dutch_date(self.updated or self.created)}): {self.topic}"

    def markdown(self) -> str:
        """The indexed text: title with date, team, tags, then the lesson itself."""
        lines = [f"# {self.title}", "", f"Team: {self.team}"]
        if self.tags:
            lines.append(f"Trefwoorden: {', '.join(self.tags)}")
        return "\n".join([*lines, "", self.text.strip(), ""])

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "tags": list(self.tags)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Note:
        return cls(id=str(data["id"]), topic=str(data["topic"]), text=str(data["text"]),
                   team=str(data["team"]), tags=tuple(str(t) for t in data.get("tags", ())),
                   created=str(data.get("created", "")), updated=str(data.get("updated", "")))


def clean_tags(tags: Sequence[str] | str | None) -> tuple[str, ...]:
    """Tags from a list or a comma-separated string: trimmed, without duplicates."""
    if tags is None:
        return ()
    items = tags.split(",") if isinstance(tags, str) else list(tags)
    out: list[str] = []
    for tag in (t.strip() for t in items):
        if tag and tag.lower() not in {o.lower() for o in out}:
            out.append(tag)
    return tuple(out)


def _check(topic: str, text: str, team: str, tags: tuple[str, ...]) -> None:
    problems = []
    if not topic.strip():
        problems.append("het onderwerp ontbreekt")
    elif len(topic) > MAX_TOPIC_CHARS:
        problems.append(f"het onderwerp is langer dan {MAX_TOPIC_CHARS} tekens")
    if not text.strip():
        problems.append("de tekst ontbreekt")
    elif len(text) > MAX_TEXT_CHARS:
        problems.append(f"de tekst is langer dan {MAX_TEXT_CHARS} tekens")
    if not team.strip():
        problems.append("de naam van het team ontbreekt")
    elif len(team) > MAX_TOPIC_CHARS:
        problems.append(f"de teamnaam is langer dan {MAX_TOPIC_CHARS} tekens")
    if len(tags) > MAX_TAGS:
        problems.append(f"meer dan {MAX_TAGS} trefwoorden")
    if any(len(t) > MAX_TAG_CHARS for t in tags):
        problems.append(f"een trefwoord is langer dan {MAX_TAG_CHARS} tekens")
    if problems:
        raise NoteRejected("De praktijknotitie is niet opgeslagen: " + "; ".join(problems) + ".")


def note_hash(note: Note) -> str:
    return hashlib.sha256(note.markdown().encode("utf-8")).hexdigest()


class NoteBook:
    """The notes of one collection: add, edit, delete and list, each change indexed and audited."""

    def __init__(self, data_dir: Path, collection: str,
                 anonymizer: Anonymizer | Callable[[], Anonymizer], pipeline: _Pipeline, *,
                 today: Callable[[], date] = date.today) -> None:
        self.data_dir = data_dir
        self.collection = collection
        self._anonymizer = anonymizer
        self.pipeline = pipeline
        self.today = today
        self.root = data_dir / "notities" / collection
        self.index_file = data_dir / "notities" / f"{collection}.json"
        self.audit_file = data_dir / "audit" / "notities.jsonl"

    @property
    def anonymizer(self) -> Anonymizer:
        if not isinstance(self._anonymizer, Anonymizer):
            self._anonymizer = self._anonymizer()
        return self._anonymizer

    # -- reading ---------------------------------------------------------------------------
    def _read_index(self) -> dict[str, Note]:
        try:
            raw = json.loads(self.index_file.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise NoteRejected(f"Het notitiebestand {self.index_file} is onleesbaar.") from exc
        return {n["id"]: Note.from_json(n) for n in raw.get("notes", [])}

    def list(self) -> list[Note]:
        """All notes, newest change first."""
        return sorted(self._read_index().values(), key=lambda n: (n.updated, n.id), reverse=True)

    def get(self, note_id: str) -> Note:
        note = self._read_index().get(note_id.strip())
        if note is None:
            raise NoteRejected(f"Er is geen praktijknotitie met nummer '{note_id}'.")
        return note

    # -- changing --------------------------------------------------------------------------
    def add(self, topic: str, text: str, team: str,
            tags: Sequence[str] | str | None = None) -> Note:
        """Anonymise, store, index and audit a new note."""
        day = self.today().isoformat()
        note = self._anonymised(Note(id=self._new_id(), topic=topic.strip(), text=text.strip(),
                                     team=team.strip(), tags=clean_tags(tags), created=day,
                                     updated=day))
        self._save(note, previous=None)
        return note

    def edit(self, note_id: str, *, topic: str | None = None, text: str | None = None,
             team: str | None = None, tags: Sequence[str] | str | None = None) -> Note:
        """Change a note: the new version is anonymised, re-indexed and audited."""
        old = self.get(note_id)
        changed = replace(
            old, topic=old.topic if topic is None else topic.strip(),
            text=old.text if text is None else text.strip(),
            team=old.team if team is None else team.strip(),
            tags=old.tags if tags is None else clean_tags(tags),
            updated=self.today().isoformat())
        note = self._anonymised(changed)
        if note_hash(note) == note_hash(old) and note.updated == old.updated:
            return old
        self._save(note, previous=old)
        return note

    def delete(self, note_id: str) -> None:
        """Remove a note from the index and the disk; the audit keeps its hash."""
        note = self.get(note_id)
        self.pipeline.delete(note.source_file)
        (self.root / note.source_file).unlink(missing_ok=True)
        notes = self._read_index()
        notes.pop(note.id, None)
        self._write_index(notes)
        self._audit("verwijderd", note.id, None, note_hash(note))

    # -- internals -------------------------------------------------------------------------
    def _new_id(self) -> str:
        """A random id that no recogniser reads as an identifier (it becomes a file name)."""
        existing = self._read_index()
        while True:
            candidate = secrets.token_hex(4)
            if (_ID.match(candidate) and candidate not in existing
                    and not self.anonymizer.find(candidate)):
                return candidate

    def _anonymised(self, note: Note) -> Note:
        _check(note.topic, note.text, note.team, note.tags)
        texts = [note.topic, note.text, note.team, *note.tags]
        try:
            redaction = self.anonymizer.redact(texts)
        except Exception as exc:  # noqa: BLE001 - fail closed on anything
            raise NoteRejected("De praktijknotitie kon niet worden geanonimiseerd en is uit "
                               "voorzorg niet opgeslagen.") from exc
        if len(redaction.texts) != len(texts):
            raise NoteRejected("De praktijknotitie kon niet worden geanonimiseerd en is uit "
                               "voorzorg niet opgeslagen.")
        topic, text, team, *tags = redaction.texts
        return replace(note, topic=topic, text=text, team=team, tags=tuple(tags))

    def _save(self, note: Note, previous: Note | None) -> None:
        path = self.root / note.source_file
        private_dir(path.parent)
        old_bytes = path.read_bytes() if path.is_file() else None
        write_private(path, note.markdown().encode("utf-8"))
        try:
            report = self.pipeline.run([self.root], progress=False,
                                       metadata={"doc_type": NOTE_TYPE})
            skipped = [s for s in report.documents_skipped
                       if s["file"] == note.source_file or s["file"].startswith("sha256:")]
            if skipped:
                raise NoteRejected("De praktijknotitie is niet opgeslagen: "
                                   f"{skipped[0]['reason']}.")
        except AnonymizationError as exc:
            self._restore(path, old_bytes)
            raise NoteRejected("De praktijknotitie kon niet worden geanonimiseerd en is uit "
                               "voorzorg niet opgeslagen.") from exc
        except BaseException:
            self._restore(path, old_bytes)
            raise
        notes = self._read_index()
        notes[note.id] = note
        self._write_index(notes)
        self._audit("gewijzigd" if previous else "toegevoegd", note.id, note_hash(note),
                    note_hash(previous) if previous else None)

    def _restore(self, path: Path, old_bytes: bytes | None) -> None:
        if old_bytes is None:
            path.unlink(missing_ok=True)
        else:
            write_private(path, old_bytes)

    def _write_index(self, notes: dict[str, Note]) -> None:
        data = {"notes": [n.to_json() for n in sorted(notes.values(), key=lambda n: n.id)]}
        write_private(self.index_file,
                      json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def _audit(self, event: str, note_id: str, sha256: str | None,
               previous: str | None) -> None:
        entry = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "event": event,
                 "collection": self.collection, "note": note_id, "sha256": sha256,
                 "previous_sha256": previous}
        append_private(self.audit_file, json.dumps(entry, ensure_ascii=False) + "\n")


def build_notebook(baken: Baken) -> NoteBook:
    """The notes of ``baken``'s collection, indexed by its pipeline."""
    s = baken.settings
    return NoteBook(s.data_dir, s.collection, lambda: baken.anonymizer, baken.pipeline)
