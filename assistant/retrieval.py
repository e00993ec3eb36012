"""Hybrid retrieval: dense (Chroma) + lexical (BM25) fused by reciprocal rank, with an
article-reference boost and a relevance gate for "dat staat niet in de documenten"."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence, Set
from dataclasses import replace
from typing import Any

import bm25s
import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.index import ChromaChunkStore
from assistant.schema import Chunk, RetrievalResult, Source

_TOKEN = re.compile(r"\d+(?::\d+)?[a-z]*|[^\W\d_]+", re.UNICODE)
# "174a", "2:24", "2.1.1", and Roman numbers of amending laws in upper case ("VI", "IIa")
ARTICLE_NUMBER = r"\d+[a-z]*(?:[:.]\d+[a-z]*)*|(?-i:[IVXLC]+[a-z]?)\b"
_ARTICLE_REF = re.compile(rf"\b(?:artikel|art\.?)\s*({ARTICLE_NUMBER})", re.IGNORECASE)
RRF_K = 60


def tokenize(text: str) -> list[str]:
    """Lower-cased word and article-number tokens ("2:24", "172a" stay whole)."""
    return _TOKEN.findall(text.lower())


def article_refs(question: str) -> set[str]:
    """Article numbers named in a question: 'art. 13b Opiumwet' -> {'13b'}; also '2:24',
    '2.1.1' and Roman numbers of amending laws ('artikel VI', upper case only)."""
    return {m.lower() for m in _ARTICLE_REF.findall(question)}


Filters = Mapping[str, str | int]


def chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma ``where`` clause for metadata filters (all must match)."""
    if not filters:
        return None
    clauses = [{key: value} for key, value in filters.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def one_per_article(ranked_ids: Sequence[str], by_id: Mapping[str, Source],
                    named: Set[str] = frozenset()) -> list[str]:
    """Keep only the best-ranked chunk of each article of each document.

    A long article is cut into several chunks that all match the same question; showing them
    all would fill the sources with one place. Chunks without an article number all stay, and
    so do all chunks of an article the question names (``named``: "wat regelt artikel 174a").
    """
    seen: set[tuple[str, str]] = set()
    kept = []
    for cid in ranked_ids:
        locator = by_id[cid].locator
        if locator.article and locator.article.lower() not in named:
            place = (locator.source_file, locator.article.lower())
            if place in seen:
                continue
            seen.add(place)
        kept.append(cid)
    return kept


def title_words(titles: Mapping[str, str]) -> dict[str, set[str]]:
    """Per document, the words of its title that name it: in at most a quarter of the titles
    (at least two), four letters or more. 'Wet openbare manifestaties' -> {'openbare',
    'manifestaties'}; 'wet' and 'gemeente' name nothing when many titles share them."""
    words = {name: {w for w in tokenize(title) if len(w) >= 4 and not w[0].isdigit()}
             for name, title in titles.items()}
    counts: dict[str, int] = {}
    for found in words.values():
        for w in found:
            counts[w] = counts.get(w, 0) + 1
    limit = max(2, len(titles) // 4)
    return {name: {w for w in found if counts[w] <= limit} for name, found in words.items()}


class LexicalIndex:
    """BM25 over the given chunks (the retriever gives those of complete documents); rebuilt
    when the store's content changes. Also knows which chunks hold which article of which
    document, for questions that name one, and which chunk ids may be shown (``live``)."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunk_ids = [c.chunk_id for c in chunks]
        self.live = frozenset(self.chunk_ids)
        self._metadata = [dict(c.metadata) for c in chunks]
        self._places = [(c.locator.source_file, (c.locator.article or "").lower())
                        for c in chunks]
        self._title_words = title_words({c.locator.source_file: c.locator.title
                                         for c in chunks})
        self._bm25 = bm25s.BM25()
        corpus = [tokenize(c.text) or ["_"] for c in chunks]
        if corpus:
            self._bm25.index(corpus, show_progress=False)

    def search(self, query: str, k: int,
               filters: Filters | None = None) -> list[tuple[str, float]]:
        tokens = tokenize(query)
        if not self.chunk_ids or not tokens:
            return []
        ids = self._bm25.get_tokens_ids(tokens)
        if not ids:
            return []
        scores = np.asarray(self._bm25.get_scores_from_ids(ids), dtype=np.float64)
        if filters:
            scores = np.where([self._allowed(i, filters) for i in range(len(scores))],
                              scores, 0.0)
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top])]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]

    def _allowed(self, i: int, filters: Filters | None) -> bool:
        return not filters or all(self._metadata[i].get(key) == value
                                  for key, value in filters.items())

    def named_documents(self, question: str) -> set[str]:
        """The documents whose title the question names best: 'art. 8 Wet openbare
        manifestaties' -> the Wom (two title words), not the Besluit ... openbare ruimte (one)."""
        asked = set(tokenize(question))
        overlap = {name: len(words & asked) for name, words in self._title_words.items()}
        most = max(overlap.values(), default=0)
        return {name for name, n in overlap.items() if n and n == most}

    def article_chunks(self, documents: Set[str], articles: Set[str],
                       filters: Filters | None = None) -> list[str]:
        """Ids of the chunks that hold one of ``articles`` in one of ``documents``."""
        if not documents or not articles:
            return []
        return [cid for i, (cid, (name, article)) in enumerate(zip(self.chunk_ids, self._places,
                                                                    strict=True))
                if name in documents and article in articles and self._allowed(i, filters)]


class HybridRetriever:
    """Dense + BM25 with reciprocal-rank fusion; scores shown to users are cosine similarities."""

    def __init__(self, store: ChromaChunkStore, embedder: Embeddings, *, top_k: int = 5,
                 threshold: float = 0.80, candidates: int = 30,
                 lexical_weight: float = 0.1) -> None:
        self.store = store
        self.embedder = embedder
        self.top_k = top_k
        self.threshold = threshold
        self.candidates = candidates
        self.lexical_weight = lexical_weight
        self._lexical: LexicalIndex | None = None
        self._lexical_version: str | None = None

    def invalidate(self) -> None:
        """Forget the lexical index (call after the store changed)."""
        self._lexical = None

    def _lexical_index(self) -> LexicalIndex:
        """The BM25 index, rebuilt when the store's version changed (also by another process)."""
        version = self.store.version()
        if self._lexical is None or self._lexical_version != version:
            self._lexical = LexicalIndex(self.store.complete_chunks())
            self._lexical_version = version
        return self._lexical

    def search(self, query: str, k: int | None = None,
               filters: Filters | None = None) -> RetrievalResult:
        started = time.perf_counter()
        k = k or self.top_k
        qvec = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        index = self._lexical_index()
        # only chunks of complete documents: not those of an ingest that was interrupted
        dense = [s for s in self.store.dense_search(qvec.tolist(), self.candidates,
                                                    where=chroma_where(filters))
                 if s.chunk_id in index.live]
        lexical = index.search(query, self.candidates, filters)
        fused: dict[str, float] = {}
        for rank, src in enumerate(dense, start=1):
            fused[src.chunk_id] = fused.get(src.chunk_id, 0.0) + 1.0 / (RRF_K + rank)
        for rank, (cid, _) in enumerate(lexical, start=1):
            fused[cid] = fused.get(cid, 0.0) + self.lexical_weight / (RRF_K + rank)
        refs = article_refs(query)
        named = index.named_documents(query) if refs else set()
        named_articles = index.article_chunks(named, refs, filters)
        for cid in named_articles:  # 'artikel 8 Wet openbare manifestaties', found or not
            fused.setdefault(cid, 0.0)
        by_id = {s.chunk_id: s for s in dense}
        missing = [cid for cid in fused if cid not in by_id]
        cosine = {s.chunk_id: s.score for s in dense}
        for chunk, vec in self._chunks_with_vectors(missing):
            by_id[chunk.chunk_id] = Source(rank=0, chunk_id=chunk.chunk_id, text=chunk.text,
                                           locator=chunk.locator, score=0.0)
            cosine[chunk.chunk_id] = float(np.dot(vec, qvec))
        # The named article: of the named document if it has it (2/RRF_K puts it above every
        # chunk that was not named, even one fetched outside the candidates), else of any
        # document (1/RRF_K: a strong hint, as "artikel 8" alone may mean any law's).
        boost = 2.0 / RRF_K if named_articles else 1.0 / RRF_K
        for cid, src in by_id.items():
            if (src.locator.article and src.locator.article.lower() in refs
                    and (not named_articles or src.locator.source_file in named)):
                fused[cid] = fused.get(cid, 0.0) + boost
        ranked = one_per_article(sorted(fused, key=lambda cid: fused[cid], reverse=True),
                                 by_id, refs)[:k]
        sources = tuple(
            replace(by_id[cid], rank=i, score=round(cosine.get(cid, 0.0), 4))
            for i, cid in enumerate(ranked, start=1)
        )
        best = max((s.score for s in dense), default=0.0)
        # an article the question names in a document it names is relevant by definition
        relevant = best >= self.threshold or bool(named_articles)
        return RetrievalResult(sources=sources, relevant=relevant,
                               best_score=best, seconds=time.perf_counter() - started)

    def _chunks_with_vectors(self, ids: list[str]) -> list[tuple[Chunk, np.ndarray]]:
        if not ids:
            return []
        chunks = self.store.get_chunks(ids)
        vectors = self.store.get_embeddings([c.chunk_id for c in chunks])
        return [(c, np.asarray(vectors[c.chunk_id], dtype=np.float32)) for c in chunks
                if c.chunk_id in vectors]
