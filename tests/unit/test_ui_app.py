"""The real Gradio app over a fake Baken: it starts, asks for a login, serves only originals."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant.config import Settings
from assistant.ui.app import build_ui, launch, owner_for, ui_secret
from tests.fakes import fake_ui_baken, free_port


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    settings = Settings(data_dir=tmp_path / "data", port=free_port(), auth_user="anna",
                        auth_password="lang-genoeg-wachtwoord",
                        originals_access={"anna": ["*"]})  # a right of its own
    settings.originals_dir.mkdir(parents=True)
    (settings.originals_dir / "regels.pdf").write_bytes(b"%PDF-1.4 regels")
    (settings.originals_dir / "los.pdf").write_bytes(b"%PDF-1.4 niet geindexeerd")
    demo = launch(fake_ui_baken(settings), prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{settings.ui.port}", tmp_path
    finally:
        demo.close()


def test_originals_need_the_login_and_only_indexed_files_are_served(
        running: tuple[str, Path]) -> None:
    url, _ = running
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/bron/regels.pdf").status_code == 401
        login = client.post("/login", data={"username": "anna",
                                            "password": "lang-genoeg-wachtwoord"})
        assert login.status_code == 200
        response = client.get("/bron/regels.pdf#page=2")
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/pdf"
        assert client.get("/bron/los.pdf").status_code == 404
        assert client.get("/bron/../ui-secret").status_code in (401, 404)


def test_wrong_password_is_refused(running: tuple[str, Path]) -> None:
    url, _ = running
    with httpx.Client(base_url=url, timeout=30) as client:
        login = client.post("/login", data={"username": "anna", "password": "fout"})
        assert login.status_code >= 400
        assert client.get("/bron/regels.pdf").status_code == 401


def test_the_layout_has_the_modes_tabs_and_drafting_slot(tmp_path: Path) -> None:
    demo = build_ui(fake_ui_baken(Settings(data_dir=tmp_path)))
    config = demo.get_config_file()
    labels = {c.get("props", {}).get("label") for c in config["components"]}
    values = [c.get("props", {}).get("choices") for c in config["components"]]
    assert {"Gesprek", "Uw vraag", "Documenten", "Eerdere gesprekken"} <= labels
    assert [("Vraag", "Vraag"), ("Zoek in documenten", "Zoek in documenten")] in values
    tabs = [str(c) for c in config["components"] if c.get("type") == "tabitem"]
    for name in ("Opstellen", "Documenten", "Status"):  # the drafting slot and the rest
        assert any(name in t for t in tabs), name


def test_session_ids_are_kept_and_logins_map_to_their_own_history(tmp_path: Path) -> None:
    assert owner_for("browser-abcdef12", None) == "browser-abcdef12"
    fresh = owner_for("../../etc", None)
    assert fresh != "../../etc" and len(fresh) >= 8
    assert owner_for("browser-abcdef12", "anna") == owner_for(None, "anna")
    assert owner_for(None, "anna") != owner_for(None, "bert")
    assert ui_secret(tmp_path) == ui_secret(tmp_path)  # the same across restarts
    assert (tmp_path / "ui-secret").stat().st_mode & 0o077 == 0


def test_stop_cancels_the_answer_started_by_enter_and_by_the_send_button(tmp_path: Path
                                                                        ) -> None:
    config = build_ui(fake_ui_baken(Settings(data_dir=tmp_path))).get_config_file()
    elem = {c["id"]: c.get("props", {}).get("elem_id") for c in config["components"]}
    deps = config["dependencies"]

    def triggered_by(elem_id: str, event: str) -> list[int]:
        return [i for i, d in enumerate(deps)
                if any(elem.get(t) == elem_id and e == event for t, e in d["targets"])]

    def streams_after(first: int) -> int:
        """The chain step after ``first`` that writes the answer into the chat."""
        [step] = [i for i, d in enumerate(deps) if d.get("trigger_after") == first
                  and "baken-chat" in [elem.get(o) for o in d["outputs"]]]
        return step

    answers = {streams_after(i) for i in triggered_by("baken-vraag", "submit")
               + triggered_by("baken-verstuur", "click")}
    cancelled = {c for i in triggered_by("baken-stop", "click") for c in deps[i]["cancels"]}
    assert len(answers) == 2 and answers <= cancelled
