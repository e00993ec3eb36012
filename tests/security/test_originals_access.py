"""Security review (issue 17, item 1): access to un-anonymised data is controlled and audited.

Baken keeps the original (not anonymised) of every indexed file. Searching shows anonymised
passages, but a ``[PERSOON-1]`` passage plus its original gives the real data, so:

- every search (chat and ``POST /api/search``) and every request for an original (``/bron/…``
  and ``/api/originals/…``) goes to ``audit/toegang.jsonl``: login, time, collection and the
  SHA-256 of the question and document names, never the text or the names;
- opening originals is a right of its own per login and collection (``originals_access``), off
  for every login unless granted, on only without login on this computer;
- with ``keep_originals = false`` nothing is copied, and a source shows where the file lies on
  the file share instead of a link.

A real Chroma store on disk, the real API and chat controllers, fast fakes for the anonymiser
and the embedder (``tests/fakes.py``).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.access import AccessDenied
from assistant.app import CollectionBakens
from assistant.config import Settings
from assistant.credentials import hash_password
from assistant.llm.fake import ScriptedLLM
from assistant.ui.auth import ExpiringTokens, LoginGate
from assistant.ui.chat import ChatState
from assistant.ui.context import make_context
from assistant.ui.originals import mount_collection_originals
from tests.conftest import DEMO_CORPUS
from tests.fakes import fake_baken, make_api, settings_for, use_llm

FILE = "apv-almelo-2021.md"
# a question with a name and a BSN: neither may reach the access log, only its hash
QUESTION = "Mag Jan Jansen met BSN 111222333 een terras openen bij zijn horecazaak?"
PASSWORD = "wachtwoord-ann"
OWNER = "browser-toegang-17"


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@pytest.fixture
def share(tmp_path: Path) -> Path:
    """The 'file share' the documents are ingested from."""
    folder = tmp_path / "share" / "beleid"
    folder.mkdir(parents=True)
    shutil.copy(DEMO_CORPUS / FILE, folder / FILE)
    return folder


def make_settings(tmp_path: Path, share: Path, **extra: Any) -> Settings:
    logins = tmp_path / "logins"
    logins.write_text(f"ann:{hash_password(PASSWORD, iterations=1000)}\n", encoding="utf-8")
    settings = settings_for(tmp_path / "data", collection="gemeente-a", ui_auth_file=logins,
                            access={"ann": ["gemeente-a"]}, **extra)
    report = fake_baken(settings).pipeline.run([share], progress=False)
    assert report.documents_indexed == 1, report.summary_nl()
    return settings


def api_client(settings: Settings) -> TestClient:
    app, _ = make_api(settings)
    auth = base64.b64encode(f"ann:{PASSWORD}".encode()).decode()
    return TestClient(app, headers={"Authorization": f"Basic {auth}"})


def access_log(settings: Settings) -> list[dict[str, Any]]:
    path = settings.data_dir / "audit" / "toegang.jsonl"
    assert path.exists(), "er is geen toegangslog geschreven"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def assert_nothing_readable(settings: Settings) -> None:
    raw = (settings.data_dir / "audit" / "toegang.jsonl").read_text(encoding="utf-8")
    for secret in ("111222333", "Jansen", "terras", FILE, "apv-almelo"):
        assert secret not in raw, secret


def test_api_searches_and_originals_are_audited_by_hash(tmp_path: Path, share: Path) -> None:
    settings = make_settings(tmp_path, share, originals_access={"ann": ["gemeente-a"]})
    client = api_client(settings)
    found = client.post("/api/search", json={"question": QUESTION, "collection": "gemeente-a"})
    assert found.status_code == 200
    [source] = [s for s in found.json()["sources"] if s["source_file"] == FILE][:1]
    assert source["original_url"] == f"/api/originals/gemeente-a/{FILE}"
    opened = client.get(source["original_url"])
    assert opened.status_code == 200 and opened.content == (share / FILE).read_bytes()

    search, original = access_log(settings)
    assert search["event"] == "zoeken" and search["via"] == "api"
    assert search["user"] == "ann" and search["collection"] == "gemeente-a"
    assert search["query_sha256"] == sha(QUESTION)
    assert sha(FILE) in search["documents_sha256"]
    assert search["time"].startswith("20")
    assert original == {**original, "event": "origineel", "user": "ann", "served": True,
                        "collection": "gemeente-a", "document_sha256": sha(FILE)}
    assert_nothing_readable(settings)


def test_chat_searches_and_originals_are_audited_by_hash(
        tmp_path: Path, share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(tmp_path, share, originals_access={"ann": ["*"]})
    use_llm(monkeypatch, ScriptedLLM("Volgens de bron [1]."))
    base = fake_baken(settings)
    ctx = make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))
    chat = ctx.scopes.get("ann").chat
    *_, done = chat.search(QUESTION, ChatState(), OWNER, user="ann")
    assert f"bron/{FILE}" in done.panel  # ann may open originals: the link is there
    assert ctx.scopes.original("ann", None, FILE) == (settings.originals_dir / FILE).resolve()

    search, original = access_log(settings)
    assert (search["event"], search["via"], search["user"]) == ("zoeken", "chat", "ann")
    assert search["query_sha256"] == sha(QUESTION) and search["collection"] == "gemeente-a"
    assert sha(FILE) in search["documents_sha256"]
    assert (original["event"], original["user"], original["served"]) == ("origineel", "ann",
                                                                          True)
    assert original["document_sha256"] == sha(FILE)
    assert_nothing_readable(settings)


def test_a_login_needs_the_separate_right_to_open_originals(
        tmp_path: Path, share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = make_settings(tmp_path, share)  # ann may search gemeente-a, nothing more
    client = api_client(settings)
    found = client.post("/api/search", json={"question": "terras", "collection": "gemeente-a"})
    assert all(s["original_url"] is None for s in found.json()["sources"])
    refused = client.get(f"/api/originals/gemeente-a/{FILE}")
    assert refused.status_code == 403
    assert "geen recht om originele (niet-geanonimiseerde) documenten" in refused.json()["error"]

    use_llm(monkeypatch, ScriptedLLM("Volgens de bron [1]."))
    base = fake_baken(settings)
    ctx = make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))
    *_, done = ctx.scopes.get("ann").chat.search("terras", ChatState(), OWNER, user="ann")
    assert FILE in done.panel and "bron/" not in done.panel  # the passage, but no link
    with pytest.raises(AccessDenied, match="geen recht"):
        ctx.scopes.original("ann", None, FILE)
    app = FastAPI()
    mount_collection_originals(app, ctx.scopes.original)
    sessions = ExpiringTokens(3600)
    sessions["token-ann"] = "ann"  # as the chat's login middleware keeps it after a login
    gate = LoginGate(app, login_configured=True, sessions=sessions)
    browser = TestClient(gate)
    browser.cookies.set(gate.cookie, "token-ann")
    page = browser.get(f"/bron/{FILE}")
    assert page.status_code == 403 and "geen recht" in page.text

    refusals = [e for e in access_log(settings) if e["event"] == "origineel"]
    assert [(e["via"], e["served"], e["reason"]) for e in refusals] == [
        ("api", False, "geen-recht"), ("chat", False, "geen-recht"),
        ("chat", False, "geen-recht")]


def test_without_login_on_this_computer_the_one_user_may_open_originals(
        tmp_path: Path, share: Path) -> None:
    settings = settings_for(tmp_path / "data", collection="gemeente-a")
    fake_baken(settings).pipeline.run([share], progress=False)
    app, _ = make_api(settings)
    opened = TestClient(app).get(f"/api/originals/gemeente-a/{FILE}")
    assert opened.status_code == 200
    [entry] = access_log(settings)
    assert entry["user"] is None and entry["served"] is True


def test_with_keep_originals_off_nothing_is_copied_and_the_share_path_is_shown(
        tmp_path: Path, share: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = make_settings(tmp_path, share, originals_access={"ann": ["*"]})
    assert (kept.originals_dir / FILE).is_file()
    settings = kept.updated(keep_originals=False)
    fake_baken(settings).pipeline.run([share], progress=False)  # unchanged, but the setting
    assert not settings.originals_dir.exists()  # the copies kept earlier are gone
    other = share.parent / "nieuw"
    other.mkdir()
    shutil.copy(DEMO_CORPUS / "wet-tijdelijk-huisverbod.md", other / "huisverbod.md")
    fake_baken(settings).pipeline.run([other], progress=False)
    assert not settings.originals_dir.exists()  # nor is a new document copied

    client = api_client(settings)
    found = client.post("/api/search", json={
        "question": "verordening gemeente Almelo en het tijdelijk huisverbod",
        "collection": "gemeente-a", "k": 20})
    places = {s["source_file"]: (s["original_url"], s["share_path"])
              for s in found.json()["sources"]}
    assert places[FILE] == (None, os.path.abspath(share / FILE))
    assert places["huisverbod.md"] == (None, os.path.abspath(other / "huisverbod.md"))
    refused = client.get(f"/api/originals/gemeente-a/{FILE}")
    assert refused.status_code == 404 and "keep_originals" in refused.json()["error"]

    use_llm(monkeypatch, ScriptedLLM("Volgens de bron [1]."))
    base = fake_baken(settings)
    ctx = make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))
    *_, done = ctx.scopes.get("ann").chat.search("terras", ChatState(), OWNER, user="ann")
    assert "bron/" not in done.panel
    assert "origineel op de bestandsshare" in done.panel
    assert os.path.abspath(share / FILE) in done.panel


def test_the_drafters_searches_are_audited_by_hash(tmp_path: Path) -> None:
    from assistant.audit import AccessLog
    from assistant.drafting.audited import AuditedRetriever
    from tests.fakes import FixedRetriever, source

    log = AccessLog(tmp_path / "audit")
    retriever = AuditedRetriever(FixedRetriever([source(1, "De burgemeester kan sluiten.")]),
                                 log, "baken")
    retriever.search("evenementenbeleid van Jan Jansen")
    written = "\n".join(p.read_text("utf-8") for p in (tmp_path / "audit").iterdir())
    assert '"via": "concept"' in written and '"event": "zoeken"' in written
    assert "Jansen" not in written and "evenementenbeleid" not in written
