"""Follow-up questions are rewritten with the conversation; bad rewrites fall back safely."""

from __future__ import annotations

from assistant.followup import QueryRewriter, combined_query, plausible_rewrite
from assistant.llm.fake import ScriptedLLM
from assistant.service import Assistant
from tests.fakes import FixedRetriever, RegexAnonymizer, source

HISTORY = [("Wanneer mag de burgemeester een woning sluiten?", "Bij verstoring van de orde [1].")]


def test_a_good_rewrite_is_used() -> None:
    llm = ScriptedLLM("Hoe lang mag de burgemeester een woning sluiten?")
    rewriter = QueryRewriter(lambda: llm)
    assert rewriter.rewrite("En hoe lang mag die sluiting duren?", HISTORY) == (
        "Hoe lang mag de burgemeester een woning sluiten?")
    prompt = llm.calls[0][1]["content"]
    assert "Wanneer mag de burgemeester een woning sluiten?" in prompt


def test_a_rambling_rewrite_falls_back_to_the_combined_question() -> None:
    llm = ScriptedLLM("Bronnen:\n[1] Gemeentewet artikel 174a en nog veel meer tekst")
    rewriter = QueryRewriter(lambda: llm)
    question = "En hoe lang mag die sluiting duren?"
    assert rewriter.rewrite(question, HISTORY) == combined_query(question, HISTORY)
    assert combined_query(question, HISTORY).startswith(HISTORY[0][0])


def test_no_history_means_no_model_call() -> None:
    def no_model() -> ScriptedLLM:
        raise AssertionError("model must not be called")
    assert QueryRewriter(no_model).rewrite("Wat is een huisverbod?", []) == "Wat is een huisverbod?"


def test_plausibility_rules() -> None:
    assert plausible_rewrite("Hoe lang duurt een sluiting van een woning?", "hoe lang duurt dat")
    assert not plausible_rewrite("iets totaal anders over paspoorten", "hoe lang duurt sluiting")
    assert not plausible_rewrite("x" * 400, "x")


def test_the_assistant_retrieves_with_the_rewritten_query_and_reports_it() -> None:
    llm = ScriptedLLM("Hoe lang mag de burgemeester een woning sluiten?")
    retriever = FixedRetriever([source(1, "De burgemeester bepaalt de duur van de sluiting.")])
    assistant = Assistant(retriever, RegexAnonymizer(), lambda: llm)
    history = [("Mag BSN 111222333 een woning sluiten?", "Ja [1].")]
    answer = assistant.ask_complete("En hoe lang mag die sluiting duren?", history)
    assert answer.rewritten_query == "Hoe lang mag de burgemeester een woning sluiten?"
    assert retriever.queries == [answer.rewritten_query]
    assert "111222333" not in str(llm.calls)  # history is anonymised before the model sees it
