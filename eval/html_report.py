"""A self-contained HTML report (inline CSS and SVG, no scripts) that a manager can read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any

from eval.formatting import delta_verdict, fmt_delta, fmt_value
from eval.summary import CATALOGUE, FAMILIES

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1c2430;
background:#f4f6f8;line-height:1.45}
main{max-width:1080px;margin:0 auto;padding:24px 28px 60px;background:#fff}
h1{font-size:1.6em;margin:0 0 4px}h2{margin-top:36px;border-bottom:2px solid #dde3ea;
padding-bottom:4px}h3{margin:22px 0 6px}
.sub{color:#5a6675;margin:0 0 16px}
.verdict{padding:14px 18px;border-radius:8px;font-size:1.25em;font-weight:700;margin:16px 0}
.go{background:#e3f4e8;color:#17602f;border:2px solid #2e9c53}
.nogo{background:#fbe7e7;color:#8a1c1c;border:2px solid #c93a3a}
table{border-collapse:collapse;width:100%;margin:8px 0 14px;font-size:.95em}
table.m{table-layout:fixed}table.m th:first-child{width:44%}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e7ec;vertical-align:top}
th{background:#f0f3f6;font-weight:600}td.n{text-align:right;white-space:nowrap;
font-variant-numeric:tabular-nums}
.ok{color:#17602f;font-weight:600}.bad{color:#a12222;font-weight:600}.muted{color:#7a8592}
.beter{color:#17602f}.slechter{color:#a12222}
ul.checks{padding-left:20px}ul.checks li{margin:3px 0}
.q{border:1px solid #dde3ea;border-radius:8px;padding:12px 16px;margin:14px 0;
page-break-inside:avoid}
.q h3{margin:0 0 6px;font-size:1.05em}.tag{display:inline-block;font-size:.8em;
padding:1px 7px;border-radius:10px;background:#e8edf3;color:#3b4756;margin-right:6px}
.answer{white-space:pre-wrap;background:#f7f9fb;border-left:4px solid #9fb3c8;
padding:8px 10px;margin:6px 0;font-size:.95em}
.passage{white-space:pre-wrap;background:#fbfbf4;border-left:4px solid #d8cf8a;
padding:6px 10px;margin:4px 0 10px;font-size:.88em;max-height:16em;overflow:auto}
.hit{border-left-color:#2e9c53}
.legend span{display:inline-block;margin-right:16px;font-size:.9em}
.sw{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-1px}
svg text{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
footer{margin-top:40px;color:#7a8592;font-size:.85em}
@media print{body{background:#fff}main{padding:0}}
"""
_CANDIDATE = "#2f6db5"
_BASELINE = "#b7c1cc"
_LIMIT = "#c93a3a"


