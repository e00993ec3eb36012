"""The documents tab without Gradio types: upload and ingest, list, delete.

Uploads are checked for type and size, copied under a sanitised name into a fresh private
folder (0700) in ``DATA_DIR/uploads/`` and ingested from there; the staging copy is removed
afterwards (the pipeline keeps the original of every indexed file in ``DATA_DIR/originals/``
unless ``keep_originals`` is off), and whatever a stopped run left there is removed when the
chat starts (``clear_uploads``).
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from assistant.app import Baken
from assistant.conversations import new_id
from assistant.core.private_files import copy_private, private_dir
from assistant.errors import dutch_error
from assistant.ui import inert
from assistant.ui.formatting import document_rows, dutch_number, ingest_report_markdown
from assistant.ui.warmup import Warmup
from ingest.loaders import SUPPORTED_SUFFIXES, unsupported_type

Progress = Callable[[int, int, str], None]
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]+")
MAX_NAME_CHARS = 120


def clear_uploads(data_dir: Path) -> None:
    """Remove everything in ``DATA_DIR/uploads/`` (copies of uploads a stopped run left)."""
    folder = data_dir / "uploads"
    if folder.is_symlink():
        folder.unlink()
    elif folder.is_dir():
        shutil.rmtree(folder, ignore_errors=True)


def allowed_types() -> str:
    """'.docx, .eml, .htm, …' for messages and the upload hint."""
    return ", ".join(sorted(SUPPORTED_SUFFIXES))


def sanitize_filename(name: str) -> str:
    """A safe, plain file name: no folders, no control or odd characters, suffix kept.

    Accents are folded ('beleid-één' -> 'beleid-een'), anything else unusual becomes '-',
    leading dots are removed so the file is never hidden.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    folded = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode("ascii")
    cleaned = _UNSAFE.sub("-", folded).strip(" .-")
    cleaned = re.sub(r"-{2,}", "-", cleaned)
    stem, dot, suffix = cleaned.rpartition(".")
    if not dot:
        stem, suffix = cleaned, ""
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1].rstrip(" .-") or "document"
    return f"{stem}.{suffix.lower()}" if suffix else stem


class DocumentsController:
    """Upload, list and delete documents of one ``Baken``."""

    def __init__(self, baken: Baken, *, max_bytes: int, warmup: Warmup | None = None) -> None:
        self.baken = baken
        self.max_bytes = max_bytes
        self.warmup = warmup

    @property
    def uploads_dir(self) -> Path:
        return self.baken.settings.data_dir / "uploads"

    def check(self, path: Path, name: str) -> str | None:
        """Why a file cannot be ingested (Dutch), or None when it may."""
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED_SUFFIXES:
            return f"{unsupported_type(suffix)}. Toegestaan zijn: {allowed_types()}."
        try:
            size = path.stat().st_size
        except OSError:
            return "het bestand kon niet worden gelezen."
        if size > self.max_bytes:
            return (f"het bestand is {dutch_number(size / 1e6, 1)} MB; het maximum is "
                    f"{dutch_number(self.max_bytes / 1e6, 0)} MB.")
        return None

    def upload(self, paths: Sequence[str | Path], on_file: Progress | None = None, *,
               discard_sources: bool = False) -> str:
        """Check, stage and ingest uploaded files; returns the Dutch ingest report.

        With ``discard_sources`` the uploaded copies (the web server's temporary files) are
        removed too, so no original lingers outside the data folder.
        """
        if not paths:
            return "Kies of sleep eerst een of meer bestanden."
        rejected: list[tuple[str, str]] = []
        batch = self.uploads_dir / new_id()
        staged: list[Path] = []
        try:
            private_dir(batch)
            for raw in paths:
                source = Path(raw)
                name = sanitize_filename(source.name)
                reason = self.check(source, name)
                if reason:
                    rejected.append((source.name, reason))
                    continue
                target = batch / name
                counter = 2
                while target.exists():
                    target = batch / f"{Path(name).stem}-{counter}{Path(name).suffix}"
                    counter += 1
                copy_private(source, target)
                staged.append(target)
            report: dict[str, Any] = {}
            if staged:
                if self.warmup is not None:
                    self.warmup.wait("index")
                report = self.baken.pipeline.run(staged, progress=False,
                                                 on_file=on_file).to_json()
            return ingest_report_markdown(report, rejected)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return f"⚠️ Inlezen mislukt: {inert.markdown(dutch_error(exc))}"
        finally:
            shutil.rmtree(batch, ignore_errors=True)
            if discard_sources:
                for raw in paths:
                    Path(raw).unlink(missing_ok=True)

    def rows(self) -> list[list[Any]]:
        """The documents table (file, title, chunks, indexed at)."""
        return document_rows(self.baken.store.indexed_files())

    def names(self) -> list[str]:
        return sorted(self.baken.store.indexed_files())

    def delete(self, name: str | None) -> str:
        """Remove a document (and its kept original) from the index; the Markdown message
        shows the name inert (``inert.markdown``)."""
        if not name:
            return "Kies eerst een document."
        if name not in self.baken.store.indexed_files():
            return f"«{inert.markdown(name)}» staat niet (meer) in de index."
        try:
            self.baken.pipeline.delete(name)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return f"⚠️ Verwijderen mislukt: {inert.markdown(dutch_error(exc))}"
        return (f"«{inert.markdown(name)}» is uit de index verwijderd, samen met het bewaarde "
                "origineel.")
