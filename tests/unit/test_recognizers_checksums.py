"""Checksums and number rules behind the Dutch recognizers (pure functions)."""

from __future__ import annotations

import pytest
import regex as re

from ingest.recognizers.base import keyword_regex
from ingest.recognizers.checksums import elfproef, iban_valid
from ingest.recognizers.telefoon import is_dutch_phone


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("111222333", True),
        ("162275869", True),
        ("1922.85.142", True),
        ("187 891 151", True),
        ("111222334", False),  # one digit off: fails the 11-proef
        ("166838090", False),
        ("000000000", False),
        ("12345678", False),  # too short
    ],
)
def test_bsn_elfproef(value: str, valid: bool) -> None:
    assert elfproef(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("nl91abna0417164300", True),
        ("BE49377602675335", True),
        ("DE81500512881346055548", True),
        ("NL91ABNA0417164301", False),  # checksum
        ("NL91ABNA041716430", False),  # length
        ("GB00ABCD12345612345678", False),
    ],
)
def test_iban_mod97(value: str, valid: bool) -> None:
    assert iban_valid(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("06-12345678", True),
        ("0612345678", True),
        ("+31 6 12345678", True),
        ("+31 (0)20 123 4567", True),
        ("0031 70 3456789", True),
        ("055-5801234", True),
        ("(070) 345 67 89", True),
        ("0570-612345", True),
        ("1234567890", False),  # ten digits, no leading zero
        ("0123456789", False),  # 012 is no Dutch area code
        ("06-0123456", False),
        ("0800-2000", False),  # service numbers belong to organisations
        ("0900-8844", False),
        ("01-02-2024 12", False),  # a date with an hour
    ],
)
def test_dutch_phone_prefixes_and_lengths(value: str, valid: bool) -> None:
    assert is_dutch_phone(value) is valid


def test_keyword_regex_matches_every_spelling_and_nothing_else() -> None:
    pattern = re.compile(rf"\b{keyword_regex('zaaknummer|zaak|BVH-nummer|ons kenmerk')}\b")
    for word in ("zaak", "zaaknummer", "Zaaknummer", "ZAAKNUMMER", "BVH-nummer", "bvh-nummer",
                 "Ons kenmerk"):
        assert pattern.fullmatch(word), word
    for word in ("zaakje", "kenmerk", "nummer"):
        assert not pattern.fullmatch(word), word
