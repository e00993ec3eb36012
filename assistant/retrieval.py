"""Hybrid retrieval: dense (Chroma) + lexical (BM25) fused by reciprocal rank, with an
article-reference boost and a relevance gate for "dat staat niet in de documenten".

Two steps after the ranking: an article that a shown passage refers to ("artikel 13b Opiumwet")
joins the sources when it is indexed and fits the question (``follow_references``), and of
near-duplicate passages only the best-placed one is shown, naming the others
(``assistant.distinct_sources``).
A followed article, like the article behind a popular name, is placed by a score of its own
(its fused score plus a citation vote), after every passage that scores higher."""

from __future__ import annotations

import re
import time
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, replace
from typing import Any

import bm25s
import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.core.schema import Chunk, Filters, RetrievalResult, Source
from assistant.distinct_sources import also_in, distinct
from assistant.fusion import RRF_K, fused_order, reciprocal_rank_fusion
from assistant.index import ChromaChunkStore
from assistant.popular_names import PopularName, mentioned, popular_names
from assistant.setting_sections import RetrievalSettings
from ingest.references import (
    ARTICLE_NUMBER,
    Reference,
    article_in_range,
    chunk_references,
    extract_references,
    parse_keys,
)

_TOKEN = re.compile(r"\d+(?::\d+)?[a-z]*|[^\W\d_]+", re.UNICODE)
_ARTICLE_REF = re.compile(rf"\b(?:artikel|art\.?)\s*({ARTICLE_NUMBER})", re.IGNORECASE)
# A referred article joins the sources when its cosine to the question is at least this
# (chosen on the tuned question set, see benchmarks/README.md).
REFERENCE_FLOOR = 0.82
# The weight of that citation as a vote in the fusion, for a followed article and for the
# article behind a popular name (chosen on the tuned question set, see benchmarks/README.md).
REFERENCE_WEIGHT = 0.3


def tokenize(text: str) -> list[str]:
    """Lower-cased word and article-number tokens ("2:24", "172a" stay whole)."""
    return _TOKEN.findall(text.lower())


def article_refs(question: str) -> set[str]:
    """Article numbers named in a question: 'art. 13b Opiumwet' -> {'13b'}; also '2:24',
    '2.1.1' and Roman numbers of amending laws ('artikel VI', upper case only)."""
    return {m.lower() for m in _ARTICLE_REF.findall(question)}


def chroma_where(filters: Filters | None) -> dict[str, Any] | None:
    """Chroma ``where`` clause for metadata filters (all must match)."""
    if not filters:
        return None
    clauses = [{key: value} for key, value in filters.items()]
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def placed_unless_shown(ranked: Sequence[str], wanted: Sequence[str], k: int,
                        first: bool) -> list[str]:
    """``ranked`` with the first of ``wanted`` moved to the top (``first``) or to place ``k``,
    when none of ``wanted`` is among the first ``k``."""
    out = list(ranked)
    if not wanted or any(cid in out[:k] for cid in wanted):
        return out
    chosen = wanted[0]
    if chosen in out:
        out.remove(chosen)
    out.insert(0 if first else min(k - 1, len(out)), chosen)
    return out


def dense_vote(cos: float, dense_scores: Sequence[float]) -> float:
    """The fusion term a chunk with cosine ``cos`` earns from the dense ranking: its rank is one
    more than the number of candidates that beat it (also when it was not among them)."""
    return 1.0 / (RRF_K + 1 + sum(1 for s in dense_scores if s > cos))


def placed_by_score(order: Sequence[str], chunk: str, score: float,
                    scores: Mapping[str, float], after: str | None = None) -> list[str]:
    """``order`` with ``chunk`` (moved or) inserted after every id that scores at least
    ``score``, and after ``after``: it never moves an id that scores higher down."""
    out = [cid for cid in order if cid != chunk]
    at = out.index(after) + 1 if after in out else 0
    for i, cid in enumerate(out):
        if scores.get(cid, 0.0) >= score:
            at = max(at, i + 1)
    out.insert(at, chunk)
    return out


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


