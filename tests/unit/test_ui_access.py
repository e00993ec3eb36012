"""The chat applies the ``[access]`` grants per login, as the HTTP API does.

Two municipalities' collections in a real Chroma store (fast fakes for the anonymiser, the
embedder and the model); the Gradio handlers are called directly with a request that carries
the login name, as Gradio passes it. The configured collection is ``gemeente-b``, so the old
behaviour (every login works in the configured collection) fails these tests.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from assistant.app import CollectionBakens
from assistant.config import Settings
from assistant.llm.fake import ScriptedLLM
from assistant.ui.app import build_ui
from assistant.ui.auth import ExpiringTokens, LoginGate
from assistant.ui.chat import ChatState
from assistant.ui.chat_handlers import MODE_ASK, MODE_SEARCH
from assistant.ui.context import UIContext, make_context
from assistant.ui.originals import mount_collection_originals
from assistant.ui.scopes import NO_ACCESS
from tests.fakes import fake_baken, ingest, settings_for, use_llm

A_FILE = "gemeentewet-172-176a.md"  # only in gemeente-a
B_FILE = "wet-tijdelijk-huisverbod.md"  # only in gemeente-b, the configured collection
ACCESS = {"ann": ["gemeente-a"], "regio": ["gemeente-a", "gemeente-b"]}
# opening originals is a right of its own (off for every login unless granted)
ORIGINALS = {"ann": ["gemeente-a"], "regio": ["*"]}
OWNER = "browser-toegang-01"


def request(user: str | None) -> Any:
    return SimpleNamespace(username=user)


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    chosen = settings_for(tmp_path / "data", collection="gemeente-b", auth_user="beheer",
                          auth_password="lang-genoeg-wachtwoord", access=ACCESS,
                          originals_access=ORIGINALS)
    ingest(fake_baken(chosen), tmp_path / "b", [B_FILE])
    a = chosen.model_copy(update={"collection": "gemeente-a"})
    ingest(fake_baken(a), tmp_path / "a", [A_FILE])
    return chosen


@pytest.fixture
def ctx(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> UIContext:
    use_llm(monkeypatch, ScriptedLLM("Volgens de bron geldt dit [1]."))
    base = fake_baken(settings)
    return make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))


@pytest.fixture
def ui(ctx: UIContext) -> Callable[[str], Callable[..., Any]]:
    """The handler with this name, as the built app calls it."""
    demo = build_ui(ctx.baken, context=ctx)
    found: dict[str, set[Callable[..., Any]]] = {}
    for fn in demo.fns.values():
        found.setdefault(getattr(fn.fn, "__name__", ""), set()).add(fn.fn)

    def handler(name: str) -> Callable[..., Any]:
        [fn] = found[name]
        return fn

    return handler


def _last(updates: Iterator[tuple[Any, ...]]) -> ChatState:
    *_, (_, _, state, _) = updates
    assert isinstance(state, ChatState)
    return state


def _files(state: ChatState) -> set[str]:
    return {s.source_file for t in state.turns for s in t.sources}


@pytest.mark.parametrize("mode", [MODE_SEARCH, MODE_ASK])
def test_a_user_granted_one_collection_never_gets_a_source_from_another(
        ui: Callable[[str], Callable[..., Any]], mode: str) -> None:
    run_chat = ui("run_chat")
    for question in ("Wanneer mag de burgemeester een huisverbod opleggen?",
                     "Wanneer mag de burgemeester een woning sluiten?"):
        state = _last(run_chat(question, mode, ChatState(), OWNER, None, request("ann")))
        assert _files(state) == {A_FILE}, question
    # a tampered request for the other collection is refused in Dutch, without sources
    state = _last(run_chat("huisverbod", mode, ChatState(), OWNER, "gemeente-b",
                           request("ann")))
    [turn] = state.turns
    assert turn.mode == "fout" and not turn.sources
    assert "geen toegang tot de collectie 'gemeente-b'" in turn.answer


def test_the_audit_log_names_the_users_collection(ui: Callable[[str], Callable[..., Any]],
                                                  settings: Settings) -> None:
    _last(ui("run_chat")("Wanneer mag de burgemeester een woning sluiten?", MODE_ASK,
                         ChatState(), OWNER, None, request("ann")))
    lines = (settings.data_dir / "audit" / "vragen.jsonl").read_text(encoding="utf-8")
    entry = json.loads(lines.splitlines()[-1])
    assert entry["user"] == "ann" and entry["collection"] == "gemeente-a"


def test_a_user_without_grants_gets_a_dutch_refusal_and_no_data(
        ui: Callable[[str], Callable[..., Any]], tmp_path: Path) -> None:
    carl = request("carl")
    loaded = ui("on_load")(None, carl)
    picker, message = loaded[-2], loaded[-1]
    assert picker["choices"] == [] and picker["value"] is None
    assert NO_ACCESS in message and "Vraag de beheerder" in message
    assert "0 documenten" in loaded[3]  # the status line counts nothing

    for mode in (MODE_SEARCH, MODE_ASK):
        state = _last(ui("run_chat")("huisverbod", mode, ChatState(), OWNER, None, carl))
        [turn] = state.turns
        assert turn.mode == "fout" and turn.answer == NO_ACCESS and not turn.sources

    rows, choices = ui("documents_outputs")(None, carl)
    assert rows == [] and choices["choices"] == []
    deleted = ui("on_doc_delete")(B_FILE, None, carl)
    assert NO_ACCESS in deleted[0]
    upload = tmp_path / "upload.md"
    upload.write_text("# Nieuw\nTekst.", encoding="utf-8")
    uploaded = ui("on_upload")([str(upload)], None, carl, lambda *a, **k: None)
    assert NO_ACCESS in uploaded[0] and not upload.exists()  # refused, and not left behind

    *_, (preview, info, _, _) = ui("on_start")("collegevoorstel", [], carl, None, "x")
    assert preview == "" and NO_ACCESS in info
    assert ui("on_refresh")(None, carl, None)[2]["choices"] == []


def test_documents_list_delete_and_upload_stay_in_the_granted_collection(
        ui: Callable[[str], Callable[..., Any]], ctx: UIContext, tmp_path: Path) -> None:
    ann = request("ann")
    rows, choices = ui("documents_outputs")(None, ann)
    assert [r[0] for r in rows] == [A_FILE] and choices["choices"] == [A_FILE]

    # a document of the other collection cannot be deleted, by name or by naming the collection
    message = ui("on_doc_delete")(B_FILE, None, ann)[0]
    assert "staat niet (meer) in de index" in message
    assert "geen toegang" in ui("on_doc_delete")(B_FILE, "gemeente-b", ann)[0]
    assert B_FILE in ctx.baken.store.indexed_files()

    upload = tmp_path / "nieuw-beleid.md"
    upload.write_text("# Nieuw beleid\nDe burgemeester sluit cafés om 01.00 uur.",
                      encoding="utf-8")
    ui("on_upload")([str(upload)], None, ann, lambda *a, **k: None)
    assert "nieuw-beleid.md" in ctx.scopes.get("ann").baken.store.indexed_files()
    assert "nieuw-beleid.md" not in ctx.baken.store.indexed_files()

    assert ui("on_doc_delete")(A_FILE, None, ann)[0].startswith(f"«{A_FILE}» is uit de index")
    assert A_FILE not in ctx.scopes.get("ann").baken.store.indexed_files()


def test_a_user_with_two_collections_picks_one(ui: Callable[[str], Callable[..., Any]]) -> None:
    regio = request("regio")
    picker = ui("on_load")(None, regio)[-2]
    assert picker["choices"] == ["gemeente-a", "gemeente-b"] and picker["visible"] is True
    assert picker["value"] == "gemeente-b"  # the configured collection when granted
    assert ui("on_load")(None, request("ann"))[-2]["visible"] is False  # one: no picker

    run_chat = ui("run_chat")
    for chosen, expected in (("gemeente-a", A_FILE), ("gemeente-b", B_FILE)):
        state = _last(run_chat("huisverbod woning sluiten", MODE_SEARCH, ChatState(), OWNER,
                               chosen, regio))
        assert _files(state) == {expected}
        rows, _ = ui("documents_outputs")(chosen, regio)
        assert [r[0] for r in rows] == [expected]
        assert ui("on_refresh")(None, regio, chosen)[2]["choices"] == [expected]
    switched = ui("on_collection")("gemeente-a", regio)
    assert switched[2].turns == [] and [r[0] for r in switched[5]] == [A_FILE]


def test_without_login_the_configured_collection_is_used(
        ui: Callable[[str], Callable[..., Any]]) -> None:
    nobody = request(None)
    picker = ui("on_load")(None, nobody)[-2]
    assert picker["choices"] == ["gemeente-b"] and picker["visible"] is False
    state = _last(ui("run_chat")("huisverbod woning sluiten", MODE_SEARCH, ChatState(), OWNER,
                                 None, nobody))
    assert _files(state) == {B_FILE}


def test_originals_are_served_only_from_granted_collections(ctx: UIContext) -> None:
    scopes = ctx.scopes
    assert scopes.original("ann", "gemeente-a", A_FILE) is not None
    assert scopes.original("ann", None, B_FILE) is None  # the configured collection: not ann's
    assert scopes.original("ann", "gemeente-b", B_FILE) is None
    assert scopes.original("carl", None, B_FILE) is None
    assert scopes.original("regio", None, B_FILE) is not None
    assert scopes.original(None, None, B_FILE) is not None  # without login: as before

    app = FastAPI()
    mount_collection_originals(app, scopes.original)
    sessions = ExpiringTokens(3600)
    sessions["token-ann"] = "ann"  # as the chat's login middleware keeps it after a login
    gate = LoginGate(app, login_configured=True, sessions=sessions)
    client = TestClient(gate)
    assert client.get(f"/bron/{A_FILE}?collectie=gemeente-a").status_code == 401
    client.cookies.set(gate.cookie, "token-ann")
    assert client.get(f"/bron/{A_FILE}?collectie=gemeente-a").status_code == 200
    assert client.get(f"/bron/{B_FILE}").status_code == 404
    assert client.get(f"/bron/{B_FILE}?collectie=gemeente-b").status_code == 404


def test_source_links_name_the_collection_they_come_from(
        ui: Callable[[str], Callable[..., Any]]) -> None:
    *_, (_, panel, _, _) = ui("run_chat")("woning sluiten", MODE_SEARCH, ChatState(), OWNER,
                                          None, request("ann"))
    assert f"bron/{A_FILE}?collectie=gemeente-a" in panel


def test_the_page_itself_lists_no_documents_before_login(ctx: UIContext) -> None:
    config = json.dumps(build_ui(ctx.baken, context=ctx).get_config_file(),
                        default=str)
    assert B_FILE not in config and A_FILE not in config
    assert '"elem_id": "baken-collectie"' in config


def test_confirm_scripts_pass_every_input_along(ctx: UIContext) -> None:
    """A confirm dialog in front of a handler returns all its inputs, the collection too
    (one missing shifts the values, and the picker then receives a conversation id)."""
    config = build_ui(ctx.baken, context=ctx).get_config_file()
    scripted = [d for d in config["dependencies"] if d.get("js")]
    assert len(scripted) >= 3
    for dep in scripted:
        params = dep["js"].split("=>", 1)[0].strip(" ()").split(",")
        assert len(params) == len(dep["inputs"]), dep["js"]
