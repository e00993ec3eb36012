"""Reciprocal-rank fusion: one score per id from several rankings, weighted per ranking."""

from __future__ import annotations

import pytest

from assistant.fusion import RRF_K, fused_order, reciprocal_rank_fusion


def test_an_id_high_in_both_rankings_beats_one_first_in_only_one() -> None:
    dense = ["a", "b", "c"]
    lexical = ["b", "d", "a"]
    fused = reciprocal_rank_fusion([dense, lexical])
    assert fused["b"] == pytest.approx(1 / (RRF_K + 2) + 1 / (RRF_K + 1))
    assert fused["d"] == pytest.approx(1 / (RRF_K + 2))
    assert fused_order(fused) == ["b", "a", "d", "c"]  # d: place 2, c: place 3


def test_weights_scale_each_ranking() -> None:
    fused = reciprocal_rank_fusion([["a"], ["b"]], [1.0, 0.5])
    assert fused == {"a": pytest.approx(1 / 61), "b": pytest.approx(0.5 / 61)}
    assert fused_order(reciprocal_rank_fusion([["a"], ["b"]], [0.5, 1.0])) == ["b", "a"]


def test_k_flattens_the_difference_between_places() -> None:
    steep = reciprocal_rank_fusion([["a", "b"]], k=0)
    flat = reciprocal_rank_fusion([["a", "b"]], k=1000)
    assert steep["a"] / steep["b"] == pytest.approx(2.0)
    assert flat["a"] / flat["b"] == pytest.approx(1002 / 1001)


def test_equal_scores_keep_the_order_in_which_ids_were_first_met() -> None:
    fused = reciprocal_rank_fusion([["x", "y"], ["y", "x"]])
    assert fused["x"] == fused["y"]
    assert fused_order(fused) == ["x", "y"]
    assert reciprocal_rank_fusion([]) == {}


def test_a_weight_per_ranking_is_required() -> None:
    with pytest.raises(ValueError):
        reciprocal_rank_fusion([["a"], ["b"]], [1.0])
