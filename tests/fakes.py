"""Every fake and shared helper of the tests, in one place (test modules import from here,
never from each other). Fakes for the slow parts: a regex anonymiser, a retriever with fixed
sources, a hashing embedder, scripted models; and a real ``Baken`` (Chroma on disk, real
retrieval, audit, API) built with them. The end-to-end tests use the real parts.

``python -m tests.fakes DATA_DIR CORPUS`` runs a slow ingest (the interruption test kills it).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
import uvicorn
from fastapi import FastAPI
from langchain_core.embeddings import Embeddings

from assistant.app import Baken, CollectionBakens, MakeBaken, build_baken
from assistant.audit import AccessLog
from assistant.config import Settings, load_settings
from assistant.conversations import ConversationStore
from assistant.core.protocols import Anonymizer, Finding, LLMBackend, Redaction
from assistant.core.schema import Locator, RetrievalResult, Source
from assistant.feedback import FeedbackStore
from assistant.index import ChromaChunkStore, IndexedFile, chroma_client
from assistant.llm.fake import ScriptedLLM
from assistant.server import create_app
from benchmarks.servers import free_port
from ingest.pipeline import IngestPipeline
from tests.conftest import DEMO_CORPUS

# --- anonymisers, retrievers, sources -------------------------------------------------------------


class RegexAnonymizer:
    """Replaces 9-digit numbers as BSN; enough to exercise the question guard."""

    version = "fake-1"
    _bsn = re.compile(r"\b\d{9}\b")

    def find(self, text: str) -> list[Finding]:
        return [Finding("BSN", m.start(), m.end(), 1.0, "fake") for m in self._bsn.finditer(text)]

    def redact(self, texts: Sequence[str]) -> Redaction:
        counts = sum(len(self._bsn.findall(t)) for t in texts)
        return Redaction(texts=tuple(self._bsn.sub("[BSN-1]", t) for t in texts),
                         counts={"BSN": counts} if counts else {})


class FixedRetriever:
    """Returns the same sources for every query and records the queries."""

    def __init__(self, sources: Sequence[Source], relevant: bool = True) -> None:
        self.sources = tuple(sources)
        self.relevant = relevant
        self.queries: list[str] = []

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult:
        self.queries.append(query)
        return RetrievalResult(self.sources, self.relevant, 0.9 if self.relevant else 0.5, 0.001)


def source(rank: int, text: str, article: str = "172a") -> Source:
    return Source(rank=rank, chunk_id=f"c{rank}", text=text, score=0.9,
                  locator=Locator("gemeentewet.md", "Gemeentewet", article=article))


class NameAnonymizer:
    """Flags 'Jan Jansen'/'Piet Pieters' as PERSOON and 9-digit numbers as BSN."""

    version = "fake-names"
    _pattern = re.compile(r"\b(?:Jan Jansen|Piet Pieters)\b|\b\d{9}\b")

    def find(self, text: str) -> list[Finding]:
        return [Finding("BSN" if m.group(0).isdigit() else "PERSOON", m.start(), m.end(), 1.0,
                        "fake") for m in self._pattern.finditer(text)]

    def redact(self, texts: Sequence[str]) -> Redaction:
        numbers: dict[tuple[str, str], str] = {}
        counts: dict[str, int] = {}

        def repl(m: re.Match[str]) -> str:
            label = "BSN" if m.group(0).isdigit() else "PERSOON"
            if (label, m.group(0)) not in numbers:
                counts[label] = counts.get(label, 0) + 1
                numbers[(label, m.group(0))] = f"[{label}-{counts[label]}]"
            return numbers[(label, m.group(0))]

        return Redaction(texts=tuple(self._pattern.sub(repl, t) for t in texts), counts=counts)


# --- models ---------------------------------------------------------------------------------------


class ReplyLLM:
    """Answers each call with the next reply (the last one repeats) and records the prompts."""

    name = "fake-model"

    def __init__(self, *replies: str) -> None:
        self.replies = list(replies)
        self.calls: list[list[dict[str, str]]] = []

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float) -> Iterator[str]:
        self.calls.append([dict(m) for m in messages])
        reply = self.replies[min(len(self.calls) - 1, len(self.replies) - 1)]
        for word in reply.split(" "):
            yield word + " "


class SlowLLM(ScriptedLLM):
    """A scripted model that takes ``delay`` seconds per word (to see parallelism)."""

    def __init__(self, reply: str, delay: float) -> None:
        super().__init__(reply)
        self.delay = delay

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        for piece in super().stream(messages, max_tokens=max_tokens, temperature=temperature,
                                    grammar=grammar):
            time.sleep(self.delay)
            yield piece


PASSAGE = ("De burgemeester kan een woning sluiten als daar drugs worden verkocht. "
           "De sluiting duurt ten hoogste zes maanden.")


# --- embedder and ingest pipeline -----------------------------------------------------------------



class ChosenCosineEmbedder:
    """The question is one axis; each passage body has its chosen cosine to it (any other
    text lies on the question's axis)."""

    def __init__(self, cosines: Sequence[tuple[str, float]]) -> None:
        self.dim = len(cosines) + 1
        self.by_body = {body: (i + 1, cos) for i, (body, cos) in enumerate(cosines)}

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim)
        axis, cos = self.by_body.get(text.split("\n", 1)[-1], (0, 1.0))
        vec[0] = cos
        if axis:
            vec[axis] = np.sqrt(1 - cos * cos)
        return list(vec)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

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


# --- a Baken with the fakes, the HTTP API ---------------------------------------------------------


