"""Per-recognizer tables: what each Dutch recognizer must find, and what it must leave alone.

These run the real Presidio analyser with Baken's pattern recognizers but without deduce
(deduce's names are covered in tests/integration/test_anonymize_persons.py).
"""

from __future__ import annotations

import pytest

from assistant.core.protocols import AnonymizationError
from ingest.anonymize import PresidioAnonymizer


@pytest.fixture(scope="module")
def analyzer() -> PresidioAnonymizer:
    return PresidioAnonymizer(use_deduce=False)


def found(analyzer: PresidioAnonymizer, text: str) -> set[tuple[str, str]]:
    return {(f.entity_type, text[f.start : f.end]) for f in analyzer.find(text)}


def covered(analyzer: PresidioAnonymizer, text: str, value: str) -> bool:
    start = text.index(value)
    end = start + len(value)
    return any(f.start < end and start < f.end for f in analyzer.find(text))


POSITIVE = [
    # (label, text, value that must be found exactly)
    ("BSN", "BSN 111222333 van de bewoner", "111222333"),
    ("BSN", "burgerservicenummer 1922.85.142", "1922.85.142"),
    ("BSN", "BSN: 187 891 151", "187 891 151"),
    ("BSN", "nummer 162275869 staat in het dossier", "162275869"),
    ("IBAN", "rekening NL91ABNA0417164300", "NL91ABNA0417164300"),
    ("IBAN", "IBAN NL91 ABNA 0417 1643 00 t.n.v.", "NL91 ABNA 0417 1643 00"),
    ("IBAN", "Belgische rekening BE49 3776 0267 5335.", "BE49 3776 0267 5335"),
    ("TELEFOON", "bel 06-12345678 voor", "06-12345678"),
    ("TELEFOON", "tel. 0612345678", "0612345678"),
    ("TELEFOON", "mobiel +31 6 48 27 19 03.", "+31 6 48 27 19 03"),
    ("TELEFOON", "telefoon (070) 345 67 89", "(070) 345 67 89"),
    ("TELEFOON", "via +31 (0)15 214 87 65 of", "+31 (0)15 214 87 65"),
    ("TELEFOON", "bereikbaar op 0031 20 1234567", "0031 20 1234567"),
    ("TELEFOON", "kantoor 0570-612345", "0570-612345"),
    ("TELEFOON", "in Brussel: +32 2 123 45 67", "+32 2 123 45 67"),
    ("TELEFOON", "bel de wijkagent (06-12345678) of", "06-12345678"),
    ("TELEFOON", "tel. (0591) 12 34 56.", "(0591) 12 34 56"),
    ("EMAIL", "mail naar f.elamrani@voorbeeldmail.nl graag", "f.elamrani@voorbeeldmail.nl"),
    ("EMAIL", "Van: R.Sewdien@politie.nl", "R.Sewdien@politie.nl"),
    ("POSTCODE", "7311 AB Apeldoorn", "7311 AB"),
    ("POSTCODE", "Postbus 9000, 7300DA Apeldoorn", "7300DA"),
    ("POSTCODE", "postcode 3511ab", "3511ab"),
    ("KENTEKEN", "kenteken AB-12-34", "AB-12-34"),  # side code 1
    ("KENTEKEN", "auto 12-34-AB", "12-34-AB"),  # 2
    ("KENTEKEN", "auto 12-AB-34", "12-AB-34"),  # 3
    ("KENTEKEN", "auto XR-67-TF", "XR-67-TF"),  # 4
    ("KENTEKEN", "auto GB-DF-12", "GB-DF-12"),  # 5
    ("KENTEKEN", "auto 12-BR-TX", "12-BR-TX"),  # 6
    ("KENTEKEN", "auto 12-BRT-3", "12-BRT-3"),  # 7
    ("KENTEKEN", "auto 3-KLN-27", "3-KLN-27"),  # 8
    ("KENTEKEN", "auto GT-409-K", "GT-409-K"),  # 9
    ("KENTEKEN", "scooter D-123-FG", "D-123-FG"),  # 10
    ("KENTEKEN", "bus VGR-45-P", "VGR-45-P"),  # 11
    ("KENTEKEN", "auto K-12-BGT", "K-12-BGT"),  # 12
    ("KENTEKEN", "auto 5-TV-123", "5-TV-123"),  # 13
    ("KENTEKEN", "auto 112-XB-6", "112-XB-6"),  # 14
    ("KENTEKEN", "kenteken 12brt3", "12brt3"),
    ("KENTEKEN", "kenteken 12-brt-3", "12-brt-3"),
    ("KVK", "KvK 58214406", "58214406"),
    ("KVK", "KvK-nummer: 80342117", "80342117"),
    ("KVK", "ingeschreven bij de Kamer van Koophandel onder nummer 71234589", "71234589"),
    ("GEBOORTEDATUM", "geboren op 12-05-1984", "12-05-1984"),
    ("GEBOORTEDATUM", "geb. 3 maart 1990", "3 maart 1990"),
    ("GEBOORTEDATUM", "geboortedatum: 1990-11-23", "1990-11-23"),
    ("ZAAKNUMMER", "Zaaknummer: Z-2026-00417", "Z-2026-00417"),
    ("ZAAKNUMMER", "zaak Z/26/004417 is", "Z/26/004417"),
    ("ZAAKNUMMER", "Ons kenmerk: OOV/2026/0147", "OOV/2026/0147"),
    ("ZAAKNUMMER", "geregistreerd onder PL0600-2026048812.", "PL0600-2026048812"),
    ("ZAAKNUMMER", "dossiernummer D-2026-0088", "D-2026-0088"),
    ("ZAAKNUMMER", "Registratienummer politie 2026118734", "2026118734"),
    ("ADRES", "woonachtig Kerkstraat 27b te Zwolle", "Kerkstraat 27b"),
    ("ADRES", "aan de Lindelaan 14, 7311 AB Apeldoorn", "Lindelaan 14, 7311 AB"),
    ("ADRES", "café aan de Markt 3.", "Markt 3"),
    ("ADRES", "Brink 7 in Deventer", "Brink 7"),
    ("ADRES", "de woning aan de Dijk 44 A. Volgens", "Dijk 44 A"),
    ("ADRES", "aan de Burgemeester de Withstraat 12-III", "Burgemeester de Withstraat 12-III"),
    ("ADRES", "Laan van Meerdervoort 241", "Laan van Meerdervoort 241"),
    ("ADRES", "ingeschreven op 's-Gravendijkwal 120, Rotterdam", "'s-Gravendijkwal 120"),
    ("PERSOON", "mevrouw Fatima el Amrani belde", "Fatima el Amrani"),
    ("PERSOON", "contactpersoon is de heer P. de Vries (telefoon", "P. de Vries"),
    ("PERSOON", "getekend J.H.M. Bakker", "J.H.M. Bakker"),
    ("PERSOON", "Geachte heer Wiśniewski,", "Wiśniewski"),
    ("PERSOON", "dhr. Yılmaz is de leidinggevende", "Yılmaz"),
    ("PERSOON", "Verdachte: JANSEN, Pieter, geboren", "JANSEN, Pieter"),
    ("PERSOON", "mevrouw Carla Dekker-Veenstra", "Carla Dekker-Veenstra"),
    ("BEDRIJF", "overlast bij café De Gouden Leeuw aan de", "De Gouden Leeuw"),
    ("BEDRIJF", "coffeeshop The Jolly Joker", "The Jolly Joker"),
    ("BEDRIJF", "eigenaar Vastgoed Noord B.V. (KvK", "Vastgoed Noord B.V."),
    ("BEDRIJF", "shishalounge 'Layalina' aan", "Layalina"),
]