def _rules(report: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Threshold checks by metric (not the baseline-regression ones)."""
    return {c["metric"]: c for c in report["gate"]["checks"] if c.get("limit") is not None}


def _bar_chart(keys: Sequence[str], values: Mapping[str, Any], base: Mapping[str, Any] | None,
               rules: Mapping[str, Mapping[str, Any]], *, scale: float | None = None) -> str:
    """Horizontal bars: candidate (blue), baseline (grey), threshold (red line)."""
    keys = [k for k in keys if values.get(k) is not None or (base and base.get(k) is not None)]
    if not keys:
        return ""
    limits = [float(rules[k]["limit"]) for k in keys if k in rules]
    top = scale or max([float(values.get(k) or 0) for k in keys]
                       + [float((base or {}).get(k) or 0) for k in keys] + limits + [1e-9]) * 1.1
    left, width, row = 300, 330, 34 if base else 24
    height = row * len(keys) + 10
    parts = [f'<svg role="img" width="{left + width + 110}" height="{height}" '
             f'viewBox="0 0 {left + width + 110} {height}" xmlns="http://www.w3.org/2000/svg">']
    for i, key in enumerate(keys):
        y = 5 + i * row
        label = escape(CATALOGUE[key].label)
        parts.append(f'<text x="{left - 8}" y="{y + 14}" text-anchor="end" font-size="12" '
                     f'fill="#1c2430">{label}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{width}" height="{row - 8}" '
                     'fill="#f0f3f6"/>')
        bars = [(values.get(key), _CANDIDATE)]
        if base is not None:
            bars.append((base.get(key), _BASELINE))
        bar_h = (row - 8) / len(bars)
        for j, (value, colour) in enumerate(bars):
            if value is None:
                continue
            w = max(0.0, min(1.0, float(value) / top)) * width
            by = y + j * bar_h
            parts.append(f'<rect x="{left}" y="{by:.1f}" width="{w:.1f}" '
                         f'height="{bar_h - 1:.1f}" fill="{colour}"/>')
            parts.append(f'<text x="{left + width + 6}" y="{by + bar_h - 3:.1f}" font-size="11" '
                         f'fill="#3b4756">{escape(fmt_value(key, value))}</text>')
        limit = (rules.get(key) or {}).get("limit")
        if limit is not None:
            x = left + min(1.0, float(limit) / top) * width
            parts.append(f'<line x1="{x:.1f}" y1="{y - 2}" x2="{x:.1f}" y2="{y + row - 6}" '
                         f'stroke="{_LIMIT}" stroke-width="2"/>')
    parts.append("</svg>")
    return "".join(parts)


def _legend(has_base: bool) -> str:
    items = [f'<span><i class="sw" style="background:{_CANDIDATE}"></i>kandidaat</span>']
    if has_base:
        items.append(f'<span><i class="sw" style="background:{_BASELINE}"></i>baseline</span>')
    items.append(f'<span><i class="sw" style="background:{_LIMIT}"></i>drempel</span>')
    return f'<p class="legend">{"".join(items)}</p>'


def _status_cell(check: Mapping[str, Any] | None) -> str:
    if check is None:
        return '<td class="muted">geen drempel</td>'
    if not check["measured"]:
        return '<td class="muted">niet gemeten</td>'
    return ('<td class="ok">gehaald</td>' if check["passed"]
            else '<td class="bad">niet gehaald</td>')


def _metric_table(keys: Sequence[str], report: Mapping[str, Any]) -> str:
    values, deltas = report["metrics"], report.get("deltas") or {}
    base = (report.get("baseline") or {}).get("metrics")
    rules = _rules(report)
    head = "<tr><th>Metriek</th><th>Waarde</th>"
    if base is not None:
        head += "<th>Baseline</th><th>Verschil</th>"
    head += "<th>Drempel</th><th>Oordeel</th></tr>"
    rows = [head]
    for key in keys:
        cells = [f'<td>{escape(CATALOGUE[key].label)}<br><span class="muted">{key}</span></td>',
                 f'<td class="n">{escape(fmt_value(key, values.get(key)))}</td>']
        if base is not None:
            delta = deltas.get(key)
            verdict = delta_verdict(key, delta)
            cells.append(f'<td class="n">{escape(fmt_value(key, base.get(key)))}</td>')
            cells.append(f'<td class="n {verdict}">{escape(fmt_delta(key, delta))}'
                         f'{" (" + verdict + ")" if verdict else ""}</td>')
        check = rules.get(key)
        cells.append(f'<td class="n">{escape(check["rule"]) if check else ""}</td>')
        cells.append(_status_cell(check))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return '<table class="m">' + "".join(rows) + "</table>"


def _verdict(report: Mapping[str, Any]) -> str:
    failed = [c for c in report["gate"]["checks"] if not c["passed"]]
    if report["verdict"] == "go":
        return ('<div class="verdict go">GO — de kandidaat haalt alle drempels en kan in '
                'gebruik worden genomen.</div>')
    return (f'<div class="verdict nogo">NO-GO — {len(failed)} '
            f'{"drempel" if len(failed) == 1 else "drempels"} niet gehaald. '
            'Neem deze kandidaat niet in gebruik.</div>')


def _checks(report: Mapping[str, Any]) -> str:
    checks = sorted(report["gate"]["checks"], key=lambda c: (c["passed"], not c["measured"]))
    items = []
    for c in checks:
        cls = "bad" if not c["passed"] else ("muted" if not c["measured"] else "ok")
        mark = "✗" if not c["passed"] else ("–" if not c["measured"] else "✓")
        items.append(f'<li class="{cls}">{mark} <span style="font-weight:400;color:#1c2430">'
                     f'{escape(c["message"])}</span></li>')
    return f'<ul class="checks">{"".join(items)}</ul>'


def _facts(result: Mapping[str, Any]) -> str:
    facts = result.get("answer_facts") or []
    if not facts:
        return ""
    rows = ["<tr><th>Verwacht feit</th><th>In antwoord</th><th>In geciteerde bron</th>"
            "<th>In gevonden bronnen</th></tr>"]
    for i, fact in enumerate(facts):
        cells = [f"<td>{escape(fact)}</td>"]
        for key in ("facts_in_answer", "facts_in_cited", "facts_in_retrieved"):
            flags = result.get(key) or []
            ok = i < len(flags) and flags[i]
            cells.append(f'<td class="{"ok" if ok else "bad"}">{"ja" if ok else "nee"}</td>')
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return "<table>" + "".join(rows) + "</table>"


def _passages(result: Mapping[str, Any]) -> str:
    sources = result.get("sources") or []
    cited = result.get("cited") or []
    shown = [s for s in sources if s["rank"] in cited] if cited else sources[:3]
    if not shown:
        return ""
    title = "Geciteerde bronnen" if cited else "Gevonden bronnen (het antwoord citeert er geen)"
    parts = [f"<p><b>{title}</b></p>"]
    for s in shown:
        marks = []
        if s.get("location_match"):
            marks.append("juiste vindplaats")
        elif s.get("file_match"):
            marks.append("juiste document")
        note = f' <span class="ok">({", ".join(marks)})</span>' if marks else ""
        hit = " hit" if marks else ""
        parts.append(f'<div>[{s["rank"]}] {escape(s["locator"])}{note}</div>'
                     f'<div class="passage{hit}">{escape(s["text"][:1500])}</div>')
    return "".join(parts)


def _question_card(result: Mapping[str, Any]) -> str:
    expected = result.get("source_file") or "— (staat niet in de documenten)"
    if result.get("source_locator"):
        expected += f", {result['source_locator']}"
    problems = "".join(f"<li>{escape(p)}</li>" for p in result.get("problems") or [])
    answer = result.get("answer")
    parts = [
        '<div class="q">',
        f'<h3><span class="tag">{escape(result["id"])}</span><span class="tag">'
        f'{escape(result.get("kind", ""))}</span>{escape(result.get("question", ""))}</h3>',
        f'<div class="muted">Verwachte vindplaats: {escape(expected)}</div>',
        f'<ul class="bad">{problems}</ul>' if problems else "",
    ]
    if answer is not None:
        parts.append(f'<p><b>Antwoord</b></p><div class="answer">{escape(answer)}</div>')
    parts.append(_facts(result))
    parts.append(_passages(result))
    parts.append("</div>")
    return "".join(parts)


def _details(report: Mapping[str, Any]) -> str:
    meta = report.get("meta") or {}
    model = meta.get("model") or {}
    rows = [
        ("Taalmodel", model.get("name", "")),
        ("Bestandsgrootte", f'{model.get("size_bytes", 0) / 1e6:.1f} MB'.replace(".", ",")),
        ("SHA-256", model.get("sha256", "")),
        ("Embedder", meta.get("embedder", "")),
        ("Gegevens", meta.get("data", {}).get("description", "")),
        ("Vragensets", ", ".join(q["name"] for q in meta.get("question_sets", []))),
        ("Drempelbestand", meta.get("thresholds", "")),
        ("Baseline", (report.get("baseline") or {}).get("path", "geen")),
        ("Looptijd", f'{meta.get("wall_s", 0):.0f} s'),
    ]
    table = "".join(f"<tr><th>{escape(k)}</th><td>{escape(str(v))}</td></tr>" for k, v in rows)
    settings = meta.get("settings") or {}
    settings_rows = "".join(f"<tr><td>{escape(str(k))}</td><td>{escape(str(v))}</td></tr>"
                            for k, v in sorted(settings.items()))
    return (f"<table>{table}</table><h3>Instellingen</h3>"
            f"<table><tr><th>Instelling</th><th>Waarde</th></tr>{settings_rows}</table>")


def _when(created: str) -> str:
    """``2026-03-02T10:05:00+01:00`` -> ``02-03-2026 10:05``."""
    try:
        return datetime.fromisoformat(created).strftime("%d-%m-%Y %H:%M")
    except ValueError:
        return created


def render_html(report: Mapping[str, Any]) -> str:
    """The whole report as one HTML page."""
    values = report["metrics"]
    base = (report.get("baseline") or {}).get("metrics")
    rules = _rules(report)
    meta = report.get("meta") or {}
    results = report.get("questions") or []
    failed = [r for r in results if r.get("passed") is False]
    skipped = [r for r in results if r.get("status") == "overgeslagen"]
    headline = [k for k, info in CATALOGUE.items() if info.headline]
    quality = [k for k in CATALOGUE if CATALOGUE[k].unit == "ratio"
               and not k.startswith("questions.error")]
    seconds = [k for k in CATALOGUE if CATALOGUE[k].unit == "seconds" and k != "latency.total_s"]
    sections = [
        "<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        f"<title>Evaluatierapport Baken — {escape(meta.get('model', {}).get('name', ''))}</title>",
        f"<style>{_CSS}</style></head><body><main>",
        "<h1>Evaluatierapport Baken</h1>",
        f'<p class="sub">{escape(_when(report.get("created", "")))} · model '
        f'<b>{escape(meta.get("model", {}).get("name", ""))}</b> · '
        f'{values.get("questions.total", 0)} vragen'
        + (f' · vergeleken met {escape(report["baseline"]["model"] or "baseline")}'
           if base is not None else "") + "</p>",
        _verdict(report),
        "<h2>Drempels</h2>", _checks(report),
        "<h2>Kerncijfers</h2>", _metric_table(headline, report),
        "<h2>Grafieken</h2>", _legend(base is not None),
        "<h3>Kwaliteit (0–100%)</h3>", _bar_chart(quality, values, base, rules, scale=1.0),
        "<h3>Snelheid (seconden, lager is beter)</h3>", _bar_chart(seconds, values, base, rules),
        f"<h2>Vragen met problemen ({len(failed)})</h2>",
        "".join(_question_card(r) for r in failed) or "<p>Geen.</p>",
    ]
    if skipped:
        items = "".join(f"<li>{escape(r['id'])}: {escape(r.get('reason', ''))}</li>"
                        for r in skipped)
        sections.append(f"<h2>Overgeslagen ({len(skipped)})</h2><ul>{items}</ul>")
    sections.append("<h2>Alle metrieken</h2>")
    for family, title in FAMILIES.items():
        keys = [k for k in CATALOGUE if k.startswith(family + ".")]
        sections.append(f"<h3>{escape(title)}</h3>{_metric_table(keys, report)}")
    sections += ["<h2>Gegevens van deze run</h2>", _details(report),
                 "<footer>Gemaakt met <code>baken eval</code>. Volledige gegevens per vraag staan "
                 "in report.json.</footer></main></body></html>"]
    return "\n".join(sections)
