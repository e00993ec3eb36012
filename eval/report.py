"""The report of a run: one JSON document (every result and metric) and its HTML rendering."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.core.errors import BakenError
from eval.gate import GateResult
from eval.summary import CATALOGUE, Metrics

REPORT_FORMAT = 1


class BaselineError(BakenError, ValueError):
    """The baseline report cannot be read; the message is Dutch."""


@dataclass(frozen=True)
class Baseline:
    path: str
    created: str
    model: str
    metrics: Metrics


def load_baseline(path: Path) -> Baseline:
    """The metrics of an earlier ``report.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise BaselineError(f"Baselinerapport {path} bestaat niet.") from exc
    except json.JSONDecodeError as exc:
        raise BaselineError(f"Baselinerapport {path} is geen geldige JSON.") from exc
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise BaselineError(f"{path} is geen rapport van baken eval (metrics ontbreken).")
    model = data.get("meta", {}).get("model", {}).get("name", "")
    return Baseline(str(path), str(data.get("created", "")), str(model), dict(data["metrics"]))


def deltas(current: Mapping[str, float | int | None],
           base: Mapping[str, float | int | None]) -> dict[str, float | None]:
    """Candidate minus baseline for every catalogued metric (None when one side is missing)."""
    out: dict[str, float | None] = {}
    for key in CATALOGUE:
        a, b = current.get(key), base.get(key)
        out[key] = None if a is None or b is None else round(float(a) - float(b), 6)
    return out


def build_report(results: Sequence[Mapping[str, Any]], values: Metrics, gate: GateResult,
                 meta: Mapping[str, Any], baseline: Baseline | None = None) -> dict[str, Any]:
    return {
        "format": REPORT_FORMAT,
        "created": datetime.now().astimezone().isoformat(timespec="seconds"),
        "verdict": "go" if gate.passed else "no-go",
        "gate": gate.to_json(),
        "metrics": dict(values),
        "baseline": None if baseline is None else {
            "path": baseline.path, "created": baseline.created, "model": baseline.model,
            "metrics": dict(baseline.metrics)},
        "deltas": deltas(values, baseline.metrics) if baseline else {},
        "meta": dict(meta),
        "questions": list(results),
    }


def write_report(out_dir: Path, report: Mapping[str, Any]) -> tuple[Path, Path]:
    """Write ``report.json`` and the self-contained ``report.html``; return both paths."""
    from eval.html_report import render_html

    out_dir.mkdir(parents=True, exist_ok=True)
    json_path, html_path = out_dir / "report.json", out_dir / "report.html"
    json_path.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    html_path.write_text(render_html(report), encoding="utf-8")
    return json_path, html_path
