"""Security review (issue 17, item 6): interrupted work leaves nothing half-visible.

- chunks of a document whose ingest was killed are never found by a search (only complete
  documents, and of a file only its newest complete version);
- an original is replaced by a rename, never rewritten in place;
- a document indexed by a killed run gets its audit entry from the next run;
- ``DATA_DIR/uploads/`` is emptied when the chat starts;
- a '#' in a real file name cannot take another document's original.

The kill is simulated by a ``KeyboardInterrupt`` at the chosen moment (it passes every
``except Exception`` as a kill would), on a real Chroma store with fast fakes for the
anonymiser and the embedder.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

import assistant.index
from assistant.app import CollectionBakens
from assistant.index import ChromaChunkStore
from assistant.retrieval import HybridRetriever
from assistant.ui.context import make_context
from tests.conftest import DEMO_CORPUS
from tests.fakes import HashEmbedder, fake_baken, make_pipeline, settings_for

LONG = "gemeentewet-172-176a.md"
OTHER = "wet-tijdelijk-huisverbod.md"


class Killed(KeyboardInterrupt):
    """The process is stopped here."""


class _DiesOnUpsert:
    """A Chroma collection whose ``n``-th write never happens: the process died there."""

    def __init__(self, inner: Any, n: int) -> None:
        self.inner = inner
        self.left = n

    def upsert(self, **kwargs: Any) -> None:
        self.left -= 1
        if self.left == 0:
            raise Killed
        self.inner.upsert(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def _search(store: ChromaChunkStore, query: str) -> set[tuple[str, str]]:
    retriever = HybridRetriever(store, HashEmbedder(), top_k=50, threshold=0.0, candidates=200)
    chunks = {c.chunk_id: c for c in store.all_chunks()}
    return {(s.locator.source_file, chunks[s.chunk_id].content_hash)
            for s in retriever.search(query).sources}


def test_chunks_of_a_killed_ingest_are_never_found(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "share"
    corpus.mkdir()
    shutil.copy(DEMO_CORPUS / LONG, corpus / LONG)
    pipeline = make_pipeline(tmp_path / "data")
    monkeypatch.setattr(assistant.index, "_BATCH", 2)  # a document is written in parts
    pipeline.store._collection = _DiesOnUpsert(pipeline.store._collection, 2)
    with pytest.raises(Killed):
        pipeline.run([corpus], progress=False)
    store = make_pipeline(tmp_path / "data").store  # as a chat or API process sees it
    assert store.count() == 2  # the first part was written …
    assert _search(store, "burgemeester bevel openbare orde gemeentewet") == set()  # … unseen


def test_of_two_complete_versions_only_the_newest_is_found(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    corpus = tmp_path / "share"
    corpus.mkdir()
    shutil.copy(DEMO_CORPUS / LONG, corpus / LONG)
    make_pipeline(tmp_path / "data").run([corpus], progress=False)
    with (corpus / LONG).open("a", encoding="utf-8") as fh:
        fh.write("\n\nArtikel 999 Nieuw\n\nDe burgemeester bevel openbare orde opnieuw.\n")
    pipeline = make_pipeline(tmp_path / "data")

    def killed(*_: Any, **__: Any) -> None:  # between the new chunks and removing the old
        raise Killed

    monkeypatch.setattr(pipeline.store, "delete_file", killed)
    with pytest.raises(Killed):
        pipeline.run([corpus], progress=False)
    store = make_pipeline(tmp_path / "data").store
    assert len({c.content_hash for c in store.all_chunks()}) == 2  # both versions are stored
    newest = store.indexed_files()[LONG].content_hash
    assert _search(store, "burgemeester bevel openbare orde") == {(LONG, newest)}


def test_an_original_is_replaced_by_a_rename_not_rewritten(tmp_path: Path) -> None:
    corpus = tmp_path / "share"
    corpus.mkdir()
    shutil.copy(DEMO_CORPUS / OTHER, corpus / OTHER)
    pipeline = make_pipeline(tmp_path / "data")
    pipeline.run([corpus], progress=False)
    kept = pipeline.original_path(OTHER)
    assert kept is not None
    old = kept.read_bytes()
    with kept.open("rb") as reader:  # someone has the original open in the meantime
        (corpus / OTHER).write_text("# Nieuw\n\nArtikel 1\n\nGeheel nieuwe tekst.\n",
                                    encoding="utf-8")
        make_pipeline(tmp_path / "data").run([corpus], progress=False)
        assert reader.read() == old  # the reader still has the whole old file
    assert kept.read_text(encoding="utf-8").startswith("# Nieuw")
    assert sorted(p.name for p in kept.parent.iterdir()) == [OTHER]  # no temp file left


def _audited(data_dir: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = []
    for path in sorted((data_dir / "audit").glob("ingest-*.json")):
        entries.extend(json.loads(path.read_text(encoding="utf-8"))["documents"])
    return entries


def test_a_document_indexed_by_a_killed_run_is_audited_by_the_next(tmp_path: Path) -> None:
    corpus = tmp_path / "share"
    corpus.mkdir()
    for name in (LONG, OTHER):
        shutil.copy(DEMO_CORPUS / name, corpus / name)
    data = tmp_path / "data"

    def stop_at_the_second_file(done: int, total: int, name: str) -> None:
        if done == 1:
            raise Killed

    with pytest.raises(Killed):
        make_pipeline(data).run([corpus], progress=False, on_file=stop_at_the_second_file)
    pipeline = make_pipeline(data)
    first = pipeline.store.indexed_files()
    assert set(first) == {LONG}  # indexed, but the run never wrote its audit file
    report = pipeline.run([corpus], progress=False)
    assert report.documents_unchanged == 1 and report.documents_indexed == 1
    audited = {e["file"]: e for e in _audited(data)}
    assert set(audited) == {LONG, OTHER}
    assert audited[LONG]["index_key"] == first[LONG].content_hash
    assert first[LONG].content_hash.startswith(audited[LONG]["sha256"] + "+")
    assert audited[LONG]["interrupted_run"] is True
    pipeline.run([corpus], progress=False)
    assert len(_audited(data)) == 2  # audited once, not again by every later run


def test_uploads_are_cleared_when_the_chat_starts(tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "data")
    leftover = settings.data_dir / "uploads" / "20261204-abc" / "aangifte.md"
    leftover.parent.mkdir(parents=True)
    leftover.write_text("Aangifte van Jan Jansen, BSN 111222333.", encoding="utf-8")
    base = fake_baken(settings)
    make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))
    uploads = settings.data_dir / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_a_hash_in_a_file_name_cannot_take_another_documents_original(tmp_path: Path) -> None:
    corpus = tmp_path / "share"
    corpus.mkdir()
    shutil.copy(DEMO_CORPUS / OTHER, corpus / "beleid.md")
    # '#' separates an attachment from its document: this name reads as an attachment of
    # beleid.md, and its original would be kept as beleid.md
    shutil.copy(DEMO_CORPUS / LONG, corpus / "beleid.md#bijlage.md")
    pipeline = make_pipeline(tmp_path / "data")
    report = pipeline.run([corpus], progress=False)
    reasons = {item["file"]: item["reason"] for item in report.documents_skipped}
    assert "'#'" in reasons["beleid.md#bijlage.md"] and "hernoem" in reasons[
        "beleid.md#bijlage.md"]
    assert set(pipeline.store.indexed_files()) == {"beleid.md"}
    kept = pipeline.original_path("beleid.md")
    assert kept is not None and kept.read_bytes() == (corpus / "beleid.md").read_bytes()
