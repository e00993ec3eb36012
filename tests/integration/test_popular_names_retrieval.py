"""A question that uses a power's popular name finds the article that grants it (real ingest of
the demo corpus, real embedder and Chroma): 'gebiedsverbod' is not a word of artikel 172a."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.app import build_baken
from assistant.config import load_settings

pytestmark = pytest.mark.slow


def test_gebiedsverbod_question_is_answered_from_article_172a(
        demo_index: tuple[Path, dict]) -> None:
    data_dir, _ = demo_index
    retriever = build_baken(load_settings(data_dir=data_dir)).retriever
    result = retriever.search(
        "Hoelang mag een gebiedsverbod voor een notoire relschopper maximaal duren?")
    places = [(s.locator.source_file, s.locator.article) for s in result.sources]
    assert result.relevant, "the question must not be refused: the article is indexed"
    # no passage found speaks of a 'gebiedsverbod': the article that grants it leads
    assert places[0] == ("gemeentewet-172-176a.md", "172a")
    assert "ten hoogste drie maanden" in result.sources[0].text