@pytest.mark.parametrize(("label", "text", "value"), POSITIVE,
                         ids=[f"{p[0]}:{p[2]}" for p in POSITIVE])
def test_recognizer_finds(analyzer: PresidioAnonymizer, label: str, text: str, value: str) -> None:
    assert (label, value) in found(analyzer, text)


NEGATIVE = [
    # (what must stay, in its text)
    ("123.456.789", "Een bedrag van € 123.456.789 voor de begroting."),
    ("0800-2000", "Veilig Thuis is bereikbaar op 0800-2000."),
    ("14 055", "Telefoonnummer van de gemeente: 14 055."),
    ("01-02-2024", "Vergadering op 01-02-2024 12:00 uur."),
    ("artikel 2:24", "Op grond van artikel 2:24 APV is een vergunning nodig."),
    ("artikel 172a", "De burgemeester kan op grond van artikel 172a Gemeentewet een bevel geven."),
    ("13b", "artikel 13b van de Opiumwet"),
    ("1 januari 2022", "Deze verordening treedt in werking op 1 januari 2022."),
    ("14 september 2021", "zoals vastgesteld op 14 september 2021."),
    ("12 november 2024", "Het beleid is vastgesteld bij besluit van 12 november 2024."),
    ("Apeldoorn", "In 2024 werd deze bevoegdheid in Apeldoorn 12 keer toegepast."),
    ("Barneveld", "Damoclesbeleid gemeente Barneveld 2024"),
    ("Rotterdam 2024", "Het veiligheidsplan gemeente Rotterdam 2024 is vastgesteld."),
    ("Hoofdstuk 3", "Zie Hoofdstuk 3 en Bijlage 2 van de APV."),
    ("Merelstraat", "Overlast bij de speeltuin aan de Merelstraat in Heeze."),
    ("1994 EN", "WEGENVERKEERSWET 1994 EN BIJLAGEN"),
    ("12-05-84", "brief van 12-05-84"),
    ("A. Inleiding", "Bijlage A. Inleiding"),
    ("burgemeester", "Geachte mevrouw de burgemeester,"),
    ("Openbare Orde", "medewerker Openbare Orde en Veiligheid"),
    ("café of restaurant", "een café of restaurant mag open tot 01:00 uur"),
    ("2021/55863", "Staatsblad 2021/55863"),
    ("1.245,00", "De kosten bedragen € 1.245,00 per overtreding."),
]


