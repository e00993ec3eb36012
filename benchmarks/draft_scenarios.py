"""Two realistic scenarios per bundled template, as an OOV official would fill in the form.

Fictitious municipalities' facts; no personal data (addressees are placeholders, as the form
asks). Used by ``benchmarks/draft_benchmark.py``.
"""

from __future__ import annotations

SCENARIOS: dict[str, list[dict[str, str]]] = {
    "collegevoorstel": [
        {"onderwerp": "Actualisatie evenementenbeleid 2027", "gemeente": "Heeze-Leende",
         "portefeuillehouder": "burgemeester",
         "aanleiding": "Het evenementenbeleid dateert uit 2022 en sluit niet aan op de "
                       "gewijzigde APV en de nieuwe risicoscan van de veiligheidsregio.",
         "beoogd_effect": "Duidelijke en voorspelbare regels voor organisatoren.",
         "besluit": "1. Het evenementenbeleid 2027 vast te stellen.\n"
                    "2. De beleidsregels evenementen 2022 in te trekken.",
         "financien": "De kosten van € 12.500 worden gedekt uit het budget openbare orde.",
         "communicatie": "Publicatie in het Gemeenteblad en een brief aan vaste organisatoren.",
         "uitvoering": "Inwerkingtreding per 1 maart 2027; evaluatie na één jaar."},
        {"onderwerp": "Cameratoezicht uitgaansgebied Markt", "gemeente": "Apeldoorn",
         "portefeuillehouder": "burgemeester",
         "aanleiding": "Na 14 geweldsincidenten in 2026 vraagt de politie om cameratoezicht "
                       "op de Markt in de weekendnachten.",
         "besluit": "1. In te stemmen met de aanwijzing van de Markt voor cameratoezicht.\n"
                    "2. De raad hierover te informeren.",
         "risicos": "Verplaatsing van overlast naar omliggende straten.",
         "financien": "Eenmalig € 48.000 voor drie camera's, structureel € 9.000 per jaar.",
         "uitvoering": "Plaatsing in het tweede kwartaal van 2027."},
    ],
    "raadsinformatiebrief": [
        {"onderwerp": "Sluiting drugspand Dorpsstraat", "gemeente": "Barneveld",
         "afzender": "de burgemeester",
         "aanleiding": "Bij een doorzoeking op 3 november 2026 is een handelsvoorraad harddrugs "
                       "aangetroffen.",
         "kernboodschap": "De burgemeester heeft de woning voor drie maanden gesloten.",
         "toelichting": "De sluiting volgt uit het Damoclesbeleid van de gemeente.",
         "vervolg": "De raad wordt na afloop van de sluiting opnieuw geïnformeerd."},
        {"onderwerp": "Onrust rond de jaarwisseling", "gemeente": "Haarlem",
         "afzender": "de burgemeester",
         "aanleiding": "In de nacht van 31 december waren er 40 brandjes en een aanval op een "
                       "brandweerauto.",
         "kernboodschap": "De burgemeester overweegt een noodbevel voor volgend jaar.",
         "financien": "De schade aan gemeentelijk eigendom bedraagt € 85.000.",
         "vervolg": "In maart volgt een evaluatie met politie en brandweer."},
    ],
    "waarschuwingsbrief": [
        {"onderwerp": "Waarschuwing na samenscholing", "gemeente": "Almelo",
         "geadresseerde": "[PERSOON-1]", "datum_incident": "12 oktober 2026",
         "adres_incident": "het winkelcentrum De Riet",
         "gedraging": "U stond met een groep jongeren bij de ingang en hinderde bezoekers.",
         "maatregel": "een gebiedsverbod", "afzender": "de burgemeester"},
        {"onderwerp": "Waarschuwing na intimidatie van handhavers", "gemeente": "Leeuwarden",
         "geadresseerde": "[PERSOON-1]", "datum_incident": "2 september 2026",
         "adres_incident": "het Zaailand",
         "gedraging": "U heeft twee boa's uitgescholden en bedreigd tijdens een controle.",
         "maatregel": "een gebiedsverbod van drie maanden", "afzender": "de burgemeester"},
    ],
    "waarschuwingsbrief-overlast": [
        {"geadresseerde": "[PERSOON-1]", "gemeente": "Duiven", "adres_incident": "[ADRES-1]",
         "soort_overlast": "geluidsoverlast en drugsoverlast",
         "periode": "september en oktober 2026",
         "gedraging": "Buren meldden 11 keer harde muziek na middernacht en handel aan de deur.",
         "maatregel": "sluiting van de woning", "afzender": "de burgemeester"},
        {"geadresseerde": "[PERSOON-1]", "gemeente": "Stede Broec", "adres_incident": "[ADRES-1]",
         "soort_overlast": "woonoverlast", "periode": "sinds juni 2026",
         "gedraging": "Vanuit de woning wordt afval op straat gegooid en worden buren "
                      "uitgescholden.",
         "maatregel": "een gedragsaanwijzing", "afzender": "de burgemeester"},
    ],
    "waarschuwingsbrief-hondenbeet": [
        {"geadresseerde": "[PERSOON-1]", "gemeente": "Almelo",
         "datum_incident": "14 februari 2026", "adres_incident": "het Stadspark",
         "gedraging": "Uw hond heeft een fietser in de kuit gebeten; de hond was niet "
                      "aangelijnd.",
         "hond": "een bruine herder", "maatregel": "aanlijn- en muilkorfgebod",
         "afzender": "de burgemeester"},
        {"geadresseerde": "[PERSOON-1]", "gemeente": "Maasgouw",
         "datum_incident": "3 mei 2026", "adres_incident": "de speeltuin aan de Maasboulevard",
         "gedraging": "Uw hond heeft een andere hond gebeten, die door een dierenarts is "
                      "behandeld.",
         "hond": "een zwarte labrador", "maatregel": "aanlijngebod",
         "afzender": "de burgemeester"},
    ],
    "bestuurlijke-rapportage": [
        {"thema": "Ondermijning en Damocles", "gemeente": "Barneveld", "periode": "2026",
         "ontwikkelingen": "Er zijn 6 drugspanden aangetroffen, tegen 4 in 2025.",
         "maatregelen": "Vier woningen zijn gesloten op grond van artikel 13b Opiumwet.",
         "knelpunten": "De capaciteit van de handhavers is beperkt.",
         "gevraagd": "Kennisnemen van de rapportage."},
        {"thema": "Jeugdoverlast", "gemeente": "Land van Cuijk", "periode": "eerste helft 2026",
         "ontwikkelingen": "Het aantal meldingen jeugdoverlast steeg van 120 naar 165.",
         "maatregelen": "Extra inzet van jongerenwerk en boa's in de avonduren.",
         "gevraagd": "Instemmen met voortzetting van de extra inzet."},
    ],
    "scenario-uitwerking": [
        {"scenario": "Een aangekondigde demonstratie op het stadhuisplein dreigt uit de hand "
                     "te lopen doordat een tegendemonstratie zich meldt.",
         "gemeente": "Lansingerland", "locatie": "stadhuisplein",
         "partners": "politie, openbaar ministerie", "aandachtspunten": "grondrecht op betoging"},
        {"scenario": "Na een schietincident in een woonwijk vreest de politie "
                     "vergeldingsacties in de komende nacht.",
         "gemeente": "Maasgouw", "locatie": "woonwijk",
         "partners": "politie, openbaar ministerie, woningcorporatie",
         "aandachtspunten": "wapens, snelheid van handelen"},
    ],
}
