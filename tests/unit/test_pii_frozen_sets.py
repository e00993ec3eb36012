"""Every frozen held-out PII set is scored by ``--sets`` beside the first run it was measured on."""

from __future__ import annotations

import json

from benchmarks import pii_benchmark

FROZEN = [
    (pii_benchmark.HELDOUT2_DATA, pii_benchmark.HELDOUT2_FIRST_RUN),
    (pii_benchmark.HELDOUT3_DATA, pii_benchmark.HELDOUT3_FIRST_RUN),
    (pii_benchmark.HELDOUT4_DATA, pii_benchmark.HELDOUT4_FIRST_RUN),
    (pii_benchmark.HELDOUT5_DATA, pii_benchmark.HELDOUT5_FIRST_RUN),
    (pii_benchmark.DEV5_DATA, pii_benchmark.DEV5_FIRST_RUN),
    (pii_benchmark.DEV6_DATA, pii_benchmark.DEV6_FIRST_RUN),
    (pii_benchmark.DEV7_DATA, pii_benchmark.DEV7_FIRST_RUN),
]


def test_each_frozen_set_has_its_first_run_with_the_same_gold_counts() -> None:
    for data, first_run in FROZEN:
        rows = pii_benchmark.first_run_rows(first_run)
        gold: dict[str, int] = {}
        for line in data.read_text(encoding="utf-8").splitlines():
            for span in json.loads(line)["spans"]:
                gold[span["label"]] = gold.get(span["label"], 0) + 1
        # the safety net's NUMMER has no gold spans (no annotator writes that label)
        assert {label: row[0] for label, row in rows.items() if row[0]} == gold, first_run.name

