"""A real ``Baken`` (Chroma on disk, real retrieval, audit, API) with fast fakes for the slow
parts: a regex anonymiser, a hashing embedder and a scripted model that records its prompts."""

from __future__ import annotations

import shutil
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI

from assistant.app import Baken, build_baken
from assistant.config import Settings, load_settings
from assistant.llm.fake import ScriptedLLM
from assistant.protocols import LLMBackend
from assistant.server import CollectionBakens, create_app
from benchmarks.servers import free_port
from tests.conftest import DEMO_CORPUS
from tests.integration.pipeline_fakes import HashEmbedder
from tests.unit.fakes import RegexAnonymizer


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


def settings_for(data_dir: Path, **extra: Any) -> Settings:
    """Test settings: everything relevant passes the gate so the model is always asked."""
    return load_settings(data_dir=data_dir, relevance_threshold=0.0, top_k=3, **extra)


def use_llm(monkeypatch: pytest.MonkeyPatch, llm: LLMBackend) -> None:
    """Every Baken built from now on talks to ``llm``."""
    monkeypatch.setattr("assistant.app.make_llm", lambda settings: llm)


def fake_baken(settings: Settings) -> Baken:
    baken = build_baken(settings)
    vars(baken)["anonymizer"] = RegexAnonymizer()
    vars(baken)["embedder"] = HashEmbedder()
    return baken


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
             make: Callable[[Settings], Baken] = fake_baken) -> tuple[FastAPI, CollectionBakens]:
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
