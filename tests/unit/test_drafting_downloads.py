"""The download files of finished drafts: one private folder per user and data folder that
stays small, is emptied on a restart, has a name of its own per draft, and is never a folder
planted by someone else."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from assistant.drafting import Draft, DraftSection
from assistant.drafting.downloads import DraftDownloads, export_folder


@pytest.fixture
def system_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The system's temp folder, moved into this test's folder so leftovers can be counted."""
    folder = tmp_path / "systeem-tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def exported(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if p.is_file())


DRAFT = Draft("collegevoorstel", "Collegevoorstel evenementen",
              (DraftSection("Onderwerp", "Actualisatie beleidsnota evenementen."),), (), (), ())


def test_downloads_go_to_one_folder_that_stays_small_across_restarts(
        tmp_path: Path, system_tmp: Path) -> None:
    data = tmp_path / "data"
    first = DraftDownloads(data, keep=2)
    assert list(system_tmp.iterdir()) == [], "a folder before anything was downloaded"
    written = [first.write(DRAFT) for _ in range(3)]
    # three drafts within a second: each has its own files, only the latest two are kept
    assert len({docx for docx, _ in written}) == 3
    assert [(d.suffix, m.suffix) for d, m in written] == [(".docx", ".md")] * 3
    assert not written[0][0].exists() and written[2][0].exists() and written[2][1].exists()
    folder = written[2][0].parent
    assert [p.name for p in system_tmp.iterdir()] == [folder.name]
    assert len(exported(system_tmp)) == 4, exported(system_tmp)
    assert folder.stat().st_mode & 0o777 == 0o700, "other users could read the drafts"
    assert written[2][1].read_text(encoding="utf-8").startswith("**CONCEPT")

    # a restart (new downloads for the same data folder) reuses and empties the folder
    second = DraftDownloads(data, keep=2)
    assert exported(system_tmp) == []
    docx, _ = second.write(DRAFT)
    assert docx.parent == folder
    assert len(list(system_tmp.iterdir())) == 1 and len(exported(system_tmp)) == 2


def test_each_data_folder_has_its_own_download_folder(tmp_path: Path, system_tmp: Path) -> None:
    one, _ = DraftDownloads(tmp_path / "a").write(DRAFT)
    two, _ = DraftDownloads(tmp_path / "b").write(DRAFT)
    assert one.parent != two.parent and one.exists()


def test_a_foreign_folder_by_the_export_name_is_not_used(tmp_path: Path,
                                                         system_tmp: Path) -> None:
    data = tmp_path / "data"
    fixed = export_folder(data)
    fixed.rmdir()
    elsewhere = tmp_path / "van-een-ander"
    elsewhere.mkdir()
    os.symlink(elsewhere, fixed)  # planted by someone else to catch the drafts
    docx, _ = DraftDownloads(data).write(DRAFT)
    assert docx.parent != fixed and docx.exists()
    assert list(elsewhere.iterdir()) == []


def test_a_given_folder_is_emptied_of_earlier_drafts_only(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "concept-oud.docx").write_bytes(b"")
    (folder / "notities.txt").write_text("van de gebruiker", encoding="utf-8")
    downloads = DraftDownloads(tmp_path, folder=folder)
    assert exported(folder) == ["notities.txt"]
    docx, markdown = downloads.write(DRAFT)
    assert docx.parent == markdown.parent == folder
