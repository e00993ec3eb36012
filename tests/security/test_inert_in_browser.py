"""Security review (issue 17, item 2): text from documents and the model is inert in the browser.

A document full of payloads (Markdown images to another origin, ``![x](logout)`` in its title,
``<img>``, ``<svg><image>``, ``<video poster>``, ``javascript:`` and reference links, autolinks)
is ingested, searched, asked about (the model, a stub OpenAI-compatible server on loopback,
answers with the same payloads) and drafted from, with a logged-in user. The browser may not
send a single request to another origin (they are recorded and blocked), never requests
``/logout``, and the session is still logged in afterwards. The page carries a
Content-Security-Policy and still works under it.
"""

from __future__ import annotations

import json
import shutil
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.browser.uiserver import CHROMIUM, Server, chromium, free_port, running, shot
from tests.conftest import run_cli

pytestmark = pytest.mark.browser

if not CHROMIUM.exists():  # `make system-deps` installs it; CI always has it
    pytest.skip("Chromium uit Debian ontbreekt (make system-deps)", allow_module_level=True)

from playwright.sync_api import Browser, Page, Request, Route  # noqa: E402

USER, PASSWORD = "toezicht", "proef-wachtwoord-17"
START_TIMEOUT_S = 300
READY_TIMEOUT_S = 600  # the anonymiser loads in the background on a busy 2-core machine
EVIL = "evil.example"
PAYLOAD_DOC = f"""# ![x](logout) Evenementenbeleid <img src=http://{EVIL}/titel.png>

## Artikel 1 Vergunning voor een evenement

De burgemeester verleent een vergunning voor een evenement ![kwaad](http://{EVIL}/md.png) binnen acht weken na de aanvraag.
<img src=http://{EVIL}/img.png> De aanvraag voor een evenement wordt ingediend bij de burgemeester.
<svg><image href="http://{EVIL}/svg.png"></image></svg> Een evenement mag volgens de vergunning tot middernacht duren.
<video poster="http://{EVIL}/poster.png"></video> De vergunning voor een evenement kan door de burgemeester worden ingetrokken.
Lees [klik hier](javascript:alert(1)) en [de regels][1] over de vergunning voor een evenement bij de burgemeester.
Een vergunning voor een evenement ![x](logout) wordt alleen verleend als de openbare orde niet in gevaar komt.

[1]: http://{EVIL}/ref.png
![ref][1] De burgemeester kan voorschriften aan de vergunning voor een evenement verbinden.
<http://{EVIL}/auto> Zie ook de regels over de vergunning voor een evenement.
"""  # noqa: E501 - one payload per line, as a document would have them
MODEL_REPLY = (f"De burgemeester verleent de vergunning voor een evenement "
               f"![m](http://{EVIL}/model.png) <img src=http://{EVIL}/model-img.png> [1]. "
               f"Zie ![x](logout) en "
               f"[klik](javascript:alert(1)) [1].\n\n[1]: http://{EVIL}/model-ref.png\n![r][1]")
QUESTION = "Wanneer verleent de burgemeester een vergunning voor een evenement?"
FOLLOW_UP = "En wie kan die intrekken?"


class _StubLLM(BaseHTTPRequestHandler):
    """An OpenAI-compatible ``/v1/chat/completions`` that streams ``MODEL_REPLY``."""

    def do_POST(self) -> None:  # noqa: N802 - http.server's name
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        words = MODEL_REPLY.split(" ")
        chunks = [{"choices": [{"delta": {"content": w + ("" if i == len(words) - 1 else " ")}}]}
                  for i, w in enumerate(words)]
        chunks.append({"choices": [{"delta": {}, "finish_reason": "stop"}]})
        body = "".join(f"data: {json.dumps(c)}\n\n" for c in chunks) + "data: [DONE]\n\n"
        data = body.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def stub_llm() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", free_port()), _StubLLM)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory, stub_llm: str) -> Iterator[Server]:
    root = tmp_path_factory.mktemp("inert")
    corpus, data = root / "corpus", root / "data"
    corpus.mkdir()
    (corpus / "evenementen-kwaad.md").write_text(PAYLOAD_DOC, encoding="utf-8")
    run_cli("ingest", str(corpus), "--data-dir", str(data))
    env = {"BAKEN_LLM_BASE_URL": stub_llm, "BAKEN_AUTH_USER": USER,
           "BAKEN_AUTH_PASSWORD": PASSWORD, "BAKEN_TOP_K": "3"}
    with running(data, root / "network-attempts.log", env=env, log_name="inert-server.log",
                 start_timeout_s=START_TIMEOUT_S) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as chrome:
        yield chrome


def _finished(server: Server, question: str) -> bool:
    folder = server.data_dir / "conversations"
    return any(question in p.read_text(encoding="utf-8") for p in folder.rglob("*.json"))


