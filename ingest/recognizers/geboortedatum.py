"""Dates of birth: a date directly after a birth keyword (other dates are left alone)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer

_MONTHS = (
    r"(?i:januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    r"|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec)\.?"
)
_DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)?\d{2}"
    rf"|\d{{1,2}}\s{_MONTHS}\s(?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}-\d{2}-\d{2})"
)
_KEYWORD = (
    r"\b(?i:geboren|geb\.|geboortedatum|geboorte-datum|geboorte datum|geb\.datum|geb\. datum"
    r"|geboortedag|d\.o\.b\.)"
)


class GeboortedatumRecognizer(DutchPatternRecognizer):
    """``geboren op 12-05-1984``, ``geb. 3 maart 1990``, ``geboortedatum: 1984-05-12``."""

    ENTITY = "GEBOORTEDATUM"
    PATTERNS = (
        Pattern(
            "date_after_birth_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,25}}(?P<value>{_DATE})(?!\d)",
            0.85,
        ),
    )
    CONTEXT = ("geboren", "geboortedatum", "geb")
