"""Anonymiser mechanics without deduce: merging, numbering, segments, fail-closed, privacy scan,
and the annotated test set itself (offsets checked against the marked-up source)."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest

from assistant.core.protocols import AnonymizationError, Finding
from assistant.privacy_scan import scan_texts
from ingest.anonymize import SEGMENT_CHARS, PresidioAnonymizer, _segments, merge_overlaps
from ingest.recognizers import LABELS
from tests.data.pii import build_annotations

PII_DATA = Path(__file__).resolve().parents[1] / "data" / "pii"


@pytest.fixture(scope="module")
def anonymizer() -> PresidioAnonymizer:
    return PresidioAnonymizer(use_deduce=False)


def test_overlapping_findings_merge_and_the_longest_label_wins() -> None:
    merged = merge_overlaps([
        Finding("POSTCODE", 14, 21, 1.0, "a"),
        Finding("ADRES", 0, 21, 0.85, "b"),
        Finding("PERSOON", 30, 35, 0.85, "c"),
        Finding("BEDRIJF", 30, 35, 0.6, "d"),
        Finding("TELEFOON", 40, 50, 1.0, "e"),
        Finding("TELEFOON", 45, 55, 1.0, "e"),
    ])
    assert [(f.entity_type, f.start, f.end) for f in merged] == [
        ("ADRES", 0, 21), ("BEDRIJF", 30, 35), ("TELEFOON", 40, 55)]


def test_segments_cover_the_text_exactly_and_cut_at_line_breaks() -> None:
    text = ("Een regel tekst met een BSN 111222333.\n" * 2000) + "x" * (SEGMENT_CHARS * 2)
    pieces = _segments(text)
    assert "".join(p for _, p in pieces) == text
    assert all(text[o : o + len(p)] == p for o, p in pieces)
    assert all(len(p) <= SEGMENT_CHARS for _, p in pieces)
    assert pieces[0][1].endswith("\n")


def test_redact_numbers_per_type_and_reuses_placeholders(anonymizer: PresidioAnonymizer) -> None:
    redaction = anonymizer.redact([
        "BSN 111222333, tel. 06-12345678, later +31 6 12345678.",
        "Opnieuw BSN 111222333 en BSN 162275869; mail a@b.nl.",
    ])
    assert redaction.texts == (
        "BSN [BSN-1], tel. [TELEFOON-1], later [TELEFOON-1].",
        "Opnieuw BSN [BSN-1] en BSN [BSN-2]; mail [EMAIL-1].",
    )
    assert redaction.counts == {"BSN": 3, "TELEFOON": 2, "EMAIL": 1}
    assert [len(f) for f in redaction.findings] == [3, 3]


def test_redacted_text_scans_clean(anonymizer: PresidioAnonymizer) -> None:
    text = ("Melder mevrouw Fatima el Amrani, Lindelaan 14, 7311 AB Apeldoorn, BSN 111222333, "
            "kenteken 12-BRT-3, zaak Z-2026-00417, café De Gouden Leeuw.")
    once = anonymizer.redact([text]).texts[0]
    assert anonymizer.find(once) == []
    assert anonymizer.redact([once]).texts[0] == once


@pytest.mark.parametrize("text", ["", " \n\t ", "\x00\x01\x02"])
def test_empty_and_blank_texts(anonymizer: PresidioAnonymizer, text: str) -> None:
    assert anonymizer.find(text) == []
    assert anonymizer.redact([text]).texts == (text,)


def test_a_failing_recognizer_fails_the_whole_call_without_quoting_text(
    anonymizer: PresidioAnonymizer, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(*args: object, **kwargs: object) -> list[object]:
        raise ValueError("kapot bij BSN 111222333")

    monkeypatch.setattr(anonymizer._analyzer, "analyze", boom)
    for call in (lambda: anonymizer.find("BSN 111222333"),
                 lambda: anonymizer.redact(["tekst", "BSN 111222333"])):
        with pytest.raises(AnonymizationError) as info:
            call()
        assert "111222333" not in str(info.value)
        assert info.value.__suppress_context__


@pytest.mark.parametrize("bad", [None, b"bytes", 42])
def test_non_text_input_is_refused(anonymizer: PresidioAnonymizer, bad: object) -> None:
    with pytest.raises(AnonymizationError):
        anonymizer.find(bad)  # type: ignore[arg-type]
    with pytest.raises(AnonymizationError):
        anonymizer.redact([bad])  # type: ignore[list-item]
    with pytest.raises(AnonymizationError):
        anonymizer.redact("een losse string")


def test_privacy_scan_reports_places_and_types_never_values(
    anonymizer: PresidioAnonymizer,
) -> None:
    items = [
        ("c1#text", "Bel 06-12345678 of mail a.jansen@voorbeeld.nl"),
        ("c1#title", "Melding"),
        ("c2", "Artikel 172a Gemeentewet"),
        ("c3#metadata.gemeente", "Apeldoorn"),
    ]
    findings = scan_texts(anonymizer, items)
    assert findings == [
        {"id": "c1", "field": "text", "entity_type": "TELEFOON", "start": 4, "end": 15},
        {"id": "c1", "field": "text", "entity_type": "EMAIL", "start": 24, "end": 45},
    ]
    assert "06-12345678" not in json.dumps(findings)
    assert scan_texts(anonymizer, [("x", "Artikel 2:24 APV, vastgesteld 1 januari 2022")]) == []


# --- the annotated test set -------------------------------------------------------------------


def test_annotated_jsonl_is_built_from_the_marked_up_passages() -> None:
    builder = build_annotations
    passages = [p for src in builder.SOURCES for p in builder.parse(src.read_text("utf-8"))]
    assert builder.render(passages) == (PII_DATA / "annotated.jsonl").read_text("utf-8")


def test_annotated_offsets_point_at_the_marked_values() -> None:
    builder = build_annotations
    rows = [json.loads(line) for line in
            (PII_DATA / "annotated.jsonl").read_text("utf-8").splitlines()]
    by_id = {r["id"]: r for r in rows}
    for source in builder.SOURCES:
        blocks = re.split(r"^### (\S+)\n", source.read_text("utf-8"), flags=re.MULTILINE)
        for pid, body in zip(blocks[1::2], blocks[2::2], strict=True):
            marked = re.findall(r"\{\{([A-Z]+):(.+?)\}\}", body)
            row = by_id[pid]
            got = [(s["label"], row["text"][s["start"] : s["end"]]) for s in row["spans"]]
            assert got == marked, pid


def test_annotated_set_size_and_coverage() -> None:
    rows = [json.loads(line) for line in
            (PII_DATA / "annotated.jsonl").read_text("utf-8").splitlines()]
    labels = Counter(s["label"] for r in rows for s in r["spans"])
    assert len(rows) >= 40
    assert sum(labels.values()) >= 150
    assert set(labels) == set(LABELS)
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        spans = sorted(row["spans"], key=lambda s: s["start"])
        for a, b in zip(spans, spans[1:], strict=False):
            assert a["end"] <= b["start"], row["id"]
        for s in spans:
            value = row["text"][s["start"] : s["end"]]
            assert value and value == value.strip(), row["id"]


@pytest.mark.parametrize("stem", [s.stem for s in build_annotations.SETS])
def test_separate_sets_are_built_from_their_passages(stem: str) -> None:
    """The development and frozen sets' JSONL is exactly what the builder makes of the
    marked-up passages, and every span points at its marked value (the benchmark scores the
    JSONL)."""
    builder = build_annotations
    source, target = builder.pii_set(stem).source, builder.pii_set(stem).target
    passages = builder.parse(source.read_text("utf-8"))
    assert builder.render(passages) == target.read_text("utf-8")
    blocks = re.split(r"^### (\S+)\n", source.read_text("utf-8"), flags=re.MULTILINE)
    for (pid, body), row in zip(zip(blocks[1::2], blocks[2::2], strict=True), passages,
                                strict=True):
        marked = re.findall(r"\{\{([A-Z]+):(.+?)\}\}", body)
        got = [(s["label"], row["text"][s["start"]:s["end"]]) for s in row["spans"]]
        assert (pid, got) == (row["id"], marked)