def _lid_in(lid: str, first: str | None, last: str | None) -> bool:
    """Whether a chunk whose locator names lid ``first`` (to ``last``) holds ``lid``."""
    if first is None:
        return False
    if last is None or not (lid.isdigit() and first.isdigit() and last.isdigit()):
        return lid == first
    return int(first) <= int(lid) <= int(last)


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
        titles = {c.locator.source_file: c.locator.title for c in chunks}
        self._title_words = title_words(titles)
        self._full_titles = {name: set(tokenize(title)) for name, title in titles.items()}
        self._articles: dict[str, dict[str, list[tuple[str, str | None, str | None]]]] = {}
        for c in chunks:
            if c.locator.article:
                self._articles.setdefault(c.locator.source_file, {}).setdefault(
                    c.locator.article.lower(), []).append(
                        (c.chunk_id, c.locator.lid, c.locator.lid_end))
        # references as stored at ingest; read from the text for chunks of an older index
        self._cites = {c.chunk_id: (c.locator.source_file, parse_keys(
            c.references if c.references is not None
            else chunk_references(c.text, c.locator.article))) for c in chunks}
        self._laws: dict[str, set[str]] = {}
        self._position = {cid: i for i, cid in enumerate(self.chunk_ids)}
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

    def law_documents(self, law: str) -> set[str]:
        """The documents a cited law name means: those whose title holds the most of its
        words, at least two thirds ('Opiumwet' -> the Opiumwet and the Aanwijzing Opiumwet;
        'Algemene wet bestuursrecht' -> none when only an Algemene plaatselijke verordening is
        indexed). The article number then picks among them."""
        if law not in self._laws:
            words = {w for w in tokenize(law) if len(w) >= 4 and not w[0].isdigit()}
            overlap = {name: len(words & title) for name, title in self._full_titles.items()}
            most = max(overlap.values(), default=0)
            enough = bool(words) and most * 3 >= 2 * len(words)
            self._laws[law] = {name for name, n in overlap.items() if enough and n == most}
        return self._laws[law]

    def referred_chunks(self, chunk_id: str) -> list[tuple[Reference, list[str]]]:
        """Per reference of a chunk, the chunks that hold the referred article (of its lid,
        when the reference names one and the article is cut at lids); references to an
        article or a document that is not indexed are left out."""
        own, refs = self._cites.get(chunk_id, ("", []))
        out = []
        for ref in refs:
            found = [cid for cid in self.resolved(ref, own) if cid != chunk_id]
            if found:
                out.append((ref, found))
        return out

    def resolved(self, ref: Reference, own: str = "") -> list[str]:
        """The chunks that hold the article a reference names (of its lid, when it names one
        and the article is cut at lids), in the document ``own`` when it names no law; empty
        when that document or article is not indexed."""
        found: list[str] = []
        for name in sorted(self.law_documents(ref.law) if ref.law else {own}):
            articles = self._articles.get(name, {})
            numbers = ([a for a in articles if article_in_range(a, ref.article, ref.until)]
                       if ref.until else [ref.article] if ref.article in articles else [])
            for number in numbers:
                chunks = articles[number]
                of_lid = [cid for cid, lid, end in chunks if ref.lid and _lid_in(ref.lid, lid,
                                                                                  end)]
                found.extend(of_lid or [cid for cid, _, _ in chunks])
        return found

    def place(self, chunk_id: str) -> tuple[str, str]:
        """(document, article) of a chunk."""
        return self._places[self._position[chunk_id]]

    def allowed(self, chunk_id: str, filters: Filters | None) -> bool:
        """Whether a chunk matches the metadata filters of a search."""
        return self._allowed(self._position[chunk_id], filters)

    def article_chunks(self, documents: Set[str], articles: Set[str],
                       filters: Filters | None = None) -> list[str]:
        """Ids of the chunks that hold one of ``articles`` in one of ``documents``."""
        if not documents or not articles:
            return []
        return [cid for i, (cid, (name, article)) in enumerate(zip(self.chunk_ids, self._places,
                                                                    strict=True))
                if name in documents and article in articles and self._allowed(i, filters)]


