"""Praktijknotities: anonymised before anything is written (fail closed), indexed as their own
type with 'Praktijknotitie' and the date in every citation, edits and deletes audited by hash.

A real Chroma store in a temporary folder with the hashing embedder and the regex anonymiser
(BSN only); the real Presidio anonymiser is in tests/integration/test_packs_with_notes.py."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from assistant.core.protocols import AnonymizationError, Finding, Redaction
from assistant.notes import NOTE_TYPE, NoteBook, NoteRejected, dutch_date, note_hash
from tests.fakes import RegexAnonymizer, make_pipeline

BSN = "111222333"


class BrokenAnonymizer(RegexAnonymizer):
    def redact(self, texts: object) -> Redaction:  # type: ignore[override]
        raise AnonymizationError("kapot")

    def find(self, text: str) -> list[Finding]:
        return []


def book(tmp_path: Path, anonymizer: object | None = None) -> NoteBook:
    pipeline = make_pipeline(tmp_path)
    return NoteBook(tmp_path, "baken", anonymizer or RegexAnonymizer(), pipeline,
                    today=lambda: date(2026, 3, 14))


def stored_texts(notes: NoteBook) -> str:
    return "\n".join(c.text for c in notes.pipeline.store.all_chunks())  # type: ignore[attr-defined]


def audit(tmp_path: Path) -> list[dict]:
    lines = (tmp_path / "audit" / "notities.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_a_note_is_anonymised_indexed_as_its_own_type_and_titled_with_the_date(
        tmp_path: Path) -> None:
    notes = book(tmp_path)
    note = notes.add("Woningsluiting na 13b", f"Eerst de verhuurder informeren; BSN {BSN}.",
                     "Team OOV", "13b, woningsluiting, 13b")
    assert note.tags == ("13b", "woningsluiting")
    chunks = notes.pipeline.store.all_chunks()  # type: ignore[attr-defined]
    assert chunks and all(c.metadata["doc_type"] == NOTE_TYPE for c in chunks)
    assert chunks[0].locator.label().startswith("Praktijknotitie (14 maart 2026): Woningsluiting")
    assert BSN not in stored_texts(notes) and "[BSN-1]" in stored_texts(notes)
    on_disk = "".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*")
                      if p.is_file() and p.suffix in (".md", ".json", ".jsonl"))
    assert BSN not in on_disk
    assert "Team OOV" in stored_texts(notes)


def test_the_writer_is_not_asked_for_nor_stored(tmp_path: Path) -> None:
    notes = book(tmp_path)
    note = notes.add("Cameratoezicht", "Evaluatie na drie maanden plannen.", "Team Veiligheid")
    assert set(note.to_json()) == {"id", "topic", "text", "team", "tags", "created", "updated"}
    entry = audit(tmp_path)[0]
    assert "user" not in entry and entry["event"] == "toegevoegd"


def test_a_note_that_cannot_be_anonymised_is_not_kept(tmp_path: Path) -> None:
    notes = book(tmp_path, BrokenAnonymizer())
    with pytest.raises(NoteRejected, match="niet worden geanonimiseerd"):
        notes.add("Onderwerp", "Tekst", "Team")
    assert notes.list() == []
    assert notes.pipeline.store.count() == 0  # type: ignore[attr-defined]
    assert not list((tmp_path / "notities").rglob("*.md"))


@pytest.mark.parametrize(("topic", "text", "team", "reason"), [
    ("", "tekst", "team", "onderwerp ontbreekt"),
    ("onderwerp", "  ", "team", "tekst ontbreekt"),
    ("onderwerp", "tekst", "", "team ontbreekt"),
    ("x" * 201, "tekst", "team", "langer dan 200"),
])
def test_incomplete_notes_are_refused_in_dutch(tmp_path: Path, topic: str, text: str,
                                              team: str, reason: str) -> None:
    with pytest.raises(NoteRejected, match=reason):
        book(tmp_path).add(topic, text, team)


def test_edit_replaces_the_indexed_text_and_is_audited_by_hash(tmp_path: Path) -> None:
    notes = book(tmp_path)
    first = notes.add("Damocles", "Eerst een waarschuwing sturen.", "Team Handhaving")
    notes.today = lambda: date(2026, 4, 1)
    changed = notes.edit(first.id, text=f"Eerst een waarschuwing, dan sluiten. BSN {BSN}")
    assert changed.id == first.id and changed.created == "2026-03-14"
    assert "dan sluiten" in stored_texts(notes) and "Eerst een waarschuwing sturen" not in \
        stored_texts(notes)
    assert BSN not in stored_texts(notes)
    assert "1 april 2026" in notes.pipeline.store.all_chunks()[0].locator.title  # type: ignore[attr-defined]
    entries = audit(tmp_path)
    assert [e["event"] for e in entries] == ["toegevoegd", "gewijzigd"]
    assert entries[1]["previous_sha256"] == entries[0]["sha256"] == note_hash(first)
    assert entries[1]["sha256"] == note_hash(changed)
    assert "waarschuwing" not in json.dumps(entries)


def test_delete_removes_the_note_from_index_and_disk_and_audits_it(tmp_path: Path) -> None:
    notes = book(tmp_path)
    keep = notes.add("Blijft", "Deze blijft staan.", "Team A")
    gone = notes.add("Weg", "Deze gaat weg.", "Team B")
    notes.delete(gone.id)
    assert [n.id for n in notes.list()] == [keep.id]
    assert "Deze gaat weg" not in stored_texts(notes)
    assert not (notes.root / gone.source_file).exists()
    assert audit(tmp_path)[-1] == {**audit(tmp_path)[-1], "event": "verwijderd",
                                   "note": gone.id, "previous_sha256": note_hash(gone)}
    with pytest.raises(NoteRejected, match="geen praktijknotitie"):
        notes.delete(gone.id)


def test_dutch_date() -> None:
    assert dutch_date("2026-12-04") == "4 december 2026"
