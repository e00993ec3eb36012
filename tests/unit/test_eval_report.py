"""The report: JSON with every result, a self-contained HTML page, baseline deltas."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from eval.formatting import fmt_delta, fmt_value
from eval.gate import evaluate, parse_thresholds
from eval.report import BaselineError, build_report, load_baseline, write_report
from eval.summary import CATALOGUE, summarise
from tests.fakes import EVAL_RESULTS as RESULTS

META = {"model": {"name": "kandidaat.gguf", "path": "/m/kandidaat.gguf", "size_bytes": 98_200_000,
                  "sha256": "ab" * 32},
        "embedder": "e5", "settings": {"top_k": 5}, "data": {"description": "demo"},
        "question_sets": [{"name": "demo.jsonl"}], "thresholds": "t.toml", "wall_s": 12}
RULES = parse_thresholds({"retrieval": {"file_hit_at_5": ">= 0.9"},
                          "latency": {"retrieval_p95_s": "<= 0.5"}})


def report(baseline_metrics: dict[str, Any] | None = None) -> dict[str, Any]:
    values = summarise(RESULTS, store_findings=0)
    gate = evaluate(RULES, values, baseline_metrics)
    from eval.report import Baseline

    base = Baseline("oud/report.json", "2026-01-01", "oud.gguf", baseline_metrics) \
        if baseline_metrics is not None else None
    return build_report(RESULTS, values, gate, META, base)


def test_json_and_html_are_written_and_hold_the_headline_numbers(tmp_path: Path) -> None:
    rep = report()
    json_path, html_path = write_report(tmp_path, rep)
    data = json.loads(json_path.read_text(encoding="utf-8"))
    assert data["verdict"] == "no-go"
    assert [q["id"] for q in data["questions"]] == [r["id"] for r in RESULTS]
    html = html_path.read_text(encoding="utf-8")
    for key, info in CATALOGUE.items():
        if info.headline:
            assert info.label in html
            assert fmt_value(key, data["metrics"][key]) in html
    assert "NO-GO" in html and "kandidaat.gguf" in html


def test_html_is_self_contained() -> None:
    from eval.html_report import render_html

    html = render_html(report())
    assert "<script" not in html.lower()
    assert not re.search(r"(src|href)=\"(https?:)?//", html)
    assert "<svg" in html and "<style>" in html


def test_failed_questions_show_answer_expected_facts_and_passages() -> None:
    from eval.html_report import render_html

    results = [{
        "id": "demo-04", "kind": "what", "question": "Hoeveel dagen geldt een huisverbod?",
        "status": "klaar", "passed": False, "answer": "Het geldt <drie> dagen [1].",
        "source_file": "wet.md", "source_locator": "artikel 2 lid 1",
        "answer_facts": ["tien dagen"], "facts_in_answer": [False], "facts_in_cited": [True],
        "facts_in_retrieved": [True], "cited": [1],
        "problems": ["Het antwoord mist: 'tien dagen'."],
        "sources": [{"rank": 1, "locator": "Wet, artikel 2", "text": "… voor tien dagen …",
                     "file_match": True, "location_match": True}],
    }]
    rep = report()
    rep["questions"] = results
    html = render_html(rep)
    card = html[html.index("demo-04"):]
    assert "Het geldt &lt;drie&gt; dagen [1]." in card  # escaped, verbatim
    assert "tien dagen" in card and "Wet, artikel 2" in card and "juiste vindplaats" in card


def test_baseline_deltas_everywhere(tmp_path: Path) -> None:
    base = dict(summarise(RESULTS[:3], store_findings=0))
    rep = report(base)
    assert set(rep["deltas"]) == set(CATALOGUE)
    key = "retrieval.file_hit_at_1"
    assert rep["deltas"][key] == pytest.approx(rep["metrics"][key] - base[key])
    from eval.html_report import render_html

    html = render_html(rep)
    assert "Baseline" in html and fmt_delta(key, rep["deltas"][key]) in html
    # a saved report loads as a baseline
    json_path, _ = write_report(tmp_path, rep)
    assert load_baseline(json_path).metrics == rep["metrics"]


def test_a_file_that_is_not_a_report_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "x.json"
    other.write_text('{"hallo": 1}', encoding="utf-8")
    with pytest.raises(BaselineError, match="geen rapport"):
        load_baseline(other)
    with pytest.raises(BaselineError, match="bestaat niet"):
        load_baseline(tmp_path / "nee.json")
