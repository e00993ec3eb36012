"""Popular names of public-order powers: the article behind the name joins the sources."""

from __future__ import annotations

import pytest

from assistant.popular_names import legal_bases
from assistant.retrieval import HybridRetriever, LexicalIndex, last_unless_shown
from assistant.schema import Chunk, Locator


@pytest.mark.parametrize(("question", "bases"), [
    ("Hoelang mag een gebiedsverbod maximaal duren?", ["artikel 172a Gemeentewet"]),
    ("Kan de burgemeester GEBIEDSVERBODEN opleggen aan een groep?", ["artikel 172a Gemeentewet"]),
    ("Wanneer mag de burgemeester preventief  fouilleren aanwijzen?",
     ["artikel 151b Gemeentewet"]),
    ("Wat is de looptijd van een noodverordening?", ["artikel 176 Gemeentewet"]),
    ("Valt een hennepkwekerij onder ons Damoclesbeleid?", ["artikel 13b Opiumwet"]),
    ("Wat veranderde de Wet Victoria?", ["artikel 13b Opiumwet"]),
    ("Welke regels gelden voor cameratoezicht?", []),  # the article itself says camera's
    ("Hoeveel verbodsborden staan er in het gebied?", []),
])
def test_legal_bases_of_popular_names(question: str, bases: list[str]) -> None:
    assert legal_bases(question) == bases


def chunk(cid: str, source_file: str, title: str, article: str, text: str) -> Chunk:
    return Chunk(chunk_id=cid, text=text, content_hash="h",
                 locator=Locator(source_file=source_file, title=title, article=article))


INDEX = LexicalIndex([
    chunk("g-172", "gemeentewet.md", "Gemeentewet", "172", "De burgemeester is belast met ..."),
    chunk("g-172a", "gemeentewet.md", "Gemeentewet", "172a",
          "De burgemeester kan een persoon ... niet op te houden in bepaalde delen ..."),
    chunk("apv-2", "apv.md", "Algemene plaatselijke verordening", "2:1", "Samenscholing ..."),
])


def test_the_indexed_article_behind_a_popular_name_is_found() -> None:
    found = HybridRetriever._popular_name_articles(
        "Hoelang duurt een gebiedsverbod?", INDEX, None)
    assert found == ["g-172a"]


def test_a_popular_name_whose_article_is_not_indexed_finds_nothing() -> None:
    # the Opiumwet is not in this index: 'Damocles' must not fetch some other article 13b
    assert HybridRetriever._popular_name_articles("Wat zegt ons Damoclesbeleid?", INDEX,
                                                  None) == []


def test_the_article_is_shown_last_without_pushing_better_passages_down() -> None:
    ranked = ["beleid-1", "beleid-2", "beleid-3", "beleid-4", "beleid-5", "wet-172a"]
    assert last_unless_shown(ranked, ["wet-172a"], 5)[:5] == [
        "beleid-1", "beleid-2", "beleid-3", "beleid-4", "wet-172a"]
    assert last_unless_shown(ranked, ["beleid-4"], 5) == ranked  # already shown: unchanged
    assert last_unless_shown(["a"], ["x"], 5) == ["a", "x"]
    assert last_unless_shown(ranked, [], 5) == ranked