class Leaks:
    """What the browser requested that it must not: another origin, or ``/logout``."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.outside: list[str] = []
        self.logout: list[str] = []

    def route(self, route: Route, request: Request) -> None:
        if urlparse(request.url).path.rstrip("/").endswith("logout"):
            self.logout.append(request.url)
            route.abort()  # recorded, and the session is kept for the rest of the test
        elif request.url.startswith((self.server.url, "data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(request.url)
            route.abort()

    def check(self, step: str) -> None:
        assert self.outside == [], f"{step}: requests to another origin: {self.outside}"
        assert self.logout == [], f"{step}: the page requested /logout: {self.logout}"


def _wait_for_answer(page: Page, server: Server, question: str, leaks: Leaks) -> None:
    deadline_ms = READY_TIMEOUT_S * 1000
    waited = 0
    while not _finished(server, question) and waited < deadline_ms:
        leaks.check(f"while answering {question!r}")
        page.wait_for_timeout(500)
        waited += 500
    assert _finished(server, question), f"no answer to {question!r}"
    page.wait_for_function("!document.querySelector('#baken-chat').innerText"
                           ".includes('wordt geschreven')", timeout=30_000)


def _active_content(page: Page) -> list[str]:
    """Elements that load or link something another origin (or ``javascript:``) could serve."""
    return list(page.evaluate("""() => {
        const bad = [];
        const tags = 'img, image, video, audio, source, iframe, object, embed, a[href]';
        for (const el of document.querySelectorAll(tags)) {
            const url = el.getAttribute('src') || el.getAttribute('href')
                || el.getAttribute('xlink:href') || el.getAttribute('poster') || '';
            if (/evil\\.example|^javascript:|logout/i.test(url) || el.tagName === 'VIDEO')
                bad.push(el.outerHTML.slice(0, 160));
        }
        return bad;
    }"""))


def test_payloads_from_documents_and_the_model_stay_text(browser: Browser, server: Server,
                                                          tmp_path: Path) -> None:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000})
    leaks = Leaks(server)
    csp_errors: list[str] = []
    context.route("**/*", leaks.route)
    login = context.request.post(server.url + "login",
                                 form={"username": USER, "password": PASSWORD})
    assert login.ok, login.status
    page = context.new_page()
    page.on("console", lambda m: csp_errors.append(m.text)
            if "Content Security Policy" in m.text else None)
    page.on("dialog", lambda dialog: dialog.dismiss())
    try:
        response = page.goto(server.url)
        assert response is not None
        policy = response.headers.get("content-security-policy", "")
        page.wait_for_selector("#baken-vraag textarea", timeout=60_000)
        page.wait_for_function("!document.querySelector('#baken-status').innerText"
                               ".includes('start nog op')", timeout=READY_TIMEOUT_S * 1000)

        # search: labels and snippets straight from the document
        page.get_by_label("Zoek in documenten").check()
        page.fill("#baken-vraag textarea", "vergunning evenement burgemeester")
        page.click("#baken-verstuur")
        page.wait_for_function("document.querySelector('#baken-chat').innerText"
                               ".includes('Gevonden passages')", timeout=120_000)
        page.wait_for_timeout(1000)  # let any image request show up
        leaks.check("search results")
        assert "Evenementenbeleid" in page.inner_text("#baken-chat")

        # an answer (quotes, labels, the model's text while streaming and after), a follow-up
        # (the model's rewritten query is shown)
        page.get_by_label("Vraag", exact=True).check()
        for question in (QUESTION, FOLLOW_UP):
            page.fill("#baken-vraag textarea", question)
            page.click("#baken-verstuur")
            _wait_for_answer(page, server, question, leaks)
        shot(page, "inert-01-chat")
        chat_text = page.inner_text("#baken-chat")
        assert "![x](logout)" in chat_text  # shown as text, not rendered
        assert "Evenementenbeleid" in page.inner_text("#baken-bronnen")

        # the documents list
        page.get_by_role("tab", name="Documenten").click()
        page.wait_for_function("document.querySelector('#baken-documenten').innerText"
                               ".includes('evenementen-kwaad.md')", timeout=60_000)
        shot(page, "inert-02-documenten")
        # the table shows its cells as plain text: the title as written, nothing rendered
        assert "![x](logout) Evenementenbeleid" in page.inner_text("#baken-documenten")
        leaks.check("documents list")

        # a draft from the document: model text and source labels in the Markdown preview
        page.get_by_role("tab", name="Opstellen").click()
        page.wait_for_selector("#baken-veld-0 textarea", timeout=60_000)
        page.fill("#baken-veld-0 textarea", "Vergunning voor een evenement")
        page.click("#baken-opstellen")
        page.wait_for_selector("#baken-download-docx", state="visible",
                               timeout=READY_TIMEOUT_S * 1000)
        shot(page, "inert-03-concept")
        concept = page.inner_text("#baken-concept")
        assert "CONCEPT" in concept and "Evenementenbeleid" in concept

        assert _active_content(page) == []
        page.get_by_role("tab", name="Chat").click()
        assert _active_content(page) == []
        page.wait_for_timeout(1000)  # let any late image request show up
        leaks.check("drafting preview")
        assert csp_errors == [], csp_errors
        assert "img-src 'self' data:" in policy, policy

        # the session survives: still logged in, and the app still answers
        assert context.request.get(server.url + "gradio_api/user").json() == USER
        page.reload()
        page.wait_for_selector("#baken-vraag textarea", timeout=60_000)
        page.wait_for_function("document.querySelector('#baken-status').innerText"
                               ".includes('Taalmodel')", timeout=60_000)
    finally:
        context.close()
        shutil.rmtree(tmp_path, ignore_errors=True)
