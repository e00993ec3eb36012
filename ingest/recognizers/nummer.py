"""A safety net for identifiers that no typed recognizer knows: any identifier-shaped number.

The typed recognizers (BSN, KvK, telephone, case number …) need a checksum, a keyword or a known
notation. People write numbers in ways no list foresees: a BSN that fails the 11-check, a case
number with an unknown prefix and no case word, a customer number, a passport number. Baken
fails closed: a token with seven or more digits, or a code of letters and at least four digits,
is replaced as ``NUMMER`` unless it is something that is plainly not an identifier: a date, a
period of years, a time, an amount, a quantity with a unit, or a reference to published law or
case law ("Stb. 2010, 1234567", "ECLI:NL:…", "richtlijn 91/477/EEG"). A typed finding on the
same span wins (it is more specific), so this only adds what the others missed.
"""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, digits
from ingest.recognizers.iban import IBAN_SHAPE, PUBLIC_BANK_CODE

#: Digit groups joined by single separators: "123456789", "1234.56.789", "06 1234 5678",
#: "2021/55863". A group after a space needs two digits ("in 2021 3 keer" is no number).
_DIGIT_RUN = r"(?<![\w.,/-])\d+(?:(?:[./-]|[ ](?=\d\d))\d+)*(?![\w]|[.,/-]\d)"
#: A code of letters and digits with optional separators: "PL0600-2026051837", "AB1234567",
#: "NL-OOV-2026-0412", "x12345678" (one letter in front of a long number).
_CODE = (
    r"(?<![\w./-])(?=[\w./-]*?\d)(?=[\w./-]*?[^\W\d_])"
    r"\w+(?:[./-]\w+){0,5}(?![\w]|[./-]\w)"
)
_IBAN_SHAPE = rf"(?<![\w]){IBAN_SHAPE}(?![\w]|[ ]\d)"
_MIN_DIGITS = 7
_MIN_CODE_DIGITS = 4

#: a date, also with the time after it ("18-04-2026 22 uur"), or written as eight digits
_DATE = re.compile(
    r"(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})(?![\d./-])"
    r"|(?:19|20)\d{2}[01]\d[0-3]\d$|[0-3]\d[01]\d(?:19|20)\d{2}$"
)
_YEARS = re.compile(r"(?:19|20)\d{2}(?:[ ]?[-/][ ]?(?:19|20)?\d{2})+")
#: years with a space only, as in a file name whose dashes became spaces ("ivp 2023 2026")
_YEARS_SPACED = re.compile(r"(?:19|20)\d{2}(?:[ ](?:19|20)\d{2})+")
_TIMES = re.compile(r"\d{1,2}[.:]\d{2}(?:[ ]?-[ ]?\d{1,2}[.:]\d{2})?")
_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?")
#: Amounts in a table reach millions; nine digits grouped by dots (318.294.751) is a BSN's shape
_MAX_AMOUNT_DIGITS = 8
_NUMBER_WORD_BEFORE = re.compile(
    r"(?:\b(?:bsn|burgerservicenummer|sofinummer|nummer|nr|klantnummer|pasnummer|id)|nummer)"
    r"\b[.:]?[^\n\d]{0,20}$",
    re.IGNORECASE,
)
_TABLE_ROW = re.compile(r"\d{1,3}(?:[ ]\d{1,3})+")
_SERVICE_NUMBER = re.compile(r"0[89]00\b")
_IBAN_HEAD = re.compile(rf"\b[A-Z]{{2}}\d{{2}}[ ]?{PUBLIC_BANK_CODE}[ ]?$", re.IGNORECASE)
_IBAN_SHAPE_RE = re.compile(_IBAN_SHAPE)
_YEAR_AND_SHORT = re.compile(r"(?:19|20)\d{2}[/-]\d{1,4}|\d{1,4}/(?:19|20)\d{2}")
_HASH = re.compile(r"[0-9a-f]{32,64}|[0-9A-F]{32,64}")
#: a lower-case word of five letters or more: "methylmorfinan-3", "28-09-2021nieuwe"
_WORD_PART = re.compile(r"[a-z]{5,}")
_ARTICLE_RANGE = re.compile(r"(?=.*[a-z])\d{1,4}[a-z]{0,2}(?:[-:.]\d{1,4}[a-z]{0,2})+")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_UNIT_AFTER = re.compile(
    r"[ ]?(?:,[-\d]|euro|eur\b|EUR|€|m2|m²|m3|km|kg|gram|liter|inwoners|mensen|personen"
    r"|bezoekers|woningen|huishoudens|keer|procent|%|exemplaren|stuks|uur|minuten|seconden"
    r"|jaar|dagen|maanden|weken)",
    re.IGNORECASE,
)
_AMOUNT_BEFORE = re.compile(r"(?:€|EUR|eur|euro|fl\.|ƒ|\$|£)[ ]?$", re.IGNORECASE)
#: Published law, case law and standards: not about a person.
_PUBLICATION_BEFORE = re.compile(
    r"(?:\bStb\.?|\bStcrt\.?|\bTrb\.?|\bBlg\.?|\bGmb\.?|\bPb\.?|Staatsblad|Staatscourant"
    r"|Tractatenblad|Gemeenteblad|Kamerstukken(?:[ ]I{1,2})?|ECLI:\S*"
    r"|\bBWBR|\bCVDR|\bISBN|\bISSN|\bNEN(?:-EN)?|\bISO|richtlijn|verordening|\(EU\)"
    r"|\(EG\)|\(EEG\)|\bcommit|\bsha|\bhash)[^\n]{0,14}$",
    re.IGNORECASE,
)
_PUBLICATION_CODE = re.compile(
    r"(?:BWBR|BWBV|CVDR|ECLI|ISBN|ISSN|NEN|COVID|SARS|GGD|ISO|EEG|EG|gmb-|stcrt-|stb-|trb-"
    r"|kst-|blg-|prb-|wsb-)",
    re.IGNORECASE,
)
_FILE_OR_WEB = re.compile(r"\S*(?:www\.|https?://|\.(?:pdf|docx?|xlsx?|html?|jpe?g|png|md|txt|csv|odt)\b|/)")


