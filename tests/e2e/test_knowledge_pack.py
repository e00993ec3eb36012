"""Two municipalities, two Baken data folders, through the real command line (Presidio with
deduce, the bundled embedder, Chroma, the demo model for the answer text).

A writes two praktijknotities, then exports a pack with its own template, both notes, a public
document and a question set. B imports it. B's answers then cite A's document and A's note (each
marked "uit pakket van gemeente A"), B's drafting tab lists A's template with its origin, and
``baken eval`` on B runs A's question set by name.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.templates import ONDERWERP, Field, Section, template_text

pytestmark = pytest.mark.e2e

GEMEENTE = "Voorbeeldstad"
ORIGIN = f"uit pakket van gemeente {GEMEENTE}"
TEMPLATE = template_text(
    "notitie-woningsluiting", "Notitie woningsluiting",
    "Interne notitie over een woningsluiting (sjabloon van Voorbeeldstad).",
    [ONDERWERP, Field("adres", "Adres", "Gebruik een aanduiding zoals [ADRES-1].")],
    [Section("kop", "Kop", "Notitie over {{ onderwerp }}.", model=False),
     Section("bevoegdheid", "Bevoegdheid", "Noem de bevoegdheid van de burgemeester bij "
             "{{ onderwerp }}, met [n].")],
    query="{{ onderwerp }}")
DOC = ("# Beleidsregel woningsluiting Voorbeeldstad 2025\n\n## Artikel 3 Duur van de sluiting"
       "\n\nDe burgemeester sluit een woning waar een handelshoeveelheid harddrugs is "
       "aangetroffen voor de duur van zes maanden. Bij een tweede overtreding binnen drie jaar "
       "duurt de sluiting twaalf maanden.\n")
QUESTIONS = [
    {"id": "vb-1", "question": "Hoe lang sluit de burgemeester van Voorbeeldstad een woning "
     "waar harddrugs zijn gevonden?", "kind": "what",
     "source_file": "beleidsregel-woningsluiting-voorbeeldstad-2025.md",
     "source_locator": "artikel 3", "answer_facts": ["zes maanden"], "notes": ""},
    {"id": "vb-2", "question": "Hoe lang duurt de sluiting bij een tweede overtreding?",
     "kind": "what", "source_file": "beleidsregel-woningsluiting-voorbeeldstad-2025.md",
     "source_locator": "artikel 3", "answer_facts": ["twaalf maanden"], "notes": ""},
]
ENV = {"BAKEN_MAX_TOKENS": "24", "BAKEN_TOP_K": "3"}


def cli(data_dir: Path, *args: str, check: bool = True) -> Any:
    return run_cli(*args, "--data-dir", str(data_dir), env=ENV, check=check, timeout=1800)


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("twee-gemeenten")
    a, b = root / "A", root / "B"
    (root / "notitie-woningsluiting.md").write_text(TEMPLATE, encoding="utf-8")
    (root / "beleidsregel-woningsluiting-voorbeeldstad-2025.md").write_text(DOC,
                                                                           encoding="utf-8")
    (root / "vragen-voorbeeldstad.jsonl").write_text(
        "".join(json.dumps(q, ensure_ascii=False) + "\n" for q in QUESTIONS), encoding="utf-8")
    cli(a, "note", "add", "--title", "Woningsluiting na 13b", "--team", "Team OOV",
        "--text", "Bij een woningsluiting na 13b Opiumwet eerst de verhuurder schriftelijk "
        "informeren en het sleutelbeheer met de woningcorporatie afspreken.", "--tags", "13b")
    cli(a, "note", "add", "--title", "Cameratoezicht evalueren", "--team", "Team Veiligheid",
        "--text", "Evalueer tijdelijk cameratoezicht na drie maanden samen met de politie.")
    notes = json.loads(cli(a, "note", "list", "--json").stdout)
    key = json.loads(cli(a, "pack", "key", "--json").stdout)
    pack = root / "voorbeeldstad.zip"
    exported = json.loads(cli(
        a, "pack", "export", "--out", str(pack), "--name", "Kennis Voorbeeldstad",
        "--gemeente", GEMEENTE, "--licence", "CC-BY-4.0",
        "--template", str(root / "notitie-woningsluiting.md"), "--note", "alle",
        "--document", str(root / "beleidsregel-woningsluiting-voorbeeldstad-2025.md"),
        "--questions", str(root / "vragen-voorbeeldstad.jsonl"), "--json").stdout)
    imported = cli(b, "pack", "import", str(pack), "--fingerprint", key["fingerprint"],
                   "--json")
    return {"root": root, "a": a, "b": b, "notes": notes, "key": key, "pack": pack,
            "exported": exported, "imported": imported}


def test_a_exports_a_template_two_notes_a_document_and_a_question_set(towns: dict) -> None:
    kinds = sorted(f["kind"] for f in towns["exported"]["files"])
    assert kinds == ["document", "notitie", "notitie", "sjabloon", "vragenset"]
    assert towns["exported"]["fingerprint"] == towns["key"]["fingerprint"]
    assert len(towns["notes"]) == 2


def test_b_shows_what_it_imports_and_who_signed_it(towns: dict) -> None:
    proc = towns["imported"]
    assert f"Gemeente: {GEMEENTE}" in proc.stderr
    assert towns["key"]["fingerprint"] in proc.stderr
    assert "1 sjabloon, 1 vragenset, 2 praktijknotities, 1 document" in proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == "geïnstalleerd" and result["indexed"] == 3
    listed = json.loads(cli(towns["b"], "pack", "list", "--json").stdout)
    assert [(p["municipality"], p["fingerprint"]) for p in listed] == [
        (GEMEENTE, towns["key"]["fingerprint"])]


def test_b_answers_from_a_s_document(towns: dict) -> None:
    answer = json.loads(cli(towns["b"], "ask", "--json", str(QUESTIONS[0]["question"])).stdout)
    assert not answer["refused"], answer
    cited = [c["locator"] for c in answer["citations"]] or [s["locator"] for s in
                                                          answer["sources"]]
    assert any("Beleidsregel woningsluiting Voorbeeldstad" in c and c.endswith(ORIGIN)
               for c in cited), cited
    assert "zes maanden" in " ".join(c["text"] for c in answer["citations"])


def test_b_answers_from_a_s_note_labelled_as_experience(towns: dict) -> None:
    answer = json.loads(cli(towns["b"], "ask", "--json", "--type", "praktijknotitie",
                            "Wat moet ik eerst doen bij een woningsluiting na 13b?").stdout)
    assert not answer["refused"], answer
    labels = [s["locator"] for s in answer["sources"]]
    assert labels and labels[0].startswith("Praktijknotitie (") and labels[0].endswith(ORIGIN)
    assert "verhuurder" in " ".join(c["text"] for c in answer["citations"])


def test_b_s_drafting_tab_shows_a_s_template_with_its_origin(towns: dict) -> None:
    from assistant.app import build_baken
    from assistant.config import load_settings
    from assistant.ui.drafting_controller import DraftingController

    controller = DraftingController(build_baken(load_settings(data_dir=towns["b"])))
    assert ("Notitie woningsluiting (uit pakket van gemeente Voorbeeldstad)",
            "notitie-woningsluiting") in controller.template_choices()
    listed = json.loads(cli(towns["b"], "draft", "--list", "--json").stdout)
    assert "notitie-woningsluiting" in [t["name"] for t in listed]


def test_baken_eval_on_b_runs_a_s_question_set(towns: dict) -> None:
    out = towns["root"] / "eval-b"
    proc = run_cli("eval", "--questions", "vragen-voorbeeldstad", "--data-dir", str(towns["b"]),
                   "--out", str(out), "--no-progress", env=ENV, check=False, timeout=1800)
    assert proc.returncode in (0, 1), proc.stdout + proc.stderr  # go or no-go, not an error
    results = [json.loads(x) for x in (out / "results.jsonl").read_text(
        encoding="utf-8").splitlines() if x.strip()]
    assert sorted(r["id"] for r in results) == ["vb-1", "vb-2"]
    assert all(r.get("error") in (None, "") for r in results), results
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["meta"]["question_sets"][0]["name"] == "vragen-voorbeeldstad.jsonl"


def test_b_removes_the_pack_whole(towns: dict) -> None:
    b = towns["b"]
    proc = cli(b, "pack", "remove", "kennis-voorbeeldstad")
    assert "verwijderd" in proc.stdout
    assert json.loads(cli(b, "pack", "list", "--json").stdout) == []
    hits = json.loads(cli(b, "search", "--json", "woningsluiting harddrugs zes maanden").stdout)
    assert not any(ORIGIN in h["locator"] for h in hits)
