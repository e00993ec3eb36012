"""Drafting: concept documents (collegevoorstel, brieven, rapportages …) from templates."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.audit import AccessLog
from assistant.config import Settings
from assistant.core.protocols import Retriever
from assistant.core.schema import RetrievalResult
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

if TYPE_CHECKING:
    from assistant.app import Baken

__all__ = [
    "BUNDLED_TEMPLATES_DIR", "CONCEPT_MARK", "Draft", "DraftEvent", "DraftRejected",
    "DraftSection", "DraftTemplate", "Drafter", "TemplateError", "build_drafter", "draft_json",
    "load_templates", "template_dirs", "available_templates", "to_docx", "to_markdown",
    "write_draft",
]


def template_dirs(settings: Settings) -> list[Path | None]:
    """The bundled templates, those of installed knowledge packs, then the municipality's own
    folder (which wins on equal names)."""
    from assistant.packs.registry import template_folders

    return [BUNDLED_TEMPLATES_DIR, *template_folders(settings.data_dir),
            settings.drafting.templates_dir]


def available_templates(settings: Settings) -> tuple[dict[str, DraftTemplate], list[str]]:
    """Templates read fresh from disk (a file dropped in the folder shows up at once)."""
    return load_templates(template_dirs(settings))


class AuditedRetriever:
    """The drafter's searches, each written to the access log (``via`` 'concept') before its
    sources are used: drafting reads the index like a search does."""

    def __init__(self, inner: Retriever, log: AccessLog, collection: str) -> None:
        self._inner = inner
        self._log = log
        self._collection = collection

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult:
        result = self._inner.search(query, k, filters)
        self._log.search(user=None, collection=self._collection, query=query,
                         documents=[s.locator.source_file for s in result.sources], via="concept")
        return result


def build_drafter(baken: Baken) -> Drafter:
    """A Drafter on Baken's retriever, anonymiser and (shared, lazily loaded) language model."""
    settings = baken.settings
    return Drafter(AuditedRetriever(baken.retriever, baken.access_log, settings.collection),
                   baken.anonymizer, lambda: baken.assistant.llm,
                   max_tokens=settings.model.max_tokens, temperature=settings.model.temperature,
                   max_field_chars=settings.retrieval.max_question_chars,
                   sources_per_section=max(1, min(3, settings.retrieval.top_k)),
                   min_score=settings.retrieval.relevance_threshold,
                   sentence_scorer=baken.assistant.sentence_scorer)
