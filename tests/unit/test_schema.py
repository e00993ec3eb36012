"""Locator labels are what users cite: 'Gemeentewet, artikel 172a, zesde lid (p. 3)'."""

from __future__ import annotations

from assistant.core.schema import Locator


def test_label_names_document_article_lid_and_page() -> None:
    loc = Locator("gw.pdf", "Gemeentewet", page=3, article="172a", lid="6")
    assert loc.label() == "Gemeentewet, artikel 172a, zesde lid (p. 3)"


def test_label_names_a_range_of_leden() -> None:
    assert Locator("w.md", "Wet", article="2", lid="2", lid_end="3").label() == (
        "Wet, artikel 2, tweede en derde lid")
    assert Locator("w.md", "Wet", article="2", lid="1", lid_end="4").label() == (
        "Wet, artikel 2, eerste tot en met vierde lid")


def test_label_without_article_uses_heading() -> None:
    loc = Locator("b.md", "Damoclesbeleid", heading_path=("Hoofdstuk 3", "3.1 Woningen"))
    assert loc.label() == "Damoclesbeleid, 3.1 Woningen"


def test_metadata_round_trip() -> None:
    loc = Locator("gw.pdf", "Gemeentewet", page=3, article="2:24", lid="2", lid_end="4",
                  heading_path=("Hoofdstuk 2", "Afdeling 1"))
    assert Locator.from_metadata(loc.to_metadata()) == loc
