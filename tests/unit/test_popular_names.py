"""Popular names of public-order powers: the article behind the name joins the sources."""

from __future__ import annotations

import pytest

from assistant.core.schema import Chunk, Locator
from assistant.popular_names import mentioned, popular_names
from assistant.retrieval import HybridRetriever, LexicalIndex, placed_unless_shown


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
    assert [name.basis for name in popular_names(question)] == bases


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
        popular_names("Hoelang duurt een gebiedsverbod?"), INDEX, None)
    assert found == ["g-172a"]


def test_a_popular_name_whose_article_is_not_indexed_finds_nothing() -> None:
    # the Opiumwet is not in this index: 'Damocles' must not fetch some other article 13b
    names = popular_names("Wat zegt ons Damoclesbeleid?")
    assert HybridRetriever._popular_name_articles(names, INDEX, None) == []


def test_the_article_goes_last_when_the_search_found_the_topic_and_first_when_it_did_not() -> None:
    ranked = ["beleid-1", "beleid-2", "beleid-3", "beleid-4", "beleid-5", "wet-172a"]
    assert placed_unless_shown(ranked, ["wet-172a"], 5, first=False)[:5] == [
        "beleid-1", "beleid-2", "beleid-3", "beleid-4", "wet-172a"]
    assert placed_unless_shown(ranked, ["wet-172a"], 5, first=True)[:2] == [
        "wet-172a", "beleid-1"]
    assert placed_unless_shown(ranked, ["beleid-4"], 5, first=True) == ranked  # already shown
    assert placed_unless_shown(["a"], ["x"], 5, first=False) == ["a", "x"]
    assert placed_unless_shown(ranked, [], 5, first=True) == ranked


def test_a_passage_that_uses_the_popular_name_counts_as_the_topic_found() -> None:
    names = popular_names("Wat zegt ons Damoclesbeleid over een eerste overtreding?")
    assert mentioned(names, ["Beleidsregel Damocles Barneveld: bij een eerste overtreding ..."])
    assert not mentioned(names, ["Het verbod geldt voor een periode van tien dagen."])
