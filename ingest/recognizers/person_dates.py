"""A date written right after a person's name is that person's date of birth.

"J. Jansen, 03-04-1987", "Jansen (1987-04-03)", "| Jansen | 3 april 1987 |": no birth keyword,
but in a list of people a bare date next to a name is a date of birth. Only dates at least ten
years back count, so "mevrouw Jansen, 3 maart 2026" (a letter's date) stays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import regex as re

from assistant.core.protocols import Finding
from ingest.recognizers.geboortedatum import DATE

RECOGNIZER_NAME = "GeboortedatumNaNaam"
_SCORE = 0.7
_MAX_GAP = 12  # characters of punctuation and space between name and date
_AFTER_NAME = re.compile(
    rf"[ \t,;:|(\[*-]{{1,{_MAX_GAP}}}(?:(?:van|geboren(?:[ ]op)?|geb\.?)[ ]{{1,3}})?"
    rf"(?P<date>{DATE})(?!\d)", re.IGNORECASE)
_MIN_AGE_YEARS = 10


def birth_dates_after_names(text: str, findings: Sequence[Finding],
                            today: dt.date | None = None) -> list[Finding]:
    """GEBOORTEDATUM findings for dates that directly follow a PERSOON finding."""
    latest = (today or dt.date.today()).year - _MIN_AGE_YEARS
    out = []
    for f in findings:
        if f.entity_type != "PERSOON":
            continue
        match = _AFTER_NAME.match(text, f.end)
        if match is None:
            continue
        if _year(match.group("date"), latest + _MIN_AGE_YEARS) > latest:
            continue
        out.append(Finding("GEBOORTEDATUM", match.start("date"), match.end("date"), _SCORE,
                           RECOGNIZER_NAME))
    return out


_NUMBER = re.compile(r"\d+")


def _year(date: str, this_year: int) -> int:
    """The year of ``date`` (ISO: the first number, else the last; '87' -> 1987, '12' -> 2012
    when that is not in the future)."""
    numbers = _NUMBER.findall(date)
    year = int(numbers[0] if len(numbers[0]) == 4 else numbers[-1])
    if year < 100:
        year += 2000 if 2000 + year <= this_year else 1900
    return year
