"""The drafting flow: anonymised fields, retrieval, one model call per section, checks by code.

The model only writes the body of sections that have something to work with. Code writes the
fixed sections, the ``[in te vullen: …]`` placeholders for facts the user did not give, the
concept marking and the source list, and checks every model-written section afterwards.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from assistant.core.protocols import Anonymizer, LLMBackend, Retriever
from assistant.core.schema import Citation, Source
from assistant.drafting.checks import (
    check_section,
    find_placeholders,
    normalise_placeholders,
    placeholder,
)
from assistant.drafting.fields import anonymise_fields
from assistant.drafting.result import (
    Draft,
    DraftEvent,
    DraftFinished,
    DraftSection,
    DraftStarted,
    SectionDelta,
    SectionFinished,
    SectionStarted,
)
from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR, DraftTemplate, TemplateSection
from assistant.evidence import SentenceScorer, select_evidence
from assistant.service import best_quote
from guardrails.citations import cited_numbers
from guardrails.model_text import (
    RepetitionGuard,
    attach_citations,
    clean_model_text,
    guarded_stream,
)
from prompts import PromptTemplate, load_prompt

_BRACKETS = re.compile(r"\[[^\]]*\]")
SENTENCES_PER_SECTION = 5  # the model reads these sentences of the section's sources, not all
NO_SOURCE = ("In de documenten is geen bron gevonden die over dit onderdeel gaat; vul het zelf "
             "aan.")


# words that every OOV passage shares: a source must share a word with the section beyond these
_GENERIC = {
    "burgemeester", "gemeente", "gemeenteraad", "college", "regel", "regels", "regeling",
    "bevoegdheid", "bevoegdheden", "beleid", "openbare", "orde", "artikel", "maatregel",
    "maatregelen", "risico", "risico's", "voorwaarden", "gevolgen", "zorgvuldigheid",
    "aanleiding", "argumenten", "kanttekeningen", "uitvoering", "toelichting", "onderdeel",
    "handelingsopties", "scenario", "partners", "knelpunten", "wat", "zeggen", "worden",
    "kunnen", "gegevens", "besluit", "vervolg", "escalatie", "opgegeven", "noodbevel",
}
_WORDS = re.compile(r"[^\W\d_]{4,}")


def _stems(text: str) -> set[str]:
    return {w[:6] for w in _WORDS.findall(text.lower())}


def _topic_words(query: str) -> set[str]:
    """The stems of the query's words that say what the section is about."""
    return {w[:6] for w in _WORDS.findall(query.lower()) if w not in _GENERIC}


def _text_key(text: str) -> str:
    """Sources with the same text up to whitespace, case and their context line are one."""
    _, newline, body = text.partition("\n")
    return " ".join((body if newline and body.strip() else text).lower().split())


@dataclass
class _SourcePool:
    """Sources numbered once for the whole draft, so ``[n]`` means the same in every section;
    a near-duplicate (same text) of a source already in the pool gets that source's number."""

    sources: list[Source] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def add(self, found: Sequence[Source]) -> list[int]:
        numbers: list[int] = []
        for source in found:
            key = _text_key(source.text)
            if key not in self._index:
                self.sources.append(source)
                self._index[key] = len(self.sources)
            if self._index[key] not in numbers:
                numbers.append(self._index[key])
        return numbers


