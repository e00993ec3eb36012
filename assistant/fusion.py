"""Reciprocal-rank fusion: several rankings of the same ids become one score per id."""

from __future__ import annotations

from collections.abc import Sequence

RRF_K = 60  # the usual constant: the first place of a ranking earns 1 / (RRF_K + 1)


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]],
                           weights: Sequence[float] | None = None,
                           k: int = RRF_K) -> dict[str, float]:
    """Per id the sum over the rankings that hold it of ``weight / (k + rank)`` (rank 1 first).

    The ids come in the order they are first met (the first ranking first), so sorting the
    result by score keeps that order between equal scores. ``weights`` default to 1 each;
    as many as there are rankings."""
    if weights is None:
        weights = [1.0] * len(rankings)
    fused: dict[str, float] = {}
    for ranking, weight in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + weight / (k + rank)
    return fused


def fused_order(fused: dict[str, float]) -> list[str]:
    """The ids by fused score, best first (equal scores keep their order)."""
    return sorted(fused, key=lambda item: fused[item], reverse=True)
