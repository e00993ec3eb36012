"""The "Opstellen" tab in headless Chromium: fill the collegevoorstel form, download the DOCX,
see a municipality's own template appear, and accept a spelling suggestion in the taalcheck.

Runs the real ``baken ui`` over the demo index with the demo model (which writes nonsense: the
test checks structure). Screenshots go to ``test-artifacts/browser/``.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from tests.browser.uiserver import CHROMIUM, Server, requests_outside, running
from tests.browser.uiserver import shot as save_shot
from tests.templates import Field, Section, template_text

pytestmark = [pytest.mark.browser, pytest.mark.slow]

START_TIMEOUT_S = 300
DRAFT_TIMEOUT_S = 900  # anonymiser + model start-up on a busy 2-core machine, then 9 sections
NEW_TEMPLATE = template_text(
    "notitie-evenement", "Notitie evenement (gemeente)", "Eigen sjabloon van de gemeente.",
    [Field("onderwerp", "Onderwerp", "Waarover?", required=True)],
    [Section("inhoud", "Inhoud", "Schrijf over {{ onderwerp }}.")])

if not CHROMIUM.exists():
    pytest.skip("Chromium uit Debian ontbreekt (make system-deps)", allow_module_level=True)

from playwright.sync_api import Browser, Page  # noqa: E402


def shot(page: Page, name: str) -> None:
    save_shot(page, f"opstellen-{name}")


@pytest.fixture(scope="module")
def templates_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("gemeente-sjablonen")


@pytest.fixture(scope="module")
def server(demo_index: tuple[Path, dict], templates_dir: Path,
           tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    netlog = tmp_path_factory.mktemp("net") / "network-attempts.log"
    env = {"BAKEN_MAX_TOKENS": "32", "BAKEN_TOP_K": "2", "BAKEN_TEMPLATES_DIR": str(templates_dir)}
    with running(demo_index[0], netlog, env=env, log_name="opstellen-server.log",
                 start_timeout_s=START_TIMEOUT_S) as srv:
        yield srv


@pytest.fixture
def page(browser: Browser, server: Server) -> Iterator[Page]:
    context = browser.new_context(locale="nl-NL", viewport={"width": 1400, "height": 1000},
                                  accept_downloads=True)
    pg = context.new_page()
    outside = requests_outside(pg, server)
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
