"""Names as people type them (issue 16, round 8): a given name in lower case after a
preposition in a chat line, a self-introduction in lower case with a surname that is a place,
a year of birth in brackets. What a policy text writes in the same shapes stays readable.
The names are invented or common given names; the real analyser runs with deduce."""

from __future__ import annotations

import pytest

from ingest.anonymize import PresidioAnonymizer
from tests.redaction import redacted

GONE = [
    # a known given name in lower case after a preposition, in a chat line
    ("Ay: dan bij ferhat zn schuur", ["ferhat"]),
    ("[21:14] petra v: dat is de broer van rinske hoor", ["rinske"]),
    ("ze hangen steeds rond met marloes en haar vriendinnen", ["marloes"]),
    # a self-introduction in lower case: the surname may be a place or a word
    ("ik woon er zelf onder, mijn naam is gerda van zwolle, bel maar", ["gerda", "zwolle"]),
    ("hallo, ik ben henk en ik woon op nummer 4", ["henk"]),
    # a surname with its tussenvoegsel, found once, typed in lower case where a sentence starts
    ("De man werkt voor Erik van Dalen. van dalen zelf zegt dat hij niets weet.", ["dalen"]),
    # a name right before a BSN or a birth word in a list of people, in any alphabet's letters
    ("b. Ionuț Rusu, BSN 881645369, ingeschreven sinds 2023", ["Ionuț", "Rusu"]),
    ("Uithuisgeplaatste: Ramon Koning, geboortedatum 05-10-1984", ["Koning"]),
    ("- Stefka Dimitrova, BSN 996254687, geb. 6/8/1993", ["Stefka", "Dimitrova"]),
    # a nickname in quotes before "genoemd" or "noemen"
    ('Een van hen wordt "Chino" genoemd.', ["Chino"]),
    ('en een jongen die ze "Tattoo" noemen.', ["Tattoo"]),
    # a name joined to a found one: a given name in no list, a given name with a word surname
    ("Hij trekt op met Costel en Nicu Dumitrescu rond het station.", ["Costel"]),
    ("Namens de bewoners: Femke Vos en Sarah Vos-Koning.", ["Vos-Koning"]),
    # streets shortened as people type them, and a houseboat opposite a number
    ("Onderwerp: hennepkwekerij Pr. Bernhardln. 7 hs", ["Bernhardln. 7"]),
    ("bij de buren op Mgr. Nolensstr 10. Hij rijdt", ["Nolensstr 10"]),
    ("Woonboot Houtmankade t/o 46: klachten over de generator", ["Houtmankade t/o 46"]),
    # a plate near a car's make or model, and a compact plate in capitals of a newer side code
    ("elke nacht staan ze met die zwarte golf gx418d voor de deur", ["gx418d"]),
    ("Nadia: nu weer met 16JZR7 op de stoep voor de snackbar", ["16JZR7"]),
    # a surname in lower case after a title, a family by its name
    ("mijn buurvrouw mevr. bakker durft niet meer naar buiten", ["bakker"]),
    ("Bel even over het gezin Yılmaz in de Molenwijk.", ["Yılmaz"]),
    ("Niet bij Reinders maar bij de Hoekstra's op nummer 10.", ["Hoekstra"]),
    # "van der" shortened, a dot typed after a space
    ("Naam: J. v. d. Berg          Tel: 06 144 78 023", ["Berg"]),
    ("Gesproken met dhr. v.d. Berg over de overlast.", ["Berg"]),
    ("Klacht van mevr. J. v/d Linden over de geluidsoverlast.", ["Linden"]),
    ("gisteren nog in de brievenbus van mevr . Kuipers op nr 20 .", ["Kuipers"]),
    # a plate of a newer side code in lower case, in a row without a vehicle word
    ("Kofi Asante        19.1.1997        getuige        tx-507-h", ["tx-507-h"]),
    # a date of birth written in words, as in a notarial deed
    ("Geboren: drie juli negentienhonderdtweeënnegentig te Wrocław (Polen)",
     ["negentienhonderdtweeënnegentig"]),
    ("geboren op vijfentwintig december tweeduizend drie te Utrecht", ["vijfentwintig december"]),
    # a nickname in quotes between given name and surname; a colleague named by their unit
    ('4\tKevin "Kleine" Visser\tactief\nToelichting: Visser is de neef van Jeroen Smit.',
     ["Visser"]),
    ("Sleutels kast 3 liggen bij Mulder van facilitair.", ["Mulder"]),
    ("Ter info: Winter van de nachtploeg heeft zijn telefoon laten liggen.", ["Winter"]),
    # a known given name in lower case, named by where the person lives
    ("ik wil weer klagen over die henk van nr 9 en zn vrienden.", ["henk"]),
    ("volgens marloes van driehoog is het stil", ["marloes"]),
    # a known surname after a word for a case or a measure, as case lists name people
    ("Z/2024/12102 – gebiedsverbod verlenging Brouwer (zie Z-2024-004417)", ["Brouwer"]),
    ("Agendapunt 3: casus Bakker, stand van zaken.", ["Bakker"]),
    ("Actie: zienswijze Groen beoordelen voor vrijdag.", ["Groen"]),
    # known given names in lower case: two joined, one before "heet"; a short one that the
    # same chat wrote with its surname
    ('"dikke sjaak": vraag maar aan youssef of dani, die weten wel wie ik ben', ["dani"]),
    ("23:15 Youri: idk, bestuurder zegt dat ie andrei heet. geen id", ["andrei"]),
    ("23:14 Nadia: dat is Bas Mulder z'n auto.\n23:15 Youri: idk, zegt dat ie andrei heet.\n"
     "00:52 Nadia: bas weer terug, nu op de stoep", ["bas"]),
    # "ene" before a name, and a name joined to it in quotes
    ("getuige noemt ook ene 'Nourdin' of 'Noerdin', die in de flat woont.", ["Noerdin"]),
    ("Volgens melder gaat het om ene Kasia uit de flat.", ["Kasia"]),
    # initials and user names in the fields that say who wrote or handled a document
    ("Paraaf: KvD", ["KvD"]),
    ("Notulist: jvdh", ["jvdh"]),
    ("Registratienr.: MZO-24-0391        Ingevuld door: k.vandijk (klantmanager)", ["k.vandijk"]),
    ("Operator(s): S. Baldewsingh / niels    Verbinding meldkamer: kanaal 3", ["niels"]),
    ("Graag voor vrijdag terugkoppelen aan de wijkagent.\n– AvK", ["AvK"]),
    # a nickname in quotes, or the full name in brackets, right after a found name
    ('| 2 | de Graaf, Kevin "Kef" | zwervend |\n2. "Kef" zit vast.', ["Kef"]),
    ('Veiligheidscoördinator: Pieter Bosma ("Piet"), 06-41 00 29 83', ["Piet"]),
    ('Melder: "Ome Kees" (Cornelis Zwanenburg) belde om 22.00 uur.', ["Zwanenburg"]),
    # a year of birth under the heading "Geb." of a table
    ("| # | Naam | Geb. | Status |\n|---|---|---|---|\n| 1 | Farid Azizi | 2001 | nieuw |",
     ["2001"]),
    # a name found once, again without its accents or with an apostrophe after the s
    ("Eigenaar Rezan Doğan (31) zegt dat hij niets weet. Bij Dogans vorige woning was het raak.",
     ["Dogan"]),
    ("De bus staat op naam van de heer Sebastiaan Wetzels. Dat Wetzels' bus daar stond, is toeval.",
     ["Wetzels"]),
    # "Naam, Voornaam" under the name heading of a semicolon export
    ("kamer;naam;geb.datum;nationaliteit\n3;PETROV, Stoyan;1987-04-30;BG", ["PETROV", "Stoyan"]),
    # the people of a list of those present, with their roles in brackets
    ("Aanwezig: Inge Wolters (voorzitter), M. Tahiri (wijkagent), Tesfay (jeugdbescherming)",
     ["Tesfay"]),
    # a name with the person's sex in brackets, and the year of birth after it
    ("2. Casus VHN-2023-1142 – Abrehet Ghebremariam (v), 1999, en zoon Filmon (7)",
     ["Abrehet", "Ghebremariam", "1999"]),
    # officers naming themselves, and a rank with a service number before the name
    ("Omstreeks 23.15 uur werden wij, Brouwer en El Idrissi, door de meldkamer gestuurd.",
     ["Brouwer"]),
    ("Rapporteur: hoofdagent 4718 / BROUWER", ["BROUWER"]),
    # a message signed with a given name in lower case, on its own line
    ("hallo, al weken herrie van die shisha tent. graag actie!!\nria\n\n-----Oorspronkelijk "
     "bericht-----", ["ria"]),
    # user names and initials in more sign-off fields, a name in a form with dotted leaders,
    # two given names in lower case as a form's value
    ("Ontvangen door: jvdwiel (functioneel beheer)", ["jvdwiel"]),
    ("Aangemaakt door: kuipers_m (Team Ede-Zuid) | gerubriceerd", ["kuipers_m"]),
    ("Handtekening intaker: ............ SB", ["SB"]),
    ("Achternaam ............ Martina\nRoepnaam .............. Juju", ["Juju"]),
    ("Naam veroorzaker (indien bekend): marco of mario, achternaam weet ik niet", ["marco"]),
    # a given name in apposition after a person, a name given to the police, a quoted name
    # after "heet man"
    ('Die jongen van de zaak, Yusuf, zegt dan alleen "bel de politie maar".', ["Yusuf"]),
    ("nachtportier Florin (achternaam opgegeven als Munteanu)", ["Munteanu"]),
    ('Volgens portier heet man "Stijn", vaste klant.', ["Stijn"]),
    # a name and an address in one cell under a person heading
    ("datum | omschrijving | betrokkene\n22-05 | grofvuil op straat | Ülker, Vismarkt 6",
     ["Ülker"]),
]


