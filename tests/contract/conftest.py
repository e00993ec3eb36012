"""The two configurations of the contract suite, each with the same small corpus ingested.

``embedded``: Chroma on disk and llama.cpp in-process. ``server``: ``chroma run`` reached over
HTTP and ``python -m llama_cpp.server`` reached as an OpenAI-compatible endpoint, both on
loopback, started once per session and stopped at the end. The embedder and anonymiser stay
in-process in both (as in production); the suite uses a fast regex anonymiser and memoises
embeddings so the corpus is embedded only once.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from langchain_core.embeddings import Embeddings

from assistant.app import Baken, build_baken
from assistant.config import load_settings
from assistant.embeddings import make_embedder
from assistant.llm import demo_model_path
from benchmarks.servers import ManagedProcess, chroma_server, free_port, llm_server
from tests.conftest import DEMO_CORPUS
from tests.fakes import RegexAnonymizer

COLLECTION_A = "gemeente-a"
COLLECTION_B = "gemeente-b"
FILES_A = ("evenementenbeleid-heeze-leende-2022.md", "apv-almelo-2021.md",
           "beleidsregel-damocles-barneveld-2024.md")
FILES_B = ("beleidsregel-cameratoezicht-apeldoorn-2025.md",)
MODEL_ALIAS = "smollm2-demo"


class MemoEmbedder(Embeddings):
    """Wraps the real embedder and remembers vectors, so both configurations share them."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner
        self.cache: dict[str, list[float]] = {}
        self.queries: dict[str, list[float]] = {}

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        missing = [t for t in dict.fromkeys(texts) if t not in self.cache]
        if missing:
            self.cache.update(zip(missing, self.inner.embed_documents(missing), strict=True))
        return [self.cache[t] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        if text not in self.queries:
            self.queries[text] = self.inner.embed_query(text)
        return self.queries[text]


@dataclass
class Config:
    """One configuration: a Baken per collection over the same settings."""

    kind: str
    a: Baken
    b: Baken
    model_name: str
    llm: ManagedProcess | None = None
    chroma: ManagedProcess | None = None


@pytest.fixture(scope="session")
def embedder() -> MemoEmbedder:
    return MemoEmbedder(make_embedder("e5-onnx"))


def _serve(proc: ManagedProcess, timeout: float) -> Iterator[ManagedProcess]:
    try:
        yield proc.start(timeout=timeout)
    finally:
        proc.stop()


@pytest.fixture(scope="session")
def chroma_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedProcess]:
    """``chroma run`` on a free loopback port, for the whole session."""
    work = tmp_path_factory.mktemp("chroma-server")
    yield from _serve(chroma_server(work / "chroma", free_port(), work / "chroma.log"), 60)


@pytest.fixture(scope="session")
def llm_process(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ManagedProcess]:
    """The llama-cpp-python server with the demo model on a free loopback port."""
    work = tmp_path_factory.mktemp("llm-server")
    yield from _serve(llm_server(demo_model_path(), free_port(), work / "llm.log",
                                 alias=MODEL_ALIAS), 120)


@pytest.fixture(scope="session")
def servers(chroma_process: ManagedProcess, llm_process: ManagedProcess
            ) -> tuple[ManagedProcess, ManagedProcess]:
    """A Chroma server and an LLM server, each started once per session."""
    return chroma_process, llm_process


def _corpus(folder: Path, names: tuple[str, ...]) -> Path:
    folder.mkdir(parents=True)
    for name in names:
        shutil.copy(DEMO_CORPUS / name, folder / name)
    return folder


def _baken(embedder: Embeddings, **settings: object) -> Baken:
    return build_baken(load_settings(top_k=2, max_tokens=32, **settings),
                       anonymizer=RegexAnonymizer(), embedder=embedder)


@pytest.fixture(scope="session", params=["embedded", "server"])
def config(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
           embedder: MemoEmbedder) -> Config:
    kind = str(request.param)
    work = tmp_path_factory.mktemp(f"contract-{kind}")
    chroma = llm = None
    extra: dict[str, object] = {}
    model_name = demo_model_path().name
    if kind == "server":
        chroma, llm = request.getfixturevalue("servers")
        extra = {"chroma_host": "127.0.0.1", "chroma_port": chroma.port,
                 "llm_base_url": f"http://127.0.0.1:{llm.port}/v1", "llm_model": MODEL_ALIAS}
        model_name = MODEL_ALIAS
    data = work / "data"
    a = _baken(embedder, data_dir=data, collection=COLLECTION_A, **extra)
    b = _baken(embedder, data_dir=data, collection=COLLECTION_B, **extra)
    report_a = a.pipeline.run([_corpus(work / "a", FILES_A)], progress=False)
    report_b = b.pipeline.run([_corpus(work / "b", FILES_B)], progress=False)
    assert report_a.documents_indexed == len(FILES_A), report_a.summary_nl()
    assert report_b.documents_indexed == len(FILES_B), report_b.summary_nl()
    return Config(kind, a, b, model_name, llm=llm, chroma=chroma)
