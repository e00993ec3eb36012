"""Documents tab handlers: safe names, type and size limits, staging, Dutch reports, delete."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.ui.documents import DocumentsController, sanitize_filename
from ingest.pipeline import IngestBusy, IngestReport


@pytest.mark.parametrize("raw,clean", [
    ("Beleid Evenementen 2024.DOCX", "Beleid Evenementen 2024.docx"),
    ("../../etc/passwd", "passwd"),
    ("C:\\Users\\anna\\brief.pdf", "brief.pdf"),
    (".verborgen.md", "verborgen.md"),
    ("café-één.odt", "cafe-een.odt"),
    ("a<b>|c?.txt", "a-b-c.txt"),
    ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),  # 120 characters in all
    ("...", "document"),
])
def test_sanitize_filename(raw: str, clean: str) -> None:
    assert sanitize_filename(raw) == clean


class FakePipeline:
    def __init__(self, data_dir: Path, busy: bool = False) -> None:
        self.runs: list[list[Path]] = []
        self.deleted: list[str] = []
        self.busy = busy
        self.staged_existed = False

    def run(self, paths: list[Path], *, progress: bool, on_file: Any) -> IngestReport:
        if self.busy:
            raise IngestBusy("Er loopt al een inleesactie op deze datamap; probeer het later "
                             "opnieuw.")
        self.runs.append(list(paths))
        self.staged_existed = all(p.is_file() for p in paths)
        for i, p in enumerate(paths):
            on_file(i, len(paths), p.name)
        report = IngestReport(documents_indexed=len(paths), chunks=3 * len(paths))
        report.redactions.update({"PERSOON": 2})
        return report

    def delete(self, name: str) -> None:
        self.deleted.append(name)


def _controller(tmp_path: Path, *, busy: bool = False, max_bytes: int = 1000
                ) -> tuple[DocumentsController, FakePipeline]:
    pipeline = FakePipeline(tmp_path, busy)
    store = SimpleNamespace(indexed_files=lambda: {"apv.md": SimpleNamespace(
        source_file="apv.md", title="APV", chunks=4, indexed_at=1_800_000_000.0)})
    baken = SimpleNamespace(settings=SimpleNamespace(data_dir=tmp_path / "data"),
                            pipeline=pipeline, store=store)
    return DocumentsController(baken, max_bytes=max_bytes), pipeline  # type: ignore[arg-type]


def _file(folder: Path, name: str, size: int = 10) -> str:
    path = folder / name
    path.write_bytes(b"x" * size)
    return str(path)


def test_upload_stages_supported_files_and_reports_in_dutch(tmp_path: Path) -> None:
    docs, pipeline = _controller(tmp_path)
    progress: list[tuple[int, int, str]] = []
    report = docs.upload([_file(tmp_path, "Brief aan bewoners.DOCX"),
                          _file(tmp_path, "virus.exe"), _file(tmp_path, "groot.pdf", 5000)],
                         on_file=lambda d, t, n: progress.append((d, t, n)))
    assert [p.name for p in pipeline.runs[0]] == ["Brief aan bewoners.docx"]
    assert pipeline.staged_existed
    assert progress == [(0, 1, "Brief aan bewoners.docx")]
    assert "Ingelezen:** 1 document(en), 3 tekstdelen" in report
    assert "PERSOON: 2" in report
    assert "virus.exe — bestandstype .exe wordt niet ondersteund" in report
    assert "groot.pdf — het bestand is 0,0 MB; het maximum is 0 MB" in report
    assert not any((tmp_path / "data" / "uploads").iterdir())  # staging cleaned up


def test_uploaded_temporary_copies_can_be_discarded(tmp_path: Path) -> None:
    docs, _ = _controller(tmp_path)
    uploaded = [_file(tmp_path, "nota.md"), _file(tmp_path, "foto.jpg")]
    docs.upload(uploaded, discard_sources=True)
    assert not any(Path(p).exists() for p in uploaded)


def test_only_unsupported_files_never_start_the_pipeline(tmp_path: Path) -> None:
    docs, pipeline = _controller(tmp_path)
    report = docs.upload([_file(tmp_path, "foto.jpg")])
    assert pipeline.runs == []
    assert "foto.jpg — bestandstype .jpg wordt niet ondersteund" in report
    assert "Kies of sleep" in docs.upload([])


def test_busy_ingest_is_a_dutch_message(tmp_path: Path) -> None:
    docs, _ = _controller(tmp_path, busy=True)
    report = docs.upload([_file(tmp_path, "apv.md")])
    assert report.startswith("⚠️ Inlezen mislukt: Er loopt al een inleesactie")


def test_same_name_twice_in_one_upload_keeps_both(tmp_path: Path) -> None:
    docs, pipeline = _controller(tmp_path)
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    docs.upload([_file(tmp_path / "a", "nota.md"), _file(tmp_path / "b", "nota.md")])
    assert [p.name for p in pipeline.runs[0]] == ["nota.md", "nota-2.md"]


def test_delete_only_what_is_indexed(tmp_path: Path) -> None:
    docs, pipeline = _controller(tmp_path)
    assert "staat niet (meer) in de index" in docs.delete("../../etc/passwd")
    assert "Kies eerst" in docs.delete(None)
    assert "is uit de index verwijderd" in docs.delete("apv.md")
    assert pipeline.deleted == ["apv.md"]
    assert docs.rows()[0][:3] == ["apv.md", "APV", 4]
