"""Legal references in chunk text, and how they resolve against the indexed documents: a
passage that cites 'artikel 13b Opiumwet' leads to that article only when it is indexed."""

from __future__ import annotations

import pytest

from assistant.core.schema import Chunk, Locator
from assistant.retrieval import LexicalIndex
from ingest.references import (
    Reference,
    article_in_range,
    chunk_references,
    extract_references,
)

BIBOB = "Wet bevordering integriteitsbeoordelingen door het openbaar bestuur"


@pytest.mark.parametrize(("text", "expected"), [
    ("Op grond van artikel 13b Opiumwet kan de burgemeester een woning sluiten.",
     [Reference("13b", "Opiumwet")]),
    ("Zie art. 3, eerste lid, Wet Bibob.", [Reference("3", BIBOB, "1")]),
    ("zoals bedoeld in artikel 2:59 APV.",
     [Reference("2:59", "Algemene plaatselijke verordening")]),
    ("op grond van artikel 174a Gemeentewet", [Reference("174a", "Gemeentewet")]),
    ("de bevoegdheden uit de artikelen 172 tot en met 176 van de Gemeentewet",
     [Reference("172", "Gemeentewet", until="176")]),
    ("artikelen 2:59 t/m 2:61 APV",
     [Reference("2:59", "Algemene plaatselijke verordening", until="2:61")]),
    ("artikel 172, derde lid, jo. artikel 174 Gemeentewet",
     [Reference("172", "Gemeentewet", "3"), Reference("174", "Gemeentewet")]),
    ("art. 13b jo. 1 Opiumwet", [Reference("13b", "Opiumwet"), Reference("1", "Opiumwet")]),
    ("Een last als bedoeld in artikel 4 wordt schriftelijk gegeven.", [Reference("4")]),
    ("artikel 5 van deze wet", [Reference("5")]),
    ("artikel 10, zesde lid, OW) of", [Reference("10", "Opiumwet", "6")]),
    ("artikel 8 Wet openbare manifestaties kan worden gebruikt",
     [Reference("8", "Wet openbare manifestaties")]),
    ("de artikelen 3 en 4 Politiewet 2012 regelen",
     [Reference("3", "Politiewet 2012"), Reference("4", "Politiewet 2012")]),
    ("artikel 3c, 4, eerste of tweede lid, of 5, eerste lid",
     [Reference("3c"), Reference("4", lid="1"), Reference("5", lid="1")]),
    ("artikel 151b van de Gemeentewet", [Reference("151b", "Gemeentewet")]),
    ("Geen verwijzing: het artikel gaat over 13 woningen.", []),
])
def test_extraction_table(text: str, expected: list[Reference]) -> None:
    assert extract_references(text) == expected


def test_a_lid_of_the_same_article_is_a_reference_to_the_own_article() -> None:
    text = "De last, bedoeld in het eerste lid, vervalt na drie maanden."
    assert extract_references(text, own_article="172a") == [Reference("172a", lid="1")]
    assert extract_references(text) == []  # outside an article it names nothing


def test_the_context_line_of_a_chunk_is_not_a_reference() -> None:
    text = "Gemeentewet — Artikel 172a, lid 6\nDe burgemeester kan op grond van artikel 172 ..."
    assert chunk_references(text, "172a") == ("172|",)


def test_keys_round_trip() -> None:
    for ref in (Reference("172", "Gemeentewet", until="176"), Reference("3", BIBOB, "1"),
                Reference("2:59"), Reference("13b", "Opiumwet")):
        assert Reference.from_key(ref.key) == ref


@pytest.mark.parametrize(("article", "inside"), [
    ("172", True), ("174a", True), ("176", True), ("176a", False), ("171", False),
    ("2:60", False),
])
def test_range_membership(article: str, inside: bool) -> None:
    assert article_in_range(article, "172", "176") is inside


def test_chapter_ranges() -> None:
    assert article_in_range("2:60", "2:59", "2:61")
    assert not article_in_range("3:60", "2:59", "2:61")


