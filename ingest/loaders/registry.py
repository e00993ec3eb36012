"""The suffix -> loader table and the entry point that reads a file from disk."""

from __future__ import annotations

import importlib
import logging
import os
from pathlib import Path
from typing import cast

from assistant.core.schema import Document
from ingest.loaders._base import EMPTY, VANISHED, Loader, LoadError, sha256_hex

log = logging.getLogger(__name__)

# suffix -> "module:function"; a parser is imported only when a file of its type turns up, so
# an unchanged re-ingest of Markdown files does not pay for the PDF, Office and HTML parsers
LOADERS: dict[str, str] = {
    ".md": "text:load_markdown",
    ".markdown": "text:load_markdown",
    ".txt": "text:load_text",
    ".pdf": "pdf:load_pdf",
    ".docx": "office:load_docx",
    ".odt": "office:load_odt",
    ".html": "html:load_html",
    ".htm": "html:load_html",
    ".eml": "mail:load_eml",
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(LOADERS)


def loader_for(suffix: str) -> Loader | None:
    """The loader function for a suffix (imported on first use), or None when unsupported."""
    target = LOADERS.get(suffix)
    if target is None:
        return None
    module, function = target.split(":")
    return cast(Loader, getattr(importlib.import_module(f"ingest.loaders.{module}"), function))

_FORMAT_NAMES = {
    ".pdf": "PDF",
    ".docx": "Word",
    ".odt": "ODT",
    ".html": "HTML",
    ".htm": "HTML",
    ".eml": "e-mail",
}


def unsupported_type(suffix: str) -> str:
    """The one Dutch wording for a file type Baken cannot read ('bestandstype .exe wordt niet
    ondersteund'), for the ingest report, e-mail attachments and the upload check alike."""
    return f"bestandstype {suffix or '(geen extensie)'} wordt niet ondersteund"


def unsupported(suffix: str) -> LoadError:
    """The load error for a file type Baken cannot read."""
    return LoadError(f"{unsupported_type(suffix)} — niet geïndexeerd")


def load_bytes(data: bytes, name: str, source_file: str, content_hash: str) -> list[Document]:
    """Load bytes whose type is given by ``name``'s suffix (also used for e-mail attachments)."""
    suffix = Path(name).suffix.lower()
    loader = loader_for(suffix)
    if loader is None:
        raise unsupported(suffix)
    if not data or data.isspace():
        raise LoadError(EMPTY)
    try:
        return loader(data, source_file, content_hash)
    except LoadError:
        raise
    except Exception as exc:  # parsers raise many types on broken input; fail closed per file
        log.warning("loader for %s failed: %s", suffix, type(exc).__name__)
        kind = _FORMAT_NAMES.get(suffix, suffix)
        raise LoadError(f"onleesbaar of beschadigd {kind}-bestand — niet geïndexeerd") from exc


def relative_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root`` with forward slashes; the bare name when outside ``root``."""
    relative = os.path.relpath(path.absolute(), root.absolute())
    if relative.startswith(".."):
        return path.name
    return Path(relative).as_posix()


def load_document(path: Path, root: Path) -> list[Document]:
    """Load one file into Documents (an e-mail gives one per body and per attachment).

    Raises ``LoadError`` with a Dutch reason when the file cannot or may not be indexed.
    """
    suffix = path.suffix.lower()
    if suffix not in LOADERS:
        raise unsupported(suffix)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(VANISHED) from exc
    except PermissionError as exc:
        raise LoadError("geen leesrechten op dit bestand — niet geïndexeerd") from exc
    except OSError as exc:
        raise LoadError("bestand kon niet worden gelezen — niet geïndexeerd") from exc
    return load_bytes(data, path.name, relative_name(path, root), sha256_hex(data))
