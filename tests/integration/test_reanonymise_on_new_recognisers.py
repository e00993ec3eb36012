"""Better recognisers re-anonymise what an older version indexed: a document counts as
unchanged only when its text and the anonymisation are both the same."""

from __future__ import annotations

from pathlib import Path

from assistant.index import ChromaChunkStore, chroma_client
from ingest.pipeline import IngestPipeline
from tests.fakes import HashEmbedder, RegexAnonymizer


def _pipeline(tmp_path: Path, key: str) -> tuple[IngestPipeline, ChromaChunkStore]:
    data = tmp_path / "data"
    store = ChromaChunkStore(chroma_client(data / "chroma"), "baken",
                             version_file=data / "index.version")
    pipeline = IngestPipeline(store, HashEmbedder(), RegexAnonymizer(), data,
                              anonymisation_key=key)
    return pipeline, store


def test_a_new_anonymisation_key_reindexes_an_unchanged_document(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "beleid.md").write_text("# Beleid\n\nDe burgemeester kan een woning sluiten.\n",
                                    encoding="utf-8")
    old, _ = _pipeline(tmp_path, "v1")
    assert old.run([docs], progress=False).documents_indexed == 1
    again, _ = _pipeline(tmp_path, "v1")
    assert again.run([docs], progress=False).documents_unchanged == 1
    newer, store = _pipeline(tmp_path, "v2")
    report = newer.run([docs], progress=False)
    assert report.documents_indexed == 1 and report.documents_unchanged == 0
    keys = set(store.file_hashes().values())
    assert len(keys) == 1 and keys.pop().endswith("+v2")  # the old chunks are gone
    assert report.audit[0]["sha256"] == report.audit[0]["index_key"].split("+")[0]
