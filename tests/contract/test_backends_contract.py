"""The same retrieval and answer assertions for the embedded and the server configuration."""

from __future__ import annotations

import pytest

from assistant.service import REFUSAL
from tests.contract.conftest import FILES_A, FILES_B, Config

pytestmark = pytest.mark.e2e

QUESTION_A = "Wat wil Heeze-Leende bereiken met haar evenementennota?"
QUESTION_B = "Wie voert het cameratoezicht in Apeldoorn in de praktijk uit?"
ABSENT = "Hoeveel hondenbelasting betaalt iemand voor een tweede hond?"


def test_search_finds_the_expected_file(config: Config) -> None:
    result, _ = config.a.assistant.search(QUESTION_A, 3)
    assert result.relevant
    assert result.sources[0].locator.source_file == "evenementenbeleid-heeze-leende-2022.md"
    result, _ = config.b.assistant.search(QUESTION_B, 3)
    assert result.relevant
    assert result.sources[0].locator.source_file == "beleidsregel-cameratoezicht-apeldoorn-2025.md"


def test_a_collection_never_returns_another_collections_chunks(config: Config) -> None:
    ids_a = {c.chunk_id for c in config.a.store.all_chunks()}
    ids_b = {c.chunk_id for c in config.b.store.all_chunks()}
    assert ids_a and ids_b and not ids_a & ids_b
    for question in (QUESTION_A, "evenementennota Heeze-Leende toetsingskader", "Damocles"):
        result, _ = config.b.assistant.search(question, 10)
        assert {s.chunk_id for s in result.sources} <= ids_b
        assert {s.locator.source_file for s in result.sources} <= set(FILES_B)
    result, _ = config.a.assistant.search(QUESTION_B, 10)
    assert {s.chunk_id for s in result.sources} <= ids_a
    assert {s.locator.source_file for s in result.sources} <= set(FILES_A)


def test_an_absent_topic_is_refused_without_the_model(config: Config) -> None:
    answer = config.a.assistant.ask_complete(ABSENT)
    assert answer.refused
    assert answer.text.startswith(REFUSAL)
    assert answer.model == ""
    assert answer.citations == ()


def test_an_answer_uses_and_cites_only_its_own_collection(config: Config) -> None:
    answer = config.a.assistant.ask_complete(QUESTION_A)
    ids_a = {c.chunk_id for c in config.a.store.all_chunks()}
    assert answer.text.strip()
    assert not answer.refused, answer.text
    assert answer.model == config.model_name
    assert answer.sources and {s.chunk_id for s in answer.sources} <= ids_a
    for citation in answer.citations:
        assert answer.sources[citation.n - 1] == citation.source
        assert citation.quote in citation.source.text
    if not answer.citations:  # the tiny demo model often forgets; the guardrail must say so
        assert any("bronnummers" in w for w in answer.warnings), answer.warnings
