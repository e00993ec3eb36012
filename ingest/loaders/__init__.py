"""Document loaders: one per file format, chosen by suffix.

Every loader returns ``Document``s whose text uses one convention: headings that the format
marks for sure (Word/ODT heading styles, HTML ``<h1>``-``<h6>``) are written as Markdown headings
(``## Hoofdstuk 2``); PDF and plain text keep their lines, and the chunker recognises
``Artikel 12``-style lines itself. PDF pages become one ``Section`` each, with 1-based numbers.
"""

from ingest.loaders._base import LoadError
from ingest.loaders.registry import (
    LOADERS,
    SUPPORTED_SUFFIXES,
    load_bytes,
    load_document,
    unsupported,
    unsupported_type,
)

__all__ = ["LOADERS", "SUPPORTED_SUFFIXES", "LoadError", "load_bytes", "load_document",
           "unsupported", "unsupported_type"]
