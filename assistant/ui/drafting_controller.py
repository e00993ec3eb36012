"""The "Concept opstellen" tab without Gradio: templates, the form, and the streamed draft.

Every method returns plain values (``FieldView``, ``FormView``, ``TemplatesView``,
``DraftView``); the tab's builder turns them into components. The drafter is the composition
root's (``Baken.drafter``, per collection), the download files go through
``assistant.drafting.downloads``. Templates are read from disk on every call, so a template
dropped in the configured folder appears without a restart.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from assistant.drafting import CONCEPT_MARK, Draft, DraftTemplate, available_templates, to_markdown
from assistant.drafting.downloads import DraftDownloads
from assistant.drafting.result import (
    DraftEvent,
    DraftFinished,
    DraftSection,
    DraftStarted,
    SectionDelta,
    SectionFinished,
    SectionStarted,
)
from assistant.drafting.templates import TemplateField
from assistant.errors import dutch_error
from assistant.packs.registry import template_origin
from assistant.ui import inert
from assistant.ui.formatting import warnings_markdown

if TYPE_CHECKING:
    from assistant.app import Baken

log = logging.getLogger("baken.ui")

MAX_FIELDS = 16
PREFERRED_TEMPLATE = "collegevoorstel"


@dataclass(frozen=True)
class FieldView:
    """One field box of the form: hidden, or shown with its label, help and height."""

    visible: bool
    label: str = ""
    info: str | None = None
    lines: int = 1


HIDDEN = FieldView(visible=False)


@dataclass(frozen=True)
class FormView:
    """The chosen template's description and one ``FieldView`` per box (``MAX_FIELDS``)."""

    description: str
    fields: tuple[FieldView, ...]


@dataclass(frozen=True)
class TemplatesView:
    """The template list, the template to show, and the problems found in template files."""

    choices: list[tuple[str, str]]
    value: str | None
    problems: str


@dataclass
class DraftView:
    """What the drafting outputs show at one moment."""

    preview: str
    info: str
    docx: str | None = None
    markdown: str | None = None


def field_view(spec: TemplateField) -> FieldView:
    label = f"{spec.label} *" if spec.required else spec.label
    return FieldView(True, label, spec.help, 4 if spec.multiline else 1)


def preview_markdown(draft: Draft) -> str:
    """The finished draft as the preview shows it: the download's Markdown with every text of
    the draft inert (``inert.markdown``); the Markdown download itself keeps the text as is."""
    return to_markdown(draft, escape=inert.markdown)


def summary_markdown(draft: Draft) -> str:
    """The note under a finished draft: counts, what is still to be filled in, warnings."""
    lines = [f"**Klaar.** {len(draft.sections)} onderdelen, {len(draft.sources)} bronnen. "
             "Download het concept hieronder en controleer het voordat u het gebruikt."]
    if draft.missing:
        lines.append("**Nog in te vullen:** " + "; ".join(inert.markdown(m) for m in draft.missing))
    if draft.warnings:
        lines.append("**Aandachtspunten:**\n" + warnings_markdown(draft.warnings))
    return "\n\n".join(lines)


@dataclass
class DraftProgress:
    """The draft while it is written: the sections done, the one being written, warnings."""

    title: str
    sections: int
    warnings: list[str] = field(default_factory=list)
    done: list[DraftSection] = field(default_factory=list)
    current: str = ""
    text: str = ""

    def preview(self) -> str:
        """Every text in it inert (``inert.markdown``); a cursor after the running section."""
        md = inert.markdown
        parts = [f"**{CONCEPT_MARK}**", f"# {md(self.title)}"]
        parts += [f"## {md(s.title)}\n\n{md(s.text)}" for s in self.done]
        if self.current:
            parts.append(f"## {md(self.current)}\n\n{md(self.text)}▌")
        return "\n\n".join(parts)

    def on(self, event: DraftEvent) -> DraftView | None:
        """The view after ``event`` (None: nothing new to show)."""
        if isinstance(event, DraftStarted):
            self.title, self.warnings = event.title, list(event.warnings)
            found = f"{len(event.sources)} bronnen gevonden." if event.sources else ""
            return self._view(f"Bezig met schrijven… {found}")
        if isinstance(event, SectionStarted):
            self.current, self.text = event.title, ""
            return self._view(f"Bezig: onderdeel {event.index + 1} van {self.sections} "
                              f"({self.current})…")
        if isinstance(event, SectionDelta):
            self.text += event.text
            return self._view(f"Bezig: {self.current}…")
        if isinstance(event, SectionFinished):
            self.done.append(event.section)
            self.current = ""
        return None

    def failed(self, message: str) -> DraftView:
        """The sections written so far and the Dutch error."""
        self.current = ""
        return DraftView(self.preview(), f"**Fout:** {inert.markdown(message)}")

    def _view(self, status: str) -> DraftView:
        return DraftView(self.preview(), f"{status}\n\n{warnings_markdown(self.warnings)}")


