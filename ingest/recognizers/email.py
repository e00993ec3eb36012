"""E-mail addresses (own pattern: Presidio's e-mail recognizer would look up TLDs online)."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer


class EmailRecognizer(DutchPatternRecognizer):
    """``naam@domein.nl``; a top-level domain of 2-24 letters is required."""

    ENTITY = "EMAIL"
    PATTERNS = (
        Pattern(
            "email",
            r"(?<![\w.+%-])[\w.%+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})*\.[A-Za-z]{2,24}(?![\w-])",
            0.95,
        ),
    )
    CONTEXT = ("e-mail", "email", "mail", "mailadres")
