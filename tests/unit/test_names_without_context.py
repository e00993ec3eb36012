"""Names in lists, registers and minutes, with no title, role or verb around them and in no
name list, are removed; institutions, treaties, places and cars written the same way stay."""

from __future__ import annotations

import pytest

from ingest.anonymize import PresidioAnonymizer


@pytest.mark.parametrize(("text", "names"), [
    ("Aanwezig: Tesfay Gebremedhin, Ljudmila Kovalenko en wijkagent Bos.",
     ["Tesfay", "Gebremedhin", "Ljudmila", "Kovalenko"]),
    ("Jansen, Piet (12-3-1980)", ["Jansen", "Piet"]),
    ("Bennani Y. (verdachte) en Amrani K. (getuige)", ["Bennani", "Amrani"]),
    ("De bewoners Wojciech en Agnieszka Kowalczyk klagen over lawaai.",
     ["Wojciech", "Agnieszka", "Kowalczyk"]),
    ("| Okonkwo Chukwuemeka | 06-12345678 |", ["Okonkwo", "Chukwuemeka"]),
])
def test_bare_names_are_removed(anonymizer: PresidioAnonymizer, text: str,
                                names: list[str]) -> None:
    out = anonymizer.redact([text]).texts[0]
    assert [n for n in names if n in out] == []


@pytest.mark.parametrize("text", [
    "Het Psychotrope Stoffen Verdrag en het Enkelvoudig Verdrag zijn geratificeerd.",
    "De Sociale Verzekeringsbank en het Koninkrijk der Nederlanden.",
    "Voertuig: Toyota Yaris, grijs.",
    "Cameratoezicht Apeldoorn wordt in 2026 geëvalueerd.",
    "Aanwezig: Openbaar Ministerie, Veilig Thuis, Landelijk Bureau Bibob.",
])
def test_capitalised_words_that_are_no_person_stay(anonymizer: PresidioAnonymizer,
                                                   text: str) -> None:
    assert [f for f in anonymizer.find(text) if f.entity_type == "PERSOON"] == []


@pytest.mark.parametrize(("text", "names"), [
    ("CC: Hr. Tadesse; wijkteam oost", ["Tadesse"]),
    ("04-12-26, 01:13 - Mustafa: ja zie ik ook. politie gebeld?", ["Mustafa"]),
    ("Verbalisant hoorde Tsegaye om 03:40 uur roepen.", ["Tsegaye"]),
    ("Bakker belde weer over de hennepgeur.", ["Bakker"]),
    ("Hij zei Ahmad. Achternaam Noorzai of Nurzai, weet ik niet.", ["Ahmad", "Noorzai", "Nurzai"]),
    ("Gesproken met de Vries over de klacht.", ["Vries"]),
    ("Van: Thijs\nAan: Loes Hendriks-Çelik, teamleider OOV", ["Thijs", "Loes", "Hendriks"]),
    ('BIJZONDERHEDEN: GENAAMD "NORRIE", RIJDT IN EEN ZWARTE AUTO', ["NORRIE"]),
    ("1. van der Meer, J.P. (12.III.1999), stadionverbod", ["Meer", "1999"]),
    ("Zoals besproken: mevrouw Habte (Selam) heeft gisteren gebeld.", ["Habte", "Selam"]),
    ("mijn zoon bilal is aangehouden, ik wil een klacht tegen agent de graaf", ["bilal", "graaf"]),
    ("IK, VERBALISANT, JANSSEN, BRIGADIER VAN POLITIE, VERKLAAR", ["JANSSEN"]),
    ("Melder: FAM. OKAFOR\nmijn buurvrouw mevr de jong schreeuwt", ["OKAFOR", "jong"]),
    ("ze zijn bij Orhan geweest. Een man, Vasyl, komt steeds. hoi, Ahmed hier van de snackbar",
     ["Orhan", "Vasyl", "Ahmed"]),
    ("Een van hen heette Van Dijk of Van Dijck.", ["Dijk", "Dijck"]),
    ("Graag aanpassen in jullie systeem. Grzegorz Nowak", ["Grzegorz", "Nowak"]),
    ("Casus ZVH 2026/1142 (K., 17 jaar). Teruggebeld door JvdL.", ["K.", "JvdL"]),
    ("zeg tegen jurgen dat ie komt.\nShanice: Jurgen zit in de bak", ["jurgen", "Jurgen"]),
    ("Beste Missen-Toukaki,\n\nDank voor uw bericht.", ["Missen", "Toukaki"]),
    ("Nume/Naam: IONESCU\nPrenume/Voornaam: MIHAELA-ANDREEA", ["IONESCU", "MIHAELA"]),
    ("gekocht van iemand die Lisa_W heette; zie ook de post van @handhaver_ben en jan_1990",
     ["Lisa_W", "handhaver_ben", "jan_1990"]),
    ("VRIEND VAN BOUCHRA A., RIJDT IN ZWARTE MERCEDES", ["BOUCHRA"]),
    ("Aangehouden:\n1. Kuipers, Sven (8 aug 2003)\n3. Mwangi (leeftijd ca. 25), geen ID",
     ["Kuipers", "Mwangi"]),
])
def test_names_by_title_chat_verb_header_and_nickname_are_removed(
        anonymizer: PresidioAnonymizer, text: str, names: list[str]) -> None:
    out = anonymizer.redact([text]).texts[0]
    assert [n for n in names if n in out] == []


@pytest.mark.parametrize("text", [
    "Dit dient om de anonimisering van Baken zichtbaar te maken.",
    "Het college van Horst aan de Maas werkt samen met de gemeente van Amsterdam.",
    "De markt op de Brink is verplaatst.",
    "Zeeuwse Stromen verklaarde geen bezwaar te hebben.",
    "Naam evenement: Koningsdag",
    "De zoon van haar buurman en de agent de volgende dag.",
    "BESTUURDER LICHTGRIJZE AUDI A3 RIJDT WEG ZONDER TE BETALEN.",
    "Zie bijlage_2.pdf; overleg met Veilig Thuis, bij Jumbo en voor Mei.",
    "De VvE en de NVvP zijn uitgenodigd; zie onderdeel B. van de bijlage.",
    '{"id": "vb-1", "source_file": "beleid.md", "source_locator": "artikel 3", "answer_facts": []}',
    "Beste Bewoner,\n\nGeachte collega,",
    "Het Wetboek van Strafvordering, de Minister van Defensie en Wijk bij Duurstede.",
    "Contact via Jan de Vries (Woonbron) en Piet Smit (Veilig Thuis).",
    "Inhoud:\n1. Inleiding (2024)\n2. Algemene Bepalingen (artikel 1)",
    "Instanties:\n– Sociale Verzekeringsbank\n– Uitvoeringsorganen Wlz (Cluster)",
])
def test_places_and_phrases_with_van_or_de_stay(anonymizer: PresidioAnonymizer,
                                                text: str) -> None:
    text_of = [text[f.start:f.end] for f in anonymizer.find(text) if f.entity_type == "PERSOON"]
    assert [t for t in text_of if t not in ("Jan de Vries", "Piet Smit")] == []
