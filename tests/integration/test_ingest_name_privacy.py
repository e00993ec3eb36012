"""Identifiers in file and folder names: the document is not indexed and the name is shown only
as a hash in the report, the terminal and the audit file (real anonymiser, real store)."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from assistant.index import ChromaChunkStore, chroma_client
from ingest.anonymize import PresidioAnonymizer
from ingest.pipeline import NAME_REASON, IngestPipeline, IngestReport, name_parts, name_variants
from tests.conftest import DEMO_CORPUS, SHARED_CORPUS, run_cli, store_contents
from tests.fakes import HashEmbedder

CLEAN = "apv-almelo-2021.md"
TEXT = "# Notitie\n\nArtikel 1\n\nDe burgemeester kan een woning sluiten bij ernstige overlast.\n"


def _corpus(root: Path, *names: str) -> Path:
    """A folder with one clean demo document and a small note under each of ``names``."""
    folder = root / "corpus"
    folder.mkdir()
    shutil.copy(DEMO_CORPUS / CLEAN, folder / CLEAN)
    for name in names:
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(TEXT, encoding="utf-8")
    return folder


def _ingest(anonymizer: PresidioAnonymizer, data: Path, corpus: Path) -> IngestReport:
    store = ChromaChunkStore(chroma_client(data / "chroma"), "baken",
                             version_file=data / "index.version")
    pipeline = IngestPipeline(store, HashEmbedder(), anonymizer, data, chunk_chars=400,
                              chunk_overlap=50)
    return pipeline.run([corpus], progress=False)


def _audit_text(data: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in (data / "audit").glob("ingest-*.json"))


def _sha(name: str) -> str:
    return "sha256:" + hashlib.sha256(name.encode()).hexdigest()[:16]


@pytest.mark.parametrize("name", [
    "Z-2026-00512/notitie.md",                 # case number as a folder
    "zaken/Z-2026-00512/2026/notitie.md",      # ... deeper down
    "Z-2026-00512.md",                         # ... as the file name
    "verslag-Z-2026-00512.md",                 # ... joined to a word
    "zaak_Z-2026-00512_notitie.md",
    "Mohamed Bouzid/notitie.md",               # a person as a folder
    "dossiers/Mohamed_Bouzid.md",
])
def test_an_identifier_in_a_file_or_folder_name_blocks_the_document(
        anonymizer: PresidioAnonymizer, tmp_path: Path, name: str) -> None:
    data = tmp_path / "data"
    report = _ingest(anonymizer, data, _corpus(tmp_path, name))
    assert report.documents_indexed == 1  # the clean document still goes in
    assert report.documents_skipped == [{"file": _sha(name), "reason": NAME_REASON}]
    stored = "\n".join(store_contents(data))
    audit = _audit_text(data)
    shown = report.summary_nl() + json.dumps(report.to_json(), ensure_ascii=False)
    for text in (stored, audit, shown):
        assert "00512" not in text and "Bouzid" not in text
        assert "notitie" not in text
    assert _sha(name) in audit and _sha(name) in report.summary_nl()
    assert not any((data / "originals").rglob("*notitie*"))


def test_an_unsupported_file_is_named_unless_its_name_identifies_someone(
        anonymizer: PresidioAnonymizer, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path)
    (corpus / "tabel.xyz").write_text("onbekend", encoding="utf-8")
    (corpus / "Z-2026-00512").mkdir()
    (corpus / "Z-2026-00512" / "tabel.xyz").write_text("onbekend", encoding="utf-8")
    data = tmp_path / "data"
    report = _ingest(anonymizer, data, corpus)
    files = {s["file"]: s["reason"] for s in report.documents_skipped}
    assert set(files) == {"tabel.xyz", _sha("Z-2026-00512/tabel.xyz")}
    assert all("niet ondersteund" in reason for reason in files.values())
    assert "00512" not in _audit_text(data) and "00512" not in report.summary_nl()


def test_ordinary_names_with_hyphens_and_years_still_go_in(
        anonymizer: PresidioAnonymizer, tmp_path: Path) -> None:
    names = ["beleid/2024-apv/notitie-2024-03.md", "wet-tijdelijk-huisverbod/artikel_2.md",
             "Heeze-Leende/evenementen-2022.md", "ivp-land-van-cuijk-2023-2026.md",
             "jaarplan_2024_2025.md"]
    report = _ingest(anonymizer, tmp_path / "data", _corpus(tmp_path, *names))
    assert report.documents_skipped == []
    assert report.documents_indexed == 1 + len(names)


@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="the shared corpus is not here")
def test_no_file_name_of_the_public_corpus_is_taken_for_an_identifier(
        anonymizer: PresidioAnonymizer) -> None:
    """Laws, regulations and policy plans are named after their subject, place and period:
    none of those names may keep a document out of the index."""
    flagged = [path.name for path in sorted(SHARED_CORPUS.glob("*.md"))
               if any(anonymizer.find(variant) for part in name_parts(path.name)
                      for variant in name_variants(part))]
    assert flagged == []


@pytest.mark.slow  # the real `baken ingest` in a subprocess (about 25 s)
def test_the_ingest_command_prints_only_the_hash(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "Z-2026-00512").mkdir(parents=True)
    (corpus / "Z-2026-00512" / "notitie.md").write_text(TEXT, encoding="utf-8")
    data = tmp_path / "data"
    proc = run_cli("ingest", str(corpus), "--data-dir", str(data))
    console = proc.stdout + proc.stderr  # the summary, the progress bar and any log lines
    assert f"Overgeslagen: {_sha('Z-2026-00512/notitie.md')} — {NAME_REASON}" in console
    assert "00512" not in console and "notitie" not in console
    assert "00512" not in _audit_text(data)


def test_a_numbered_file_name_is_no_case_number() -> None:
    from ingest.pipeline import name_parts

    assert name_parts("meldingen/melding-001.txt") == ["meldingen", "melding-001"]
    assert name_parts("verslag.eml#bijlage-2.pdf") == ["verslag", "bijlage-2"]
    assert name_parts("Z-2026-00512/notitie.md") == ["Z-2026-00512", "notitie"]
    assert name_parts("J.de Vries/brief.docx") == ["J.de Vries", "brief"]