@dataclass
class _Hits:
    """What one search found before ranking: the candidates of both rankings fused, and the
    chunks the question points at by article number or popular name."""

    qvec: np.ndarray
    index: LexicalIndex
    filters: Filters | None
    dense: list[Source]
    fused: dict[str, float]
    by_id: dict[str, Source]  # every chunk fetched so far
    cosine: dict[str, float]  # of every chunk fetched so far
    refs: set[str]  # the article numbers the question names
    named: set[str]  # the documents whose title the question names
    named_articles: list[str]  # the chunks of those articles in those documents
    names: list[PopularName]  # the popular names the question uses
    powers: list[str]  # the chunks of the articles behind them

    @property
    def best(self) -> float:
        """The best cosine of the dense candidates (0 without any)."""
        return max((s.score for s in self.dense), default=0.0)

    def relevant(self, threshold: float) -> bool:
        """Whether the search found something relevant: a dense candidate at the threshold,
        an article the question names in a document it names (relevant by definition), or
        the article behind a popular name the question uses ('gebiedsverbod')."""
        return self.best >= threshold or bool(self.named_articles) or bool(self.powers)


@dataclass
class _Votes:
    """The fused scores of one search, to which an article that is added to the ranking (one
    that a shown passage cites, or the one behind a popular name) gets its own."""

    fused: dict[str, float]
    dense_scores: Sequence[float]
    cosine: dict[str, float]  # of every chunk fetched so far
    weight: float

    def cast(self, chunk: str, cited_at: int) -> float:
        """Give ``chunk`` its score: its own fused score (or, when the search did not fuse it,
        the dense term its cosine earns), plus a vote ``weight / (RRF_K + cited_at)``, as if it
        stood at place ``cited_at`` in a third ranking, of what the shown passages cite."""
        own = self.fused.get(chunk) or dense_vote(self.cosine.get(chunk, 0.0), self.dense_scores)
        self.fused[chunk] = own + self.weight / (RRF_K + cited_at)
        return self.fused[chunk]


_DEFAULTS = RetrievalSettings()  # the constructor's defaults are the settings' defaults


