"""The one service object that the CLI, the UI and the evaluation harness talk to."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.followup import QueryRewriter
from assistant.protocols import Anonymizer, LLMBackend, Retriever
from assistant.schema import Answer, Citation, RetrievalResult, Source
from guardrails.citation_grammar import citation_grammar
from guardrails.citations import check_citations
from guardrails.input import guard_question
from prompts import PromptTemplate, load_prompt

Filters = Mapping[str, str | int]
REFUSAL = "Dit staat niet in de beschikbare documenten."
_QUOTE_SPLIT = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class SourcesFound:
    """First event of an answer: what retrieval found (and whether it is relevant)."""

    sources: tuple[Source, ...]
    relevant: bool
    query: str
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class TextDelta:
    """A streamed piece of the answer."""

    text: str


@dataclass(frozen=True)
class Finished:
    """Last event: the checked answer."""

    answer: Answer


Event = SourcesFound | TextDelta | Finished


def best_quote(passage: str, claim: str) -> str:
    """The sentence of ``passage`` that shares the most words with ``claim`` (verbatim).

    A chunk's first line is its context line (``Gemeentewet — Artikel 176, lid 1``), never a
    quote; sentences are cut at sentence ends and line breaks, and on a tie the longer wins.
    """
    _, newline, body = passage.partition("\n")
    lines = (body if newline and body.strip() else passage).splitlines()
    sentences = [s.strip() for line in lines for s in _QUOTE_SPLIT.split(line)
                 if len(s.strip()) > 20]
    if not sentences:
        return passage.strip()[:300]
    claim_words = set(re.findall(r"\w{4,}", claim.lower()))

    def score(sentence: str) -> tuple[int, int]:
        return len(claim_words & set(re.findall(r"\w{4,}", sentence.lower()))), len(sentence)

    return max(sentences, key=score)[:400]


class Assistant:
    """Retrieval, guarded prompting, streaming and citation checking in one place."""

    def __init__(self, retriever: Retriever, anonymizer: Anonymizer,
                 llm_factory: Callable[[], LLMBackend], *, max_question_chars: int = 2000,
                 max_tokens: int = 512, temperature: float = 0.1,
                 prompt: PromptTemplate | None = None, cite_with_grammar: bool = True,
                 on_answer: Callable[[Answer, str | None], None] | None = None) -> None:
        self.retriever = retriever
        self.anonymizer = anonymizer
        self._llm_factory = llm_factory
        self._llm: LLMBackend | None = None
        self.max_question_chars = max_question_chars
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.prompt = prompt or load_prompt("answer")
        self.cite_with_grammar = cite_with_grammar
        self.rewriter = QueryRewriter(lambda: self.llm)
        self._on_answer = on_answer

    @property
    def llm(self) -> LLMBackend:
        """The language model, loaded on first use (search never loads it)."""
        if self._llm is None:
            self._llm = self._llm_factory()
        return self._llm

    def search(self, question: str, k: int | None = None,
               filters: Filters | None = None) -> tuple[RetrievalResult, tuple[str, ...]]:
        """Sources only, no model: for 'waar staat…' and the search mode."""
        guarded = guard_question(question, self.anonymizer, self.max_question_chars)
        return self.retriever.search(guarded.text, k, filters), guarded.warnings

    def _anonymised_history(self, history: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
        """Earlier turns as the model may see them: identifiers replaced."""
        if not history:
            return []
        flat = [text for pair in history for text in pair]
        redacted = self.anonymizer.redact(flat).texts
        return [(redacted[i], redacted[i + 1]) for i in range(0, len(redacted), 2)]

    def ask(self, question: str, history: Sequence[tuple[str, str]] = (),
            filters: Filters | None = None, user: str | None = None) -> Iterator[Event]:
        """Stream an answer: SourcesFound, TextDelta…, Finished. Raises QuestionRejected.

        With ``history`` (earlier (question, answer) pairs) the follow-up is rewritten into a
        standalone query for retrieval; the answer reports it as ``rewritten_query``.
        """
        started = time.perf_counter()
        guarded = guard_question(question, self.anonymizer, self.max_question_chars)
        rewritten: str | None = None
        query = guarded.text
        if history:
            rewritten = self.rewriter.rewrite(guarded.text, self._anonymised_history(history))
            query = rewritten
        retrieval = self.retriever.search(query, None, filters)
        yield SourcesFound(retrieval.sources, retrieval.relevant, query, guarded.warnings)
        timings = {"retrieval_s": round(retrieval.seconds, 4)}
        if not retrieval.relevant or not retrieval.sources:
            yield TextDelta(REFUSAL)
            timings["total_s"] = round(time.perf_counter() - started, 4)
            refusal = Answer(
                question=guarded.text, text=REFUSAL, refused=True, citations=(),
                sources=retrieval.sources, model="", timings=timings, warnings=guarded.warnings,
                rewritten_query=rewritten,
            )
            self._record(refusal, user)
            yield Finished(refusal)
            return
        llm = self.llm
        messages = self.prompt.messages(question=query, sources=retrieval.sources)
        pieces: list[str] = []
        first_token_at: float | None = None
        gen_started = time.perf_counter()
        grammar = (citation_grammar(len(retrieval.sources), REFUSAL)
                   if self.cite_with_grammar else None)
        for piece in llm.stream(messages, max_tokens=self.max_tokens,
                                temperature=self.temperature, grammar=grammar):
            if first_token_at is None:
                first_token_at = time.perf_counter()
            pieces.append(piece)
            yield TextDelta(piece)
        done = time.perf_counter()
        text = "".join(pieces).strip()
        timings["ttft_s"] = round((first_token_at or done) - gen_started, 4)
        gen_time = done - (first_token_at or done)
        timings["tokens_per_s"] = round(len(pieces) / gen_time, 2) if gen_time > 0 else 0.0
        timings["total_s"] = round(done - started, 4)
        answer = replace(
            self._finish(guarded.text, text, retrieval, llm.name, timings, guarded.warnings),
            rewritten_query=rewritten,
        )
        self._record(answer, user)
        yield Finished(answer)

    def _record(self, answer: Answer, user: str | None) -> None:
        if self._on_answer is not None:
            self._on_answer(answer, user)

    def _finish(self, question: str, text: str, retrieval: RetrievalResult, model: str,
                timings: dict[str, float], warnings: tuple[str, ...]) -> Answer:
        report = check_citations(text, retrieval.sources)
        citations = tuple(
            Citation(n=n, source=retrieval.sources[n - 1],
                     quote=best_quote(retrieval.sources[n - 1].text, text))
            for n in report.cited
        )
        refused = text.startswith(REFUSAL) or (REFUSAL in text and not citations)
        return Answer(question=question, text=text, refused=refused, citations=citations,
                      sources=retrieval.sources, model=model, timings=timings,
                      warnings=warnings + report.warnings)

    def ask_complete(self, question: str, history: Sequence[tuple[str, str]] = (),
                     filters: Filters | None = None) -> Answer:
        """Run ``ask`` to the end and return the Answer."""
        for event in self.ask(question, history, filters):
            if isinstance(event, Finished):
                return event.answer
        raise RuntimeError("ask() ended without an answer")