class NummerRecognizer(DutchPatternRecognizer):
    """Identifier-shaped numbers and codes that no typed recognizer claimed (fail closed)."""

    ENTITY = "NUMMER"
    PATTERNS = (
        # an account number in the IBAN shape whose checksum fails: "NL44 BUNQ 2291 4407 63"
        Pattern("iban_shape", _IBAN_SHAPE, 0.5),
        Pattern("long_digit_run", _DIGIT_RUN, 0.5),
        Pattern("letter_digit_code", _CODE, 0.5),
    )
    CONTEXT = ()

    def reject(self, text: str, start: int, end: int) -> bool:
        value = text[start:end]
        if (iban := _IBAN_SHAPE_RE.fullmatch(value)) is not None:
            return iban.group("bank").upper() == PUBLIC_BANK_CODE
        count = len(digits(value))
        has_letter = any(ch.isalpha() for ch in value)
        if count < (_MIN_CODE_DIGITS if has_letter else _MIN_DIGITS):
            return True
        if has_letter:
            return _not_a_code(text, start, end, value)
        return _not_an_identifier(text, start, end, value)


def _not_an_identifier(text: str, start: int, end: int, value: str) -> bool:
    if _DATE.match(value) or _YEARS.fullmatch(value) or _TIMES.fullmatch(value):
        return True  # a date (also with the hour after it), a period, a time
    if _YEAR_AND_SHORT.fullmatch(value) or _HASH.fullmatch(value):
        return True  # "2009/315", "258/2012": a year and a short serial number; a checksum
    if _SERVICE_NUMBER.match(value) or _IBAN_HEAD.search(text, max(0, start - 12), start):
        return True  # 0800/0900 numbers of organisations; the rest of an IBAN left alone
    if _published(text, start):
        return True
    if _NUMBER_WORD_BEFORE.search(text, max(0, start - 30), start):
        return False  # "BSN 171 239 487", "klantnr. 318.294.751": said to be a number
    if _YEARS_SPACED.fullmatch(value):
        return True  # "2023 2026": a period
    if (_THOUSANDS.fullmatch(value) and len(digits(value)) <= _MAX_AMOUNT_DIGITS) or (
        _TABLE_ROW.fullmatch(value)
    ):
        return True  # "2.031.450", "412 398 405": amounts and counts in a table
    return bool(
        _AMOUNT_BEFORE.search(text, max(0, start - 6), start) or _UNIT_AFTER.match(text, end)
    )


def _not_a_code(text: str, start: int, end: int, value: str) -> bool:
    if len(digits(_YEAR.sub("", value))) < _MIN_CODE_DIGITS:
        return True  # "2027/B/44": a year and a short number is a reference, not an identifier
    if _PUBLICATION_CODE.match(value) or _published(text, start):
        return True
    if _HASH.fullmatch(value) or _DATE.match(value) or _WORD_PART.search(value):
        return True  # a checksum; a date glued to a word; a chemical or compound word
    if _ARTICLE_RANGE.fullmatch(value):
        return True  # "147-154b", "2:59a-2:61": articles, not an identifier
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    word = re.search(r"\S*$", before)
    if _FILE_OR_WEB.match((word.group(0) if word else "") + text[start : end + 6]):
        return True
    return "@" in text[max(0, start - 1) : end + 1]


def _published(text: str, start: int) -> bool:
    return bool(_PUBLICATION_BEFORE.search(text, max(0, start - 40), start))