def settings_for(data_dir: Path, **extra: Any) -> Settings:
    """Test settings: everything relevant passes the gate so the model is always asked."""
    return load_settings(data_dir=data_dir, relevance_threshold=0.0, top_k=3, **extra)


def use_llm(monkeypatch: pytest.MonkeyPatch, llm: LLMBackend) -> None:
    """Every Baken built from now on talks to ``llm``."""
    monkeypatch.setattr("assistant.app.make_llm", lambda settings: llm)


def fake_baken(settings: Settings, *, anonymizer: Anonymizer | None = None,
               embedder: Embeddings | None = None) -> Baken:
    """A real Baken with the regex anonymiser and the hash embedder (or the ones given)."""
    return build_baken(settings, anonymizer=anonymizer or RegexAnonymizer(),
                       embedder=embedder or HashEmbedder())


def ingest(baken: Baken, folder: Path, files: Sequence[str] = (),
           texts: Mapping[str, str] | None = None) -> None:
    """Copy demo files (and write extra texts) into ``folder``, then ingest it."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in files:
        shutil.copy(DEMO_CORPUS / name, folder / name)
    for name, text in (texts or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    report = baken.pipeline.run([folder], progress=False)
    assert not report.documents_skipped, report.summary_nl()


def make_api(settings: Settings,
             make: MakeBaken = fake_baken) -> tuple[FastAPI, CollectionBakens]:
    pool = CollectionBakens(settings, make=make)
    return create_app(settings, pool), pool

class LiveServer:
    """The API on a real loopback socket (uvicorn in a thread), for concurrent clients."""

    def __init__(self, app: FastAPI) -> None:
        self.port = free_port()
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.05)
        assert self.server.started, "API startte niet"
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


def fake_ui_baken(settings: Settings) -> Any:
    """Just enough of a ``Baken`` for the Gradio app: one indexed file, an empty search."""
    files = {"regels.pdf": IndexedFile("regels.pdf", "h", "Regels", 2, 1.8e9)}
    store = SimpleNamespace(indexed_files=lambda: files, count=lambda: 2)
    retriever = SimpleNamespace(search=lambda q, k=None, f=None: RetrievalResult((), False, 0, 0))
    return SimpleNamespace(settings=settings, store=store, embedder=object(),
                           embedder_name="nep-embedder", anonymizer=object(),
                           retriever=retriever, assistant=SimpleNamespace(llm=None),
                           conversations=ConversationStore(settings.data_dir / "conversations"),
                           feedback=FeedbackStore(settings.data_dir / "feedback.jsonl",
                                                  RegexAnonymizer()),
                           access_log=AccessLog(settings.data_dir / "audit"))


# --- eval results ---------------------------------------------------------------------------------


def answered(qid: str, *, file_rank: int | None, location_rank: int | None, refused: bool = False,
             facts: list[bool] | None = None, cited_facts: list[bool] | None = None,
             cited: list[int] | None = None, invalid: list[int] | None = None,
             checked: int = 0, supported: int = 0, timings: dict[str, float] | None = None,
             pii: list[str] | None = None, passed: bool = False) -> dict[str, Any]:
    facts = facts if facts is not None else [True]
    return {
        "id": qid, "kind": "what", "status": "klaar", "answer_facts": ["f"] * len(facts),
        "file_rank": file_rank, "location_rank": location_rank, "refused": refused,
        "facts_in_answer": facts, "facts_in_cited": cited_facts or [False] * len(facts),
        "facts_in_retrieved": [True] * len(facts), "cited": cited or [],
        "invalid_citations": invalid or [], "sentences_checked": checked,
        "sentences_supported": supported, "timings": timings or {}, "pii": pii or [],
        "passed": passed,
    }


# hand-made result records; tests/unit/test_eval_summary.py works out their metrics by hand
EVAL_RESULTS: list[dict[str, Any]] = [
    answered("a1", file_rank=1, location_rank=1, facts=[True, True], cited_facts=[True, False],
             cited=[1], checked=2, supported=2, passed=True,
             timings={"retrieval_s": 0.1, "ttft_s": 1.0, "tokens_per_s": 10.0, "total_s": 3.0}),
    answered("a2", file_rank=2, location_rank=None, facts=[True, False], cited=[1, 2],
             invalid=[6], checked=2, supported=1,
             timings={"retrieval_s": 0.3, "ttft_s": 2.0, "tokens_per_s": 20.0, "total_s": 5.0}),
    answered("a3", file_rank=None, location_rank=None, refused=True, facts=[False],
             timings={"retrieval_s": 0.2, "total_s": 0.2}),
    {"id": "u1", "kind": "unanswerable", "status": "klaar", "refused": True, "passed": True,
     "answer_facts": [], "timings": {"retrieval_s": 0.4, "total_s": 0.4}, "pii": []},
    {"id": "u2", "kind": "unanswerable", "status": "klaar", "refused": False, "passed": False,
     "answer_facts": [], "timings": {"retrieval_s": 0.5, "ttft_s": 3.0, "tokens_per_s": 30.0,
                                     "total_s": 6.0}, "pii": ["BSN"]},
    {"id": "e1", "kind": "where", "status": "fout", "answer_facts": ["x"], "passed": False,
     "timings": {}, "pii": []},
    {"id": "d1", "kind": "draft", "status": "overgeslagen", "answer_facts": [], "passed": None,
     "timings": {}, "pii": []},
]


if __name__ == "__main__":  # used by the interruption test: python -m tests.fakes DATA_DIR CORPUS
    make_pipeline(Path(sys.argv[1]), delay=0.05).run([Path(sys.argv[2])], progress=False)
