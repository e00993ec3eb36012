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
from typing import Protocol

from assistant.drafting.checks import check_section, find_placeholders, normalise_placeholders
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
from assistant.protocols import Anonymizer, LLMBackend
from assistant.schema import Citation, RetrievalResult, Source
from assistant.service import best_quote
from prompts import PromptTemplate, load_prompt

_BRACKETS = re.compile(r"\[[^\]]*\]")
SOURCE_CHARS = 1500  # a source longer than this is cut in the prompt (the list keeps it whole)


class FilteringRetriever(Protocol):
    """The retriever as the drafter uses it: optionally limited to one file."""

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult: ...


@dataclass
class _SourcePool:
    """Sources numbered once for the whole draft, so ``[n]`` means the same in every section."""

    sources: list[Source] = field(default_factory=list)
    _index: dict[str, int] = field(default_factory=dict)

    def add(self, found: Sequence[Source]) -> list[int]:
        numbers: list[int] = []
        for source in found:
            if source.chunk_id not in self._index:
                self.sources.append(source)
                self._index[source.chunk_id] = len(self.sources)
            numbers.append(self._index[source.chunk_id])
        return numbers


class Drafter:
    """Writes a concept document from a template, the user's fields and the indexed documents."""

    def __init__(self, retriever: FilteringRetriever, anonymizer: Anonymizer,
                 llm_factory: Callable[[], LLMBackend], *, max_tokens: int = 256,
                 temperature: float = 0.1, max_field_chars: int = 2000,
                 sources_per_section: int = 4, prompt: PromptTemplate | None = None) -> None:
        self.retriever = retriever
        self.anonymizer = anonymizer
        self._llm_factory = llm_factory
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.max_field_chars = max_field_chars
        self.sources_per_section = sources_per_section
        self.prompt = prompt or load_prompt("_sectie", BUNDLED_TEMPLATES_DIR)

    # retrieval ------------------------------------------------------------------------------
    def _search(self, query: str, source_files: Sequence[str]) -> tuple[list[Source], bool]:
        query = " ".join(_BRACKETS.sub(" ", query).split())
        if not query:
            return [], False
        k = self.sources_per_section
        if not source_files:
            result = self.retriever.search(query, k)
            return list(result.sources), result.relevant
        found: list[Source] = []
        for name in source_files:
            found.extend(self.retriever.search(query, k, filters={"source_file": name}).sources)
        found.sort(key=lambda s: s.score, reverse=True)
        return found[:k], bool(found)

    def _gather(self, template: DraftTemplate, values: Mapping[str, str],
                source_files: Sequence[str]) -> tuple[_SourcePool, dict[str, list[int]], list[str]]:
        pool = _SourcePool()
        warnings: list[str] = []
        query = template.render(template.query, values, placeholders=False) if template.query \
            else " ".join(values.values())
        found, relevant = self._search(query, source_files)
        main = pool.add(found) if relevant else []
        if not main:
            warnings.append("In de documenten is niets gevonden dat duidelijk over dit onderwerp "
                            "gaat; het concept verwijst daarom niet naar bronnen. Kies eventueel "
                            "zelf brondocumenten.")
        per_section: dict[str, list[int]] = {}
        for section in template.sections:
            if section.model and section.query:
                found, relevant = self._search(
                    template.render(section.query, values, placeholders=False), source_files)
                if relevant and found:
                    per_section[section.id] = pool.add(found)
        return pool, {s.id: per_section.get(s.id, main) for s in template.sections}, warnings

    # generation -----------------------------------------------------------------------------
    def _messages(self, template: DraftTemplate, section: TemplateSection,
                  values: Mapping[str, str], numbered: Sequence[tuple[int, Source]]
                  ) -> list[dict[str, str]]:
        fields = [(f.label, values.get(f.name) or f.placeholder) for f in template.fields]
        trimmed = [(n, s if len(s.text) <= SOURCE_CHARS else
                    Source(s.rank, s.chunk_id, s.text[:SOURCE_CHARS] + " …", s.locator, s.score))
                   for n, s in numbered]
        return self.prompt.messages(
            document=template.title, fields=fields, sources=trimmed, title=section.title,
            instruction=template.render(section.instruction, values))

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
        known = "\n".join([*fields.values(), *(s.text for s in pool.sources)])
        llm: LLMBackend | None = None
        sections: list[DraftSection] = []
        generation_s = 0.0
        for index, section in enumerate(template.sections):
            yield SectionStarted(index, section.title)
            missing = [template.field(n) for n in section.needs if not fields.get(n)]
            if not section.model:
                done = DraftSection(section.title, normalise_placeholders(
                    template.render(section.instruction, fields)), generated=False)
            elif section.needs and len(missing) == len(section.needs):
                done = DraftSection(section.title, "\n\n".join(f.placeholder for f in missing),
                                    generated=False)
            else:
                llm = llm or self._llm_factory()
                numbered = [(n, pool.sources[n - 1]) for n in numbers[section.id]]
                pieces: list[str] = []
                gen_started = time.perf_counter()
                for piece in llm.stream(self._messages(template, section, fields, numbered),
                                        max_tokens=self.section_tokens,
                                        temperature=self.temperature):
                    pieces.append(piece)
                    yield SectionDelta(index, piece)
                generation_s += time.perf_counter() - gen_started
                done = self._finish_section(section, "".join(pieces), pool.sources,
                                            bool(numbered), known, [f.placeholder for f in missing])
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

    def _finish_section(self, section: TemplateSection, raw: str, sources: Sequence[Source],
                        offered: bool, known: str, placeholders: Sequence[str]) -> DraftSection:
        checked = check_section(raw, section.title, sources, offered, self.anonymizer, known)
        text = checked.text
        warnings = list(checked.warnings)
        if not text:
            text = "[in te vullen: tekst van dit onderdeel]"
            warnings.append(f"Het model schreef niets voor onderdeel '{section.title}'.")
        extra = [p for p in placeholders if p not in text]
        if extra:
            text += "\n\n" + "\n\n".join(extra)
        citations = tuple(Citation(n=n, source=sources[n - 1],
                                   quote=best_quote(sources[n - 1].text, text))
                          for n in checked.cited)
        return DraftSection(section.title, text, citations, tuple(warnings))

    def draft(self, template: DraftTemplate, values: Mapping[str, str],
              source_files: Sequence[str] = ()) -> Draft:
        """Run ``stream`` to the end and return the finished draft."""
        for event in self.stream(template, values, source_files):
            if isinstance(event, DraftFinished):
                return event.draft
        raise RuntimeError("stream() ended without a draft")


def _draft_title(template: DraftTemplate, fields: Mapping[str, str]) -> str:
    first = next((fields[f.name] for f in template.fields if f.required and fields.get(f.name)),
                 "")
    first = " ".join(first.split())
    if len(first) > 80:
        first = first[:77].rstrip() + "…"
    return f"{template.title}: {first}" if first else template.title