@pytest.mark.parametrize(("text", "values"), GONE, ids=[g[1][0] for g in GONE])
def test_names_typed_in_lower_case_are_gone(anonymizer: PresidioAnonymizer, text: str,
                                            values: list[str]) -> None:
    out = redacted(anonymizer, text)
    assert [v for v in values if v in out] == []


STAY = [
    # the same shapes in policy text: a capital at the start of the line, or no given name
    "De sluitingstijden gelden voor zomer en winter.",
    "Bij lente en zomer gelden andere tijden voor terrassen.",
    "het college beslist met ingang van 1 januari over de aanvraag",
    "ik ben van mening dat de burgemeester bevoegd is",
    # a country after a name is where the person comes from; a date is no KvK number
    "Herkomst: Eritrea, geb. in een vluchtelingenkamp.",
    "De onderneming is ingeschreven sinds 01-06-2024 in Ede.",
    "Het college en de raad spraken af dat de woning tegenover 12 leeg blijft.",
    "De Euro's en de Foto's van de Opa's liggen klaar.",
    "mevrouw zegt dat het goed is en meneer de burgemeester ook",
    # a date in words that is no birth, an era
    "De verordening treedt in werking op één januari tweeduizend vijfentwintig.",
    "De stad bestond al in 300 v. Chr. toen de Romeinen kwamen.",
    "De Raad van de nachtploeg vergadert niet; het rooster van de dagdienst is aangepast.",
    'Het festival "Dans op de Dijk" Oosterhout trekt elk jaar bezoekers.',
    # a word typed with a zero after a case word; a place of birth
    "MELDING DRUGS0VERLAST          datum: 2 - 4 - 24",
    "Het kind is geboren te Sofia en kwam in 2016 naar Nederland.",
    "de man van nummer 12 en de vrouw van hiernaast maken ruzie",
    # a case word before a function, a department or a place
    "Het voornemen Burgemeester en wethouders is verzonden.",
    "Het bezwaar Bouw en Woningtoezicht is ongegrond verklaard.",
    "Het dossier Veenendaal is overgedragen aan de regio.",
    # "de ene" is no name
    "Aan de ene kant de 'Kade', aan de andere kant het Plein.",
    # sign-off fields with words, abbreviations of the initials' shape, a body in quotes
    "Paraaf: n.v.t.\nNotulen: volgen\nAkkoord: ja\n- KvK\n– RvS",
    # lists of bodies, bodies with "wij", a function "(m/v)", a month under a sentence
    "Afwezig: gemeente (OOV), Politie Oost-Nederland (districtschef), Veiligheidsregio (AC)",
    "Deelnemers: Novadic-Kentron (verslavingszorg), Reclassering Nederland",
    "Wij, Burgemeester en Wethouders van de gemeente Ede, besluiten:",
    "De Burgemeester (m/v) beslist over de sluiting.",
    "De regels gelden in:\nJuni\n\nDaarna niet meer.",
    "De eigenaar, Gemeente Ede, is gebeld. De portier Centrum is gesloten.",
    "Toegewezen aan: casusregisseur wonen/OOV\nOntvangen door: vergunningen",
    "Het verslag over zomer en winter: zomer of winter maakt niet uit.",
]


