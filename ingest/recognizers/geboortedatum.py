"""Dates of birth: a date directly after a birth keyword (other dates are left alone)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

#: Month names and abbreviations in Dutch and in the languages of the people a Dutch
#: municipality writes about (English, German, French, Spanish, Polish, Romanian, Turkish)
_MONTH_NAMES = (
    "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november"
    "|december|jan|feb|mrt|apr|jun|jul|aug|sep|sept|okt|nov|dec"
    "|january|february|march|may|june|july|october|mar|oct"
    "|januar|februar|märz|maerz|mai|oktober|dezember|dez"
    "|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre"
    "|décembre|decembre"
    "|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre"
    "|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|wrzesnia"
    "|października|pazdziernika|listopada|grudnia"
    "|ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie"
    "|ocak|şubat|subat|mart|nisan|mayıs|mayis|haziran|temmuz|ağustos|agustos|eylül|eylul|ekim"
    "|kasım|kasim|aralık|aralik"
    # Ukrainian and Russian, in the genitive a date uses
    "|січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
    "|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
)
_MONTHS = keyword_regex(_MONTH_NAMES) + r"\.?(?![^\W\d_])"
#: A two-digit year after an apostrophe, typed straight or curly: '87, ’87
_SHORT_YEAR = r"['’‘`]\d{2}"
#: Day-month-year in figures (any separator, a two-digit year also with an apostrophe: "12-3-'87"),
#: with a written or abbreviated month ("3 maart 1990", "12 mrt. '87", "12. März 1987", "12 de
#: marzo de 1987", "March 12, 1987"), ISO, or eight figures in a row (12031987, 19870312).
_ROMAN_MONTH = r"(?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I)"
_DAY = r"(?:0[1-9]|[12]\d|3[01])"
_MONTH_NUMBER = r"(?:0[1-9]|1[0-2])"
DATE = (
    rf"(?:\d{{1,2}}[-/.]\d{{1,2}}[-/.](?:(?:19|20)?\d{{2}}|{_SHORT_YEAR})"
    rf"|\d{{1,2}}[-/. ]{_ROMAN_MONTH}[-/. ](?:19|20)\d{{2}}"
    rf"|\d{{1,2}}\.?\s?(?:de[ ])?{_MONTHS}\s?(?:de[ ])?(?:(?:19|20)?\d{{2}}|{_SHORT_YEAR})"
    rf"|{_MONTHS}[ ]\d{{1,2}},?[ ](?:19|20)\d{{2}}"
    r"|(?:19|20)\d{2}[-/.]\d{1,2}[-/.]\d{1,2}"
    rf"|(?<!\d){_DAY}{_MONTH_NUMBER}(?:19|20)\d{{2}}(?!\d)"
    rf"|(?<!\d)(?:19|20)\d{{2}}{_MONTH_NUMBER}{_DAY}(?!\d))"
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
    "|data urodzenia|doğum tarihi|dogum tarihi|urodzony|urodzona|ur.|născut|născută|nascut"
    "|nascuta|doğumlu|dogumlu|born on|nacido|nacida|geboren op"
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS) + r"(?![^\W\d_])"
#: Birth words that may follow the date ("12 mrt. '87 is niet mijn geboortedatum")
_KEYWORDS_AFTER = "geboortedatum|geboortedag|geboren"
#: A year of birth: "1987" (also the value of a form's birth field)
BIRTH_YEAR = r"(?:19|20)\d{2}"
#: The year alone after a birth word: "geboren in 1987", "geb. 1987", "geboortejaar 1987",
#: "(° 1990)"
_YEAR_ONLY = BIRTH_YEAR + r"(?!\d|[/.-]\d)"
#: A date with a space between its figures: "2 9 - 0 6 - 2 0 0 3", "1 4 . 0 3 . 1 9 7 9"
_SPACED_DATE = (
    r"\d(?:[ ]\d)?[ ]?[-/.][ ]?\d(?:[ ]\d)?[ ]?[-/.][ ]?(?:\d[ ]\d[ ]\d[ ]\d|\d[ ]\d)"
)


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
        # "Geboortedatum ......... 2 9 - 0 6 - 2 0 0 3": a scan that spaces out every figure
        Pattern(
            "spaced_date_after_birth_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,45}}(?P<value>{_SPACED_DATE})(?![ ]?\d)",
            0.85,
        ),
        # "dochter 2006", "zoon (2008)": a child or sibling named by the year of birth
        Pattern(
            "year_after_child",
            r"\b(?:zoon|dochter|zoontje|dochtertje|kind|broer|zus|zusje|broertje|kleinzoon"
            r"|kleindochter)[ ]\(?(?P<value>(?:19|20)\d{2})\)?(?![\w/.-]|[ ]?[-–][ ]?\d)",
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
            rf"(?P<value>{_YEAR_ONLY}|{_SHORT_YEAR}(?!\d))",
            0.85,
        ),
    )
    CONTEXT = ("geboren", "geboortedatum", "geb")
    TRIGGERS = {
        "date_after_birth_keyword": trigger_words(_KEYWORDS),
        "date_in_words_after_birth_keyword": trigger_words(_KEYWORDS),
        "spaced_date_after_birth_keyword": trigger_words(_KEYWORDS),
        "date_before_birth_keyword": trigger_words(_KEYWORDS_AFTER),
    }

    def reject(self, text: str, start: int, end: int) -> bool:
        # "geboren in 1987" is a birth year, "in 1987 geboren kinderen" is about a cohort
        return text[end : end + 1].isalnum()
