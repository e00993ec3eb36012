"""Dates of birth without a birth keyword: dates near a person, at least ten years back.

"J. Jansen, 03-04-1987", "Jansen (1987-04-03)", "| Jansen | 3 april 1987 |", "Leeftijd: 34
(14-07-1992)": in a list of people a bare date next to a name or an age is a date of birth.
Anonymisation fails closed here: a date at least ten years back, in the same line as a person
(within ``_WINDOW`` characters) or an age, is treated as a date of birth. A letter's date
("mevrouw Jansen, 3 maart 2026") is recent and stays; so does a date of law ("Wet van 14
februari 1992", "vastgesteld op …"), recognised by the words before it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Callable, Sequence

import regex as re

from assistant.core.protocols import Finding
from ingest.recognizers.geboortedatum import DATE

RECOGNIZER_NAME = "GeboortedatumNaNaam"
_SCORE = 0.7
_MIN_AGE_YEARS = 10
#: How far (characters, within the line) a date may be from a person found in the text
_WINDOW = 120
_DATE_RE = re.compile(rf"(?<![\w/.-]){DATE}(?!\d|[/.-]\d)", re.IGNORECASE)
_AGE = re.compile(r"\b(?:leeftijd|jaar oud|\d{1,3}[ ]?(?:jaar|jr\.?|j\.)\b)", re.IGNORECASE)
#: Dates of statutes, decisions and publications: never a birth date.
_LAW_DATE_BEFORE = re.compile(
    r"(?:\b(?:wet|besluit|regeling|verordening|beleidsregels?|circulaire|richtlijn|aanwijzing"
    r"|vastgesteld|vastgestelde|in werking|inwerkingtreding|gewijzigd|wijziging|Stb|Stcrt"
    r"|Staatsblad|Staatscourant|Gemeenteblad|gegeven|uitspraak|arrest|ECLI|raadsbesluit"
    r"|collegebesluit|brief|d\.d\.|gedateerd|van de raad)\b[^\n]{0,25}|'s-Gravenhage,?[ ]*)$",
    re.IGNORECASE,
)


def birth_dates_after_names(text: str, findings: Sequence[Finding],
                            today: dt.date | None = None) -> list[Finding]:
    """GEBOORTEDATUM findings for old enough dates in the line of a person or an age."""
    this_year = (today or dt.date.today()).year
    latest = this_year - _MIN_AGE_YEARS
    persons = sorted((f.start, f.end) for f in findings if f.entity_type == "PERSOON")
    starts = [s for s, _ in persons]
    out = []
    for match in _DATE_RE.finditer(text):
        if _year(match.group(0), this_year) > latest:
            continue
        start, end = match.span()
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end
        low, high = max(line_start, start - _WINDOW), min(line_end, end + _WINDOW)
        if _LAW_DATE_BEFORE.search(text, max(line_start, start - 40), start):
            continue
        if _person_between(persons, starts, low, high) or _AGE.search(text, low, high):
            out.append(Finding("GEBOORTEDATUM", start, end, _SCORE, RECOGNIZER_NAME))
    return out


#: A year in brackets right after a name: "Jansen (1987)", "D. Yilmaz (° 1990)", "Kim, (geb. 2011)";
#: or after the person's sex: "Abrehet Ghebremariam (v), 1999"
_YEAR_IN_BRACKETS = re.compile(
    r",?[ ]?\((?:(?:°|\*|geb\.?|geboren)[ ]?)?(?P<year>(?:19|20)\d{2}|['’‘]\d{2})\)"
    r"|[ ]\((?:[mv]|m/v|v/m|man|vrouw)\),[ ](?P<year>(?:19|20)\d{2})(?![\w/.-]\w)",
    re.IGNORECASE)


def birth_years_after_names(text: str, findings: Sequence[Finding],
                            today: dt.date | None = None) -> list[Finding]:
    """GEBOORTEDATUM findings for a year in brackets right after a person's name: in a list of
    people that is the year of birth (a year to come is not)."""
    this_year = (today or dt.date.today()).year
    return _birth_dates_right_after(
        text, findings, "PERSOON", _YEAR_IN_BRACKETS, "year",
        lambda match: _year(match.group("year"), this_year) <= this_year)


#: A second date right after a date of birth, in the same sentence: "geboren 9 листопада 1978,
#: zei ze, dus 9 nov 1978", "17 Ağustos 1984 (vertaling: 17 augustus 1984)"
_DATE_AFTER = re.compile(rf"[^\n\d.;]{{1,30}}?(?<![\w/.-])(?P<date>{DATE})(?!\d|[/.-]\d)",
                         re.IGNORECASE)


def dates_after_birth_dates(text: str, findings: Sequence[Finding],
                            today: dt.date | None = None) -> list[Finding]:
    """GEBOORTEDATUM findings for a date that restates a found date of birth a few words
    later (another spelling, a translation): at least ten years back, in the same cell."""
    this_year = (today or dt.date.today()).year
    return _birth_dates_right_after(
        text, findings, "GEBOORTEDATUM", _DATE_AFTER, "date",
        lambda match: "|" not in match.group() and "\t" not in match.group()
        and _year(match.group("date"), this_year) <= this_year - _MIN_AGE_YEARS)


def _birth_dates_right_after(text: str, findings: Sequence[Finding], entity: str,
                             pattern: re.Pattern[str], group: str,
                             accept: Callable[[re.Match[str]], bool]) -> list[Finding]:
    """GEBOORTEDATUM findings for ``group`` of ``pattern`` matched right after each finding of
    type ``entity``, where ``accept`` agrees."""
    out = []
    for finding in findings:
        if finding.entity_type != entity:
            continue
        match = pattern.match(text, finding.end)
        if match is not None and accept(match):
            out.append(Finding("GEBOORTEDATUM", match.start(group), match.end(group), _SCORE,
                               RECOGNIZER_NAME))
    return out


def _person_between(persons: list[tuple[int, int]], starts: list[int], low: int,
                    high: int) -> bool:
    i = bisect_left(starts, low)
    if i > 0 and persons[i - 1][1] > low:
        return True
    return i < len(persons) and persons[i][0] < high


_NUMBER = re.compile(r"\d+")


def _year(date: str, this_year: int) -> int:
    """The year of ``date`` (ISO: the first number, else the last; '87' -> 1987, '12' -> 2012
    when that is not in the future; eight figures: 19870312 or 12031987)."""
    numbers = _NUMBER.findall(date)
    if not numbers:
        return this_year + 1  # no figures: never a date of birth
    if len(numbers) == 1 and len(numbers[0]) == 8:
        figures = numbers[0]
        return int(figures[:4] if figures[:2] in ("19", "20") and int(figures[4:6]) <= 12
                   else figures[4:])
    year = int(numbers[0] if len(numbers[0]) == 4 else numbers[-1])
    if year < 100:
        year += 2000 if 2000 + year <= this_year else 1900
    return year


#: "geboren op 14-2-1991 te Sofia", "geb. te Aleppo": the word after "te" is the place of birth
_BORN_AT_BEFORE = re.compile(r"(?i:\bgeboren|\bgeb\.?|[°*])[^\n]{0,40}[ ]te[ ]$")


def place_of_birth(text: str, start: int, end: int) -> bool:
    """True for one capitalised word right after "geboren … te", with or without the "te"
    ("te Ankara" read as a name with a tussenvoegsel): a place, not a person."""
    if text.startswith("te ", start):
        start += 3
    return " " not in text[start:end] and _BORN_AT_BEFORE.search(
        text, max(0, start - 60), start) is not None
