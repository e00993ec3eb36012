"""Pure functions that turn answers and sources into Markdown/HTML for the chat UI."""

from __future__ import annotations

import html
from collections.abc import Sequence

from assistant.schema import Source

DEMO_MODEL_NOTICE = (
    "**Demomodel actief.** Baken draait nu op het meegeleverde mini-taalmodel (SmolLM2-135M). "
    "Dat laat alleen zien dat alles werkt: de tekst van de antwoorden is **niet bruikbaar**. "
    "De gevonden bronnen zijn wel echt. Stel een volwaardig model in via `--model`, de "
    "instelling `model_path` of `BAKEN_MODEL_PATH` (zie `models/README.md`)."
)


def _highlight(text: str, quote: str | None) -> str:
    escaped = html.escape(text)
    if quote:
        q = html.escape(quote)
        if q in escaped:
            return escaped.replace(q, f"<mark>{q}</mark>", 1)
    return escaped


def sources_markdown(sources: Sequence[Source], *, heading: str = "Bronnen",
                     quotes: dict[int, str] | None = None) -> str:
    """A sources panel: per source its number, locator, relevance and the passage text."""
    if not sources:
        return ""
    quotes = quotes or {}
    parts = [f"### {html.escape(heading)}"]
    for s in sources:
        label = html.escape(s.locator.label())
        passage = _highlight(s.text, quotes.get(s.rank)).replace("\n", "<br>")
        parts.append(
            f"<details class='baken-source'><summary><b>[{s.rank}] {label}</b> "
            f"<small>— relevantie {s.score:.2f} — {html.escape(s.locator.source_file)}</small>"
            f"</summary><div class='baken-passage'>{passage}</div></details>"
        )
    return "\n\n".join(parts)


def warnings_markdown(warnings: Sequence[str]) -> str:
    if not warnings:
        return ""
    return "\n".join(f"> ⚠️ {html.escape(w)}" for w in warnings)
