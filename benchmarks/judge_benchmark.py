"""Can the bundled instruct model judge "does this passage answer this question"?

    .venv/bin/python -m benchmarks.judge_benchmark [--model PATH.gguf] [--top 1]
        [--corpus ../shared/corpus/oov-nl] [--work eval-out/judge-bench]

For every question of the tuned and the held-out OOV set it retrieves the sources as Baken does,
then asks the model one short question per top passage ("Staat het antwoord op de vraag in deze
passage? Antwoord met ja of nee.") and reads P(ja) from the next-token probabilities (one
forward pass, no generation). It prints, per set, refusal accuracy on the unanswerable
(near-topic) questions and the false-refusal rate on the answerable ones when a question is
refused below the relevance threshold OR below a judge threshold tau, for several tau, plus the
seconds per judgement. Judgements are kept in ``--work`` (a rerun continues where it stopped).

Adopt the judge only if some tau reaches refusal accuracy >= 0.75 with <= 5 % false refusals on
the held-out set (benchmarks/README.md, 'Rechter').
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.app import build_baken
from assistant.config import load_settings
from assistant.llm.bundled import resolve_bundled
from benchmarks.retrieval_benchmark import DEFAULT_SETS, load_questions

SYSTEM = ("Je beoordeelt of een passage uit een regeling of beleidsstuk het antwoord op een vraag "
          "bevat. Antwoord alleen met ja of nee.")
ASK = ("Vraag: {question}\n\nPassage:\n{passage}\n\nStaat het antwoord op de vraag in deze "
       "passage? Antwoord met ja of nee.")
TAUS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)


class YesNoJudge:
    """P(ja) of the model's first answer token, from one forward pass over a chat prompt."""

    def __init__(self, model_path: Path, n_threads: int) -> None:
        from llama_cpp import Llama
        from llama_cpp.llama_chat_format import Jinja2ChatFormatter

        self._llm = Llama(model_path=str(model_path), n_ctx=2048, n_threads=n_threads,
                          n_threads_batch=n_threads, verbose=False)
        self._format = Jinja2ChatFormatter(
            template=self._llm.metadata["tokenizer.chat_template"], eos_token="", bos_token="")
        self._yes = self._first_tokens(("ja", "Ja", " ja", " Ja", "JA"))
        self._no = self._first_tokens(("nee", "Nee", " nee", " Nee", "NEE"))

    def _first_tokens(self, words: Sequence[str]) -> list[int]:
        return sorted({self._llm.tokenize(w.encode(), add_bos=False)[0] for w in words})

    def p_yes(self, question: str, passage: str) -> float:
        import llama_cpp

        messages: Any = [{"role": "system", "content": SYSTEM},
                    {"role": "user", "content": ASK.format(question=question,
                                                           passage=passage[:1500])}]
        prompt = self._format(messages=messages).prompt
        tokens = self._llm.tokenize(prompt.encode(), add_bos=False, special=True)
        self._llm.reset()
        self._llm.eval(tokens)
        logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(self._llm.ctx, -1),
                                       shape=(self._llm.n_vocab(),)).astype(np.float64)
        weights = np.exp(logits - logits.max())
        yes, no = float(weights[self._yes].sum()), float(weights[self._no].sum())
        return yes / (yes + no)


def judged(work: Path, corpus: Path, model: Path, top: int) -> list[dict[str, Any]]:
    """One record per question: set, kind, best cosine, gate, P(ja) per top passage, seconds."""
    done_path = work / f"judge-{model.stem}-top{top}.jsonl"
    done = {}
    if done_path.exists():
        for line in done_path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            done[(rec["set"], rec["id"])] = rec
    settings = load_settings(data_dir=work / "baken")
    baken = build_baken(settings)
    baken.pipeline.run([corpus])
    judge = YesNoJudge(model, settings.model.n_threads or 2)
    out = []
    with done_path.open("a", encoding="utf-8") as fh:
        for path in DEFAULT_SETS:
            questions = load_questions(path)
            for i, q in enumerate(questions, start=1):
                if (path.name, q.id) in done:
                    out.append(done[(path.name, q.id)])
                    continue
                result = baken.retriever.search(q.text, 5)
                started = time.perf_counter()
                p = [judge.p_yes(q.text, s.text) for s in result.sources[:top]]
                rec = {"set": path.name, "id": q.id, "kind": q.kind, "best": result.best_score,
                       "relevant": result.relevant, "p_yes": p,
                       "seconds": time.perf_counter() - started}
                fh.write(json.dumps(rec) + "\n")
                fh.flush()
                out.append(rec)
                print(f"{path.name} {i}/{len(questions)} {q.id}: P(ja) "
                      f"{', '.join(f'{x:.2f}' for x in p)} ({rec['seconds']:.1f} s)", flush=True)
    return out


def table(records: list[dict[str, Any]]) -> None:
    for name in sorted({r["set"] for r in records}, reverse=True):
        rows = [r for r in records if r["set"] == name]
        answerable = [r for r in rows if r["kind"] != "unanswerable"]
        absent = [r for r in rows if r["kind"] == "unanswerable"]
        secs = [r["seconds"] for r in rows]
        print(f"\n{name}: {len(answerable)} beantwoordbaar, {len(absent)} onbeantwoordbaar; "
              f"rechter p50 {statistics.median(secs):.1f} s per vraag")
        print("| tau | refusal acc | false refusals |\n|---|---|---|")
        for tau in TAUS:
            def refused(r: dict[str, Any], tau: float = tau) -> bool:
                return not r["relevant"] or max(r["p_yes"]) < tau
            acc = sum(map(refused, absent)) / max(1, len(absent))
            false = sum(map(refused, answerable)) / max(1, len(answerable))
            label = "zonder rechter" if tau == 0.0 else f"{tau:.2f}"
            print(f"| {label} | {acc:.3f} | {false:.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=None,
                        help="GGUF file (default: the bundled default model)")
    parser.add_argument("--top", type=int, default=1, help="passages judged per question")
    parser.add_argument("--corpus", type=Path, default=Path("../shared/corpus/oov-nl"))
    parser.add_argument("--work", type=Path, default=Path("eval-out/judge-bench"))
    args = parser.parse_args()
    model = args.model or resolve_bundled().path
    args.work.mkdir(parents=True, exist_ok=True)
    table(judged(args.work, args.corpus, model, args.top))


if __name__ == "__main__":
    main()
