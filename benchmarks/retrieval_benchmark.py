"""Retrieval benchmark: Baken's hybrid retrieval as it was (no reference following, no
distinct sources), each addition on its own, all together, dense only, BM25 only and the
standard LangChain recipe, on question sets over a corpus.

    .venv/bin/python -m benchmarks.retrieval_benchmark \
        [--corpus ../shared/corpus/oov-nl] [--questions SET.jsonl ...] \
        [--work eval-out/retrieval-bench] [--filler 100000] [--floors 0.78 0.80 ...] \
        [--weights 0.2 0.3 ...]

For each question set (default: ``oov-nl.jsonl``, on which Baken's settings were chosen, and
``oov-nl-heldout.jsonl``, written afterwards without sight of the first and never tuned on)
it prints hit@1/3/5 and MRR for the right file and for file + article, refusal accuracy on
unanswerable questions, false refusals on answerable ones, and retrieval latency p50/p95.
The index is built once in ``--work`` and reused. ``--filler N`` adds N generated chunks
(random unit vectors, text sampled from the corpus vocabulary) to measure latency at scale.
``--floors`` first prints, on the first (tuned) set only, reference following at each cosine
floor: the floor is chosen there, never on the held-out set; ``--weights`` likewise for the
weight of the citation vote that places a followed article (and the article behind a popular
name) in the ranking. The tuned embedder and the
relevance judge have their own benchmarks (``tune_embedder_benchmark``); their rows are
not part of this run.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.app import Baken, build_baken
from assistant.config import load_settings
from assistant.core.schema import Chunk, Locator, Source
from assistant.retrieval import ARTICLE_NUMBER, HybridRetriever, LexicalIndex, tokenize
from eval.locators import parse_locator


def question_article(source_locator: str | None) -> str | None:
    """The article a question's ``source_locator`` names: ``artikel 172a lid 6`` -> ``172a``,
    ``artikel 3.1`` -> ``3.1``, ``artikel VI`` -> ``vi``; None for paragraphs and headings."""
    place = parse_locator(source_locator)
    return place.article if place.kind == "article" else None


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    source_file: str | None
    article: str | None


@dataclass
class Row:
    name: str
    ranks_file: list[int | None]
    ranks_article: list[int | None]
    refusals: list[tuple[bool, bool]]  # (should refuse, did refuse)
    latencies: list[float]


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        if q["kind"] == "draft":
            continue
        out.append(Question(q["id"], q["question"], q["kind"], q.get("source_file"),
                            question_article(q.get("source_locator"))))
    return out


def article_of(source: Source) -> str | None:
    if source.locator.article:
        return source.locator.article.lower()
    match = re.search(rf"^\W*artikel\s+({ARTICLE_NUMBER})", source.text,
                      re.IGNORECASE | re.MULTILINE)
    return match.group(1).lower() if match else None


def first_rank(sources: Sequence[Source], q: Question, with_article: bool) -> int | None:
    for i, s in enumerate(sources, start=1):
        if s.locator.source_file != q.source_file:
            continue
        if not with_article or q.article is None or article_of(s) == q.article:
            return i
    return None


def p50_p95_ms(seconds: list[float]) -> tuple[float, float]:
    """Median and 95th percentile (nearest rank) of latencies in seconds, in milliseconds."""
    lat = sorted(seconds)
    return 1000 * statistics.median(lat), 1000 * lat[max(0, int(round(0.95 * len(lat))) - 1)]


def summarise(row: Row) -> dict[str, float | str]:
    def hit(ranks: list[int | None], k: int) -> float:
        return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)

    def mrr(ranks: list[int | None]) -> float:
        return sum(1 / r for r in ranks if r) / len(ranks)

    arts = [r for r, q in zip(row.ranks_article, QUESTIONS, strict=True)
            if q.kind != "unanswerable" and q.article]
    files = [r for r, q in zip(row.ranks_file, QUESTIONS, strict=True) if q.kind != "unanswerable"]
    out: dict[str, float | str] = {"name": row.name}
    for k in (1, 3, 5):
        out[f"file@{k}"] = hit(files, k)
    out["file MRR"] = mrr(files)
    for k in (1, 3, 5):
        out[f"art@{k}"] = hit(arts, k)
    out["art MRR"] = mrr(arts)
    if row.refusals:
        unans = [did for should, did in row.refusals if should]
        ans = [did for should, did in row.refusals if not should]
        out["refusal acc"] = sum(unans) / len(unans) if unans else float("nan")
        out["false refusals"] = sum(ans) / len(ans) if ans else float("nan")
    out["p50 ms"], out["p95 ms"] = p50_p95_ms(row.latencies)
    return out


def run(name: str, search: Callable[[str], tuple[Sequence[Source], bool | None]]) -> Row:
    row = Row(name, [], [], [], [])
    for q in QUESTIONS:
        t = time.perf_counter()
        sources, relevant = search(q.text)
        row.latencies.append(time.perf_counter() - t)
        top5 = list(sources)[:5]
        row.ranks_file.append(first_rank(top5, q, with_article=False))
        row.ranks_article.append(first_rank(top5, q, with_article=True))
        if relevant is not None:
            row.refusals.append((q.kind == "unanswerable", not relevant))
    return row


def langchain_recipe(baken: Baken, corpus: Path, work: Path) -> Callable[[str], tuple[
        Sequence[Source], None]]:
    """RecursiveCharacterTextSplitter 1000/200 + Chroma similarity search, k=4, same embedder."""
    from langchain_chroma import Chroma
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    from assistant.index import chroma_client
    from ingest.loaders import load_document

    client = chroma_client(work / "langchain-chroma")
    store = Chroma(collection_name="recipe", embedding_function=baken.embedder, client=client)
    if store._collection.count() == 0:
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts, metas = [], []
        for path in sorted(corpus.glob("*.md")):
            if path.name == "SOURCES.md":
                continue
            for doc in load_document(path, corpus):
                redacted = baken.anonymizer.redact([doc.text]).texts[0]
                for piece in splitter.split_text(redacted):
                    texts.append(piece)
                    metas.append({"source_file": doc.source_file})
        for start in range(0, len(texts), 64):
            store.add_texts(texts[start:start + 64], metadatas=metas[start:start + 64])

    def search(question: str) -> tuple[Sequence[Source], None]:
        docs = store.similarity_search_with_score(question, k=4)
        return [Source(rank=i, chunk_id=str(i), text=d.page_content,
                       locator=Locator(str(d.metadata["source_file"])), score=float(s))
                for i, (d, s) in enumerate(docs, start=1)], None

    return search


def add_filler(baken: Baken, n: int) -> None:
    """Add ``n`` generated chunks so latency can be measured at scale."""
    existing = baken.store.count()
    if existing >= n:
        return
    vocab = sorted({t for c in baken.store.all_chunks()[:2000] for t in tokenize(c.text)})
    rng = random.Random(7)
    dim = len(baken.embedder.embed_query("test"))
    gen = np.random.default_rng(7)
    batch = 2000
    for start in range(existing, n, batch):
        size = min(batch, n - start)
        vecs = gen.normal(size=(size, dim)).astype(np.float32)
        vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
        chunks = [Chunk(chunk_id=f"filler-{start + i}",
                        text=" ".join(rng.choices(vocab, k=150)),
                        locator=Locator(f"filler/{(start + i) // 50}.md", "Opvultekst"),
                        content_hash=f"filler-{(start + i) // 50}", references=())
                  for i in range(size)]
        baken.store.add(chunks, vecs.tolist())


QUESTIONS: list[Question] = []
DEFAULT_SETS = [Path("eval/questions/oov-nl.jsonl"), Path("eval/questions/oov-nl-heldout.jsonl")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/oov-nl"))
    parser.add_argument("--questions", type=Path, nargs="+", default=DEFAULT_SETS,
                        help="one table per question set (default: the tuned and held-out set)")
    parser.add_argument("--work", type=Path, default=Path("eval-out/retrieval-bench"))
    parser.add_argument("--filler", type=int, default=0,
                        help="measure latency again with this many chunks in the store")
    parser.add_argument("--skip-langchain", action="store_true")
    parser.add_argument("--floors", type=float, nargs="*", default=[],
                        help="reference-following cosine floors to compare on the first set")
    parser.add_argument("--weights", type=float, nargs="*", default=[],
                        help="citation-vote weights to compare on the first set")
    args = parser.parse_args()

    baken = build_baken(load_settings(data_dir=args.work / "baken"))
    t = time.perf_counter()
    report = baken.pipeline.run([args.corpus])  # idempotent: unchanged files are skipped
    print(f"index: {report.documents_indexed} nieuw, {report.documents_unchanged} ongewijzigd, "
          f"{time.perf_counter() - t:.0f} s")
    retriever = baken.retriever
    retriever.search("opwarmen")
    lexical = LexicalIndex(baken.store.all_chunks())
    by_id = {c.chunk_id: c for c in baken.store.all_chunks()}

    def dense(question: str) -> tuple[Sequence[Source], bool]:
        vec = baken.embedder.embed_query(question)
        found = baken.store.dense_search(vec, 5)
        return found, bool(found) and found[0].score >= retriever.threshold

    def bm25(question: str) -> tuple[Sequence[Source], None]:
        hits = lexical.search(question, 5)
        return [Source(rank=i, chunk_id=cid, text=by_id[cid].text, locator=by_id[cid].locator,
                       score=s) for i, (cid, s) in enumerate(hits, start=1)], None

    def variant(follow: bool, distinct: bool, floor: float | None = None,
                popular: bool = False, weight: float | None = None) -> Callable[
            [str], tuple[Sequence[Source], bool]]:
        found = HybridRetriever(baken.store, baken.embedder, top_k=retriever.top_k,
                                threshold=retriever.threshold,
                                lexical_weight=retriever.lexical_weight,
                                follow_references=follow, distinct_sources=distinct,
                                popular_names=popular,
                                reference_floor=floor or retriever.reference_floor,
                                reference_weight=(retriever.reference_weight if weight is None
                                                  else weight))
        found.search("opwarmen")

        def search(question: str) -> tuple[Sequence[Source], bool]:
            result = found.search(question, 5)
            return result.sources, result.relevant

        return search

    today = variant(follow=False, distinct=False)
    additions = [("+ verwijzingen volgen", variant(follow=True, distinct=False)),
                 ("+ unieke bronnen", variant(follow=False, distinct=True)),
                 ("+ populaire namen", variant(follow=False, distinct=False, popular=True)),
                 ("alles samen", variant(follow=True, distinct=True, popular=True))]
    if args.floors:
        QUESTIONS[:] = load_questions(args.questions[0])
        print(f"\nvloer voor verwijzingen, alleen op {args.questions[0].name}:\n")
        print_table([summarise(run("vandaag", today))] + [
            summarise(run(f"vloer {floor:.3f}", variant(True, False, floor)))
            for floor in args.floors])
    if args.weights:
        QUESTIONS[:] = load_questions(args.questions[0])
        print(f"\ngewicht van de verwijzing, alleen op {args.questions[0].name} (alles samen):\n")
        print_table([summarise(run("vandaag", today))] + [
            summarise(run(f"gewicht {w:.2f}", variant(True, True, popular=True, weight=w)))
            for w in args.weights])

    recipe = None if args.skip_langchain else langchain_recipe(baken, args.corpus, args.work)
    for path in args.questions:
        QUESTIONS[:] = load_questions(path)
        rows = [run("Baken vandaag", today)] + [run(name, search) for name, search in additions]
        rows += [run("alleen dense", dense), run("alleen BM25", bm25)]
        if recipe is not None:
            rows.append(run("LangChain-recept", recipe))
        articles = sum(1 for q in QUESTIONS if q.article and q.kind != "unanswerable")
        absent = sum(1 for q in QUESTIONS if q.kind == "unanswerable")
        print(f"\n{path.name}: {len(QUESTIONS)} vragen ({articles} met artikel, {absent} "
              f"onbeantwoordbaar), {baken.store.count()} tekstdelen, "
              f"embedder: {baken.embedder_name}\n")
        print_table([summarise(r) for r in rows])
    if args.filler:
        add_filler(baken, args.filler)
        retriever.invalidate()
        retriever.search("opwarmen")
        latencies = []
        for q in QUESTIONS:
            t = time.perf_counter()
            retriever.search(q.text, 5)
            latencies.append(time.perf_counter() - t)
        p50, p95 = p50_p95_ms(latencies)
        print(f"\nmet {baken.store.count()} tekstdelen: p50 {p50:.0f} ms, p95 {p95:.0f} ms")


def print_table(table: list[dict[str, float | str]]) -> None:
    keys = list(table[0])
    print(" | ".join(f"{k:>15}" if i else f"{k:<18}" for i, k in enumerate(keys)))
    for row in table:
        cells = []
        for i, k in enumerate(keys):
            v = row.get(k, "—")
            text = f"{v:.3f}" if isinstance(v, float) and "ms" not in k else (
                f"{v:.0f}" if isinstance(v, float) else str(v))
            cells.append(f"{text:>15}" if i else f"{text:<18}")
        print(" | ".join(cells))


if __name__ == "__main__":
    main()
