"""Security review (issue 17, item 2): the web app sends a Content-Security-Policy that lets the
browser load images and other resources from Baken's own origin only; the originals keep their
own, stricter sandbox policy. (That the UI still works under it: test_inert_in_browser.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.ui.csp import POLICY, middleware
from tests.fakes import fake_ui_baken, free_port

USER, PASSWORD = "anna", "lang-genoeg-wachtwoord"


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    from assistant.ui.app import launch

    settings = Settings(data_dir=tmp_path / "data", port=free_port(), auth_user=USER,
                        auth_password=PASSWORD)
    settings.originals_dir.mkdir(parents=True)
    (settings.originals_dir / "regels.pdf").write_bytes(b"%PDF-1.4 regels")
    demo = launch(fake_ui_baken(settings), prevent_thread_lock=True)
    try:
        yield f"http://127.0.0.1:{settings.ui.port}"
    finally:
        demo.close()


def test_the_policy_allows_resources_from_the_app_only() -> None:
    directives = dict(part.strip().split(" ", 1) for part in POLICY.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["img-src"] == "'self' data:"
    assert directives["object-src"] == "'none'"
    for name, value in directives.items():
        sources = value.split()
        assert not [s for s in sources if s in ("*", "http:", "https:") or "." in s], name


def test_every_page_of_the_app_carries_the_policy(url: str) -> None:
    with httpx.Client(base_url=url, timeout=30) as client:
        assert client.get("/").headers.get_list("content-security-policy") == [POLICY]
        login = client.post("/login", data={"username": USER, "password": PASSWORD})
        assert login.status_code == 200
        page = client.get("/")
        assert page.status_code == 200 and "<html" in page.text.lower()
        assert page.headers.get_list("content-security-policy") == [POLICY]
        config = client.get("/config")
        assert config.headers.get_list("content-security-policy") == [POLICY]
        # the originals' route too (its own sandbox policy, where it sets one, is kept: below)
        original = client.get("/bron/regels.pdf")
        assert len(original.headers.get_list("content-security-policy")) == 1


def test_the_middleware_keeps_a_policy_a_route_set_itself() -> None:
    app = FastAPI(middleware=middleware())

    @app.get("/eigen")
    def own() -> PlainTextResponse:
        return PlainTextResponse("x", headers={"Content-Security-Policy": "sandbox"})

    @app.get("/gewoon")
    def plain() -> PlainTextResponse:
        return PlainTextResponse("x")

    client = TestClient(app)
    assert client.get("/eigen").headers.get_list("content-security-policy") == ["sandbox"]
    assert client.get("/gewoon").headers.get_list("content-security-policy") == [POLICY]
