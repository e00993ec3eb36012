"""One evaluation run from start to report: the work behind ``baken eval``."""

from __future__ import annotations

import hashlib
import json
import shutil
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.app import Baken, build_baken
from assistant.config import Settings, flat_values, load_settings
from assistant.core.errors import BakenError
from assistant.llm import model_file
from eval.drafts import draft_runner
from eval.gate import GateResult, Thresholds, evaluate, load_thresholds
from eval.model_info import file_info, sha256_file
from eval.privacy import scan_chunks
from eval.question_set import Question, load_questions
from eval.report import Baseline, build_report, load_baseline, write_report
from eval.runner import (
    Result,
    RunCounts,
    ask_question,
    check_fingerprint,
    draft_question,
    is_reusable,
    read_results,
    run_questions,
)
from eval.summary import summarise
from prompts import PROMPTS_DIR

RESULTS = "results.jsonl"
RUN = "run.json"
STORE_SCAN = "store_scan.json"
MODEL_CACHE = "model.json"
INDEX = "index"
_OWN_FILES = (RESULTS, RUN, STORE_SCAN, MODEL_CACHE, "report.json", "report.html")
_PRIVATE_SETTINGS = {"auth_user", "auth_password", "host", "port", "llm_api_key"}


class EvalError(BakenError, RuntimeError):
    """A run that cannot start or continue; the message is Dutch."""


@dataclass(frozen=True)
class EvalOptions:
    questions: Sequence[Path]
    data_dir: Path | None = None
    corpus: Path | None = None
    model: Path | None = None
    embedder: str | None = None
    out: Path | None = None
    baseline: Path | None = None
    thresholds: Path | None = None
    limit: int | None = None
    restart: bool = False
    progress: bool = True
    collection: str | None = None


@dataclass(frozen=True)
class EvalOutcome:
    report: dict[str, Any]
    gate: GateResult
    counts: RunCounts
    out: Path
    json_path: Path
    html_path: Path


def default_out(model: Path | None) -> Path:
    """``eval-out/<model name>``: the same candidate resumes in the same folder."""
    return Path("eval-out") / (model.stem if model else "demomodel")


def clear_run(out: Path) -> None:
    """Remove what an earlier run wrote in ``out`` (only the harness's own files)."""
    for name in _OWN_FILES:
        (out / name).unlink(missing_ok=True)
    if (out / INDEX).is_dir():
        shutil.rmtree(out / INDEX)


def _hash(data: Any) -> str:
    blob = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def _data_hash(baken: Baken) -> tuple[str, int]:
    files = baken.store.indexed_files()
    return _hash(sorted((name, f.content_hash) for name, f in files.items())), len(files)


def _prompt_hash() -> str:
    path = PROMPTS_DIR / "answer.md"
    return sha256_file(path)[:16] if path.is_file() else ""


def _fingerprint(settings: Settings, model: dict[str, Any], embedder: str,
                 data_hash: str) -> dict[str, Any]:
    parts = {
        "model": model["sha256"], "embedder": f"{settings.retrieval.embedder} / {embedder}",
        "data": data_hash, "prompt": _prompt_hash(),
        **{k: flat_values(settings)[k] for k in (
            "chat_format", "n_ctx", "n_gpu_layers", "n_threads", "max_tokens", "temperature",
            "seed", "top_k", "relevance_threshold", "chunk_chars", "chunk_overlap",
            "max_question_chars", "custom_patterns", "collection")},
    }
    parts = json.loads(json.dumps(parts, default=str))
    return {"fingerprint": _hash(parts)[:20], "parts": parts}


def _settings_used(settings: Settings) -> dict[str, Any]:
    data = flat_values(settings, mode="json")
    return {k: v for k, v in data.items() if k not in _PRIVATE_SETTINGS}


def _question_sets(paths: Sequence[Path]) -> list[dict[str, Any]]:
    return [{"name": p.name, "path": str(p), "sha256": sha256_file(p),
             "questions": sum(1 for line in p.read_text(encoding="utf-8").splitlines()
                              if line.strip())}
            for p in paths]


def _store_scan(baken: Baken, out: Path, data_hash: str) -> list[dict[str, Any]]:
    """Identifiers in the store (cached in the output folder for an unchanged store)."""
    cache = out / STORE_SCAN
    if cache.is_file():
        old = json.loads(cache.read_text(encoding="utf-8"))
        if old.get("data") == data_hash:
            return list(old["findings"])
    findings = scan_chunks(baken.anonymizer, baken.store.all_chunks())
    cache.write_text(json.dumps({"data": data_hash, "findings": findings}, ensure_ascii=False),
                     encoding="utf-8")
    return findings


