"""Shared pieces of the loaders: the error type, text clean-up and document assembly."""

from __future__ import annotations

import codecs
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath

from assistant.core.errors import BakenError
from assistant.core.schema import Document, Section
from ingest.structure import choose_title, is_structural, markdown_heading

EMPTY = "leeg bestand — niet geïndexeerd"
NO_TEXT = "geen tekst gevonden — niet geïndexeerd"
ENCRYPTED = "versleuteld bestand (wachtwoord) — niet geïndexeerd"
SCAN = "geen tekstlaag (scan) — niet geïndexeerd"
VANISHED = "bestand verdwenen tijdens het inlezen — niet geïndexeerd"
BINARY = "geen leesbare tekst (binair bestand) — niet geïndexeerd"


class LoadError(BakenError):
    """A file could not be loaded; ``reason_nl`` says why, in Dutch, for the ingest report."""

    def __init__(self, reason_nl: str) -> None:
        super().__init__(reason_nl)
        self.reason_nl = reason_nl


#: A loader turns file bytes into documents: ``(data, source_file, content_hash)``.
Loader = Callable[[bytes, str, str], list[Document]]

_LEADING_COMMENT = re.compile(r"\A\s*<!--(?P<note>.*?)-->\s*", re.DOTALL)
_BLANK_RUNS = re.compile(r"\n{3,}")


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> str:
    """Decode a text file: BOMs first, then UTF-8, then Windows-1252 (old Windows files)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise LoadError(BINARY)
    return text


def clean_text(text: str) -> str:
    """Normalise line ends, odd spaces and blank-line runs; NFC so accents compare equal."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\u00ad", "").replace("\ufeff", "")
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return _BLANK_RUNS.sub("\n\n", text).strip()


def split_leading_comment(text: str) -> tuple[str, str | None]:
    """Remove a leading ``<!-- … -->`` note (e.g. a source note) and return it separately."""
    match = _LEADING_COMMENT.match(text)
    if not match:
        return text, None
    return text[match.end() :], match.group("note").strip()


def file_stem(source_file: str) -> str:
    """The name shown when nothing better is known: ``map/besluit.pdf`` -> ``besluit``."""
    return PurePosixPath(source_file.split("#")[-1]).stem or source_file


def first_markdown_heading(text: str) -> str | None:
    for line in text.splitlines():
        found = markdown_heading(line)
        if found is not None:
            return found[1]
    return None


def make_document(
    source_file: str,
    content_hash: str,
    sections: list[Section],
    *,
    fmt: str,
    title_hint: str | None = None,
    metadata: Mapping[str, str] | None = None,
) -> Document:
    """Assemble a Document from cleaned sections; raises LoadError when there is no text."""
    kept = [Section(text=clean_text(s.text), page=s.page) for s in sections]
    kept = [s for s in kept if s.text]
    if not kept:
        raise LoadError(NO_TEXT)
    meta = {"format": fmt, **(metadata or {})}
    text = "\n\n".join(s.text for s in kept)
    heading = title_hint or first_markdown_heading(text)
    title = choose_title(text, heading, file_stem(source_file), extra=meta.get("bron", ""))
    if heading and heading != title and not is_structural(heading):
        meta.setdefault("volledige_titel", heading)
    return Document(
        source_file=source_file,
        title=title,
        sections=tuple(kept),
        content_hash=content_hash,
        metadata=meta,
    )
