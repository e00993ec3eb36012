"""The first-run guide: which documents are loaded, three example questions that fit them,
and what Baken can and cannot do. Shown once per browser; the help link shows it again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import PurePosixPath
from typing import Any

from assistant.ui import inert
from assistant.ui.formatting import format_time

LIMITS = (
    "**Wat Baken kan en niet kan.** Baken zoekt in de documenten die hier zijn ingelezen en "
    "citeert de passages waarop een antwoord steunt; het kent niets daarbuiten en geeft geen "
    "juridisch advies. Het taalmodel kan zich vergissen, ook als de bronnen kloppen. "
    "**Controleer elk antwoord in de bron**: klik op een bron of op [1] in het antwoord om de "
    "passage in het document te zien. Met *Vraag* krijgt u een antwoord met bronnen (dat duurt "
    "op een gewone pc enkele seconden tot een minuut); met *Zoek in documenten* krijgt u direct "
    "de passages, zonder taalmodel."
)
# (question, words of which one must occur in a loaded document's title or file name)
EXAMPLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Hoeveel dagen geldt een huisverbod?", ("huisverbod",)),
    ("Wanneer mag de burgemeester een woning sluiten?", ("gemeentewet", "damocles", "opiumwet")),
    ("Wanneer is voor een evenement een vergunning nodig?", ("evenement",)),
    ("Wat zijn de voorwaarden voor cameratoezicht?", ("camera",)),
    ("Wanneer mag de burgemeester een noodbevel geven?", ("gemeentewet",)),
    ("Wanneer weigert de gemeente een vergunning op grond van de Wet Bibob?", ("bibob",)),
    ("Wat regelt de APV over overlast op straat?", ("apv", "plaatselijke verordening")),
)
TYPES = {".pdf": "PDF", ".docx": "Word", ".odt": "OpenDocument", ".md": "Markdown",
         ".markdown": "Markdown", ".txt": "tekst", ".html": "webpagina", ".htm": "webpagina",
         ".eml": "e-mail"}


def document_type(source_file: str) -> str:
    """'PDF', 'Word', … for a file name (the suffix in capitals when unknown)."""
    suffix = PurePosixPath(source_file.split("#", 1)[0]).suffix.lower()
    return TYPES.get(suffix, suffix.lstrip(".").upper() or "bestand")


def example_questions(files: Mapping[str, Any], count: int = 3) -> list[str]:
    """Up to ``count`` example questions about the loaded documents (matched on title and
    file name); when fewer fit, questions about the documents themselves fill up."""
    haystack = " ".join(f"{name} {getattr(f, 'title', '')}".lower()
                        for name, f in files.items())
    chosen = [q for q, words in EXAMPLES if any(w in haystack for w in words)][:count]
    for name, f in sorted(files.items()):
        if len(chosen) >= count:
            break
        title = str(getattr(f, "title", "") or name)
        question = f"Waar gaat «{title[:80]}» over?"
        if question not in chosen:
            chosen.append(question)
    return chosen


def documents_html(files: Mapping[str, Any]) -> str:
    """An expandable list of the loaded documents with type and date."""
    if not files:
        return ("<p>Er zijn nog geen documenten ingelezen. Voeg ze toe in het tabblad "
                "<b>Documenten</b>.</p>")
    ordered = sorted(files.values(), key=lambda f: str(f.title or f.source_file).lower())
    items = "".join(
        f"<li><b>{inert.html(str(f.title or f.source_file))}</b> "
        f"<span class='baken-meta'>· {document_type(f.source_file)} · "
        f"{inert.html(f.source_file)} · ingelezen {format_time(float(f.indexed_at))}</span></li>"
        for f in ordered)
    return (f"<details class='baken-doclist'><summary>{len(files)} documenten geladen "
            f"(klik om ze te zien)</summary><ul>{items}</ul></details>")


def guide_html(files: Mapping[str, Any]) -> str:
    """The guide's text (the example questions are buttons beside it)."""
    return ("<div class='baken-gids-tekst'><h2>Welkom bij Baken</h2>"
            f"{documents_html(files)}</div>")


def example_labels(questions: Sequence[str], count: int = 3) -> list[str]:
    """Exactly ``count`` labels for the example buttons ('' hides a button)."""
    return [*questions[:count], *([""] * max(0, count - len(questions)))]
