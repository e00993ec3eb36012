"""The documents tab's knowledge section without Gradio: notes saved, changed and deleted, packs
imported (contents and signer shown), listed with fingerprint, date and contents, and removed;
every failure a Dutch message, never a stack trace."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.packs.exporter import PackExporter, Selection
from assistant.packs.signing import load_or_create_key
from assistant.ui.knowledge_tab import KnowledgeController
from tests.fakes import RegexAnonymizer, fake_baken


def controller(data_dir: Path) -> KnowledgeController:
    """Over a real Baken (real store and pipeline) with the regex anonymiser and hash embedder."""
    return KnowledgeController(fake_baken(Settings(data_dir=data_dir)))


def test_notes_are_saved_changed_and_deleted(tmp_path: Path) -> None:
    c = controller(tmp_path)
    message = c.save_note(None, "Woningsluiting", "Eerst de verhuurder informeren, BSN "
                          "111222333.", "Team OOV", "13b, sluiting")
    assert message.startswith("Praktijknotitie opgeslagen en geïndexeerd")
    [row] = c.note_rows()
    note_id = row[0]
    assert row[2:] == ["Team OOV", "Woningsluiting", "13b, sluiting"]
    topic, text, team, tags = c.note_fields(note_id)
    assert "111222333" not in text and "[BSN-1]" in text and team == "Team OOV"
    assert c.save_note(note_id, "Woningsluiting 13b", text, team, tags).startswith(
        "Praktijknotitie gewijzigd")
    assert c.note_rows()[0][3] == "Woningsluiting 13b" and len(c.note_rows()) == 1
    assert c.delete_note(note_id) == "Praktijknotitie verwijderd uit de index."
    assert c.note_rows() == []


def test_an_incomplete_note_gets_a_dutch_message(tmp_path: Path) -> None:
    message = controller(tmp_path).save_note(None, "", "tekst", "Team", "")
    assert message.startswith("⚠️ De praktijknotitie is niet opgeslagen: het onderwerp "
                              "ontbreekt")


def test_a_pack_is_imported_listed_with_its_signer_and_removed(tmp_path: Path) -> None:
    doc = tmp_path / "beleid-overlast.md"
    doc.write_text("# Beleid overlast\n\n## Artikel 1\n\nDe burgemeester waarschuwt eerst.\n",
                   encoding="utf-8")
    key, _ = load_or_create_key(tmp_path / "A")
    pack = tmp_path / "a.zip"
    PackExporter(key, RegexAnonymizer()).export(pack, Selection(documents=[doc]),
                                                name="Kennis Voorbeeldstad",
                                                municipality="Voorbeeldstad")
    c = controller(tmp_path / "B")
    message = c.import_pack(str(pack), "")
    assert "Gemeente: Voorbeeldstad" in message and key.fingerprint in message
    assert c.pack_rows() == [["Kennis Voorbeeldstad", "Voorbeeldstad",
                              c.pack_rows()[0][2], key.fingerprint, "1 document", "baken"]]
    assert c.pack_choices() == [("Kennis Voorbeeldstad (gemeente Voorbeeldstad)",
                                 "kennis-voorbeeldstad")]
    assert c.remove_pack("kennis-voorbeeldstad").startswith("Pakket «Kennis Voorbeeldstad» "
                                                            "verwijderd")
    assert c.pack_rows() == []


def test_a_bad_pack_gets_a_dutch_message_and_nothing_is_installed(tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"geen zip")
    c = controller(tmp_path / "B")
    assert c.import_pack(str(junk)).startswith("⚠️ Het pakket wordt geweigerd: junk.zip is "
                                               "geen zip-bestand.")
    assert c.import_pack(None) == "Kies eerst een pakket (.zip)."
    assert c.pack_rows() == []
