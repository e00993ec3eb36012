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
        # written so that spam robots miss it: "j.jansen[at]gmail.com", "piet (at) ziggo (dot) nl"
        Pattern(
            "email_obfuscated",
            r"(?<![\w.+%-])[\w.%+-]{1,64}[ ]?(?:\[at\]|\(at\)|\{at\}|[ ]apenstaartje[ ])[ ]?"
            r"[\w-]{1,63}(?:[ ]?(?:\.|\[dot\]|\(dot\)|\[punt\]|\(punt\)|[ ]punt[ ])[ ]?"
            r"[\w-]{1,63}){0,3}[ ]?(?:\.|\[dot\]|\(dot\)|\[punt\]|\(punt\)|[ ]punt[ ])[ ]?"
            r"[A-Za-z]{2,24}(?![\w-])",
            0.9,
        ),
    )
    CONTEXT = ("e-mail", "email", "mail", "mailadres")