@pytest.mark.parametrize(("value", "text"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_recognizer_leaves_alone(analyzer: PresidioAnonymizer, value: str, text: str) -> None:
    assert not covered(analyzer, text, value)


#: Not valid as their type (a checksum fails, no such area code), yet typed by a person about a
#: person: anonymisation fails closed and removes them, as the safety net's NUMMER at least.
INVALID_BUT_REMOVED = [
    ("111222334", "BSN 111222334 (fout overgetypt)"),  # fails the 11-proef
    ("1234567890", "Hij noemde het nummer 1234567890 maar dat bestaat niet."),
    ("0123456789", "Het nummer 0123456789 heeft geen geldig netnummer."),
    ("NL91ABNA0417164301", "rekening NL91ABNA0417164301"),  # checksum fails
]


@pytest.mark.parametrize(("value", "text"), INVALID_BUT_REMOVED,
                         ids=[n[0] for n in INVALID_BUT_REMOVED])
def test_invalid_numbers_are_removed_all_the_same(
    analyzer: PresidioAnonymizer, value: str, text: str
) -> None:
    assert value not in analyzer.redact([text]).texts[0]


def test_context_word_lifts_a_weak_match(analyzer: PresidioAnonymizer) -> None:
    """A lower-case postcode counts only where the word postcode, an address or a place name
    shows it is one."""
    assert ("POSTCODE", "3511ab") in found(analyzer, "Haar postcode is 3511ab.")
    assert not any(label == "POSTCODE" for label, _ in found(analyzer, "Code 3511ab."))


def test_custom_pattern_from_settings() -> None:
    custom = PresidioAnonymizer([("ZAAKNUMMER", r"GEM-\d{6}"), ("PERSONEELSNR", r"P\d{5}")],
                                use_deduce=False)
    text = "Zie GEM-123456; behandelaar P12345."
    assert found(custom, text) >= {("ZAAKNUMMER", "GEM-123456"), ("PERSONEELSNR", "P12345")}
    assert "eigen:" in custom.version


@pytest.mark.parametrize("pairs", [[("zaak", r"Z\d+")], [("ZAAK", r"Z(\d+")], [("ZAAK", r"x*")]],
                         ids=["lower-case label", "broken regex", "matches empty text"])
def test_invalid_custom_pattern_is_refused(pairs: list[tuple[str, str]]) -> None:
    with pytest.raises(AnonymizationError):
        PresidioAnonymizer(pairs, use_deduce=False)
