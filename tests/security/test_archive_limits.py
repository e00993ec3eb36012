"""Archives cannot exhaust memory (issue 17, item 5): a .docx or .odt is a zip; its table of
contents is checked (unpacked size, compression ratio) before anything is unpacked, and the
parser runs in a child process with a memory and a time limit. A refused file gets a Dutch
reason and nothing of it is indexed."""

from __future__ import annotations

import hashlib
import inspect
import io
import os
import resource
import shutil
import signal
import time
import zipfile
from pathlib import Path

import pytest

from assistant.app import build_baken
from ingest.loaders import LoadError, load_document
from ingest.loaders.office import OfficeLimits, office_limits_in_force
from tests.conftest import DEMO_CORPUS
from tests.fakes import make_pipeline, settings_for
from tests.fixtures_formats import docx_bytes, odt_bytes

GB = 1 << 30
MB = 1 << 20
PARTS = {".docx": "word/document.xml", ".odt": "content.xml"}


def real_document(suffix: str, paragraphs: int = 3, repeat: int = 1) -> bytes:
    text = [" ".join(f"Artikel {i}.{j}. De burgemeester kan een woning sluiten bij overlast "
                     f"({(i * 7919 + j * 104729) % 99991})." for j in range(repeat))
            for i in range(paragraphs)]
    if suffix == ".docx":
        return docx_bytes([("Normal", line) for line in text])
    return odt_bytes([(None, line) for line in text])


