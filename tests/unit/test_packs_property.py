"""Property: an identifier planted anywhere in what a pack exports never reaches the pack.

Generated Dutch identifiers (``tests/pii_variants.py``, all nine types, written without sight of
the recognisers) are planted in one place at a time: a template's text, a question of a question
set, a praktijknotitie (topic, text, team or tag), a shareable document, or the pack's own
description. The real anonymiser (Presidio with the Dutch recognisers and deduce) does the
export's work. Either the export is refused (``PackError``, no file), or no member of the zip,
the signed manifest included, holds any form of the value.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.drafting.templates import BUNDLED_TEMPLATES_DIR
from assistant.notes import NoteBook
from assistant.packs.errors import PackError
from assistant.packs.exporter import PackExporter, Selection
from assistant.packs.signing import SigningKey
from ingest.anonymize import PresidioAnonymizer
from ingest.pipeline import IngestReport
from tests.pii_variants import LABELS, STRATEGIES, Variant, leaks

PLACES = ("sjabloon", "vragenset", "notitie-onderwerp", "notitie-tekst", "notitie-team",
          "notitie-trefwoord", "document", "beschrijving")
DOC = ("# Beleidsregel cameratoezicht\n\n## Artikel 1\n\nDe burgemeester kan besluiten tot "
       "cameratoezicht op openbare plaatsen.\n\n{plant}\n")
QUESTION = {"id": "p-1", "question": "Wanneer mag cameratoezicht?", "kind": "what",
            "source_file": "cameratoezicht.md", "source_locator": "artikel 1",
            "answer_facts": ["openbare plaatsen"], "notes": ""}


class NoIndex:
    """The note book's pipeline, not needed for what goes into a pack."""

    def run(self, paths: object, **kw: object) -> IngestReport:
        return IngestReport()

    def delete(self, source_file: str) -> None:
        return None


@pytest.fixture(scope="module")
def signing() -> SigningKey:
    return SigningKey(Ed25519PrivateKey.generate())


def plant(variant: Variant, where: str, folder: Path,
          anonymizer: PresidioAnonymizer) -> tuple[Selection, str]:
    template = (BUNDLED_TEMPLATES_DIR / "raadsinformatiebrief.md").read_text(encoding="utf-8")
    question = dict(QUESTION)
    note = {"topic": "Cameratoezicht evalueren", "text": "Na drie maanden evalueren.",
            "team": "Team Veiligheid", "tags": "camera"}
    doc = DOC.format(plant="")
    description = "Pakket van de gemeente"
    if where == "sjabloon":
        head, mark, rest = template.partition("{# sectie ")
        line, nl, body = rest.partition("\n")
        template = f"{head}{mark}{line}{nl}{variant.text}\n{body}"
    elif where == "vragenset":
        question["question"] = variant.text
    elif where.startswith("notitie-"):
        key = {"onderwerp": "topic", "tekst": "text", "team": "team",
               "trefwoord": "tags"}[where.split("-")[1]]
        note[key] = variant.text.replace(",", " ") if key == "tags" else variant.text
    elif where == "document":
        doc = DOC.format(plant=variant.text)
    else:
        description = variant.text
    (folder / "raadsinformatiebrief.md").write_text(template, encoding="utf-8")
    (folder / "vragen.jsonl").write_text(json.dumps(question, ensure_ascii=False) + "\n",
                                         encoding="utf-8")
    (folder / "cameratoezicht.md").write_text(doc, encoding="utf-8")
    book = NoteBook(folder / "data", "baken", anonymizer, NoIndex())
    added = book.add(note["topic"][:200], note["text"], note["team"][:200], note["tags"][:40])
    return Selection(templates=[folder / "raadsinformatiebrief.md"],
                     question_sets=[folder / "vragen.jsonl"], notes=[added],
                     documents=[folder / "cameratoezicht.md"]), description


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(variant=st.one_of(*(STRATEGIES[label] for label in LABELS)),
       where=st.sampled_from(PLACES))
def test_no_planted_identifier_survives_into_a_pack(
        tmp_path_factory: pytest.TempPathFactory, anonymizer: PresidioAnonymizer,
        signing: SigningKey, variant: Variant, where: str) -> None:
    folder = tmp_path_factory.mktemp("pakket")
    selection, description = plant(variant, where, folder, anonymizer)
    out = folder / "pakket.zip"
    try:
        PackExporter(signing, anonymizer).export(out, selection, name="Eigenschapstest",
                                                 municipality="Voorbeeldstad",
                                                 description=description)
    except PackError:
        assert not out.exists()
        return
    with zipfile.ZipFile(out) as z:
        members = {name: z.read(name).decode("utf-8") for name in z.namelist()}
    found = {name: hit for name, text in members.items()
             if (hit := leaks(variant, text, fragments=False))}
    assert not found, f"{variant.label} in {where}: {found}\n  geplant: {variant.text!r}"
