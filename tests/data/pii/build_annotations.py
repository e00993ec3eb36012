"""Turn the marked-up passages into annotated.jsonl with exact character offsets.

passages.txt is the development set; passages_heldout.txt (ids ``ho-``) was written after the
recognizers and measured once before any tuning on it.

Markup: ``{{LABEL:waarde}}``. Run ``python tests/data/pii/build_annotations.py`` after editing
passages.txt; the unit tests check that annotated.jsonl is up to date and that every offset
points at the annotated value.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = (HERE / "passages.txt", HERE / "passages_heldout.txt")
TARGET = HERE / "annotated.jsonl"
@dataclass(frozen=True)
class PiiSet:
    """A set scored apart from the tuned one: its marked-up passages, its JSONL and the file of
    its first measurement (in benchmarks/results), made before any change for it."""

    stem: str  # "heldout6": passages_heldout6.txt -> annotated_heldout6.jsonl
    title: str  # how the privacy report heads it
    frozen: bool  # a held-out set: measured, never tuned on
    first_run: str
    #: passages were added after the first run (its gold counts are those of the smaller set)
    grown_since_first_run: bool = False

    @property
    def source(self) -> Path:
        return HERE / f"passages_{self.stem}.txt"

    @property
    def target(self) -> Path:
        return HERE / f"annotated_{self.stem}.jsonl"


#: Every set scored apart, in the order the report shows them. Each was written by someone who
#: had not seen the recognisers (ids h2-, d3- ...). A held-out set is measured once with its
#: round's final recognisers and then frozen; a development set is measured once before the
#: recognisers are changed for its classes and tuned on afterwards.
SETS = (
    PiiSet("heldout2", "Tweede held-out set (passages_heldout2.txt, bevroren)", True,
           "pii-heldout2-first-run.txt"),
    PiiSet("heldout3", "Derde held-out set (passages_heldout3.txt, bevroren)", True,
           "pii-heldout3-first-run.txt"),
    PiiSet("heldout4", "Vierde held-out set (passages_heldout4.txt, bevroren)", True,
           "pii-heldout4-first-run-1.3.0.txt"),
    PiiSet("heldout5", "Vijfde held-out set (passages_heldout5.txt, bevroren)", True,
           "pii-heldout5-first-run.txt"),
    PiiSet("heldout6", "Zesde held-out set (passages_heldout6.txt, bevroren)", True,
           "pii-heldout6-first-run.txt"),
    PiiSet("heldout7", "Zevende held-out set (passages_heldout7.txt, bevroren)", True,
           "pii-heldout7-first-run.txt"),
    PiiSet("heldout8", "Achtste held-out set (passages_heldout8.txt, bevroren)", True,
           "pii-heldout8-first-run.txt"),
    PiiSet("heldout9", "Negende held-out set (passages_heldout9.txt, bevroren)", True,
           "pii-heldout9-first-run.txt"),
    PiiSet("heldout10", "Tiende held-out set (passages_heldout10.txt, 45 passages, bevroren)",
           True, "pii-heldout10-first-run.txt"),
    PiiSet("dev3", "Derde ontwikkelset (passages_dev3.txt, namen en bedrijven; afgesteld)",
           False, "pii-dev3-first-run.txt", grown_since_first_run=True),
    PiiSet("dev4", "Vierde ontwikkelset (passages_dev4.txt, notaties, naamvormen, tabellen en "
           "chats; afgesteld)", False, "pii-dev4-first-run.txt", grown_since_first_run=True),
    PiiSet("dev5", "Vijfde ontwikkelset (passages_dev5.txt, politie- en handhavingsstukken; "
           "afgesteld)", False, "pii-dev5-first-run.txt"),
    PiiSet("dev6", "Zesde ontwikkelset (passages_dev6.txt, wat burgers en bedrijven schrijven; "
           "afgesteld)", False, "pii-dev6-first-run.txt"),
    PiiSet("dev7", "Zevende ontwikkelset (passages_dev7.txt, namen en adressen op lastige "
           "plaatsen; afgesteld)", False, "pii-dev7-first-run.txt"),
    PiiSet("dev8", "Achtste ontwikkelset (passages_dev8.txt, kentekens, geboortedata, namen zonder "
           "houvast en in kleine letters; afgesteld)", False, "pii-dev8-first-run.txt"),
    PiiSet("dev9", "Negende ontwikkelset (passages_dev9.txt, alle soorten stukken door elkaar; "
           "afgesteld)", False, "pii-dev9-first-run.txt"),
    PiiSet("dev10", "Tiende ontwikkelset (passages_dev10.txt, gestructureerde gegevens in "
           "rommelige notaties; afgesteld)", False, "pii-dev10-first-run.txt"),
)


def pii_set(stem: str) -> PiiSet:
    """The set with this stem ("dev4")."""
    return next(s for s in SETS if s.stem == stem)


LABELS = frozenset(
    [
        "PERSOON",
        "ADRES",
        "POSTCODE",
        "BSN",
        "IBAN",
        "TELEFOON",
        "EMAIL",
        "KENTEKEN",
        "KVK",
        "GEBOORTEDATUM",
        "ZAAKNUMMER",
        "BEDRIJF",
    ]
)
_MARK = re.compile(r"\{\{([A-Z]+):(.+?)\}\}")


def parse_passage(pid: str, marked: str) -> dict[str, object]:
    """One passage with markup -> {"id", "text", "spans": [{"start", "end", "label"}]}."""
    text_parts: list[str] = []
    spans: list[dict[str, object]] = []
    pos = 0
    length = 0
    for match in _MARK.finditer(marked):
        label, value = match.group(1), match.group(2)
        if label not in LABELS:
            raise ValueError(f"{pid}: unknown label {label}")
        before = marked[pos : match.start()]
        text_parts.append(before)
        length += len(before)
        spans.append({"start": length, "end": length + len(value), "label": label})
        text_parts.append(value)
        length += len(value)
        pos = match.end()
    text_parts.append(marked[pos:])
    text = "".join(text_parts)
    if "{{" in text or "}}" in text:
        raise ValueError(f"{pid}: unbalanced markup")
    return {"id": pid, "text": text, "spans": spans}


def parse(source: str) -> list[dict[str, object]]:
    """All passages of passages.txt, in file order."""
    passages = []
    blocks = re.split(r"^### (\S+)\n", source, flags=re.MULTILINE)
    for pid, body in zip(blocks[1::2], blocks[2::2], strict=True):
        passages.append(parse_passage(pid, body.strip("\n")))
    return passages


def render(passages: list[dict[str, object]]) -> str:
    return "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in passages)


def main() -> None:
    passages = [p for source in SOURCES for p in parse(source.read_text(encoding="utf-8"))]
    TARGET.write_text(render(passages), encoding="utf-8")
    spans = sum(len(p["spans"]) for p in passages)  # type: ignore[arg-type]
    print(f"{len(passages)} passages, {spans} spans -> {TARGET.name}")
    for pii in SETS:
        if pii.source.is_file():
            separate = parse(pii.source.read_text(encoding="utf-8"))
            pii.target.write_text(render(separate), encoding="utf-8")
            print(f"{len(separate)} passages -> {pii.target.name}")

if __name__ == "__main__":
    main()
