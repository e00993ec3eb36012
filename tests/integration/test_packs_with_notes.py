"""Praktijknotities and packs with the real parts: Presidio with the Dutch recognisers and deduce,
the bundled embedder and Chroma in temporary data folders (two municipalities, A and B)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import Baken, build_baken
from assistant.config import load_settings
from assistant.notes import build_notebook
from assistant.packs.exporter import Selection
from tests.conftest import store_contents

pytestmark = pytest.mark.slow

DOC = ("# Beleidsregel woningsluiting Voorbeeldstad 2025\n\n## Artikel 3 Sluiting na drugshandel"
       "\n\nDe burgemeester sluit een woning voor zes maanden als daar een handelshoeveelheid "
       "harddrugs is aangetroffen. Bij een eerste constatering van softdrugs volgt eerst een "
       "schriftelijke waarschuwing.\n")


@pytest.fixture(scope="module")
def two_municipalities(tmp_path_factory: pytest.TempPathFactory) -> tuple[Baken, Baken, dict]:
    root = tmp_path_factory.mktemp("gemeenten")
    a = build_baken(load_settings(data_dir=root / "A"))
    b = build_baken(load_settings(data_dir=root / "B"))
    b.__dict__["anonymizer"] = a.anonymizer  # one deduce load for both
    b.__dict__["embedder"] = a.embedder
    notes = build_notebook(a)
    first = notes.add("Woningsluiting na 13b", "Bij een woningsluiting na 13b eerst de "
                      "verhuurder informeren; Jan Kavrendo van de politie belde daarover op "
                      "06-12345678.", "Team OOV", "13b, woningsluiting")
    second = notes.add("Cameratoezicht", "Plan de evaluatie van cameratoezicht na drie maanden "
                       "samen met de politie.", "Team Veiligheid")
    doc = root / "beleidsregel-woningsluiting-voorbeeldstad-2025.md"
    doc.write_text(DOC, encoding="utf-8")
    pack = root / "a.zip"
    exported = a.pack_exporter.export(pack, Selection(notes=[first, second], documents=[doc]),
                                        name="Woningsluiting", municipality="Voorbeeldstad")
    result = b.pack_installer.install(pack)
    return a, b, {"pack": pack, "notes": (first, second), "export": exported,
                  "import": result, "root": root}


def test_a_note_keeps_the_team_and_loses_the_person(two_municipalities: tuple) -> None:
    a, _, made = two_municipalities
    first = made["notes"][0]
    assert "Kavrendo" not in first.text and "12345678" not in first.text
    assert "[PERSOON-1]" in first.text and first.team == "Team OOV"
    stored = "\n".join(store_contents(a.settings.data_dir))
    assert "Kavrendo" not in stored and "Team OOV" in stored


def test_b_finds_a_s_document_and_note_with_their_origin(two_municipalities: tuple) -> None:
    _, b, _ = two_municipalities
    result = b.retriever.search("Hoe lang wordt een woning gesloten na drugshandel?", 3)
    assert result.relevant
    top = result.sources[0].locator
    assert top.source_file.endswith("beleidsregel-woningsluiting-voorbeeldstad-2025.md")
    assert top.label().endswith("— uit pakket van gemeente Voorbeeldstad")
    notes = b.retriever.search("wat eerst doen bij woningsluiting 13b verhuurder", 5,
                               {"doc_type": "praktijknotitie"})
    assert notes.sources and notes.sources[0].locator.label().startswith(
        "Praktijknotitie (") and "uit pakket van gemeente Voorbeeldstad" in \
        notes.sources[0].locator.label()


def test_the_origin_is_a_filter(two_municipalities: tuple, tmp_path: Path) -> None:
    _, b, _ = two_municipalities
    own = tmp_path / "eigen"
    own.mkdir()
    (own / "eigen-beleid-woningsluiting.md").write_text(
        "# Eigen beleid woningsluiting\n\nWij sluiten een woning na drugshandel voor drie "
        "maanden.\n", encoding="utf-8")
    b.pipeline.run([own], progress=False)
    only_pack = b.retriever.search("woning sluiten drugshandel", 10, {"herkomst": "Voorbeeldstad"})
    assert only_pack.sources and all(s.locator.origin == "Voorbeeldstad"
                                     for s in only_pack.sources)
    everything = b.retriever.search("woning sluiten drugshandel", 10)
    assert any(s.locator.origin is None for s in everything.sources)
    b.pipeline.delete("eigen-beleid-woningsluiting.md")


def test_importing_twice_changes_nothing(two_municipalities: tuple) -> None:
    _, b, made = two_municipalities
    version = b.store.version()
    again = b.pack_installer.install(made["pack"])
    assert again.status == "ongewijzigd" and b.store.version() == version
    assert made["import"].indexed == 3
