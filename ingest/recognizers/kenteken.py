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


def _side_codes(separator: str) -> str:
    return "(?:" + "|".join(separator.join(groups) for groups in _SIDE_CODES) + ")"


_ANY_SIDE_CODE = _side_codes("-")
_ANY_SIDE_CODE_NO_DASH = _side_codes("")
_SIDE_CODE_RE = re.compile(_ANY_SIDE_CODE)
_SIDE_CODE_NO_DASH_RE = re.compile(_ANY_SIDE_CODE_NO_DASH)
_KEYWORDS = "kenteken|kentekenplaat|nummerplaat|registratienummer voertuig"
_KEYWORD = keyword_regex(_KEYWORDS)


class KentekenRecognizer(DutchPatternRecognizer):
    """Plates written with dashes; without dashes (``12BRT3``) only after the word kenteken."""

    ENTITY = "KENTEKEN"
    PATTERNS = (
        Pattern(
            "kenteken_dashes",
            r"(?<![\w-])[A-Z0-9]{1,3}-[A-Z0-9]{2,3}-[A-Z0-9]{1,3}(?![\w-])",
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

    def validate_result(self, pattern_text: str) -> bool:
        """The plate must fit one of the side codes (checked here rather than in the scanning
        regex: fourteen alternatives tried at every position would make the scan slow)."""
        plate = pattern_text.upper()
        if "-" in plate:
            return bool(_SIDE_CODE_RE.fullmatch(plate))
        return bool(_SIDE_CODE_NO_DASH_RE.fullmatch(plate))
