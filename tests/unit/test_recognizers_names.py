"""Names without a context word, companies and addresses with toevoegingen (issue 16).

The real Presidio analyser with Baken's pattern recognisers, without deduce: every name here is
in no lexicon entry that deduce would need, so the rules by position must find it on their own.
"""

from __future__ import annotations

import pytest

from ingest.anonymize import PresidioAnonymizer


@pytest.fixture(scope="module")
def analyzer() -> PresidioAnonymizer:
    return PresidioAnonymizer(use_deduce=False)


def found(analyzer: PresidioAnonymizer, text: str) -> set[tuple[str, str]]:
    return {(f.entity_type, text[f.start : f.end]) for f in analyzer.find(text)}


def left_readable(analyzer: PresidioAnonymizer, text: str, value: str) -> str:
    """The letters and digits of ``value`` that no finding covers."""
    start = text.index(value)
    covered = set()
    for f in analyzer.find(text):
        covered.update(range(f.start, f.end))
    return "".join(ch for i, ch in enumerate(value, start) if i not in covered and ch.isalnum())


POSITIVE = [
    # a name as the subject of a person's verb, with no title or role word
    ("PERSOON", "Dritan Hoxha weigerde zijn identiteitsbewijs te tonen.", "Dritan Hoxha"),
    ("PERSOON", "Volgens de buren verklaarde Tchalla Mbuyi dat hij thuis was.", "Tchalla Mbuyi"),
    ("PERSOON", "Op de vraag antwoordde hij niets. Oksana Melnyk belde later terug.",
     "Oksana Melnyk"),
    # a name as the object of seeing, finding or speaking
    ("PERSOON", "In de woonkamer zagen wij Ionut Popescu op de bank zitten.", "Ionut Popescu"),
    ("PERSOON", "De agenten troffen ter plaatse Bashkim Krasniqi aan.", "Bashkim Krasniqi"),
    # registers, lists, families and capitals after a form of address
    ("PERSOON", "| Jansen, P. | bewoner |", "Jansen, P."),
    ("PERSOON", "- Kaya, M. (melder)", "Kaya, M."),
    ("PERSOON", "Uit: Buuren, P.J.J. van, Tekst", "Buuren, P.J.J. van"),
    ("PERSOON", "Dhr. VAN DEN BERG was aanwezig.", "VAN DEN BERG"),
    ("PERSOON", "De familie El Idrissi klaagt.", "El Idrissi"),
    ("PERSOON", "De gebroeders Bakir exploiteren de zaak.", "Bakir"),
    # the object of a preposition
    ("PERSOON", "Hij werd geslagen door Dritan Hoxha bij de ingang.", "Dritan Hoxha"),
    ("PERSOON", "Er was ruzie met Arjan Gjoka over geld.", "Arjan Gjoka"),
    # names with a capital inside
    ("PERSOON", "Sean O'Brien verklaarde dat hij niets zag.", "Sean O'Brien"),
    ("PERSOON", "Ryan McDonald belde de meldkamer.", "Ryan McDonald"),
    # form fields, also in capitals
    ("PERSOON", "Achternaam: OKONKWO\nVoornamen: Chidi", "OKONKWO"),
    ("PERSOON", "NAAM VEROORZAKER (INDIEN BEKEND): KOWALCZYK\n", "KOWALCZYK"),
    ("PERSOON", "NAAM MELDER: JANSSEN-OPDAM\nVOORLETTERS: M.C.\n", "JANSSEN-OPDAM"),
    ("PERSOON", "NAAM MELDER: JANSSEN-OPDAM\nVOORLETTERS: M.C.\n", "M.C."),
    ("PERSOON", "Verdachte: ŞAHIN, Mehmet Ali, geboren", "ŞAHIN, Mehmet Ali"),
    # a function title before the surname
    ("PERSOON", "Aanwezig: burgemeester Van Schaik en de griffier.", "Van Schaik"),
    ("PERSOON", "Op 2 mei zag verbalisant De Wit een man.", "De Wit"),
    # a sign-off
    ("PERSOON", "Kun je hem terugbellen?\n\nDank!\nWouter", "Wouter"),
    # companies: legal forms, trade names of one-man businesses, holdings, family foundations
    ("BEDRIJF", "eigenaar is Kaplan Holding B.V., waarvan", "Kaplan Holding B.V."),
    ("BEDRIJF", "een lening van Bakir Beheer aan", "Bakir Beheer"),
    ("BEDRIJF", "een lening aan S. Bakir Holding.", "S. Bakir Holding"),
    ("BEDRIJF", "onder de naam Handelsonderneming Bakir. Eigenaar", "Handelsonderneming Bakir"),
    ("BEDRIJF", "Aan Klussenbedrijf J. Smit\nt.a.v.", "Klussenbedrijf J. Smit"),
    ("BEDRIJF", "vennoot in Snackbar De Punt V.O.F. De koopsom", "Snackbar De Punt V.O.F."),
    ("BEDRIJF", "voldaan door Stichting Familie Kaplan. Het", "Stichting Familie Kaplan"),
    ("BEDRIJF", "Nguyen Nails (eenmanszaak) is eigendom van", "Nguyen Nails"),
    ("BEDRIJF", "Het pand is van Vastgoedbeheer Oost BV en", "Vastgoedbeheer Oost BV"),
    ("BEDRIJF", "een dochter van RM Holding.", "RM Holding"),
    ("KVK", "over Autobedrijf Van der Laan V.O.F. (77123456):", "77123456"),
    # a street in capitals in a form
    ("ADRES", "ADRES: DORPSSTRAAT 88\nWOONPLAATS: BEMMEL", "DORPSSTRAAT 88"),
]


