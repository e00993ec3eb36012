"""The full anonymiser (with deduce): names of many origins, bad input, no network."""

from __future__ import annotations

import random
import socket
from pathlib import Path

import pytest

from ingest.anonymize import PresidioAnonymizer
from ingest.recognizers.deduce_recognizer import load_deduce

DEMO = Path(__file__).resolve().parents[2] / "assistant" / "demo_corpus"


def names(anonymizer: PresidioAnonymizer, text: str) -> list[str]:
    return [text[f.start : f.end] for f in anonymizer.find(text) if f.entity_type == "PERSOON"]


PERSONS = [
    ("Volgens Mohamed Bouzid is de overlast erger geworden.", ["Mohamed Bouzid"]),
    ("Piotr Kowalski belde gisteren over zijn bestelbus.", ["Piotr Kowalski"]),
    ("Gesprek met Ayşe Demir en Mehmet Yılmaz over de winkel.", ["Ayşe Demir", "Mehmet Yılmaz"]),
    ("Ravi Ramdin en Shanti Soekhai waren aanwezig.", ["Ravi Ramdin", "Shanti Soekhai"]),
    ("Aanwezig: Jan-Willem de Groot en Ingrid van den Heuvel-Bosman.",
     ["Jan-Willem de Groot", "Ingrid van den Heuvel-Bosman"]),
    ("Khadija Benali en Youssef Ait Haddou melden zich.", ["Khadija Benali", "Youssef Ait Haddou"]),
    ("Agnieszka Nowak verhuurt kamers. Nowak zegt dat alles klopt.", ["Agnieszka Nowak", "Nowak"]),
    ("Mevrouw Fatima el Amrani belde. Mevrouw El Amrani wil anoniem blijven.",
     ["Fatima el Amrani", "El Amrani"]),
    ("Hallo Sanne, kun je dit oppakken?", ["Sanne"]),
    # a phone number after a name is not a house number ("Dijk 44")
    ("Jan de Vries 06-12345678 belde over overlast.", ["Jan de Vries"]),
]


@pytest.mark.parametrize(("text", "expected"), PERSONS, ids=[p[1][0] for p in PERSONS])
def test_names_of_many_origins(anonymizer: PresidioAnonymizer, text: str,
                               expected: list[str]) -> None:
    assert names(anonymizer, text) == expected


@pytest.mark.parametrize("text", [
    "De burgemeester van Apeldoorn besluit tot sluiting van de woning.",
    "In Barneveld, Almelo en Heeze-Leende gelden andere regels.",
    "Het college van Horst aan de Maas en Valkenburg aan de Geul werkt samen.",
    "Op grond van het Wetboek van Strafrecht en de Opiumwet is dit verboden.",
    "Ondernemers in de binnenstad van Den Haag hebben overlast gemeld.",
])
def test_places_and_institutions_are_not_persons(anonymizer: PresidioAnonymizer,
                                                 text: str) -> None:
    assert names(anonymizer, text) == []


def _assert_only_placeholders_changed(original: str, redacted: str, count: int) -> None:
    assert redacted.count("[") - original.count("[") == count


@pytest.mark.slow  # about 20 s of Presidio on one core
def test_five_megabytes_of_text(anonymizer: PresidioAnonymizer) -> None:
    law = (DEMO / "gemeentewet-172-176a.md").read_text(encoding="utf-8")
    body = (law * (5_000_000 // len(law) + 1))[:5_000_000]
    tail = "\n\nMelder: mevrouw Fatima el Amrani, BSN 111222333, telefoon 06-12345678.\n"
    text = body + tail
    redaction = anonymizer.redact([text])
    out = redaction.texts[0]
    assert out.startswith(body)
    assert out.endswith("Melder: mevrouw [PERSOON-1], BSN [BSN-1], telefoon [TELEFOON-1].\n")
    assert redaction.counts == {"PERSOON": 1, "BSN": 1, "TELEFOON": 1}


def test_text_in_another_language(anonymizer: PresidioAnonymizer) -> None:
    text = ("The mayor received a complaint. Please call +44 20 7946 0958 or write to "
            "j.smith@example.co.uk. The meeting is on 12 March 2026 in London.")
    redaction = anonymizer.redact([text])
    out = redaction.texts[0]
    assert "+44 20 7946 0958" not in out and "j.smith@example.co.uk" not in out
    assert "The mayor received a complaint." in out and "London" in out


@pytest.mark.parametrize("errors", ["surrogateescape", "replace", "ignore"])
def test_binary_garbage_decoded_as_text(anonymizer: PresidioAnonymizer, errors: str) -> None:
    raw = random.Random(7).randbytes(300_000)
    text = raw.decode("utf-8", errors=errors)
    redaction = anonymizer.redact([text])
    findings = redaction.findings[0]
    # Everything outside the findings is returned exactly as it came in.
    pos, rebuilt = 0, []
    for f in findings:
        rebuilt.append(text[pos : f.start])
        pos = f.end
    rebuilt.append(text[pos:])
    out = redaction.texts[0]
    for piece in rebuilt:
        assert piece in out


def test_budget_table_full_of_numbers(anonymizer: PresidioAnonymizer) -> None:
    rows = ["Begroting Openbare Orde en Veiligheid 2026 (bedragen x € 1.000)",
            "Post | 2025 | 2026 | 2027 | 2028"]
    rng = random.Random(3)
    for post in ("Cameratoezicht", "Handhaving APV", "Jeugdoverlast", "Veiligheidshuis",
                 "Bijdrage Veiligheidsregio", "Ondermijning", "Evenementen", "Boa-inzet") * 25:
        amounts = " | ".join(f"{rng.randint(1, 9_999_999):,}".replace(",", ".") for _ in range(4))
        rows.append(f"{post} | {amounts} | {rng.randint(0, 99)},{rng.randint(0, 9)}%")
    text = "\n".join(rows)
    assert anonymizer.find(text) == []


def test_no_network_while_building_and_analysing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network access attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    fresh = PresidioAnonymizer(deduce_engine=load_deduce())
    found = fresh.find("Mail j.jansen@gemeente.nl of bel 06-12345678, website www.gemeente.nl.")
    assert [f.entity_type for f in found] == ["EMAIL", "TELEFOON"]
