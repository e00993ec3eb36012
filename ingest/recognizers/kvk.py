"""KvK numbers (Kamer van Koophandel): eight digits, only next to a KvK keyword."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, keyword_regex, trigger_words

_KEYWORDS = (
    "KvK|K.v.K.|Kamer van Koophandel|kamer van koophandel|handelsregister|KvK-nummer|KvK-nr"
    "|KvK nr|vestigingsnummer"
)
_KEYWORD = r"\b" + keyword_regex(_KEYWORDS)


class KvkRecognizer(DutchPatternRecognizer):
    """KvK numbers carry no checksum, so a keyword within 40 characters before is required."""

    ENTITY = "KVK"
    PATTERNS = (
        Pattern(
            "kvk_after_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,40}}(?<![\w.,])(?P<value>\d{{8}})(?![\w]|[.,]\d)",
            0.7,
        ),
        Pattern(
            "kvk_dotted_after_keyword",
            rf"{_KEYWORD}[^\n\d]{{0,40}}(?<![\w.,])"
            r"(?P<value>\d{2}[ .]\d{2}[ .]\d{2}[ .]\d{2})(?![\w]|[.,]\d)",
            0.7,
        ),
        # "Van der Laan V.O.F. (77123456)": eight digits in brackets right after a legal form
        Pattern(
            "kvk_after_legal_form",
            r"(?:B\.V\.|\bBV|V\.O\.F\.|\bVOF|N\.V\.|\bNV)[ ]?[(][ ]?(?:KvK[: ]{0,2})?"
            r"(?P<value>\d{8})[ ]?[)]",
            0.7,
        ),
    )
    CONTEXT = ("kvk", "koophandel", "handelsregister")
    TRIGGERS = {
        "kvk_after_keyword": trigger_words(_KEYWORDS),
        "kvk_dotted_after_keyword": trigger_words(_KEYWORDS),
    }
