"""The Assistant: streaming events, refusals without the model, guarded questions."""

from __future__ import annotations

import pytest

from assistant.llm.fake import ScriptedLLM
from assistant.service import (
    NO_LEAD,
    Assistant,
    EvidenceFound,
    Finished,
    SourcesFound,
    TextDelta,
)
from guardrails.input import QuestionRejected
from prompts import REFUSAL
from tests.fakes import FixedRetriever, RegexAnonymizer, source

PASSAGE = ("De burgemeester kan besluiten een woning te sluiten als de openbare orde wordt "
           "verstoord.")


def _assistant(retriever: FixedRetriever, llm: ScriptedLLM | None = None,
               strategy: str = "evidence") -> Assistant:
    def factory() -> ScriptedLLM:
        if llm is None:
            raise AssertionError("the model must not be loaded")
        return llm
    return Assistant(retriever, RegexAnonymizer(), factory, max_question_chars=200,
                     strategy=strategy)


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
    answer = _assistant(FixedRetriever([source(1, PASSAGE)]), llm,
                        strategy="free").ask_complete("Mag dat?")
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


LAW = ("Gemeentewet — Artikel 172a, lid 1\n1. De burgemeester kan een persoon een gebiedsverbod "
       "opleggen voor ten hoogste drie maanden. Dit is een tweede zin over iets heel anders "
       "dan de vraag.")
OTHER = "Evenementenbeleid — Artikel 3\nEen evenement vraagt een vergunning van de burgemeester."


def test_evidence_comes_before_the_model_and_the_answer_opens_with_the_lead() -> None:
    llm = ScriptedLLM("Een gebiedsverbod duurt ten hoogste drie maanden [1].")
    events = list(_assistant(FixedRetriever([source(1, LAW), source(2, OTHER)]), llm)
                  .ask("Hoe lang duurt een gebiedsverbod?"))
    kinds = [type(e).__name__ for e in events]
    assert kinds[:2] == ["SourcesFound", "EvidenceFound"]
    evidence = events[1]
    assert isinstance(evidence, EvidenceFound)
    first = evidence.items[0]
    assert first.n == 1 and first.text in LAW and "gebiedsverbod" in first.text
    assert "Gemeentewet, artikel 172a" in evidence.markdown
    # the model reads the quoted sentences, not the whole passages
    prompt = llm.calls[0][-1]["content"]
    assert first.text in prompt and "Dit is een tweede zin" not in prompt
    answer = events[-1].answer if isinstance(events[-1], Finished) else None
    assert answer is not None
    assert answer.text.startswith("Een gebiedsverbod duurt ten hoogste drie maanden [1].")
    assert f'"{first.text}" [1]' in answer.text
    assert [c.n for c in answer.citations][:1] == [1]
    assert not any("Niet onderbouwd" in w or "Citaat" in w for w in answer.warnings)


def test_a_model_refusal_is_ignored_when_sources_were_found() -> None:
    llm = ScriptedLLM("Dit staat niet in de beschikbare documenten.")
    answer = _assistant(FixedRetriever([source(1, LAW)]), llm).ask_complete(
        "Hoe lang duurt een gebiedsverbod?")
    assert not answer.refused
    assert answer.text.startswith(NO_LEAD)
    assert "drie maanden" in answer.text  # the quote is still there


def test_an_invented_number_in_the_lead_is_removed_and_flagged() -> None:
    llm = ScriptedLLM("Een gebiedsverbod duurt ten hoogste drie maanden [1]. Het kan tot 12 "
                      "maanden worden verlengd [1].")
    answer = _assistant(FixedRetriever([source(1, LAW)]), llm).ask_complete(
        "Hoe lang duurt een gebiedsverbod?")
    assert "12 maanden" not in answer.text
    assert any("'12'" in w for w in answer.warnings)


def test_a_looping_model_is_stopped_and_the_loop_removed() -> None:
    llm = ScriptedLLM("Een gebiedsverbod duurt ten hoogste drie maanden [1]. " * 8)
    answer = _assistant(FixedRetriever([source(1, LAW)]), llm).ask_complete(
        "Hoe lang duurt een gebiedsverbod?")
    lead = answer.text.split("\n\n")[0]
    assert lead.count("drie maanden") == 1
    assert any("herhalen" in w for w in answer.warnings)


