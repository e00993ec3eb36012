"""A question that names an article and its document ('artikel 8 van de Wet openbare
manifestaties') gets that article first, even when the words match nothing else; a real Chroma
store in a temp dir, with a fake embedder whose vectors say nothing about the texts."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.core.schema import Chunk, Locator
from assistant.index import ChromaChunkStore, chroma_client
from assistant.retrieval import HybridRetriever, LexicalIndex, title_words

DOCS = {  # file: (title, articles)
    "wom.md": ("Wet openbare manifestaties", ["1", "8", "9"]),
    "boetebesluit.md": ("Besluit bestuurlijke boete overlast in de openbare ruimte", ["1", "8"]),
    "huisverbod.md": ("Wet tijdelijk huisverbod", ["1", "2", "8"]),
    "opiumwet.md": ("Opiumwet", ["8", "13b"]),
}


def _chunks() -> list[Chunk]:
    return [Chunk(chunk_id=f"{name}-{article}", text=f"{title}, artikel {article}\nTekst.",
                  locator=Locator(name, title, article=article), content_hash=name,
                  metadata={"doc_type": title.split()[0].lower()})
            for name, (title, articles) in DOCS.items() for article in articles]


class _UnrelatedEmbedder:
    """Random unit vectors: the question resembles no passage (best cosine far below 0.8)."""

    def __init__(self) -> None:
        self._rng = np.random.default_rng(3)

    def _vector(self) -> list[float]:
        vec = self._rng.normal(size=64)
        return list(vec / np.linalg.norm(vec))

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector() for _ in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector()


@pytest.fixture
def retriever(tmp_path: Path) -> HybridRetriever:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    embedder = _UnrelatedEmbedder()
    chunks = _chunks()
    store.add(chunks, embedder.embed_documents([c.text for c in chunks]))
    return HybridRetriever(store, embedder, top_k=3, threshold=0.8)  # type: ignore[arg-type]


def test_title_words_skip_words_that_many_titles_share() -> None:
    titles = {name: title for name, (title, _) in DOCS.items()}
    titles.update({f"wet{i}.md": f"Wet nummer {i} openbare orde" for i in range(4)})
    words = title_words(titles)
    assert words["opiumwet.md"] == {"opiumwet"}
    assert "manifestaties" in words["wom.md"]
    assert "openbare" not in words["wom.md"]  # in six of eight titles


def test_named_documents_prefers_the_best_matching_title() -> None:
    index = LexicalIndex(_chunks())
    assert index.named_documents("artikel 8 van de Wet openbare manifestaties") == {"wom.md"}
    assert index.named_documents("art. 13b Opiumwet") == {"opiumwet.md"}
    assert index.named_documents("Wat zegt artikel 8?") == set()
    assert index.article_chunks({"wom.md"}, {"8"}) == ["wom.md-8"]


@pytest.mark.parametrize(("question", "first"), [
    ("Wat staat er in artikel 8 van de Wet openbare manifestaties?", "wom.md-8"),
    ("artikel 8 Wet tijdelijk huisverbod", "huisverbod.md-8"),
    ("Geef art. 8 Opiumwet", "opiumwet.md-8"),
])
def test_the_named_article_of_the_named_document_comes_first_and_counts_as_found(
        retriever: HybridRetriever, question: str, first: str) -> None:
    result = retriever.search(question)
    assert result.sources[0].chunk_id == first
    assert result.relevant  # the user named it; "staat niet in de documenten" would be wrong


def test_an_article_the_named_document_lacks_is_not_found(retriever: HybridRetriever) -> None:
    result = retriever.search("Wat staat er in artikel 13b van de Wet openbare manifestaties?")
    assert not result.relevant  # no such article there, and nothing resembles the question


def test_a_filter_still_applies_to_the_named_article(retriever: HybridRetriever) -> None:
    result = retriever.search("artikel 8 Wet openbare manifestaties",
                              filters={"doc_type": "besluit"})
    assert {s.locator.source_file for s in result.sources} == {"boetebesluit.md"}


def test_the_named_article_is_shown_even_when_neither_search_found_it(tmp_path: Path) -> None:
    """Forty passages share the question's words and the named article shares none; with three
    candidates per search, only the lookup by document and article number can bring it."""
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    embedder = _UnrelatedEmbedder()
    wom = Chunk(chunk_id="wom-8", text="Tekst.", content_hash="wom",
                locator=Locator("wom.md", "Wet openbare manifestaties", article="8"))
    lookalikes = [Chunk(chunk_id=f"ander-{i}", content_hash=f"ander-{i}",
                        text="Wat staat er in de regels over openbare manifestaties en artikelen?",
                        locator=Locator(f"ander-{i}.md", f"Notitie {i}"))
                  for i in range(40)]
    chunks = [wom, *lookalikes]
    store.add(chunks, embedder.embed_documents([c.text for c in chunks]))
    retriever = HybridRetriever(store, embedder, top_k=5, threshold=0.8,  # type: ignore[arg-type]
                                candidates=3, lexical_weight=1.0)
    result = retriever.search("Wat staat er in artikel 8 van de Wet openbare manifestaties?")
    assert result.sources[0].chunk_id == "wom-8"
    assert result.relevant
