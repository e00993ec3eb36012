"""Tuned embedder benchmark: retrieval before and after ``baken tune-embedder``, and what each
stage of the tuner costs.

    .venv/bin/python -m benchmarks.tune_embedder_benchmark [--corpus ../shared/corpus/oov-nl] \
        [--work eval-out/tune-bench] [--tuned MAP] [--questions SET.jsonl ...]

The corpus is indexed once in ``WORK/base`` with the bundled embedder (run the tuner on that
index: ``baken tune-embedder --data-dir WORK/base``). The tuned index in ``WORK/tuned-<name>``
holds the same anonymised chunks, embedded again by the tuned model, so the two rows differ
only in the embedder. Per question set it prints the retrieval benchmark's columns for both,
hybrid (what Baken does) and dense only (the embedder alone), then the stage times read from
the questions file and the tuned folder, and the README rule: recommend the tuned embedder only
with >= 0.03 art@5 more on every set and no file@5 lost.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import benchmarks.retrieval_benchmark as rb
from assistant.app import Baken, build_baken
from assistant.config import load_settings
from assistant.core.schema import Chunk, Source
from assistant.tuning import TUNED_MARKER
from assistant.tuning.synth import MIN_PASSAGE_CHARS

GAIN_ART5 = 0.03
Search = Callable[[str], tuple[Sequence[Source], bool | None]]


def newest_tuned(base_dir: Path) -> Path | None:
    folders = sorted((p for p in (base_dir / "embedders").glob("*")
                      if (p / TUNED_MARKER).is_file()), key=lambda p: p.stat().st_mtime)
    return folders[-1] if folders else None


def tuned_index(base: Baken, tuned_folder: Path, work: Path) -> tuple[Baken, float]:
    """The base index's chunks embedded by the tuned model (built once); seconds it took."""
    tuned = build_baken(load_settings(data_dir=work / f"tuned-{tuned_folder.name}",
                                      embedder=str(tuned_folder)))
    started = time.perf_counter()
    if tuned.store.count() == 0:
        documents: dict[tuple[str, str], list[Chunk]] = {}
        for chunk in base.store.all_chunks():
            documents.setdefault((chunk.locator.source_file, chunk.content_hash), []).append(chunk)
        for chunks in documents.values():  # one call per document: the store marks it complete
            tuned.store.add(chunks, tuned.embedder.embed_documents([c.text for c in chunks]))
    return tuned, time.perf_counter() - started


def searches(baken: Baken) -> tuple[Search, Search]:
    retriever = baken.retriever
    retriever.search("opwarmen")

    def hybrid(question: str) -> tuple[Sequence[Source], bool | None]:
        result = retriever.search(question, 5)
        return result.sources, result.relevant

    def dense(question: str) -> tuple[Sequence[Source], bool | None]:
        found = baken.store.dense_search(baken.embedder.embed_query(question), 5)
        return found, bool(found) and found[0].score >= retriever.threshold

    return hybrid, dense


def stage_times(questions_file: Path, tuned_folder: Path, chunks: int) -> list[str]:
    lines = []
    records = [json.loads(x) for x in questions_file.read_text(encoding="utf-8").splitlines()
               if x.strip()]
    if records:
        secs = [float(r["seconds"]) for r in records]
        pairs = sum(len(r["questions"]) for r in records)
        refused = sum(int(r.get("refused_eval", 0)) for r in records)
        per = statistics.mean(secs)
        lines.append(f"vragen maken: {len(records)} tekstdelen (steekproef), {pairs} vragen, "
                     f"{refused} geweigerd als evaluatievraag; {per:.1f} s per tekstdeel "
                     f"(mediaan {statistics.median(secs):.1f} s) -> alle {chunks} bruikbare "
                     f"tekstdelen: ~{per * chunks / 3600:.1f} uur")
    marker = json.loads((tuned_folder / TUNED_MARKER).read_text(encoding="utf-8"))
    lines.append(f"trainen: {marker['pairs']} paren, {marker['steps']} stappen, "
                 f"{marker['seconds_train']:.0f} s; controle-MRR op achtergehouden eigen vragen "
                 f"{marker['check_mrr_before']} -> {marker['check_mrr_after']}")
    return lines


def verdict(per_set: dict[str, tuple[dict[str, Any], dict[str, Any]]]) -> str:
    ok = all(t["art@5"] - b["art@5"] >= GAIN_ART5 and t["file@5"] >= b["file@5"]
             for b, t in per_set.values())
    return ("aanbevelen in README: ja" if ok else
            f"aanbevelen in README: nee (niet op elke set >= {GAIN_ART5} art@5 winst zonder "
            "verlies op file@5)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/oov-nl"))
    parser.add_argument("--work", type=Path, default=Path("eval-out/tune-bench"))
    parser.add_argument("--tuned", type=Path, help="tuned embedder folder (default: newest)")
    parser.add_argument("--questions", type=Path, nargs="+", default=rb.DEFAULT_SETS)
    args = parser.parse_args()

    base = build_baken(load_settings(data_dir=args.work / "base"))
    t = time.perf_counter()
    report = base.pipeline.run([args.corpus], progress=False)
    print(f"basisindex: {report.documents_indexed} nieuw, {report.documents_unchanged} "
          f"ongewijzigd, {base.store.count()} tekstdelen, {time.perf_counter() - t:.0f} s")
    folder = args.tuned or newest_tuned(args.work / "base")
    if folder is None:
        raise SystemExit("Geen afgestemde embedder gevonden; draai eerst baken tune-embedder "
                         f"--data-dir {args.work / 'base'}.")
    tuned, seconds = tuned_index(base, folder, args.work)
    print(f"afgestemde index: {tuned.store.count()} tekstdelen opnieuw ingebed in {seconds:.0f} s "
          f"({tuned.embedder_name})")
    base_hybrid, base_dense = searches(base)
    tuned_hybrid, tuned_dense = searches(tuned)
    per_set: dict[str, tuple[dict[str, Any], dict[str, Any]]] = {}
    for path in args.questions:
        rb.QUESTIONS[:] = rb.load_questions(path)
        rows = [rb.summarise(rb.run(name, search)) for name, search in (
            ("meegeleverd hybride", base_hybrid), ("afgestemd hybride", tuned_hybrid),
            ("meegeleverd dense", base_dense), ("afgestemd dense", tuned_dense))]
        print(f"\n{path.name}: {len(rb.QUESTIONS)} vragen\n")
        rb.print_table(rows)
        per_set[path.name] = (rows[0], rows[1])
    usable = sum(1 for c in base.store.all_chunks() if len(c.text.strip()) >= MIN_PASSAGE_CHARS)
    print()
    questions_file = args.work / "base" / "tuning" / "baken-vragen.jsonl"
    for line in stage_times(questions_file, folder, usable):
        print(line)
    print(verdict(per_set))


if __name__ == "__main__":
    main()
