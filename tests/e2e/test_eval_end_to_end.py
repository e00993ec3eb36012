"""``baken eval`` end to end on the demo index with the bundled demo model.

One small question set (3 demo questions, 1 unanswerable) is run once, in two parts
(``--limit 2`` stands in for an interrupted run), and every later check reuses that run:
resume, the gate's exit codes, the report files and the baseline comparison.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from eval.formatting import fmt_value
from eval.summary import CATALOGUE
from tests.conftest import REPO, run_cli

pytestmark = pytest.mark.e2e

IDS = ["demo-12", "demo-04", "demo-10"]  # unanswerable, what, what (drafts: unit tests)
# short answers from a short prompt: the demo model's speed is not what is tested here
ENV = {"BAKEN_MAX_TOKENS": "24", "BAKEN_TOP_K": "2"}
SLOW = 1800  # seconds; a few minutes on a quiet machine, far more on a crowded one
PASS = """
[questions]
error_rate = "<= 0.0"
[latency]
retrieval_p95_s = "<= 300"
[pii]
leaks = "== 0"
"""
FAIL = PASS.replace('"<= 300"', '"<= 0.0"')  # retrieval can never take 0 s


def _lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


@pytest.fixture(scope="module")
def run(demo_index: tuple[Path, dict], tmp_path_factory: pytest.TempPathFactory) -> dict:
    data_dir, _ = demo_index
    work = tmp_path_factory.mktemp("eval")
    rows = {r["id"]: r for r in _lines(REPO / "eval" / "questions" / "demo.jsonl")}
    questions = work / "klein.jsonl"
    questions.write_text("\n".join(json.dumps(rows[i], ensure_ascii=False) for i in IDS) + "\n",
                         encoding="utf-8")
    (work / "pass.toml").write_text(PASS, encoding="utf-8")
    (work / "fail.toml").write_text(FAIL, encoding="utf-8")
    out = work / "uit"
    base = ["eval", "--questions", str(questions), "--data-dir", str(data_dir), "--out", str(out),
            "--no-progress"]
    first = run_cli(*base, "--limit", "2", "--thresholds", str(work / "pass.toml"),
                    env=ENV, check=False, timeout=SLOW)
    after_first = _lines(out / "results.jsonl")
    second = run_cli(*base, "--thresholds", str(work / "pass.toml"), env=ENV, check=False,
                     timeout=SLOW)
    after_second = _lines(out / "results.jsonl")
    failing = run_cli(*base, "--thresholds", str(work / "fail.toml"), env=ENV, check=False)
    return {"work": work, "out": out, "base": base, "first": first, "second": second,
            "failing": failing, "after_first": after_first, "after_second": after_second,
            "data_dir": data_dir}


def test_the_passing_threshold_file_gives_go(run: dict) -> None:
    assert run["first"].returncode == 0, run["first"].stdout + run["first"].stderr
    assert run["second"].returncode == 0, run["second"].stdout + run["second"].stderr
    assert "GO" in run["second"].stdout and "NO-GO" not in run["second"].stdout


def test_the_failing_threshold_file_gives_no_go_and_says_by_how_much(run: dict) -> None:
    proc = run["failing"]
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "NO-GO — 1 drempel niet gehaald" in proc.stdout
    line = next(x for x in proc.stdout.splitlines() if "latency.retrieval_p95_s" in x)
    assert "moet ≤ 0,00 s" in line and "te hoog" in line


def test_resume_does_not_recount_questions(run: dict) -> None:
    assert [r["id"] for r in run["after_first"]] == IDS[:2]
    assert "0 al gedaan, 2 te gaan" in run["first"].stdout
    assert "2 al gedaan, 1 te gaan" in run["second"].stdout
    ids = [r["id"] for r in run["after_second"]]
    assert sorted(ids) == sorted(IDS) and len(ids) == len(set(ids))
    # the third run only re-judged the same results
    assert "3 al gedaan, 0 te gaan" in run["failing"].stdout
    assert len(_lines(run["out"] / "results.jsonl")) == len(IDS)


def test_results_are_judged_per_kind(run: dict) -> None:
    report = json.loads((run["out"] / "report.json").read_text(encoding="utf-8"))
    by_id = {q["id"]: q for q in report["questions"]}
    assert by_id["demo-12"]["refused"] is True  # hondenbelasting is not in the demo corpus
    assert report["metrics"]["refusal.accuracy"] == 1.0
    assert by_id["demo-04"]["file_rank"] is not None  # the huisverbod law was retrieved
    assert by_id["demo-10"]["status"] == "klaar"
    assert report["metrics"]["pii.leaks"] == 0
    assert report["metrics"]["latency.retrieval_p50_s"] > 0
    model = report["meta"]["model"]
    assert model["name"].endswith(".gguf") and len(model["sha256"]) == 64
    assert model["size_bytes"] > 1_000_000
    assert report["meta"]["settings"]["max_tokens"] == 24
    assert report["meta"]["settings"]["top_k"] == 2


def test_report_files_hold_the_headline_numbers(run: dict) -> None:
    report = json.loads((run["out"] / "report.json").read_text(encoding="utf-8"))
    html = (run["out"] / "report.html").read_text(encoding="utf-8")
    assert report["verdict"] == "no-go" and "NO-GO" in html
    for key, info in CATALOGUE.items():
        if info.headline:
            assert fmt_value(key, report["metrics"][key]) in html, key
    assert "<script" not in html and "<svg" in html


def test_baseline_comparison_shows_deltas(run: dict) -> None:
    baseline = run["work"] / "baseline.json"
    shutil.copy(run["out"] / "report.json", baseline)
    proc = run_cli(*run["base"], "--thresholds", str(run["work"] / "pass.toml"),
                   "--baseline", str(baseline), "--json", env=ENV, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    summary = json.loads(proc.stdout)
    measured = {k: v for k, v in summary["deltas"].items() if v is not None}
    assert "retrieval.file_hit_at_5" in measured
    assert all(v == 0 for v in measured.values())  # same results, same numbers
    html = (run["out"] / "report.html").read_text(encoding="utf-8")
    assert "Baseline" in html and "Verschil" in html


def test_other_settings_in_the_same_folder_are_refused(run: dict) -> None:
    proc = run_cli(*run["base"], env={**ENV, "BAKEN_TOP_K": "4"}, check=False)
    assert proc.returncode == 2
    assert "andere instellingen" in proc.stderr and "top_k" in proc.stderr


def test_errors_exit_with_2(run: dict, tmp_path: Path) -> None:
    missing = run_cli("eval", "--questions", str(tmp_path / "bestaat-niet.jsonl"),
                      "--data-dir", str(run["data_dir"]), check=False)
    assert missing.returncode == 2 and "bestaat niet" in missing.stderr
    empty = run_cli("eval", "--questions", str(run["work"] / "klein.jsonl"),
                    "--data-dir", str(tmp_path / "leeg"), "--out", str(tmp_path / "o"),
                    check=False)
    assert empty.returncode == 2 and "leeg" in empty.stderr
