"""A draft as Markdown, as a Word document (python-docx) and as JSON.

Every form carries the concept marking, one heading per section, the numbered sources at the end,
and the lists of what is still to be filled in and what the reviewer should check.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt, RGBColor

from assistant.core.schema import Source
from assistant.drafting.result import Draft

SOURCES_HEADING = "Bronnen"
MISSING_HEADING = "Nog in te vullen"
WARNINGS_HEADING = "Aandachtspunten bij de controle"
_BULLET = re.compile(r"^\s*[-*•]\s+")
_NUMBERED = re.compile(r"^\s*\d+[.)]\s+")
_EMPHASIS = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")


def source_line(n: int, source: Source) -> str:
    return f"[{n}] {source.locator.label()} — {source.locator.source_file}"


def to_markdown(draft: Draft, escape: Callable[[str], str] | None = None) -> str:
    """The draft as Markdown, marking first.

    ``escape`` is applied to every text of the draft (title, section titles and texts, source
    lines, missing items, warnings), not to the Markdown around them: the UI's preview passes
    one that makes text from documents and the model inert. The download keeps the text as is.
    """
    text = escape or (lambda value: value)
    lines = [f"**{draft.marking}**", "", f"# {text(draft.title)}", ""]
    for section in draft.sections:
        lines += [f"## {text(section.title)}", "", text(section.text.strip()), ""]
    lines += [f"## {SOURCES_HEADING}", ""]
    if draft.sources:
        lines += [f"- {text(source_line(n, s))}" for n, s in enumerate(draft.sources, start=1)]
    else:
        lines.append("Geen bronnen gebruikt.")
    lines.append("")
    if draft.missing:
        lines += [f"## {MISSING_HEADING}", "", *(f"- {text(m)}" for m in draft.missing), ""]
    if draft.warnings:
        lines += [f"## {WARNINGS_HEADING}", "", *(f"- {text(w)}" for w in draft.warnings), ""]
    lines += ["---", f"*{draft.marking}*", ""]
    return "\n".join(lines)


def _plain(text: str) -> str:
    return _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), text)


def _add_body(doc: Any, text: str) -> None:
    """Blank-line separated blocks become paragraphs; the lines of a block are one paragraph
    (template text wrapped over several lines stays one), list items one paragraph each."""
    for block in re.split(r"\n\s*\n", text.strip()):
        running: list[str] = []
        for line in [*block.splitlines(), ""]:
            listed = _BULLET.match(line) or _NUMBERED.match(line)
            if running and (listed or not line.strip()):
                doc.add_paragraph(_plain(" ".join(running)))
                running = []
            if _BULLET.match(line):
                doc.add_paragraph(_plain(_BULLET.sub("", line)), style="List Bullet")
            elif _NUMBERED.match(line):
                doc.add_paragraph(_plain(_NUMBERED.sub("", line)), style="List Number")
            elif line.strip():
                running.append(line.strip())


def _marking(doc: Any, text: str) -> None:
    run = doc.add_paragraph().add_run(text)
    run.bold = True
    run.font.size = Pt(12)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def to_docx(draft: Draft, path: Path) -> Path:
    """Write a .docx: the marking in the page header and on top, one heading per section."""
    doc = new_docx()
    doc.core_properties.title = draft.title
    doc.core_properties.comments = draft.marking
    header = doc.sections[0].header.paragraphs[0]
    header.text = draft.marking
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    _marking(doc, draft.marking)
    doc.add_heading(draft.title, level=0)
    for section in draft.sections:
        doc.add_heading(section.title, level=1)
        _add_body(doc, section.text)
    doc.add_heading(SOURCES_HEADING, level=1)
    if draft.sources:
        for n, source in enumerate(draft.sources, start=1):
            doc.add_paragraph(source_line(n, source))
    else:
        doc.add_paragraph("Geen bronnen gebruikt.")
    if draft.missing:
        doc.add_heading(MISSING_HEADING, level=1)
        for item in draft.missing:
            doc.add_paragraph(item, style="List Bullet")
    if draft.warnings:
        doc.add_heading(WARNINGS_HEADING, level=1)
        for warning in draft.warnings:
            doc.add_paragraph(warning, style="List Bullet")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def draft_json(draft: Draft) -> dict[str, Any]:
    """The JSON shape of ``baken draft --json``."""
    return {
        "template": draft.template,
        "title": draft.title,
        "marking": draft.marking,
        "sections": [
            {"title": s.title, "text": s.text,
             "citations": [{"n": c.n, "source_file": c.source.locator.source_file,
                            "locator": c.source.locator.label(), "quote": c.quote,
                            "chunk_id": c.source.chunk_id} for c in s.citations]}
            for s in draft.sections
        ],
        "sources": [{"n": n, "source_file": s.locator.source_file, "locator": s.locator.label(),
                     "chunk_id": s.chunk_id, "score": s.score}
                    for n, s in enumerate(draft.sources, start=1)],
        "missing": list(draft.missing),
        "warnings": list(draft.warnings),
        "model": draft.model,
        "timings": dict(draft.timings),
    }


def write_draft(draft: Draft, path: Path) -> Path:
    """Write ``draft`` to ``path`` as .docx or .md (chosen by the suffix)."""
    suffix = path.suffix.lower()
    if suffix == ".docx":
        return to_docx(draft, path)
    if suffix in {".md", ".markdown"}:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(to_markdown(draft), encoding="utf-8")
        return path
    raise ValueError(f"Onbekend uitvoerformaat '{path.suffix}': kies .docx of .md.")
