"""Fast stand-ins for the pipeline tests: a hashing embedder and a runnable slow ingest."""

from __future__ import annotations

import hashlib
import sys
import time
from pathlib import Path

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.index import ChromaChunkStore, chroma_client
from ingest.pipeline import IngestPipeline
from tests.unit.fakes import RegexAnonymizer


class HashEmbedder(Embeddings):
    """Deterministic bag-of-words vectors (dimension 64); optionally slow, to be interrupted."""

    def __init__(self, delay: float = 0.0) -> None:
        self.delay = delay

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(64, dtype=np.float32)
        for word in text.lower().split():
            v[int(hashlib.md5(word.encode()).hexdigest(), 16) % 64] += 1.0
        n = float(np.linalg.norm(v)) or 1.0
        return (v / n).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        time.sleep(self.delay * len(texts))
        return [self._vec(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vec(text)


def make_pipeline(data_dir: Path, delay: float = 0.0) -> IngestPipeline:
    store = ChromaChunkStore(chroma_client(data_dir / "chroma"), "baken",
                             version_file=data_dir / "index.version")
    return IngestPipeline(store, HashEmbedder(delay), RegexAnonymizer(), data_dir,
                          chunk_chars=400, chunk_overlap=50)


if __name__ == "__main__":  # used by the interruption test: python -m ... DATA_DIR CORPUS
    make_pipeline(Path(sys.argv[1]), delay=0.05).run([Path(sys.argv[2])], progress=False)
