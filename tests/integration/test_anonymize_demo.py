"""The real anonymiser (Presidio + deduce) on the demo corpus: personal data gone, law intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.core.protocols import Anonymizer
from ingest.anonymize import PresidioAnonymizer, build_anonymizer

DEMO = Path(__file__).resolve().parents[2] / "assistant" / "demo_corpus"
MELDING = DEMO / "melding-overlast-fictief.md"

# Every personal value in the fictitious report, as a privacy officer would list them.
PERSONAL_VALUES = [
    "Fatima", "el Amrani", "06-12345678", "f.elamrani@voorbeeldmail.nl", "Lindelaan 14",
    "7311 AB", "Johannes", "van der Berg", "111222333", "12-05-1984", "12-BRT-3",
    "NL91ABNA0417164300", "Z-2026-00417", "P. de Vries", "055-5801234",
]


def test_it_implements_the_protocol(anonymizer: PresidioAnonymizer) -> None:
    assert isinstance(anonymizer, Anonymizer)
    assert "presidio" in anonymizer.version and "deduce" in anonymizer.version


def test_build_anonymizer_is_built_once_per_process(anonymizer: PresidioAnonymizer) -> None:
    assert build_anonymizer() is anonymizer
    assert build_anonymizer([]) is anonymizer


@pytest.mark.parametrize("value", PERSONAL_VALUES)
def test_demo_report_loses_every_personal_value(anonymizer: PresidioAnonymizer, value: str) -> None:
    text = MELDING.read_text(encoding="utf-8")
    assert value in text
    redacted = anonymizer.redact([text]).texts[0]
    assert value not in redacted


def test_demo_report_keeps_its_substance(anonymizer: PresidioAnonymizer) -> None:
    text = MELDING.read_text(encoding="utf-8")
    redaction = anonymizer.redact([text])
    out = redaction.texts[0]
    for kept in ("artikel 13b van de Opiumwet", "burgemeester", "Damoclesbeleid", "3 maart 2026",
                 "Openbare Orde en Veiligheid", "Apeldoorn", "Baken"):
        assert kept in out
    for placeholder in ("[PERSOON-1]", "[TELEFOON-1]", "[EMAIL-1]", "[ADRES-1]", "[BSN-1]",
                        "[GEBOORTEDATUM-1]", "[KENTEKEN-1]", "[IBAN-1]", "[ZAAKNUMMER-1]"):
        assert placeholder in out
    assert redaction.counts["PERSOON"] == 3
    assert redaction.counts["TELEFOON"] == 2
    assert sum(redaction.counts.values()) == len(redaction.findings[0])


def test_text_outside_findings_is_unchanged(anonymizer: PresidioAnonymizer) -> None:
    text = MELDING.read_text(encoding="utf-8")
    redaction = anonymizer.redact([text])
    findings = redaction.findings[0]
    # Rebuild the output from the original and the findings: only the spans may differ.
    rebuilt, pos = [], 0
    for f in findings:
        rebuilt.append(re.escape(text[pos:f.start]))
        rebuilt.append(r"\[[A-Z]+-\d+\]")
        pos = f.end
    rebuilt.append(re.escape(text[pos:]))
    assert re.fullmatch("".join(rebuilt), redaction.texts[0], flags=re.DOTALL)


@pytest.mark.parametrize("path", sorted(p for p in DEMO.glob("*.md") if p != MELDING),
                         ids=lambda p: p.stem)
def test_regulations_keep_articles_dates_and_place_names(
    anonymizer: PresidioAnonymizer, path: Path
) -> None:
    text = path.read_text(encoding="utf-8")
    out = anonymizer.redact([text]).texts[0]
    for pattern in (r"[Aa]rtikel \d+[a-z]?(?::\d+)?", r"\d{1,2} \w+ (?:19|20)\d{2}",
                    r"\d{2}-\d{2}-\d{4}", r"Opiumwet", r"[Bb]urgemeester", r"Apeldoorn",
                    r"Barneveld", r"Almelo", r"Heeze-Leende", r"Gemeentewet"):
        for match in re.finditer(pattern, text):
            assert match.group(0) in out, f"{path.name}: {match.group(0)!r} verdween"


def test_same_value_same_placeholder_across_texts_of_one_document(
    anonymizer: PresidioAnonymizer,
) -> None:
    redaction = anonymizer.redact([
        "Melder: mevrouw Fatima el Amrani, telefoon 06-12345678.",
        "Mevrouw El Amrani belde later opnieuw vanaf 06 12345678; ook de heer Jan Bakker belde.",
    ])
    first, second = redaction.texts
    assert "[PERSOON-1]" in first and "[TELEFOON-1]" in first
    assert "Mevrouw [PERSOON-1]" in second
    assert "[TELEFOON-1]" in second
    assert "[PERSOON-2]" in second
    assert redaction.counts == {"PERSOON": 3, "TELEFOON": 2}


def test_numbering_starts_again_for_each_document(anonymizer: PresidioAnonymizer) -> None:
    one = anonymizer.redact(["De heer Jan Bakker, BSN 111222333."]).texts[0]
    two = anonymizer.redact(["Mevrouw Ayşe Demir, BSN 162275869."]).texts[0]
    assert one == "De heer [PERSOON-1], BSN [BSN-1]."
    assert two == "Mevrouw [PERSOON-1], BSN [BSN-1]."
