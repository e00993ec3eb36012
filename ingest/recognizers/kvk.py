"""KvK numbers (Kamer van Koophandel): eight digits, only next to a KvK keyword."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer

_KEYWORD = (
    r"\b(?i:kvk|k\.v\.k\.|kamer van koophandel|handelsregister|kvk-nummer|kvk-nr|kvk nr"
    r"|vestigingsnummer)"
)


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
    )
    CONTEXT = ("kvk", "koophandel", "handelsregister")
