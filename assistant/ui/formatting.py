"""Pure functions that turn answers, sources, documents and reports into Markdown/HTML."""

from __future__ import annotations

import re
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
DEMO_MODEL_SHORT = ("**Demomodel actief:** de tekst van de antwoorden is niet bruikbaar; de "
                    "bronnen en citaten wel. Meer op het tabblad Status.")
SMALL_MODEL_SHORT = ("**Controleer elk antwoord in de bron:** het taalmodel kan zich vergissen; "
                     "wat telt is de brontekst.")
STOPPED_NOTE = "_— gestopt op uw verzoek; het antwoord is onvolledig._"
WRITING_NOTE = "_Bronnen gevonden; het antwoord wordt geschreven…_"
SEARCH_HEADINGS = {True: "Gevonden passages",
                   False: "Niets duidelijk gevonden — misschien relevant"}
NO_CLEAR_PASSAGE = "Geen passage beantwoordt dit duidelijk"
STAGES = ("zoeken", "bronnen", "schrijven")
_CITE = re.compile(r"(?<![\\!\]])\[(\d{1,2})\](?![(\[:])")


@dataclass(frozen=True)
class Stage:
    """What Baken is doing for the question now: ``opstarten``, ``zoeken``, ``bronnen``
    (the model reads the sources found) or ``schrijven``; seconds since the question."""

    name: str
    seconds: float
    sources: int = 0


def stage_html(stage: Stage) -> str:
    """'✓ zoeken → 3 bronnen gelezen → schrijven… · 12 s' as a live status line."""
    seconds = f"{int(stage.seconds)} s"
    if stage.name not in STAGES:
        return (f"<span class='baken-stage' role='status'>⏳ Baken start nog op… · "
                f"{seconds}</span>")
    now = STAGES.index(stage.name)
    read = f"{stage.sources} bronnen gelezen" if stage.sources else "bronnen gelezen"
    labels = {"zoeken": "zoeken", "bronnen": read, "schrijven": "schrijven"}
    if now == 1:
        labels["bronnen"] = "bronnen lezen"
    parts = []
    for i, name in enumerate(STAGES):
        if i < now:
            parts.append(f"✓ {labels[name]}")
        elif i == now:
            parts.append(f"<b>{labels[name]}…</b>")
        else:
            parts.append(labels[name])
    return (f"<span class='baken-stage' role='status'>{' → '.join(parts)} · "
            f"{seconds}</span>")


def cited_ranks(answer: str) -> list[int]:
    """The source numbers an answer cites, in the order they first appear."""
    return list(dict.fromkeys(int(m.group(1)) for m in _CITE.finditer(answer)))


def link_citations(answer_html: str, ranks: Iterable[int]) -> str:
    """Make each ``[n]`` of a known source a link that opens that source (hover/focus
    highlights its card, a click shows the passage in its document)."""
    known = set(ranks)

    def link(match: re.Match[str]) -> str:
        n = int(match.group(1))
        if n not in known:
            return match.group(0)
        return (f'<a class="baken-cite" href="#baken-bron-{n}" data-rank="{n}" '
                f'title="Toon bron {n} in het document">[{n}]</a>')

    return _CITE.sub(link, answer_html)


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


def answer_markdown(turn: Turn, *, streaming: bool = False, stage: Stage | None = None) -> str:
    """The chat text of an answer: flagged sentences marked, then checks and sources; while
    it is written, the stage line with the elapsed seconds on top."""
    if turn.mode == "zoek":
        return "_Bezig met zoeken in de documenten…_" if streaming else search_markdown(turn)
    if turn.mode == "fout":
        return f"⚠️ {inert.markdown(turn.answer)}"
    parts: list[str] = [stage_html(stage)] if streaming and stage is not None else []
    if turn.warnings and streaming:
        parts.append(warnings_markdown(turn.warnings))
    if turn.answer:
        body = safe_model_text(turn.answer)
        body = mark_flags(body, ((f.sentence, f.reason) for f in turn.flags))
        parts.append(link_citations(body, (s.rank for s in turn.sources)))
    elif streaming and turn.sources:
        parts.append(WRITING_NOTE)
    elif streaming and stage is None:
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
        sources = source_list_markdown(ordered_sources(turn), only_cited=cited)
        if sources and not turn.refused:
            parts.append(link_citations(sources, (s.rank for s in turn.sources)))
    return "\n\n".join(p for p in parts if p)


def search_markdown(turn: Turn) -> str:
    """The chat text of a search: the passages found, without a model."""
    relevant = not turn.refused
    lines = [f"**{SEARCH_HEADINGS[relevant]}** <small>(zoeken zonder taalmodel; "
             "de passages staan in het bronnenpaneel)</small>"]
    if not relevant and turn.sources:
        lines.append(f"⚠️ **{NO_CLEAR_PASSAGE}.** Hieronder de passages die het dichtst in de "
                     "buurt komen; controleer of ze uw vraag echt beantwoorden.")
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


def turn_messages(turns: Sequence[Turn], *, streaming_last: bool = False,
                  stage: Stage | None = None) -> list[Message]:
    """Chat messages (two per turn: question, answer) in Gradio's messages format; ``stage``
    is shown on the last answer while it is written."""
    messages: list[Message] = []
    for i, turn in enumerate(turns):
        streaming = streaming_last and i == len(turns) - 1
        messages.append({"role": "user", "content": inert.markdown(turn.question)})
        messages.append({"role": "assistant",
                         "content": answer_markdown(turn, streaming=streaming,
                                                    stage=stage if streaming else None)})
    return messages


