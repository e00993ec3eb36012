"""Named businesses that are the subject of an enforcement case ("café De Gouden Leeuw")."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_KIND_WORDS = (
    "café|cafe|eetcafé|eetcafe|bar|cafetaria|coffeeshop|coffee shop|snackbar|restaurant"
    "|discotheek|disco|club|nachtclub|shishalounge|shisha-lounge|shishabar|shisha lounge|lounge"
    "|hotel|pension|grillroom|shoarmazaak|pizzeria|kapsalon|barbershop|nagelstudio|belwinkel"
    "|telefoonwinkel|minimarkt|minimarket|supermarkt|toko|avondwinkel|nachtwinkel|slijterij"
    "|garagebedrijf|autobedrijf|autohandel|horecabedrijf|horecagelegenheid|horeca-inrichting"
    "|seksinrichting|sauna|massagesalon|speelhal|casino|growshop|smartshop|headshop|kiosk"
    "|wasstraat|bakkerij|slagerij|sportschool|kantine|feestzaal|partycentrum|zalencentrum|bodega"
)
_KIND = keyword_regex(_KIND_WORDS)
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
    TRIGGERS = {
        "name_after_kind": trigger_words(_KIND_WORDS),
        "quoted_name_after_kind": trigger_words(_KIND_WORDS),
        "name_with_legal_form": trigger_words("b|bv|v|vof|n|nv|c|holding"),
    }
