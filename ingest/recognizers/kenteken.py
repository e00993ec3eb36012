"""Dutch licence plates (kentekens) in all side codes 1-14."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_L = "[B-DF-HJ-NP-TV-Z]"  # consonants: plates from side code 4 on carry no vowels
_A = "[A-Z]"  # side codes 1-3 (before 1978) did use vowels
# Side codes 1-14 as (group, group, group); "9" digits, "X" letters of that era.
_SIDE_CODES = (
    (f"{_A}{{2}}", r"\d{2}", r"\d{2}"),  # 1  XX-99-99
    (r"\d{2}", r"\d{2}", f"{_A}{{2}}"),  # 2  99-99-XX
    (r"\d{2}", f"{_A}{{2}}", r"\d{2}"),  # 3  99-XX-99
    (f"{_L}{{2}}", r"\d{2}", f"{_L}{{2}}"),  # 4  XX-99-XX
    (f"{_L}{{2}}", f"{_L}{{2}}", r"\d{2}"),  # 5  XX-XX-99
    (r"\d{2}", f"{_L}{{2}}", f"{_L}{{2}}"),  # 6  99-XX-XX
    (r"\d{2}", f"{_L}{{3}}", r"\d"),  # 7  99-XXX-9
    (r"\d", f"{_L}{{3}}", r"\d{2}"),  # 8  9-XXX-99
    (f"{_L}{{2}}", r"\d{3}", _L),  # 9  XX-999-X
    (_L, r"\d{3}", f"{_L}{{2}}"),  # 10 X-999-XX
    (f"{_L}{{3}}", r"\d{2}", _L),  # 11 XXX-99-X
    (_L, r"\d{2}", f"{_L}{{3}}"),  # 12 X-99-XXX
    (r"\d", f"{_L}{{2}}", r"\d{3}"),  # 13 9-XX-999
    (r"\d{3}", f"{_L}{{2}}", r"\d"),  # 14 999-XX-9
)


def _side_codes(separator: str, codes: tuple[tuple[str, str, str], ...] = _SIDE_CODES) -> str:
    return "(?:" + "|".join(separator.join(groups) for groups in codes) + ")"


_ANY_SIDE_CODE = _side_codes("-")
_ANY_SIDE_CODE_NO_DASH = _side_codes("")
_SIDE_CODE_RE = re.compile(_ANY_SIDE_CODE)
_SIDE_CODE_NO_DASH_RE = re.compile(_ANY_SIDE_CODE_NO_DASH)
_SIDE_CODE_NO_VOWELS_RE = re.compile(_side_codes("-", _SIDE_CODES[3:]))
_SIDE_CODE_NO_VOWELS_COMPACT_RE = re.compile(_side_codes("", _SIDE_CODES[3:]))
_KEYWORDS = "kenteken|kentekenplaat|nummerplaat|registratienummer voertuig"
#: Words that make a plate written in lower case or without separators credible.
_VEHICLE_CONTEXT = re.compile(
    r"\b(?:kenteken\w*|nummerplaat|plaat|platen|\w*auto(?:'s)?|voertuig\w*|scooter\w*|brommer|bromfiets"
    r"|snorfiets|motor(?:fiets)?|(?:bestel|mini|touring)?bus(?:je)?|vrachtwagen|\w*wagen"
    r"|aanhanger|camper|taxi"
    r"|busje|bestuurder|geparkeerd|reed|rijdend|RDW"
    # makes and models people name a car by: "die zwarte golf gx418d"
    r"|golf|polo|audi|bmw|mercedes|benz|opel|corsa|astra|vw|volkswagen|toyota|peugeot|renault"
    r"|citro[eë]n|ford|fiat|kia|seat|ibiza|leon|skoda|volvo|mazda|nissan|tesla|honda|hyundai"
    r"|suzuki|dacia|mini|jeep|porsche|transit|sprinter|caddy|vito|transporter|range[ ]rover)\b",
    re.IGNORECASE,
)
_CONTEXT_CHARS = 80
_POSTCODE_SHAPE = re.compile(r"[1-9]\d{3}[ ]?[A-Za-z]{2}")
_KEYWORD = keyword_regex(_KEYWORDS)
_KEYWORD_BEFORE = re.compile(rf"\b{_KEYWORD}[ :]*$")


class KentekenRecognizer(DutchPatternRecognizer):
    """Plates written with dashes; without dashes (``12BRT3``) only after the word kenteken."""

    ENTITY = "KENTEKEN"
    PATTERNS = (
        # "87-TB-14", "2.VKR.17": dashes or dots
        Pattern(
            "kenteken_dashes",
            r"(?<![\w.-])[A-Za-z0-9]{1,3}(?P<sep>[-.])[A-Za-z0-9]{2,3}(?P=sep)[A-Za-z0-9]{1,3}"
            r"(?![\w-]|[.]\w)",
            0.6,
        ),
        # "4 TFV 81", "xf 391 b": spaces instead of dashes (a digit among the first groups, so
        # that "als k 802 rt" is not taken from "als" on)
        Pattern(
            "kenteken_spaces",
            r"(?<![\w-])(?=[A-Za-z ]{0,8}\d)[A-Za-z0-9]{1,3}[ ][A-Za-z0-9]{2,3}[ ][A-Za-z0-9]{1,3}"
            r"(?![\w-])",
            0.6,
        ),
        # "GBN47R": no separators at all (only near a vehicle word, see reject)
        Pattern(
            "kenteken_compact",
            r"(?<![\w-])(?=[A-Za-z]{0,5}\d)(?=\d{0,5}[A-Za-z])[A-Za-z0-9]{6}(?![\w-])",
            0.6,
        ),
        Pattern(
            "kenteken_after_keyword",
            rf"\b{_KEYWORD}[ :]{{1,3}}(?=[A-Za-z0-9]{{6}}\b)(?P<value>"
            rf"(?i:{_ANY_SIDE_CODE_NO_DASH}))(?![\w-])",
            0.6,
        ),
        # "kenteken 12-brt-3": lower case is only trusted right after the keyword.
        Pattern(
            "kenteken_any_case_after_keyword",
            rf"\b{_KEYWORD}[ :]{{1,3}}(?P<value>(?i:{_ANY_SIDE_CODE}))(?![\w-])",
            0.6,
        ),
    )

    CONTEXT = ("kenteken", "auto", "voertuig", "scooter", "bestelbus", "motor", "wagen")
    TRIGGERS = {
        "kenteken_after_keyword": trigger_words(_KEYWORDS),
        "kenteken_any_case_after_keyword": trigger_words(_KEYWORDS),
    }

    def reject(self, text: str, start: int, end: int) -> bool:
        """A plate in lower case, with spaces or without separators needs a vehicle word nearby
        ("de auto (gbn47r)"); one in capitals with dashes is a plate anywhere."""
        value = text[start:end]
        if _POSTCODE_SHAPE.fullmatch(value):
            # "3511ab" is a postcode, unless a vehicle word right before says otherwise
            return not _VEHICLE_CONTEXT.search(text[max(0, start - 25) : start])
        if value.upper() == value and ("-" in value or "." in value):
            return False
        if " " in value and value.upper() == value and (
            any(c.isdigit() for c in value[:1] + value[-1:])
            or _SIDE_CODE_NO_VOWELS_RE.fullmatch(value.replace(" ", "-"))
        ):
            # "4 TFV 81", "12 BRT 3": digits at an end, capitals in the middle; "HZ 812 T":
            # a side code from 1978 on (no vowels), which no word or article number has
            return False
        if value.upper() == value and _SIDE_CODE_NO_VOWELS_COMPACT_RE.fullmatch(value):
            return False  # "16JZR7": the same side codes written together, in capitals
        if "-" in value and _SIDE_CODE_NO_VOWELS_RE.fullmatch(value.upper()):
            return False  # "tx-507-h": dashes in a side code from 1978 on, in any case
        window = text[max(0, start - _CONTEXT_CHARS) : end + 20]
        return not _VEHICLE_CONTEXT.search(window)

    def validate_result(self, pattern_text: str) -> bool:
        """The plate must fit one of the side codes (checked here rather than in the scanning
        regex: fourteen alternatives tried at every position would make the scan slow)."""
        plate = pattern_text.upper().replace(" ", "-").replace(".", "-")
        if "-" in plate:
            return bool(_SIDE_CODE_RE.fullmatch(plate))
        return bool(_SIDE_CODE_NO_DASH_RE.fullmatch(plate))


#: A foreign plate: two or three groups of capitals and digits ("HH-AB 1234", "WZ 12345",
#: "1-ABC-234", "AB-123-CD"), at least one letter and one digit.
_FOREIGN_PLATE = (
    r"(?<![\w-])(?=[A-Z0-9 -]{4,11}(?![\w-]))(?=[A-Z -]*\d)(?=[0-9 -]*[A-Z])"
    r"[A-Z0-9]{1,4}(?:[- ][A-Z0-9]{1,5}){1,2}(?![\w-])"
)
_FOREIGN_CONTEXT = re.compile(
    r"(?:\b(?:kenteken\w*|nummerplaat|buitenlands\w*|Duits\w*|Belgisch\w*|Pools\w*|Frans\w*"
    r"|Bulgaars\w*|Roemeens\w*|Litouws\w*|Lets\w*|Oekra\xefens\w*|Brits\w*|Spaans\w*"
    r"|Turks\w*|Marokkaans\w*|Hongaars\w*|Tsjechisch\w*|Slowaaks\w*|Italiaans\w*"
    r"|Portugees\w*|Zwitsers\w*|Oostenrijks\w*)\b)[^\n]{0,40}$",
    re.IGNORECASE,
)


class BuitenlandsKentekenRecognizer(DutchPatternRecognizer):
    """Plates of other countries, after the word kenteken or a nationality in the same line
    ("Duitse auto HH-AB 1234", "Poolse bus WZ 12345")."""

    ENTITY = "KENTEKEN"
    PATTERNS = (Pattern("foreign_plate", _FOREIGN_PLATE, 0.6),)
    CONTEXT = ()

    def reject(self, text: str, start: int, end: int) -> bool:
        line_start = max(text.rfind("\n", 0, start) + 1, start - 60)
        if not _FOREIGN_CONTEXT.search(text, line_start, start):
            return True
        return not _VEHICLE_CONTEXT.search(text, max(0, start - _CONTEXT_CHARS), end + 20)
