"""The HTTP API of the shared server: logins, access per collection, answers, streaming,
audit, limits and parallel requests (real store and retrieval, fast fakes for the rest)."""

from __future__ import annotations

import base64
import json
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.credentials import hash_password
from assistant.llm.fake import ScriptedLLM
from assistant.server import MAX_BODY_BYTES
from assistant.service import NO_LEAD
from tests.fakes import (
    LiveServer,
    SlowLLM,
    fake_baken,
    ingest,
    make_api,
    settings_for,
    use_llm,
)

REPLY = "Volgens [1] geldt dit. \"Een zin.\" [1]"
USERS = {"ann": "wachtwoord-ann-123", "bob": "wachtwoord-bob-123", "regio": "wachtwoord-regio"}


def _auth(user: str) -> dict[str, str]:
    token = base64.b64encode(f"{user}:{USERS[user]}".encode()).decode()
    return {"Authorization": f"Basic {token}"}


@pytest.fixture
def llm(monkeypatch: pytest.MonkeyPatch) -> ScriptedLLM:
    fake = ScriptedLLM(REPLY)
    use_llm(monkeypatch, fake)
    return fake


@pytest.fixture
def client(tmp_path: Path, llm: ScriptedLLM) -> TestClient:
    """Two municipalities' collections, three users, login on."""
    logins = tmp_path / "logins"
    logins.write_text("".join(f"{u}:{hash_password(p, iterations=1000)}\n"
                              for u, p in USERS.items()))
    access = {"ann": ["gemeente-a"], "bob": ["gemeente-b"], "regio": ["*"]}
    settings = settings_for(tmp_path / "data", collection="gemeente-a", ui_auth_file=logins,
                            access=access)
    ingest(fake_baken(settings), tmp_path / "a", ["gemeentewet-172-176a.md"])
    b = settings.model_copy(update={"collection": "gemeente-b"})
    ingest(fake_baken(b), tmp_path / "b", ["wet-tijdelijk-huisverbod.md"])
    app, _ = make_api(settings)
    return TestClient(app)


