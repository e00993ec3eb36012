"""PDF files via pypdf: one Section per page, page numbers 1-based."""

from __future__ import annotations

import io
import logging
import re
from collections import Counter

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from assistant.core.schema import Document, Section
from ingest.loaders._base import ENCRYPTED, SCAN, LoadError, make_document

log = logging.getLogger(__name__)

CORRUPT = "beschadigd PDF-bestand — niet geïndexeerd"
_MIN_PAGE_CHARS = 3  # fewer visible characters than this: the page has no text layer
_WEAK_TITLES = re.compile(r"^(?:untitled|naamloos|microsoft word\b.*|document\d*|\s*)$", re.I)


def _open(data: bytes) -> PdfReader:
    if b"%PDF" not in data[:1024]:
        raise LoadError(CORRUPT)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise LoadError(ENCRYPTED)
        reader.pages[0]  # noqa: B018 - forces the page tree to load
    except LoadError:
        raise
    except (PdfReadError, IndexError, KeyError, ValueError, TypeError, AttributeError) as exc:
        raise LoadError(CORRUPT) from exc
    except Exception as exc:  # noqa: BLE001 - e.g. a missing crypto backend for AES
        if "crypt" in type(exc).__name__.lower() or "crypt" in str(exc).lower():
            raise LoadError(ENCRYPTED) from exc
        raise LoadError(CORRUPT) from exc
    return reader


def _normalised(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip().lower())


def _edges(lines: list[str]) -> set[int]:
    """Indexes of the first two and last two non-empty lines of a page."""
    filled = [i for i, x in enumerate(lines) if x.strip()]
    return set(filled[:2] + filled[-2:]) if len(filled) > 4 else set()


def _strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop headers and footers: edge lines that repeat (digits aside) on most pages and
    never occur inside a page's body."""
    if len(pages) < 3:
        return pages
    edge_counts: Counter[str] = Counter()
    body: set[str] = set()
    for lines in pages:
        edges = _edges(lines)
        edge_counts.update({_normalised(lines[i]) for i in edges})
        body.update(_normalised(x) for i, x in enumerate(lines) if i not in edges and x.strip())
    running = {
        key for key, n in edge_counts.items() if n >= max(3, len(pages) * 0.6) and key not in body
    }
    if not running:
        return pages
    cleaned = []
    for lines in pages:
        edges = _edges(lines)
        cleaned.append(
            [x for i, x in enumerate(lines) if not (i in edges and _normalised(x) in running)]
        )
    return cleaned


def load_pdf(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Text per page; scans without a text layer, encrypted and broken files raise LoadError."""
    reader = _open(data)
    pages: list[list[str]] = []
    for number, page in enumerate(reader.pages, start=1):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - one broken page should not lose the others
            log.warning("pdf page %d could not be read", number)
            text = ""
        pages.append(text.splitlines())
    pages = _strip_running_lines(pages)
    empty = [
        n
        for n, lines in enumerate(pages, 1)
        if sum(len("".join(x.split())) for x in lines) < _MIN_PAGE_CHARS
    ]
    if len(empty) == len(pages):
        raise LoadError(SCAN)
    metadata = {"pages": str(len(pages))}
    if empty:
        shown = ", ".join(str(n) for n in empty[:20]) + (" …" if len(empty) > 20 else "")
        metadata["pagina_zonder_tekst"] = shown
    skip = set(empty)
    sections = [
        Section("\n".join(lines), page=n) for n, lines in enumerate(pages, 1) if n not in skip
    ]
    title_hint = None
    try:
        info = reader.metadata
        meta_title = info.get("/Title") if info is not None else None
    except Exception:  # noqa: BLE001 - broken info dictionaries are common
        meta_title = None
    if isinstance(meta_title, str) and not _WEAK_TITLES.match(meta_title.strip()):
        title_hint = meta_title.strip()
    return [
        make_document(
            source_file, content_hash, sections, fmt="pdf", title_hint=title_hint, metadata=metadata
        )
    ]
