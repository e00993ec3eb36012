"""Synthetic Dutch questions per indexed passage, written incrementally so a run can resume.

The bundled instruct model reads one passage at a time and writes a few questions that the
passage answers. Every finished passage is one JSON line in the questions file (written with a
single ``write`` and flushed to disk), so stopping at any moment loses at most the passage in
progress; a rerun skips every passage already in the file (keyed by the hash of its text, so a
re-ingest that keeps the text keeps the work).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.protocols import LLMBackend
from assistant.core.schema import Chunk
from assistant.tuning.eval_guard import EvalQuestionGuard

MIN_PASSAGE_CHARS = 150  # shorter chunks (headings, a lone "Artikel 3") make poor questions
MIN_QUESTION_WORDS, MAX_QUESTION_WORDS = 4, 40
TOKENS_PER_QUESTION = 48
TEMPERATURE = 0.7  # some variety between the questions of one passage

SYSTEM = "Je bent een ervaren medewerker openbare orde en veiligheid van een Nederlandse gemeente."
PROMPT = """Hieronder staat een passage uit een document van de gemeente.

Schrijf {n} verschillende vragen in het Nederlands die een collega zou kunnen stellen en die met \
deze passage beantwoord worden. Gebruik eigen woorden in plaats van de zinnen uit de passage. \
Schrijf één vraag per regel, zonder nummering en zonder antwoord.

Passage:
{passage}"""

_BULLET = re.compile(r"^\s*(?:[-*•]+|\d+[.)]|vraag\s*\d*\s*[:.)-])\s*", re.IGNORECASE)


def passage_key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def parse_questions(reply: str, limit: int) -> list[str]:
    """The questions in a model reply: one per line, bullets and numbers removed, deduplicated."""
    out: list[str] = []
    seen: set[str] = set()
    for line in reply.splitlines():
        text = " ".join(_BULLET.sub("", line).strip().strip('"“”').split())
        if not text.endswith("?"):
            continue
        words = len(text.split())
        if not MIN_QUESTION_WORDS <= words <= MAX_QUESTION_WORDS:
            continue
        key = text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out[:limit]


def select_chunks(chunks: Sequence[Chunk], sample: int | None, seed: int = 19) -> list[Chunk]:
    """Long-enough chunks in a fixed random order (so a partial run covers every document),
    the first ``sample`` when given."""
    usable = sorted((c for c in chunks if len(c.text.strip()) >= MIN_PASSAGE_CHARS),
                    key=lambda c: c.chunk_id)
    random.Random(seed).shuffle(usable)
    unique: dict[str, Chunk] = {}
    for chunk in usable:  # the same text in two places is one passage
        unique.setdefault(passage_key(chunk.text), chunk)
    ordered = list(unique.values())
    return ordered[:sample] if sample is not None else ordered


@dataclass
class QuestionLog:
    """The questions file: one JSON object per finished passage."""

    path: Path
    records: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path) -> QuestionLog:
        """Read what an earlier run wrote; an unfinished last line (a hard stop) is cut off."""
        log = cls(path)
        if not path.exists():
            return log
        raw = path.read_bytes()
        if raw and not raw.endswith(b"\n"):
            keep = raw.rfind(b"\n") + 1
            with path.open("r+b") as fh:
                fh.truncate(keep)
            raw = raw[:keep]
        for line in raw.decode("utf-8", errors="replace").splitlines():
            try:
                item = json.loads(line)
            except ValueError:
                continue  # a damaged line: that passage is simply done again
            if isinstance(item, dict) and isinstance(item.get("key"), str):
                log.records[item["key"]] = item
        return log

    def __contains__(self, key: str) -> bool:
        return key in self.records

    def append(self, record: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self.path.open("ab") as fh:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())
        self.records[record["key"]] = record

    def pairs(self) -> list[tuple[str, str]]:
        """Every (question, passage) pair in the file."""
        return [(q, r["passage"]) for r in self.records.values() for q in r.get("questions", [])]


@dataclass
class SynthCounts:
    passages: int = 0  # passages done in this run
    reused: int = 0  # passages an earlier run had done
    questions: int = 0
    refused_eval: int = 0  # generated questions dropped because they match an eval question
    seconds: float = 0.0


def ask_questions(llm: LLMBackend, passage: str, n: int) -> list[str]:
    messages = [{"role": "system", "content": SYSTEM},
                {"role": "user", "content": PROMPT.format(n=n, passage=passage.strip())}]
    reply = "".join(llm.stream(messages, max_tokens=TOKENS_PER_QUESTION * n + 16,
                               temperature=TEMPERATURE))
    return parse_questions(reply, n)


def generate(chunks: Sequence[Chunk], load_llm: Callable[[], LLMBackend],
             log: QuestionLog, guard: EvalQuestionGuard, *, per_chunk: int = 2,
             progress: Callable[[Iterator[Chunk], int], Iterator[Chunk]] | None = None,
             ) -> SynthCounts:
    """Write questions for every chunk not yet in ``log``; the model loads only if one is left.

    Stopping (Ctrl-C) raises out of the model call; every passage finished before is on disk.
    """
    counts = SynthCounts(reused=sum(1 for c in chunks if passage_key(c.text) in log))
    todo = [c for c in chunks if passage_key(c.text) not in log]
    model: LLMBackend | None = None
    started = time.perf_counter()
    items: Iterator[Chunk] = progress(iter(todo), len(todo)) if progress else iter(todo)
    for chunk in items:
        if model is None:
            model = load_llm()
        t = time.perf_counter()
        questions = ask_questions(model, chunk.text, per_chunk)
        kept = [q for q in questions if not guard.is_eval_question(q)]
        log.append({
            "key": passage_key(chunk.text), "chunk_id": chunk.chunk_id,
            "source_file": chunk.locator.source_file, "passage": chunk.text,
            "questions": kept, "refused_eval": len(questions) - len(kept),
            "model": getattr(model, "name", "?"), "seconds": round(time.perf_counter() - t, 2),
        })
        counts.passages += 1
        counts.questions += len(kept)
        counts.refused_eval += len(questions) - len(kept)
    counts.seconds = time.perf_counter() - started
    return counts
