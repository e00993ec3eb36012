"""From folders of files to an anonymised, chunked, embedded and stored index.

Per document: load -> anonymise (fail closed) -> chunk -> embed -> store -> drop the old version.
Idempotent (content hashes; unchanged files are skipped), incremental (a changed file's old
chunks go only after its new ones are complete) and safe to interrupt: a half-written document
is detected by its chunk count, never shown by a search, and removed at the start of the next
run; a document's audit entry goes to a journal before its chunks are written, so a document
indexed by a killed run is audited by the next one. Symbolic links are never followed, and a
name with '#' (which separates an attachment from its document) is refused. Originals are
copied (0600, temp file and rename) into the data folder unless ``keep_originals`` is off.
"""

from __future__ import annotations

import fcntl
import hashlib
import inspect
import json
import os
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from tqdm import tqdm

from assistant.core.errors import BakenError
from assistant.core.private_files import (
    FILE_MODE,
    append_private,
    copy_private,
    private_dir,
    write_private,
)
from assistant.core.protocols import AnonymizationError, Anonymizer, ChunkStore
from assistant.core.schema import Document, Section
from ingest.chunking import chunk_document
from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document, unsupported
from ingest.loaders.office import OfficeLimits, office_limits_in_force
from ingest.metadata import filter_metadata
from ingest.references import chunk_references

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

STAGES = ("parse", "anonymise", "chunk", "embed", "store")
_EMBED_BATCH = 64  # texts per embedder call (the ONNX engine spreads them over the cores)
PAGE_EQUIVALENT_CHARS = 3000
_MB_CHARS = 1_000_000  # a "MB" of text in the anonymisation time budget
ANONYMISE_SECONDS_PER_MB = 60.0  # the default of the setting ingest.anonymise_seconds_per_mb
NAME_REASON = ("de bestands- of mapnaam bevat mogelijk een identificerend gegeven (naam niet "
               "getoond) — uit voorzorg niet geïndexeerd")
LINK_REASON = ("symbolische koppeling (snelkoppeling): Baken volgt geen koppelingen — niet "
               "geïndexeerd; lees het bestand of de map zelf in")
HASH_REASON = ("de naam bevat een '#', het teken waarmee Baken een bijlage van haar document "
               "scheidt (mail.eml#bijlage.pdf) — niet geïndexeerd; hernoem het bestand of de map")
_WORD_JOIN = re.compile(r"_|(?<=[^\W\d_])-(?=[^\W\d_])")  # '_' and '-' between two letters


class AnonymiseOverBudget(AnonymizationError):
    """Anonymising one document took longer than its time budget."""

    def __init__(self, budget: float) -> None:
        super().__init__(f"anonimiseren duurde langer dan de limiet van {budget:.0f} s")
        self.reason = (
            f"anonimiseren duurde langer dan de limiet van {budget:.0f} s (instelling "
            "anonymise_seconds_per_mb) — uit voorzorg niet geïndexeerd"
        )


class IngestBusy(BakenError, RuntimeError):
    """Another ingest holds the lock on this data folder."""


@dataclass
class IngestReport:
    """What one run did; ``to_json`` gives the CLI's ``--json`` shape plus extras."""

    documents_indexed: int = 0
    documents_unchanged: int = 0
    documents_skipped: list[dict[str, str]] = field(default_factory=list)
    documents_removed: list[str] = field(default_factory=list)
    chunks: int = 0
    pages: int = 0  # PDF pages, or page equivalents of 3,000 characters for other formats
    redactions: Counter[str] = field(default_factory=Counter)
    stage_seconds: dict[str, float] = field(default_factory=lambda: dict.fromkeys(STAGES, 0.0))
    seconds: float = 0.0
    audit: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, file: str, reason: str) -> None:
        self.documents_skipped.append({"file": file, "reason": reason})

    def to_json(self) -> dict[str, Any]:
        return {
            "documents_indexed": self.documents_indexed,
            "documents_unchanged": self.documents_unchanged,
            "documents_skipped": self.documents_skipped,
            "documents_removed": self.documents_removed,
            "chunks": self.chunks,
            "pages": self.pages,
            "redactions": dict(sorted(self.redactions.items())),
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "seconds": round(self.seconds, 3),
        }

    def summary_nl(self) -> str:
        """Dutch end-of-run summary for the terminal and the UI."""
        lines = [
            f"Geïndexeerd: {self.documents_indexed} document(en), {self.chunks} tekstdelen.",
            f"Ongewijzigd: {self.documents_unchanged}.",
        ]
        if self.documents_removed:
            lines.append(f"Uit de index verwijderd: {len(self.documents_removed)}.")
        if self.redactions:
            parts = ", ".join(f"{k} {v}" for k, v in sorted(self.redactions.items()))
            lines.append(f"Geanonimiseerd: {parts}.")
        for item in self.documents_skipped:
            lines.append(f"Overgeslagen: {item['file']} — {item['reason']}")
        lines.append(f"Tijd: {self.seconds:.1f} s.")
        return "\n".join(lines)


