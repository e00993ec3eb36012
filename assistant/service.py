"""The one service object that the CLI, the UI and the evaluation harness talk to."""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace

from assistant.answer_type import unanswerable_kind
from assistant.core.protocols import Anonymizer, LLMBackend, Retriever
from assistant.core.schema import Answer, Citation, Filters, RetrievalResult, Source
from assistant.evidence import (
    Evidence,
    SentenceScorer,
    evidence_markdown,
    select_evidence,
)
from assistant.followup import QueryRewriter
from guardrails.citation_grammar import citation_grammar
from guardrails.citations import (
    check_citations,
    cited_numbers,
    split_sentences,
)
from guardrails.input import GuardedQuestion, guard_question
from guardrails.model_text import (
    RepetitionGuard,
    attach_citations,
    clean_model_text,
    guarded_stream,
    misspelled_dropped,
    not_own_sentence,
    renumbered,
    says_something,
    sentences_dropped,
)
from prompts import REFUSAL, PromptTemplate, load_prompt

AMOUNT_SOURCES = 3  # an amount asked for must be in one of the best three sources
STRATEGIES = ("evidence", "free", "grammar")
LEAD_MAX_TOKENS = 150  # the lead answer is one or two sentences; the quotes carry the rest
# sentences in which a model refuses although retrieval found relevant sources: the relevance
# gate decides refusals, so these are dropped
REFUSAL_MARKERS = ("staat niet in de", "niet in de beschikbare", "niet in de citaten",
                   "niet in de bronnen", "geen informatie", "kan ik niet beantwoorden",
                   "niet vermeld", "wordt niet genoemd")
NO_LEAD = "Dit zeggen de documenten over uw vraag; lees de geciteerde tekst."
NO_LEAD_SOURCES = "De bronnen hieronder gaan over uw vraag; lees ze na."
CODE_WRITTEN_LEADS = (NO_LEAD, NO_LEAD_SOURCES)  # shown when the checks removed all model text
_QUOTE_SPLIT = re.compile(r"(?<=[.!?;:])\s+")


@dataclass(frozen=True)
class SourcesFound:
    """First event of an answer: what retrieval found (and whether it is relevant)."""

    sources: tuple[Source, ...]
    relevant: bool
    query: str
    warnings: tuple[str, ...]
    question: str  # the question as guarded (identifiers replaced): what a caller may store


@dataclass(frozen=True)
class EvidenceFound:
    """Second event (strategy 'evidence'): the decisive sentences, quoted before the model runs.

    ``markdown`` is how the answer shows them, below the model's lead sentence.
    """

    items: tuple[Evidence, ...]
    markdown: str


@dataclass(frozen=True)
class TextDelta:
    """A streamed piece of the answer."""

    text: str


@dataclass(frozen=True)
class Finished:
    """Last event: the checked answer."""

    answer: Answer


Event = SourcesFound | EvidenceFound | TextDelta | Finished


@dataclass(frozen=True)
class _Found:
    """What retrieval found for a question: the query used (rewritten for a follow-up)."""

    query: str
    rewritten: str | None
    retrieval: RetrievalResult
    cannot: str | None  # the kind of answer asked for that the sources lack


def _timed(stream: Iterator[str], timings: dict[str, float],
           started: float) -> Generator[TextDelta, None, str]:
    """Pass the model's pieces on as TextDeltas; returns the whole text and fills in the time
    to the first token, tokens per second and the total."""
    pieces: list[str] = []
    first_token_at: float | None = None
    gen_started = time.perf_counter()
    for piece in stream:
        if first_token_at is None:
            first_token_at = time.perf_counter()
        pieces.append(piece)
        yield TextDelta(piece)
    done = time.perf_counter()
    timings["ttft_s"] = round((first_token_at or done) - gen_started, 4)
    gen_time = done - (first_token_at or done)
    timings["tokens_per_s"] = round(len(pieces) / gen_time, 2) if gen_time > 0 else 0.0
    timings["total_s"] = round(done - started, 4)
    return "".join(pieces).strip()


