"""Security review (issue 17, item 3): the ingest follows no symbolic link, and the data folder
is for Baken's own account only.

A link inside an ingested folder (to a file or a folder outside it) used to be followed, and
its target copied unredacted into the served originals. Now no link is followed, each is
reported with a Dutch reason, and what Baken writes in the data folder (the folder itself,
originals, audit, uploads) is 0700/0600 even in a process with a loose umask; the ``baken``
command and the systemd units set umask 077 for everything else (Chroma's own files).
"""

from __future__ import annotations

import configparser
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.ui.documents import DocumentsController
from tests.conftest import DEMO_CORPUS, REPO, store_contents
from tests.fakes import fake_baken, settings_for

FILE = "apv-almelo-2021.md"
SECRET = "Vertrouwelijk: het dossier van mevrouw De Boer ligt in kast 7."


@pytest.fixture
def loose_umask() -> Iterator[None]:
    """A process umask that lets others read (the default of many systems)."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """A folder with one real document, a link to a file and a link to a folder outside it."""
    outside = tmp_path / "elders"
    (outside / "map").mkdir(parents=True)
    (outside / "geheim.md").write_text(f"# Geheim\n\nArtikel 1\n\n{SECRET}\n", encoding="utf-8")
    (outside / "map" / "nog-geheimer.md").write_text(f"# Map\n\nArtikel 2\n\n{SECRET}\n",
                                                     encoding="utf-8")
    folder = tmp_path / "share"
    folder.mkdir()
    shutil.copy(DEMO_CORPUS / FILE, folder / FILE)
    (folder / "snelkoppeling.md").symlink_to(outside / "geheim.md")
    (folder / "koppelmap").symlink_to(outside / "map", target_is_directory=True)
    return folder


def test_no_symbolic_link_is_followed_and_each_is_reported(corpus: Path, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "data")
    baken = fake_baken(settings)
    report = baken.pipeline.run([corpus], progress=False)
    reasons = {item["file"]: item["reason"] for item in report.documents_skipped}
    assert set(reasons) == {"snelkoppeling.md", "koppelmap"}
    assert all("symbolische koppeling" in reason for reason in reasons.values())
    assert set(baken.store.indexed_files()) == {FILE}
    assert not any("De Boer" in value for value in store_contents(settings.data_dir))
    kept = sorted(p.relative_to(settings.originals_dir).as_posix()
                  for p in settings.originals_dir.rglob("*"))
    assert kept == [FILE]
    # a link given as the folder to ingest is not followed either
    link = tmp_path / "link-naar-share"
    link.symlink_to(corpus, target_is_directory=True)
    again = baken.pipeline.run([link], progress=False)
    assert [item["file"] for item in again.documents_skipped] == ["link-naar-share"]
    assert again.documents_indexed == 0 and again.documents_unchanged == 0


def _modes(root: Path) -> dict[str, int]:
    found = {".": stat.S_IMODE(root.stat().st_mode)}
    for path in root.rglob("*"):
        found[path.relative_to(root).as_posix()] = stat.S_IMODE(path.lstat().st_mode)
    return found


def test_what_baken_writes_in_the_data_folder_is_private(
        corpus: Path, tmp_path: Path, loose_umask: None) -> None:
    settings: Settings = settings_for(tmp_path / "data")
    baken = fake_baken(settings)
    baken.pipeline.run([corpus], progress=False)
    upload = tmp_path / "upload.md"
    shutil.copy(DEMO_CORPUS / "wet-tijdelijk-huisverbod.md", upload)
    message = DocumentsController(baken, max_bytes=10**7).upload([upload])
    assert "**Ingelezen:** 1 document" in message
    baken.access_log.search(user=None, collection="baken", query="x", documents=[FILE],
                            via="cli")
    data = settings.data_dir
    ours = {name: mode for name, mode in _modes(data).items()
            if name == "." or name.split("/")[0] in {"originals", "audit", "uploads",
                                                      "bronpaden", "ingest.lock"}}
    assert {"originals/baken/" + FILE, "uploads", "ingest.lock"} <= set(ours)
    assert any(name.startswith("audit/ingest-") for name in ours)
    assert "audit/toegang.jsonl" in ours
    loose = {name: oct(mode) for name, mode in ours.items()
             if mode != (0o700 if (data / name).is_dir() else 0o600)}
    assert loose == {}


def test_the_baken_command_and_the_services_use_umask_077(tmp_path: Path,
                                                          loose_umask: None) -> None:
    from assistant.cli import main

    # 'search' without a question stops before any model loads, after the umask is set
    assert main(["search", "--data-dir", str(tmp_path / "data")]) == 2
    current = os.umask(0o022)
    assert current == 0o077

    units = sorted((REPO / "deploy" / "systemd").glob("*.service"))
    assert units
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read(unit, encoding="utf-8")
        assert parser.get("Service", "UMask", fallback=None) == "0077", unit.name
