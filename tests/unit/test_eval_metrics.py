"""Metric functions against hand-computed tables."""

from __future__ import annotations

import pytest

from eval import metrics

# ranks of the first relevant passage for five questions (None: not retrieved)
RANKS = [1, 3, None, 2, 5]


@pytest.mark.parametrize(("k", "expected"), [(1, 1 / 5), (2, 2 / 5), (3, 3 / 5), (5, 4 / 5),
                                             (10, 4 / 5)])
def test_hit_at_k(k: int, expected: float) -> None:
    assert metrics.hit_at_k(RANKS, k) == pytest.approx(expected)


def test_mean_reciprocal_rank() -> None:
    # (1 + 1/3 + 0 + 1/2 + 1/5) / 5 = 2.0333 / 5
    assert metrics.mean_reciprocal_rank(RANKS) == pytest.approx((1 + 1 / 3 + 0.5 + 0.2) / 5)


def test_empty_lists_are_unmeasured_not_zero() -> None:
    assert metrics.hit_at_k([], 5) is None
    assert metrics.mean_reciprocal_rank([]) is None
    assert metrics.share([]) is None
    assert metrics.mean([None, None]) is None
    assert metrics.percentile([], 95) is None


@pytest.mark.parametrize(("flags", "rank"), [([False, True, True], 2), ([True], 1),
                                             ([False, False], None), ([], None)])
def test_first_rank(flags: list[bool], rank: int | None) -> None:
    assert metrics.first_rank(flags) == rank


@pytest.mark.parametrize(("fact", "text", "found"), [
    ("ten hoogste drie maanden", "Het verbod geldt **ten hoogste\ndrie maanden** [1].", True),
    ("Tien dagen", "een huisverbod van tien   dagen", True),
    ("burgemeester’s bevel", "het burgemeester's bevel", True),
    ("vier weken", "ten hoogste vier dagen", False),
    ("artikel 13b", "artikel 13 b", False),
])
def test_facts_found_normalises_case_space_markup_and_quotes(fact: str, text: str,
                                                             found: bool) -> None:
    assert metrics.facts_found([fact], text) == [found]


def test_fact_coverage_table() -> None:
    facts = ["drie maanden", "driemaal", "gebiedsverbod"]
    answer = "Een gebiedsverbod duurt ten hoogste drie maanden [1]."
    flags = metrics.facts_found(facts, answer)
    assert flags == [True, False, True]
    assert metrics.share(flags) == pytest.approx(2 / 3)


@pytest.mark.parametrize(("q", "expected"), [(50, 2.5), (95, 3.85), (0, 1.0), (100, 4.0)])
def test_percentile_interpolates_like_numpy(q: float, expected: float) -> None:
    assert metrics.percentile([4.0, 1.0, None, 3.0, 2.0], q) == pytest.approx(expected)


def test_refusal_metrics() -> None:
    # 3 unanswerable questions, 2 refused; 4 answerable, 1 refused
    assert metrics.refusal_accuracy([True, True, False]) == pytest.approx(2 / 3)
    assert metrics.false_refusal_rate([False, True, False, False]) == pytest.approx(1 / 4)


def test_citation_validity() -> None:
    assert metrics.citation_validity(valid=9, invalid=1) == pytest.approx(0.9)
    assert metrics.citation_validity(0, 0) is None


def test_sections_present_looks_at_heading_lines() -> None:
    draft = "# Collegevoorstel\n\n## Beslispunten\n1. ...\n\nAanleiding:\nDe nota ...\n" \
            "Over de financiën zeggen we niets."
    assert metrics.sections_present(["Beslispunten", "Aanleiding", "Financiën"], draft) == [
        True, True, False]


def test_invented_identifiers_are_those_not_in_fields_or_sources() -> None:
    draft = ("Op grond van artikel 2:59 APV en artikel 172 Gemeentewet waarschuwen wij "
             "[PERSOON-1] en [PERSOON-2] (zaak Z-2026-00417).")
    allowed = ["artikel 172 van de Gemeentewet", "geadresseerde: [PERSOON-1]"]
    assert metrics.invented_identifiers(draft, allowed) == [
        "artikel 2:59", "[PERSOON-2]", "Z-2026-00417"]
