"""Burgerservicenummer (BSN) with the 11-proef."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words
from ingest.recognizers.checksums import elfproef

_KEYWORDS = (
    "BSN|bsn-nummer|bsn-nr|burgerservicenummer|burgerservice-nummer|burgerservice nummer"
    "|sofinummer|sofi-nummer|sofinr|persoonsnummer"
)
_BSN_CONTEXT = keyword_regex(_KEYWORDS)
# Nine digits in two to four groups of two to five, one separator kind throughout:
# 123 456 782, 1234 56 782, 1234.56.782, 123-4567-82 (a separator is what people type)
_GROUPED = r"\d{2,5}(?P<sep>[ .-])\d{2,5}(?:(?P=sep)\d{2,5}){0,2}"
# an amount or a measure right before or after is no BSN: "€ 123.456.789", "123 456 789 euro"
_MONEY_BEFORE = re.compile(r"(?:€|EUR|eur|euro|ƒ|\$)[ ]?$")
_MONEY_AFTER = re.compile(r"[ ]?(?:euro|EUR|eur|m2|m²|km|kg|ton|inwoners|liter)\b")


class BsnRecognizer(DutchPatternRecognizer):
    """Nine digits that pass the 11-proef: plain, in the official ``1234.56.789`` form, or in
    any grouping with spaces, dots or dashes (a valid checksum in that shape is a BSN; after a
    BSN keyword the score is higher)."""

    ENTITY = "BSN"
    PATTERNS = (
        Pattern("bsn_plain", r"(?<![\w.,/-])\d{9}(?![\w/-]|[.,]\d)", 0.5),
        Pattern("bsn_grouped", rf"(?<![\w.,/€-]|[.,-]\d|\d[ ])(?=(?:\D?\d){{9}}(?!\d))"
                rf"{_GROUPED}(?![\w/-]|[.,-]\d|[ ]\d)", 0.5),
        Pattern(
            "bsn_grouped_with_keyword",
            rf"\b{_BSN_CONTEXT}[^\n\d]{{0,30}}"
            rf"(?P<value>{_GROUPED})(?![\w/-]|[.,]\d)",
            0.5,
        ),
    )
    CONTEXT = ("bsn", "burgerservicenummer", "sofinummer", "persoonsnummer")
    TRIGGERS = {"bsn_grouped_with_keyword": trigger_words(_KEYWORDS)}

    def validate_result(self, pattern_text: str) -> bool:
        return elfproef(pattern_text)

    def reject(self, text: str, start: int, end: int) -> bool:
        return bool(_MONEY_BEFORE.search(text, max(0, start - 5), start)
                    or _MONEY_AFTER.match(text, end))
