"""Checks on free model text: loops stop, cut sentences go, leaked instructions go, and a number,
date, amount, article or name that no cited passage contains is caught."""

from __future__ import annotations

from guardrails.model_text import (
    RepetitionGuard,
    clean_model_text,
    complete_sentences,
    guarded_stream,
    invented,
)

PASSAGE = ("Gemeentewet — Artikel 172a, lid 1\nDe burgemeester kan een gebiedsverbod opleggen "
           "voor ten hoogste drie maanden. Het verbod kan ten hoogste twee keer worden verlengd.")


def test_repetition_guard_stops_a_loop_in_the_stream() -> None:
    sentence = "Het verbod geldt voor ten hoogste drie maanden [1]. "
    pieces = iter([w + " " for w in (sentence * 6).split()])
    guard = RepetitionGuard()
    out = "".join(guarded_stream(pieces, guard))
    assert guard.looping
    assert out.count("drie maanden") <= 2
    assert next(pieces, None) is not None  # the rest was never read


def test_repetition_guard_lets_different_sentences_through() -> None:
    guard = RepetitionGuard()
    text = ("De burgemeester kan een gebiedsverbod opleggen [1]. Het verbod kan worden verlengd "
            "[1]. Daarvoor geldt een termijn [2].")
    assert not any(guard.feed(w + " ") for w in text.split())


def test_a_cut_off_sentence_is_dropped_not_shown_half() -> None:
    assert complete_sentences("Het verbod geldt drie maanden [1]. De burgemeester kan het ver") \
        == "Het verbod geldt drie maanden [1]."
    assert complete_sentences("Het verbod geldt drie maanden [1].") == \
        "Het verbod geldt drie maanden [1]."


def test_an_invented_number_is_flagged_and_removed() -> None:
    raw = ("De burgemeester kan een gebiedsverbod opleggen voor ten hoogste drie maanden [1]. "
           "Het verbod kan zes keer worden verlengd [1]. Een overtreding kost € 400 [1].")
    cleaned = clean_model_text(raw, allowed=PASSAGE)
    assert "drie maanden" in cleaned.text
    assert "zes" not in cleaned.text and "400" not in cleaned.text
    assert any("zes" in w for w in cleaned.warnings)
    assert any("€ 400" in w for w in cleaned.warnings)


def test_invented_articles_dates_and_names_are_caught() -> None:
    assert invented("Dat staat in artikel 174 [1].", PASSAGE) == ["artikel 174"]
    assert invented("Dat staat in artikel 172a [1].", PASSAGE) == []
    assert invented("Het besluit is van 3 maart 2024 [1].", PASSAGE) == ["3 maart 2024"]
    assert invented("Dit zegt de burgemeester van Utrecht [1].", PASSAGE) == ["Utrecht"]


def test_leaked_instructions_and_refusals_are_removed() -> None:
    instructions = ["Zet na elke zin het nummer van het citaat waar die zin op steunt, zoals [1]."]
    raw = ("De burgemeester kan een gebiedsverbod opleggen [1]. Zet na elke zin het nummer van "
           "het citaat [1]. Dit staat niet in de beschikbare documenten.")
    cleaned = clean_model_text(raw, allowed=PASSAGE, instructions=instructions,
                               refusal_markers=("staat niet in de",))
    assert cleaned.text == "De burgemeester kan een gebiedsverbod opleggen [1]."


def test_a_sentence_copied_from_a_quote_gets_its_number_back() -> None:
    from guardrails.model_text import attach_citations

    passages = [(1, "Het verbod geldt voor een periode van tien dagen."),
                (3, "De burgemeester kan een huisverbod verlengen tot ten hoogste vier weken.")]
    text = "Het verbod geldt tien dagen. De burgemeester kan het verlengen tot vier weken."
    assert attach_citations(text, passages) == (
        "Het verbod geldt tien dagen [1]. De burgemeester kan het verlengen tot vier weken [3].")
    assert attach_citations("Iets heel anders hier.", passages) == "Iets heel anders hier."


def test_quote_numbers_become_source_numbers_even_when_split_over_pieces() -> None:
    from guardrails.model_text import renumbered

    pieces = ["Het verbod geldt tien dagen [", "2", "]. Verlengen kan [1, ", "3].", " [9]"]
    assert "".join(renumbered(pieces, {1: 4, 2: 1, 3: 4})) == (
        "Het verbod geldt tien dagen [1]. Verlengen kan [4]. [9]")


def test_a_sentence_that_only_repeats_the_question_is_removed() -> None:
    question = "Hoe lang mag een bestuurlijke ophouding van een groep maximaal duren?"
    raw = ("Een bestuurlijke ophouding van een groep mag maximaal duren [1]. "
           "Dat is ten hoogste twaalf uren [1].")
    cleaned = clean_model_text(raw, allowed="met een maximum van twaalf uren",
                               question=question)
    assert cleaned.text == "Dat is ten hoogste twaalf uren [1]."


def test_a_model_sentence_with_a_misspelled_word_is_dropped() -> None:
    from guardrails.model_text import misspelled_dropped

    dictionary = {"de", "politie", "trof", "een", "auto", "aan", "het", "verbod", "geldt",
                  "tien", "dagen"}
    text = "De politie troft een auto aan [1]. Het verbod geldt tien dagen [2]."
    kept, dropped = misspelled_dropped(text, known="", is_word=lambda w: w.lower() in dictionary)
    assert dropped == 1
    assert kept == "Het verbod geldt tien dagen [2]."


def test_a_word_from_the_sources_is_never_a_spelling_error() -> None:
    from guardrails.model_text import misspelled_dropped

    text = "De Damoclesbeleidsregel geldt [1]."
    kept, dropped = misspelled_dropped(text, known="De Damoclesbeleidsregel van Barneveld",
                                       is_word=lambda w: w.lower() in {"de", "geldt"})
    assert (kept, dropped) == (text, 0)
