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
from pathlib import Path

HERE = Path(__file__).resolve().parent
SOURCES = (HERE / "passages.txt", HERE / "passages_heldout.txt")
TARGET = HERE / "annotated.jsonl"
#: The second held-out set (ids ``h2-``), written without sight of the recognisers, measured
#: once before tuning and frozen: it is scored apart and never tuned on.
HELDOUT2_SOURCE = HERE / "passages_heldout2.txt"
HELDOUT2_TARGET = HERE / "annotated_heldout2.jsonl"
#: The third held-out set (ids ``h3-``), written without sight of the recognisers after the
#: name and company work, measured once and frozen like the second.
HELDOUT3_SOURCE = HERE / "passages_heldout3.txt"
HELDOUT3_TARGET = HERE / "annotated_heldout3.jsonl"
#: The fourth held-out set (ids ``h4-``), written without sight of the recognisers; frozen like
#: the second and third, scored apart and never tuned on.
HELDOUT4_SOURCE = HERE / "passages_heldout4.txt"
HELDOUT4_TARGET = HERE / "annotated_heldout4.jsonl"
#: The third development set (ids ``d3-``): the hard classes of names and companies, measured
#: before the recognisers were changed for them and tuned on afterwards; scored apart.
DEV3_SOURCE = HERE / "passages_dev3.txt"
DEV3_TARGET = HERE / "annotated_dev3.jsonl"
#: The fourth development set (ids ``d4-``): identifiers in less common notations and names that
#: change form, measured before the recognisers were changed for them; scored apart.
DEV4_SOURCE = HERE / "passages_dev4.txt"
DEV4_TARGET = HERE / "annotated_dev4.jsonl"
#: The fifth and sixth development sets (ids ``d5-``, ``d6-``): police and enforcement papers,
#: and what citizens and businesses write; written without sight of the recognisers, measured
#: once before the recognisers were changed for them, tuned on afterwards.
DEV5_SOURCE = HERE / "passages_dev5.txt"
DEV5_TARGET = HERE / "annotated_dev5.jsonl"
DEV6_SOURCE = HERE / "passages_dev6.txt"
DEV6_TARGET = HERE / "annotated_dev6.jsonl"
#: The seventh development set (ids ``d7-``): names and addresses in hard positions; written
#: blind and measured once before the recognisers are changed for it; not tuned on yet.
DEV7_SOURCE = HERE / "passages_dev7.txt"
DEV7_TARGET = HERE / "annotated_dev7.jsonl"
#: The fifth held-out set (ids ``h5-``), written without sight of the recognisers; measured once
#: with the final recognisers of its round, then frozen like the others.
HELDOUT5_SOURCE = HERE / "passages_heldout5.txt"
HELDOUT5_TARGET = HERE / "annotated_heldout5.jsonl"
#: The sixth held-out set (ids ``h6-``), written blind in the same round as the seventh
#: development set; measured once with that round's final recognisers, then frozen.
HELDOUT6_SOURCE = HERE / "passages_heldout6.txt"
HELDOUT6_TARGET = HERE / "annotated_heldout6.jsonl"
#: Every set scored apart, by name (the prefix of the two constants above).
SEPARATE_SETS = ("HELDOUT2", "HELDOUT3", "HELDOUT4", "HELDOUT5", "DEV3", "DEV4", "DEV5", "DEV6",
                 "DEV7", "HELDOUT6")
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
    for name in SEPARATE_SETS:
        source, target = globals()[f"{name}_SOURCE"], globals()[f"{name}_TARGET"]
        if source.is_file():
            separate = parse(source.read_text(encoding="utf-8"))
            target.write_text(render(separate), encoding="utf-8")
            print(f"{len(separate)} passages -> {target.name}")

if __name__ == "__main__":
    main()