class Drafter:
    """Writes a concept document from a template, the user's fields and the indexed documents.

    Code writes every fixed text with the user's fields in it, word for word. The model writes
    only the part of a section that needs the sources, from the sentences of those sources that
    fit the section, and only when a source is relevant enough (``min_score``); its text then
    passes the same checks as an answer (loops, cut sentences, leaked instructions, facts that
    are in neither the fields nor the cited sources) and the drafting checks.
    """

    def __init__(self, retriever: Retriever, anonymizer: Anonymizer,
                 llm_factory: Callable[[], LLMBackend], *, max_tokens: int = 256,
                 temperature: float = 0.1, max_field_chars: int = 2000,
                 sources_per_section: int = 3, prompt: PromptTemplate | None = None,
                 min_score: float = 0.0, sentence_scorer: SentenceScorer | None = None) -> None:
        self.retriever = retriever
        self.anonymizer = anonymizer
        self._llm_factory = llm_factory
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.max_field_chars = max_field_chars
        self.sources_per_section = sources_per_section
        self.prompt = prompt or load_prompt("_sectie", BUNDLED_TEMPLATES_DIR)
        self.min_score = min_score
        self.sentence_scorer = sentence_scorer

    # retrieval ------------------------------------------------------------------------------
    def _search(self, query: str, source_files: Sequence[str], topic: str = "") -> list[Source]:
        """Sources for ``query`` that pass the relevance bar and share a word with ``topic``
        beyond the words every OOV text shares, best first (from the chosen files only)."""
        query = " ".join(_BRACKETS.sub(" ", query).split())
        if not query:
            return []
        k = self.sources_per_section
        if not source_files:
            result = self.retriever.search(query, k)
            found = list(result.sources) if result.relevant else []
        else:
            found = []
            for name in source_files:
                found.extend(self.retriever.search(query, k,
                                                   filters={"source_file": name}).sources)
            found.sort(key=lambda s: s.score, reverse=True)
        wanted = _topic_words(topic)
        # one shared word can be chance ('gevaar' for a dog bite); two rarely are, and a topic
        # of one or two words ('actualisatie evenementenbeleid') needs one
        enough = min(2, (len(wanted) + 1) // 2)
        return [s for s in found if s.score >= self.min_score
                and len(wanted & _stems(s.text)) >= enough][:k]

    def _section_query(self, template: DraftTemplate, section: TemplateSection,
                       values: Mapping[str, str]) -> tuple[str, str]:
        """The search query of a section, and its topic (the query without the title)."""
        if section.query:
            query = template.render(section.query, values, placeholders=False)
            return query, query
        base = template.render(template.query, values, placeholders=False) if template.query \
            else " ".join(values.values())
        return f"{section.title} {base}", base

    def _gather(self, template: DraftTemplate, values: Mapping[str, str],
                source_files: Sequence[str]) -> tuple[_SourcePool, dict[str, list[int]], list[str]]:
        pool = _SourcePool()
        per_section: dict[str, list[int]] = {}
        for section in template.sections:
            if section.model and section.instruction:
                query, topic = self._section_query(template, section, values)
                found = self._search(query, source_files, topic)
                per_section[section.id] = pool.add(found)
        warnings: list[str] = []
        if not pool.sources:
            warnings.append("In de documenten is niets gevonden dat duidelijk over dit onderwerp "
                            "gaat; het concept verwijst daarom niet naar bronnen. Kies eventueel "
                            "zelf brondocumenten.")
        return pool, per_section, warnings

    # generation -----------------------------------------------------------------------------
    def _messages(self, template: DraftTemplate, section: TemplateSection,
                  values: Mapping[str, str], numbered: Sequence[tuple[int, Source]],
                  fixed: str) -> list[dict[str, str]]:
        fields = [(f.label, values.get(f.name) or f.placeholder) for f in template.fields]
        query, _ = self._section_query(template, section, values)
        # the model reads the sentences of each source that fit the section, not whole pages
        trimmed: list[tuple[int, Source]] = []
        for n, s in numbered:
            picked = select_evidence(query, [s], scorer=self.sentence_scorer,
                                     max_items=SENTENCES_PER_SECTION, max_sources=1)
            text = " ".join(e.text for e in picked) or s.text[:600]
            trimmed.append((n, Source(s.rank, s.chunk_id, text, s.locator, s.score)))
        return self.prompt.messages(
            document=template.title, fields=fields, sources=trimmed, title=section.title,
            instruction=template.render(section.instruction, values), fixed=fixed)

    @property
    def section_tokens(self) -> int:
        return max(16, self.max_tokens // 2)

    def stream(self, template: DraftTemplate, values: Mapping[str, str],
               source_files: Sequence[str] = ()) -> Iterator[DraftEvent]:
        """Write the draft section by section; raises ``DraftRejected`` for unusable input."""
        started = time.perf_counter()
        guarded = anonymise_fields(template, values, self.anonymizer, self.max_field_chars)
        fields = guarded.values
        pool, numbers, warnings = self._gather(template, fields, source_files)
        warnings = list(guarded.warnings) + warnings
        titles = tuple(s.title for s in template.sections)
        yield DraftStarted(_draft_title(template, fields), titles, tuple(pool.sources),
                           tuple(warnings))
        llm: LLMBackend | None = None
        sections: list[DraftSection] = []
        generation_s = 0.0
        for index, section in enumerate(template.sections):
            yield SectionStarted(index, section.title)
            fixed = self._fixed_text(template, section, fields)
            numbered = [(n, pool.sources[n - 1]) for n in numbers.get(section.id, [])]
            missing = [n for n in section.needs if not fields.get(n)]
            all_missing = bool(section.needs) and len(missing) == len(section.needs)
            if not section.model or not section.instruction or (all_missing
                                                                and not section.fixed):
                done = DraftSection(section.title, fixed, generated=False)
            elif not numbered:
                todo = placeholder(section.title.lower())
                note = NO_SOURCE if todo in fixed else f"{NO_SOURCE} {todo}"
                done = DraftSection(section.title, "\n\n".join(p for p in (fixed, note) if p),
                                    generated=False)
            else:
                llm = llm or self._llm_factory()
                pieces: list[str] = []
                gen_started = time.perf_counter()
                messages = self._messages(template, section, fields, numbered, fixed)
                guard = RepetitionGuard()
                for piece in guarded_stream(llm.stream(messages, max_tokens=self.section_tokens,
                                                       temperature=self.temperature), guard):
                    pieces.append(piece)
                    yield SectionDelta(index, piece)
                generation_s += time.perf_counter() - gen_started
                done = self._finish_section(section, "".join(pieces), pool.sources, numbered,
                                            fields, fixed, messages, guard.looping)
            sections.append(done)
            warnings.extend(done.warnings)
            yield SectionFinished(index, done)
        timings = {"generation_s": round(generation_s, 3),
                   "total_s": round(time.perf_counter() - started, 3)}
        yield DraftFinished(Draft(
            template=template.name, title=_draft_title(template, fields), sections=tuple(sections),
            sources=tuple(pool.sources), missing=find_placeholders(s.text for s in sections),
            warnings=tuple(dict.fromkeys(warnings)), fields=dict(fields),
            model=llm.name if llm is not None else "", timings=timings,
        ))

    @staticmethod
    def _fixed_text(template: DraftTemplate, section: TemplateSection,
                    fields: Mapping[str, str]) -> str:
        """The section's fixed text with the fields in it; for a template without fixed text,
        the values of the fields the section needs, word for word (placeholders when empty)."""
        if section.fixed:
            return normalise_placeholders(template.render(section.fixed, fields))
        if not section.model or not section.needs:
            return ""
        return "\n\n".join(fields.get(n) or template.field(n).placeholder for n in section.needs)

    def _finish_section(self, section: TemplateSection, raw: str, sources: Sequence[Source],
                        numbered: Sequence[tuple[int, Source]], fields: Mapping[str, str],
                        fixed: str, messages: Sequence[Mapping[str, str]],
                        looped: bool) -> DraftSection:
        offered = dict(numbered)
        known = "\n".join([*fields.values(), *(s.text + "\n" + s.locator.label()
                                               for s in offered.values())])
        system = next((m["content"] for m in messages if m.get("role") == "system"), "")
        # a sentence without [n] gets the number of the passage it copies; then identifiers,
        # amounts and dates are replaced (never repeated in a warning); then loops, cut-offs,
        # leaked instructions and facts that neither the fields nor the sentence's own cited
        # passage contain are removed
        attached = attach_citations(raw, [(n, s.text) for n, s in numbered])
        checked = check_section(attached, section.title, sources, True, self.anonymizer, known)

        def allowed(sentence: str) -> str:
            cited = [offered[n] for n in cited_numbers(sentence) if n in offered]
            return "\n".join([*fields.values(), fixed,
                              *(s.text + "\n" + s.locator.label() for s in cited)])

        cleaned = clean_model_text(checked.text, allowed=allowed,
                                   instructions=system.splitlines(), question=fixed)
        warnings = [f"Onderdeel '{section.title}': {w[0].lower()}{w[1:]}"
                    for w in cleaned.warnings]
        if looped:
            warnings.append(f"Onderdeel '{section.title}': het taalmodel begon zichzelf te "
                            "herhalen en is gestopt.")
        warnings.extend(checked.warnings)
        text = cleaned.text
        if not text:
            text = placeholder(section.title.lower())
            warnings.append(f"Het model schreef niets bruikbaars voor onderdeel "
                            f"'{section.title}'.")
        full = "\n\n".join(p for p in (fixed, text) if p)
        citations = tuple(Citation(n=n, source=sources[n - 1],
                                   quote=best_quote(sources[n - 1].text, text))
                          for n in cited_numbers(text) if 1 <= n <= len(sources))
        return DraftSection(section.title, full, citations, tuple(warnings))

    def draft(self, template: DraftTemplate, values: Mapping[str, str],
              source_files: Sequence[str] = ()) -> Draft:
        """Run ``stream`` to the end and return the finished draft."""
        for event in self.stream(template, values, source_files):
            if isinstance(event, DraftFinished):
                return event.draft
        raise RuntimeError("stream() ended without a draft")


def _draft_title(template: DraftTemplate, fields: Mapping[str, str]) -> str:
    """The template's title with its subject (e.g. the onderwerp field), never incident text."""
    subject = " ".join(template.render(template.subject, fields, placeholders=False).split()) \
        if template.subject else ""
    if len(subject) > 80:
        subject = subject[:77].rstrip() + "…"
    return f"{template.title}: {subject}" if subject else template.title
