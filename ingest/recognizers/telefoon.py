"""Dutch telephone numbers (+31, 0031, 06, 0xx, 0xxx; spaces, dashes, dots, brackets)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, digits, word_set

# Geographic area codes (netnummers) without the leading 0, plus non-geographic ranges.
_AREA_2 = word_set(
    "10 13 15 20 23 24 26 30 33 35 36 38 40 43 45 46 50 53 55 58 70 71 72 73 74 75 76 77 78 79 "
    "84 85 87 88 91 97"
)
_AREA_3 = word_set(
    "111 113 114 115 117 118 161 162 164 165 166 167 168 172 174 180 181 182 183 184 186 187 "
    "222 223 224 226 227 228 229 251 252 255 294 297 299 313 314 315 316 317 318 320 321 341 "
    "342 343 344 345 346 347 348 411 412 413 416 418 475 478 481 485 486 487 488 492 493 495 "
    "497 499 511 512 513 514 515 516 517 518 519 521 522 523 524 525 527 528 529 541 543 544 "
    "545 546 547 548 561 562 566 570 571 572 573 575 577 578 591 592 593 594 595 596 597 598 "
    "599"
)
# 0800/0900 numbers belong to organisations, never to a person: they are left alone.
_SERVICE = ("800", "900", "906", "909")

# Separators between digit groups: at most three of space, dash, dot, slash or brackets.
_SEP = r"[ \t().\-/]{0,3}"
_END = r"(?![\w@]|[ .\-/]?\d)"
_DATE_LIKE = re.compile(r"\(?\d{1,2}([-./])\d{1,2}\1\d{2,4}(?!\d)")


def is_dutch_phone(value: str) -> bool:
    """True if ``value`` is a plausible Dutch number (valid prefix and length)."""
    date = _DATE_LIKE.match(value)
    if date and not value[date.end():].startswith(date.group(1)):
        return False  # "03-04-1987 12": a date; "06-10-00-00-00" goes on in the same way
    nums = digits(value)
    if value.lstrip(" (").startswith("+31") or nums.startswith("0031"):
        nums = "0" + nums[4 if nums.startswith("0031") else 2 :]
        if nums.startswith("00"):  # +31 (0)20 ...
            nums = nums[1:]
    if not nums.startswith("0"):
        return False
    rest = nums[1:]
    if rest.startswith(_SERVICE):
        return False
    if len(nums) != 10:
        return False
    if rest.startswith("6"):
        return rest[1] in "12345678"
    return rest[:2] in _AREA_2 or rest[:3] in _AREA_3


class TelefoonRecognizer(DutchPatternRecognizer):
    """Telephone numbers, validated against Dutch prefixes and lengths."""

    ENTITY = "TELEFOON"
    PATTERNS = (
        Pattern(
            "phone_international_nl",
            rf"(?<![\w+])(?:\+|00)31{_SEP}(?:\(0\){_SEP})?\d(?:{_SEP}\d){{8}}{_END}",
            0.5,
        ),
        Pattern(
            "phone_national",
            # "(" belongs to the number only around an area code: "(020) 555 1234", but in
            # "bel (06-12345678)" the brackets are the sentence's and stay in the text
            rf"(?<![\w+.,/\-])(?:\((?=0\d{{1,3}}\)))?0\d(?:{_SEP}\d){{8}}{_END}",
            0.5,
        ),
    )
    CONTEXT = ("telefoon", "tel", "telefoonnummer", "mobiel", "gsm", "bellen", "gebeld", "nummer")

    def validate_result(self, pattern_text: str) -> bool:
        return is_dutch_phone(pattern_text)


class BuitenlandsTelefoonRecognizer(DutchPatternRecognizer):
    """International numbers outside the Netherlands (``+32 2 123 45 67``, ``0048 601 234 567``)."""

    ENTITY = "TELEFOON"
    PATTERNS = (
        Pattern(
            "phone_international_other",
            rf"(?<![\w+])(?:\+|00)(?!31)[1-9]\d{{0,2}}(?:{_SEP}\d){{6,12}}{_END}",
            0.6,
        ),
    )
    CONTEXT = ("telefoon", "tel", "telefoonnummer", "mobiel")
