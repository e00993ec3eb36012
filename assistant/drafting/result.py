"""What a drafting run produces: the draft itself and the events streamed while writing it."""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.core.schema import Citation, Source

CONCEPT_MARK = "CONCEPT — door een medewerker te controleren"


@dataclass(frozen=True)
class DraftSection:
    """One finished section: its text (checked), the sources it cites and its own warnings."""

    title: str
    text: str
    citations: tuple[Citation, ...] = ()
    warnings: tuple[str, ...] = ()
    generated: bool = True  # False: written by code (fixed text or placeholders only)


@dataclass(frozen=True)
class Draft:
    """A complete concept document."""

    template: str
    title: str
    sections: tuple[DraftSection, ...]
    sources: tuple[Source, ...]
    missing: tuple[str, ...]
    warnings: tuple[str, ...]
    fields: dict[str, str] = field(default_factory=dict)  # anonymised values
    model: str = ""
    marking: str = CONCEPT_MARK
    timings: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class DraftStarted:
    """First event: the sources found and warnings about the input (identifiers replaced …)."""

    title: str
    section_titles: tuple[str, ...]
    sources: tuple[Source, ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class SectionStarted:
    index: int
    title: str


@dataclass(frozen=True)
class SectionDelta:
    """A streamed piece of a section as the model writes it (before the checks)."""

    index: int
    text: str


@dataclass(frozen=True)
class SectionFinished:
    index: int
    section: DraftSection


@dataclass(frozen=True)
class DraftFinished:
    draft: Draft


DraftEvent = DraftStarted | SectionStarted | SectionDelta | SectionFinished | DraftFinished
