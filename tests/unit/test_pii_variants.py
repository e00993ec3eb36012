"""Property tests: generated Dutch identifiers in many notations are gone after redaction.

The variants come from ``tests/pii_variants.py``, written from a description of the notations
without sight of the recognisers. For each type Hypothesis draws 500 sentences (derandomized, no
example database, so every run and every machine sees the same examples; 500 rather than 200
because notations that leak in ~2 % of draws did not come up in 200) and the real anonymiser
(``build_anonymizer``, with deduce) must leave nothing of the value: not as written, not with its
separators removed or changed, not a six-character piece of a number, not a name as a word.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings

from ingest.anonymize import PresidioAnonymizer
from tests.pii_variants import (
    LABELS,
    STRATEGIES,
    Variant,
    iban_check_digits,
    leaks,
    name_words,
    sample,
)

PROPERTY = settings(max_examples=500, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])




def _assert_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    redacted = anonymizer.redact([variant.text]).texts[0]
    leaked = leaks(variant, redacted)
    assert not leaked, (f"{variant.label}: {leaked} survived\n  in:  {variant.text!r}\n"
                        f"  out: {redacted!r}")


# --- the generator and the leak check themselves (no anonymiser) ------------------------------


def _redact_by_hand(variant: Variant) -> str:
    if variant.label == "PERSOON":
        text = variant.text
        for word in name_words(variant.value):
            text = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", "[PERSOON-1]", text,
                          flags=re.IGNORECASE)  # also the later form in capitals
        return text
    return variant.text.replace(variant.value, f"[{variant.label}-1]")


@pytest.mark.parametrize("label", LABELS)
def test_every_variant_holds_its_value_and_the_leak_check_sees_only_the_value(
        label: str) -> None:
    for variant in sample(label, 500, seed=1):
        assert variant.label == label
        if label == "PERSOON":
            assert all(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", variant.text)
                       for w in name_words(variant.value)), variant
        else:
            assert variant.value in variant.text, variant
        assert leaks(variant, variant.text), variant
        assert leaks(variant, _redact_by_hand(variant)) == [], variant


def test_generated_numbers_pass_their_checksums() -> None:
    for variant in sample("BSN", 300, seed=2):
        digits = [int(d) for d in re.sub(r"\D", "", variant.value)]
        assert len(digits) == 9
        assert sum((9 - i) * d for i, d in enumerate(digits[:8])) % 11 == digits[8]
    countries = set()
    for variant in sample("IBAN", 300, seed=2):
        iban = re.sub(r"\W", "", variant.value).upper()
        countries.add(iban[:2])
        if iban.startswith("NL"):
            assert len(iban) == 18
            assert iban[2:4] == iban_check_digits(iban[4:8], iban[8:])
        else:  # Belgian and German accounts
            assert len(iban) == {"BE": 16, "DE": 22}[iban[:2]]
        rearranged = iban[4:] + iban[:4]
        assert int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1
    assert countries == {"NL", "BE", "DE"}


def test_leak_check_counts_a_respaced_or_partial_number_as_leaked() -> None:
    phone = Variant("Bel 06-12 34 56 78 vandaag.", "06-12 34 56 78", "TELEFOON")
    assert leaks(phone, "Bel 0612345678 vandaag.")
    assert leaks(phone, "Bel 06 12 34 56 [TELEFOON-1] vandaag.")
    assert not leaks(phone, "Bel [TELEFOON-1] vandaag.")
    assert not leaks(phone, "Bel +31 (0)[TELEFOON-1] vandaag.")
    name = Variant("Melder Kavrendo Talussi belde.", "Kavrendo Talussi", "PERSOON")
    assert leaks(name, "Melder [PERSOON-1] TALUSSI belde.") == ["Talussi"]


# --- the anonymiser on the variants: one property per type ------------------------------------


@PROPERTY
@given(variant=STRATEGIES["TELEFOON"])
def test_telefoon_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["KENTEKEN"])
def test_kenteken_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["POSTCODE"])
def test_postcode_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["IBAN"])
def test_iban_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["BSN"])
def test_bsn_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["GEBOORTEDATUM"])
def test_geboortedatum_variants_are_removed(anonymizer: PresidioAnonymizer,
                                            variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["ZAAKNUMMER"])
def test_zaaknummer_variants_are_removed(anonymizer: PresidioAnonymizer,
                                         variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["EMAIL"])
def test_email_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["PERSOON"])
def test_persoon_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)


@PROPERTY
@given(variant=STRATEGIES["KVK"])
def test_kvk_variants_are_removed(anonymizer: PresidioAnonymizer, variant: Variant) -> None:
    _assert_removed(anonymizer, variant)
