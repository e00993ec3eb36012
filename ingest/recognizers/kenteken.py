"""Dutch licence plates (kentekens) in all side codes 1-14."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer

_L = "[B-DF-HJ-NP-TV-Z]"  # consonants: plates from side code 4 on carry no vowels
_A = "[A-Z]"  # side codes 1-3 (before 1978) did use vowels
_SIDE_CODES = (
    rf"{_A}{{2}}-\d{{2}}-\d{{2}}",  # 1  XX-99-99
    rf"\d{{2}}-\d{{2}}-{_A}{{2}}",  # 2  99-99-XX
    rf"\d{{2}}-{_A}{{2}}-\d{{2}}",  # 3  99-XX-99
    rf"{_L}{{2}}-\d{{2}}-{_L}{{2}}",  # 4  XX-99-XX
    rf"{_L}{{2}}-{_L}{{2}}-\d{{2}}",  # 5  XX-XX-99
    rf"\d{{2}}-{_L}{{2}}-{_L}{{2}}",  # 6  99-XX-XX
    rf"\d{{2}}-{_L}{{3}}-\d",  # 7  99-XXX-9
    rf"\d-{_L}{{3}}-\d{{2}}",  # 8  9-XXX-99
    rf"{_L}{{2}}-\d{{3}}-{_L}",  # 9  XX-999-X
    rf"{_L}-\d{{3}}-{_L}{{2}}",  # 10 X-999-XX
    rf"{_L}{{3}}-\d{{2}}-{_L}",  # 11 XXX-99-X
    rf"{_L}-\d{{2}}-{_L}{{3}}",  # 12 X-99-XXX
    rf"\d-{_L}{{2}}-\d{{3}}",  # 13 9-XX-999
    rf"\d{{3}}-{_L}{{2}}-\d",  # 14 999-XX-9
)
_ANY_SIDE_CODE = "(?:" + "|".join(_SIDE_CODES) + ")"
_KEYWORD = r"(?i:kenteken|kentekenplaat|nummerplaat|registratienummer voertuig)"


class KentekenRecognizer(DutchPatternRecognizer):
    """Plates written with dashes; without dashes (``12BRT3``) only after the word kenteken."""

    ENTITY = "KENTEKEN"
    PATTERNS = (
        Pattern("kenteken_dashes", rf"(?<![\w-]){_ANY_SIDE_CODE}(?![\w-])", 0.6),
        Pattern(
            "kenteken_after_keyword",
            rf"\b{_KEYWORD}[ :]{{1,3}}(?=[A-Z0-9]{{6}}\b)(?P<value>"
            rf"(?:{_ANY_SIDE_CODE.replace('-', '')}))(?![\w-])",
            0.6,
        ),
    )
    CONTEXT = ("kenteken", "auto", "voertuig", "scooter", "bestelbus", "motor", "wagen")
