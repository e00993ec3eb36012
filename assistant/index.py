"""The chunk store: a persistent Chroma collection (telemetry off, our own embeddings).

Completeness without a separate manifest: every chunk carries its document's ``content_hash``
and ``n_chunks``. A (file, hash) group is complete when all its ``n_chunks`` chunks are present;
incomplete groups are leftovers of an interrupted run and are removed by ``remove_incomplete``.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import chromadb
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError

from assistant.core.private_files import private_dir
from assistant.core.schema import FILTER_KEYS, Chunk, Locator, Source
from ingest.references import join_keys, split_keys

_BATCH = 1000
REFERENCES_KEY = "refs"  # a chunk's legal references (ingest.references), ';'-joined
# Below this much free space a failed write to a local store is reported as a full disk: the
# Chroma engine itself only says "Failed to apply logs to the metadata segment".
_MIN_FREE_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class IndexedFile:
    """One complete document in the store."""

    source_file: str
    content_hash: str
    title: str
    chunks: int
    indexed_at: float


def _chunk(chunk_id: str, text: str, meta: dict[str, Any]) -> Chunk:
    refs = meta.get(REFERENCES_KEY)
    return Chunk(chunk_id=chunk_id, text=text, locator=Locator.from_metadata(meta),
                 content_hash=str(meta.get("content_hash", "")),
                 metadata={k: meta[k] for k in FILTER_KEYS if k in meta},
                 references=split_keys(str(refs)) if refs is not None else None)


def _live_files(rows: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, IndexedFile]:
    """Per source_file its newest complete (file, hash) group among the (id, metadata) rows."""
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for _, meta in rows:
        key = (str(meta["source_file"]), str(meta["content_hash"]))
        groups.setdefault(key, []).append(meta)
    files: dict[str, IndexedFile] = {}
    for (source_file, content_hash), metas in groups.items():
        if len(metas) != int(metas[0].get("n_chunks", 0)):
            continue
        candidate = IndexedFile(
            source_file=source_file, content_hash=content_hash,
            title=str(metas[0].get("title", "")), chunks=len(metas),
            indexed_at=float(metas[0].get("indexed_at", 0.0)),
        )
        current = files.get(source_file)
        if current is None or candidate.indexed_at > current.indexed_at:
            files[source_file] = candidate
    return files


def chroma_client(path: Path | None = None, host: str | None = None, port: int = 8000) -> Any:
    """A Chroma client with telemetry off: persistent on disk, or a Chroma server via HTTP."""
    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if host:
        return chromadb.HttpClient(host=host, port=port, settings=settings)
    assert path is not None
    private_dir(path)
    # Chroma creates its tables on first open; two processes opening a fresh folder at once
    # (the chat starting during the first ingest) would both create them and one would fail.
    lock_fd = os.open(path / ".open.lock", os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    with os.fdopen(lock_fd, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            return chromadb.PersistentClient(path=str(path), settings=settings)
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < _MIN_FREE_BYTES
    except OSError:
        return False


class ChromaChunkStore:
    """Chunks with their embeddings and locators in one Chroma collection (cosine distance)."""

    def __init__(self, client: Any, collection: str = "baken",
                 version_file: Path | None = None) -> None:
        self._client = client
        self._collection = client.get_or_create_collection(
            name=collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
        )
        self.name = collection
        self._version_file = version_file

    def version(self) -> str:
        """Changes whenever chunks are added or deleted (also by another process)."""
        stamp = ""
        if self._version_file is not None and self._version_file.exists():
            stamp = self._version_file.read_text(encoding="utf-8")
        return f"{self.count()}:{stamp}"

    def _bump_version(self) -> None:
        if self._version_file is not None:
            self._version_file.parent.mkdir(parents=True, exist_ok=True)
            self._version_file.write_text(f"{time.time_ns()}", encoding="utf-8")

    # -- writing ---------------------------------------------------------------------------
    def add(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Add whole documents: all chunks of each (file, hash) group in one call, as
        ``n_chunks`` (the group's size in this call) marks a group complete."""
        now = time.time()
        sizes: dict[tuple[str, str], int] = {}
        for c in chunks:
            key = (c.locator.source_file, c.content_hash)
            sizes[key] = sizes.get(key, 0) + 1
        for start in range(0, len(chunks), _BATCH):
            part = chunks[start : start + _BATCH]
            try:
                self._collection.upsert(
                    ids=[c.chunk_id for c in part],
                    documents=[c.text for c in part],
                    embeddings=[list(e) for e in embeddings[start : start + _BATCH]],
                    metadatas=[
                        {**c.metadata, **c.locator.to_metadata(),
                         "content_hash": c.content_hash,
                         "n_chunks": sizes[(c.locator.source_file, c.content_hash)],
                         "indexed_at": now,
                         **({REFERENCES_KEY: join_keys(c.references)}
                            if c.references is not None else {})}
                        for c in part
                    ],
                )
            except ChromaError as exc:
                folder = self._local_folder()
                if folder is not None and _nearly_full(folder):
                    raise OSError(errno.ENOSPC, "No space left on device", str(folder)) from exc
                raise
        self._bump_version()

    def _local_folder(self) -> Path | None:
        """The folder of a store on this machine's disk (None for a Chroma server)."""
        try:
            settings = self._client.get_settings()
        except Exception:  # noqa: BLE001 - a client without settings: not a local store
            return None
        folder = getattr(settings, "persist_directory", None)
        return Path(folder) if getattr(settings, "is_persistent", False) and folder else None

    def delete_file(self, source_file: str, *, except_hash: str | None = None) -> None:
        """Remove a file's chunks (optionally keeping the version with ``except_hash``)."""
        where: dict[str, Any] = {"source_file": source_file}
        if except_hash is not None:
            where = {"$and": [where, {"content_hash": {"$ne": except_hash}}]}
        self._collection.delete(where=where)
        self._bump_version()

    def remove_leftovers(self) -> list[str]:
        """Undo what an interrupted run left: half-written groups and superseded versions."""
        broken = self.remove_incomplete()
        stale: list[str] = []
        newest = self.indexed_files()
        groups: dict[tuple[str, str], int] = {}
        for _, meta in self._all_metadata():
            groups[(str(meta["source_file"]), str(meta["content_hash"]))] = 1
        for source_file, content_hash in groups:
            current = newest.get(source_file)
            if current is not None and current.content_hash != content_hash:
                self.delete_file(source_file, except_hash=current.content_hash)
                stale.append(source_file)
        return sorted(set(broken) | set(stale))

    def remove_incomplete(self) -> list[str]:
        """Delete chunk groups left half-written by an interrupted run; returns their files."""
        groups: dict[tuple[str, str], list[str]] = {}
        expected: dict[tuple[str, str], int] = {}
        for chunk_id, meta in self._all_metadata():
            key = (str(meta["source_file"]), str(meta["content_hash"]))
            groups.setdefault(key, []).append(chunk_id)
            expected[key] = int(meta.get("n_chunks", 0))
        broken = [key for key, ids in groups.items() if len(ids) != expected[key]]
        for key in broken:
            self._collection.delete(ids=groups[key])
        if broken:
            self._bump_version()
        return sorted({key[0] for key in broken})

    # -- reading ---------------------------------------------------------------------------
    def _all_metadata(self) -> list[tuple[str, dict[str, Any]]]:
        out: list[tuple[str, dict[str, Any]]] = []
        total = self._collection.count()
        for offset in range(0, total, 5000):
            got = self._collection.get(include=["metadatas"], limit=5000, offset=offset)
            out.extend(zip(got["ids"], got["metadatas"], strict=True))
        return out

    def indexed_files(self) -> dict[str, IndexedFile]:
        """Every complete document version in the store, by source_file."""
        return _live_files(self._all_metadata())

    def complete_chunks(self) -> list[Chunk]:
        """The chunks of every document in ``indexed_files`` (complete, newest version): what a
        search may show. Chunks of a document whose ingest was interrupted, or of a version a
        newer complete one replaces, are left out until the next ingest removes them."""
        rows: list[tuple[str, str, dict[str, Any]]] = []
        total = self._collection.count()
        for offset in range(0, total, 5000):
            got = self._collection.get(include=["documents", "metadatas"], limit=5000,
                                       offset=offset)
            rows.extend(zip(got["ids"], got["documents"], got["metadatas"], strict=True))
        live = {(f.source_file, f.content_hash)
                for f in _live_files((cid, meta) for cid, _, meta in rows).values()}
        return [_chunk(cid, text, meta) for cid, text, meta in rows
                if (str(meta["source_file"]), str(meta["content_hash"])) in live]
    def file_hashes(self) -> dict[str, str]:
        return {name: info.content_hash for name, info in self.indexed_files().items()}

    def dense_search(self, embedding: Sequence[float], k: int,
                     where: dict[str, Any] | None = None) -> list[Source]:
        if self.count() == 0:
            return []
        result = self._collection.query(
            query_embeddings=[list(embedding)], n_results=min(k, self.count()),
            include=["documents", "metadatas", "distances"], where=where,
        )
        sources = []
        for rank, (cid, text, meta, dist) in enumerate(zip(
            result["ids"][0], result["documents"][0], result["metadatas"][0],
            result["distances"][0], strict=True), start=1):
            sources.append(Source(rank=rank, chunk_id=cid, text=text,
                                  locator=Locator.from_metadata(meta), score=1.0 - float(dist)))
        return sources

    def all_chunks(self) -> list[Chunk]:
        chunks: list[Chunk] = []
        total = self._collection.count()
        for offset in range(0, total, 5000):
            got = self._collection.get(include=["documents", "metadatas"], limit=5000,
                                       offset=offset)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"],
                                       strict=True):
                chunks.append(_chunk(cid, text, meta))
        return chunks

    def get_chunks(self, ids: Sequence[str]) -> list[Chunk]:
        if not ids:
            return []
        got = self._collection.get(ids=list(ids), include=["documents", "metadatas"])
        by_id = {
            cid: _chunk(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"], strict=True)
        }
        return [by_id[i] for i in ids if i in by_id]

    def get_embeddings(self, ids: Sequence[str]) -> dict[str, list[float]]:
        if not ids:
            return {}
        got = self._collection.get(ids=list(ids), include=["embeddings"])
        return {cid: list(vec) for cid, vec in zip(got["ids"], got["embeddings"], strict=True)}

    def count(self) -> int:
        return int(self._collection.count())
