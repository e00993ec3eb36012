"""Dates of birth: a date directly after a birth keyword (other dates are left alone)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_MONTHS = (
    keyword_regex(
        "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
        "|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
    )
    + r"\.?"
)
DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}"
    rf"|\d{{1,2}}\s{_MONTHS}\s(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2})"
)
_KEYWORDS = (
    "geboren|geb.|geboortedatum|geboorte-datum|geboorte datum|geb.datum|geb. datum|geboortedag"
    "|d.o.b."
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS)


class GeboortedatumRecognizer(DutchPatternRecognizer):
    """``geboren op 12-05-1984``, ``geb. 3 maart 1990``, ``geboortedatum: 1984-05-12``."""

    ENTITY = "GEBOORTEDATUM"
    PATTERNS = (
        Pattern(
            "date_after_birth_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,45}}(?P<value>{DATE})(?!\d)",
            0.85,
        ),
        # "* 3-4-1987": the genealogical star for born
        Pattern("date_after_star", rf"(?<![\w*])\*[ ]?(?P<value>{DATE})(?!\d)", 0.85),
    )
    CONTEXT = ("geboren", "geboortedatum", "geb")
    TRIGGERS = {"date_after_birth_keyword": trigger_words(_KEYWORDS)}