@pytest.mark.parametrize(("label", "text", "value"), POSITIVE,
                         ids=[f"{p[0]}:{p[2]}" for p in POSITIVE])
def test_found_without_a_context_word(
    analyzer: PresidioAnonymizer, label: str, text: str, value: str
) -> None:
    assert (label, value) in found(analyzer, text)


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("woont volgens haar op de Kloosterstraat 8 A3.", "Kloosterstraat 8 A3"),
        ("Adres: Bloemendalerweg 56-B02, 1382 KC Weesp", "Bloemendalerweg 56-B02"),
        ("gevestigd aan de Industrieweg 12 unit 4 te Utrecht", "Industrieweg 12 unit 4"),
        ("Aantekeningen huisbezoek Van Speijkstraat 92-hs", "Van Speijkstraat 92-hs"),
        ("verhuisd naar Kanaaldijk 3-bg, dossier", "Kanaaldijk 3-bg"),
        ("aan de Meester Kochstraat 4 C in Doetinchem", "Meester Kochstraat 4 C"),
        ("woont op de Nieuwstraat 14-3 hoog", "Nieuwstraat 14-3 hoog"),
    ],
)
def test_addresses_with_toevoegingen_are_gone_entirely(
    analyzer: PresidioAnonymizer, text: str, address: str
) -> None:
    assert left_readable(analyzer, text, address) == ""


NEGATIVE = [
    # institutions, bodies and programmes in a person's position
    ("Openbaar Ministerie", "Het Openbaar Ministerie heeft besloten te vervolgen."),
    ("Raad van State", "De Raad van State oordeelde dat de sluiting rechtmatig was."),
    ("Veilig Thuis", "Veilig Thuis belde de huisarts."),
    ("Landelijk Bureau Bibob", "Landelijk Bureau Bibob heeft advies uitgebracht."),
    ("Koninklijke Marechaussee", "Koninklijke Marechaussee zag niets bijzonders."),
    ("Meld Misdaad Anoniem", "Meld Misdaad Anoniem belde de wijkagent."),
    ("Jeugdzorg Nederland", "Jeugdzorg Nederland zag geen aanleiding."),
    ("Zeeuwse Stromen", "Zeeuwse Stromen verklaarde geen bezwaar te hebben."),
    ("Jumbo Supermarkten", "Jumbo Supermarkten heeft een vergunning."),
    ("Centrum voor Jeugd en Gezin", "Het Centrum voor Jeugd en Gezin belde terug."),
    ("Politie Eenheid Oost-Nederland", "Politie Eenheid Oost-Nederland zag een stijging."),
    ("Team Handhaving", "Team Handhaving sprak met de bewoner."),
    ("Hoog Catharijne", "Hoog Catharijne was vol."),
    ("Lange Bisschopstraat", "In de Lange Bisschopstraat geldt een alcoholverbod."),
    ("Den Haag", "Den Haag heeft een eigen aanpak."),
    # institutions after a preposition
    ("Onze Minister", "Dit is besproken met Onze Minister en met Gedeputeerde Staten."),
    ("Gedeputeerde Staten", "Dit is besproken met Onze Minister en met Gedeputeerde Staten."),
    ("Europese Unie", "Het verdrag is gesloten met de Europese Unie."),
    ("Hoge Raad", "Cassatie is ingesteld bij Hoge Raad."),
    # places in a list, words in capitals after a title
    ("Apeldoorn", "Zie Apeldoorn, J. en artikel 3, A."),
    ("APV", "De heer APV is geen naam."),
    # function titles and places stay
    ("burgemeester van Lochem", "De burgemeester van Lochem besloot de woning te sluiten."),
    ("Amsterdam", "De burgemeester van Amsterdam zag geen reden."),
    # form fields that do not hold a person's name
    ("Gemeente Ede", "Naam organisatie: Gemeente Ede\n"),
    ("Koningsdag", "Naam evenement: Koningsdag\n"),
    # institutions and funds are not a person's business
    ("Stichting Nederlands Fonds", "de Stichting Nederlands Fonds voor de Film"),
    ("Stichting Waarborgfonds Motorverkeer", "en de Stichting Waarborgfonds Motorverkeer."),
    ("Stichting Halt", "Stichting Halt heeft een afspraak gemaakt."),
    ("Havenbedrijf Rotterdam", "Het Havenbedrijf Rotterdam meldt een incident."),
    ("Buitenlandse Handel", "in overleg met Onze Minister voor Buitenlandse Handel"),
]


@pytest.mark.parametrize(("value", "text"), NEGATIVE, ids=[n[0] for n in NEGATIVE])
def test_institutions_places_and_functions_stay(
    analyzer: PresidioAnonymizer, value: str, text: str
) -> None:
    people = {v for label, v in found(analyzer, text) if label in ("PERSOON", "BEDRIJF")}
    assert not any(v in value or value in v for v in people), people


def test_a_business_after_a_role_word_is_a_business_not_a_person(
    analyzer: PresidioAnonymizer,
) -> None:
    got = found(analyzer, "De exploitant van Cafetaria Smikkel belde.")
    assert ("BEDRIJF", "Smikkel") in got
    assert not any(label == "PERSOON" for label, _ in got), got
