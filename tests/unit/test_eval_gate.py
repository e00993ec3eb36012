"""The go/no-go gate: threshold files, verdicts and the always-no-go rule for personal data."""

from __future__ import annotations

from pathlib import Path

import pytest

from eval.gate import (
    DEFAULT_THRESHOLDS,
    ThresholdError,
    evaluate,
    load_thresholds,
    parse_thresholds,
)
from eval.summary import CATALOGUE

VALUES = {"retrieval.file_hit_at_5": 0.8, "refusal.false_refusal_rate": 0.1,
          "latency.retrieval_p95_s": 0.3, "pii.leaks": 0, "drafts.sections_present": None}


def test_passing_and_failing_rules_with_the_gap() -> None:
    rules = parse_thresholds({"retrieval": {"file_hit_at_5": ">= 0.9"},
                              "refusal": {"false_refusal_rate": "<= 0.05"},
                              "latency": {"retrieval_p95_s": "<= 0.5"}})
    gate = evaluate(rules, VALUES)
    assert not gate.passed
    failed = {c.metric: c.message for c in gate.failed}
    assert set(failed) == {"retrieval.file_hit_at_5", "refusal.false_refusal_rate"}
    assert "10,0 %-punt te laag" in failed["retrieval.file_hit_at_5"]
    assert "5,0 %-punt te hoog" in failed["refusal.false_refusal_rate"]


def test_all_rules_met_is_go() -> None:
    gate = evaluate(parse_thresholds({"retrieval": {"file_hit_at_5": ">= 0.75"}}), VALUES)
    assert gate.passed and not gate.failed


def test_any_personal_data_is_no_go_even_without_a_rule() -> None:
    rules = parse_thresholds({"retrieval": {"file_hit_at_5": ">= 0.5"}})
    gate = evaluate(rules, {**VALUES, "pii.leaks": 1})
    assert not gate.passed
    assert [c.metric for c in gate.failed] == ["pii.leaks"]
    loose = parse_thresholds({"pii": {"leaks": "<= 5"}})
    assert not evaluate(loose, {**VALUES, "pii.leaks": 2}).passed


def test_unmeasured_metric_is_reported_not_failed() -> None:
    gate = evaluate(parse_thresholds({"drafts": {"sections_present": ">= 0.9"}}), VALUES)
    assert gate.passed
    assert [c.metric for c in gate.unmeasured] == ["drafts.sections_present"]


def test_regression_against_the_baseline() -> None:
    rules = parse_thresholds({"max_regression": {"retrieval.file_hit_at_5": 0.03,
                                                 "latency.retrieval_p95_s": 0.1}})
    base = {"retrieval.file_hit_at_5": 0.9, "latency.retrieval_p95_s": 0.25}
    gate = evaluate(rules, VALUES, base)
    failed = {c.metric: c.message for c in gate.failed}
    assert list(failed) == ["retrieval.file_hit_at_5"]
    assert "10,0 %-punt slechter" in failed["retrieval.file_hit_at_5"]
    # without a baseline the regression rules are not applied
    assert evaluate(rules, VALUES).passed


@pytest.mark.parametrize(("data", "message"), [
    ({"retrieval": {"file_hit_at_55": ">= 0.9"}}, "onbekende metriek"),
    ({"retrieval": {"file_hit_at_5": "minstens 0.9"}}, "geen drempel"),
    ({"max_regression": {"questions.total": 1}}, "geen richting"),
])
def test_bad_threshold_files_are_refused(data: dict, message: str) -> None:
    with pytest.raises(ThresholdError, match=message):
        parse_thresholds(data)


def test_yaml_and_toml_give_the_same_rules(tmp_path: Path) -> None:
    toml = tmp_path / "d.toml"
    toml.write_text('[retrieval]\nfile_hit_at_5 = ">= 0.9"\n', encoding="utf-8")
    yml = tmp_path / "d.yaml"
    yml.write_text('retrieval:\n  file_hit_at_5: ">= 0.9"\n', encoding="utf-8")
    assert load_thresholds(toml).rules == load_thresholds(yml).rules


def test_shipped_defaults_are_valid_and_cover_the_issue() -> None:
    rules = {r.metric: (r.op, r.limit) for r in load_thresholds(DEFAULT_THRESHOLDS).rules}
    assert rules["retrieval.file_hit_at_5"] == (">=", 0.9)
    assert rules["refusal.accuracy"] == (">=", 0.9)
    assert rules["refusal.false_refusal_rate"] == ("<=", 0.05)
    assert rules["citations.validity"] == (">=", 0.95)
    assert rules["latency.retrieval_p95_s"] == ("<=", 0.5)
    assert rules["pii.leaks"] == ("==", 0)
    assert all(metric in CATALOGUE for metric in rules)