def supported_only(text: str, sources: Sequence[Source]) -> tuple[str, int]:
    """``text`` without the sentences that the citation check finds unsupported or uncited."""
    report = check_citations(text, sources)
    verdict = {c.sentence: c.supported for c in report.sentences}
    kept = [s for s in split_sentences(text)
            if verdict.get(s, False) and says_something(s)]
    return " ".join(kept), len(split_sentences(text)) - len(kept)


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
                 on_answer: Callable[[Answer, str | None], None] | None = None,
                 strategy: str = "evidence", sentence_scorer: SentenceScorer | None = None,
                 evidence_items: int = 4,
                 word_check: Callable[[str], bool] | None = None) -> None:
        if strategy not in STRATEGIES:
            raise ValueError(f"Onbekende antwoordstrategie '{strategy}': kies uit "
                             f"{', '.join(STRATEGIES)}.")
        self.retriever = retriever
        self.anonymizer = anonymizer
        self._llm_factory = llm_factory
        self._llm: LLMBackend | None = None
        self.max_question_chars = max_question_chars
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.strategy = strategy
        default_prompt = {"evidence": "answer_evidence", "free": "answer_free"}.get(strategy,
                                                                                  "answer")
        self.prompt = prompt or load_prompt(default_prompt)
        self.cite_with_grammar = cite_with_grammar and strategy == "grammar"
        self.sentence_scorer = sentence_scorer
        self.word_check = word_check  # the Dutch dictionary: a model sentence with a typo goes
        self.evidence_items = evidence_items
        self.rewriter = QueryRewriter(lambda: self.llm)
        self._on_answer = on_answer

    @property
    def llm(self) -> LLMBackend:
        """The language model, loaded on first use (search never loads it)."""
        if self._llm is None:
            self._llm = self._llm_factory()
        return self._llm

    def prime(self) -> None:
        """Load the model and let it read the fixed start of the prompt once, so that the first
        question reuses it (llama.cpp keeps the longest common prefix of the previous prompt)."""
        messages = self.prompt.messages(question="Opstarten.", evidence=[], sources=[])
        for _ in self.llm.stream(messages, max_tokens=1, temperature=0.0):
            pass
        if self.word_check is not None:
            self.word_check("opstarten")  # loads the dictionary now, not on the first answer

    def guard(self, question: str) -> GuardedQuestion:
        """The question as Baken may use it (identifiers replaced); ``QuestionRejected``
        (Dutch) when it is empty or too long. The one anonymisation of a question."""
        return guard_question(question, self.anonymizer, self.max_question_chars)

    def search(self, question: str, k: int | None = None,
               filters: Filters | None = None) -> tuple[RetrievalResult, tuple[str, ...]]:
        """Sources only, no model: for 'waar staat…' and the search mode."""
        guarded = self.guard(question)
        return self.retrieve(guarded, k, filters), guarded.warnings

    def retrieve(self, guarded: GuardedQuestion, k: int | None = None,
                 filters: Filters | None = None) -> RetrievalResult:
        """The sources for a question that ``guard`` already made safe."""
        return self.retriever.search(guarded.text, k, filters)

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
        ``SourcesFound.question`` is the question as guarded (what a caller may store).
        """
        started = time.perf_counter()
        guarded = self.guard(question)
        found = self._find(guarded, history, filters)
        retrieval = found.retrieval
        yield SourcesFound(retrieval.sources, retrieval.relevant, found.query, guarded.warnings,
                           guarded.text)
        timings = {"retrieval_s": round(retrieval.seconds, 4)}
        if not retrieval.relevant or not retrieval.sources:
            answer = self._refusal(guarded, found, timings, started)
            yield TextDelta(answer.text)
        else:
            answer = yield from self._answer(guarded, found, timings, started)
        self._record(answer, user)
        yield Finished(answer)

    def _find(self, guarded: GuardedQuestion, history: Sequence[tuple[str, str]],
              filters: Filters | None) -> _Found:
        """Retrieval for the (rewritten) question; not relevant when the kind of answer asked
        for (an amount, a date) is not in the best sources."""
        rewritten: str | None = None
        query = guarded.text
        if history:
            rewritten = self.rewriter.rewrite(guarded.text, self._anonymised_history(history))
            query = rewritten
        retrieval = self.retriever.search(query, None, filters)
        cannot = unanswerable_kind(query, [s.text for s in retrieval.sources[:AMOUNT_SOURCES]])
        if cannot:  # close in topic, but the kind of answer asked for is not in the sources
            retrieval = replace(retrieval, relevant=False)
        return _Found(query, rewritten, retrieval, cannot)

    def _refusal(self, guarded: GuardedQuestion, found: _Found, timings: dict[str, float],
                 started: float) -> Answer:
        cannot = found.cannot
        text = f"{REFUSAL} ({cannot[0].upper()}{cannot[1:]}.)" if cannot else REFUSAL
        timings["total_s"] = round(time.perf_counter() - started, 4)
        return Answer(question=guarded.text, text=text, refused=True, citations=(),
                      sources=found.retrieval.sources, model="", timings=timings,
                      warnings=guarded.warnings, rewritten_query=found.rewritten)

    def _answer(self, guarded: GuardedQuestion, found: _Found, timings: dict[str, float],
                started: float) -> Generator[Event, None, Answer]:
        """EvidenceFound (strategy 'evidence'), the model's TextDeltas; returns the checked
        answer."""
        query, sources = found.query, found.retrieval.sources
        evidence: list[Evidence] = []
        if self.strategy == "evidence":
            evidence = select_evidence(query, sources, scorer=self.sentence_scorer,
                                       max_items=self.evidence_items)
            timings["evidence_s"] = round(time.perf_counter() - started, 4)
            yield EvidenceFound(tuple(evidence), evidence_markdown(evidence))
        llm = self.llm
        messages, numbering = self._messages(query, sources, evidence)
        grammar = citation_grammar(len(sources), REFUSAL) if self.cite_with_grammar else None
        max_tokens = min(self.max_tokens, LEAD_MAX_TOKENS) if evidence else self.max_tokens
        stream = llm.stream(messages, max_tokens=max_tokens, temperature=self.temperature,
                            grammar=grammar)
        guard = RepetitionGuard()
        if not grammar:
            stream = renumbered(guarded_stream(stream, guard), numbering)
        raw = yield from _timed(stream, timings, started)
        text: str = raw
        checks: tuple[str, ...] = ()
        if grammar is None:
            text, checks = self._clean(raw, query, sources, messages, evidence, guard.looping)
        answer = self._finish(guarded.text, text, found.retrieval, llm.name, timings,
                              guarded.warnings + checks)
        return replace(answer, rewritten_query=found.rewritten)

    def _messages(self, query: str, sources: Sequence[Source], evidence: Sequence[Evidence]
                  ) -> tuple[list[dict[str, str]], dict[int, int]]:
        """The prompt, and how the model's quote numbers map back to source numbers."""
        if self.strategy == "evidence" and evidence:
            # the model sees the quotes numbered 1..k; its [i] become source numbers again
            numbering = {i: e.n for i, e in enumerate(evidence, start=1)}
            return self.prompt.messages(question=query, evidence=evidence), numbering
        if self.strategy == "evidence":  # no quotable sentence: the whole sources, freely
            return load_prompt("answer_free").messages(question=query, sources=sources), {}
        return self.prompt.messages(question=query, sources=sources), {}

    def _clean(self, raw: str, question: str, sources: Sequence[Source],
               messages: Sequence[Mapping[str, str]], evidence: Sequence[Evidence],
               looped: bool) -> tuple[str, tuple[str, ...]]:
        """The model's text without loops, cut-offs, leaked instructions, refusals or invented
        facts; with evidence, the lead followed by the quotes."""
        def allowed(sentence: str) -> str:
            """The question and the passages ``sentence`` cites (all offered ones if none)."""
            cited = [n for n in cited_numbers(sentence) if 1 <= n <= len(sources)]
            offered = sorted({e.n for e in evidence}) or range(1, len(sources) + 1)
            chosen = [sources[n - 1] for n in (cited or offered)]
            return "\n".join([question, *(s.text for s in chosen),
                              *(s.locator.label() for s in chosen)])

        system = next((m["content"] for m in messages if m.get("role") == "system"), "")
        cleaned = clean_model_text(raw, allowed=allowed, instructions=system.splitlines(),
                                   refusal_markers=REFUSAL_MARKERS, question=question)
        warnings = list(cleaned.warnings)
        if looped:
            warnings.insert(0, "Het taalmodel begon zichzelf te herhalen en is gestopt.")
        lead = attach_citations(cleaned.text, [(n, sources[n - 1].text)
                                               for n in sorted({e.n for e in evidence})])
        if evidence:  # the quotes carry the answer: a lead sentence its source does not carry goes
            lead, dropped = supported_only(lead, sources)
            if dropped:
                warnings.append(f"{dropped} zin(nen) van het taalmodel weggelaten: niet gedragen "
                                "door de geciteerde bron.")
        if lead and evidence:  # prompt layout copied ("[1] (Wet X, artikel 2) ..."), or a title
            labels = [e.label for e in evidence] + [src.locator.label() for src in sources]
            lead, copied = sentences_dropped(lead, lambda sentence: not_own_sentence(sentence,
                                                                                     labels))
            if copied:
                warnings.append(f"{copied} zin(nen) van het taalmodel weggelaten: geen eigen "
                                "zin (opmaak van de citaten of een titel).")
        if lead and self.word_check is not None:
            known = "\n".join([question, *(src.text for src in sources)])
            lead, misspelled = misspelled_dropped(lead, known, self.word_check)
            if misspelled:
                warnings.append(f"{misspelled} zin(nen) van het taalmodel weggelaten: "
                                "spelfout.")
        if not evidence:
            return lead or NO_LEAD_SOURCES, tuple(warnings)
        if not lead:
            lead = NO_LEAD
        return f"{lead}\n\n{evidence_markdown(evidence)}", tuple(warnings)

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
