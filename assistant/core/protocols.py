"""The seams of Baken: every swappable part is described here as a Protocol.

Implementations live in their own modules; ``assistant.app`` wires one of each.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from assistant.core.errors import BakenError
from assistant.core.schema import Chunk, RetrievalResult, Source


class AnonymizationError(BakenError, RuntimeError):
    """Raised when a text cannot be anonymised; the caller must not index or send it."""


@dataclass(frozen=True)
class Finding:
    """One identifier found in a text (offsets refer to that text)."""

    entity_type: str  # Baken label, e.g. "PERSOON", "BSN", "ADRES"
    start: int
    end: int
    score: float
    recognizer: str


@dataclass(frozen=True)
class Redaction:
    """The anonymised versions of a document's texts plus counts per label."""

    texts: tuple[str, ...]
    counts: Mapping[str, int] = field(default_factory=dict)
    findings: tuple[tuple[Finding, ...], ...] = ()  # per input text, offsets in the original


@runtime_checkable
class Anonymizer(Protocol):
    """Finds and replaces personal and object identifiers."""

    version: str

    def find(self, text: str) -> list[Finding]:
        """All identifiers in ``text``, merged where they overlap."""
        ...

    def redact(self, texts: Sequence[str]) -> Redaction:
        """Replace identifiers in texts that belong to one document.

        Placeholders are typed and numbered per document (``[PERSOON-1]``); the same value gets
        the same placeholder in every text of the call. Raises ``AnonymizationError`` on failure.
        """
        ...


@runtime_checkable
class Embedder(Protocol):
    """Text embeddings (the LangChain ``Embeddings`` interface)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


@runtime_checkable
class ChunkStore(Protocol):
    """Persistent chunk storage with dense search (what ingest and retrieval use of it)."""

    name: str  # the collection; the ingest journal and source paths are kept per collection

    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None: ...

    def delete_file(self, source_file: str, *, except_hash: str | None = None) -> None:
        """Remove a file's chunks; with ``except_hash``, only those of other versions."""
        ...

    def remove_leftovers(self) -> list[str]:
        """Remove what an interrupted run left half-written; returns the files concerned."""
        ...

    def file_hashes(self) -> dict[str, str]:
        """source_file -> content_hash of every indexed file."""
        ...

    def dense_search(self, embedding: Sequence[float], k: int) -> list[Source]: ...

    def all_chunks(self) -> list[Chunk]: ...

    def count(self) -> int: ...


@runtime_checkable
class LLMBackend(Protocol):
    """A chat model that streams text."""

    name: str

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        """Stream the reply; ``grammar`` (GBNF) constrains it where the backend supports it."""
        ...


@runtime_checkable
class Retriever(Protocol):
    """Finds the passages for a question and says whether any is relevant enough."""

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult: ...
