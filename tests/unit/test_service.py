"""The Assistant: streaming events, refusals without the model, guarded questions."""

from __future__ import annotations

import pytest

from assistant.llm.fake import ScriptedLLM
from assistant.service import REFUSAL, Assistant, Finished, SourcesFound, TextDelta
from guardrails.input import QuestionRejected
from tests.unit.fakes import FixedRetriever, RegexAnonymizer, source

PASSAGE = ("De burgemeester kan besluiten een woning te sluiten als de openbare orde wordt "
           "verstoord.")


def _assistant(retriever: FixedRetriever, llm: ScriptedLLM | None = None) -> Assistant:
    def factory() -> ScriptedLLM:
        if llm is None:
            raise AssertionError("the model must not be loaded")
        return llm
    return Assistant(retriever, RegexAnonymizer(), factory, max_question_chars=200)


def test_ask_streams_sources_then_text_then_a_checked_answer() -> None:
    llm = ScriptedLLM("De burgemeester kan een woning sluiten als de openbare orde wordt "
                      "verstoord [1].")
    events = list(_assistant(FixedRetriever([source(1, PASSAGE)]), llm).ask("Mag dat?"))
    assert isinstance(events[0], SourcesFound)
    deltas = [e for e in events if isinstance(e, TextDelta)]
    assert len(deltas) > 3
    answer = events[-1].answer if isinstance(events[-1], Finished) else None
    assert answer is not None and not answer.refused
    assert [c.n for c in answer.citations] == [1]
    assert answer.citations[0].quote in PASSAGE
    assert answer.warnings == ()


def test_irrelevant_retrieval_refuses_without_loading_the_model() -> None:
    retriever = FixedRetriever([source(1, PASSAGE)], relevant=False)
    answer = _assistant(retriever).ask_complete("Hoe hoog is de hondenbelasting?")
    assert answer.refused and answer.text == REFUSAL
    assert answer.citations == ()
    assert answer.sources  # shown as "misschien relevant"


def test_identifiers_in_a_question_are_replaced_before_retrieval_and_prompt() -> None:
    llm = ScriptedLLM("Zie [1].")
    retriever = FixedRetriever([source(1, PASSAGE)])
    answer = _assistant(retriever, llm).ask_complete("Mag ik BSN 111222333 opzoeken?")
    assert retriever.queries == ["Mag ik BSN [BSN-1] opzoeken?"]
    assert "111222333" not in str(llm.calls)
    assert any("BSN" in w and "111222333" not in w for w in answer.warnings)


def test_invalid_citation_is_reported_as_warning() -> None:
    llm = ScriptedLLM("De burgemeester kan een woning sluiten [4].")
    answer = _assistant(FixedRetriever([source(1, PASSAGE)]), llm).ask_complete("Mag dat?")
    assert answer.citations == ()
    assert any("[4]" in w for w in answer.warnings)


@pytest.mark.parametrize("question", ["", "   ", "x" * 20_000])
def test_empty_or_huge_questions_get_a_dutch_error(question: str) -> None:
    with pytest.raises(QuestionRejected, match="vraag|Vraag"):
        _assistant(FixedRetriever([])).ask_complete(question)


def test_the_quote_is_the_article_sentence_not_the_chunk_context_line() -> None:
    from assistant.service import best_quote

    passage = ("Gemeentewet — Artikel 176, lid 1\n"
               "1.  Wanneer een omstandigheid als bedoeld in artikel 175 zich voordoet, kan de "
               "burgemeester algemeen verbindende voorschriften geven. Hij maakt deze "
               "voorschriften bekend.")
    # a "waar staat" answer shares more words with the context line than with the text
    quote = best_quote(passage, "Dat staat in artikel 176 van de Gemeentewet [1].")
    assert quote.startswith("Wanneer een omstandigheid") and quote in passage
    assert "Artikel 176, lid 1" not in quote
    # a one-line passage (no context line) still quotes its own sentence
    assert best_quote("De burgemeester kan een woning sluiten.", "woning sluiten") == \
        "De burgemeester kan een woning sluiten."