@dataclass
class DraftingController:
    """Template listing, the form, and the streamed drafting run over ``baken``'s collection
    (or the one passed per call). ``downloads``: where finished drafts are written."""

    baken: Baken
    downloads: DraftDownloads | None = None

    def __post_init__(self) -> None:
        if self.downloads is None:
            self.downloads = DraftDownloads(self.baken.settings.data_dir)

    def templates(self) -> tuple[dict[str, DraftTemplate], list[str]]:
        return available_templates(self.baken.settings)

    def template_choices(self) -> list[tuple[str, str]]:
        """(label, name) per template; one from a knowledge pack says which municipality's."""
        templates, _ = self.templates()
        data_dir = self.baken.settings.data_dir
        return [(f"{t.title} ({origin})" if (origin := template_origin(t.path, data_dir))
                 else t.title, t.name) for t in templates.values()]

    def refresh(self, current: str | None = None) -> TemplatesView:
        """The templates as on disk now; ``current`` stays chosen while it exists, else the
        collegevoorstel (or the first template)."""
        choices = self.template_choices()
        names = [name for _, name in choices]
        if current not in names:
            current = PREFERRED_TEMPLATE if PREFERRED_TEMPLATE in names else (
                names[0] if names else None)
        _, problems = self.templates()
        return TemplatesView(choices, current, warnings_markdown(problems))

    def source_choices(self, baken: Baken | None = None) -> list[str]:
        """The documents of ``baken``'s collection (default: this controller's)."""
        try:
            return sorted((baken or self.baken).store.indexed_files())
        except Exception as exc:  # noqa: BLE001 - the form works without the list
            log.error("bronnenlijst niet beschikbaar: %s", type(exc).__name__)
            return []

    def form(self, name: str | None) -> FormView:
        """The description and one view per field box (unused boxes hidden)."""
        templates, _ = self.templates()
        template = templates.get(name or "")
        if template is None:
            return FormView("", (HIDDEN,) * MAX_FIELDS)
        shown = [field_view(f) for f in template.fields[:MAX_FIELDS]]
        sections = ", ".join(s.title for s in template.sections)
        return FormView(f"{template.description}\n\n*Onderdelen:* {sections}",
                        (*shown, *(HIDDEN,) * (MAX_FIELDS - len(shown))))

    def run(self, name: str | None, values: Sequence[str],
            sources: Sequence[str] | None, baken: Baken | None = None) -> Iterator[DraftView]:
        """Stream the draft as previews; the last view carries the download paths. ``baken``:
        the collection to search (default: this controller's)."""
        templates, _ = self.templates()
        template = templates.get(name or "")
        if template is None:
            yield DraftView("", "**Kies eerst een sjabloon.**")
            return
        fields = {f.name: v for f, v in zip(template.fields, values, strict=False)
                  if v and v.strip()}
        yield DraftView("", "Bezig: persoonsgegevens controleren en bronnen zoeken…")
        progress = DraftProgress(template.title, len(template.sections))
        try:
            drafter = (baken or self.baken).drafter
            for event in drafter.stream(template, fields, tuple(sources or ())):
                view = (self._finished(event.draft) if isinstance(event, DraftFinished)
                        else progress.on(event))
                if view is not None:
                    yield view
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, not a traceback
            yield progress.failed(dutch_error(exc))

    def _finished(self, draft: Draft) -> DraftView:
        assert self.downloads is not None  # set in __post_init__
        docx, markdown = self.downloads.write(draft)
        return DraftView(preview_markdown(draft), summary_markdown(draft), str(docx),
                         str(markdown))
