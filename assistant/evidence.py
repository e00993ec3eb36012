"""Evidence first: the decisive sentences of the retrieved sources, verbatim, with their locator.

Code, not the model, picks them: each sentence of the best sources is scored against the question
(embedding similarity when an embedder is given, shared words otherwise), with a small preference
for better-ranked sources. The answer shows them as quotes, so what a user reads first is the text
of the rule itself, checkable at its locator, whatever model writes the lead sentence.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from assistant.core.schema import Source
from guardrails.model_text import is_statement

SentenceScorer = Callable[[str, list[str]], list[float]]
_SPLIT = re.compile(r"(?<=[.!?;:])\s+(?=[A-Z0-9(\"“„'a-z])")
_ENUM = re.compile(r"^\s*(?:[a-z0-9]{1,3}[.)]|[-•*])\s+")
_WORD = re.compile(r"\w{4,}")
MIN_CHARS, MAX_CHARS = 25, 420
EVIDENCE_HEADING = "**Uit de bronnen:**"
MAX_GAP = 0.08  # cosine below the best sentence beyond which a sentence is not quoted


@dataclass(frozen=True)
class Evidence:
    """One quoted sentence: its source number ``n`` (1-based, as in the answer) and locator."""

    n: int
    text: str
    label: str
    score: float
    cut: bool = False  # the sentence was longer than MAX_CHARS and is shown in part


def candidate_sentences(passage: str, window: int = 1) -> list[tuple[str, bool]]:
    """Whole sentences (or list items) of a chunk, without its first, context line, and runs of
    up to ``window`` consecutive sentences of one paragraph; a candidate over ``MAX_CHARS`` is
    cut at a word boundary (flag True)."""
    _, newline, body = passage.partition("\n")
    lines = (body if newline and body.strip() else passage).splitlines()
    out: list[tuple[str, bool]] = []
    for line in lines:
        line = _ENUM.sub("", line).strip()
        pieces = [" ".join(p.split()) for p in _SPLIT.split(line)]
        pieces = [p for p in pieces if p and not p.startswith("#")]
        for size in range(1, window + 1):
            for i in range(len(pieces) - size + 1):
                piece = " ".join(pieces[i:i + size])
                if (len(piece) < MIN_CHARS or (size > 1 and len(piece) > MAX_CHARS)
                        or not is_statement(piece)):
                    continue
                cut = len(piece) > MAX_CHARS
                out.append((piece[:MAX_CHARS].rsplit(" ", 1)[0] if cut else piece, cut))
    return out


def _lexical(question: str, sentences: list[str]) -> list[float]:
    wanted = {w[:6] for w in _WORD.findall(question.lower())}
    if not wanted:
        return [0.0] * len(sentences)
    return [len(wanted & {w[:6] for w in _WORD.findall(s.lower())}) / len(wanted)
            for s in sentences]


def embedding_scorer(embed_query: Callable[[str], list[float]],
                     embed_documents: Callable[[list[str]], list[list[float]]]) -> SentenceScorer:
    """A scorer from an embedder: cosine similarity of the question with each sentence."""

    def score(question: str, sentences: list[str]) -> list[float]:
        q = embed_query(question)
        qn = math.sqrt(sum(x * x for x in q)) or 1.0
        out = []
        for vec in embed_documents(sentences):
            vn = math.sqrt(sum(x * x for x in vec)) or 1.0
            out.append(sum(a * b for a, b in zip(q, vec, strict=False)) / (qn * vn))
        return out

    return score


def select_evidence(question: str, sources: Sequence[Source], *, scorer: SentenceScorer | None,
                    max_items: int = 4, max_sources: int = 5,
                    max_gap: float = MAX_GAP, lexical_weight: float = 0.05,
                    rank_penalty: float = 0.01, window: int = 2) -> list[Evidence]:
    """The ``max_items`` best sentences (or runs of ``window`` sentences) of the first
    ``max_sources`` sources, at most two per source, best first.

    A sentence scoring more than ``max_gap`` below the best one is left out (with an embedder;
    without one, a sentence must share a word with the question).
    """
    pool: list[tuple[int, str, bool]] = []
    for n, source in enumerate(sources[:max_sources], start=1):
        pool.extend((n, s, cut) for s, cut in candidate_sentences(source.text, window))
    if not pool:
        return []
    texts = [s for _, s, _ in pool]
    lexical = _lexical(question, texts)
    lexical_of = dict(zip(texts, lexical, strict=True))
    dense = scorer(question, texts) if scorer is not None else [0.0] * len(texts)
    scored = sorted(
        ((dense[i] + lexical_weight * lexical[i] - rank_penalty * (n - 1), n, s, cut)
         for i, (n, s, cut) in enumerate(pool)),
        key=lambda t: t[0], reverse=True,
    )
    chosen: list[Evidence] = []
    per_source: dict[int, int] = {}
    best = scored[0][0]
    for score, n, text, cut in scored:
        if per_source.get(n, 0) >= 2 or any(_overlap(text, e.text) for e in chosen):
            continue
        too_far = score < best - max_gap if scorer is not None else lexical_of[text] == 0
        if chosen and too_far:
            break
        per_source[n] = per_source.get(n, 0) + 1
        chosen.append(Evidence(n, text, sources[n - 1].locator.label(), round(score, 4), cut))
        if len(chosen) == max_items:
            break
    return chosen


def _overlap(a: str, b: str) -> bool:
    """Whether two candidates share a sentence (runs of a window overlap, or one holds the
    other): quoting both would show that sentence twice."""
    if a in b or b in a:
        return True
    return not {p for p in _SPLIT.split(a) if len(p) >= MIN_CHARS}.isdisjoint(
        p for p in _SPLIT.split(b) if len(p) >= MIN_CHARS)


def quoted(item: Evidence) -> str:
    """The sentence in quotation marks (verbatim; a cut sentence ends in '(…)' outside them)."""
    if any(q in item.text for q in '"“”„'):
        return item.text + (" (…)" if item.cut else "")
    return f'"{item.text}"' + (" (…)" if item.cut else "")


def evidence_markdown(items: Sequence[Evidence]) -> str:
    """The quotes as the answer shows them: verbatim text, ``[n]``, then the locator."""
    blocks = [f"{quoted(e)} [{e.n}]\n— {e.label}" for e in items]
    return f"{EVIDENCE_HEADING}\n\n" + "\n\n".join(blocks) if blocks else ""


def lead_of(answer_text: str) -> str:
    """The part of an answer above the quotes: the model's own text."""
    return answer_text.split(EVIDENCE_HEADING)[0].strip()
