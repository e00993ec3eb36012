"""Every PII set scored apart is shown by ``--sets`` beside the first run it was measured on."""

from __future__ import annotations

import json

import pytest

from benchmarks import pii_benchmark
from tests.data.pii.build_annotations import SETS, PiiSet


@pytest.mark.parametrize("pii", [s for s in SETS if not s.grown_since_first_run],
                         ids=[s.stem for s in SETS if not s.grown_since_first_run])
def test_each_set_has_its_first_run_with_the_same_gold_counts(pii: PiiSet) -> None:
    rows = pii_benchmark.first_run_rows(pii_benchmark.RESULTS / pii.first_run)
    gold: dict[str, int] = {}
    for line in pii.target.read_text(encoding="utf-8").splitlines():
        for span in json.loads(line)["spans"]:
            gold[span["label"]] = gold.get(span["label"], 0) + 1
    # the safety net's NUMMER has no gold spans (no annotator writes that label)
    assert {label: row[0] for label, row in rows.items() if row[0]} == gold


def test_the_report_leaves_the_frozen_sets_out_while_tuning() -> None:
    frozen = [s.title for s in SETS if s.frozen]
    assert frozen, "there is at least one frozen set"
    assert all("bevroren" in title for title in frozen)
    assert not any("bevroren" in s.title for s in SETS if not s.frozen)
