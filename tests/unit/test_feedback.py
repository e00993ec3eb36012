"""Feedback JSONL: the shape the evaluation harness reads, one line per rated answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.protocols import AnonymizationError
from assistant.feedback import FeedbackStore
from tests.fakes import RegexAnonymizer

SOURCES = [{"source_file": "gemeentewet.md", "locator": "Gemeentewet, artikel 174a"}]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_rating_is_one_json_line_in_the_agreed_shape(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    FeedbackStore(path, RegexAnonymizer()).record(
        question="Wat regelt artikel 174a?", answer="Toezicht [1].", rating="down",
        model="m.gguf", sources=SOURCES, comment="  mist het derde lid ")
    [entry] = _lines(path)
    assert {"time", "question", "answer", "rating", "comment", "sources", "model"} <= set(entry)
    assert entry["rating"] == "down"
    assert entry["comment"] == "mist het derde lid"
    assert entry["sources"] == SOURCES
    assert entry["question"] == "Wat regelt artikel 174a?"


def test_changing_the_rating_and_adding_a_comment_keep_one_line(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl", RegexAnonymizer())
    first = store.record(question="q1", answer="a1", rating="up", model="m", sources=[])
    store.record(question="q2", answer="a2", rating="up", model="m", sources=[])
    assert store.update(first, rating="down")
    assert store.update(first, comment="Bron klopt niet")
    entries = store.read()
    assert [e["question"] for e in entries] == ["q1", "q2"]
    assert entries[0]["rating"] == "down" and entries[0]["comment"] == "Bron klopt niet"
    assert entries[1]["rating"] == "up" and entries[1]["comment"] == ""


def test_withdrawing_removes_the_line_and_unknown_ids_change_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl", RegexAnonymizer())
    kept = store.record(question="q1", answer="a1", rating="up", model="m", sources=[])
    gone = store.record(question="q2", answer="a2", rating="down", model="m", sources=[])
    assert store.remove(gone)
    assert not store.update("does-not-exist", comment="x")
    assert [e["id"] for e in store.read()] == [kept]


def test_only_up_or_down(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl", RegexAnonymizer())
    with pytest.raises(ValueError):
        store.record(question="q", answer="a", rating="meh", model="m", sources=[])  # type: ignore[arg-type]
    assert store.read() == []


def test_an_identifier_in_a_comment_is_replaced_before_it_is_stored(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    store = FeedbackStore(path, RegexAnonymizer())
    first = store.record(question="q", answer="a", rating="down", model="m", sources=[],
                         comment="Gaat over BSN 111222333")
    assert store.update(first, comment="Klopt niet voor BSN 444555666, zie dossier")
    store.record(question="q2", answer="a2", rating="up", model="m", sources=[],
                 comment="Goed, ook voor 777888999")
    stored = path.read_text(encoding="utf-8")
    assert "111222333" not in stored and "444555666" not in stored and "777888999" not in stored
    assert [e["comment"] for e in store.read()] == ["Klopt niet voor BSN [BSN-1], zie dossier",
                                                   "Goed, ook voor [BSN-1]"]


class _BrokenAnonymizer(RegexAnonymizer):
    def redact(self, texts):  # type: ignore[no-untyped-def]
        raise RuntimeError("model weg")


def test_a_comment_that_cannot_be_anonymised_is_not_stored(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    store = FeedbackStore(path, _BrokenAnonymizer())
    kept = store.record(question="q", answer="a", rating="up", model="m", sources=[])
    with pytest.raises(AnonymizationError):
        store.update(kept, comment="Jan de Vries, BSN 111222333")
    with pytest.raises(AnonymizationError):
        store.record(question="q", answer="a", rating="up", model="m", sources=[],
                     comment="BSN 111222333")
    assert [e["comment"] for e in store.read()] == [""]
    assert "111222333" not in path.read_text(encoding="utf-8")


def test_the_anonymiser_is_only_loaded_for_a_comment(tmp_path: Path) -> None:
    built: list[RegexAnonymizer] = []

    def factory() -> RegexAnonymizer:
        built.append(RegexAnonymizer())
        return built[-1]

    store = FeedbackStore(tmp_path / "feedback.jsonl", factory)
    first = store.record(question="q", answer="a", rating="up", model="m", sources=[])
    assert built == []
    assert store.update(first, comment="BSN 111222333")
    assert len(built) == 1 and store.read()[0]["comment"] == "BSN [BSN-1]"
