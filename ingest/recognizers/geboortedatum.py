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
#: Day-month-year in figures (any separator, a two-digit year also with an apostrophe: "12-3-'87"),
#: with a written or abbreviated month ("3 maart 1990", "12 mrt. '87", "3 mrt 87"), or ISO.
_ROMAN_MONTH = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
DATE = (
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.](?:(?:19|20)?\d{2}|'\d{2})"
    rf"|\d{{1,2}}[-/. ]{_ROMAN_MONTH}[-/. ](?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\s?{_MONTHS}\s?(?:(?:19|20)?\d{{2}}|'\d{{2}})"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2})"
)
#: A date written in words, as a notary writes it: "drie juli negentienhonderdtweeënnegentig",
#: "vijfentwintig december tweeduizend drie" (only after a birth word: see the pattern)
_UNITS = "een|één|twee|drie|vier|vijf|zes|zeven|acht|negen"
_TENS = "twintig|dertig|veertig|vijftig|zestig|zeventig|tachtig|negentig"
_NUMBER_WORD = (
    rf"(?:(?:{_UNITS})(?:en|ën)(?:{_TENS})|{_TENS}|tien|elf|twaalf|dertien|veertien|vijftien"
    rf"|zestien|zeventien|achttien|negentien|{_UNITS})"
)
_DATE_IN_WORDS = (
    rf"(?i:{_NUMBER_WORD}[ ]{_MONTHS}[ ](?:negentienhonderd|tweeduizend)(?:[ ]?{_NUMBER_WORD})?)"
    r"(?![^\W\d_])"
)
_KEYWORDS = (
    "geboren|geb.|geboortedatum|geboorte-datum|geboorte datum|geb.datum|geb. datum|geboortedag"
    "|d.o.b.|dob|date of birth|born|geb|gebdat|geb.dat.|geboortedata|geburtsdatum|geboren am"
    "|date de naissance|né le|née le|fecha de nacimiento|data nașterii|data nasterii"
    "|data urodzenia|doğum tarihi|dogum tarihi"
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS) + r"(?![^\W\d_])"
#: Birth words that may follow the date ("12 mrt. '87 is niet mijn geboortedatum")
_KEYWORDS_AFTER = "geboortedatum|geboortedag|geboren"
#: A year of birth: "1987" (also the value of a form's birth field)
BIRTH_YEAR = r"(?:19|20)\d{2}"
#: The year alone after a birth word: "geboren in 1987", "geb. 1987", "geboortejaar 1987",
#: "(° 1990)"
_YEAR_ONLY = BIRTH_YEAR + r"(?!\d|[/.-]\d)"


class GeboortedatumRecognizer(DutchPatternRecognizer):
    """``geboren op 12-05-1984``, ``geb. 3 maart 1990``, ``geboortedatum: 1984-05-12``."""

    ENTITY = "GEBOORTEDATUM"
    PATTERNS = (
        Pattern(
            "date_after_birth_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,45}}(?P<value>{DATE})(?!\d)",
            0.85,
        ),
        Pattern(
            "date_in_words_after_birth_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,45}}?\b(?P<value>{_DATE_IN_WORDS})",
            0.85,
        ),
        # "12 mrt. '87 is niet mijn geboortedatum": the keyword after the date
        Pattern(
            "date_before_birth_keyword",
            rf"(?P<value>{DATE})(?!\d)[^\n\d]{{0,30}}\b(?i:{_KEYWORDS_AFTER})\b",
            0.85,
        ),
        # "* 3-4-1987", "° 3-4-1987": the genealogical signs for born
        Pattern("date_after_star", rf"(?<![\w*°])[*°][ ]?(?P<value>{DATE})(?!\d)", 0.85),
        Pattern(
            "year_after_birth_word",
            rf"(?:\b(?:geboren|Geboren|GEBOREN)(?:[ ]in)?|\b(?:geb|Geb|GEB)\.?(?:[ ]in)?"
            rf"|\b(?:geboortejaar|Geboortejaar|GEBOORTEJAAR)[ :]*|(?<![\w*°.])[*°])[ ]?"
            rf"(?P<value>{_YEAR_ONLY})",
            0.85,
        ),
    )
    CONTEXT = ("geboren", "geboortedatum", "geb")
    TRIGGERS = {
        "date_after_birth_keyword": trigger_words(_KEYWORDS),
        "date_in_words_after_birth_keyword": trigger_words(_KEYWORDS),
        "date_before_birth_keyword": trigger_words(_KEYWORDS_AFTER),
    }

    def reject(self, text: str, start: int, end: int) -> bool:
        # "geboren in 1987" is a birth year, "in 1987 geboren kinderen" is about a cohort
        return text[end : end + 1].isalnum()