def _same_embedder(out: Path, settings: Settings) -> None:
    """A kept index was embedded by the earlier run's embedder: refuse another one early."""
    run_file = out / RUN
    if not run_file.is_file():
        return
    old = json.loads(run_file.read_text(encoding="utf-8")).get("parts", {}).get("embedder", "")
    if old and old.split(" / ")[0] != settings.retrieval.embedder:
        raise EvalError(f"De index in {out / INDEX} is gemaakt met embedder '{old}'. Kies een "
                        "andere --out of begin opnieuw met --restart.")


def _prepare_store(opts: EvalOptions, out: Path, say: Callable[[str], None]) -> tuple[
        Baken, dict[str, Any]]:
    if opts.corpus is not None:
        if not opts.corpus.is_dir():
            raise EvalError(f"Corpusmap {opts.corpus} bestaat niet.")
        settings = load_settings(data_dir=out / INDEX, model_path=opts.model,
                                 embedder=opts.embedder, collection=opts.collection)
        _same_embedder(out, settings)
        baken = build_baken(settings)
        say(f"Corpus {opts.corpus} wordt ingelezen in {out / INDEX} …")
        ingest = baken.pipeline.run([opts.corpus], prune=True, progress=opts.progress)
        say(ingest.summary_nl())
        return baken, {"description": f"corpus {opts.corpus} (ingelezen in {out / INDEX})",
                       "corpus": str(opts.corpus), "ingest": ingest.to_json()}
    settings = load_settings(data_dir=opts.data_dir, model_path=opts.model,
                             embedder=opts.embedder, collection=opts.collection)
    baken = build_baken(settings)
    if baken.store.count() == 0:
        raise EvalError(f"De index in {settings.data_dir} is leeg. Lees eerst documenten in "
                        "(baken ingest) of gebruik --corpus MAP.")
    return baken, {"description": f"bestaande index in {settings.data_dir}",
                   "data_dir": str(settings.data_dir)}


def _answer_fn(baken: Baken, pending: Sequence[Question],
               say: Callable[[str], None]) -> Callable[[Question], Result]:
    needs_model = any(q.kind != "draft" for q in pending)
    if needs_model:
        say("Het taalmodel wordt geladen …")
        _ = baken.assistant.llm  # a missing or broken model stops the run here, not per question
    runner = draft_runner(baken)

    def answer(question: Question) -> Result:
        if question.kind == "draft":
            return draft_question(runner, baken.anonymizer, question)
        return ask_question(baken.assistant, baken.anonymizer, question)

    return answer


def run_eval(opts: EvalOptions, say: Callable[[str], None] = print) -> EvalOutcome:
    """Prepare the store, answer (or reuse) every question, score, gate and write the report."""
    started = time.perf_counter()
    questions = load_questions(opts.questions)
    if opts.limit is not None:
        questions = questions[:max(0, opts.limit)]
    thresholds: Thresholds = load_thresholds(opts.thresholds)
    baseline: Baseline | None = load_baseline(opts.baseline) if opts.baseline else None
    out = opts.out or default_out(opts.model)
    out.mkdir(parents=True, exist_ok=True)
    if opts.restart:
        clear_run(out)
    baken, data = _prepare_store(opts, out, say)
    chosen = model_file(baken.settings)
    if chosen.fallback_reason:
        say(f"Let op: {chosen.fallback_reason}")
    model_path = chosen.path
    model = file_info(model_path, cache=out / MODEL_CACHE)
    data_hash, n_files = _data_hash(baken)
    run_meta = _fingerprint(baken.settings, model, baken.embedder_name, data_hash)
    check_fingerprint(out / RUN, out / RESULTS, run_meta)

    previous = read_results(out / RESULTS)
    pending = [q for q in questions if not is_reusable(previous.get(q.id), q)]
    say(f"{len(questions)} vragen: {len(questions) - len(pending)} al gedaan, "
        f"{len(pending)} te gaan.")
    answer = _answer_fn(baken, pending, say) if pending else (lambda q: {})
    results, counts = run_questions(questions, answer, out / RESULTS, progress=opts.progress)

    say("Index wordt gecontroleerd op persoonsgegevens …")
    store_findings = _store_scan(baken, out, data_hash)
    values = summarise(results, store_findings=len(store_findings))
    gate = evaluate(thresholds, values, baseline.metrics if baseline else None)
    meta = {
        "model": {k: model[k] for k in ("name", "path", "size_bytes", "sha256")},
        "embedder": baken.embedder_name,
        "settings": _settings_used(baken.settings),
        "fingerprint": run_meta["fingerprint"],
        "data": {**data, "files": n_files, "chunks": baken.store.count(),
                 "data_hash": data_hash},
        "store_findings": store_findings,
        "question_sets": _question_sets(opts.questions),
        "limit": opts.limit,
        "thresholds": thresholds.source,
        "run": {"reused": counts.reused, "new": counts.new},
        "wall_s": round(time.perf_counter() - started, 2),
    }
    report = build_report(results, values, gate, meta, baseline)
    json_path, html_path = write_report(out, report)
    return EvalOutcome(report, gate, counts, out, json_path, html_path)
