"""Burgerservicenummer (BSN) with the 11-proef."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words
from ingest.recognizers.checksums import elfproef

_KEYWORDS = "BSN|bsn-nummer|burgerservicenummer|burgerservice-nummer|sofinummer|sofi-nummer|sofinr"
_BSN_CONTEXT = keyword_regex(_KEYWORDS)


class BsnRecognizer(DutchPatternRecognizer):
    """Nine digits (plain, official ``1234.56.789`` form, or grouped after a BSN keyword)."""

    ENTITY = "BSN"
    PATTERNS = (
        Pattern("bsn_plain", r"(?<![\w.,/-])\d{9}(?![\w/-]|[.,]\d)", 0.5),
        Pattern("bsn_dotted", r"(?<![\w.,/-])\d{4}\.\d{2}\.\d{3}(?![\w/-]|[.,]\d)", 0.5),
        Pattern(
            "bsn_grouped_with_keyword",
            rf"\b{_BSN_CONTEXT}[^\n\d]{{0,30}}"
            r"(?P<value>\d{3}[ .-]\d{3}[ .-]\d{3})(?![\w/-]|[.,]\d)",
            0.5,
        ),
    )
    CONTEXT = ("bsn", "burgerservicenummer", "sofinummer", "persoonsnummer")
    TRIGGERS = {"bsn_grouped_with_keyword": trigger_words(_KEYWORDS)}

    def validate_result(self, pattern_text: str) -> bool:
        return elfproef(pattern_text)
