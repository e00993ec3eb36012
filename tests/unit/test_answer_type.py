"""Which questions ask for an amount of money, and which texts state one."""

from __future__ import annotations

import pytest

from assistant.answer_type import asks_for_amount, names_an_amount


@pytest.mark.parametrize("question", [
    "Wat kost een evenementenvergunning?",
    "Hoeveel hondenbelasting betaalt iemand voor een tweede hond?",
    "Hoeveel leges vraagt de gemeente voor een exploitatievergunning?",
    "Hoe hoog is de bestuurlijke boete voor wildplassen?",
    "Wat is het hoogste bedrag van een overlastboete?",
    "Welk bedrag moet een organisator betalen?",
])
def test_cost_questions_ask_for_an_amount(question: str) -> None:
    assert asks_for_amount(question)


@pytest.mark.parametrize("question", [
    "Hoeveel dagen geldt een huisverbod?",
    "Wie betaalt de kosten van het cameratoezicht, de gemeente of de politie?",
    "Wanneer kan de burgemeester een woning sluiten?",
    "Hoe hoog mag een hek bij een evenement zijn?",
])
def test_other_questions_do_not(question: str) -> None:
    assert not asks_for_amount(question)


@pytest.mark.parametrize("text", [
    "De boete bedraagt € 60.", "een bedrag van 2.250 euro", "leges EUR 125",
    "f 25,- per jaar", "een geldboete van de tweede categorie",
])
def test_amounts_in_the_notations_of_regulations(text: str) -> None:
    assert names_an_amount([text])


def test_numbers_that_are_no_amounts() -> None:
    assert not names_an_amount(["Het verbod geldt tien dagen, artikel 2:59 lid 3, 500 bezoekers."])
