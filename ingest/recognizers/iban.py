"""IBAN bank account numbers (Dutch and foreign) with the mod-97 check."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer
from ingest.recognizers.checksums import iban_valid


class IbanRecognizer(DutchPatternRecognizer):
    """``NL91ABNA0417164300``, ``NL91 ABNA 0417 1643 00`` and foreign IBANs, checksum-validated."""

    ENTITY = "IBAN"
    PATTERNS = (
        Pattern(
            "iban_nl",
            r"(?<![\w])(?i:NL)\d{2}[ ]?(?i:[A-Z]{4})(?:[ ]?\d{4}){2}[ ]?\d{2}(?![\w])",
            0.5,
        ),
        Pattern(
            "iban_foreign",
            r"\b(?!NL)[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?\d{1,3})?(?![\w])",
            0.5,
        ),
    )
    CONTEXT = ("iban", "rekening", "rekeningnummer", "bankrekening", "rek.nr", "bank")

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text.upper())
