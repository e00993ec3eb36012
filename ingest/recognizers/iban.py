"""IBAN bank account numbers (Dutch and foreign) with the mod-97 check."""

from __future__ import annotations

from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer
from ingest.recognizers.checksums import IBAN_LENGTHS, iban_valid

#: An account number written like an IBAN, checksum or not: country, two digits, a four-letter
#: bank code (group ``bank``) and the account digits, spaces anywhere between the groups.
IBAN_SHAPE = r"[A-Za-z]{2}[ ]?\d{2}[ ]?(?P<bank>[A-Za-z]{4})(?:[ ]?\d){7,18}"
#: The Bank Nederlandse Gemeenten holds the accounts of public bodies, not of persons.
PUBLIC_BANK_CODE = "BNGH"


def _by_length() -> str:
    """One branch per IBAN length: the country codes of that length, two check digits and the
    rest of the characters, each optionally after a space, dot or dash. The length decides
    where the number ends, however it is grouped ("NL70 RABO 778638 7645 op ...")."""
    lengths: dict[int, list[str]] = {}
    for country, length in IBAN_LENGTHS.items():
        if length:
            lengths.setdefault(length, []).append(country)
    branches = [
        f"(?:{'|'.join(sorted(countries))})[ ]?\\d{{2}}(?:[ .-]?[A-Z0-9]){{{length - 4}}}"
        for length, countries in sorted(lengths.items(), reverse=True)
    ]
    return "(?i:" + "|".join(branches) + ")"


class IbanRecognizer(DutchPatternRecognizer):
    """``NL91ABNA0417164300``, ``NL91 ABNA 0417 1643 00``, ``nl91 abna 041716 4300`` and
    foreign IBANs in any grouping or case, checksum-validated."""

    ENTITY = "IBAN"
    PATTERNS = (
        Pattern("iban", rf"\b(?<![\w])(?=[A-Za-z]{{2}}[ ]?\d{{2}}){_by_length()}(?![\w])", 0.5),
        # countries without a known length: groups of four, in capitals
        Pattern(
            "iban_other",
            r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?(?![\w])",
            0.5,
        ),
    )
    CONTEXT = ("iban", "rekening", "rekeningnummer", "bankrekening", "rek.nr", "bank")

    def validate_result(self, pattern_text: str) -> bool:
        return iban_valid(pattern_text.upper().replace(".", "").replace("-", ""))
