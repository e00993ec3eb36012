"""Citation checker tables: valid, out of range, contradicting, fabricated quote."""

from __future__ import annotations

import pytest

from assistant.core.schema import Locator, Source
from guardrails.citations import check_citations, cited_numbers, split_sentences

SOURCES = [
    Source(rank=1, chunk_id="a", score=0.9, locator=Locator("gemeentewet.md", "Gemeentewet",
           article="172a", lid="6"),
           text="Het bevel geldt voor een door de burgemeester vast te stellen periode van ten "
                "hoogste drie maanden."),
    Source(rank=2, chunk_id="b", score=0.8, locator=Locator("huisverbod.md", "Wet tijdelijk "
           "huisverbod", article="2"),
           text="Een huisverbod geldt voor een termijn van tien dagen. De burgemeester kan het "
                "huisverbod verlengen tot ten hoogste vier weken."),
]


def test_a_supported_answer_has_no_warnings() -> None:
    report = check_citations(
        "Het bevel geldt ten hoogste drie maanden [1]. Een huisverbod geldt tien dagen [2].",
        SOURCES)
    assert report.cited == (1, 2)
    assert report.invalid == ()
    assert report.unsupported == ()
    assert report.warnings == ()


def test_an_out_of_range_citation_is_flagged() -> None:
    report = check_citations("Het bevel geldt ten hoogste drie maanden [7].", SOURCES)
    assert report.invalid == (7,)
    assert any("[7]" in w for w in report.warnings)


@pytest.mark.parametrize("sentence", [
    "Het bevel geldt voor ten hoogste zes maanden [1].",  # wrong number
    "Het bevel geldt niet voor een periode van drie maanden [1].",  # negation
    "Gemeenten moeten jaarlijks een integraal veiligheidsplan vaststellen [2].",  # unrelated
])
def test_a_sentence_that_its_source_does_not_support_is_flagged(sentence: str) -> None:
    report = check_citations(sentence, SOURCES)
    assert len(report.unsupported) == 1
    assert any("Niet onderbouwd" in w for w in report.warnings)


def test_a_fabricated_quote_is_flagged_and_a_real_one_is_not() -> None:
    real = check_citations('Er staat: "Een huisverbod geldt voor een termijn van tien dagen." [2]',
                           SOURCES)
    assert real.fabricated_quotes == ()
    fake = check_citations('Er staat: "Een huisverbod geldt voor een termijn van twintig dagen." '
                           "[2]", SOURCES)
    assert len(fake.fabricated_quotes) == 1
    assert any("letterlijk" in w for w in fake.warnings)


def test_an_answer_without_citations_gets_a_warning() -> None:
    report = check_citations("De burgemeester mag dat.", SOURCES)
    assert report.cited == ()
    assert report.warnings


def test_grouped_citations_and_sentence_split() -> None:
    assert cited_numbers("Zie [2, 1] en [1].") == [2, 1]
    assert split_sentences("Eén zin [1]. Tweede zin [2].\nDerde") == [
        "Eén zin [1].", "Tweede zin [2].", "Derde"]