def test_health_needs_no_login_but_everything_else_does(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok"}
    response = client.post("/api/search", json={"question": "sluiting woning"})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Basic"
    assert response.json()["error"] == "Log eerst in."
    wrong = {"Authorization": "Basic " + base64.b64encode(b"ann:fout").decode()}
    assert client.get("/api/collections", headers=wrong).status_code == 401


def test_users_see_only_their_granted_collections(client: TestClient) -> None:
    assert client.get("/api/collections", headers=_auth("ann")).json() == {
        "collections": ["gemeente-a"], "default": "gemeente-a"}
    assert client.get("/api/collections", headers=_auth("bob")).json()["collections"] == [
        "gemeente-b"]
    assert client.get("/api/collections", headers=_auth("regio")).json()["collections"] == [
        "gemeente-a", "gemeente-b"]


def test_searching_another_collection_is_refused_in_dutch(client: TestClient) -> None:
    own = client.post("/api/search", headers=_auth("bob"),
                      json={"question": "huisverbod tien dagen", "collection": "gemeente-b"})
    assert own.status_code == 200
    assert {s["source_file"] for s in own.json()["sources"]} == {"wet-tijdelijk-huisverbod.md"}
    other = client.post("/api/search", headers=_auth("bob"),
                        json={"question": "sluiting woning", "collection": "gemeente-a"})
    assert other.status_code == 403
    assert "geen toegang" in other.json()["error"]
    default = client.post("/api/search", headers=_auth("bob"), json={"question": "sluiting"})
    assert default.status_code == 403  # bob's grant does not include the default collection
    missing = client.post("/api/search", headers=_auth("regio"),
                          json={"question": "x y z", "collection": "gemeente-c"})
    assert missing.status_code == 403 and "bestaat niet" in missing.json()["error"]
    bad = client.post("/api/search", headers=_auth("regio"),
                      json={"question": "x", "collection": "../gemeente-a"})
    assert bad.status_code == 403


def test_ask_answers_with_sources_and_the_audit_log_has_no_identifiers(
        client: TestClient, tmp_path: Path) -> None:
    question = "Mag de burgemeester de woning van BSN 123456789 sluiten?"
    response = client.post("/api/ask", headers=_auth("ann"), json={"question": question})
    assert response.status_code == 200
    body = response.json()
    assert body["collection"] == "gemeente-a"
    # the quoted evidence with its locator (the fake model's own sentence is not carried by
    # the source, so Baken's fixed lead stands above it)
    lead, _, quotes = body["answer"].partition("\n\n**Uit de bronnen:**\n\n")
    assert lead == NO_LEAD and "geldt dit" not in body["answer"]
    assert quotes and "— Gemeentewet" in quotes
    assert body["citations"] and body["citations"][0]["source_file"] == "gemeentewet-172-176a.md"
    assert any("BSN" in w for w in body["warnings"])
    lines = (tmp_path / "data" / "audit" / "vragen.jsonl").read_text().splitlines()
    entry = json.loads(lines[-1])
    assert entry["user"] == "ann" and entry["collection"] == "gemeente-a"
    assert "123456789" not in lines[-1] and "[BSN-1]" in entry["question"]


def test_ask_streams_json_lines(client: TestClient) -> None:
    with client.stream("POST", "/api/ask", headers=_auth("regio"),
                       json={"question": "huisverbod", "collection": "gemeente-b",
                             "stream": True}) as response:
        assert response.headers["content-type"].startswith("application/x-ndjson")
        events = [json.loads(line) for line in response.iter_lines() if line]
    kinds = [e["type"] for e in events]
    assert kinds[0] == "sources" and kinds[-1] == "answer"
    assert "delta" in kinds
    assert "".join(e["text"] for e in events if e["type"] == "delta").strip() == REPLY
    assert events[-1]["collection"] == "gemeente-b"


def test_bad_requests_get_dutch_errors(client: TestClient) -> None:
    empty = client.post("/api/ask", headers=_auth("ann"), json={"question": "   "})
    assert empty.status_code == 400 and "leeg" in empty.json()["error"]
    invalid = client.post("/api/search", headers=_auth("ann"), json={"question": "x", "k": 99})
    assert invalid.status_code == 422 and "controleer de velden: k" in invalid.json()["error"]
    huge = client.post("/api/ask", headers={**_auth("ann"), "content-type": "application/json"},
                       content=b'{"question": "' + b"a" * MAX_BODY_BYTES + b'"}')
    assert huge.status_code == 413
    assert client.get("/api/nergens", headers=_auth("ann")).status_code == 404


def test_the_llm_server_being_down_is_a_dutch_503(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.llm.openai_compat import OpenAICompatBackend
    from benchmarks.servers import free_port

    use_llm(monkeypatch, OpenAICompatBackend(f"http://127.0.0.1:{free_port()}/v1"))
    settings = settings_for(tmp_path / "data")
    ingest(fake_baken(settings), tmp_path / "a", ["apv-almelo-2021.md"])
    app, _ = make_api(settings)
    response = TestClient(app).post("/api/ask", json={"question": "APV Almelo"})
    assert response.status_code == 503
    assert "niet bereikbaar" in response.json()["error"]


def test_parallel_requests_run_side_by_side_with_a_server_backend(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slow = SlowLLM("een twee drie vier vijf [1]", delay=0.2)  # about 1.2 s per answer
    use_llm(monkeypatch, slow)
    settings = settings_for(tmp_path / "data")
    ingest(fake_baken(settings), tmp_path / "a", ["apv-almelo-2021.md"])
    app, pool = make_api(settings)
    pool.warm()
    with LiveServer(app) as live:
        def ask(i: int) -> int:
            return httpx.post(f"{live.url}/api/ask", json={"question": f"APV Almelo {i}"},
                              timeout=60).status_code

        started = time.perf_counter()
        with ThreadPoolExecutor(4) as executor:
            codes = list(executor.map(ask, range(4)))
        elapsed = time.perf_counter() - started
    assert codes == [200] * 4
    assert len(slow.calls) == 1 + 4  # the warm-up reads the fixed prompt start once
    assert elapsed < 4 * 1.2  # one after the other would take at least 4.8 s


def test_an_unexpected_error_is_a_dutch_500_without_details(
        client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("interne details van zaak Z-2026-00417")

    monkeypatch.setattr("assistant.retrieval.HybridRetriever.search", broken)
    response = client.post("/api/search", headers=_auth("ann"), json={"question": "sluiting"})
    assert response.status_code == 500
    assert response.json()["error"].startswith("Er ging iets onverwachts mis (RuntimeError)")
    assert "Z-2026" not in response.text


def test_the_example_regional_settings_load_and_grant_as_documented(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.access import may_access
    from assistant.config import load_settings
    from tests.conftest import REPO

    monkeypatch.setenv("BAKEN_SETTINGS", str(REPO / "deploy" / "baken.toml.example"))
    settings = load_settings()
    assert settings.server.chroma_host == "127.0.0.1" and settings.server.llm_base_url
    assert may_access(settings, "fatima.gemeente-a", "gemeente-a")
    assert may_access(settings, "fatima.gemeente-a", "regio")
    assert not may_access(settings, "fatima.gemeente-a", "gemeente-b")
    assert may_access(settings, "beheer.regio", "gemeente-b")
    assert not may_access(settings, "onbekend", "regio")
    assert not may_access(settings, None, "gemeente-a")  # without login: default only
