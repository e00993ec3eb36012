"""Ingest pipeline on a real Chroma store: idempotent, incremental, interruptible, robust."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from contextlib import closing
from pathlib import Path

import pytest

from ingest.pipeline import IngestBusy, ingest_lock
from tests.conftest import DEMO_CORPUS, REPO
from tests.fakes import make_pipeline

DOCS = ("gemeentewet-172-176a.md", "wet-tijdelijk-huisverbod.md", "apv-almelo-2021.md",
        "beleidsregel-damocles-barneveld-2024.md")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in DOCS:
        shutil.copy(DEMO_CORPUS / name, folder / name)
    return folder


def _ids(data_dir: Path) -> list[str]:
    return [c.chunk_id for c in make_pipeline(data_dir).store.all_chunks()]


def test_second_run_changes_nothing(corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    first = make_pipeline(data).run([corpus], progress=False)
    assert first.documents_indexed == len(DOCS) and first.chunks > len(DOCS)
    ids = _ids(data)
    second = make_pipeline(data).run([corpus], progress=False)
    assert second.documents_indexed == 0
    assert second.documents_unchanged == len(DOCS)
    assert sorted(_ids(data)) == sorted(ids)


def test_a_changed_file_replaces_its_old_chunks(corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_pipeline(data).run([corpus], progress=False)
    target = corpus / "apv-almelo-2021.md"
    target.write_text(target.read_text() + "\n\nArtikel 99 Nieuw\n\nEen geheel nieuwe bepaling.\n")
    report = make_pipeline(data).run([corpus], progress=False)
    assert report.documents_indexed == 1 and report.documents_unchanged == len(DOCS) - 1
    chunks = make_pipeline(data).store.all_chunks()
    hashes = {c.content_hash for c in chunks if c.locator.source_file == target.name}
    assert len(hashes) == 1  # only the new version is left
    assert any("geheel nieuwe bepaling" in c.text for c in chunks)


def test_prune_removes_files_that_are_gone(corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    make_pipeline(data).run([corpus], progress=False)
    (corpus / "apv-almelo-2021.md").unlink()
    kept = make_pipeline(data).run([corpus], progress=False)
    assert "apv-almelo-2021.md" in make_pipeline(data).store.indexed_files()  # not by default
    assert kept.documents_removed == []
    pruned = make_pipeline(data).run([corpus], prune=True, progress=False)
    assert pruned.documents_removed == ["apv-almelo-2021.md"]
    assert "apv-almelo-2021.md" not in make_pipeline(data).store.indexed_files()
    assert not (data / "originals" / "apv-almelo-2021.md").exists()


def test_originals_are_kept_for_the_ui_and_paths_cannot_escape(corpus: Path,
                                                               tmp_path: Path) -> None:
    data = tmp_path / "data"
    pipeline = make_pipeline(data)
    pipeline.run([corpus], progress=False)
    kept = pipeline.original_path("gemeentewet-172-176a.md")
    assert kept is not None
    assert kept.read_bytes() == (corpus / "gemeentewet-172-176a.md").read_bytes()
    assert pipeline.original_path("../../etc/passwd") is None
    assert pipeline.original_path("/etc/passwd") is None


def test_kill_minus_9_mid_run_then_rerun_leaves_no_duplicates_or_orphans(
        corpus: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "tests.fakes", str(data),
                             str(corpus)], cwd=REPO, env=env)
    deadline = time.time() + 60
    # wait until at least one document is complete, then kill in the middle of the next
    while time.time() < deadline and not make_pipeline_has_chunks(data):
        time.sleep(0.2)
    time.sleep(0.3)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    report = make_pipeline(data).run([corpus], progress=False)
    assert report.documents_indexed + report.documents_unchanged == len(DOCS)
    reference = tmp_path / "reference"
    make_pipeline(reference).run([corpus], progress=False)
    assert sorted(_ids(data)) == sorted(_ids(reference))
    assert max(Counter(_ids(data)).values()) == 1


def make_pipeline_has_chunks(data: Path) -> bool:
    """Whether the killed-to-be run stored a chunk, read without opening a Chroma client.

    A second client would create the store's tables itself when it opens the folder first, and
    the running ingest then stops with 'table collections already exists' before the kill.
    """
    database = data / "chroma" / "chroma.sqlite3"
    if not database.exists():
        return False
    try:
        with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=1)) as db:
            return int(db.execute("SELECT count(*) FROM embeddings").fetchone()[0]) > 0
    except sqlite3.Error:  # the store is still being created
        return False


def test_a_second_ingest_on_the_same_data_dir_is_refused(tmp_path: Path) -> None:
    with (ingest_lock(tmp_path), pytest.raises(IngestBusy, match="al een inleesactie"),
          ingest_lock(tmp_path)):
        pass


def test_bad_files_are_reported_and_the_rest_is_indexed(corpus: Path, tmp_path: Path) -> None:
    (corpus / "leeg.txt").write_bytes(b"")
    (corpus / "kapot.pdf").write_bytes(b"%PDF-1.4\n garbage without structure")
    (corpus / "tabel.xyz").write_text("onbekend")
    (corpus / "windows.txt").write_bytes("Artikel 1\n\nDe burgemeester beslist over café's "
                                         "en ‘terrassen’.".encode("cp1252"))
    (corpus / "lus").symlink_to(corpus, target_is_directory=True)
    data = tmp_path / "data"
    make_pipeline(data).run([corpus], progress=False)
    (corpus / "apv-almelo-2021.md").write_text("gewijzigd maar nu kapot?" * 0)  # now empty
    report = make_pipeline(data).run([corpus], progress=False)
    reasons = {item["file"]: item["reason"] for item in report.documents_skipped}
    assert "leeg" in reasons["leeg.txt"]
    assert "PDF" in reasons["kapot.pdf"] or "beschadigd" in reasons["kapot.pdf"]
    assert "niet ondersteund" in reasons["tabel.xyz"]
    assert "apv-almelo-2021.md" in reasons
    indexed = make_pipeline(data).store.indexed_files()
    assert "windows.txt" in indexed
    # the earlier version of a file that now fails is kept: nothing already indexed is lost
    assert "apv-almelo-2021.md" in indexed
    texts = " ".join(c.text for c in make_pipeline(data).store.all_chunks())
    assert "café's" in texts


def test_leftovers_of_an_interrupted_write_are_cleaned_up(corpus: Path, tmp_path: Path) -> None:
    """Half a document, and an old version whose replacement finished: both are removed."""
    from dataclasses import replace

    data = tmp_path / "data"
    pipeline = make_pipeline(data)
    pipeline.run([corpus], progress=False)
    store = pipeline.store
    chunks = [c for c in store.all_chunks() if c.locator.source_file == "apv-almelo-2021.md"]
    vectors = pipeline.embedder.embed_documents([c.text for c in chunks])
    # an older version of the same file (different hash, written earlier) …
    old = [replace(c, chunk_id=c.chunk_id + "-old", content_hash="oud") for c in chunks]
    store.add(old, vectors)
    store._collection.update(ids=[c.chunk_id for c in old],
                             metadatas=[{"indexed_at": 1.0}] * len(old))
    # … and half of a document whose run was killed
    half = [replace(c, chunk_id=c.chunk_id + "-half", content_hash="half",
                    locator=replace(c.locator, source_file="half.md")) for c in chunks + chunks]
    store.add(half[: len(chunks)], vectors)
    store._collection.update(ids=[c.chunk_id for c in half[: len(chunks)]],
                             metadatas=[{"n_chunks": 2 * len(chunks)}] * len(chunks))
    cleaned = store.remove_leftovers()
    assert cleaned == ["apv-almelo-2021.md", "half.md"]
    remaining = {c.content_hash for c in store.all_chunks()}
    assert "oud" not in remaining and "half" not in remaining


def test_the_report_counts_pdf_pages_and_page_equivalents(tmp_path: Path) -> None:
    from tests.fixtures_formats import pdf_bytes

    folder = tmp_path / "in"
    folder.mkdir()
    pages = [[f"Artikel {n}", f"Pagina {n}: de burgemeester kan een bevel geven."]
             for n in range(1, 4)]
    (folder / "drie-paginas.pdf").write_bytes(pdf_bytes(pages))
    (folder / "lang.txt").write_text("Tekst over evenementen. " * 300, encoding="utf-8")
    report = make_pipeline(tmp_path / "data").run([folder], progress=False)
    assert report.documents_indexed == 2
    # 3 PDF pages + 7,200 characters of text = 3 page equivalents of 3,000 characters
    assert report.pages == 3 + 3
    assert report.to_json()["pages"] == 6
