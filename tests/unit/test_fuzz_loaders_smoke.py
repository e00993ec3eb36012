"""Smoke run of the loader fuzzer: a few mutated files per format, no crash, no hang, and
every rejection with a Dutch reason (the full run: ``python -m benchmarks.fuzz_loaders``)."""

from __future__ import annotations

import io
import random
import zipfile

import pytest

from benchmarks import fuzz_loaders


def test_zip_member_mutation_gives_a_zip_again() -> None:
    seed = fuzz_loaders.seeds()["docx"][0]
    rng = random.Random(3)
    for _ in range(5):
        mutated = fuzz_loaders.mutate_member(seed, rng)
        assert mutated != seed
        with zipfile.ZipFile(io.BytesIO(mutated)) as archive:
            assert archive.namelist()


def test_fuzz_smoke_no_crashes_and_dutch_reasons(monkeypatch: pytest.MonkeyPatch,
                                                 tmp_path) -> None:
    settings = tmp_path / "geen-instellingen.toml"
    settings.write_text("", encoding="utf-8")
    monkeypatch.setenv("BAKEN_SETTINGS", str(settings))
    monkeypatch.setenv("BAKEN_OFFICE_PARSE_TIMEOUT_S", "5")
    tallies = fuzz_loaders.fuzz(seconds=20, seed=5, per_input=8, max_per_format=2,
                                progress=False)
    assert set(tallies) == set(fuzz_loaders.FORMATS)
    for fmt, tally in tallies.items():
        assert tally.tried >= 1, fmt
        assert tally.crashes == 0, (fmt, tally.findings)
        assert tally.hangs == 0, (fmt, tally.findings)
        assert tally.no_dutch_reason == 0, (fmt, tally.findings)
        assert tally.loaded + tally.rejected == tally.tried
