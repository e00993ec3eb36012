"""``baken draft`` end to end: real anonymiser, retrieval over the demo index and the bundled demo
model. The demo model writes nonsense, so these tests check structure only: sections in order,
concept marking, valid [n], placeholders for unknown facts, DOCX headings, no identifiers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import docx
import pytest

from assistant.drafting import BUNDLED_TEMPLATES_DIR, CONCEPT_MARK
from assistant.drafting.templates import load_template
from tests.conftest import run_cli
from tests.templates import ONDERWERP, Field, Section, template_text

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

MUNICIPAL = template_text(
    "notitie-handhaving", "Notitie handhaving",
    "Korte interne notitie over een handhavingskwestie (sjabloon van de gemeente).",
    [ONDERWERP, Field("kosten", "Kosten", "Bedrag en dekking.", missing="kosten en dekking")],
    [Section("kop", "Kop", "Notitie over {{ onderwerp }}.", model=False),
     Section("bevoegdheid", "Bevoegdheid", "Noem in twee zinnen de bevoegdheid van de "
             "burgemeester bij {{ onderwerp }}, met [n]."),
     Section("kosten", "Kosten", "Beschrijf de kosten: {{ kosten }}", needs=("kosten",))],
    query="{{ onderwerp }}")


@pytest.fixture(scope="module")
def municipal_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("sjablonen")
    (folder / "notitie-handhaving.md").write_text(MUNICIPAL, encoding="utf-8")
    return folder


def check_structure(data: dict[str, Any], titles: list[str]) -> None:
    assert [s["title"] for s in data["sections"]] == titles
    assert data["marking"] == CONCEPT_MARK
    n_sources = len(data["sources"])
    for section in data["sections"]:
        assert section["text"].strip(), f"leeg onderdeel {section['title']}"
        for citation in section["citations"]:
            assert 1 <= citation["n"] <= n_sources
            assert f"[{citation['n']}]" in section["text"]


def test_list_shows_bundled_and_municipality_templates(municipal_dir: Path) -> None:
    proc = run_cli("draft", "--list", "--json", env={"BAKEN_TEMPLATES_DIR": str(municipal_dir)})
    names = [t["name"] for t in json.loads(proc.stdout)]
    assert {"collegevoorstel", "raadsinformatiebrief", "waarschuwingsbrief",
            "waarschuwingsbrief-hondenbeet", "waarschuwingsbrief-overlast",
            "bestuurlijke-rapportage", "scenario-uitwerking"} <= set(names)
    assert "notitie-handhaving" in names
    plain = run_cli("draft", "--list", env={"BAKEN_TEMPLATES_DIR": str(municipal_dir)}).stdout
    row = next(line for line in plain.splitlines() if line.startswith("notitie-handhaving "))
    assert row.split(None, 1)[1] == "Notitie handhaving"
    assert "velden: onderwerp, kosten" in plain and "Collegevoorstel" in plain


def test_unknown_template_and_field_fail_with_dutch_message(municipal_dir: Path) -> None:
    proc = run_cli("draft", "bestaat-niet", check=False)
    assert proc.returncode == 2 and "Onbekend sjabloon" in proc.stderr
    proc = run_cli("draft", "notitie-handhaving", "--field", "budget=100", check=False,
                   env={"BAKEN_TEMPLATES_DIR": str(municipal_dir)})
    assert proc.returncode == 2 and "Onbekend veld" in proc.stderr and "onderwerp" in proc.stderr


def test_municipality_template_drafted_to_markdown(demo_index: tuple[Path, dict],
                                                   municipal_dir: Path, tmp_path: Path) -> None:
    data_dir, _ = demo_index
    out = tmp_path / "notitie.md"
    proc = run_cli("draft", "notitie-handhaving", "--field", "onderwerp=cameratoezicht",
                   "--data-dir", str(data_dir), "--out", str(out), "--json",
                   env={"BAKEN_TEMPLATES_DIR": str(municipal_dir), "BAKEN_MAX_TOKENS": "64",
                        "BAKEN_TOP_K": "2"})
    data = json.loads(proc.stdout)
    check_structure(data, ["Kop", "Bevoegdheid", "Kosten"])
    assert data["sections"][2]["text"] == "[in te vullen: kosten en dekking]"
    assert "[in te vullen: kosten en dekking]" in data["missing"]
    assert any("cameratoezicht" in s["source_file"] for s in data["sources"])
    markdown = out.read_text(encoding="utf-8")
    assert markdown.startswith(f"**{CONCEPT_MARK}**")
    assert markdown.index("## Kop") < markdown.index("## Bevoegdheid") < markdown.index(
        "## Kosten") < markdown.index("## Bronnen")


def test_collegevoorstel_to_docx(demo_index: tuple[Path, dict], tmp_path: Path) -> None:
    data_dir, _ = demo_index
    out = tmp_path / "collegevoorstel.docx"
    proc = run_cli(
        "draft", "collegevoorstel", "--data-dir", str(data_dir), "--out", str(out), "--json",
        "--field", "onderwerp=Actualisatie beleidsnota evenementen",
        "--field", "gemeente=Heeze-Leende",
        "--field", "portefeuillehouder=burgemeester (contactpersoon: Jan de Vries, 06-12345678)",
        "--field", "aanleiding=De beleidsnota evenementen is sinds 2022 niet herzien.",
        env={"BAKEN_MAX_TOKENS": "32", "BAKEN_TOP_K": "2"})
    data = json.loads(proc.stdout)
    titles = [s.title for s in load_template(BUNDLED_TEMPLATES_DIR / "collegevoorstel.md").sections]
    check_structure(data, titles)
    assert "[in te vullen: financiële dekking]" in data["missing"]
    assert "Vries" not in proc.stdout and "12345678" not in proc.stdout
    assert any("'Portefeuillehouder'" in w for w in data["warnings"])

    document = docx.Document(str(out))
    headings = [p.text for p in document.paragraphs
                if p.style is not None and p.style.name == "Heading 1"]
    assert headings[:len(titles) + 1] == [*titles, "Bronnen"]
    assert document.paragraphs[0].text == CONCEPT_MARK
    assert document.sections[0].header.paragraphs[0].text == CONCEPT_MARK
    body = "\n".join(p.text for p in document.paragraphs)
    assert "[in te vullen: financiële dekking]" in body and "Vries" not in body
