"""Structure-aware chunking: regulation articles and headings first, then size.

How a Document becomes chunks:

1. Every line is read in order, keeping the heading path (Hoofdstuk > Afdeling > Paragraaf …),
   the current article (``Artikel 172a``), the current lid (``1.``, ``2 …``, ``lid 3``) and the
   page. Heading lines themselves are not body text; they live in the locator and context line.
2. An article that fits in ``max_chars`` becomes one chunk (locator without lid). A longer article
   is cut at its lids: every lid starts a new chunk unless the chunk so far is still smaller than
   ``max_chars // 4`` (small lids are grouped; the locator names the first lid, the context line
   the range). Text outside articles is cut at headings the same way.
3. A piece still longer than ``max_chars`` is split by size (RecursiveCharacterTextSplitter,
   paragraph > line > sentence > word) with ``overlap`` characters of overlap.

Each chunk's text starts with one context line so it embeds and reads well on its own:
``<title> — <heading path>[, lid N | leden N–M]`` (e.g. ``Gemeentewet — Artikel 172a, lid 6``),
then a newline and the body. ``max_chars`` bounds the body; the context line comes on top.
Chunk ids are ``sha256(source_file, content_hash, index)[:32]``: the same file content always
gives the same ids.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from assistant.core.schema import Chunk, Document, Locator
from ingest.structure import (
    ARTICLE_RANK,
    Heading,
    classify_heading,
    is_bare_heading,
    lid_start,
    markdown_heading,
    split_embedded_article,
)

_CONTEXT_SEPARATOR = " — "
_MAX_CONTEXT_HEADINGS = 3
_MAX_CONTEXT_HEADING = 90  # characters per title or heading in the context line


@dataclass
class _Block:
    """Consecutive body lines that share heading path, article, lid and page."""

    path: tuple[str, ...]
    article: str | None
    article_id: int | None  # occurrence counter: the same number may appear twice
    lid: str | None
    page: int | None
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines).strip()


@dataclass
class _Piece:
    """Body text with the locator fields of where it starts."""

    path: tuple[str, ...]
    article: str | None
    lids: list[str]
    page: int | None
    text: str


@dataclass
class _State:
    stack: list[tuple[float, str, int | None]] = field(default_factory=list)  # rank, text, md level
    article: str | None = None
    article_id: int | None = None
    article_md_level: int | None = None
    articles_seen: int = 0
    lid: str | None = None

    def path(self) -> tuple[str, ...]:
        return tuple(text for _, text, _ in self.stack)

    def pop_to(self, rank: float) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            self.stack.pop()
        if rank <= ARTICLE_RANK:
            self.article = None
            self.article_id = None
            self.article_md_level = None
            self.lid = None


def _lines_with_pages(doc: Document) -> list[tuple[str, int | None]]:
    """All lines of the document with their page; bare numbered headings merged with their title.

    ``### Hoofdstuk 1`` followed by ``#### Begripsbepalingen`` becomes one heading line.
    """
    raw: list[tuple[str, int | None]] = []
    for section in doc.sections:
        for line in section.text.split("\n"):
            raw.extend((part, section.page) for part in split_embedded_article(line))
    merged: list[tuple[str, int | None]] = []
    i = 0
    while i < len(raw):
        line, page = raw[i]
        md = markdown_heading(line)
        if md is not None and is_bare_heading(md[1]):
            j = i + 1
            while j < len(raw) and not raw[j][0].strip():
                j += 1
            nxt = markdown_heading(raw[j][0]) if j < len(raw) else None
            if nxt is not None and nxt[0] > md[0] and not is_bare_heading(nxt[1]):
                merged.append(("#" * md[0] + " " + md[1] + " " + nxt[1], page))
                i = j + 1
                continue
        merged.append((line, page))
        i += 1
    return merged


def _enter_heading(state: _State, heading: Heading, titles: set[str]) -> None:
    if heading.text in titles:
        return  # the document title is not part of the heading path
    if heading.is_article:
        state.pop_to(ARTICLE_RANK)
        state.articles_seen += 1
        state.article = heading.article
        state.article_id = state.articles_seen
        state.article_md_level = heading.md_level
        state.stack.append((heading.rank, heading.text, heading.md_level))
        return
    closes_article = state.article is not None and (
        heading.rank <= ARTICLE_RANK
        or state.article_md_level is None
        or (heading.md_level is not None and heading.md_level <= state.article_md_level)
    )
    state.pop_to(ARTICLE_RANK if closes_article else heading.rank)
    state.pop_to(heading.rank)
    state.stack.append((heading.rank, heading.text, heading.md_level))


def _blocks(doc: Document) -> list[_Block]:
    state = _State()
    titles = {doc.title, str(doc.metadata.get("volledige_titel", ""))}
    blocks: list[_Block] = []
    for line, page in _lines_with_pages(doc):
        heading = classify_heading(line, in_article=state.article is not None)
        if heading is not None:
            _enter_heading(state, heading, titles)
            continue
        if state.article is not None:
            lid = lid_start(line, state.lid)
            if lid is not None:
                state.lid = lid[0]
        key = (state.path(), state.article, state.article_id, state.lid, page)
        last = blocks[-1] if blocks else None
        if last is None or (last.path, last.article, last.article_id, last.lid, last.page) != key:
            if not line.strip():
                continue
            last = _Block(state.path(), state.article, state.article_id, state.lid, page)
            blocks.append(last)
        last.lines.append(line)
    return [b for b in blocks if b.text]


def _segments(blocks: list[_Block]) -> list[list[_Block]]:
    """Runs of blocks that belong to one article, or to one heading outside articles."""
    segments: list[list[_Block]] = []
    for block in blocks:
        if segments:
            head = segments[-1][0]
            if head.article_id == block.article_id and head.path == block.path:
                segments[-1].append(block)
                continue
        segments.append([block])
    return segments


def _join(texts: list[str]) -> str:
    return "\n\n".join(t for t in texts if t)


def _pieces(segment: list[_Block], max_chars: int, min_chars: int) -> list[_Piece]:
    first = segment[0]
    whole = _join([b.text for b in segment])
    if len(whole) <= max_chars:
        return [_Piece(first.path, first.article, [], _first_page(segment), whole)]
    pieces: list[_Piece] = []
    for block in segment:
        current = pieces[-1] if pieces else None
        same_lid = (
            block.lid is not None and current is not None and current.lids[-1:] == [block.lid]
        )
        if (
            current is not None
            and (same_lid or len(current.text) < min_chars)
            and len(current.text) + len(block.text) + 2 <= max_chars
        ):
            current.text = _join([current.text, block.text])
            if block.lid is not None and block.lid not in current.lids:
                current.lids.append(block.lid)
            continue
        lids = [block.lid] if block.lid is not None else []
        pieces.append(_Piece(block.path, block.article, lids, block.page, block.text))
    return pieces


def _first_page(segment: list[_Block]) -> int | None:
    return next((b.page for b in segment if b.page is not None), None)


def _merge_small_sections(pieces: list[_Piece], max_chars: int, min_chars: int) -> list[_Piece]:
    """Glue tiny text pieces outside articles to the next one, keeping its heading as a line."""
    merged: list[_Piece] = []
    for piece in pieces:
        prev = merged[-1] if merged else None
        if prev is not None and prev.article is None and piece.article is None:
            extra = piece.path[-1] if piece.path and piece.path != prev.path else ""
            combined = _join([prev.text, extra + ("\n" if extra else "") + piece.text])
            if len(prev.text) < min_chars and len(combined) <= max_chars:
                prev.text = combined
                continue
        merged.append(piece)
    return merged


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _context_line(title: str, piece: _Piece) -> str:
    parts = [_shorten(p, _MAX_CONTEXT_HEADING) for p in piece.path[-_MAX_CONTEXT_HEADINGS:]]
    line = _shorten(title, _MAX_CONTEXT_HEADING)
    if parts:
        line += _CONTEXT_SEPARATOR + " > ".join(parts)
    if len(piece.lids) == 1:
        line += f", lid {piece.lids[0]}"
    elif piece.lids:
        line += f", leden {piece.lids[0]}–{piece.lids[-1]}"
    return line


def chunk_id(source_file: str, content_hash: str, index: int) -> str:
    """Deterministic id of the ``index``-th chunk of a file version."""
    key = f"{source_file}\n{content_hash}\n{index}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def chunk_document(doc: Document, *, max_chars: int = 1200, overlap: int = 150) -> list[Chunk]:
    """Cut an (anonymised) Document into chunks with locators; see the module docstring."""
    if max_chars < 100:
        raise ValueError("max_chars must be at least 100")
    overlap = max(0, min(overlap, max_chars // 2))
    min_chars = max_chars // 4
    from langchain_text_splitters import RecursiveCharacterTextSplitter  # loads langchain-core

    splitter = RecursiveCharacterTextSplitter(
        chunk_size=max_chars,
        chunk_overlap=overlap,
        separators=["\n\n", "\n", ". ", "; ", ", ", " ", ""],
        keep_separator="end",
        strip_whitespace=True,
    )
    pieces: list[_Piece] = []
    for segment in _segments(_blocks(doc)):
        pieces.extend(_pieces(segment, max_chars, min_chars))
    pieces = _merge_small_sections(pieces, max_chars, min_chars)

    title = doc.title or doc.source_file
    chunks: list[Chunk] = []
    for piece in pieces:
        texts = [piece.text] if len(piece.text) <= max_chars else splitter.split_text(piece.text)
        for text in texts:
            locator = Locator(
                source_file=doc.source_file,
                title=title,
                page=piece.page,
                article=piece.article,
                lid=piece.lids[0] if piece.lids else None,
                lid_end=piece.lids[-1] if len(piece.lids) > 1 else None,
                heading_path=piece.path,
            )
            body = f"{_context_line(title, piece)}\n{text}"
            chunks.append(
                Chunk(
                    chunk_id(doc.source_file, doc.content_hash, len(chunks)),
                    body,
                    locator,
                    doc.content_hash,
                )
            )
    return chunks
