"""Answer quality and speed per model x answer strategy, on the tuned and the held-out question set.

    .venv/bin/python -m benchmarks.answer_benchmark [--models …] [--strategies …] [--limit N]

For every question it runs the real ``Assistant`` (real index of the shared corpus, real
llama.cpp) and measures what a reader would notice:

- fact coverage: the question's answer facts present in the answer, over the questions whose
  facts occur in the retrieved sources (``lead``: the same for the model's own text only);
- supported sentences: answer sentences that cite a source which carries them (an uncited
  model sentence counts as unsupported);
- invented: numbers, dates, amounts, articles and names in the answer that none of the passages
  it cites contains; ``removed`` counts the model sentences the checks took out for that;
- refusals: false (an answerable question refused, or the model trying to refuse) and correct;
- answers whose model text repeats a sentence (after the checks), and raw loops (before them);
- spelling errors per 100 words of model text (hunspell-nl);
- time to the first evidence, time to the first token (p50/p95) and decode tokens/s, next to bare
  llama-cpp-python on the same file, thread count and messages, measured in the same run.

Results are kept per question in ``--work`` (a rerun continues where it stopped); ``--drafts``
adds the drafting table (every template x two scenarios, ``benchmarks/draft_scenarios.py``).
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.app import Baken, build_baken
from assistant.config import load_settings
from assistant.core.schema import Answer
from assistant.evidence import lead_of, select_evidence
from assistant.llm import make_llm
from assistant.service import (
    CODE_WRITTEN_LEADS,
    REFUSAL_MARKERS,
    EvidenceFound,
    Finished,
    TextDelta,
)
from eval.metrics import facts_found, normalise
from eval.scoring import spelling
from guardrails.citations import check_citations, cited_numbers
from guardrails.model_text import RepetitionGuard, invented, sentences, without_repeats

SETS = {"tuned": Path("eval/questions/oov-nl.jsonl"),
        "heldout": Path("eval/questions/oov-nl-heldout.jsonl")}
MODELS = ("qwen2.5-coder-1.5b", "qwen2.5-coder-0.5b", "smollm2-135m")
STRATEGIES = ("evidence", "free", "grammar")


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    kind: str
    facts: tuple[str, ...]


def load(path: Path) -> list[Question]:
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if item.get("kind") == "draft":
                continue
            out.append(Question(item["id"], item["question"], item["kind"],
                                tuple(item.get("answer_facts") or ())))
    return out


def spread(questions: list[Question], n: int | None) -> list[Question]:
    """``n`` questions evenly spread over the list (all when ``n`` is None or large)."""
    if n is None or n >= len(questions):
        return questions
    return [questions[round(i * (len(questions) - 1) / max(1, n - 1))] for i in range(n)]


def removed_sentences(warnings: Sequence[str]) -> int:
    """Model sentences the checks took out for a fact or a claim the sources do not carry."""
    count = 0
    for w in warnings:
        many = re.match(r"(\d+) zin\(nen\) van het taalmodel weggelaten", w)
        count += int(many.group(1)) if many else int(w.startswith("Een zin van het taalmodel"))
    return count


def score(q: Question, answer: Answer, raw: str) -> dict[str, Any]:
    """The per-answer figures (see the module docstring)."""
    sources_text = "\n".join(s.text for s in answer.sources)
    in_sources = [f for f, ok in zip(q.facts, facts_found(q.facts, sources_text), strict=True)
                  if ok]
    lead = lead_of(answer.text)
    # the model's own sentences: not a refusal, not the fixed text code shows instead
    own = "" if answer.refused or lead in CODE_WRITTEN_LEADS else lead
    report = check_citations(answer.text, answer.sources)
    verdicts = {c.sentence: c.supported for c in report.sentences}
    own_sentences = [s for s in sentences(own) if len(s.split()) >= 3]
    uncited = [s for s in own_sentences if not cited_numbers(s)]
    inv: list[str] = []
    for sentence in sentences(answer.text):
        cited = [n for n in cited_numbers(sentence) if 1 <= n <= len(answer.sources)]
        if not cited or sentence.startswith("—"):
            continue
        passages = "\n".join([answer.question, *(answer.sources[n - 1].text for n in cited),
                              *(answer.sources[n - 1].locator.label() for n in cited)])
        inv.extend(invented(sentence, passages))
    words, errors = spelling(own) if own else (0, 0)
    guard = RepetitionGuard()
    guard.feed(raw)
    return {
        "id": q.id, "kind": q.kind, "refused": answer.refused,
        "model_refusal": any(m in raw.lower() for m in REFUSAL_MARKERS),
        "facts_in_sources": len(in_sources),
        "facts_in_answer": sum(facts_found(in_sources, answer.text)) if in_sources else 0,
        "facts_in_lead": sum(facts_found(in_sources, lead)) if in_sources else 0,
        "sentences": len(report.sentences) + len(uncited),
        "supported": sum(1 for s in report.sentences if s.supported),
        "lead_sentences": len(own_sentences),
        "lead_supported": sum(1 for s in own_sentences if verdicts.get(s, False)),
        "invented": inv,
        "removed": removed_sentences(answer.warnings),
        "repeated": normalise(without_repeats(lead)) != normalise(" ".join(sentences(lead))),
        "raw_loop": guard.looping,
        "spelling_errors": errors or 0, "words": words,
        "evidence_s": answer.timings.get("evidence_s"),
        "ttft_s": answer.timings.get("ttft_s") if not answer.refused else None,
        "tokens": answer.timings.get("tokens"),
        "decode_s": answer.timings.get("decode_s"),
        "answer": answer.text, "raw": raw,
    }


def ask(baken: Baken, q: Question) -> dict[str, Any]:
    started = time.perf_counter()
    pieces: list[str] = []
    first = last = None
    evidence_at = None
    answer = None
    for event in baken.assistant.ask(q.text):
        now = time.perf_counter()
        if isinstance(event, EvidenceFound):
            evidence_at = now - started
        elif isinstance(event, TextDelta):
            first = first or now
            last = now
            pieces.append(event.text)
        elif isinstance(event, Finished):
            answer = event.answer
    assert answer is not None
    timings = dict(answer.timings)
    if evidence_at is not None:
        timings["evidence_s"] = round(evidence_at, 3)
    if first is not None and last is not None and len(pieces) > 1:
        timings["tokens"] = len(pieces) - 1
        timings["decode_s"] = last - first
    from dataclasses import replace

    return score(q, replace(answer, timings=timings), "".join(pieces))


class RecordingLLM:
    """Passes everything to the real backend and keeps the last messages it was given."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.last: list[dict[str, str]] = []

    def stream(self, messages: Any, **opts: Any) -> Any:
        self.last = [dict(m) for m in messages]
        return self.inner.stream(messages, **opts)


