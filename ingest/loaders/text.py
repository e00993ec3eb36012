"""Plain text and Markdown files."""

from __future__ import annotations

from assistant.core.schema import Document, Section
from ingest.loaders._base import decode_text, make_document, split_leading_comment


def _load(data: bytes, source_file: str, content_hash: str, fmt: str) -> list[Document]:
    text, note = split_leading_comment(decode_text(data))
    metadata = {"bron": note} if note else {}
    return [make_document(source_file, content_hash, [Section(text)], fmt=fmt, metadata=metadata)]


def load_markdown(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Markdown: headings stay as they are; the chunker reads them."""
    return _load(data, source_file, content_hash, "md")


def load_text(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Plain text in UTF-8 or Windows-1252."""
    return _load(data, source_file, content_hash, "txt")
