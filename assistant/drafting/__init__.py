"""Drafting: concept documents (collegevoorstel, brieven, rapportages …) from templates."""

from __future__ import annotations

from pathlib import Path

from assistant.config import Settings
from assistant.drafting.drafter import Drafter
from assistant.drafting.export import draft_json, to_docx, to_markdown, write_draft
from assistant.drafting.fields import DraftRejected
from assistant.drafting.result import CONCEPT_MARK, Draft, DraftEvent, DraftSection
from assistant.drafting.templates import (
    BUNDLED_TEMPLATES_DIR,
    DraftTemplate,
    TemplateError,
    load_templates,
)
from assistant.packs.registry import template_folders

__all__ = [
    "BUNDLED_TEMPLATES_DIR", "CONCEPT_MARK", "Draft", "DraftEvent", "DraftRejected",
    "DraftSection", "DraftTemplate", "Drafter", "TemplateError", "draft_json",
    "load_templates", "template_dirs", "available_templates", "to_docx", "to_markdown",
    "write_draft",
]


def template_dirs(settings: Settings) -> list[Path | None]:
    """The bundled templates, those of installed knowledge packs, then the municipality's own
    folder (which wins on equal names)."""
    return [BUNDLED_TEMPLATES_DIR, *template_folders(settings.data_dir),
            settings.drafting.templates_dir]


def available_templates(settings: Settings) -> tuple[dict[str, DraftTemplate], list[str]]:
    """Templates read fresh from disk (a file dropped in the folder shows up at once)."""
    return load_templates(template_dirs(settings))