def bomb(suffix: str, size: int) -> bytes:
    """A real document whose main part is replaced by ``size`` bytes of zeros, streamed into
    the zip (deflate level 1, 1 MB at a time), so making it costs little memory."""
    real = zipfile.ZipFile(io.BytesIO(real_document(suffix)))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for item in real.infolist():
            if item.filename != PARTS[suffix]:
                archive.writestr(item, real.read(item))
                continue
            info = zipfile.ZipInfo(item.filename, date_time=item.date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            chunk = bytes(MB)
            with archive.open(info, "w", force_zip64=True) as fh:
                for _ in range(size // MB):
                    fh.write(chunk)
    return out.getvalue()


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@pytest.fixture(scope="module")
def two_gb_bomb(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Deflating 2 GB takes 10-20 s, so the bomb is made once per machine and kept in pytest's
    cache folder, under a name that changes when ``bomb`` does."""
    cache = getattr(request.config, "cache", None)
    folder = cache.mkdir("baken-zipbom") if cache is not None else tmp_path_factory.mktemp("bom")
    key = hashlib.sha256(inspect.getsource(bomb).encode()).hexdigest()[:12]
    path = folder / key / "bom.docx"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        write(path.parent, f"bom-{os.getpid()}.tmp", bomb(".docx", 2 * GB)).replace(path)
    assert path.stat().st_size < 20 * MB  # it passes the 50 MB upload limit easily
    return path


def test_a_2_gb_zip_bomb_is_refused_before_anything_is_unpacked(two_gb_bomb: Path) -> None:
    with zipfile.ZipFile(two_gb_bomb) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2 * GB
    peak = peak_rss_mb()
    start = time.perf_counter()
    with pytest.raises(LoadError) as refused:
        load_document(two_gb_bomb, two_gb_bomb.parent)
    assert time.perf_counter() - start < 10
    assert peak_rss_mb() - peak < 300  # nothing was unpacked in this process
    reason = refused.value.reason_nl
    assert "uitgepakt" in reason and "zipbom" in reason and "niet geïndexeerd" in reason


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_a_ratio_bomb_under_the_size_limit_is_refused(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"bom{suffix}", bomb(suffix, 16 * MB))
    with pytest.raises(LoadError, match="verdacht sterk ingepakt.*zipbom.*niet geïndexeerd"):
        load_document(path, tmp_path)


def limits_from_settings(tmp_path: Path) -> OfficeLimits:
    """The limits the composition root gives the ingest pipeline for the current settings."""
    return build_baken(settings_for(tmp_path / "data")).pipeline.office_limits


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_the_limits_are_settings(tmp_path: Path, suffix: str,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, f"lang{suffix}", real_document(suffix, paragraphs=300, repeat=50))
    with zipfile.ZipFile(path) as archive:
        assert sum(i.file_size for i in archive.infolist()) > 1_000_000
    assert limits_from_settings(tmp_path) == OfficeLimits()  # the defaults are the settings'
    assert load_document(path, tmp_path)  # an ordinary long document passes the defaults
    monkeypatch.setenv("BAKEN_OFFICE_MAX_UNPACKED_MB", "1")
    with office_limits_in_force(limits_from_settings(tmp_path)), \
            pytest.raises(LoadError, match="uitgepakt .* MB, meer dan de grens van 1 MB"):
        load_document(path, tmp_path)
    monkeypatch.delenv("BAKEN_OFFICE_MAX_UNPACKED_MB")
    monkeypatch.setenv("BAKEN_OFFICE_MAX_RATIO", "2")
    with office_limits_in_force(limits_from_settings(tmp_path)), \
            pytest.raises(LoadError, match="verdacht sterk ingepakt"):
        load_document(path, tmp_path)


def test_the_pipeline_reads_office_files_under_its_limits(tmp_path: Path) -> None:
    folder = tmp_path / "map"
    folder.mkdir()
    write(folder, "lang.docx", real_document(".docx", paragraphs=300, repeat=50))
    pipeline = make_pipeline(tmp_path / "data")
    pipeline.office_limits = OfficeLimits(max_unpacked_bytes=1_000_000)
    report = pipeline.run([folder], progress=False)
    assert report.documents_indexed == 0
    [skipped] = report.documents_skipped
    assert "meer dan de grens van 1 MB" in skipped["reason"]
    assert load_document(folder / "lang.docx", folder)  # outside the run: the defaults again


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_the_parser_runs_in_a_child_with_a_memory_limit(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"gewoon{suffix}", real_document(suffix, paragraphs=300, repeat=20))
    limit_before = resource.getrlimit(resource.RLIMIT_AS)
    # far too little for the parser
    with office_limits_in_force(OfficeLimits(memory_bytes=1_000_000)), \
            pytest.raises(LoadError, match="geheugen.*niet geïndexeerd"):
        load_document(path, tmp_path)
    assert resource.getrlimit(resource.RLIMIT_AS) == limit_before  # not this process
    assert load_document(path, tmp_path)


@pytest.mark.parametrize("suffix", [".docx", ".odt"])
def test_the_parser_has_a_time_limit(tmp_path: Path, suffix: str) -> None:
    path = write(tmp_path, f"gewoon{suffix}", real_document(suffix, paragraphs=300))
    with office_limits_in_force(OfficeLimits(timeout_s=0.001)), \
            pytest.raises(LoadError, match="duurde langer dan 0.001 seconden"):
        load_document(path, tmp_path)


# --- the child process itself ----------------------------------------------------------------


def _allocate(data: bytes) -> int:
    return len(bytes(2 * GB)) + len(data)


def _killed(data: bytes) -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def _sleeps(data: bytes) -> None:
    time.sleep(60)


def _echo(data: bytes) -> tuple[str, int]:
    return data.decode(), os.getpid()


def test_the_child_reports_memory_crash_and_time_in_dutch() -> None:
    from ingest.loaders.isolated import run_isolated

    def run(parse: object, timeout_s: float = 60) -> object:
        return run_isolated(parse, b"abc", kind="Word", memory_bytes=200 * MB,  # type: ignore
                            timeout_s=timeout_s)

    text, pid = run(_echo)  # type: ignore[misc]
    assert text == "abc" and pid != os.getpid()
    with pytest.raises(LoadError, match="meer dan 209 MB geheugen"):
        run(_allocate)
    with pytest.raises(LoadError, match="afgebroken"):
        run(_killed)
    start = time.perf_counter()
    with pytest.raises(LoadError, match="duurde langer dan 1 seconden"):
        run(_sleeps, timeout_s=1)
    assert time.perf_counter() - start < 15


# --- nothing is indexed ----------------------------------------------------------------------


def test_nothing_of_a_bomb_is_indexed(tmp_path: Path) -> None:
    from tests.fakes import make_pipeline

    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(DEMO_CORPUS / "gemeentewet-172-176a.md", folder / "gemeentewet.md")
    write(folder, "bom.docx", bomb(".docx", 16 * MB))
    write(folder, "bom.odt", bomb(".odt", 16 * MB))
    pipeline = make_pipeline(tmp_path / "data")
    report = pipeline.run([folder], progress=False)
    assert report.documents_indexed == 1
    skipped = {s["file"]: s["reason"] for s in report.documents_skipped}
    assert set(skipped) == {"bom.docx", "bom.odt"}
    assert all("zipbom" in reason for reason in skipped.values()), skipped
    assert {c.locator.source_file for c in pipeline.store.all_chunks()} == {"gemeentewet.md"}
