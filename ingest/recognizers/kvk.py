"""KvK numbers (Kamer van Koophandel): eight digits, only next to a KvK keyword or a company."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_KEYWORDS = (
    "KvK|K.v.K.|Kamer van Koophandel|kamer van koophandel|handelsregister|KvK-nummer|KvK-nr"
    "|KvK nr|vestigingsnummer|inschrijvingsnummer|inschrijfnummer|kvknummer|kvk-inschrijving"
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS)
# Eight digits, written together or in groups with spaces, dots or dashes: 12345678,
# 1234 5678, 12.34.56.78, 81 42 7760 (people group them as they like)
_EIGHT = r"\d(?:[ .-]?\d){7}"
_END = r"(?![\w]|[ .,-]?\d)"
# A company (legal form or "ingeschreven") shortly before: "Vastgoed B.V. (71204388)",
# "ingeschreven onder nummer 68310295"
_COMPANY = (
    r"(?:B\.V\.|\bBV\b|V\.O\.F\.|\bVOF\b|N\.V\.|\bNV\b|C\.V\.|\bCV\b|U\.A\.|eenmanszaak"
    r"|ingeschreven|onderneming|rechtspersoon)"
)

_AMOUNT = re.compile(r"[ ]?(?:euro|EUR|eur|m2|m²|kg|liter)\b")
#: "ingeschreven sinds 01-06-2024": a date, not a KvK number
_DATE = re.compile(r"(?:0?[1-9]|[12]\d|3[01])([-/.])(?:0?[1-9]|1[0-2])\1(?:19|20)\d{2}")


class KvkRecognizer(DutchPatternRecognizer):
    """KvK numbers carry no checksum, so a KvK keyword (within 40 characters) or a company
    (a legal form or "ingeschreven", within 30 characters) must come before."""

    ENTITY = "KVK"
    PATTERNS = (
        Pattern(
            "kvk_after_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,40}}(?<![\w.,])(?P<value>{_EIGHT}){_END}",
            0.7,
        ),
        Pattern(
            "kvk_after_company",
            rf"{_COMPANY}[^\n\d€]{{0,30}}(?<![\w.,€])(?P<value>{_EIGHT}){_END}",
            0.7,
        ),
    )
    CONTEXT = ("kvk", "koophandel", "handelsregister")
    TRIGGERS = {
        "kvk_after_keyword": trigger_words(_KEYWORDS),
        "kvk_after_company": trigger_words(
            "b|bv|v|vof|n|nv|c|cv|u|eenmanszaak|ingeschreven|onderneming|rechtspersoon"),
    }

    def reject(self, text: str, start: int, end: int) -> bool:
        # "B.V. ontving 12345678 euro"; "ingeschreven sinds 01-06-2024"
        return bool(_AMOUNT.match(text, end)) or _DATE.fullmatch(text, start, end) is not None
