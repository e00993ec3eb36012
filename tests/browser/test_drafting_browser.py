"""The "Opstellen" tab in headless Chromium: fill the collegevoorstel form, download the DOCX,
see a municipality's own template appear, and accept a spelling suggestion in the taalcheck.

Runs the real ``baken ui`` over the demo index with the demo model (which writes nonsense: the
test checks structure). Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.conftest import REPO

pytestmark = [pytest.mark.browser, pytest.mark.slow]

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts" / "browser"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
START_TIMEOUT_S = 300
DRAFT_TIMEOUT_S = 900  # anonymiser + model start-up on a busy 2-core machine, then 9 sections
NEW_TEMPLATE = """---
name: notitie-evenement
title: Notitie evenement (gemeente)
description: Eigen sjabloon van de gemeente.
fields:
  - name: onderwerp
    label: Onderwerp
    help: Waarover?
    required: true
sections:
  - id: inhoud
    title: Inhoud
---
{# sectie inhoud #}
Schrijf over {{ onderwerp }}.
"""

if not CHROMIUM.exists():
    pytest.skip("Chromium uit Debian ontbreekt (make system-deps)", allow_module_level=True)

from playwright.sync_api import Browser, Page, sync_playwright  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"opstellen-{name}.png"), full_page=True)


class Server:
    """``baken ui`` in a subprocess with the municipality template folder configured."""

    def __init__(self, data_dir: Path, templates: Path, netlog: Path) -> None:
        self.url = ""
        self.lines: list[str] = []
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}/"
        env = {**os.environ, "BAKEN_MAX_TOKENS": "32", "BAKEN_N_THREADS": "1",
               "BAKEN_TOP_K": "2", "BAKEN_TEMPLATES_DIR": str(templates),
               "BAKEN_NETBLOCK_LOG": str(netlog),
               "PYTHONPATH": f"{REPO / 'tests' / 'netblock'}:{REPO}"}
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "assistant.cli", "ui", "--data-dir", str(data_dir),
             "--port", str(port)],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append(line.rstrip())

    def wait_ready(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and self.proc.poll() is None:
            if any("Baken draait op" in line for line in self.lines):
                return
            time.sleep(0.5)
        raise AssertionError("baken ui did not start:\n" + "\n".join(self.lines[-40:]))

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def templates_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gemeente-sjablonen")


@pytest.fixture(scope="module")
def server(demo_index: tuple[Path, dict], templates_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    netlog = tmp_path_factory.mktemp("net") / "network-attempts.log"
    srv = Server(demo_index[0], templates_dir, netlog)
    try:
        srv.wait_ready()
        yield srv
    finally:
        srv.stop()
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "opstellen-server.log").write_text("\n".join(srv.lines), encoding="utf-8")
    attempts = netlog.read_text() if netlog.exists() else ""
    assert attempts == "", f"the server tried to reach the network:\n{attempts}"
    assert not any("Traceback" in line for line in srv.lines), "\n".join(srv.lines[-40:])


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    pg = context.new_page()
    outside: list[str] = []
    pg.on("request", lambda r: None if r.url.startswith((server.url, "data:", "blob:"))
          else outside.append(r.url))
    pg.goto(server.url)
    pg.get_by_role("tab", name="Opstellen").click()
    pg.wait_for_selector("#baken-veld-0 textarea", timeout=60_000)
    yield pg
    context.close()
    assert outside == [], f"the page fetched something outside Baken: {outside}"


def field(page: Page, index: int) -> str:
    return f"#baken-veld-{index} textarea"


def template_options(page: Page) -> list[str]:
    """The titles in the template list (opened, read, closed again by clicking elsewhere)."""
    page.click("#baken-sjabloon input")
    options = page.get_by_role("option")
    options.first.wait_for(timeout=10_000)
    texts = [t.replace("✓", "").strip() for t in options.all_inner_texts()]
    page.click("#baken-sjabloon-uitleg")
    options.first.wait_for(state="hidden", timeout=10_000)
    return texts


def wait_for_option(page: Page, title: str, timeout_s: float = 60) -> list[str]:
    """Template titles once ``title`` is among them (the list is refreshed on page load)."""
    deadline = time.monotonic() + timeout_s
    options = template_options(page)
    while title not in options and time.monotonic() < deadline:
        time.sleep(1)
        options = template_options(page)
    return options


def test_collegevoorstel_form_to_docx(page: Page, tmp_path: Path) -> None:
    assert page.input_value("#baken-sjabloon input") == "Collegevoorstel"
    labels = page.locator("#baken-veld-0 label, #baken-veld-0 span").first.inner_text()
    assert "Onderwerp" in labels
    page.fill(field(page, 0), "Actualisatie beleidsnota evenementen")
    page.fill(field(page, 1), "Heeze-Leende")
    page.fill(field(page, 2), "burgemeester")
    page.fill(field(page, 3), "De beleidsnota evenementen is sinds 2022 niet herzien; "
                              "organisatoren vragen om duidelijkheid.")
    shot(page, "01-formulier")
    page.click("#baken-opstellen")
    page.wait_for_selector("#baken-download-docx", state="visible",
                           timeout=DRAFT_TIMEOUT_S * 1000)
    shot(page, "02-concept")
    concept = page.inner_text("#baken-concept")
    assert "CONCEPT — door een medewerker te controleren" in concept
    assert "[in te vullen: financiële dekking]" in concept
    assert concept.index("Beslispunten") < concept.index("Financiën") < concept.index("Bronnen")

    with page.expect_download(timeout=60_000) as download_info:
        page.click("#baken-download-docx")
    target = tmp_path / "concept.docx"
    download_info.value.save_as(str(target))
    document = docx.Document(str(target))
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:9] == ["Onderwerp", "Beslispunten", "Aanleiding", "Beoogd effect",
                            "Argumenten", "Kanttekeningen en risico's", "Financiën",
                            "Communicatie", "Uitvoering en vervolg"]
    assert "Bronnen" in headings
    assert document.paragraphs[0].text == "CONCEPT — door een medewerker te controleren"


def test_municipality_template_appears_after_a_reload(page: Page, templates_dir: Path) -> None:
    assert "Notitie evenement (gemeente)" not in template_options(page)
    (templates_dir / "notitie-evenement.md").write_text(NEW_TEMPLATE, encoding="utf-8")
    page.reload()
    page.get_by_role("tab", name="Opstellen").click()
    page.wait_for_selector("#baken-veld-0 textarea", timeout=60_000)
    options = wait_for_option(page, "Notitie evenement (gemeente)")
    assert "Notitie evenement (gemeente)" in options and "Collegevoorstel" in options
    page.click("#baken-sjabloon input")
    page.get_by_role("option", name="Notitie evenement (gemeente)").click()
    page.wait_for_selector("#baken-veld-1", state="hidden", timeout=30_000)
    shot(page, "03-eigen-sjabloon")
    assert "Eigen sjabloon van de gemeente" in page.inner_text("#baken-sjabloon-uitleg")


def test_taalcheck_flags_and_fixes_a_misspelling(page: Page) -> None:
    page.get_by_role("tab", name="Taalcheck").click()
    page.fill("#baken-taal-tekst textarea",
              "De burgemeestr heeft de vergunning op grond van artikel 174 Gemeentewet verleend.")
    page.click("#baken-taal-controleer")
    page.wait_for_selector("#baken-taal-keuze label", timeout=300_000)
    shot(page, "04-taalcheck")
    assert "burgemeestr → burgemeester" in page.inner_text("#baken-taal-keuze")
    assert "vergunning" not in page.inner_text("#baken-taal-details")
    page.locator("#baken-taal-keuze label").first.click()
    page.click("#baken-taal-overnemen")
    page.wait_for_function("document.querySelector('#baken-taal-tekst textarea').value"
                           ".includes('De burgemeester heeft')", timeout=30_000)
    shot(page, "05-taalcheck-overgenomen")