def test_a_body_in_quotes_after_a_name_is_no_nickname(anonymizer: PresidioAnonymizer) -> None:
    out = redacted(anonymizer, 'Contact: mevrouw Jansen ("Gemeente Ede") over het plan.')
    assert "Jansen" not in out and '("Gemeente Ede")' in out


def test_short_given_names_that_are_words_stay_in_a_chat(anonymizer: PresidioAnonymizer) -> None:
    """A chat that types names in lower case: "jan" and "max" are also a month and a word."""
    out = redacted(anonymizer, "22:01 Jan Bos: Max Smit komt ook\n22:02 eva: ok, vanaf 1 jan "
                               "dan, max 4 man")
    assert "Bos" not in out and "Smit" not in out and "eva" not in out
    assert out.endswith("vanaf 1 jan dan, max 4 man")


def test_a_surname_that_is_a_word_stays_a_word_inside_a_sentence(
        anonymizer: PresidioAnonymizer) -> None:
    out = redacted(anonymizer, "Melder Roos de Visser belt. Klacht: de visser aan de plas laat "
                               "afval liggen.")
    assert "Visser" not in out and "de visser aan de plas" in out


def test_lettered_list_headings_stay_and_a_signature_with_an_initial_goes(
        anonymizer: PresidioAnonymizer) -> None:
    text = ("A. Inrichting\nNaam zaak: eetcafé\nB. Exploitant\nRechtsvorm: vof\n"
            "C. Leidinggevenden\nZie hierboven.\n\nMet vriendelijke groet,\nK. Talussi\n")
    out = redacted(anonymizer, text)
    assert "A. Inrichting" in out and "C. Leidinggevenden" in out and "Talussi" not in out


