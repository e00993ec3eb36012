"""The full anonymiser (with deduce) on names and companies that are in no lexicon (issue 16).

What a reader of the anonymised text would notice: a name that stays readable in a later form
(capitals, surname alone, possessive), one person under two placeholder numbers, a business of a
private person left in the text, or a law, institution or function title redacted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ingest.anonymize import PresidioAnonymizer
from tests.redaction import redacted

REPO = Path(__file__).resolve().parents[2]
DEV3 = REPO / "tests" / "data" / "pii" / "annotated_dev3.jsonl"
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"


@pytest.mark.parametrize(
    ("text", "gone"),
    [
        # a name in no lexicon as the subject, then the surname alone and a possessive
        ("Dritan Hoxha weigerde zijn identiteitsbewijs te tonen. Hoxha zei dat hij bij "
         "Hoxha's neef logeerde.", ["Dritan", "Hoxha"]),
        # the object of a verb of seeing, then joined by "en" to a name that deduce knows
        ("De agenten troffen ter plaatse Ionut Popescu en Marian Dumitru aan. Popescu had een "
         "koevoet bij zich.", ["Ionut", "Popescu", "Dumitru"]),
        # a form in capitals and the same surname in ordinary case later
        ("Achternaam: OKONKWO\nVoornamen: Chidi Emmanuel\n\nOkonkwo verklaarde niets.",
         ["OKONKWO", "Okonkwo", "Chidi"]),
        # a signature in capitals after a given name in the closing
        ("Groet,\nOluwaseun\n\nOLUWASEUN ADEYEMI | Handhaver", ["Oluwaseun", "OLUWASEUN",
                                                              "ADEYEMI"]),
        # a given name joined to a full name, a known given name before an unknown surname
        ("Pieter en Sabine de Roode", ["Pieter", "Sabine", "Roode"]),
        ("waarvan Murat Kaplan bestuurder is. Kaplan was tot 2022 vennoot.", ["Murat", "Kaplan"]),
        # an owner's name in a trade name, and that name alone later
        ("Eenmanszaak Tegelzetbedrijf Yusuf Demir, gevestigd in Veenendaal. Demir ontkende dit.",
         ["Yusuf", "Demir"]),
        # companies of private persons
        ("Enig aandeelhouder is Kaplan Holding B.V.; de koopsom kwam van Stichting Familie "
         "Kaplan en een lening van Bakir Beheer.", ["Kaplan", "Bakir"]),
    ],
)
def test_names_in_no_lexicon_are_gone_in_every_form(
    anonymizer: PresidioAnonymizer, text: str, gone: list[str]
) -> None:
    out = redacted(anonymizer, text)
    for value in gone:
        assert not re.search(rf"(?<!\w){re.escape(value)}", out), (value, out)


def test_later_forms_of_a_name_share_its_placeholder(anonymizer: PresidioAnonymizer) -> None:
    text = ("Kwame Asante verklaarde dat hij thuis was. Asante liet ons binnen. Wij spraken "
            "met Asantes neef. Later zei ASANTE niets meer. Daarna belde Dritan Hoxha.")
    out = redacted(anonymizer, text)
    assert out.count("[PERSOON-1]") == 4, out
    assert "[PERSOON-2]" in out and "[PERSOON-3]" not in out, out


@pytest.mark.parametrize(
    "text",
    [
        "Het Openbaar Ministerie heeft besloten. De Raad van State oordeelde dat de sluiting "
        "rechtmatig was.",
        "De burgemeester van Lochem besloot op grond van artikel 13b Opiumwet de woning te "
        "sluiten.",
        "In de Kerkstraat en de Lange Bisschopstraat geldt een alcoholverbod op grond van de "
        "Alcoholwet.",
        "Het Centrum voor Jeugd en Gezin en Veilig Thuis werken samen met Halt.",
        "Justitieel Documentatieregister en Landelijk Bureau Bibob leveren gegevens.",
        "Subsidie gaat naar de Stichting Nederlands Fonds voor de Film.",
    ],
)
def test_institutions_laws_and_functions_stay(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert redacted(anonymizer, text) == text


def _load(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line]


def test_third_development_set_meets_the_targets(anonymizer: PresidioAnonymizer) -> None:
    """Recall (any label: the value is gone) and precision on passages_dev3.txt."""
    gold = found = predicted = correct = 0
    for passage in _load(DEV3):
        findings = anonymizer.find(passage["text"])
        spans = passage["spans"]
        gold += len(spans)
        found += sum(
            any(f.start < s["end"] and s["start"] < f.end for f in findings) for s in spans
        )
        predicted += len(findings)
        correct += sum(
            any(f.start < s["end"] and s["start"] < f.end for s in spans) for f in findings
        )
    assert gold >= 200
    assert found / gold >= 0.99
    assert correct / predicted >= 0.95


@pytest.mark.slow
@pytest.mark.skipif(not SHARED_CORPUS.is_dir(), reason="gedeeld corpus ontbreekt")
def test_public_laws_get_no_more_names_or_companies(anonymizer: PresidioAnonymizer) -> None:
    """The shared corpus of laws and policy texts: 59 names and companies before these rules
    (signatures of ministers and the head of state, two company names), 61 after: the two
    authors of a cited commentary ("Uit: Borman, T.C., Buuren, P.J.J. van, ..."); no others."""
    count = 0
    for path in sorted(SHARED_CORPUS.rglob("*.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        count += sum(f.entity_type in ("PERSOON", "BEDRIJF") for f in anonymizer.find(text))
    assert count <= 61
