"""The safety net: identifier-shaped numbers that no typed recognizer claims are still removed,
and numbers that are plainly not about a person (dates, amounts, tables, law references) stay."""

from __future__ import annotations

import pytest

from ingest.anonymize import PresidioAnonymizer


@pytest.fixture(scope="module")
def anonymizer() -> PresidioAnonymizer:
    return PresidioAnonymizer(use_deduce=False)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # a BSN that fails the 11-check, without any keyword
        ("Hij gaf als nummer 123456788 op bij de balie.", "123456788"),
        # a customer number from an energy company
        ("Het klantnummer 400.1234.567 staat op de factuur.", "400.1234.567"),
        # a passport number: letters and digits, no keyword the typed recognizers know
        ("Zij toonde document NXC4R1P82 aan de agent.", "NXC4R1P82"),
        # a membership code in lower case, with no case word before it
        ("Zijn lidmaatschap ab-7720391 is opgezegd.", "ab-7720391"),
        # a long number written in groups with spaces
        ("Pasnummer 6064 3398 1120 is geblokkeerd.", "6064 3398 1120"),
    ],
)
def test_identifier_shaped_numbers_are_removed(
    anonymizer: PresidioAnonymizer, text: str, value: str
) -> None:
    out = anonymizer.redact([text]).texts[0]
    assert value not in out
    assert "[" in out


@pytest.mark.parametrize(
    "text",
    [
        "Het incident vond plaats op 18-04-2026 22:15 uur in de binnenstad.",
        "De bijdrage aan de veiligheidsregio is 2.031.450 in 2026.",
        "Cameratoezicht 412 398 405",
        "Het budget bedraagt € 1250000 per jaar.",
        "Zie Kamerstukken II 2008/09, 31467, nr. 3 en Stb. 2010, 1234567.",
        "Bel de politie op 0900-8844 als er geen spoed is.",
        "De periode 2019-2022 is geëvalueerd, artikelen 147-154b en 172-176a Gemeentewet.",
        "Op grond van richtlijn 91/477/EEG en verordening (EU) 2016/679 geldt het volgende.",
        "Het Kaderbesluit nr. 2009/315/JBZ is omgezet.",
        "Gemeenteblad 2021, gmb-2021-332496, ECLI:NL:RVS:2021:1234.",
        "De stof 3,4-dichloor-N-methylbenzamide staat op lijst I.",
        "Betaling op rekening NL12 BNGH 0285 0011 70 ten name van de gemeente.",
        "ivp land van cuijk 2023 2026",  # a plan's period, dashes of its file name as spaces
    ],
)
def test_numbers_that_are_not_about_a_person_stay(
    anonymizer: PresidioAnonymizer, text: str
) -> None:
    findings = anonymizer.find(text)
    assert [f for f in findings if f.entity_type == "NUMMER"] == []
