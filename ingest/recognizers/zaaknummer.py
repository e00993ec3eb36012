"""Case and file numbers (zaaknummers, dossiernummers, kenmerken, politieregistraties)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_KEYWORDS = (
    "zaaknummer|zaaknr|zaaknr.|zaak-nr|zaak-nr.|zaak|dossiernummer|dossiernr|dossiernr.|dossier"
    "|ons kenmerk|uw kenmerk|kenmerk|referentienummer|referentie|registratienummer"
    "|meldingsnummer|melding nr|melding nr.|mutatienummer|BVH-nummer|BVH-registratie|PV-nummer"
    "|proces-verbaalnummer|proces-verbaal nr|proces-verbaal nr.|volgnummer|besluitnummer|zaak-id"
    "|bonnummer|bon-nummer|aanvraagnummer|vergunningnummer|vergunningsnummer|klachtnummer"
    "|mutatie|melding|meldingnummer|meldnummer|BVH|BVH-nr|registratie|PV|PV-nr|pv-nr"
    "|proces-verbaal|procesverbaal|proces verbaal|incidentnummer|incident|casus|casusnummer"
    "|ticketnummer|verzoeknummer|documentnummer|briefnummer|dossier-nr|zaak-nummer"
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS)
# A token with at least one digit, e.g. 2024-0012345, OOV/2024/117, Z24.001234, 2024.12345
_TOKEN = r"(?=[A-Za-z0-9./_-]*\d)[A-Za-z0-9](?:[A-Za-z0-9./_-]{2,30}[A-Za-z0-9])"


_KEYWORD_BEFORE = re.compile(rf"{_KEYWORD}[^\n]{{0,40}}$", re.IGNORECASE)
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


class ZaaknummerRecognizer(DutchPatternRecognizer):
    """``Z-2025-00123``, ``Z/24/123456``, ``PL0600-2024123456`` and numbers after a keyword."""

    ENTITY = "ZAAKNUMMER"
    PATTERNS = (
        Pattern("zaak_z_format", r"(?<![\w/-])Z[-/]?\d{2,4}[-/.]\d{3,8}(?![\w/-])", 0.85),
        Pattern("politie_bvh", r"(?<![\w/-])PL\d{4}-?\d{8,10}(?![\w/-])", 0.85),
        # PREFIX-YEAR-NUMBER and YEAR-PREFIX-NUMBER: MLD-2025-3381, OOV/2024/117, 2026-BOA-00451
        Pattern(
            "prefix_year_number",
            r"(?<![\w/.-])[A-Z]{1,5}[-/](?:19|20)\d{2}[-/]\d{3,7}(?![\w/-])",
            0.75,
        ),
        Pattern(
            "year_prefix_number",
            r"(?<![\w/.-])(?:19|20)\d{2}[-/][A-Z]{2,5}[-/]\d{3,7}(?![\w/-])",
            0.75,
        ),
        # any short code of capitals and at least five digits with separators: M2026-00871,
        # 13B-2026-004, U26.01234, 26.0113/IC (prefixes vary per organisation: no list)
        Pattern(
            "letter_digit_code",
            r"(?<![\w/.-])(?=[A-Z0-9./-]*[A-Z])(?=(?:[A-Z./-]*\d){5})"
            r"[A-Z0-9]{1,6}(?:[-/.][A-Z0-9]{1,10}){1,3}(?![\w/-]|[.]\w)",
            0.6,
        ),
        Pattern(
            "number_after_keyword",
            rf"{_KEYWORD}[ ]{{0,3}}(?:nr\.?|nummer)?(?:[ ]+[a-z]{{2,12}}){{0,4}}"
            r"[ ]{0,3}[:.]?[ ]{0,3}"
            rf"(?P<value>{_TOKEN})(?![\w/-])",
            0.6,
        ),
    )
    CONTEXT = ("zaaknummer", "dossiernummer", "kenmerk", "registratienummer")
    TRIGGERS = {"number_after_keyword": trigger_words(_KEYWORDS)}

    def reject(self, text: str, start: int, end: int) -> bool:
        # "zaak 12 van 2020" or a bare year after "dossier" is not a case number.
        value = text[start:end]
        if value.isdigit() and len(value) <= 4:
            return True
        if _DATE.fullmatch(value):
            return True  # "melding 18-04-2026" is a date
        if any(c.isalpha() for c in value) and sum(c.isdigit() for c in _YEAR.sub("", value)) < 4:
            # "Ref. 2027/B/44" (a year and a short number) needs a case word before it
            return not _KEYWORD_BEFORE.search(text[max(0, start - 60) : start])
        return False
