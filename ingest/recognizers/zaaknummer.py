"""Case and file numbers (zaaknummers, dossiernummers, kenmerken, politieregistraties)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import EntityRecognizer, Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
    "|registratienr|registratienr.|reg.nr|reg.nr.|regnr|meldingsnr|meldingsnr.|meldnr"
    "|mutatienr|mutatienr.|parketnummer|parketnr|parketnr.|ticket|ticketnr|incidentnr"
    "|beslagnummer|beslagnr|beslagnr.|uw ref.|ons ref.|besluitnr|vergunning nr"
    "|vergunning nr.|vergunningnr|vergunningnr.|rolnummer|zaak nr|zaak nr."
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS)
#: the keywords' first words, also in the plural ("meldingnummers 2026-0193 en 2026-0241")
_TRIGGERS = trigger_words(_KEYWORDS) | {w + "s" for w in trigger_words(_KEYWORDS)}
# A token with at least one digit, e.g. 2024-0012345, OOV/2024/117, Z24.001234, 2024.12345
_TOKEN = r"(?=[A-Za-z0-9./_&-]*\d)[A-Za-z0-9](?:[A-Za-z0-9./_&-]{2,30}[A-Za-z0-9])"
#: A code with spaces around its parts: "BS 24/0117", "IKN-ZWB 24.0388", "ROT 24/ 1183",
#: "NLA/24/ 00 77 31", "Z/25/ NWG/ 06114" (only after a case word)
_SPACED_CODE = (
    r"(?=(?:[A-Za-z&/. -]*\d){5})[A-Z][A-Z&-]{0,7}(?:[ ]?/[ ]?|[ ])[0-9A-Z]{1,6}"
    r"(?:(?:[ ]?/[ ]?|[.-])(?:\d{1,4}[a-z]|[0-9A-Z]{1,8})){0,3}(?:[ ]\d{2,4}){0,3}"
)


_KEYWORD_BEFORE = re.compile(rf"{_KEYWORD}[^\n]{{0,40}}$", re.IGNORECASE)
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_LISTED = re.compile(r"[ ]?(?:,|;|/|[ ]en|[ ]of|[ ]&)[ ]{1,2}"
                     r"(?P<value>[A-Za-z0-9][\w./-]{2,30}[A-Za-z0-9])(?![\w/-])")
_LISTED_SPACED = re.compile(r"[ ]?(?:,|;|[ ]en|[ ]of|[ ]&)[ ]{1,2}"
                            r"(?P<value>[A-Z0-9]{2,8}(?:[ ][A-Z0-9]{2,10}){1,3})(?![\w/-])")
_DIGIT = re.compile(r"\d")
_LETTER = re.compile(r"[^\W\d_]")


def _shape(value: str) -> str:
    """ "2026-0193" -> "9999-9999": letters A, digits 9, separators as written."""
    return _LETTER.sub("A", _DIGIT.sub("9", value))


#: A word with a 0 or 1 typed for an O or l among its letters, three or more on each side
_WORD_WITH_A_TYPED_DIGIT = re.compile(r"\p{L}{3,}[01]\p{L}{3,}")


class ZaaknummerRecognizer(DutchPatternRecognizer):
    """``Z-2025-00123``, ``Z/24/123456``, ``PL0600-2024123456`` and numbers after a keyword."""

    ENTITY = "ZAAKNUMMER"
    PATTERNS = (
        Pattern("zaak_z_format", r"(?<![\w/-])Z[-/]?\d{2,4}[-/.]\d{3,8}(?![\w/-])", 0.85),
        Pattern("politie_bvh", r"(?<![\w/-])PL\d{4}-?\d{8,10}(?![\w/-])", 0.85),
        # police registrations written in groups: "PL1100 2025 133078", "PL0500-2026/028817"
        Pattern(
            "politie_bvh_grouped",
            r"(?<![\w/-])PL\d{4}[-/ ]?(?:19|20)\d{2}[-/ ]?\d{4,9}(?![\w/-])",
            0.85,
        ),
        # PREFIX-YEAR-NUMBER and YEAR-PREFIX-NUMBER: MLD-2025-3381, OOV/2024/117, 2026-BOA-00451
        Pattern(
            "prefix_year_number",
            r"(?<![\w/.-])[A-Z]{1,5}(?:[-/]|[ ](?=(?:19|20)\d{2}[-/]\d{3,7}\b))(?:19|20)\d{2}"
            r"[-/]\d{3,7}(?![\w/-])",
            0.75,
        ),
        Pattern(
            "year_prefix_number",
            r"(?<![\w/.-])(?:19|20)\d{2}[-/][A-Z]{2,5}[-/]\d{3,7}(?![\w/-])",
            0.75,
        ),
        # any short code of capitals and at least five digits with separators: M2026-00871,
        # 13B-2026-004, U26.01234, 26.0113/IC, OOV/13b/23-044 (prefixes vary per organisation:
        # no list)
        Pattern(
            "letter_digit_code",
            r"(?<![\w/.-])(?=[A-Z0-9./-]*[A-Z])(?=(?:[A-Za-z./-]*\d){5})"
            r"[A-Z0-9]{1,6}(?:[-/.](?:\d{1,4}[a-z]|[A-Z0-9]{1,10})){1,3}(?![\w/-]|[.]\w)",
            0.6,
        ),
        # "registratienummer SV 2026 00219": groups of capitals and digits with spaces
        Pattern(
            "spaced_after_keyword",
            rf"{_KEYWORD}s?[ ]{{0,3}}(?:nr\.?|nummer)?(?:[ ]+[a-z]{{2,12}}){{0,4}}[ ]{{0,3}}[:.]?"
            r"[ ]{0,3}(?P<value>(?=(?:[A-Z ]*\d){5})[A-Z0-9]{2,8}(?:[ ][A-Z0-9]{2,10}){1,3})"
            r"(?![\w/-]|[.,]\w)",
            0.6,
        ),
        Pattern(
            "spaced_code_after_keyword",
            rf"{_KEYWORD}s?[ ]{{0,3}}(?:nr\.?|nummer)?(?:[ ]+[a-z]{{2,12}}){{0,4}}[ ]{{0,3}}[:.]?"
            rf"[ ]{{0,3}}(?P<value>{_SPACED_CODE})(?![\w/-]|[.,]\w)",
            0.6,
        ),
        Pattern(
            "number_after_keyword",
            rf"{_KEYWORD}s?[ ]{{0,3}}(?:nr\.?|nummer)?(?:[ ]+[a-z]{{2,12}}){{0,4}}"
            r"[ ]{0,3}[:.]?[ ]{0,3}#?"
            rf"(?P<value>{_TOKEN})(?![\w/-])",
            0.6,
        ),
    )
    CONTEXT = ("zaaknummer", "dossiernummer", "kenmerk", "registratienummer")
    TRIGGERS = {
        "number_after_keyword": _TRIGGERS,
        "spaced_after_keyword": _TRIGGERS,
        "spaced_code_after_keyword": _TRIGGERS,
    }

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """The numbers found, and those listed right after them in the same notation
        ("meldingnummers 2026-0193 en 2026-0241", "kenmerken Z/24/117, Z/24/118")."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        extra = []
        for result in results:
            end = result.end
            shape = _shape(text[result.start : result.end])
            listing = _LISTED_SPACED if " " in shape else _LISTED
            while (listed := listing.match(text, end)) is not None:
                if _shape(listed.group("value")) != shape:
                    break
                start, end = listed.span("value")
                extra.append(RecognizerResult(self.ENTITY, start, end, result.score,
                                              result.analysis_explanation,
                                              result.recognition_metadata))
        return EntityRecognizer.remove_duplicates(results + extra)

    def reject(self, text: str, start: int, end: int) -> bool:
        # "zaak 12 van 2020" or a bare year after "dossier" is not a case number.
        value = text[start:end]
        if value.isdigit() and len(value) <= 4:
            return True
        if _DATE.fullmatch(value):
            return True  # "melding 18-04-2026" is a date
        if _WORD_WITH_A_TYPED_DIGIT.fullmatch(value):
            return True  # "MELDING DRUGS0VERLAST": a word with a zero typed for the O
        if any(c.isalpha() for c in value) and sum(c.isdigit() for c in _YEAR.sub("", value)) < 4:
            # "Ref. 2027/B/44" (a year and a short number) needs a case word before it
            return not _KEYWORD_BEFORE.search(text[max(0, start - 60) : start])
        return False
