"""Reference following at search time: an article that a shown passage cites joins the sources,
labelled with the passage's number, when it is indexed and fits the question (cosine at least
the floor); it goes after the citing passage and after every passage that scores higher than
its own score plus the citation vote. A real Chroma store, vectors chosen per text."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.schema import Chunk, Locator
from assistant.index import ChromaChunkStore, chroma_client
from assistant.retrieval import HybridRetriever
from ingest.references import chunk_references
from tests.fakes import ChosenCosineEmbedder

QUESTION = "Mag de burgemeester een drugspand sluiten?"
# (id, file, title, article, body, cosine to the question)
PASSAGES = [
    ("beleid", "damocles.md", "Beleidsregel Damocles", "2",
     "De burgemeester treedt op met de bevoegdheid van artikel 13b Opiumwet.", 0.95),
    ("vul1", "ivp.md", "Integraal veiligheidsplan", None, "Drugs in de wijk.", 0.94),
    ("vul2", "ivp.md", "Integraal veiligheidsplan", None, "Samenwerking met politie en OM.", 0.93),
    ("vul3", "ivp.md", "Integraal veiligheidsplan", None, "Meldingen van overlast in 2023.", 0.92),
    ("vul4", "ivp.md", "Integraal veiligheidsplan", None, "Cameratoezicht in het centrum.", 0.91),
    ("op-13b", "opiumwet.md", "Opiumwet", "13b",
     "De burgemeester is bevoegd een last onder bestuursdwang op te leggen.", 0.86),
    ("op-1", "opiumwet.md", "Opiumwet", "1", "In deze wet wordt verstaan onder ...", 0.40),
    ("beleid-def", "damocles.md", "Beleidsregel Damocles", "1",
     "Begrippen: zie artikel 1 Opiumwet en artikel 99 Opiumwet.", 0.10),
]


def _embedder() -> ChosenCosineEmbedder:
    return ChosenCosineEmbedder([(body, cos) for *_, body, cos in PASSAGES])


def _chunks(skip: frozenset[str] = frozenset()) -> list[Chunk]:
    return [Chunk(cid, f"{title} — {'Artikel ' + art if art else 'Plan'}\n{body}",
                  Locator(name, title, article=art), name,
                  references=chunk_references(f"x\n{body}", art))
            for cid, name, title, art, body, _ in PASSAGES if cid not in skip]


@pytest.fixture
def store(tmp_path: Path) -> ChromaChunkStore:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    chunks = _chunks()
    store.add(chunks, _embedder().embed_documents([c.text for c in chunks]))
    return store


def _search(store: ChromaChunkStore, **options: object) -> list[tuple[str, int | None]]:
    retriever = HybridRetriever(store, _embedder(), top_k=4,  # type: ignore[arg-type]
                                lexical_weight=0.0, **options)  # type: ignore[arg-type]
    result = retriever.search(QUESTION)
    assert [s.rank for s in result.sources] == list(range(1, len(result.sources) + 1))
    return [(s.chunk_id, s.referred_by) for s in result.sources]


def test_without_following_the_cited_article_is_not_shown(store: ChromaChunkStore) -> None:
    assert _search(store, follow_references=False) == [
        ("beleid", None), ("vul1", None), ("vul2", None), ("vul3", None)]


def test_the_cited_article_follows_the_passage_that_cites_it(store: ChromaChunkStore) -> None:
    assert _search(store) == [("beleid", None), ("op-13b", 1), ("vul1", None), ("vul2", None)]


def test_a_followed_article_never_moves_a_higher_scoring_passage_down(
        store: ChromaChunkStore) -> None:
    # with a weak citation vote, the article's own rank (6th, 1/66) plus 0.05/61 beats the
    # passages from the third place on, not 'vul1' (1/62): that one keeps its place
    assert _search(store, reference_weight=0.05) == [
        ("beleid", None), ("vul1", None), ("op-13b", 1), ("vul2", None)]
    # without a vote it scores below every shown passage and stays out
    assert ("op-13b", 1) not in _search(store, reference_weight=0.0)


def test_a_cited_article_that_does_not_fit_the_question_stays_out(
        store: ChromaChunkStore) -> None:
    assert ("op-13b", 1) not in _search(store, reference_floor=0.9)


def test_an_article_that_is_not_indexed_is_not_followed(tmp_path: Path) -> None:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    chunks = _chunks(skip=frozenset({"op-13b"}))
    store.add(chunks, _embedder().embed_documents([c.text for c in chunks]))
    assert _search(store) == [("beleid", None), ("vul1", None), ("vul2", None), ("vul3", None)]


def test_the_source_card_says_who_cites_it_and_where_its_copies_are(
        store: ChromaChunkStore) -> None:
    from dataclasses import asdict

    from assistant.conversations import StoredSource
    from assistant.ui.formatting import sources_html

    retriever = HybridRetriever(store, _embedder(), top_k=4,  # type: ignore[arg-type]
                                lexical_weight=0.0)
    shown = [StoredSource.from_source(s) for s in retriever.search(QUESTION).sources]
    shown = [StoredSource.from_dict(asdict(s)) for s in shown]  # as a saved conversation
    assert shown[1].referred_by == 1
    copy = StoredSource(rank=3, source_file="opiumwet.md", label="Opiumwet, artikel 13b",
                        score=0.9, text="...", also_in=("Beleidsregel Damocles, artikel 2",))
    html = sources_html([*shown[:2], copy])
    assert "waarnaar verwezen wordt in [1]" in html
    assert "ook in: Beleidsregel Damocles, artikel 2" in html
    assert html.count("waarnaar verwezen") == 1
