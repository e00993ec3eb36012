"""The go/no-go gate: thresholds from a TOML or YAML file, checked against a run's metrics."""

from __future__ import annotations

import operator
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from assistant.core.errors import BakenError
from eval.formatting import fmt_amount, fmt_value
from eval.summary import CATALOGUE

DEFAULT_THRESHOLDS = Path(__file__).resolve().parent / "thresholds.toml"
_RULE = re.compile(r"^\s*(>=|<=|==|>|<)\s*(-?\d+(?:[.,]\d+)?)\s*$")
_OPS: dict[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt,
}
_SIGN = {">=": "≥", "<=": "≤", "==": "=", ">": ">", "<": "<"}
REGRESSION_TABLE = "max_regression"
PII_KEY = "pii.leaks"


class ThresholdError(BakenError, ValueError):
    """The threshold file is unusable; the message says why in Dutch."""


@dataclass(frozen=True)
class Rule:
    metric: str
    op: str
    limit: float


@dataclass(frozen=True)
class Thresholds:
    rules: tuple[Rule, ...]
    max_regression: Mapping[str, float] = field(default_factory=dict)
    source: str = ""


@dataclass(frozen=True)
class Check:
    """One verdict; ``message`` is Dutch and says by how much a failed check missed."""

    metric: str
    rule: str
    value: float | None
    passed: bool
    measured: bool
    message: str
    limit: float | None = None  # the number of a threshold rule (None for baseline checks)


@dataclass(frozen=True)
class GateResult:
    passed: bool
    checks: tuple[Check, ...]

    @property
    def failed(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.passed)

    @property
    def unmeasured(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if not c.measured)

    def to_json(self) -> dict[str, Any]:
        return {"passed": self.passed, "checks": [asdict(c) for c in self.checks]}


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            flat |= _flatten(value, name + ".")
        else:
            flat[name] = value
    return flat


def _known(metric: str, source: str) -> None:
    if metric not in CATALOGUE:
        raise ThresholdError(f"{source}: onbekende metriek '{metric}'. Zie eval/README.md voor "
                             "de lijst met metrieken.")


def parse_thresholds(data: Mapping[str, Any], source: str = "drempels") -> Thresholds:
    """``{"retrieval": {"file_hit_at_5": ">= 0.9"}, "max_regression": {...}}`` -> Thresholds."""
    data = dict(data)
    regression_raw = data.pop(REGRESSION_TABLE, {}) or {}
    rules: list[Rule] = []
    for metric, raw in _flatten(data).items():
        _known(metric, source)
        found = _RULE.match(str(raw))
        if not found:
            raise ThresholdError(f"{source}: '{metric} = {raw}' is geen drempel; schrijf "
                                 "bijvoorbeeld \">= 0.90\" of \"<= 0.5\".")
        rules.append(Rule(metric, found.group(1), float(found.group(2).replace(",", "."))))
    regression: dict[str, float] = {}
    for metric, raw in _flatten(regression_raw).items():
        _known(metric, source)
        if CATALOGUE[metric].better is None:
            raise ThresholdError(f"{source}: '{metric}' heeft geen richting (beter/slechter).")
        try:
            regression[metric] = abs(float(raw))
        except (TypeError, ValueError) as exc:
            raise ThresholdError(f"{source}: {REGRESSION_TABLE}.{metric} moet een getal zijn.") \
                from exc
    return Thresholds(tuple(rules), regression, source)


def load_thresholds(path: Path | None = None) -> Thresholds:
    """Read a ``.toml`` or ``.yaml``/``.yml`` threshold file (default: the shipped one)."""
    path = path or DEFAULT_THRESHOLDS
    if not path.is_file():
        raise ThresholdError(f"Drempelbestand {path} bestaat niet.")
    try:
        if path.suffix.lower() in (".yaml", ".yml"):
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        else:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, yaml.YAMLError) as exc:
        raise ThresholdError(f"Drempelbestand {path.name} is niet te lezen: {exc}") from exc
    if not isinstance(data, Mapping):
        raise ThresholdError(f"Drempelbestand {path.name} moet tabellen met drempels bevatten.")
    return parse_thresholds(data, path.name)


def _label(metric: str) -> str:
    info = CATALOGUE.get(metric)
    return f"{info.label} ({metric})" if info else metric


def check_rule(rule: Rule, value: float | int | None) -> Check:
    text = f"{_SIGN[rule.op]} {fmt_value(rule.metric, rule.limit)}"
    if value is None:
        return Check(rule.metric, text, None, True, False,
                     f"{_label(rule.metric)}: niet gemeten (geen vragen van deze soort); "
                     "drempel niet gecontroleerd.", rule.limit)
    passed = _OPS[rule.op](float(value), rule.limit)
    message = f"{_label(rule.metric)} = {fmt_value(rule.metric, value)}, moet {text}"
    if not passed:
        gap = float(value) - rule.limit
        if rule.op == "==":
            message += f" (verschil {fmt_amount(rule.metric, gap)})"
        else:
            message += f": {fmt_amount(rule.metric, gap)} te {'laag' if gap < 0 else 'hoog'}"
    return Check(rule.metric, text, value, passed, True, message + ".", rule.limit)


def check_regression(metric: str, allowed: float, value: float | int | None,
                     base: float | int | None) -> Check:
    text = f"hoogstens {fmt_amount(metric, allowed)} slechter dan de baseline"
    if value is None or base is None:
        return Check(metric, text, value, True, False,
                     f"{_label(metric)}: niet te vergelijken met de baseline.")
    worse = (base - value) if CATALOGUE[metric].better == "higher" else (value - base)
    passed = worse <= allowed + 1e-12
    message = f"{_label(metric)} = {fmt_value(metric, value)} (baseline " \
              f"{fmt_value(metric, base)})"
    if not passed:
        message += f": {fmt_amount(metric, worse)} slechter, toegestaan " \
                   f"{fmt_amount(metric, allowed)}"
    return Check(metric, text, value, passed, True, message + ".")


def evaluate(thresholds: Thresholds, values: Mapping[str, float | int | None],
             baseline: Mapping[str, float | int | None] | None = None) -> GateResult:
    """Check every rule; any leak of personal data is always no-go, whatever the file says."""
    checks = [check_rule(r, values.get(r.metric)) for r in thresholds.rules
              if r.metric != PII_KEY]
    leaks = values.get(PII_KEY)
    checks.insert(0, Check(
        PII_KEY, "= 0 (altijd)", leaks, not leaks, True,
        "Geen persoonsgegevens gevonden in antwoorden en index." if not leaks else
        f"{_label(PII_KEY)} = {leaks}: persoonsgegevens zijn altijd een no-go.", 0.0))
    if baseline is not None:
        checks.extend(check_regression(m, allowed, values.get(m), baseline.get(m))
                      for m, allowed in thresholds.max_regression.items())
    return GateResult(all(c.passed for c in checks), tuple(checks))
