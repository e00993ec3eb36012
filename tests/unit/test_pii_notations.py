"""Identifiers in the notations people use: Unicode separators, lower case, spaces, unknown
prefixes, names known only from their context. Each value must be gone from the redacted text."""

from __future__ import annotations

import pytest

from ingest.anonymize import PresidioAnonymizer
from ingest.recognizers.normalise import normalise


def test_normalise_keeps_length_and_maps_separators_and_digits() -> None:
    text = "06\u201112\u00a034\u202f56 78 \uff11\uff12 \u0663 \u2013 Jan"
    out = normalise(text)
    assert len(out) == len(text)
    assert out == "06-12 34 56 78 12 3 - Jan"


def test_normalise_reads_a_digit_between_lower_case_letters_as_the_letter() -> None:
    text = "de heer Kowa1czyk en mw. Ro0s; code A1B, nr 10a, 3x0"
    assert normalise(text) == "de heer Kowalczyk en mw. Roos; code A1B, nr 10a, 3x0"


@pytest.mark.parametrize("text", [
    "De vergunning is verleend op 12 maart 2025 en geldt tot 1 mars 2026.",
    "Openingstijden: ma t/m vr 09.00-17.00, 12 mars gesloten.",
    "De Opiumwet is gewijzigd bij wet van 12 mei 1987.",
    "Het gebeurde at random op het plein; zie www.gemeente.nl of de plaat bij de ingang.",
    "Zie bijlage nr. 3 en artikel nummer 12 van het Handboek nr 4.",
    "Het besluit APV 2024 treedt in werking; Besluit nr. 2024/12 van de raad.",
    "Kenmerk voorstel\n\n18-12-2017Nieuwe regeling",
    "De dochter 2006-2010 woonde daar.",
])
def test_dates_that_are_no_birth_stay(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert anonymizer.redact([text]).texts[0] == text


def test_a_recent_date_after_a_date_of_birth_stays(anonymizer: PresidioAnonymizer) -> None:
    out = anonymizer.redact(["Betrokkene: Piet Jansen, geboren 12-03-1980, sinds 01-06-2024 "
                             "in beeld; dus 12 maart 1980."]).texts[0]
    assert "12-03-1980" not in out and "12 maart 1980" not in out and "01-06-2024" in out


def test_a_name_with_a_digit_read_for_a_letter_is_removed(anonymizer: PresidioAnonymizer) -> None:
    redacted = anonymizer.redact(["Ik heb de heer Kowa1czyk telefonisch gesommeerd."]).texts[0]
    assert "Kowa1czyk" not in redacted and "gesommeerd" in redacted


@pytest.mark.parametrize(("text", "value"), [
    # dates of birth: months in the languages of the people concerned, curly apostrophes,
    # eight figures in a row, a letter O read for a zero, a label ending in an ellipsis
    ("urodzony 12 marca 1987 w Krakowie", "12 marca 1987"),
    ("Doğum tarihi: 12 Mart 1987", "12 Mart 1987"),
    ("geboren am 12. März 1987 in Köln", "12. März 1987"),
    ("née le 3 août 1990 à Lille", "3 août 1990"),
    ("fecha de nacimiento: 12 de marzo de 1987", "12 de marzo de 1987"),
    ("Date of birth: March 12, 1987", "March 12, 1987"),
    ("geb. 12-03-’87, wonend te Ede", "12-03-’87"),
    ("Geb.: 12031987", "12031987"),
    ("Geboren: 17-O9-1979 te Utrecht", "17-O9-1979"),
    ("Geboortedatum…: 12-03-1987", "12-03-1987"),
    # e-mail addresses with spaces around @ and the dots, or AT and DOT; a plate by "plaat"
    ("mail j.smit @ hotmail . com als u vragen hebt", "hotmail"),
    ("mail: jansmit AT ziggo DOT nl", "jansmit"),
    ("Turkse plaat 34 ABC 123 stond op de stoep.", "34 ABC 123"),
    # a date of birth spaced out by a scan, a two-digit year after "geb." or in brackets, a
    # Ukrainian month, the same date restated, six figures under a birth heading
    ("Geboortedatum ......... 2 9 - 0 6 - 2 0 0 3", "2 9 - 0 6"),
    ("Vriendin: Shakira, geb. '05, zwanger.", "'05"),
    ("| 13b-2024-004 | Prinsesselaan 58 a | Soufiane B. ('02) | art. 13b |", "'02"),
    ("- geboren 9 листопада 1978, zei ze, dus 9 nov 1978", "9 nov 1978"),
    ("Geboortedatum: 17 Ağustos 1984 (vertaling: 17 augustus 1984)", "17 augustus 1984"),
    ("- geboren 9 nov 1978 - dochter 2006", "2006"),
    ("| Naam | Geb. | Kenteken |\n|---|---|---|\n| Yilmaz, E. | 040201 | onbekend |", "040201"),
    # a plate with spaces in lower case after other words, codes with spaces after a case word
    ("kenteken lees ik als k 802 rt?? of is dat een R", "802"),
    ("in beslag genomen onder beslagnr. BS 24/0117. Daarna", "24/0117"),
    ("Onderwerp: RE: info / uw ref. IKN-ZWB 24.0388", "24.0388"),
    ("Zaak: 2025-HOR-0219        Bibob-dossier: BB 25/044", "25/044"),
    ("(hun kenmerk NLA/24/ 00 77 31) en SNF.", "00 77 31"),
    ("sluiting is besloten, kenmerk D&R/13b/2024.006", "2024.006"),
    ("besluit OOV/13b/23-044 d.d. 12-09-2023, sluiting", "OOV/13b/23-044"),
    # case numbers after a shortened keyword, with spaces, or after a hash sign
    ("registratienr.: MZO 24 0391", "MZO 24 0391"),
    ("Zie meldingsnummer #45123 in het systeem.", "45123"),
    # "nr." or "no" between street and house number
    ("Hij woont op de Kerkstraat nr. 12 sinds maart.", "Kerkstraat nr. 12"),
    ("De melder woont aan de Dorpsweg no 3.", "Dorpsweg no 3"),
    ("Bel mij op 06\u201128193746 na vijf uur.", "06\u201128193746"),
    ("Telefoon: 06\u00a04127\u00a08830.", "06\u00a04127\u00a08830"),
    ("Mobiel +31\u00a0(0)6\u2013 4127 8830 bereikbaar.", "4127 8830"),
    ("BSN\u00a0948\u00a0090\u00a0169 staat in het dossier.", "948\u00a0090\u00a0169"),
    ("Rekening nl20 ingb 0001 2345 67 van de huurder.", "nl20 ingb 0001 2345 67"),
    ("Adres: Molenweg 3, 8263 ab Kampen.", "8263 ab"),
    ("Het voertuig met kenteken 4 TFV 81 stond fout.", "4 TFV 81"),
    ("De auto (gbn47r) reed met hoge snelheid weg.", "gbn47r"),
    ("Daarna kwam de scooter k-482-lp de straat in.", "k-482-lp"),
    ("Geboortedatum: 1985-11-23.", "1985-11-23"),
    ("Mutatie 20260312-1044 is aangemaakt.", "20260312-1044"),
    ("BVH 2026041512 is bijgewerkt.", "2026041512"),
    ("Melding M2026-00871 kwam via de website binnen.", "M2026-00871"),
    ("Het besluit in zaak 13B-2026-004 is verzonden.", "13B-2026-004"),
    ("Uw brief met nummer QX26.01234 is ontvangen.", "QX26.01234"),
])
def test_structured_identifiers_in_other_notations_are_removed(
        anonymizer: PresidioAnonymizer, text: str, value: str) -> None:
    redacted = anonymizer.redact([text]).texts[0]
    assert value not in redacted


@pytest.mark.parametrize(("text", "names"), [
    ("Melder J. (Jan) Vermeulen belde om tien uur.", ["Jan", "Vermeulen"]),
    ("Betrokkene A. (Aisha) Oumarou woont hier al jaren.", ["Aisha", "Oumarou"]),
    ("Kavrendo (geb. 3-4-1987) werd aangehouden.", ["Kavrendo"]),
    ("Beste Talussi,\n\nIk stuur u de stukken.", ["Talussi"]),
    ("Met vriendelijke groet,\n\nMerivan Oskaldo\nteam Handhaving", ["Merivan", "Oskaldo"]),
    ("De verdachte, genaamd Dravko Lenissi, ontkende.", ["Dravko", "Lenissi"]),
])
def test_names_in_no_lexicon_are_found_by_their_person_context(
        anonymizer: PresidioAnonymizer, text: str, names: list[str]) -> None:
    redacted = anonymizer.redact([text]).texts[0]
    assert not [n for n in names if n in redacted]


@pytest.mark.parametrize("text", [
    "Op grond van artikel 174a Gemeentewet kan de burgemeester een woning sluiten.",
    "Ref. 2027/B/44 in de begroting van 2027.",
    "De melding van 18-04-2026 is doorgezet naar de wijkagent.",
    "Het gebied rond de Grote Markt valt onder het cameratoezicht.",
    "De postcode 3511 wijk en het jaar 2026 en verder.",
])
def test_policy_text_keeps_its_words(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert anonymizer.redact([text]).texts[0] == text


@pytest.mark.parametrize(("text", "value"), [
    ("Aanwezig: J. Jansen, 03-04-1987, en zijn broer.", "03-04-1987"),
    ("Betrokkene Kavrendo Talussi (1987-04-03) is bekend bij de politie.", "1987-04-03"),
    ("| mevrouw P. Kaya | 3 april 1990 | Deventer |", "3 april 1990"),
])
def test_a_date_right_after_a_name_is_a_date_of_birth(
        anonymizer: PresidioAnonymizer, text: str, value: str) -> None:
    assert value not in anonymizer.redact([text]).texts[0]


@pytest.mark.parametrize(("text", "value"), [
    ("Verdachte Kavrendo Talussi (1994) en zijn zus waren aanwezig.", "1994"),
    ("Betrokkene: mevrouw D. Oumarou (° 1988), moeder van twee kinderen.", "1988"),
    ("Melder Aisha Oumarou, geb. 1979, belde opnieuw.", "1979"),
])
def test_a_year_of_birth_given_with_a_name_is_removed(
        anonymizer: PresidioAnonymizer, text: str, value: str) -> None:
    assert value not in anonymizer.redact([text]).texts[0]


@pytest.mark.parametrize("text", [
    "Het plan (2024) loopt tot en met 2026.",
    "In 1994 is de Opiumwet gewijzigd.",
    "De burgemeester (2019) heeft het besluit genomen.",
])
def test_a_year_without_a_name_stays(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert anonymizer.redact([text]).texts[0] == text


def test_a_recent_date_after_a_name_is_the_date_of_a_letter(
        anonymizer: PresidioAnonymizer) -> None:
    import datetime as dt

    from assistant.core.protocols import Finding
    from ingest.recognizers.person_dates import birth_dates_after_names

    text = "mevrouw Jansen, 3 maart 2026"
    name = Finding("PERSOON", 8, 14, 0.9, "test")
    assert birth_dates_after_names(text, [name], today=dt.date(2026, 12, 4)) == []
    older = "mevrouw Jansen, 3 maart 1976"
    assert [f.entity_type for f in birth_dates_after_names(older, [name])] == ["GEBOORTEDATUM"]


def test_a_name_found_once_is_replaced_everywhere_also_alone_and_possessive(
        anonymizer: PresidioAnonymizer) -> None:
    text = ("De heer Kavrendo Talussi meldde overlast. Later belde Kavrendo terug. "
            "Talussis auto stond op de stoep en Kavrendo's scooter ook.")
    redacted = anonymizer.redact([text]).texts[0]
    assert "Kavrendo" not in redacted and "Talussi" not in redacted


@pytest.mark.parametrize(("text", "value"), [
    # birth dates in the notations people use, without the keyword the old rules needed
    ("Geb. 12 mrt. '87 te Rabat.", "12 mrt. '87"),
    ("Emre Kaya (31 jaar, geb 14/07/92) werd aangehouden.", "14/07/92"),
    ("DOB 1992-07-14, nationaliteit onbekend.", "1992-07-14"),
    ("Betrokkene (° 14 juli 1992) verbleef in het pand.", "14 juli 1992"),
    ("Betrokkene is geboren in 1987.", "1987"),
    ("Leeftijd: 34 (14-07-1992)", "14-07-1992"),
    # foreign plates after a nationality or the word kenteken
    ("Een Duitse auto HH-AB 1234 reed door rood.", "HH-AB 1234"),
    ("De Poolse bus WZ 12345 stond op de stoep.", "WZ 12345"),
    ("Belgische wagen met kenteken 1-ABC-234 geparkeerd.", "1-ABC-234"),
    # an e-mail address written to fool spam robots
    ("Mail mij op j.jansen[at]gmail.com of piet (at) ziggo (dot) nl.", "j.jansen[at]gmail.com"),
    ("Mail mij op j.jansen[at]gmail.com of piet (at) ziggo (dot) nl.", "piet (at) ziggo (dot) nl"),
])
def test_birth_dates_foreign_plates_and_hidden_addresses_are_removed(
        anonymizer: PresidioAnonymizer, text: str, value: str) -> None:
    assert value not in anonymizer.redact([text]).texts[0]


@pytest.mark.parametrize("text", [
    "De Wet van 14 februari 1992 is gewijzigd bij besluit van 3 maart 1998.",
    "Gelet op het Verdrag (Trb. 1963, 81) en de Drankwet (*Stb.* 1931, 476).",
    "In 1987 geboren kinderen vallen onder de regeling.",
    "Het incident met de Duitse toerist vond plaats bij paal 12 om 14.30 uur.",
])
def test_dates_of_law_and_cohorts_stay(anonymizer: PresidioAnonymizer, text: str) -> None:
    labels = {f.entity_type for f in anonymizer.find(text)}
    assert not labels & {"GEBOORTEDATUM", "KENTEKEN"}


@pytest.mark.parametrize(("text", "value"), [
    # a letter O typed (or read by OCR) for a zero inside a number
    ("BSN 1O3 456 782 volgens de brief.", "1O3 456 782"),
    ("Op rekening NL55 RABO O309 1122 33 gestort.", "O309 1122 33"),
    # but a bank code split by a space keeps its letter O ("TRI O362" is TRIO)
    ("Overgemaakt naar NL15 TRI O362 314 376 8 ten name van de huurder.", "TRI O362"),
    # a mistyped BSN in the official grouping, after the word BSN
    ("BSN 171 239 487 van de uithuisgeplaatste.", "171 239 487"),
    ("Burgerservicenummer 318.294.751 (niet geverifieerd).", "318.294.751"),
    # a case number with its system's prefix and a space
    ("De casus ZVH 2026/1142 is besproken.", "2026/1142"),
    # an account number whose checksum fails, written as people write IBANs
    ("Betaald € 350 op NL44 BUNQ 2291 4407 63, maar de fiets was gestolen.",
     "NL44 BUNQ 2291 4407 63"),
    # a birth date with the keyword after it, and under a label in another language
    ("12 mrt. '87 is niet mijn geboortedatum, dat is die van mijn broer.", "12 mrt. '87"),
    ("Data nașterii: 09.09.1996", "09.09.1996"),
    # report numbers in a column headed "Melding"
    ("Melding | Datum | Status\n2026-0871 | 02-11 | afgehandeld\n", "2026-0871"),
])
def test_look_alike_digits_and_grouped_numbers_are_removed(
        anonymizer: PresidioAnonymizer, text: str, value: str) -> None:
    assert value not in anonymizer.redact([text]).texts[0]
