"""The full anonymiser (with deduce) on identifiers in less common notations and on names that
change form within a document (issue 16, fourth development set).

What a reader of the anonymised text would notice: a number, plate or account still readable
because it was grouped or cased unusually, a person under two placeholder numbers, a name in a
chat or a table left in the text, or a place, an amount or a law over-redacted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.anonymize import PresidioAnonymizer
from tests.data.pii import build_annotations
from tests.redaction import redacted

PII = Path(__file__).resolve().parents[2] / "tests" / "data" / "pii"
DEV4 = PII / "annotated_dev4.jsonl"


@pytest.mark.parametrize(
    ("text", "value", "label"),
    [
        ("De bestuurder, BSN 2608 19 153, was niet thuis.", "2608 19 153", "BSN"),
        ("Tran (464.484.388), die zelf geen inkomen heeft.", "464.484.388", "BSN"),
        ("Mijn BSN is 218 5904 89, mijn zaaknummer volgt.", "218 5904 89", "BSN"),
        ("Aanvrager: Karaca V.O.F., KvK-nr. 6542 0918", "6542 0918", "KVK"),
        ("Inschrijvingsnummer Kamer van Koophandel: 59018843.", "59018843", "KVK"),
        ("Vastgoed Noordhoek B.V. (71204388) is eigenaar.", "71204388", "KVK"),
        ("Betalingen liepen via rekening NL70 RABO 778638 7645 naar het buitenland.",
         "NL70 RABO 778638 7645", "IBAN"),
        ("De huur komt van een Belgische rekening, be68 5390 0754 7034.", "be68 5390 0754 7034",
         "IBAN"),
        ("Rijdt in een grijze caddy 2.VKR.17 door de wijk.", "2.VKR.17", "KENTEKEN"),
        ("die met die zwarte golf HZ 812 T", "HZ 812 T", "KENTEKEN"),
        ("Aangeefster is bereikbaar op 0048 601 234 567.", "0048 601 234 567", "TELEFOON"),
        ("Het registratienummer is SV 2026 00219.", "SV 2026 00219", "ZAAKNUMMER"),
        ("Zie registratienummer PL1100 2025 133078.", "PL1100 2025 133078", "ZAAKNUMMER"),
        ("Ik heb dit gemeld (meldingnummers 2026-0193 en 2026-0241).", "2026-0241",
         "ZAAKNUMMER"),
    ],
)
def test_structured_identifiers_in_unusual_notations_are_replaced(
    anonymizer: PresidioAnonymizer, text: str, value: str, label: str
) -> None:
    out = redacted(anonymizer, text)
    assert value not in out
    assert f"[{label}-" in out


def test_a_later_fuller_form_keeps_the_first_placeholder(anonymizer: PresidioAnonymizer) -> None:
    out = redacted(anonymizer, "De eigenaar, meneer Van Wijngaarden, zegt dat het niet zijn "
                               "hond is. Maar ik zie Frits van Wijngaarden elke ochtend lopen. "
                               "FRITS wil niet praten.")
    assert "Wijngaarden" not in out and "Frits" not in out and "FRITS" not in out
    assert set(re.findall(r"\[PERSOON-\d+\]", out)) == {"[PERSOON-1]"}


def test_names_in_a_chat_are_gone_also_in_lower_case(anonymizer: PresidioAnonymizer) -> None:
    chat = ("marco: die witte bus staat er weer\n"
            "petra v: dat is van henk jansma, de broer van rinske\n"
            "marco: ah oke. jansma heeft toch dat schildersbedrijf?\n"
            "[14:02] Noor: heb je die gast gezien\n")
    out = redacted(anonymizer, chat)
    for word in ("marco", "petra", "henk", "jansma", "Noor"):
        assert not re.search(rf"\b{word}\b", out, re.IGNORECASE), out
    assert out.count("witte bus staat er weer") == 1


def test_names_under_a_naam_heading_and_after_a_label_line_are_gone(
    anonymizer: PresidioAnonymizer,
) -> None:
    table = ("| Naam | Adres | Kenteken |\n|---|---|---|\n| Boateng | Grote Kruisstraat 2 | "
             "VH 19 NK |\n\nBoateng is eerder gewaarschuwd.\n\nNaam:\nOkafor\nVoornaam:\nChinedu")
    out = redacted(anonymizer, table)
    for value in ("Boateng", "Grote Kruisstraat", "VH 19 NK", "Okafor", "Chinedu"):
        assert value not in out, out


def test_a_business_named_again_without_its_legal_form_keeps_its_placeholder(
    anonymizer: PresidioAnonymizer,
) -> None:
    out = redacted(anonymizer, "De lening kwam van Tulip Trade Holding B.V. De bestuurder van "
                               "Tulip Trade is eerder veroordeeld. Bij Autobedrijf Demir V.O.F. "
                               "staan auto's op de stoep; Demir trekt zich er niets van aan.")
    assert "Tulip" not in out and "Demir" not in out, out
    assert "[BEDRIJF-1]" in out and "[BEDRIJF-2]" in out


@pytest.mark.parametrize(
    "text",
    [
        "De gemeenten Bergen, Echt-Susteren, Gennep, Horst aan de Maas, Leudal en Venlo.",
        "Gegevens die het heeft verkregen in het kader van zijn taak.",
        "Wethouder Financiën en de burgemeester van Den Haag besloten tot sluiting.",
        "Het project kostte € 410.416.769 (410 416 769 euro) en trok 2.000 bezoekers.",
        "Zie artikel 2.1.3 van de APV en de Politiewet 2012.",
        "Meld misdaad anoniem via 0800-7000 of bel de politie op 0900-8844.",
    ],
)
def test_places_amounts_laws_and_public_numbers_stay(anonymizer: PresidioAnonymizer,
                                                     text: str) -> None:
    assert redacted(anonymizer, text) == text


def test_fourth_development_set_is_large_enough() -> None:
    passages = build_annotations.parse(build_annotations.pii_set("dev4").source.read_text("utf-8"))
    assert len(passages) >= 40 and sum(len(p["spans"]) for p in passages) >= 200


def test_fourth_development_set_meets_the_targets(anonymizer: PresidioAnonymizer) -> None:
    """Recall (any label: the value is gone) per group and precision on passages_dev4.txt."""
    structured = {"BSN", "IBAN", "TELEFOON", "EMAIL", "KENTEKEN", "KVK", "GEBOORTEDATUM",
                  "ZAAKNUMMER", "POSTCODE"}
    gold = {"structured": 0, "other": 0}
    found = {"structured": 0, "other": 0}
    predicted = correct = 0
    for line in DEV4.read_text("utf-8").splitlines():
        passage = json.loads(line)
        findings = anonymizer.find(passage["text"])
        for s in passage["spans"]:
            group = "structured" if s["label"] in structured else "other"
            gold[group] += 1
            found[group] += any(f.start < s["end"] and s["start"] < f.end for f in findings)
        predicted += len(findings)
        correct += sum(any(f.start < s["end"] and s["start"] < f.end for s in passage["spans"])
                       for f in findings)
    assert found["structured"] == gold["structured"]  # every number, plate and account
    # names, addresses, businesses: 182 of 188; left are lone given names that are in no
    # lexicon or written in lower case without a context ("van rinske", "aan Oksana") and a
    # business whose core is also a place name
    assert found["other"] / gold["other"] >= 0.96
    assert correct / predicted >= 0.98