class HybridRetriever:
    """Dense + BM25 with reciprocal-rank fusion; scores shown to users are cosine similarities."""

    max_references = 2  # referred articles added to one search result at most

    def __init__(self, store: ChromaChunkStore, embedder: Embeddings, *,
                 top_k: int = _DEFAULTS.top_k, threshold: float = _DEFAULTS.relevance_threshold,
                 candidates: int = _DEFAULTS.candidates,
                 lexical_weight: float = _DEFAULTS.lexical_weight, follow_references: bool = True,
                 reference_floor: float = REFERENCE_FLOOR,
                 distinct_sources: bool = True, popular_names: bool = True,
                 reference_weight: float = REFERENCE_WEIGHT) -> None:
        self.store = store
        self.embedder = embedder
        self.top_k = top_k
        self.threshold = threshold
        self.candidates = candidates
        self.lexical_weight = lexical_weight
        self.follow_references = follow_references
        self.reference_floor = reference_floor
        self.distinct_sources = distinct_sources
        self.popular_names = popular_names
        self.reference_weight = reference_weight
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
        """The ``k`` best sources for ``query``: fusion, boost, then deduplication."""
        started = time.perf_counter()
        k = k or self.top_k
        hits = self._fuse(query, filters)
        ranked = one_per_article(self._boost(hits), hits.by_id, hits.refs)
        votes = _Votes(hits.fused, [s.score for s in hits.dense], hits.cosine,
                       self.reference_weight)
        ranked = self._place_power(ranked, hits.powers, hits.names, hits.by_id, votes,
                                   lead=hits.best < self.threshold, k=k)
        shown, also, cited_by = self._show(ranked, hits, votes, k)
        return RetrievalResult(sources=self._sources(hits, shown, also, cited_by),
                               relevant=hits.relevant(self.threshold), best_score=hits.best,
                               seconds=time.perf_counter() - started)

    def _fuse(self, query: str, filters: Filters | None) -> _Hits:
        """Dense and BM25 candidates fused by reciprocal rank; the articles the question names
        ('artikel 8 Wet openbare manifestaties') and those behind a popular name it uses
        ('gebiedsverbod' -> artikel 172a Gemeentewet) join with a score of 0, found or not."""
        qvec = np.asarray(self.embedder.embed_query(query), dtype=np.float32)
        index = self._lexical_index()
        # only chunks of complete documents: not those of an ingest that was interrupted
        dense = [s for s in self.store.dense_search(qvec.tolist(), self.candidates,
                                                    where=chroma_where(filters))
                 if s.chunk_id in index.live]
        lexical = index.search(query, self.candidates, filters)
        fused = reciprocal_rank_fusion([[s.chunk_id for s in dense], [c for c, _ in lexical]],
                                       [1.0, self.lexical_weight])
        refs = article_refs(query)
        named = index.named_documents(query) if refs else set()
        named_articles = index.article_chunks(named, refs, filters)
        names = popular_names(query) if self.popular_names else []
        powers = self._popular_name_articles(names, index, filters)
        for cid in [*named_articles, *powers]:
            fused.setdefault(cid, 0.0)
        hits = _Hits(qvec, index, filters, dense, fused, {s.chunk_id: s for s in dense},
                     {s.chunk_id: s.score for s in dense}, refs, named, named_articles, names,
                     powers)
        self._fetch(hits, [cid for cid in fused if cid not in hits.by_id])
        return hits

    @staticmethod
    def _boost(hits: _Hits) -> list[str]:
        """The fused ranking after the boost of the article the question names: of the named
        document if it has it (2/RRF_K puts it above every chunk that was not named, even one
        fetched outside the candidates), else of any document (1/RRF_K: a strong hint, as
        "artikel 8" alone may mean any law's)."""
        boost = 2.0 / RRF_K if hits.named_articles else 1.0 / RRF_K
        for cid, src in hits.by_id.items():
            if (src.locator.article and src.locator.article.lower() in hits.refs
                    and (not hits.named_articles or src.locator.source_file in hits.named)):
                hits.fused[cid] = hits.fused.get(cid, 0.0) + boost
        return fused_order(hits.fused)

    def _show(self, ranked: list[str], hits: _Hits, votes: _Votes,
              k: int) -> tuple[list[str], dict[str, list[str]], dict[str, str]]:
        """The ``k`` ids to show without near-duplicates, per id the near-duplicates it stands
        for, and per followed article the passage that cites it."""
        shown, also = self._arrange(ranked, hits.by_id, k)
        if not self.follow_references:
            return shown, also, {}
        ranked, cited_by = self._follow(shown, ranked, hits, votes)
        if cited_by:  # the ranking changed
            shown, also = self._arrange(ranked, hits.by_id, k)
        return shown, also, cited_by

    @staticmethod
    def _sources(hits: _Hits, shown: Sequence[str], also: Mapping[str, list[str]],
                 cited_by: Mapping[str, str]) -> tuple[Source, ...]:
        """The shown sources, numbered, with their cosine, the place of the passage that cites
        them and the labels of their near-duplicates."""
        position = {cid: i for i, cid in enumerate(shown, start=1)}
        for winner, twins in also.items():  # a citing passage shown under its twin's name
            for twin in twins:
                position.setdefault(twin, position[winner])
        return tuple(
            replace(hits.by_id[cid], rank=i, score=round(hits.cosine.get(cid, 0.0), 4),
                    referred_by=position.get(cited_by.get(cid, "")),
                    also_in=also_in(cid, also.get(cid, []), hits.by_id))
            for i, cid in enumerate(shown, start=1)
        )

    @staticmethod
    def _popular_name_articles(names: Sequence[PopularName], index: LexicalIndex,
                               filters: Filters | None) -> list[str]:
        """Chunks of the indexed articles behind the popular ``names``."""
        found: list[str] = []
        for ref in (ref for name in names for ref in extract_references(name.basis)):
            for cid in index.resolved(ref):  # as a passage's reference: 'Gemeentewet', '172a'
                if cid not in found and index.allowed(cid, filters):
                    found.append(cid)
        return found

    def _arrange(self, ranked: list[str], by_id: Mapping[str, Source],
                 k: int) -> tuple[list[str], dict[str, list[str]]]:
        """The ``k`` ids to show, and per id the near-duplicates it stands for."""
        if not self.distinct_sources:
            return ranked[:k], {}
        return distinct(ranked, by_id, k)

    @staticmethod
    def _place_power(ranked: list[str], powers: Sequence[str], names: Sequence[PopularName],
                     by_id: Mapping[str, Source], votes: _Votes, lead: bool,
                     k: int) -> list[str]:
        """``ranked`` with the article behind a popular name the question uses, when none of
        its chunks is among the first ``k``. It leads when the search found nothing relevant
        (``lead``) and no passage found uses the name ('gebiedsverbod' found only the
        huisverbod); otherwise it is placed by its score with a vote as if the first passage
        cited it, after every passage that scores higher."""
        wanted = sorted(powers, key=lambda c: -votes.cosine.get(c, 0.0))
        if not wanted or any(cid in ranked[:k] for cid in wanted):
            return ranked
        if lead and not mentioned(names, [by_id[c].text for c in ranked[:k] if c in by_id]):
            return placed_unless_shown(ranked, wanted, k, first=True)
        return placed_by_score(ranked, wanted[0], votes.cast(wanted[0], 1), votes.fused)

    def _follow(self, shown: list[str], ranked: list[str], hits: _Hits,
                votes: _Votes) -> tuple[list[str], dict[str, str]]:
        """``ranked`` with each article of another document that a shown passage refers to,
        that is indexed and not shown yet, and whose best chunk has a cosine to the question
        of at least ``reference_floor``; the ``max_references`` best-fitting ones. Each is
        placed by its score with a vote from the citing passage (``_Votes.cast``): after the
        passage that cites it and after every passage that scores higher, so it never pushes
        a better-placed passage down. References within a document ('artikel 4', 'het eerste
        lid') are resolved too but not followed: on the tuned question set they only pushed
        better passages out. Returns the new ranking and per added chunk the passage that
        cites it."""
        index, by_id, cosine = hits.index, hits.by_id, hits.cosine
        wanted: dict[str, list[list[str]]] = {}
        for cid in shown:
            own = index.place(cid)[0]
            for _, found in index.referred_chunks(cid):
                elsewhere = [t for t in found if index.place(t)[0] != own]
                if elsewhere:
                    wanted.setdefault(cid, []).append(elsewhere)
        if not wanted:
            return ranked, {}
        targets = {t for refs in wanted.values() for found in refs for t in found}
        self._fetch(hits, [t for t in targets if t not in cosine])
        shown_places = {index.place(cid) for cid in shown}
        picks: list[tuple[float, str, str]] = []  # (cosine, citing, referred chunk)
        for citing, refs in wanted.items():
            for found in refs:
                fits = [t for t in found
                        if t in by_id and cosine[t] >= self.reference_floor
                        and index.place(t) not in shown_places
                        and index.allowed(t, hits.filters)]
                if fits:
                    best = max(fits, key=lambda t: cosine[t])
                    picks.append((cosine[best], citing, best))
        added: dict[str, str] = {}
        order = list(ranked)
        position = {cid: i for i, cid in enumerate(shown, start=1)}
        for _, citing, best in sorted(picks, reverse=True):
            place = index.place(best)
            if len(added) == self.max_references or place in {index.place(a) for a in added}:
                continue
            if place[1] not in hits.refs:  # one chunk per article, as in the ranking
                order = [c for c in order if c == best or index.place(c) != place]
            order = placed_by_score(order, best, votes.cast(best, position[citing]),
                                    votes.fused, after=citing)
            added[best] = citing
        return order, added

    def _fetch(self, hits: _Hits, ids: list[str]) -> None:
        """Add chunks that the dense search did not return to ``hits``, with their cosine to
        the question (read from their stored vectors)."""
        if not ids:
            return
        chunks = self.store.get_chunks(ids)
        vectors = self.store.get_embeddings([c.chunk_id for c in chunks])
        for chunk in chunks:
            if chunk.chunk_id in vectors:
                vec = np.asarray(vectors[chunk.chunk_id], dtype=np.float32)
                hits.by_id[chunk.chunk_id] = Source(rank=0, chunk_id=chunk.chunk_id,
                                                    text=chunk.text, locator=chunk.locator,
                                                    score=0.0)
                hits.cosine[chunk.chunk_id] = float(np.dot(vec, hits.qvec))
