"""Run-level metrics from hand-made result records (``EVAL_RESULTS`` in tests/fakes.py; the
numbers are worked out by hand below)."""

from __future__ import annotations

from typing import Any

import pytest

from eval.summary import CATALOGUE, summarise
from tests.fakes import EVAL_RESULTS as RESULTS
from tests.fakes import answered


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    return summarise(RESULTS, store_findings=2)


@pytest.mark.parametrize(("key", "expected"), [
    # answerable: a1 (rank 1), a2 (rank 2), a3 (miss), e1 (error = miss) -> 4 questions
    ("retrieval.file_hit_at_1", 1 / 4),
    ("retrieval.file_hit_at_3", 2 / 4),
    ("retrieval.file_mrr", (1 + 1 / 2) / 4),
    ("retrieval.location_hit_at_5", 1 / 4),
    # facts per question: a1 2/2, a2 1/2, a3 0/1, e1 0 -> mean 1.5 / 4
    ("answers.fact_coverage", (1 + 0.5 + 0 + 0) / 4),
    ("evidence.recall", (0.5 + 0 + 0 + 0) / 4),
    ("evidence.retrieved_recall", (1 + 1 + 1 + 0) / 4),
    # citations over non-refused answerable answers a1, a2: 3 valid, 1 invalid; 3/4 supported
    ("citations.validity", 3 / 4),
    ("citations.support_rate", 3 / 4),
    ("citations.cited_answer_rate", 1.0),
    ("refusal.accuracy", 1 / 2),
    ("refusal.false_refusal_rate", 1 / 3),  # a3 of a1..a3 (e1 did not run)
    ("pii.answer_leaks", 1),
    ("pii.store_findings", 2),
    ("pii.leaks", 3),
    ("latency.retrieval_p50_s", 0.3),
    ("latency.ttft_p50_s", 2.0),
    ("latency.tokens_per_s", 20.0),
    ("latency.total_s", 14.6),
    ("questions.total", 7),
    ("questions.done", 5),
    ("questions.skipped", 1),
    ("questions.errors", 1),
    ("questions.error_rate", 1 / 6),
    ("questions.pass_rate", 2 / 6),
    ("drafts.skipped", 1),
    ("drafts.sections_present", None),
])
def test_summary_table(values: dict[str, Any], key: str, expected: float | None) -> None:
    if expected is None:
        assert values[key] is None
    else:
        assert values[key] == pytest.approx(expected, abs=1e-4)


def test_every_catalogued_metric_is_computed(values: dict[str, Any]) -> None:
    assert set(values) == set(CATALOGUE)


def test_the_models_own_sentence_is_measured_apart_from_the_quotes() -> None:
    def lead(qid: str, by_model: bool, facts: list[bool], words: int, errors: int | None
             ) -> dict[str, Any]:
        return answered(qid, file_rank=1, location_rank=1, facts=facts) | {
            "lead_by_model": by_model, "facts_in_lead": facts if by_model else [False],
            "lead_words": words, "lead_spelling_errors": errors}

    values = summarise([lead("l1", True, [True, False], 40, 1),
                        lead("l2", True, [True], 10, 0),
                        lead("l3", False, [True], 0, 0)])
    assert values["answers.lead_rate"] == pytest.approx(2 / 3, abs=1e-4)
    assert values["answers.lead_fact_coverage"] == pytest.approx((0.5 + 1 + 0) / 3, abs=1e-4)
    assert values["answers.spelling_errors_per_100_words"] == 2.0  # 1 error in 50 words
    # without a dictionary the spelling rate is unknown, not zero
    unknown = summarise([lead("l1", True, [True], 10, None)])
    assert unknown["answers.spelling_errors_per_100_words"] is None
