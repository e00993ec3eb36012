"""Distinct sources: of passages that are the same text up to whitespace or a page header,
only the best-placed one is shown, naming the others ("ook in: ...")."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.core.schema import Chunk, Locator, Source
from assistant.distinct_sources import distinct, near_duplicate
from assistant.index import ChromaChunkStore, chroma_client
from assistant.retrieval import HybridRetriever

ARTICLE = ("De burgemeester is bevoegd een last onder bestuursdwang op te leggen indien in\n"
           "woningen of lokalen dan wel in of op bij woningen of lokalen behorende erven een\n"
           "middel als bedoeld in lijst I of II wordt verkocht, afgeleverd of verstrekt.")


def _source(cid: str, name: str, body: str, article: str | None = "13b") -> Source:
    title = name.removesuffix(".md").capitalize()
    return Source(rank=0, chunk_id=cid, text=f"{title} — Artikel 13b\n{body}",
                  locator=Locator(name, title, article=article), score=0.9)


def test_whitespace_and_line_breaks_do_not_make_a_passage_new() -> None:
    a = _source("a", "opiumwet.md", ARTICLE)
    b = _source("b", "damocles.md", "  " + ARTICLE.replace("\n", " ").replace(" een ", "  een "))
    assert near_duplicate(a.text, b.text)


def test_a_page_header_or_page_number_does_not_make_a_passage_new() -> None:
    a = _source("a", "opiumwet.md", ARTICLE)
    b = _source("b", "beleid.md", "Gemeenteblad 2024, nr. 118 — pagina 7\n" + ARTICLE + "\n7")
    assert near_duplicate(a.text, b.text)


def test_different_passages_are_not_duplicates() -> None:
    a = _source("a", "opiumwet.md", ARTICLE)
    b = _source("b", "opiumwet.md", ARTICLE.replace("bestuursdwang", "dwangsom").replace(
        "verkocht", "bereid").replace("lijst I of II", "lijst II"))
    c = _source("c", "gw.md", "De burgemeester kan bij verstoring van de openbare orde bevelen "
                              "geven.")
    assert not near_duplicate(a.text, b.text)
    assert not near_duplicate(a.text, c.text)
    assert not near_duplicate(a.text, _source("d", "x.md", "").text)  # empty body


def test_the_best_placed_copy_wins_and_lists_the_others() -> None:
    law = _source("law", "opiumwet.md", ARTICLE)
    copy1 = _source("copy1", "damocles-duiven.md", ARTICLE, article="2")
    other = _source("other", "gw.md", "Andere tekst over sluiting van woningen door de "
                                      "burgemeester bij overlast.", article="174a")
    copy2 = _source("copy2", "damocles-barneveld.md", "Pagina 3\n" + ARTICLE, article="4")
    last = _source("last", "politiewet.md", "Weer iets anders over de politie.", article="2")
    by_id = {s.chunk_id: s for s in (law, copy1, other, copy2, last)}
    kept, also = distinct(["law", "copy1", "other", "copy2", "last"], by_id, 3)
    assert kept == ["law", "other", "last"]
    assert also["law"] == ["copy1", "copy2"]
    assert also["other"] == [] and also["last"] == []


class _OneVector:
    """Every text gets nearly the same vector: all passages fit every question."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        vec = np.ones(16) + 0.01 * (hash(text) % 7)
        return list(vec / np.linalg.norm(vec))


def test_search_shows_distinct_sources_and_names_the_copies(tmp_path: Path) -> None:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"))
    chunks = [Chunk(f"c{i}", f"{title} — Artikel {art}\n{body}", Locator(name, title, article=art),
                    name)
              for i, (name, title, art, body) in enumerate([
                  ("opiumwet.md", "Opiumwet", "13b", ARTICLE),
                  ("duiven.md", "Beleidsregel Damocles Duiven", "2", ARTICLE),
                  ("barneveld.md", "Beleidsregel Damocles Barneveld", "3", "Blad 2\n" + ARTICLE),
                  ("gw.md", "Gemeentewet", "174a", "Sluiting van woningen bij overlast."),
                  ("pw.md", "Politiewet 2012", "3", "De politie heeft tot taak ..."),
              ])]
    embedder = _OneVector()
    store.add(chunks, embedder.embed_documents([c.text for c in chunks]))
    question = "Wanneer mag de burgemeester een woning sluiten waar drugs worden verkocht?"
    today = HybridRetriever(store, embedder, top_k=3,  # type: ignore[arg-type]
                            distinct_sources=False, follow_references=False).search(question)
    assert len({s.text.split("\n", 1)[1].strip() for s in today.sources}) < 3  # copies shown

    result = HybridRetriever(store, embedder, top_k=3,  # type: ignore[arg-type]
                             follow_references=False).search(question)
    bodies = [s.text.split("\n", 1)[1] for s in result.sources]
    assert len(result.sources) == 3
    assert sum(ARTICLE in b for b in bodies) == 1
    holder = next(s for s in result.sources if ARTICLE in s.text)
    assert len(holder.also_in) == 2
    assert all(s.rank == i for i, s in enumerate(result.sources, start=1))
