"""A full disk under a local Chroma store is reported as a full disk.

Measured with a tiny tmpfs (``benchmarks/fault_tests.py --only disk``): Chroma's engine does not
raise ``OSError(ENOSPC)`` but ``InternalError("Failed to apply logs to the metadata segment")``,
which users saw as "Er ging iets onverwachts mis (InternalError)".
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path
from typing import Any

import pytest
from chromadb.errors import InternalError

import assistant.index
from assistant.core.schema import Chunk, Locator
from assistant.errors import dutch_error
from assistant.index import ChromaChunkStore, chroma_client

CHUNKS = [Chunk(chunk_id=f"c{i}", text=f"tekst {i}", locator=Locator("apv.md"), content_hash="h")
          for i in range(2)]
VECTORS = [[1.0, 0.0], [0.0, 1.0]]


class _FailingWrites:
    """A collection whose writes fail the way Chroma's engine fails on a full disk."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def upsert(self, **_: Any) -> None:
        raise InternalError("Error in compaction: Failed to apply logs to the metadata segment")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _store(tmp_path: Path) -> ChromaChunkStore:
    store = ChromaChunkStore(chroma_client(tmp_path / "chroma"), "gemeente-a")
    store._collection = _FailingWrites(store._collection)
    return store


def _free(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    def usage(_: Any) -> Any:
        return shutil._ntuple_diskusage(10**9, 10**9 - free, free)

    monkeypatch.setattr(assistant.index.shutil, "disk_usage", usage)


def test_a_failed_write_on_a_nearly_full_disk_is_a_full_disk(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    _free(monkeypatch, 100_000)
    with pytest.raises(OSError) as failed:
        store.add(CHUNKS, VECTORS)
    assert failed.value.errno == errno.ENOSPC
    assert isinstance(failed.value.__cause__, InternalError)
    assert dutch_error(failed.value).startswith("De schijf is vol.")


def test_a_failed_write_with_room_to_spare_stays_what_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    _free(monkeypatch, 10**9)
    with pytest.raises(InternalError):
        store.add(CHUNKS, VECTORS)


def test_a_chroma_server_error_is_not_guessed_to_be_a_full_disk(
        monkeypatch: pytest.MonkeyPatch) -> None:
    class ServerClient:
        def get_or_create_collection(self, **_: Any) -> Any:
            return _FailingWrites(object())

        def get_settings(self) -> Any:
            return type("S", (), {"is_persistent": False, "persist_directory": "./chroma"})()

    _free(monkeypatch, 0)
    with pytest.raises(InternalError):
        ChromaChunkStore(ServerClient(), "gemeente-a").add(CHUNKS, VECTORS)
