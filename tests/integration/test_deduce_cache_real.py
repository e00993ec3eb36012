"""The real deduce with a read-only install: the lookup cache prebuilt by ``make install`` is
loaded as it is, with no rebuild and no write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ingest.recognizers import deduce_recognizer as dr


def test_a_read_only_install_loads_the_prebuilt_cache_without_rebuilding_or_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package = dr.deduce_lookup_dir()
    if not dr.prebuilt_cache(package):
        pytest.skip("deduce's lookup cache is not built yet (make install builds it)")
    import deduce.lookup_structs as structs  # noqa: PLC0415 (the slow import, only here)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("deduce tried to rebuild or write its lookup cache")

    monkeypatch.setattr(dr, "_writable", lambda p: False)  # nothing may be written anywhere
    monkeypatch.setattr(structs, "cache_lookup_structs", refuse)
    monkeypatch.setattr(structs, "load_raw_itemsets", refuse)  # the first step of a rebuild
    monkeypatch.setenv("XDG_CACHE_HOME", "/nonexistent-baken-cache")
    used: list[Path] = []
    new_engine = dr._new_engine

    def spy(deduce_class: Any) -> Any:
        def record(cache_path: Path) -> Any:
            used.append(cache_path)
            return deduce_class(cache_path=cache_path)

        return new_engine(record)

    monkeypatch.setattr(dr, "_new_engine", spy)
    engine = dr.load_deduce.__wrapped__()  # a fresh load, not the process-wide one
    assert used == [package]
    doc = engine.deidentify("Gesprek met mevrouw Anouk Verhoeven.", disabled=set(dr._DISABLED))
    assert any("Verhoeven" in a.text for a in doc.annotations)
