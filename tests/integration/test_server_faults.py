"""Faults in server mode: the LLM server dying mid-answer or down, the Chroma server
restarting, the disk filling up during an ingest, and two ingests at once."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.core.schema import Chunk
from assistant.errors import dutch_error
from assistant.index import ChromaChunkStore
from assistant.llm.openai_compat import LLMUnavailable, OpenAICompatBackend
from assistant.service import Assistant, TextDelta
from benchmarks.servers import chroma_server, free_port
from ingest.pipeline import IngestBusy
from tests.conftest import DEMO_CORPUS, REPO
from tests.fakes import (
    FixedRetriever,
    RegexAnonymizer,
    fake_baken,
    ingest,
    make_api,
    make_pipeline,
    settings_for,
    source,
)

WORDS = ["Volgens", " [1]", " mag", " de", " burgemeester", " sluiten."]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _FakeServer

    def log_message(self, *args: Any) -> None:  # keep test output quiet
        pass

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        self.wfile.flush()

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        try:
            self._respond()
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (time-out test)
            self.close_connection = True

    def _respond(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        mode = self.server.mode
        if mode == "error":
            self.send_response(500)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if mode == "hang":
            time.sleep(3)
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        words = WORDS[:2] if mode in ("die", "cut") else WORDS
        events: list[dict[str, Any]] = [{"delta": {"role": "assistant"}}]
        events += [{"delta": {"content": word}} for word in words]
        if mode == "ok":
            events.append({"delta": {}, "finish_reason": "stop"})
        for choice in events:
            event = {"choices": [{"index": 0, "finish_reason": None, **choice}]}
            self._chunk(f"data: {json.dumps(event)}\n\n".encode())
            time.sleep(0.01)
        if mode == "die":  # the process is killed: the connection just ends
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self._chunk(b"data: [DONE]\n\n")  # "cut": [DONE] without a finish_reason
        self.wfile.write(b"0\r\n\r\n")


class _FakeServer(ThreadingHTTPServer):
    daemon_threads = True
    mode = "ok"


class FakeLLMServer:
    """An OpenAI-compatible streaming endpoint that can answer, fail, hang or die."""

    def __init__(self, port: int, mode: str = "ok") -> None:
        self.port, self.mode = port, mode
        self._server: _FakeServer | None = None

    def start(self) -> FakeLLMServer:
        self._server = _FakeServer(("127.0.0.1", self.port), _Handler)
        self._server.mode = self.mode
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()


@pytest.fixture
def port() -> int:
    return free_port()


def _assistant(backend: OpenAICompatBackend) -> Assistant:
    sources = [source(1, "De burgemeester kan een woning sluiten bij overlast.")]
    return Assistant(FixedRetriever(sources), RegexAnonymizer(), lambda: backend)


def _ask(assistant: Assistant) -> tuple[list[str], BaseException | None]:
    pieces: list[str] = []
    try:
        for event in assistant.ask("Wanneer mag de burgemeester een woning sluiten?"):
            if isinstance(event, TextDelta):
                pieces.append(event.text)
    except LLMUnavailable as exc:
        return pieces, exc
    return pieces, None


def test_llm_server_dying_mid_answer_gives_a_dutch_error_then_recovers(port: int) -> None:
    backend = OpenAICompatBackend(f"http://127.0.0.1:{port}/v1", timeout=10)
    assistant = _assistant(backend)
    server = FakeLLMServer(port, "die").start()
    try:
        pieces, error = _ask(assistant)
    finally:
        server.stop()
    assert pieces == WORDS[:2]  # the user saw the start of the answer
    assert isinstance(error, LLMUnavailable)
    assert "viel weg tijdens het antwoord" in str(error)
    assert dutch_error(error) == str(error)  # what the CLI prints
    _, down = _ask(assistant)
    assert isinstance(down, LLMUnavailable) and "niet bereikbaar" in str(down)
    server = FakeLLMServer(port, "ok").start()  # restarted
    try:
        pieces, error = _ask(assistant)
    finally:
        server.stop()
    assert error is None and "".join(pieces) == "".join(WORDS)


@pytest.mark.parametrize(("mode", "expected"), [("error", "niet bereikbaar"),
                                                ("hang", "niet op tijd"),
                                                ("cut", "brak het antwoord voortijdig af")])
def test_llm_server_errors_and_time_outs_are_dutch(port: int, mode: str, expected: str) -> None:
    backend = OpenAICompatBackend(f"http://127.0.0.1:{port}/v1", timeout=1)
    server = FakeLLMServer(port, mode).start()
    try:
        _, error = _ask(_assistant(backend))
    finally:
        server.stop()
    assert isinstance(error, LLMUnavailable) and expected in str(error)


@pytest.mark.slow
def test_search_works_again_after_the_chroma_server_restarts(tmp_path: Path) -> None:
    chroma = chroma_server(tmp_path / "chroma", free_port(), tmp_path / "chroma.log")
    chroma.start(timeout=60)
    try:
        settings = settings_for(tmp_path / "data", chroma_host="127.0.0.1",
                                chroma_port=chroma.port)
        ingest(fake_baken(settings), tmp_path / "corpus",
               ["apv-almelo-2021.md", "wet-tijdelijk-huisverbod.md"])
        app, _ = make_api(settings)
        api = TestClient(app)
        question = {"question": "Hoeveel dagen geldt een huisverbod?", "k": 3}
        before = api.post("/api/search", json=question).json()["sources"]
        chroma.stop()
        down = api.post("/api/search", json={**question, "question": "huisverbod opnieuw"})
        assert down.status_code == 503
        assert down.json()["error"].startswith("De documentopslag is nu niet bereikbaar")
        chroma.start(timeout=60)
        after = api.post("/api/search", json=question)  # same process, no restart of Baken
        assert after.status_code == 200
        assert [s["text"] for s in after.json()["sources"]] == [s["text"] for s in before]
        assert before[0]["source_file"] == "wet-tijdelijk-huisverbod.md"
    finally:
        chroma.stop()


def test_a_full_disk_during_ingest_leaves_nothing_half_indexed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("apv-almelo-2021.md", "wet-tijdelijk-huisverbod.md"):
        shutil.copy(DEMO_CORPUS / name, corpus / name)
    data = tmp_path / "data"
    real_add = ChromaChunkStore.add

    class FullAfterOneBatch:
        """The collection accepts one batch of writes, then the disk is full."""

        def __init__(self, inner: Any) -> None:
            self.inner, self.writes = inner, 0

        def upsert(self, **kwargs: Any) -> None:
            self.writes += 1
            if self.writes > 1:
                raise OSError(errno.ENOSPC, "No space left on device")
            self.inner.upsert(**kwargs)

        def __getattr__(self, name: str) -> Any:
            return getattr(self.inner, name)

    def add_until_full(self: ChromaChunkStore, chunks: Sequence[Chunk],
                       embeddings: Sequence[Sequence[float]]) -> None:
        if chunks[0].locator.source_file != "wet-tijdelijk-huisverbod.md":
            return real_add(self, chunks, embeddings)
        inner = self._collection
        self._collection = FullAfterOneBatch(inner)
        try:
            real_add(self, chunks, embeddings)
        finally:
            self._collection = inner

    monkeypatch.setattr("assistant.index._BATCH", 5)  # the big document takes several writes
    monkeypatch.setattr(ChromaChunkStore, "add", add_until_full)
    with pytest.raises(OSError) as failed:
        make_pipeline(data).run([corpus], progress=False)
    assert "schijf is vol" in dutch_error(failed.value)
    store = make_pipeline(data).store
    written = [c for c in store.all_chunks()
               if c.locator.source_file == "wet-tijdelijk-huisverbod.md"]
    assert len(written) == 5  # one batch of the big document was written …
    assert set(store.indexed_files()) == {"apv-almelo-2021.md"}  # … but it is not listed
    monkeypatch.setattr(ChromaChunkStore, "add", real_add)  # space freed
    report = make_pipeline(data).run([corpus], progress=False)
    assert report.documents_indexed == 1 and report.documents_unchanged == 1
    store = make_pipeline(data).store
    files = store.indexed_files()
    chunks = store.all_chunks()
    assert sum(f.chunks for f in files.values()) == len(chunks)  # no stray half group
    assert len({c.chunk_id for c in chunks}) == len(chunks)


LOCK_HOLDER = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from ingest.pipeline import ingest_lock\n"
    "with ingest_lock(Path(sys.argv[1])):\n"
    "    print('bezig', flush=True)\n"
    "    time.sleep(120)\n"
)


@contextmanager
def another_ingest_running(data: Path) -> Iterator[None]:
    """Another process holds the ingest lock of ``data`` (as a running ingest does)."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-c", LOCK_HOLDER, str(data)], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "bezig"
        yield
    finally:
        proc.kill()
        proc.wait()


def test_a_second_ingest_of_the_same_folder_is_refused_in_dutch(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(DEMO_CORPUS / "apv-almelo-2021.md", corpus)
    data = tmp_path / "data"
    with another_ingest_running(data), pytest.raises(IngestBusy) as busy:
        make_pipeline(data).run([corpus], progress=False)
    assert dutch_error(busy.value) == ("Er loopt al een inleesactie op deze datamap; "
                                       "probeer het later opnieuw.")
    assert make_pipeline(data).store.count() == 0  # the refused run wrote nothing
    report = make_pipeline(data).run([corpus], progress=False)  # once the other one is done
    assert report.documents_indexed == 1
