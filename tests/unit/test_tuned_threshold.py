"""A tuned embedder brings its own relevance threshold: calibrated by quantile, written in its
folder, used unless the settings set one."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.app import build_baken
from assistant.config import load_settings
from assistant.tuning import TUNED_MARKER
from assistant.tuning.calibrate import matched_threshold, tuned_threshold
from assistant.tuning.train import calibration_pairs

BUNDLED = load_settings().retrieval.relevance_threshold


@pytest.mark.parametrize("rescale", [lambda s: 2 * s - 1, lambda s: s ** 4, lambda s: s - 0.3])
def test_a_monotone_rescaling_moves_the_threshold_with_it(
        rescale: Callable[[Any], Any]) -> None:
    base = np.random.default_rng(3).uniform(0.70, 0.92, size=(60, 80))
    got = matched_threshold(base, rescale(base), BUNDLED)
    assert got == pytest.approx(rescale(BUNDLED), abs=0.01)
    assert got != pytest.approx(BUNDLED, abs=0.01)


def test_a_threshold_above_every_score_stays_above_every_tuned_score() -> None:
    base = np.linspace(0.5, 0.8, 100)
    assert matched_threshold(base, base - 0.2, 0.95) == pytest.approx(0.6)


def _tuned_folder(tmp_path: Path, threshold: object) -> Path:
    folder = tmp_path / "embedders" / "e5-eigen"
    folder.mkdir(parents=True)
    (folder / TUNED_MARKER).write_text(json.dumps({"name": folder.name,
                                                   "relevance_threshold": threshold}))
    return folder


def test_baken_uses_the_threshold_of_the_tuned_folder(tmp_path: Path) -> None:
    folder = _tuned_folder(tmp_path, 0.612)
    baken = build_baken(load_settings(data_dir=tmp_path, embedder=str(folder)))
    assert baken.settings.retrieval.relevance_threshold == 0.612


def test_an_explicit_threshold_wins_over_the_folder(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _tuned_folder(tmp_path, 0.612)
    from_cli = build_baken(load_settings(data_dir=tmp_path, embedder=str(folder),
                                         relevance_threshold=0.7))
    assert from_cli.settings.retrieval.relevance_threshold == 0.7
    monkeypatch.setenv("BAKEN_RETRIEVAL__RELEVANCE_THRESHOLD", "0.75")
    from_env = build_baken(load_settings(data_dir=tmp_path, embedder=str(folder)))
    assert from_env.settings.retrieval.relevance_threshold == 0.75


@pytest.mark.parametrize("value", [None, "hoog", 1.5, 0])
def test_a_folder_without_a_usable_threshold_keeps_the_setting(tmp_path: Path,
                                                               value: object) -> None:
    folder = _tuned_folder(tmp_path, value)
    assert tuned_threshold(folder) is None
    baken = build_baken(load_settings(data_dir=tmp_path, embedder=str(folder)))
    assert baken.settings.retrieval.relevance_threshold == BUNDLED


def test_the_bundled_embedder_keeps_its_threshold(tmp_path: Path) -> None:
    baken = build_baken(load_settings(data_dir=tmp_path))
    assert baken.settings.retrieval.relevance_threshold == BUNDLED


def test_calibration_uses_a_fixed_sample_of_all_pairs() -> None:
    kept = [(f"vraag {i}", f"passage {i}") for i in range(1000)]
    sample = calibration_pairs(kept)
    assert len(sample) == 400 and set(sample) <= set(kept) and sample == calibration_pairs(kept)
    assert set(calibration_pairs(kept[:30])) == set(kept[:30])