@pytest.mark.parametrize("text", STAY)
def test_the_same_shapes_in_policy_text_stay(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert redacted(anonymizer, text) == text


def test_a_case_number_found_in_a_table_is_replaced_in_the_sentence_below_too(
        anonymizer: PresidioAnonymizer) -> None:
    text = ("| dossier | adres |\n|---|---|\n| D-2024-009 | Oranjesingel 204 |\n"
            "Toelichting: bij D-2024-009 is in 2024 bezwaar gemaakt; zie ook d-2024-009.\n")
    out = redacted(anonymizer, text)
    assert "2024-009" not in out
    assert out.count("[ZAAKNUMMER-1]") == 3
    assert "in 2024 bezwaar" in out


def test_a_place_of_birth_stays_and_the_person_born_there_goes(
        anonymizer: PresidioAnonymizer) -> None:
    out = redacted(anonymizer, "Aleksandar Petrov, geboren ° 14-2-1991 te Sofia (BG), en zijn "
                               "vrouw Jan te Velde; dossier AB1CDEFGH.")
    assert "te Sofia (BG)" in out
    assert "Petrov" not in out and "Velde" not in out and "AB1CDEFGH" not in out
    out = redacted(anonymizer, "OZTURK, Mehmet Ali, geb. 03-11-1988 te Ankara, BSN 256527775.")
    assert "te Ankara, BSN" in out and "OZTURK" not in out
