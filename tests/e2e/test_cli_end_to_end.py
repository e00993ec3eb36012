"""The walking skeleton end to end through the real CLI: ingest, search, ask, privacy."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from tests.conftest import DEMO_CORPUS, run_cli, store_contents

pytestmark = pytest.mark.e2e

# The fictitious personal data in the demo corpus (melding-overlast-fictief.md).
FICTITIOUS_VALUES = [
    "Fatima", "el Amrani", "Amrani", "06-12345678", "f.elamrani@voorbeeldmail.nl",
    "Lindelaan 14", "7311 AB", "Johannes", "van der Berg", "111222333", "12-05-1984",
    "12-BRT-3", "NL91ABNA0417164300", "Z-2026-00417", "P. de Vries", "055-5801234",
]


def test_ingest_reports_every_demo_document(demo_index: tuple[Path, dict]) -> None:
    _, report = demo_index
    files = sorted(p.name for p in DEMO_CORPUS.iterdir() if p.suffix == ".md")
    assert report["documents_indexed"] == len(files)
    assert report["documents_skipped"] == []
    assert report["chunks"] >= len(files)
    assert report["redactions"].get("BSN", 0) >= 1
    assert report["redactions"].get("IBAN", 0) >= 1


def test_fictitious_personal_data_never_reaches_the_store(demo_index: tuple[Path, dict]) -> None:
    data_dir, _ = demo_index
    stored = store_contents(data_dir)
    assert len(stored) > 20
    blob = "\n".join(stored)
    leaked = [v for v in FICTITIOUS_VALUES if v.lower() in blob.lower()]
    assert leaked == []
    # the placeholders show that the melding itself was indexed, anonymised
    assert "[BSN-1]" in blob and "[IBAN-1]" in blob


SEARCHES = {
    "huisverbod": "Wie mag een huisverbod opleggen en voor hoeveel dagen?",
    "artikel": "Wat regelt artikel 174a van de Gemeentewet?",
    "woning": "Wanneer mag de burgemeester een woning sluiten?",
    "genoemd": "Wat staat er in artikel 1 van de beleidsregel cameratoezicht?",
}


@pytest.fixture(scope="module")
def searched(demo_index: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory
             ) -> dict[str, list[dict]]:
    """Both searches in one ``search --batch`` run (the models load once)."""
    data_dir, _ = demo_index
    batch = tmp_path_factory.mktemp("search") / "vragen.jsonl"
    batch.write_text("".join(json.dumps({"id": i, "question": q}) + "\n"
                             for i, q in SEARCHES.items()), encoding="utf-8")
    proc = run_cli("search", "--batch", str(batch), "--data-dir", str(data_dir), "--json",
                   "-k", "3")
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return {line["id"]: line["hits"] for line in lines}


def test_search_json_finds_the_right_file(searched: dict[str, list[dict]]) -> None:
    hits = searched["huisverbod"]
    assert [h["rank"] for h in hits] == [1, 2, 3]
    assert {"rank", "source_file", "locator", "text", "score"} <= set(hits[0])
    assert hits[0]["source_file"] == "wet-tijdelijk-huisverbod.md"


def test_search_for_an_article_returns_its_locator(searched: dict[str, list[dict]]) -> None:
    top = searched["artikel"][0]
    assert top["source_file"] == "gemeentewet-172-176a.md"
    assert "artikel 174a" in top["locator"]


def test_search_hits_are_distinct_places_unless_the_article_is_named(
        searched: dict[str, list[dict]]) -> None:
    for key in ("huisverbod", "woning"):
        articles = [(h["source_file"], re.search(r"artikel ([^,\s]+)", h["locator"]))
                    for h in searched[key]]
        places = [(file, found.group(1)) for file, found in articles if found]
        assert len(places) == len(set(places)), places
    named = [h for h in searched["artikel"] if "artikel 174a" in h["locator"]]
    assert len(named) >= 2  # "wat regelt artikel 174a": more than one part of it is shown


def test_a_named_article_comes_from_the_named_document(
        searched: dict[str, list[dict]]) -> None:
    """Two demo documents have an artikel 1; the question names the camera policy's."""
    hits = searched["genoemd"]
    assert hits[0]["source_file"] == "beleidsregel-cameratoezicht-apeldoorn-2025.md"
    articles = [(h["source_file"], re.search(r"artikel ([^,\s]+)", h["locator"])) for h in hits]
    assert [file for file, found in articles if found and found.group(1) == "1"] == [
        "beleidsregel-cameratoezicht-apeldoorn-2025.md"]


def test_ask_json_cites_real_chunks(demo_index: tuple[Path, dict], demo_answer: dict) -> None:
    data_dir, _ = demo_index
    result = demo_answer  # `baken ask --json` with DEMO_QUESTION (tests/e2e/conftest.py)
    assert result["refused"] is False
    assert result["answer"].strip()
    assert result["model"].endswith(".gguf")
    assert set(result["timings"]) >= {"retrieval_s", "ttft_s", "tokens_per_s"}
    assert result["citations"], result["answer"]
    stored = set(store_contents(data_dir))
    for citation in result["citations"]:
        assert citation["text"] in stored
        assert citation["quote"] in citation["text"]
        assert (DEMO_CORPUS / citation["source_file"]).is_file()


def test_ask_refuses_without_calling_the_model(demo_index: tuple[Path, dict]) -> None:
    data_dir, _ = demo_index
    # a model path that does not exist: refusing must not even try to load it
    proc = run_cli("ask", "Hoe hoog is de hondenbelasting voor een tweede hond?",
                   "--data-dir", str(data_dir), "--json", "--model", "/nonexistent/model.gguf")
    result = json.loads(proc.stdout)
    assert result["refused"] is True
    assert result["answer"] == "Dit staat niet in de beschikbare documenten."
    assert result["citations"] == []
    assert result["model"] == ""


def test_privacy_scan_is_clean_then_flags_a_planted_identifier(
        demo_index: tuple[Path, dict], tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    shutil.copytree(demo_index[0], data_dir)
    clean = run_cli("privacy-scan", "--data-dir", str(data_dir), "--json")
    assert json.loads(clean.stdout)["findings"] == []

    client = chromadb.PersistentClient(path=str(data_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.get_collection(client.list_collections()[0].name)
    record = collection.get(limit=1, include=["embeddings"])
    planted_id = record["ids"][0]
    embeddings: Any = record["embeddings"]
    collection.update(ids=[planted_id], embeddings=[embeddings[0]],
                      documents=["Bel mevrouw Anouk Verhoeven, BSN 111222333, over de melding."])
    del client

    dirty = run_cli("privacy-scan", "--data-dir", str(data_dir), "--json", check=False)
    assert dirty.returncode == 1
    findings = json.loads(dirty.stdout)["findings"]
    assert {(f["id"], f["entity_type"]) for f in findings} >= {(planted_id, "BSN"),
                                                              (planted_id, "PERSOON")}
    assert "111222333" not in dirty.stdout + dirty.stderr
    assert "Verhoeven" not in dirty.stdout + dirty.stderr
