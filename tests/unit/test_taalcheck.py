"""Taalcheck: real Dutch Hunspell spelling, model proposals for sentence structure, per-suggestion
acceptance. The dictionary tests need the Debian package hunspell-nl (``make system-deps``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.llm.fake import ScriptedLLM
from assistant.taalcheck import (
    WORDLIST,
    Correction,
    SpellChecker,
    Taalcheck,
    TaalcheckUnavailable,
    TextRejected,
    _cached_checker,
    apply_corrections,
    diff_html,
    find_dictionary,
    parse_structure_reply,
)
from tests.fakes import RegexAnonymizer

PARAGRAPH = (
    "De burgemeestr is op grond van artikel 174a van de Gemeentewet bevoegd een woning te "
    "sluiten. Voor het evenement is geen vergunnig aangevraagd bij het college. De eigenaar van "
    "de hond heeft een waarschuwingsbrief ontvangen; bij herhaling volgt een aanlijn- en "
    "muilkorfgebod."
)
CORRECT = (
    "Op 14-02-2026 heeft [PERSOON-1] bij het Stadspark een melding gedaan. Volgens art. 2:59 "
    "APV en artikel 13b Opiumwet kan de burgemeester optreden. De raadsinformatiebrief over "
    "Damocles gaat naar de gemeenteraad van Heeze-Leende. [in te vullen: financiële dekking] "
    "De auto’s van de boa’s staan klaar. "
    "Zie www.overheid.nl of mail naar info@gemeente.nl. De RIEC-partners en de boa's zijn "
    "betrokken bij de hondenbeetincidenten en het evenementenvergunningbeleid."
)
MUNICIPAL_WORD = "Baakstraatfeest"


def _dictionary() -> Path:
    try:
        return find_dictionary()
    except TaalcheckUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="module")
def checker(tmp_path_factory: pytest.TempPathFactory) -> SpellChecker:
    own = tmp_path_factory.mktemp("woorden") / "eigen.txt"
    own.write_text(f"# eigen woorden\n{MUNICIPAL_WORD}\n", encoding="utf-8")
    return _cached_checker(_dictionary(), (WORDLIST, own))


@pytest.mark.slow
def test_known_misspellings_are_flagged_with_suggestions(checker: SpellChecker) -> None:
    found = {c.original: c for c in checker.check(PARAGRAPH)}
    assert set(found) == {"burgemeestr", "vergunnig"}
    assert found["burgemeestr"].replacement == "burgemeester"
    assert found["vergunnig"].replacement == "vergunning"
    c = found["vergunnig"]
    assert PARAGRAPH[c.start:c.end] == "vergunnig"


@pytest.mark.slow
def test_correct_text_placeholders_numbers_and_oov_words_are_not_flagged(
        checker: SpellChecker) -> None:
    assert checker.check(CORRECT) == []


@pytest.mark.slow
def test_word_lists_extend_the_dictionary(checker: SpellChecker) -> None:
    assert checker.is_correct(MUNICIPAL_WORD)
    assert [c.original for c in checker.check("Het Baakstraatfest is afgelast.")] == [
        "Baakstraatfest"]


@pytest.mark.slow
def test_compounds_of_known_words_pass_but_a_misspelled_part_does_not(
        checker: SpellChecker) -> None:
    assert checker.is_correct("hondenbeetincident")
    assert not checker.is_correct("hondenbeetincidnt")
    assert not checker.is_correct("evenementenvergunnig")


@pytest.mark.slow
def test_taalcheck_without_model_checks_spelling_only_and_anonymises(
        checker: SpellChecker) -> None:
    taalcheck = Taalcheck(RegexAnonymizer(), lambda: checker)
    result = taalcheck.run("De burgemeestr belde over BSN 123456789.")
    assert "123456789" not in result.text and "[BSN-1]" in result.text
    assert result.warnings and "BSN" in result.warnings[0]
    assert [c.original for c in result.corrections] == ["burgemeestr"]
    assert not result.structure_checked


@pytest.mark.slow
def test_taalcheck_with_model_adds_structure_suggestions(checker: SpellChecker) -> None:
    text = "Door de burgemeester is besloten dat de woning wordt gesloten."
    llm = ScriptedLLM(f"ORIGINEEL: {text}\nVOORSTEL: De burgemeester sluit de woning.\n"
                      "REDEN: actief in plaats van lijdend")
    result = Taalcheck(RegexAnonymizer(), lambda: checker, lambda: llm).run(text)
    assert result.structure_checked
    assert [c.kind for c in result.corrections] == ["zinsbouw"]
    assert text in llm.calls[0][1]["content"]
    assert apply_corrections(result.text, result.corrections)[0] == (
        "De burgemeester sluit de woning.")


def test_empty_and_long_texts_are_refused() -> None:
    taalcheck = Taalcheck(RegexAnonymizer(), lambda: pytest.fail("geen controle verwacht"),
                          max_chars=50)
    with pytest.raises(TextRejected, match="Plak eerst"):
        taalcheck.run("   ")
    with pytest.raises(TextRejected, match="maximum"):
        taalcheck.run("woord " * 20)


def test_missing_dictionary_gives_an_install_hint(tmp_path: Path) -> None:
    with pytest.raises(TaalcheckUnavailable, match="hunspell-nl"):
        find_dictionary(tmp_path / "nl")


TEXT = "De aanvraag wordt door de burgemeester beoordeeld. Het besluit volgt snel."


def test_structure_reply_is_parsed_only_for_sentences_that_exist() -> None:
    reply = ("ORIGINEEL: De aanvraag wordt door de burgemeester  beoordeeld.\n"
             "VOORSTEL: De burgemeester beoordeelt de aanvraag.\nREDEN: actieve zin\n\n"
             "ORIGINEEL: Deze zin staat er niet.\nVOORSTEL: Iets anders.\nREDEN: x\n"
             "ORIGINEEL: Het besluit volgt snel.\nVOORSTEL: Het besluit volgt snel.\n")
    found = parse_structure_reply(reply, TEXT)
    assert len(found) == 1
    c = found[0]
    assert (c.kind, c.reason) == ("zinsbouw", "actieve zin")
    assert TEXT[c.start:c.end] == "De aanvraag wordt door de burgemeester beoordeeld."
    assert parse_structure_reply("GEEN", TEXT) == []


def test_only_chosen_corrections_are_applied_and_overlaps_skipped() -> None:
    first = Correction(0, 50, TEXT[:50], "De burgemeester beoordeelt de aanvraag.", "zinsbouw")
    typo = Correction(26, 38, "burgemeester", "burgervader", "spelling")
    last = Correction(51, len(TEXT), TEXT[51:], "Het besluit komt snel.", "zinsbouw")
    text, skipped = apply_corrections(TEXT, [last, first, typo])
    assert text == "De burgemeester beoordeelt de aanvraag. Het besluit komt snel."
    assert skipped == 1
    assert apply_corrections(TEXT, [last])[0] == (
        "De aanvraag wordt door de burgemeester beoordeeld. Het besluit komt snel.")


def test_diff_marks_removed_and_added_words() -> None:
    html = diff_html("Het besluit volgt <snel>.", "Het besluit komt <snel>.")
    assert html == "Het besluit <del>volgt</del><ins>komt</ins> &lt;snel&gt;."
