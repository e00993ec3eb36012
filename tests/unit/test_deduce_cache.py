"""Where deduce's 77 MB lookup cache is read from or built: a cache prebuilt by ``make install``
serves a read-only install; without one, Baken's own cache folder; never a rebuild per run
when a writable place exists. deduce itself is faked here (see the integration test for the
real one)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from ingest.recognizers import deduce_recognizer as dr


@pytest.fixture
def package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in for deduce's data/lookup folder with a prebuilt cache, read-only."""
    lookup = tmp_path / "site-packages" / "deduce" / "data" / "lookup"
    (lookup / "src" / "names" / "lst_surname").mkdir(parents=True)
    (lookup / "cache").mkdir()
    old = 1_700_000_000
    for folder in (lookup / "src").glob("**"):
        os.utime(folder, (old, old))
    (lookup / "cache" / "lookup_structs.pickle").write_bytes(b"prebuilt")
    monkeypatch.setattr(dr, "deduce_lookup_dir", lambda: lookup)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    read_only = tmp_path / "site-packages"
    monkeypatch.setattr(dr, "_writable", lambda p: not Path(p).is_relative_to(read_only))
    return lookup


class FakeDeduce:
    """Records the cache path it was given; optionally fails to write there."""

    paths: list[Path] = []
    fail_on: set[Path] = set()

    def __init__(self, cache_path: Path) -> None:
        FakeDeduce.paths.append(cache_path)
        if cache_path in FakeDeduce.fail_on:
            raise PermissionError(13, "Permission denied")
        assert cache_path.is_dir()


@pytest.fixture(autouse=True)
def _reset_fake() -> None:
    FakeDeduce.paths = []
    FakeDeduce.fail_on = set()


def test_a_prebuilt_cache_in_a_read_only_package_is_used(package: Path) -> None:
    assert dr.prebuilt_cache(package)
    assert dr.deduce_cache_path() == package
    dr._new_engine(FakeDeduce)
    assert FakeDeduce.paths == [package]


def test_without_a_prebuilt_cache_a_read_only_install_builds_in_bakens_cache(
    package: Path, tmp_path: Path
) -> None:
    (package / "cache" / "lookup_structs.pickle").unlink()
    own = dr.deduce_cache_path()
    assert own == dr.user_cache_dir()
    assert own is not None and own.is_relative_to(tmp_path / "xdg") and own.is_dir()
    assert own.name.startswith("deduce-")
    # once built there, the next run finds it (no src folder there to compare with)
    (own / "cache").mkdir()
    (own / "cache" / "lookup_structs.pickle").write_bytes(b"built once")
    assert dr.prebuilt_cache(own)
    assert dr.deduce_cache_path() == own


def test_a_stale_prebuilt_cache_in_a_read_only_package_is_not_used(package: Path) -> None:
    saved = (package / "cache" / "lookup_structs.pickle").stat().st_mtime
    os.utime(package / "src" / "names", (saved + 60, saved + 60))  # lists changed since
    assert not dr.prebuilt_cache(package)
    assert dr.deduce_cache_path() == dr.user_cache_dir()


def test_a_writable_package_without_cache_gets_it_there(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (package / "cache" / "lookup_structs.pickle").unlink()
    monkeypatch.setattr(dr, "_writable", lambda p: True)
    assert dr.deduce_cache_path() == package


def test_with_nowhere_to_write_deduce_builds_in_a_temporary_folder(
    package: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (package / "cache" / "lookup_structs.pickle").unlink()
    monkeypatch.setattr(dr, "_writable", lambda p: False)
    assert dr.deduce_cache_path() is None
    dr._new_engine(FakeDeduce)
    [temporary] = FakeDeduce.paths
    assert temporary.name.startswith("baken-deduce-")
    assert not temporary.exists()  # removed again


def test_a_cache_deduce_cannot_update_falls_back_instead_of_failing(package: Path) -> None:
    FakeDeduce.fail_on = {package}
    engine: Any = dr._new_engine(FakeDeduce)
    assert isinstance(engine, FakeDeduce)
    assert FakeDeduce.paths[0] == package
    assert FakeDeduce.paths[1].name.startswith("baken-deduce-")