def index_key(content_hash: str, anonymisation: str) -> str:
    """What the index stores per document: the file's hash and the anonymisation's key."""
    return f"{content_hash}+{anonymisation}"


def file_hash(key: str) -> str:
    """The file's own hash from an ``index_key``."""
    return key.split("+", 1)[0]


def page_count(doc: Document) -> int:
    """Pages of a paged document (PDF), else page equivalents of 3,000 characters."""
    pages = {s.page for s in doc.sections if s.page is not None}
    return len(pages) if pages else max(1, -(-len(doc.text) // PAGE_EQUIVALENT_CHARS))


_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")


def name_parts(source_file: str) -> list[str]:
    """Every folder and file name in a path relative to the ingested root (and attachments);
    a file name without its extension ("melding 001.txt" would read as case number 001.txt)."""
    parts = [part for part in re.split(r"[/#]", source_file) if part]
    return [_EXTENSION.sub("", part) or part for part in parts]


def name_variants(part: str) -> set[str]:
    """A name as written, with '-' and '_' as spaces, and with only the word joins as spaces.

    The raw form keeps case numbers such as ``Z-2026-00512`` whole; the spaced forms let the
    recognisers see the words of ``jan_de_vries`` or ``verslag-Z-2026-00512``.
    """
    return {part, part.replace("-", " ").replace("_", " "), _WORD_JOIN.sub(" ", part)}


def hidden_name(name: str) -> str:
    """A name that may identify someone, shown as a labelled hash prefix instead."""
    return "sha256:" + hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]


def _walk(root: Path) -> Iterator[Path]:
    """Files under ``root`` (sorted, unreadable folders skipped). Symbolic links, to files or
    folders, are yielded as they are and never followed: the ingest reports them."""
    if root.is_symlink() or root.is_file():
        yield root
        return
    seen: set[tuple[int, int]] = set()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        try:
            st = os.stat(dirpath)
        except OSError:
            dirnames[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:
            dirnames[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        links = [d for d in dirnames if os.path.islink(os.path.join(dirpath, d))]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
        for name in sorted([*filenames, *links]):
            if not name.startswith("."):
                yield Path(dirpath) / name


@contextmanager
def ingest_lock(data_dir: Path, wait: bool = False) -> Iterator[None]:
    """One ingest per data folder at a time."""
    private_dir(data_dir)
    lock_fd = os.open(data_dir / "ingest.lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW,
                      FILE_MODE)
    with os.fdopen(lock_fd, "w") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError as exc:
            raise IngestBusy(
                "Er loopt al een inleesactie op deze datamap; probeer het later opnieuw."
            ) from exc
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


class IngestPipeline:
    """Runs the per-document flow and records an audit trail without original values."""

    def __init__(
        self,
        store: ChunkStore,
        embedder: Embeddings | Callable[[], Embeddings],
        anonymizer: Anonymizer | Callable[[], Anonymizer],
        data_dir: Path,
        *,
        chunk_chars: int = 1200,
        chunk_overlap: int = 150,
        on_change: Callable[[], None] | None = None,
        originals_dir: Path | None = None,
        anonymise_seconds_per_mb: float = ANONYMISE_SECONDS_PER_MB,
        keep_originals: bool = True,
        anonymisation_key: str | None = None,
        office_limits: OfficeLimits | None = None,
    ) -> None:
        self.store = store
        # factories are resolved on first use: an unchanged re-ingest needs neither model. Both
        # load in the ingesting thread: a second thread importing at the same time can make
        # Python's import of a half-loaded module fail (a rare ImportError in `baken note add`)
        self._embedder = embedder
        self._embedder_lock = threading.Lock()
        self._anonymizer = anonymizer
        self.data_dir = data_dir
        self.chunk_chars = chunk_chars
        self.chunk_overlap = chunk_overlap
        self.on_change = on_change
        self.originals_dir = originals_dir or data_dir / "originals"
        self.keep_originals = keep_originals
        collection = store.name
        # source file -> its absolute path on the file share, shown when no original is kept
        self.locations_file = data_dir / "bronpaden" / f"{collection}.json"
        self._locations_cache: tuple[float, dict[str, str]] = (-1.0, {})
        self._run_locations: dict[str, str] | None = None
        # audit entries written before each document's chunks; cleared when a run ends
        self.journal = data_dir / "audit" / f"ingest-lopend-{collection}.jsonl"
        self.anonymise_seconds_per_mb = anonymise_seconds_per_mb
        self.office_limits = office_limits or OfficeLimits()  # zip-bomb and parser limits
        if anonymisation_key is None:
            from ingest.anonymize import anonymisation_key as current_key  # noqa: PLC0415

            anonymisation_key = current_key()
        # a document counts as unchanged only if its text AND the anonymisation are: better
        # recognisers re-anonymise what an older version indexed
        self.anonymisation_key = anonymisation_key
        self._run_metadata: dict[str, str | int] = {}  # extra chunk metadata of one run

    def run(
        self,
        paths: Sequence[Path],
        *,
        prune: bool = False,
        progress: bool = True,
        on_file: Callable[[int, int, str], None] | None = None,
        metadata: Mapping[str, str | int] | None = None,
    ) -> IngestReport:
        """Ingest files and folders. ``on_file(done, total, name)`` reports progress to a UI;
        ``metadata`` (filter keys, e.g. a note's ``doc_type`` or a pack's ``herkomst``) is added
        to every chunk of the documents this run indexes."""
        started = time.perf_counter()
        report = IngestReport()
        with ingest_lock(self.data_dir):
            self._run_metadata = dict(metadata or {})
            self.store.remove_leftovers()
            indexed = self.store.file_hashes()
            self._recover_audit(report, indexed)
            if not self.keep_originals:
                self._drop_originals()
            locations = dict(self.read_locations())
            self._run_locations = run_locations = dict(locations)
            try:
                self._ingest_all(paths, indexed, report, prune=prune, progress=progress,
                                 on_file=on_file)
            finally:
                self._run_locations = None
                self._run_metadata = {}
            if run_locations != locations:
                self._write_locations(run_locations)
            report.seconds = time.perf_counter() - started
            self._write_audit(report)
            self.journal.unlink(missing_ok=True)  # its entries are in the audit file now
        if self.on_change and (report.documents_indexed or report.documents_removed):
            self.on_change()
        return report

    def _ingest_all(self, paths: Sequence[Path], indexed: dict[str, str], report: IngestReport,
                    *, prune: bool, progress: bool,
                    on_file: Callable[[int, int, str], None] | None) -> None:
        files = [(p, root) for root in paths for p in _walk(root)]
        seen: set[str] = set()
        bar = tqdm(files, desc="Inlezen", unit="bestand", disable=not progress, file=None)
        for done, (path, root) in enumerate(bar):
            base = root if root.is_dir() and not root.is_symlink() else root.parent
            name = path.relative_to(base).as_posix()
            if on_file:
                on_file(done, len(files), name)
            seen.update(self._ingest_file(path, base, name, indexed, report))
            bar.set_postfix(tekstdelen=report.chunks)
        if prune:
            for name in sorted(set(indexed) - seen):
                self._delete_unlocked(name)
                report.documents_removed.append(name)
        if on_file:
            on_file(len(files), len(files), "")

    @property
    def embedder(self) -> Embeddings:
        with self._embedder_lock:
            if not hasattr(self._embedder, "embed_documents"):  # a factory, resolved once
                self._embedder = cast("Callable[[], Embeddings]", self._embedder)()
            return cast("Embeddings", self._embedder)

    @property
    def anonymizer(self) -> Anonymizer:
        if not isinstance(self._anonymizer, Anonymizer):
            self._anonymizer = self._anonymizer()
        return self._anonymizer

    def delete(self, source_file: str) -> None:
        """Remove a document from the index together with its kept original."""
        with ingest_lock(self.data_dir, wait=True):
            self._delete_unlocked(source_file)
        if self.on_change:
            self.on_change()

    def _delete_unlocked(self, source_file: str) -> None:
        self.store.delete_file(source_file)
        original = self.original_path(source_file)
        if original is not None and original.is_file() and "#" not in source_file:
            original.unlink()
        if "#" not in source_file:
            if self._run_locations is not None:
                self._run_locations.pop(source_file, None)
            else:
                locations = dict(self.read_locations())
                if locations.pop(source_file, None) is not None:
                    self._write_locations(locations)

    def _drop_originals(self) -> None:
        """With ``keep_originals`` off: remove the originals kept earlier for this collection."""
        folder = self.originals_dir
        if folder.is_symlink():
            folder.unlink()
        elif folder.is_dir():
            shutil.rmtree(folder)

    def read_locations(self) -> dict[str, str]:
        """source file -> its absolute path on the file share (as last ingested)."""
        try:
            mtime = self.locations_file.stat().st_mtime
        except OSError:
            return {}
        if mtime != self._locations_cache[0]:
            try:
                data = json.loads(self.locations_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                data = {}
            found = {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}
            self._locations_cache = (mtime, found)
        return self._locations_cache[1]

    def share_path(self, source_file: str) -> str | None:
        """Where the original of ``source_file`` lies on the file share (None: unknown, e.g.
        a document uploaded in the chat)."""
        return self.read_locations().get(source_file.split("#", 1)[0])

    def _write_locations(self, locations: dict[str, str]) -> None:
        write_private(self.locations_file,
                      json.dumps(dict(sorted(locations.items())), ensure_ascii=False,
                                 indent=1).encode("utf-8"))

    def _note_location(self, path: Path, name: str) -> None:
        """Remember where an indexed file lies (not for files under the data folder: uploads)."""
        if self._run_locations is None:
            return
        absolute = Path(os.path.abspath(path))
        if not absolute.is_relative_to(os.path.abspath(self.data_dir)):
            self._run_locations[name] = str(absolute)

    def _recover_audit(self, report: IngestReport, indexed: dict[str, str]) -> None:
        """Audit entries a killed run journalled, for the documents it completed."""
        try:
            lines = self.journal.read_text(encoding="utf-8").splitlines()
        except FileNotFoundError:
            return
        for line in lines:
            try:
                entry = json.loads(line)
            except ValueError:
                continue  # the line the kill cut off
            if isinstance(entry, dict) and indexed.get(str(entry.get("file"))) == entry.get(
                    "index_key", entry.get("sha256")):
                report.audit.append({**entry, "interrupted_run": True})

    def original_path(self, source_file: str) -> Path | None:
        """Where the original of an indexed file is kept; None for a path that escapes."""
        if "\x00" in source_file:
            return None  # no file system accepts it; resolve() would raise
        base = self.originals_dir.resolve()
        candidate = (base / source_file.split("#", 1)[0]).resolve()
        return candidate if candidate.is_relative_to(base) and candidate != base else None

    def _keep_original(self, path: Path, name: str) -> None:
        """Copy an indexed file into the data folder so the UI can open it (and only it):
        0600, through a temporary file and a rename, never through a symbolic link."""
        target = self.original_path(name)
        if target is None or not self.keep_originals:
            return
        if path.resolve() != target:
            copy_private(path, target)

    def _ingest_file(
        self, path: Path, base: Path, name: str, indexed: dict[str, str], report: IngestReport
    ) -> set[str]:
        """Ingest one file; returns the source_file names it accounts for."""
        if path.is_symlink():
            self._skip(report, name, LINK_REASON)
            return set()
        if "#" in name:  # 'beleid.txt#bijlage.txt' would take the place of an attachment
            self._skip(report, name, HASH_REASON)
            return set()
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            self._skip(report, name, unsupported(path.suffix).reason_nl)
            return set()
        t0 = time.perf_counter()
        try:
            with office_limits_in_force(self.office_limits):
                documents = load_document(path, base)
        except LoadError as exc:
            self._skip(report, name, str(exc))
            return {name} if name in indexed else set()
        except Exception:  # noqa: BLE001 - any parser failure is reported, never fatal
            self._skip(report, name, "bestand kon niet worden gelezen — niet geïndexeerd")
            return {name} if name in indexed else set()
        finally:
            report.stage_seconds["parse"] += time.perf_counter() - t0
        names: set[str] = set()
        for doc in documents:
            names.add(doc.source_file)
            doc = replace(doc, content_hash=index_key(doc.content_hash, self.anonymisation_key))
            if indexed.get(doc.source_file) == doc.content_hash:
                report.documents_unchanged += 1
                self._note_location(path, name)
                continue
            if self._ingest_document(doc, report):
                self._keep_original(path, name)
                self._note_location(path, name)
        return names

    def _ingest_document(self, doc: Document, report: IngestReport) -> bool:
        """Index one document; False when it was skipped (the reason is in the report)."""
        t0 = time.perf_counter()
        shown = hidden_name(doc.source_file)  # until the name is known to identify no one
        try:
            if self._name_identifies(doc.source_file):
                report.skip(shown, NAME_REASON)
                return False
            shown = doc.source_file
            anonymised, counts = self._anonymise(doc)
        except AnonymiseOverBudget as exc:
            report.skip(shown, exc.reason)
            return False
        except Exception:  # noqa: BLE001 - fail closed on anything
            report.skip(shown, "anonimiseren mislukt — uit voorzorg niet geïndexeerd")
            return False
        finally:
            report.stage_seconds["anonymise"] += time.perf_counter() - t0
        t1 = time.perf_counter()
        filters = {**filter_metadata(anonymised), **self._run_metadata}
        chunks = [
            replace(chunk, metadata=filters,
                    references=chunk_references(chunk.text, chunk.locator.article))
            for chunk in chunk_document(
                anonymised, max_chars=self.chunk_chars, overlap=self.chunk_overlap
            )
        ]
        report.stage_seconds["chunk"] += time.perf_counter() - t1
        if not chunks:
            report.skip(doc.source_file, "geen tekst gevonden — niet geïndexeerd")
            return False
        t2 = time.perf_counter()
        vectors: list[list[float]] = []
        texts = [c.text for c in chunks]
        for start in range(0, len(texts), _EMBED_BATCH):
            vectors.extend(self.embedder.embed_documents(texts[start : start + _EMBED_BATCH]))
        report.stage_seconds["embed"] += time.perf_counter() - t2
        t3 = time.perf_counter()
        entry = {
            "file": doc.source_file,
            "sha256": file_hash(doc.content_hash),
            "index_key": doc.content_hash,
            "chunks": len(chunks),
            "redactions": dict(sorted(counts.items())),
            "anonymizer": self.anonymizer.version,
            "indexed_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        self._journal_entry(entry)  # before the chunks: a killed run is audited by the next
        self.store.add(chunks, vectors)
        self.store.delete_file(doc.source_file, except_hash=doc.content_hash)
        report.stage_seconds["store"] += time.perf_counter() - t3
        report.documents_indexed += 1
        report.chunks += len(chunks)
        report.pages += page_count(doc)
        report.redactions.update(counts)
        report.audit.append(entry)
        return True

    def _journal_entry(self, entry: dict[str, Any]) -> None:
        append_private(self.journal, json.dumps(entry, ensure_ascii=False) + "\n")

    def _name_identifies(self, name: str) -> bool:
        """Whether any folder or file name in ``name`` (relative to the ingested root) holds an
        identifier, written as it is or with its separators as spaces."""
        return any(self.anonymizer.find(variant)
                   for part in name_parts(name) for variant in name_variants(part))

    def _skip(self, report: IngestReport, name: str, reason: str) -> None:
        """Report a skipped file by name, or by a hash of its name when that may identify
        someone (or cannot be checked): the report reaches the terminal and the audit file."""
        try:
            hide = self._name_identifies(name)
        except Exception:  # noqa: BLE001 - fail closed: an unchecked name is not shown
            hide = True
        report.skip(hidden_name(name) if hide else name, reason)

    def _anonymise(self, doc: Document) -> tuple[Document, Counter[str]]:
        """The document with identifiers replaced in title and text; fail closed."""
        texts = [doc.title, *(s.text for s in doc.sections)]
        anonymizer = self.anonymizer  # loading it does not count against the time budget
        budget = self.anonymise_budget(texts)
        deadline = time.monotonic() + budget
        try:
            if "deadline" in inspect.signature(anonymizer.redact).parameters:
                redaction = anonymizer.redact(texts, deadline=deadline)  # type: ignore[call-arg]
            else:
                redaction = anonymizer.redact(texts)
        except AnonymizationError:
            if time.monotonic() > deadline:
                raise AnonymiseOverBudget(budget) from None
            raise
        if time.monotonic() > deadline:
            raise AnonymiseOverBudget(budget)
        if len(redaction.texts) != len(texts):
            raise AnonymizationError("anonimiseerder gaf een onvolledig resultaat")
        sections = tuple(
            Section(text=t, page=s.page)
            for t, s in zip(redaction.texts[1:], doc.sections, strict=True)
        )
        return replace(doc, title=redaction.texts[0], sections=sections), Counter(redaction.counts)

    def anonymise_budget(self, texts: Sequence[str]) -> float:
        """Seconds allowed for anonymising these texts of one document: the setting per MB of
        text, and at least one MB's worth."""
        chars = sum(len(t) for t in texts)
        return self.anonymise_seconds_per_mb * max(1.0, chars / _MB_CHARS)

    def _write_audit(self, report: IngestReport) -> None:
        """Machine-readable audit trail of this run: hashes and counts, never values."""
        folder = private_dir(self.data_dir / "audit")
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        payload = {
            "run_at": stamp,
            "anonymizer": self.anonymizer.version if report.documents_indexed else None,
            "summary": report.to_json(),
            "documents": report.audit,
        }
        write_private(folder / f"ingest-{stamp}.json",
                      json.dumps(payload, ensure_ascii=False, indent=2).encode("utf-8"))
