"""Feedback JSONL: the shape the evaluation harness reads, one line per rated answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.feedback import FeedbackStore

SOURCES = [{"source_file": "gemeentewet.md", "locator": "Gemeentewet, artikel 174a"}]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_a_rating_is_one_json_line_in_the_agreed_shape(tmp_path: Path) -> None:
    path = tmp_path / "feedback.jsonl"
    FeedbackStore(path).record(question="Wat regelt artikel 174a?", answer="Toezicht [1].",
                               rating="down", model="m.gguf", sources=SOURCES,
                               comment="  mist het derde lid ")
    [entry] = _lines(path)
    assert {"time", "question", "answer", "rating", "comment", "sources", "model"} <= set(entry)
    assert entry["rating"] == "down"
    assert entry["comment"] == "mist het derde lid"
    assert entry["sources"] == SOURCES
    assert entry["question"] == "Wat regelt artikel 174a?"


def test_changing_the_rating_and_adding_a_comment_keep_one_line(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    first = store.record(question="q1", answer="a1", rating="up", model="m", sources=[])
    store.record(question="q2", answer="a2", rating="up", model="m", sources=[])
    assert store.update(first, rating="down")
    assert store.update(first, comment="Bron klopt niet")
    entries = store.read()
    assert [e["question"] for e in entries] == ["q1", "q2"]
    assert entries[0]["rating"] == "down" and entries[0]["comment"] == "Bron klopt niet"
    assert entries[1]["rating"] == "up" and entries[1]["comment"] == ""


def test_withdrawing_removes_the_line_and_unknown_ids_change_nothing(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    kept = store.record(question="q1", answer="a1", rating="up", model="m", sources=[])
    gone = store.record(question="q2", answer="a2", rating="down", model="m", sources=[])
    assert store.remove(gone)
    assert not store.update("does-not-exist", comment="x")
    assert [e["id"] for e in store.read()] == [kept]


def test_only_up_or_down(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.jsonl")
    with pytest.raises(ValueError):
        store.record(question="q", answer="a", rating="meh", model="m", sources=[])  # type: ignore[arg-type]
    assert store.read() == []
