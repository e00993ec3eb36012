"""The full evaluation benchmark: ``baken eval`` over the public OOV corpus and its 91 questions.

    python benchmarks/eval_oov_nl.py [--limit N] [--model GGUF] [--embedder PAD]
                                     [--out eval-out/oov-nl] [--thresholds FILE] [--restart]

Runs exactly what IT runs (the real command line, the real ``Assistant``): the corpus in
``<repo>/../shared/corpus/oov-nl`` is ingested into a fresh index inside the output folder, every
question is answered, and the report is written to ``--out``. Interrupt it at any time; the same
command continues where it stopped. Afterwards it prints the key figures and the wall-clock time.
The exit code is that of ``baken eval`` (0 go, 1 no-go, 2 error).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"
QUESTIONS = REPO / "eval" / "questions" / "oov-nl.jsonl"
FIGURES = (
    "retrieval.file_hit_at_1", "retrieval.file_hit_at_5", "retrieval.file_mrr",
    "retrieval.location_hit_at_5", "retrieval.location_mrr", "evidence.retrieved_recall",
    "evidence.recall", "answers.fact_coverage", "citations.validity", "citations.support_rate",
    "refusal.accuracy", "refusal.false_refusal_rate", "pii.leaks", "latency.retrieval_p50_s",
    "latency.retrieval_p95_s", "latency.ttft_p50_s", "latency.tokens_per_s",
    "latency.total_p95_s", "questions.total", "questions.errors",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="alleen de eerste N vragen (snelle run)")
    parser.add_argument("--model", type=Path)
    parser.add_argument("--embedder")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--out", type=Path, default=REPO / "eval-out" / "oov-nl")
    parser.add_argument("--thresholds", type=Path)
    parser.add_argument("--restart", action="store_true")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"Corpus niet gevonden: {args.corpus}", file=sys.stderr)
        return 2
    command = [sys.executable, "-m", "assistant.cli", "eval", "--corpus", str(args.corpus),
               "--questions", str(QUESTIONS), "--out", str(args.out)]
    for flag, value in (("--limit", args.limit), ("--model", args.model),
                        ("--embedder", args.embedder), ("--thresholds", args.thresholds)):
        if value is not None:
            command += [flag, str(value)]
    if args.restart:
        command.append("--restart")
    started = time.perf_counter()
    code = subprocess.call(command, cwd=REPO)
    elapsed = time.perf_counter() - started
    report_file = args.out / "report.json"
    if code in (0, 1) and report_file.is_file():
        report = json.loads(report_file.read_text(encoding="utf-8"))
        metrics = report["metrics"]
        print("\nBenchmark oov-nl:")
        for key in FIGURES:
            print(f"  {key:<32} {metrics.get(key)}")
        print(f"  {'wall_clock_s':<32} {elapsed:.0f}")
        print(f"  {'verdict':<32} {report['verdict']}")
    return code


if __name__ == "__main__":
    raise SystemExit(main())
