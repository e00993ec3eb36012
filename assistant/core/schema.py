"""Immutable data types that flow through Baken: documents, chunks, sources, answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FILTER_KEYS = ("doc_type", "gemeente", "jaar", "herkomst")  # herkomst: gemeente van een pakket
Filters = Mapping[str, str | int]  # metadata filters on a search, keys from FILTER_KEYS

_ORDINALS = {
    "1": "eerste", "2": "tweede", "3": "derde", "4": "vierde", "5": "vijfde",
    "6": "zesde", "7": "zevende", "8": "achtste", "9": "negende", "10": "tiende",
    "11": "elfde", "12": "twaalfde", "13": "dertiende", "14": "veertiende",
    "15": "vijftiende", "16": "zestiende", "17": "zeventiende", "18": "achttiende",
    "19": "negentiende", "20": "twintigste",
}


def lid_words(lid: str) -> str:
    """Dutch ordinal for a lid number: ``"6"`` -> ``"zesde lid"``; other forms stay as ``lid X``."""
    word = _ORDINALS.get(lid)
    return f"{word} lid" if word else f"lid {lid}"


def lid_range_words(first: str, last: str) -> str:
    """``("2", "3")`` -> ``"tweede en derde lid"``; longer ranges use 'tot en met'."""
    a, b = _ORDINALS.get(first), _ORDINALS.get(last)
    if not (a and b):
        return f"leden {first}–{last}"
    adjacent = first.isdigit() and last.isdigit() and int(last) - int(first) == 1
    return f"{a} {'en' if adjacent else 'tot en met'} {b} lid"


@dataclass(frozen=True)
class Section:
    """A piece of a loaded document that keeps its page number (PDF) or None."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class Document:
    """A loaded (and later anonymised) document, before chunking."""

    source_file: str  # path relative to the ingested folder, with forward slashes
    title: str
    sections: tuple[Section, ...]
    content_hash: str  # sha256 of the original file bytes
    metadata: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(s.text for s in self.sections)


@dataclass(frozen=True)
class Locator:
    """Where a chunk lives: enough to cite it as 'Gemeentewet, artikel 172a, zesde lid (p. 3)'."""

    source_file: str
    title: str = ""
    page: int | None = None
    article: str | None = None  # e.g. "172a", "2:24", "13b"
    lid: str | None = None  # e.g. "6"
    heading_path: tuple[str, ...] = ()
    lid_end: str | None = None  # last lid when a chunk covers several ("2" .. "3")
    origin: str | None = None  # municipality whose knowledge pack brought the document

    def label(self) -> str:
        """Human-readable Dutch citation label."""
        parts = [self.title or self.source_file]
        if self.article:
            parts.append(f"artikel {self.article}")
            if self.lid and self.lid_end:
                parts.append(lid_range_words(self.lid, self.lid_end))
            elif self.lid:
                parts.append(lid_words(self.lid))
        elif self.heading_path:
            parts.append(self.heading_path[-1])
        text = ", ".join(parts)
        if self.page is not None:
            text += f" (p. {self.page})"
        if self.origin:
            text += f" — uit pakket van gemeente {self.origin}"
        return text

    def to_metadata(self) -> dict[str, str | int]:
        """Flat, Chroma-compatible metadata (no None values)."""
        meta: dict[str, str | int] = {"source_file": self.source_file, "title": self.title}
        if self.page is not None:
            meta["page"] = self.page
        if self.article:
            meta["article"] = self.article
        if self.lid:
            meta["lid"] = self.lid
        if self.lid_end:
            meta["lid_end"] = self.lid_end
        if self.heading_path:
            meta["heading_path"] = " > ".join(self.heading_path)
        if self.origin:
            meta["herkomst"] = self.origin
        return meta

    @classmethod
    def from_metadata(cls, meta: Mapping[str, Any]) -> Locator:
        heading = str(meta.get("heading_path") or "")
        page = meta.get("page")
        return cls(
            source_file=str(meta.get("source_file", "")),
            title=str(meta.get("title", "")),
            page=int(page) if page is not None else None,
            article=str(meta["article"]) if meta.get("article") else None,
            lid=str(meta["lid"]) if meta.get("lid") else None,
            heading_path=tuple(heading.split(" > ")) if heading else (),
            lid_end=str(meta["lid_end"]) if meta.get("lid_end") else None,
            origin=str(meta["herkomst"]) if meta.get("herkomst") else None,
        )


@dataclass(frozen=True)
class Chunk:
    """An anonymised piece of text with its locator, ready to embed and store."""

    chunk_id: str
    text: str
    locator: Locator
    content_hash: str  # hash of the document it came from
    # retrieval filters (FILTER_KEYS): doc_type, gemeente, jaar
    metadata: Mapping[str, str | int] = field(default_factory=dict)
    # legal references in the text (ingest.references keys); None: not extracted (older index)
    references: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Source:
    """A retrieved chunk with its rank and relevance score."""

    rank: int
    chunk_id: str
    text: str
    locator: Locator
    score: float
    referred_by: int | None = None  # rank of the shown source that cites this article
    also_in: tuple[str, ...] = ()  # labels of near-duplicate passages left out for this one


@dataclass(frozen=True)
class RetrievalResult:
    """Ranked sources plus the relevance gate's verdict."""

    sources: tuple[Source, ...]
    relevant: bool
    best_score: float
    seconds: float


@dataclass(frozen=True)
class Citation:
    """A source the answer cites as ``[n]``."""

    n: int
    source: Source
    quote: str


@dataclass(frozen=True)
class Answer:
    """The final result of a question."""

    question: str
    text: str
    refused: bool
    citations: tuple[Citation, ...]
    sources: tuple[Source, ...]
    model: str
    timings: Mapping[str, float]
    warnings: tuple[str, ...] = ()
    rewritten_query: str | None = None
