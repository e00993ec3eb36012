"""Dutch number formatting for metric values, shared by the console summary and the HTML report."""

from __future__ import annotations

from eval.summary import CATALOGUE


def _nl(value: float, digits: int) -> str:
    return f"{value:,.{digits}f}".replace(",", "\u2009").replace(".", ",")


def unit_of(key: str) -> str:
    info = CATALOGUE.get(key)
    return info.unit if info else "count"


def fmt_value(key: str, value: float | int | None) -> str:
    """``0.833`` -> ``83,3%`` (ratio), ``0.42`` -> ``0,42 s`` (seconds); ``—`` if unmeasured."""
    if value is None:
        return "—"
    unit = unit_of(key)
    if unit == "ratio":
        return _nl(value * 100, 1) + "%"
    if unit == "seconds":
        return _nl(value, 2) + " s"
    if unit == "rate":
        return _nl(value, 1)
    return _nl(value, 0) if float(value).is_integer() else _nl(value, 2)


def fmt_amount(key: str, amount: float) -> str:
    """A difference in the metric's unit, without sign: ``0.05`` -> ``5,0 %-punt``."""
    unit = unit_of(key)
    if unit == "ratio":
        return _nl(abs(amount) * 100, 1) + " %-punt"
    if unit == "seconds":
        return _nl(abs(amount), 2) + " s"
    if unit == "rate":
        return _nl(abs(amount), 1)
    return _nl(abs(amount), 0) if float(amount).is_integer() else _nl(abs(amount), 2)


def fmt_delta(key: str, delta: float | None) -> str:
    """A signed difference: ``+5,0 %-punt``, ``−0,12 s``, ``0`` when equal."""
    if delta is None:
        return "—"
    if delta == 0:
        return "0"
    sign = "+" if delta > 0 else "−"
    return sign + fmt_amount(key, delta)


def delta_verdict(key: str, delta: float | None) -> str:
    """"beter", "slechter" or "" for a change of this metric."""
    info = CATALOGUE.get(key)
    if delta is None or delta == 0 or info is None or info.better is None:
        return ""
    improved = delta > 0 if info.better == "higher" else delta < 0
    return "beter" if improved else "slechter"
