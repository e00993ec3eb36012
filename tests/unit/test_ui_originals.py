"""Only originals of indexed files are served: no traversal, no absolute paths, no symlinks."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI, Response
from fastapi.testclient import TestClient

from assistant.credentials import LoginGuard
from assistant.originals import resolve_original
from assistant.ui.auth import ExpiringTokens, LoginGate, gradio_login
from assistant.ui.originals import mount_originals


@pytest.fixture
def originals(tmp_path: Path) -> Path:
    folder = tmp_path / "originals" / "baken"
    (folder / "beleid").mkdir(parents=True)
    (folder / "apv.md").write_text("# APV\nArtikel 2:24 Evenementen", encoding="utf-8")
    (folder / "beleid" / "regels.pdf").write_bytes(b"%PDF-1.4 test")
    (folder / "pagina.html").write_text("<script>alert(1)</script>", encoding="utf-8")
    (folder / "niet-geindexeerd.md").write_text("los bestand", encoding="utf-8")
    (tmp_path / "geheim.txt").write_text("root:x:0:0", encoding="utf-8")
    (folder / "link.md").symlink_to(tmp_path / "geheim.txt")
    (folder / "linkmap").symlink_to(tmp_path, target_is_directory=True)
    return folder


INDEXED = {"apv.md", "beleid/regels.pdf", "pagina.html", "link.md", "linkmap/geheim.txt",
           "mail.eml#bijlage-1-x.pdf", "../geheim.txt"}


def test_an_indexed_original_is_found(originals: Path) -> None:
    assert resolve_original(originals, "apv.md", INDEXED) == (originals / "apv.md").resolve()
    assert resolve_original(originals, "beleid/regels.pdf", INDEXED) is not None


@pytest.mark.parametrize("name", [
    "niet-geindexeerd.md",  # on disk but not in the index
    "../geheim.txt", "beleid/../apv.md", "./apv.md", "/etc/passwd", "//etc/passwd",
    "beleid\\regels.pdf", "apv.md\x00.pdf", "", "link.md", "linkmap/geheim.txt",
])
def test_anything_else_is_refused(originals: Path, name: str) -> None:
    assert resolve_original(originals, name, INDEXED) is None


@pytest.fixture
def client(originals: Path) -> TestClient:
    app = FastAPI()
    mount_originals(app, originals, lambda: INDEXED)
    return TestClient(LoginGate(app, login_configured=False))  # no login: this computer only


def test_route_serves_text_inline_in_a_sandbox_and_pdf_as_pdf(client: TestClient) -> None:
    text = client.get("/bron/apv.md")
    assert text.status_code == 200 and "Artikel 2:24" in text.text
    assert text.headers["content-type"].startswith("text/plain")
    assert "sandbox" in text.headers["content-security-policy"]
    pdf = client.get("/bron/beleid/regels.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    html = client.get("/bron/pagina.html")
    assert "sandbox" in html.headers["content-security-policy"]


@pytest.mark.parametrize("path", ["/bron/../geheim.txt", "/bron/%2e%2e/geheim.txt",
                                  "/bron/link.md", "/bron/%2Fetc%2Fpasswd",
                                  "/bron/niet-geindexeerd.md", "/bron/linkmap/geheim.txt"])
def test_route_refuses_with_404(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text


def test_route_requires_the_chat_login_when_login_is_on(originals: Path) -> None:
    app = FastAPI()
    mount_originals(app, originals, lambda: INDEXED)
    sessions = ExpiringTokens(3600)
    sessions["goed-token"] = "anna"
    gate = LoginGate(app, login_configured=True, sessions=sessions)
    client = TestClient(gate)
    assert client.get("/bron/apv.md").status_code == 401
    client.cookies.set(gate.cookie, "fout-token")
    assert client.get("/bron/apv.md").status_code == 401
    client.cookies.set(gate.cookie, "goed-token")
    assert client.get("/bron/apv.md").status_code == 200


def test_without_the_login_middleware_nothing_is_served(originals: Path) -> None:
    app = FastAPI()
    mount_originals(app, originals, lambda: INDEXED)
    refused = TestClient(app).get("/bron/apv.md")
    assert refused.status_code == 401 and refused.text == "Log eerst in."


def _chat_with_login(originals: Path, clock: list[float]) -> tuple[TestClient, LoginGate]:
    """``/bron`` behind the chat's login middleware, with a ``/login`` and ``/logout`` that call
    the same login callback as Gradio's login page."""
    guard = LoginGuard({}, {"anna": "lang-genoeg-wachtwoord"}, session_s=3600)
    login = gradio_login(guard, threads=1)
    app = FastAPI()
    mount_originals(app, originals, lambda: INDEXED)

    @app.post("/login")
    async def log_in(username: str, password: str) -> Response:
        if not await login(username, password):
            return Response(status_code=400)
        return Response("{}", media_type="application/json")

    @app.get("/logout")
    def log_out() -> Response:
        return Response(status_code=302, headers={"location": "/"})

    gate = LoginGate(app, login_configured=True,
                     sessions=ExpiringTokens(guard.session_s, lambda: clock[0]))
    return TestClient(gate, follow_redirects=False), gate


def test_a_chat_login_opens_originals_until_logout_or_session_end(originals: Path) -> None:
    clock = [0.0]
    client, gate = _chat_with_login(originals, clock)
    assert client.post("/login", params={"username": "anna", "password": "fout"}
                       ).status_code == 400
    assert gate.cookie not in client.cookies
    assert client.get("/bron/apv.md").status_code == 401
    accepted = client.post("/login", params={"username": "anna",
                                             "password": "lang-genoeg-wachtwoord"})
    assert accepted.status_code == 200
    cookie = accepted.headers["set-cookie"]
    assert cookie.startswith(gate.cookie + "=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/bron/apv.md").status_code == 200
    clock[0] += 3600 - 1
    assert client.get("/bron/apv.md").status_code == 200
    clock[0] += 2  # session_hours = 1
    assert client.get("/bron/apv.md").status_code == 401

    client.post("/login", params={"username": "anna", "password": "lang-genoeg-wachtwoord"})
    assert client.get("/bron/apv.md").status_code == 200
    token = client.cookies.get(gate.cookie)
    assert client.get("/logout").status_code == 302
    assert client.get("/bron/apv.md").status_code == 401
    client.cookies.set(gate.cookie, str(token))  # a copied cookie is dead after logout too
    assert client.get("/bron/apv.md").status_code == 401
