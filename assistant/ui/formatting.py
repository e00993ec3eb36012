"""Pure functions that turn answers, sources, documents and reports into Markdown/HTML."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote

from assistant.conversations import StoredSource, Turn
from assistant.ui import inert

Message = dict[str, Any]


@dataclass(frozen=True)
class SharePath:
    """Where an original lies on the file share (shown as text when Baken keeps no copy)."""

    path: str


LinkFor = Callable[[StoredSource], "str | SharePath | None"]

DEMO_MODEL_NOTICE = (
    "**Demomodel actief.** Baken draait nu op het mini-taalmodel SmolLM2-135M. Dat laat alleen "
    "zien dat alles werkt: de tekst van de antwoorden is **niet bruikbaar**. De gevonden bronnen "
    "en citaten zijn wel echt. `make install` installeert het standaardmodel "
    "(Qwen2.5-Coder-1.5B); een groter model stelt u in via `--model`, de instelling "
    "`model_path` of `BAKEN_MODEL_PATH` (zie `models/README.md`)."
)
SMALL_MODEL_NOTICE = (
    "**Controleer elk antwoord.** Een taalmodel kan zich vergissen, zeker een klein model op een "
    "gewone pc. Baken toont daarom eerst de letterlijke tekst uit de bronnen, met vindplaats; "
    "de korte samenvatting van het model kan fouten bevatten. Wat telt is de brontekst."
)
STOPPED_NOTE = "_— gestopt op uw verzoek; het antwoord is onvolledig._"
WRITING_NOTE = "_Bronnen gevonden; het antwoord wordt geschreven…_"
SEARCH_HEADINGS = {True: "Gevonden passages",
                   False: "Niets duidelijk gevonden — misschien relevant"}


def dutch_number(value: float, digits: int = 2) -> str:
    """0.8512 -> '0,85'."""
    return f"{value:.{digits}f}".replace(".", ",")


def original_url(source_file: str, page: int | None = None, *,
                 collection: str | None = None) -> str:
    """Relative link to the served original; PDFs open at the page (``#page=N``); a collection
    other than the configured one goes along as ``?collectie=NAAM``."""
    url = "bron/" + quote(source_file.split("#", 1)[0], safe="/")
    if collection:
        url += "?collectie=" + quote(collection, safe="")
    if page is not None and source_file.lower().split("#", 1)[0].endswith(".pdf"):
        url += f"#page={page}"
    return url


def highlight(text: str, quote_text: str | None) -> str:
    """HTML-escaped passage with the cited sentence wrapped in ``<mark>`` (first occurrence)."""
    escaped = inert.html(text)
    if quote_text:
        q = inert.html(quote_text.strip())
        if q and q in escaped:
            escaped = escaped.replace(q, f"<mark>{q}</mark>", 1)
    return escaped.replace("\n", "<br>")


def safe_model_text(text: str) -> str:
    """Model output or document text as inert Markdown (``inert.markdown``): HTML escaped,
    images and links not rendered, ``[1]`` citations and plain text intact.

    A passage in a document could try to make the model write an image URL; rendering it
    would make the browser fetch it.
    """
    return inert.markdown(text)


def mark_flags(answer_html: str, sentences: Iterable[tuple[str, str]]) -> str:
    """Wrap each flagged sentence (sentence, reason) in a visible ``<mark class=baken-flag>``."""
    for sentence, reason in sentences:
        target = safe_model_text(sentence.strip())
        if not target or target not in answer_html:
            continue
        title = inert.html(f"Niet onderbouwd door de bron: {reason}")
        answer_html = answer_html.replace(
            target, f'<mark class="baken-flag" title="{title}">⚠️ {target}</mark>', 1)
    return answer_html


def warnings_markdown(warnings: Sequence[str]) -> str:
    """Warnings as a quoted block, each with a warning sign; duplicates once."""
    unique = list(dict.fromkeys(w for w in warnings if w))
    return "\n".join(f"> ⚠️ {inert.markdown(w)}" for w in unique)


def source_list_markdown(sources: Sequence[StoredSource], *, only_cited: bool = False) -> str:
    """A compact line of the sources under an answer: '[1] Gemeentewet, artikel 174a · …'."""
    chosen = [s for s in sources if s.cited] if only_cited else list(sources)
    if not chosen:
        return ""
    items = " · ".join(f"[{s.rank}] {inert.markdown(s.label)}" for s in chosen)
    return f"<small>**Bronnen:** {items}</small>"


def answer_markdown(turn: Turn, *, streaming: bool = False) -> str:
    """The chat text of an answer: flagged sentences marked, then checks and sources."""
    if turn.mode == "zoek":
        return "_Bezig met zoeken in de documenten…_" if streaming else search_markdown(turn)
    if turn.mode == "fout":
        return f"⚠️ {inert.markdown(turn.answer)}"
    parts: list[str] = []
    if turn.warnings and streaming:
        parts.append(warnings_markdown(turn.warnings))
    if turn.answer:
        body = safe_model_text(turn.answer)
        parts.append(mark_flags(body, ((f.sentence, f.reason) for f in turn.flags)))
    elif streaming and turn.sources:
        parts.append(WRITING_NOTE)
    elif streaming:
        parts.append("_Bezig met zoeken in de documenten…_")
    elif turn.stopped:
        parts.append("_Geen antwoord: gestopt voordat het taalmodel begon te schrijven._")
    if turn.stopped and turn.answer:
        parts.append(STOPPED_NOTE)
    if not streaming:
        if turn.warnings:
            parts.append(warnings_markdown(turn.warnings))
        if turn.rewritten_query:
            query = inert.markdown(turn.rewritten_query)
            parts.append(f"<small>Gezocht als: _{query}_</small>")
        cited = any(s.cited for s in turn.sources)
        sources = source_list_markdown(turn.sources, only_cited=cited)
        if sources and not turn.refused:
            parts.append(sources)
    return "\n\n".join(p for p in parts if p)


def search_markdown(turn: Turn) -> str:
    """The chat text of a search: the passages found, without a model."""
    relevant = not turn.refused
    lines = [f"**{SEARCH_HEADINGS[relevant]}** <small>(zoeken zonder taalmodel; "
             "de passages staan in het bronnenpaneel)</small>"]
    if turn.warnings:
        lines.append(warnings_markdown(turn.warnings))
    if not turn.sources:
        lines.append("Er staan nog geen documenten in de index.")
    for s in turn.sources:
        snippet = " ".join(s.text.split())
        snippet = snippet if len(snippet) <= 180 else snippet[:179].rstrip() + "…"
        lines.append(f"{s.rank}. **{inert.markdown(s.label)}** — relevantie "
                     f"{dutch_number(s.score)}  \n   {inert.markdown(snippet)}")
    return "\n\n".join(lines)


def turn_messages(turns: Sequence[Turn], *, streaming_last: bool = False) -> list[Message]:
    """Chat messages (two per turn: question, answer) in Gradio's messages format."""
    messages: list[Message] = []
    for i, turn in enumerate(turns):
        streaming = streaming_last and i == len(turns) - 1
        messages.append({"role": "user", "content": inert.markdown(turn.question)})
        messages.append({"role": "assistant",
                         "content": answer_markdown(turn, streaming=streaming)})
    return messages


def sources_html(sources: Sequence[StoredSource], *, heading: str = "Bronnen",
                 link_for: LinkFor | None = None, note: str = "") -> str:
    """The sources panel: per source its locator, relevance, link and passage (quote marked)."""
    if not sources:
        body = note or "Hier verschijnen de bronnen van het antwoord."
        return (f"<div class='baken-sources'><h3>{inert.html(heading)}</h3>"
                f"<p class='baken-empty'>{inert.html(body)}</p></div>")
    parts = [f"<div class='baken-sources'><h3>{inert.html(heading)}</h3>"]
    if note:
        parts.append(f"<p class='baken-note'>{inert.html(note)}</p>")
    for s in sources:
        url = link_for(s) if link_for else None
        link = ""
        if isinstance(url, SharePath):
            link = (" · <span class='baken-share'>origineel op de bestandsshare: "
                    f"<code>{inert.html(url.path)}</code></span>")
        elif url:
            where = f" (p. {s.page})" if s.page is not None and "#page=" in url else ""
            link = (f" · <a class='baken-open' href='{inert.html(url)}' "
                    f"target='_blank' rel='noopener noreferrer'>Open het origineel{where}</a>")
        badge = "<span class='baken-badge'>aangehaald</span> " if s.cited else ""
        classes = "baken-source baken-cited" if s.cited else "baken-source"
        parts.append(
            f"<div class='{classes}' data-rank='{s.rank}'>"
            f"<div class='baken-source-head'><span class='baken-rank'>[{s.rank}]</span> "
            f"<b class='baken-locator'>{inert.html(s.label)}</b></div>"
            f"<div class='baken-meta'>{badge}relevantie {dutch_number(s.score)} · "
            f"<span class='baken-file'>{inert.html(s.source_file)}</span>{link}</div>"
            f"<details open><summary>Passage</summary>"
            f"<div class='baken-passage'>{highlight(s.text, s.quote)}</div></details></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def turn_panel(turn: Turn | None, link_for: LinkFor | None = None) -> str:
    """The sources panel for one turn (answer or search)."""
    if turn is None or turn.mode == "fout":
        return sources_html((), link_for=link_for)
    if turn.mode == "zoek":
        return sources_html(turn.sources, heading=SEARCH_HEADINGS[not turn.refused],
                            link_for=link_for, note="Gevonden zonder taalmodel.")
    if turn.refused:
        return sources_html(turn.sources, heading="Misschien relevant", link_for=link_for,
                            note="Geen van deze passages beantwoordt de vraag duidelijk.")
    return sources_html(turn.sources, link_for=link_for)


def format_time(epoch: float) -> str:
    """Epoch seconds -> '29-11-2026 14:03' (local time); '' for 0."""
    if not epoch:
        return ""
    return datetime.fromtimestamp(epoch).strftime("%d-%m-%Y %H:%M")


def document_rows(files: Mapping[str, Any]) -> list[list[Any]]:
    """Rows for the documents table: file, title, chunks, indexed at (newest first). The
    table shows its cells as plain text (no Markdown, no HTML), so names and titles go in as
    they are."""
    ordered = sorted(files.values(), key=lambda f: (-float(f.indexed_at), f.source_file))
    return [[f.source_file, f.title, int(f.chunks), format_time(float(f.indexed_at))]
            for f in ordered]


def ingest_report_markdown(report: Mapping[str, Any], rejected: Sequence[tuple[str, str]] = ()
                           ) -> str:
    """The ingest report in Dutch: indexed, skipped with reasons, redactions per type."""
    lines = ["### Resultaat van het inlezen"]
    indexed = int(report.get("documents_indexed", 0))
    chunks = int(report.get("chunks", 0))
    lines.append(f"- **Ingelezen:** {indexed} document(en), {chunks} tekstdelen.")
    unchanged = int(report.get("documents_unchanged", 0))
    if unchanged:
        lines.append(f"- **Ongewijzigd** (stond al in de index): {unchanged}.")
    redactions = report.get("redactions") or {}
    if redactions:
        parts = ", ".join(f"{inert.markdown(str(k))}: {v}"
                          for k, v in sorted(redactions.items()))
        lines.append(f"- **Geanonimiseerd:** {parts}.")
    elif indexed:
        lines.append("- **Geanonimiseerd:** geen identificerende gegevens gevonden.")
    skipped = [(str(s.get("file", "")), str(s.get("reason", "")))
               for s in report.get("documents_skipped", ())]
    for name, reason in [*rejected, *skipped]:
        lines.append(f"- ⚠️ **Niet ingelezen:** {inert.markdown(name)} — "
                     f"{inert.markdown(reason)}")
    seconds = report.get("seconds")
    if seconds is not None:
        lines.append(f"- Tijd: {dutch_number(float(seconds), 1)} s.")
    return "\n".join(lines)


def status_markdown(*, model: str, embedder: str, documents: int | None, chunks: int | None,
                    demo: bool, pending: Sequence[str] = (), errors: Mapping[str, str] = {}
                    ) -> str:
    """The status line: model, embedder, index size, start-up state, demo notice."""
    index = ("wordt geladen…" if documents is None or chunks is None
             else f"{documents} documenten, {chunks} tekstdelen")
    lines = [f"**Taalmodel:** {inert.markdown(model)} · "
             f"**Embedder:** {inert.markdown(embedder)} · "
             f"**Index:** {index}"]
    if pending:
        lines.append(f"⏳ Baken start nog op ({', '.join(pending)} wordt geladen); "
                     "vragen worden beantwoord zodra dat klaar is.")
    for message in errors.values():
        lines.append(f"⚠️ {inert.markdown(message)}")
    lines.append(DEMO_MODEL_NOTICE if demo else SMALL_MODEL_NOTICE)
    return "\n\n".join(lines)