def rescore(baken: Baken, q: Question, row: dict[str, Any]) -> dict[str, Any]:
    """A kept answer checked and scored again with today's code: the same retrieval and quotes
    (both deterministic), the model's kept raw text through the current checks; no model run."""
    assistant = baken.assistant
    result = baken.retriever.search(q.text)
    text: str = row["answer"]
    warnings: tuple[str, ...] = ()
    if not row["refused"] and assistant.strategy != "grammar":
        evidence = select_evidence(q.text, result.sources, scorer=assistant.sentence_scorer,
                                   max_items=assistant.evidence_items) \
            if assistant.strategy == "evidence" else []
        messages = assistant.prompt.messages(question=q.text, evidence=evidence,
                                             sources=result.sources)
        text, warnings = assistant._clean(  # noqa: SLF001 - the service's own checks
            row["raw"], q.text, result.sources, messages, evidence, row["raw_loop"])
    answer = Answer(question=q.text, text=text, refused=row["refused"], citations=(),
                    sources=result.sources, model="", warnings=tuple(warnings), timings={
                        k: row[k] for k in ("evidence_s", "ttft_s", "tokens", "decode_s")
                        if row.get(k) is not None})
    return score(q, answer, row["raw"])


def bare_tokens_per_s(baken: Baken, messages: list[dict[str, str]], n: int = 64) -> float:
    """Decode speed of the same llama.cpp instance on the same messages as a real question,
    called directly (no Baken, no grammar, no checks around it)."""
    llm: Any = make_llm(baken.settings)
    raw = llm._llm  # noqa: SLF001 - the bare runtime is the point of this measurement
    first = last = None
    count = 0
    for _ in raw.create_chat_completion(messages=messages, max_tokens=n, temperature=0.0,
                                        stream=True):
        now = time.perf_counter()
        first = first or now
        last = now
        count += 1
    return (count - 1) / (last - first) if first and last and count > 1 else 0.0


