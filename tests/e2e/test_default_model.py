"""The real default model (Qwen2.5-Coder-1.5B, as `make install` puts it on disk) end to end:
Dutch answers to shared-corpus questions with the expected fact and valid citations, and a
warning letter whose typed facts all reach the DOCX. About 2-3 minutes on one thread."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import docx
import pytest

from assistant.llm.bundled import QWEN_15B, split_model_problem
from tests.conftest import DEFAULT_MODEL_ENV, SHARED_CORPUS, run_cli

pytestmark = [
    pytest.mark.e2e, pytest.mark.slow,
    pytest.mark.skipif(split_model_problem(QWEN_15B) is not None,
                       reason="het standaardmodel is niet geïnstalleerd (make install)"),
]

FILES = ["gemeentewet-147-154b.md", "gemeentewet-172-176a.md", "wet-tijdelijk-huisverbod.md",
         "opiumwet.md"]
QUESTIONS = [  # from eval/questions/oov-nl-heldout.jsonl
    ("ho-002", "Hoe lang mogen we de opgenomen beelden van de vaste camera's op het "
               "stationsplein bewaren voordat ze weg moeten?", "vier weken"),
    ("ho-005", "Voor hoe lang kan de burgemeester een vaste onruststoker een gebiedsverbod "
               "geven?", "drie maanden"),
    ("ho-024", "Tot hoe lang kan de burgemeester een huisverbod verlengen als de dreiging "
               "blijft?", "vier weken"),
]
DUTCH = re.compile(r"\b(de|het|een|van|is|kan|mag|voor|niet|ten|hoogste)\b", re.IGNORECASE)
ENGLISH = re.compile(r"\b(the|and|is not|can be|according)\b", re.IGNORECASE)


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("corpus")
    for name in FILES:
        shutil.copy(SHARED_CORPUS / name, corpus / name)
    data = tmp_path_factory.mktemp("data")
    run_cli("ingest", str(corpus), "--data-dir", str(data), "--json")
    return data


@pytest.fixture(scope="module")
def answers(index: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    batch = tmp_path_factory.mktemp("ask") / "vragen.jsonl"
    batch.write_text("\n".join(json.dumps({"id": i, "question": q}) for i, q, _ in QUESTIONS),
                     encoding="utf-8")
    proc = run_cli("ask", "--batch", str(batch), "--data-dir", str(index), env=DEFAULT_MODEL_ENV)
    rows = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {row["id"]: row for row in rows}


@pytest.mark.parametrize(("qid", "question", "fact"), QUESTIONS, ids=[q[0] for q in QUESTIONS])
def test_default_model_answers_in_dutch_with_the_fact_and_valid_citations(
        answers: dict[str, dict], qid: str, question: str, fact: str) -> None:
    row = answers[qid]
    assert row["model_file"] == QWEN_15B.file_name
    assert row["model_sha256"] == QWEN_15B.sha256
    assert not row["refused"]
    text = row["answer"]
    lead = text.split("**Uit de bronnen:**")[0].strip()
    assert lead and DUTCH.search(lead) and not ENGLISH.search(lead), lead
    assert fact in text, text
    assert row["citations"], "het antwoord verwijst naar geen bron"
    n_sources = len(row["sources"])
    for n in map(int, re.findall(r"\[(\d+)\]", text)):
        assert 1 <= n <= n_sources
    for citation in row["citations"]:
        assert " ".join(citation["quote"].split()) in " ".join(citation["text"].split())
    assert not [w for w in row["warnings"] if "bestaat niet" in w or "Citaat" in w]


def test_default_model_letter_keeps_every_typed_fact(index: Path, tmp_path: Path) -> None:
    out = tmp_path / "brief.docx"
    values = {"gedraging": "Uw hond heeft op het schoolplein een kind in de arm gebeten.",
              "datum_incident": "14 februari 2026", "adres_incident": "het Stadspark",
              "hond": "een zwarte labrador", "maatregel": "aanlijn- en muilkorfgebod"}
    args = ["draft", "waarschuwingsbrief-hondenbeet", "--data-dir", str(index), "--out", str(out)]
    for name, value in values.items():
        args += ["--field", f"{name}={value}"]
    run_cli(*args, env=DEFAULT_MODEL_ENV)
    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    for value in values.values():
        assert value in text
    assert "Waarschuwingsbrief na een hondenbeet" in text
    assert "met [1] naar de bron" not in text and "Opdracht" not in text
