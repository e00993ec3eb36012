"""Re-run the anonymiser over everything stored, to prove nothing identifying slipped through.

Findings name where (chunk id, field, offsets) and what kind (entity type), never the value:
the report of a privacy scan must itself be safe to share and to log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from assistant.core.protocols import Anonymizer
from assistant.core.schema import Chunk


class _ChunkSource(Protocol):
    def all_chunks(self) -> list[Chunk]: ...


def scan_texts(anonymizer: Anonymizer, items: Iterable[tuple[str, str]]) -> list[dict]:
    """Findings in ``(id, text)`` pairs as ``{"id", "field", "entity_type", "start", "end"}``.

    An id may carry its field after a ``#`` (``"chunk-7#title"``); without one the field is
    ``"text"``. Identical texts (a title repeated on every chunk) are analysed once. An
    ``AnonymizationError`` propagates: a scan that could not look is not a clean scan.
    """
    seen: dict[str, list[tuple[str, int, int]]] = {}
    findings: list[dict] = []
    for item_id, text in items:
        if not text:
            continue
        if text not in seen:
            seen[text] = [(f.entity_type, f.start, f.end) for f in anonymizer.find(text)]
        chunk_id, sep, field = item_id.rpartition("#")
        if not sep:
            chunk_id, field = item_id, "text"
        for entity_type, start, end in seen[text]:
            findings.append({"id": chunk_id, "field": field or "text",
                             "entity_type": entity_type, "start": start, "end": end})
    return findings


def chunk_fields(chunk: Chunk) -> Iterable[tuple[str, str]]:
    """Every stored string of a chunk: text, title, file name, headings and metadata."""
    yield f"{chunk.chunk_id}#text", chunk.text
    yield f"{chunk.chunk_id}#title", chunk.locator.title
    yield f"{chunk.chunk_id}#source_file", chunk.locator.source_file
    for i, heading in enumerate(chunk.locator.heading_path):
        yield f"{chunk.chunk_id}#heading_path[{i}]", heading
    for key, value in chunk.metadata.items():
        if isinstance(value, str):
            yield f"{chunk.chunk_id}#metadata.{key}", value


def scan_chunks(anonymizer: Anonymizer, chunks: Iterable[Chunk]) -> list[dict]:
    """Findings in all fields of the given chunks."""
    return scan_texts(anonymizer, (item for chunk in chunks for item in chunk_fields(chunk)))


def scan_store(anonymizer: Anonymizer, store: _ChunkSource) -> list[dict]:
    """Findings in everything a chunk store holds (documents and metadata)."""
    return scan_chunks(anonymizer, store.all_chunks())
