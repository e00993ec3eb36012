"""Checksums used by Dutch identifiers (pure functions, no Presidio)."""

from __future__ import annotations

import string

from ingest.recognizers.base import digits


def elfproef(value: str) -> bool:
    """The BSN 11-proef: 9 digits, weights 9..2 and -1, sum divisible by 11, not all zeros."""
    nums = digits(value)
    if len(nums) != 9 or nums == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(nums[:8], range(9, 1, -1), strict=True))
    total -= int(nums[8])
    return total % 11 == 0


IBAN_LENGTHS = {
    "NL": 18,
    "BE": 16,
    "DE": 22,
    "FR": 27,
    "LU": 20,
    "GB": 22,
    "ES": 24,
    "IT": 27,
    "AT": 20,
    "CH": 21,
    "PL": 28,
    "PT": 25,
    "IE": 22,
    "DK": 18,
    "SE": 24,
    "NO": 15,
    "FI": 18,
    "CZ": 24,
    "SK": 24,
    "HU": 28,
    "RO": 24,
    "BG": 22,
    "GR": 27,
    "TR": 26,
    "HR": 21,
    "SI": 19,
    "LT": 20,
    "LV": 21,
    "EE": 20,
    "MT": 31,
    "CY": 28,
    "IS": 26,
    "LI": 21,
    "MC": 27,
    "SM": 27,
    "MA": 28,
    "SR": 0,
}


def iban_valid(value: str) -> bool:
    """ISO 13616 mod-97 check (spaces ignored, case-insensitive, known country lengths)."""
    iban = "".join(value.split()).upper()
    if len(iban) < 15 or len(iban) > 34 or not iban[:2].isalpha() or not iban[2:4].isdigit():
        return False
    expected = IBAN_LENGTHS.get(iban[:2])
    if expected and len(iban) != expected:
        return False
    if any(ch not in string.ascii_uppercase + string.digits for ch in iban):
        return False
    rearranged = iban[4:] + iban[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1
