"""The one matching function that decides whether a passage is the place a question means."""

from __future__ import annotations

import pytest

from assistant.core.schema import Locator
from eval.locators import file_matches, location_matches, parse_locator


@pytest.mark.parametrize(("text", "kind", "article", "lid", "number"), [
    ("artikel 172a lid 6", "article", "172a", "6", None),
    ("Artikel 13b", "article", "13b", None, None),
    ("artikel 1:1", "article", "1:1", None, None),
    ("artikel 3.1", "article", "3.1", None, None),
    ("artikel VI", "article", "vi", None, None),
    ("hoofdstuk 6", "numbered", None, None, "6"),
    ("paragraaf 3.1.3", "numbered", None, None, "3.1.3"),
    ("bijlage A.24", "numbered", None, None, "a.24"),
    ("bijlage", "numbered", None, None, None),
    ("Ahojgi-criteria", "heading", None, None, None),
    (None, "document", None, None, None),
])
def test_parse_locator(text: str | None, kind: str, article: str | None, lid: str | None,
                       number: str | None) -> None:
    place = parse_locator(text)
    assert (place.kind, place.article, place.lid, place.number) == (kind, article, lid, number)


def loc(article: str | None = None, heading: tuple[str, ...] = (), lid: str | None = None,
        source_file: str = "wet.md") -> Locator:
    return Locator(source_file, "Wet", article=article, lid=lid, heading_path=heading)


@pytest.mark.parametrize(("expected", "locator", "text", "match"), [
    # articles: same article is a hit, whatever the lid; other articles are not
    ("artikel 172a lid 6", loc("172a", ("Artikel 172a",), lid="4"), "", True),
    ("artikel 172a lid 6", loc("172", ("Artikel 172",)), "", False),
    ("artikel 172a", loc("172ab"), "", False),
    ("artikel 1:1", loc(None, ("Hoofdstuk 1", "Artikel 1:1 Begripsbepalingen")), "", True),
    # numbered sections against the heading path
    ("paragraaf 1.1", loc(heading=("1 Inleiding", "1.1 Aanleiding")), "", True),
    ("paragraaf 1.1", loc(heading=("1 Inleiding", "1.1Criminaliteitsbestrijding")), "", True),
    ("paragraaf 1", loc(heading=("1. INLEIDING",)), "", True),
    ("paragraaf 1", loc(heading=("1.2 Doel",)), "", False),
    ("paragraaf 1", loc(heading=("10 Slot",)), "", False),
    ("hoofdstuk 6", loc(heading=("Hoofdstuk 6. Procedureverloop",)), "", True),
    ("hoofdstuk 6", loc(heading=("Hoofdstuk 7. Slot",)), "", False),
    ("bijlage", loc(heading=("Bijlage als bedoeld in artikel 2",)), "", True),
    # a numbered place that did not become a heading: a line of the passage
    ("bijlage A.24", loc(heading=("Bijlage",)), "| A.24 | Afval naast container | 150 |", True),
    ("hoofdstuk 6", loc(), "Inhoud\nHoofdstuk 6. Procedureverloop\n", True),
    # literal headings
    ("Ahojgi-criteria", loc(heading=("3.4 Coffeeshops", "Ahojgi-criteria")), "", True),
    ("Aanleiding", loc(), "Intro\n**Aanleiding**\nIn 2016 ...", True),
    ("Aanleiding", loc(), "De aanleiding voor dit besluit is ...", False),
    # no locator: the whole document counts
    (None, loc(), "", True),
])
def test_location_matches(expected: str | None, locator: Locator, text: str,
                          match: bool) -> None:
    assert location_matches("wet.md", expected, locator, text) is match


def test_location_requires_the_same_file() -> None:
    other = loc("172a", source_file="andere-wet.md")
    assert not location_matches("wet.md", "artikel 172a", other)
    assert not location_matches(None, None, loc())


@pytest.mark.parametrize(("expected", "stored", "match"), [
    ("wet.md", "wet.md", True), ("wet.md", "regels/wet.md", True), ("Wet.md", "wet.md", True),
    ("wet.md", "nieuwe-wet.md", False), (None, "wet.md", False),
])
def test_file_matches(expected: str | None, stored: str, match: bool) -> None:
    assert file_matches(expected, stored) is match
