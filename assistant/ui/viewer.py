"""The source viewer beside the chat: a cited passage shown in its whole document.

The document is rebuilt from its chunks in the index, so what the viewer shows is the
anonymised text (never the original file). Chunks are read in document order (their ids are
derived from file, version and position), the context line each chunk starts with becomes a
heading where the article or section changes, and text repeated by the chunk overlap is shown
once. The passage of the source is highlighted and the viewer scrolls to it; the cited sentence
in it is marked. The original file is offered only when the login may open it, behind a
warning that it holds personal data (opening it is audited by the ``/bron/…`` route).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from assistant.conversations import StoredSource
from assistant.core.schema import Chunk
from assistant.index import IndexedFile
from assistant.ui import inert
from assistant.ui.formatting import SharePath, highlight, original_link
from ingest.chunking import chunk_id

TARGET_ID = "baken-viewer-doel"
MAX_OVERLAP = 400
EMPTY = ("<div class='baken-viewer-empty'>Klik op een bron of op [n] in een antwoord om de "
         "passage in het document te zien.</div>")


@dataclass(frozen=True)
class Request:
    """Which source the user clicked: the answer (turn index) and the source number."""

    turn: int
    rank: int


def parse_request(value: str | None) -> Request | None:
    """'3:2:…' (turn, rank, a counter that makes each click new) -> Request; None if bad."""
    parts = (value or "").split(":")
    if len(parts) < 2:
        return None
    try:
        turn, rank = int(parts[0]), int(parts[1])
    except ValueError:
        return None
    return Request(turn, rank) if rank > 0 else None


class ChunkStore(Protocol):
    """What the viewer reads from the index."""

    def indexed_files(self) -> Mapping[str, IndexedFile]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]: ...


def document_chunks(store: ChunkStore, source_file: str) -> list[Chunk]:
    """The chunks of the indexed version of ``source_file`` in document order ([] if gone)."""
    info = store.indexed_files().get(source_file)
    if info is None:
        return []
    ids = [chunk_id(info.source_file, info.content_hash, i) for i in range(int(info.chunks))]
    return store.get_chunks(ids)


def _split(text: str) -> tuple[str, str]:
    """(context line, body) of a chunk's text."""
    head, sep, body = text.partition("\n")
    return (head, body) if sep else ("", text)


def _without_overlap(previous: str, body: str) -> str:
    """``body`` without its start when that repeats the end of ``previous``."""
    limit = min(len(previous), len(body), MAX_OVERLAP)
    for size in range(limit, 19, -1):
        if previous.endswith(body[:size]):
            return body[size:].lstrip()
    return body


def _is_target(chunk: Chunk, source: StoredSource) -> bool:
    return chunk.text.strip() == source.text.strip()


def document_html(chunks: Sequence[Chunk], source: StoredSource) -> str:
    """The document body: headings where the context changes, the source's passage marked."""
    parts: list[str] = []
    previous_head = previous_body = ""
    found = False
    for chunk in chunks:
        head, body = _split(chunk.text)
        target = not found and _is_target(chunk, source)
        shown = body if target else _without_overlap(previous_body, body)
        page = chunk.locator.page
        if head and head != previous_head:
            where = f" <span class='baken-viewer-page'>pagina {page}</span>" if page else ""
            parts.append(f"<h4>{inert.html(head)}{where}</h4>")
        if target:
            found = True
            parts.append(f"<div id='{TARGET_ID}' class='baken-viewer-doel' tabindex='-1' "
                         f"aria-label='Passage van bron {source.rank}'>"
                         f"{highlight(shown, source.quote)}</div>")
        elif shown:
            parts.append(f"<p>{inert.html(shown).replace(chr(10), '<br>')}</p>")
        previous_head, previous_body = head or previous_head, body
    if not found:  # the document changed since the answer: show the passage on its own
        parts.insert(0, "<p class='baken-note'>Deze passage staat niet (meer) zo in het "
                        "document; hieronder de passage zoals die bij het antwoord hoorde.</p>"
                        f"<div id='{TARGET_ID}' class='baken-viewer-doel' tabindex='-1'>"
                        f"{highlight(source.text, source.quote)}</div>")
    return "".join(parts)


def viewer_html(source: StoredSource | None, chunks: Sequence[Chunk],
                link: str | SharePath | None = None) -> str:
    """The viewer: title, where the passage is, the anonymised document and (only with the
    right to open originals) the link to the original behind a warning."""
    if source is None:
        return EMPTY
    where = f"pagina {source.page} · " if source.page is not None else ""
    original = ""
    if isinstance(link, SharePath):
        original = (f"<p class='baken-meta'>Origineel op de bestandsshare: "
                    f"<code>{inert.html(link.path)}</code></p>")
    elif link:
        original = f"<p class='baken-meta'>{original_link(link, source.page)}</p>"
    return (
        f"<section class='baken-viewer' data-rank='{source.rank}' "
        f"aria-label='Bron {source.rank} in het document'>"
        f"<div class='baken-viewer-head'>"
        f"<button type='button' class='baken-viewer-close' title='Sluit de bronweergave'>"
        f"Sluiten</button>"
        f"<h3>Bron [{source.rank}]: {inert.html(source.label)}</h3>"
        f"<p class='baken-meta'>{inert.html(source.source_file)} · {where}geanonimiseerde "
        f"tekst</p>{original}</div>"
        f"<div class='baken-viewer-body' tabindex='0' role='region' "
        f"aria-label='Document van bron {source.rank}'>{document_html(chunks, source)}</div>"
        f"</section>"
    )