def _chunk(cid: str, name: str, title: str, article: str | None, text: str,
           lid: str | None = None) -> Chunk:
    return Chunk(chunk_id=cid, text=f"{title} — Artikel {article}\n{text}",
                 locator=Locator(name, title, article=article, lid=lid), content_hash=name,
                 references=chunk_references(f"{title}\n{text}", article))


def _index(*extra: Chunk) -> LexicalIndex:
    return LexicalIndex([
        _chunk("op-13b", "opiumwet.md", "Opiumwet", "13b", "De burgemeester is bevoegd ..."),
        _chunk("op-1", "opiumwet.md", "Opiumwet", "1", "In deze wet wordt verstaan ..."),
        _chunk("gw-172", "gw.md", "Gemeentewet", "172", "De burgemeester is belast ..."),
        _chunk("gw-174a", "gw.md", "Gemeentewet", "174a", "sluiting van een woning"),
        _chunk("gw-177", "gw.md", "Gemeentewet", "177", "Iets anders."),
        _chunk("gw-172a-1", "gw.md", "Gemeentewet", "172a", "Eerste lid.", lid="1"),
        _chunk("gw-172a-6", "gw.md", "Gemeentewet", "172a",
               "Het bevel, bedoeld in het eerste lid, geldt drie maanden.", lid="6"),
        _chunk("beleid-1", "damocles.md", "Beleidsregel Damocles Barneveld", "1",
               "Deze beleidsregel geeft uitvoering aan artikel 13b Opiumwet."),
        _chunk("beleid-2", "damocles.md", "Beleidsregel Damocles Barneveld", "2",
               "Zie ook artikel 99 Opiumwet en artikel 3 Wet Bibob en artikel 1."),
        _chunk("beleid-3", "damocles.md", "Beleidsregel Damocles Barneveld", "3",
               "De artikelen 172 tot en met 176 Gemeentewet blijven van kracht."),
        *extra,
    ])


def _targets(index: LexicalIndex, cid: str) -> set[str]:
    return {t for _, found in index.referred_chunks(cid) for t in found}


def test_a_reference_resolves_to_the_indexed_article() -> None:
    assert _targets(_index(), "beleid-1") == {"op-13b"}


def test_an_absent_article_or_law_resolves_to_nothing() -> None:
    # artikel 99 is not in the Opiumwet here and no Wet Bibob is indexed; 'artikel 1' without
    # a law is the policy rule's own article 1
    assert _targets(_index(), "beleid-2") == {"beleid-1"}


def test_a_range_resolves_to_every_indexed_article_in_it() -> None:
    assert _targets(_index(), "beleid-3") == {"gw-172", "gw-174a", "gw-172a-1", "gw-172a-6"}


def test_a_lid_reference_resolves_to_the_chunk_of_that_lid() -> None:
    assert _targets(_index(), "gw-172a-6") == {"gw-172a-1"}


def test_the_law_appears_once_the_document_is_indexed() -> None:
    bibob = _chunk("bibob-3", "wet-bibob.md", BIBOB, "3", "Bestuursorganen kunnen weigeren.")
    assert _targets(_index(bibob), "beleid-2") == {"beleid-1", "bibob-3"}


def test_a_law_name_that_matches_no_title_well_enough_names_no_document() -> None:
    index = _index(_chunk("apv-1", "apv.md", "Algemene plaatselijke verordening Almelo", "4:8",
                          "Tekst."))
    assert index.law_documents("Algemene wet bestuursrecht") == set()
    assert index.law_documents("Algemene plaatselijke verordening") == {"apv.md"}
    assert index.law_documents("Opiumwet") == {"opiumwet.md"}


def test_chunks_of_an_older_index_get_their_references_from_the_text() -> None:
    old = Chunk(chunk_id="old", text="Beleid — Artikel 9\nOp grond van artikel 174a Gemeentewet.",
                locator=Locator("oud.md", "Beleid", article="9"), content_hash="oud")
    assert old.references is None
    assert _targets(_index(old), "old") == {"gw-174a"}
