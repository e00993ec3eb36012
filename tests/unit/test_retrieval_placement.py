"""Where an added article goes: one that a shown passage cites, or the one behind a popular name
the question uses. It is placed by its own fused score plus a citation vote, after every
passage that scores higher, so it adds recall without pushing a better-placed passage down."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.schema import Chunk, Locator
from assistant.index import ChromaChunkStore, chroma_client
from assistant.popular_names import popular_names
from assistant.retrieval import HybridRetriever, LexicalIndex, placed_by_score
from tests.fakes import ChosenCosineEmbedder

SCORES = {"a": 0.050, "b": 0.040, "c": 0.030, "d": 0.020, "e": 0.010}


@pytest.mark.parametrize(("score", "after", "expected"), [
    (0.035, None, ["a", "b", "x", "c", "d", "e"]),   # between the ones it beats and not
    (0.035, "a", ["a", "b", "x", "c", "d", "e"]),    # the citing passage is already above
    (0.060, "c", ["a", "b", "c", "x", "d", "e"]),    # never above the passage that cites it
    (0.060, None, ["x", "a", "b", "c", "d", "e"]),
    (0.005, "a", ["a", "b", "c", "d", "e", "x"]),    # scores below all: last
    (0.030, None, ["a", "b", "c", "x", "d", "e"]),   # a tie stays below
])
def test_an_added_article_goes_after_every_passage_that_scores_higher(
        score: float, after: str | None, expected: list[str]) -> None:
    assert placed_by_score(list(SCORES), "x", score, SCORES, after=after) == expected


@pytest.mark.parametrize("score", [0.0, 0.011, 0.025, 0.045, 0.09])
def test_no_higher_scoring_passage_moves_down(score: float) -> None:
    order = ["e", "a", "c", "b", "d"]  # not sorted: a popular name's article may lead
    placed = placed_by_score(order, "x", score, SCORES)
    for cid in order:
        if SCORES[cid] >= score:
            assert placed.index(cid) == order.index(cid), cid


def test_a_chunk_already_in_the_ranking_is_moved_not_doubled() -> None:
    assert placed_by_score(["a", "x", "b"], "x", 0.035, SCORES) == ["a", "b", "x"]


QUESTION = "Hoelang duurt een gebiedsverbod voor een relschopper?"
# (id, file, title, article, body, cosine to the question)
PASSAGES = [
    ("thv-2", "huisverbod.md", "Wet tijdelijk huisverbod", "2", "Het huisverbod geldt tien dagen.",
     0.90),
    ("thv-9", "huisverbod.md", "Wet tijdelijk huisverbod", "9", "Verlenging tot vier weken.", 0.89),
    ("thv-6", "huisverbod.md", "Wet tijdelijk huisverbod", "6", "Voorlopige voorziening.", 0.88),
    ("thv-8", "huisverbod.md", "Wet tijdelijk huisverbod", "8", "Afschrift van de uitspraak.",
     0.87),
    ("thv-10", "huisverbod.md", "Wet tijdelijk huisverbod", "10", "Bij ministeriele regeling.",
     0.86),
    ("gw-172a", "gemeentewet.md", "Gemeentewet", "172a",
     "Het bevel geldt voor ten hoogste drie maanden.", 0.85),
]


def _embedder() -> ChosenCosineEmbedder:
    return ChosenCosineEmbedder([(body, cos) for *_, body, cos in PASSAGES])


@pytest.fixture
def store(tmp_path: Path) -> ChromaChunkStore:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    chunks = [Chunk(cid, f"{title} — Artikel {art}\n{body}", Locator(name, title, article=art),
                    name, references=())
              for cid, name, title, art, body, _ in PASSAGES]
    store.add(chunks, _embedder().embed_documents([c.text for c in chunks]))
    return store


def _shown(store: ChromaChunkStore, **options: object) -> list[str]:
    retriever = HybridRetriever(store, _embedder(), top_k=4,  # type: ignore[arg-type]
                                lexical_weight=0.0, **options)  # type: ignore[arg-type]
    result = retriever.search(QUESTION)
    assert result.relevant
    return [s.chunk_id for s in result.sources]


def test_a_popular_name_article_leads_when_the_search_found_nothing_relevant(
        store: ChromaChunkStore) -> None:
    # every passage is below the relevance threshold and none says 'gebiedsverbod'
    assert _shown(store, threshold=0.95)[0] == "gw-172a"


def test_a_popular_name_article_is_placed_by_score_when_the_search_found_the_topic(
        store: ChromaChunkStore) -> None:
    # relevant passages found: the article comes after those that score higher than it
    # (its own rank 6, 1/66, plus a vote of 0.05/61 beats only the passages from place 3 on)
    assert _shown(store, threshold=0.80, reference_weight=0.05) == [
        "thv-2", "thv-9", "gw-172a", "thv-6"]
    without = _shown(store, threshold=0.80, popular_names=False)
    assert without == ["thv-2", "thv-9", "thv-6", "thv-8"]


def test_a_popular_name_is_resolved_as_a_reference_to_the_law() -> None:
    # a circular whose title names 'artikel 172b Gemeentewet' shares more title words with
    # the basis 'artikel 172a Gemeentewet' than the Gemeentewet does; the law is meant
    index = LexicalIndex([
        Chunk("circ-1", "De bevoegdheid van artikel 172a wordt uitgebreid.",
              Locator("circulaire.md", "Circulaire burgemeestersbevel artikel 172b Gemeentewet",
                      article="1"), "h1"),
        Chunk("gw-172a", "Het bevel geldt voor ten hoogste drie maanden.",
              Locator("gemeentewet.md", "Gemeentewet", article="172a"), "h2"),
    ])
    found = HybridRetriever._popular_name_articles(popular_names(QUESTION), index, None)
    assert found == ["gw-172a"]