def _p(values: Sequence[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(rows: Sequence[dict[str, Any]], bare: float | None) -> dict[str, Any]:
    answerable = [r for r in rows if r["kind"] != "unanswerable"]
    absent = [r for r in rows if r["kind"] == "unanswerable"]
    with_facts = [r for r in answerable if r["facts_in_sources"]]
    facts = sum(r["facts_in_sources"] for r in with_facts)
    sent = sum(r["sentences"] for r in rows)
    lead_sent = sum(r["lead_sentences"] for r in rows)
    ttft = [r["ttft_s"] for r in rows if r["ttft_s"] is not None]
    tokens = sum(r["tokens"] or 0 for r in rows)
    decode = sum(r["decode_s"] or 0.0 for r in rows)
    words = sum(r["words"] for r in rows)
    tps = tokens / decode if decode else None
    return {
        "n": len(rows),
        "facts": sum(r["facts_in_answer"] for r in with_facts) / facts if facts else None,
        "facts_lead": sum(r["facts_in_lead"] for r in with_facts) / facts if facts else None,
        "supported": sum(r["supported"] for r in rows) / sent if sent else None,
        "supp_lead": (sum(r["lead_supported"] for r in rows) / lead_sent) if lead_sent else None,
        "invented": sum(len(r["invented"]) for r in rows),
        "removed": sum(r["removed"] for r in rows),
        "false_ref": (sum(1 for r in answerable if r["refused"] or r["model_refusal"])
                      / len(answerable)) if answerable else None,
        "correct_ref": f"{sum(1 for r in absent if r['refused'])}/{len(absent)}",
        "repeated": sum(1 for r in rows if r["repeated"]) / len(rows) if rows else None,
        "raw_loops": sum(1 for r in rows if r["raw_loop"]),
        "spell/100w": 100 * sum(r["spelling_errors"] for r in rows) / words if words else None,
        "evid_p50": _p([r["evidence_s"] for r in rows if r["evidence_s"] is not None], 0.5),
        "ttft_p50": _p(ttft, 0.5), "ttft_p95": _p(ttft, 0.95),
        "tok/s": tps, "bare tok/s": bare,
        "ratio": tps / bare if tps and bare else None,
    }


def print_table(title: str, table: list[dict[str, Any]]) -> None:
    print(f"\n{title}")
    keys = list(table[0])
    print(" | ".join(f"{k:>11}" if i else f"{k:<30}" for i, k in enumerate(keys)))
    for row in table:
        cells = []
        for i, k in enumerate(keys):
            v = row.get(k)
            text = "—" if v is None else (f"{v:.3f}" if isinstance(v, float) and k in {
                "facts", "facts_lead", "supported", "supp_lead", "false_ref", "repeated", "ratio",
                "lead_rate"}
                else f"{v:.2f}" if isinstance(v, float) else str(v))
            cells.append(f"{text:>11}" if i else f"{text:<30}")
        print(" | ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/oov-nl"))
    parser.add_argument("--sets", nargs="+", default=list(SETS), choices=list(SETS))
    parser.add_argument("--models", nargs="+", default=list(MODELS))
    parser.add_argument("--strategies", nargs="+", default=list(STRATEGIES))
    parser.add_argument("--limit", type=int, default=None,
                        help="only N questions of each set, evenly spread over the file (so "
                             "the unanswerable questions at its end are included)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--work", type=Path, default=Path("eval-out/answer-bench"))
    parser.add_argument("--index", type=Path, default=None,
                        help="data folder of the index (default: WORK/baken)")
    parser.add_argument("--drafts", action="store_true", help="also the drafting table")
    parser.add_argument("--rescore", action="store_true",
                        help="score the kept answers again (same retrieval, no model run)")
    args = parser.parse_args()

    index = args.index or args.work / "baken"
    args.work.mkdir(parents=True, exist_ok=True)
    base = build_baken(load_settings(data_dir=index))
    report = base.pipeline.run([args.corpus])
    print(f"index: {report.documents_indexed} nieuw, {report.documents_unchanged} ongewijzigd")
    tables: dict[str, list[dict[str, Any]]] = {name: [] for name in args.sets}
    for model in args.models:
        for strategy in args.strategies:
            bare_file = args.work / f"bare-{model}-{strategy}.json"
            # measured once, on this strategy's own messages of a real question
            bare: float | None = (json.loads(bare_file.read_text())["tokens_per_s"]
                                  if bare_file.is_file() else None)
            settings = load_settings(data_dir=index, bundled_model=model,
                                     answer_strategy=strategy, n_threads=args.threads,
                                     max_tokens=256, temperature=0.0)
            baken = build_baken(settings)
            if baken.uses_demo_model and model != "smollm2-135m":
                print(f"{model} is niet geïnstalleerd: overgeslagen")
                break
            recorder = RecordingLLM(baken.assistant.llm)
            baken.assistant._llm = recorder  # noqa: SLF001 - record the prompts it sends
            baken.assistant.prime()
            for name in args.sets:
                questions = spread(load(SETS[name]), args.limit)
                cache = args.work / f"{name}-{model}-{strategy}.jsonl"
                done = {}
                if cache.is_file():
                    done = {json.loads(x)["id"]: json.loads(x)
                            for x in cache.read_text(encoding="utf-8").splitlines() if x}
                rows = []
                with cache.open("a", encoding="utf-8") as fh:
                    for i, q in enumerate(questions, start=1):
                        if q.id not in done:
                            done[q.id] = ask(baken, q)
                            fh.write(json.dumps(done[q.id], ensure_ascii=False) + "\n")
                            fh.flush()
                            print(f"  {name} {model} {strategy}: {i}/{len(questions)}",
                                  flush=True)
                        elif args.rescore:
                            done[q.id] = rescore(baken, q, done[q.id])
                        rows.append(done[q.id])
                        if bare is None and recorder.last and not done[q.id]["refused"]:
                            bare = bare_tokens_per_s(baken, recorder.last)
                            bare_file.write_text(json.dumps({"tokens_per_s": bare}))
                if args.rescore:  # keep the new scores
                    cache.write_text("".join(json.dumps(done[q], ensure_ascii=False) + "\n"
                                             for q in done), encoding="utf-8")
                lead_rate = sum(1 for r in rows if r["kind"] != "unanswerable" and not r["refused"]
                                and lead_of(r["answer"]) not in CODE_WRITTEN_LEADS)
                answered = sum(1 for r in rows if r["kind"] != "unanswerable" and not r["refused"])
                tables[name].append({"model / strategie": f"{model} / {strategy}",
                                     **summarise(rows, bare),
                                     "lead_rate": lead_rate / answered if answered else None})
    for name, table in tables.items():
        if table:
            print_table(f"{name} ({SETS[name]})", table)
    if args.drafts:
        from benchmarks.draft_benchmark import run_drafts

        run_drafts(index, args.models[:1], args.threads, args.work)


if __name__ == "__main__":
    main()