def ordered_sources(turn: Turn) -> list[StoredSource]:
    """Cited sources first, in the order the answer cites them; the rest by relevance."""
    by_rank = {s.rank: s for s in turn.sources}
    order = [r for r in cited_ranks(turn.answer) if r in by_rank and by_rank[r].cited]
    order += [s.rank for s in turn.sources if s.cited and s.rank not in order]
    rest = sorted((s for s in turn.sources if s.rank not in order),
                  key=lambda s: (-s.score, s.rank))
    return [by_rank[r] for r in order] + rest


ORIGINAL_WARNING = ("Het origineel is NIET geanonimiseerd: het kan persoonsgegevens bevatten. "
                    "Het openen wordt vastgelegd. Alleen openen als dat nodig is voor uw werk.")


def original_link(url: str, page: int | None) -> str:
    """The link to an original: the page asks for confirmation first (``ORIGINAL_WARNING``,
    in ``data-warn``) and says that the file is not anonymised."""
    where = f" (p. {page})" if page is not None and "#page=" in url else ""
    return (f"<a class='baken-open' href='{inert.html(url)}' target='_blank' "
            f"rel='noopener noreferrer' data-warn='{inert.html(ORIGINAL_WARNING)}'>"
            f"Open het origineel{where}</a> <span class='baken-pii'>(niet geanonimiseerd)</span>")


def sources_html(sources: Sequence[StoredSource], *, heading: str = "Bronnen",
                 link_for: LinkFor | None = None, note: str = "", turn_index: int = -1,
                 open_first: int = 3) -> str:
    """The sources panel: per source its locator, relevance, link and passage (quote marked).

    Sources are shown in the order given; cited ones and (when nothing is cited) the first
    ``open_first`` are unfolded, the rest folded. Each card has a button that shows the passage
    in its document (``turn_index`` tells the viewer which answer the card belongs to).
    """
    if not sources:
        body = note or "Hier verschijnen de bronnen van het antwoord."
        return (f"<div class='baken-sources'><h3>{inert.html(heading)}</h3>"
                f"<p class='baken-empty'>{inert.html(body)}</p></div>")
    any_cited = any(s.cited for s in sources)
    parts = [f"<div class='baken-sources' data-turn='{int(turn_index)}'>"
             f"<h3>{inert.html(heading)}</h3>"]
    if note:
        parts.append(f"<p class='baken-note'>{inert.html(note)}</p>")
    for position, s in enumerate(sources):
        url = link_for(s) if link_for else None
        link = ""
        if isinstance(url, SharePath):
            link = (" · <span class='baken-share'>origineel op de bestandsshare: "
                    f"<code>{inert.html(url.path)}</code></span>")
        elif url:
            link = " · " + original_link(url, s.page)
        badge = "<span class='baken-badge'>aangehaald</span> " if s.cited else ""
        relations = [f"waarnaar verwezen wordt in [{s.referred_by}]" if s.referred_by else "",
                     f"ook in: {'; '.join(s.also_in)}" if s.also_in else ""]
        relation = "".join(f"<div class='baken-relation'>{inert.html(text)}</div>"
                           for text in relations if text)
        classes = "baken-source baken-cited" if s.cited else "baken-source"
        unfolded = s.cited if any_cited else position < open_first
        parts.append(
            f"<div class='{classes}' id='baken-bron-{s.rank}' data-rank='{s.rank}'>"
            f"<div class='baken-source-head'><span class='baken-rank'>[{s.rank}]</span> "
            f"<b class='baken-locator'>{inert.html(s.label)}</b></div>"
            f"<div class='baken-meta'>{badge}relevantie {dutch_number(s.score)} · "
            f"<span class='baken-file'>{inert.html(s.source_file)}</span>{link}</div>{relation}"
            f"<button type='button' class='baken-view' data-rank='{s.rank}'>"
            f"Toon in het document</button>"
            f"<details{' open' if unfolded else ''}><summary>Passage</summary>"
            f"<div class='baken-passage' tabindex='0'>{highlight(s.text, s.quote)}</div>"
            f"</details></div>"
        )
    parts.append("</div>")
    return "".join(parts)


def turn_panel(turn: Turn | None, link_for: LinkFor | None = None, *,
               turn_index: int = -1) -> str:
    """The sources panel for one turn (answer or search): cited sources first."""
    if turn is None or turn.mode == "fout":
        return sources_html((), link_for=link_for)
    ordered = ordered_sources(turn)
    if turn.mode == "zoek":
        relevant = not turn.refused
        note = ("Gevonden zonder taalmodel." if relevant
                else f"{NO_CLEAR_PASSAGE}; dit zijn de passages die het dichtst in de buurt "
                "komen.")
        return sources_html(ordered, heading=SEARCH_HEADINGS[relevant], link_for=link_for,
                            note=note, turn_index=turn_index)
    if turn.refused:
        return sources_html(ordered, heading="Misschien relevant", link_for=link_for,
                            note="Geen van deze passages beantwoordt de vraag duidelijk.",
                            turn_index=turn_index)
    return sources_html(ordered, link_for=link_for, turn_index=turn_index)


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
    """The status line: model, embedder, index size, start-up state, a short notice (the
    full one is on the Status tab)."""
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
    lines.append(DEMO_MODEL_SHORT if demo else SMALL_MODEL_SHORT)
    return "\n\n".join(lines)
