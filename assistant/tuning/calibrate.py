"""A relevance threshold for a tuned embedder, so that refusing stays as strict as with the
bundled one.

Fine-tuning with in-batch negatives spreads the cosine scale: the bundled threshold (0.846)
would make a tuned embedder refuse most answerable questions. The tuner scores the same
questions against the same passages before and after training and takes the tuned score at
the quantile where the bundled threshold lies among the bundled scores. When training only
rescales the scores monotonically this is exactly the tuned counterpart of the threshold; it
needs no evaluation question. The result is written into the folder's ``baken-tuned.json``
and used unless ``relevance_threshold`` is set explicitly.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.tuning import TUNED_MARKER

if TYPE_CHECKING:
    from assistant.config import Settings

THRESHOLD_KEY = "relevance_threshold"
#: Questions and passages scored for the calibration (a square of scores; more adds little)
MAX_CALIBRATION_TEXTS = 400


def matched_threshold(base_scores: np.ndarray, tuned_scores: np.ndarray,
                      base_threshold: float) -> float:
    """The tuned score at the quantile where ``base_threshold`` lies among ``base_scores``
    (both: the scores of the same question-passage pairs)."""
    base = np.sort(np.asarray(base_scores, dtype=np.float64).ravel())
    if base.size == 0:
        raise ValueError("no scores to calibrate on")
    share = float(np.searchsorted(base, base_threshold, side="left")) / base.size
    tuned = np.asarray(tuned_scores, dtype=np.float64).ravel()
    return round(float(np.quantile(tuned, min(max(share, 0.0), 1.0))), 4)


def tuned_threshold(folder: Path) -> float | None:
    """The calibrated threshold written in a tuned embedder folder (None: not a tuned folder,
    or tuned before calibration existed)."""
    try:
        marker: Any = json.loads((folder / TUNED_MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    value = marker.get(THRESHOLD_KEY) if isinstance(marker, dict) else None
    return float(value) if isinstance(value, int | float) and 0.0 < value < 1.0 else None


def with_tuned_threshold(settings: Settings) -> Settings:
    """``settings`` with the relevance threshold of the tuned embedder folder it points at,
    unless the threshold was set explicitly (baken.toml, environment or command line)."""
    retrieval = settings.retrieval
    if THRESHOLD_KEY in retrieval.model_fields_set:
        return settings
    value = tuned_threshold(Path(retrieval.embedder).expanduser())
    if value is None:
        return settings
    return settings.model_copy(update={
        "retrieval": retrieval.model_copy(update={THRESHOLD_KEY: value})})
