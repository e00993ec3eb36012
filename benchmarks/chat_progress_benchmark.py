"""How soon the chat shows something: time from asking to the first visible progress (the
stage line), to the sources, and to the first token of the model, p50/p95 over a set of
questions, with the default model (or ``--model``).

Drives ``ChatController.ask``, the same stream of screen updates the browser gets, over an
index of the demo corpus (built in a temporary folder unless ``--data-dir`` is given). The
model is loaded and primed first, as the chat does at start-up. Prints JSON.

    python -m benchmarks.chat_progress_benchmark [--questions 10]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.app import build_baken
from assistant.config import load_settings
from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore
from assistant.ui.chat import LEAD_NOTE, ChatController, ChatState

DEMO = Path(__file__).resolve().parents[1] / "assistant" / "demo_corpus"
QUESTIONS = (
    "Hoeveel dagen geldt een huisverbod?",
    "Wanneer mag de burgemeester een woning sluiten?",
    "Wanneer is voor een evenement een vergunning nodig?",
    "Wat zijn de voorwaarden voor cameratoezicht?",
    "Wanneer mag de burgemeester een noodbevel geven?",
    "Hoe lang mag een huisverbod worden verlengd?",
    "Wat is een noodverordening?",
    "Wie houdt toezicht op openbare samenkomsten?",
    "Mag de burgemeester een lokaal sluiten bij drugshandel?",
    "Welke termijn geldt voor een evenementenvergunning?",
)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(chat: ChatController, question: str) -> dict[str, float | None]:
    """Seconds to the first update, to the first update with sources, to the first update
    with model text (after the evidence, which is shown at once)."""
    started = time.perf_counter()
    first = sources = token = None
    for update in chat.ask(question, ChatState(), "benchmark-0001"):
        now = time.perf_counter() - started
        first = first if first is not None else now
        turn = update.state.turns[-1]
        if sources is None and turn.sources:
            sources = now
        if token is None and turn.answer and not turn.answer.startswith(LEAD_NOTE) \
                and update.stage is not None and update.stage.name == "schrijven":
            token = now
        if token is None and update.done and turn.refused:
            token = now  # a refusal is written at once
    return {"first_progress_s": first, "sources_s": sources, "first_token_s": token,
            "total_s": time.perf_counter() - started}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", type=int, default=10)
    parser.add_argument("--data-dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = args.data_dir or Path(tmp) / "data"
        settings = load_settings(data_dir=data)
        baken = build_baken(settings)
        if args.data_dir is None:
            baken.pipeline.run(sorted(DEMO.glob("*.md")), progress=False)
        loaded = time.perf_counter()
        baken.retriever.search("opstarten", 1)
        baken.assistant.prime()
        warm_s = time.perf_counter() - loaded
        chat = ChatController(baken, ConversationStore(Path(tmp) / "c"),
                              FeedbackStore(Path(tmp) / "f.jsonl", lambda: baken.anonymizer))
        rows = [{"question": q, **measure(chat, q)} for q in QUESTIONS[: args.questions]]
    summary: dict[str, object] = {"model": baken.assistant.llm.name, "warm_up_s": round(warm_s, 1),
                                  "questions": len(rows)}
    for key in ("first_progress_s", "sources_s", "first_token_s", "total_s"):
        values = [float(r[key]) for r in rows if r[key] is not None]  # type: ignore[arg-type]
        if values:
            summary[key] = {"p50": round(statistics.median(values), 3),
                            "p95": round(percentile(values, 0.95), 3), "n": len(values)}
    print(json.dumps({"summary": summary, "rows": rows}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
