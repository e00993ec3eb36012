"""Named businesses that are the subject of an enforcement case ("café De Gouden Leeuw")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer

_KIND = (
    r"(?i:café|cafe|eetcafé|eetcafe|bar|cafetaria|coffeeshop|coffee shop|snackbar|restaurant"
    r"|discotheek|disco|club|nachtclub|shishalounge|shisha-lounge|shishabar|shisha lounge|lounge"
    r"|hotel|pension|grillroom|shoarmazaak|pizzeria|kapsalon|barbershop|nagelstudio|belwinkel"
    r"|telefoonwinkel|minimarkt|minimarket|supermarkt|toko|avondwinkel|nachtwinkel|slijterij"
    r"|garagebedrijf|autobedrijf|autohandel|horecabedrijf"
    r"|horecagelegenheid|horeca-inrichting|seksinrichting|club|sauna|massagesalon"
    r"|speelhal|casino|growshop|smartshop|headshop|kiosk|wasstraat|bakkerij|slagerij"
    r"|sportschool|kantine|feestzaal|partycentrum|zalencentrum|bodega)"
)
_CAP = r"[A-ZÀ-ÖØ-Þ0-9]"
_NAME_PART = rf"(?:{_CAP}[\w'’&.-]*)"
_LINK = r"(?:de|het|van|en|&|of|the|of the|la|le|los|el|'t|’t)"
_ARTICLE = r"(?:(?:'t|’t|De|Het|The|La|Le|El|Los)[ ])"
_NAME = rf"{_ARTICLE}?{_NAME_PART}(?:[ ](?:{_LINK}[ ])?{_NAME_PART}){{0,4}}"
_LEGAL_FORM = r"(?:B\.V\.|BV|V\.O\.F\.|VOF|N\.V\.|NV|C\.V\.|Holding B\.V\.)"


class BedrijfRecognizer(DutchPatternRecognizer):
    """A capitalised or quoted name after a kind of business, or a name with a legal form."""

    ENTITY = "BEDRIJF"
    PATTERNS = (
        Pattern("name_after_kind", rf"\b{_KIND}[ ]{{1,2}}(?P<value>{_NAME})(?![\w])", 0.6),
        Pattern(
            "quoted_name_after_kind",
            rf"\b{_KIND}[ ]{{1,2}}[\"'“‘](?P<value>[^\"'”’\n]{{2,60}})[\"'”’]",
            0.7,
        ),
        Pattern("name_with_legal_form", rf"(?<![\w]){_NAME}[ ]{_LEGAL_FORM}(?![\w])", 0.7),
    )
    CONTEXT = ("exploitant", "vergunning", "sluiting", "horeca", "inrichting", "pand")