def test_priming_reads_the_same_system_prompt_a_question_starts_with() -> None:
    llm = ScriptedLLM("Een gebiedsverbod duurt ten hoogste drie maanden [1].")
    assistant = _assistant(FixedRetriever([source(1, LAW)]), llm)
    assistant.prime()
    assistant.ask_complete("Hoe lang duurt een gebiedsverbod?")
    primed, asked = llm.calls
    assert primed[0] == asked[0] and primed[0]["role"] == "system"


def test_a_lead_sentence_its_source_does_not_carry_is_removed() -> None:
    llm = ScriptedLLM("Een gebiedsverbod duurt ten hoogste drie maanden [1]. De gemeenteraad "
                      "kiest jaarlijks een voorzitter voor de commissie [1].")
    answer = _assistant(FixedRetriever([source(1, LAW)]), llm).ask_complete(
        "Hoe lang duurt een gebiedsverbod?")
    lead = answer.text.split("\n\n")[0]
    assert lead == "Een gebiedsverbod duurt ten hoogste drie maanden [1]."
    assert any("niet gedragen door de geciteerde bron" in w for w in answer.warnings)


def test_a_cost_question_whose_sources_name_no_amount_is_refused_with_the_reason() -> None:
    passage = ("Voor een evenement is een vergunning van de burgemeester nodig als meer dan "
               "vijfhonderd bezoekers worden verwacht.")
    answer = _assistant(FixedRetriever([source(1, passage)])).ask_complete(
        "Wat kost een evenementenvergunning?")
    assert answer.refused and answer.text.startswith(REFUSAL)
    assert "bedrag" in answer.text


def test_a_cost_question_whose_source_names_the_amount_is_answered() -> None:
    passage = "De leges voor een evenementenvergunning bedragen € 125,00 per aanvraag."
    llm = ScriptedLLM("De leges bedragen € 125,00 per aanvraag [1].")
    answer = _assistant(FixedRetriever([source(1, passage)]), llm).ask_complete(
        "Wat kost een evenementenvergunning?")
    assert not answer.refused
    assert "125,00" in answer.text


def test_a_lead_that_is_only_a_citation_becomes_the_code_written_lead() -> None:
    llm = ScriptedLLM("[1]")
    answer = _assistant(FixedRetriever([source(1, PASSAGE)]), llm).ask_complete(
        "Kan de burgemeester een woning sluiten?")
    assert answer.text.startswith(NO_LEAD)


def test_a_lead_that_copies_the_quote_layout_or_a_title_is_left_out() -> None:
    llm = ScriptedLLM("[1] (Gemeentewet, artikel 172a) Kan de burgemeester een woning sluiten? "
                      "Gemeentewet Artikel 172a [1].")
    answer = _assistant(FixedRetriever([source(1, PASSAGE)]), llm).ask_complete(
        "Kan de burgemeester een woning sluiten?")
    assert answer.text.startswith(NO_LEAD)
    assert any("geen eigen zin" in w for w in answer.warnings)


def test_a_lead_that_is_a_title_or_a_shortened_locator_is_left_out() -> None:
    from assistant.service import not_own_sentence

    labels = ["Verslag overlastmelding woning (fictief voorbeeld), Vervolg",
              "Wet tijdelijk huisverbod, artikel 2, eerste lid"]
    assert not_own_sentence("Verslag overlastmelding woning (fictief voorbeeld) [1]", labels)
    assert not_own_sentence("[1] (Wet tijdelijk huisverbod, artikel 2) Hoeveel dagen?", labels)
    assert not_own_sentence("Dat staat in (Wet tijdelijk huisverbod, artikel 2) [1].", labels)
    assert not_own_sentence("[2]", labels)
    assert not_own_sentence("<citaat>[1] (Wet tijdelijk huisverbod) Het verbod geldt tien dagen."
                            "</citaat>", labels)
    assert not not_own_sentence("Een huisverbod geldt tien dagen [1].", labels)
