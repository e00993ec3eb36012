"""Thumbs-down feedback becomes candidate questions; question files are checked on load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.feedback import candidates, guess_kind, read_feedback, write_candidates
from eval.question_set import QuestionSetError, load_questions, parse_question

REPO = Path(__file__).resolve().parents[2]

FEEDBACK = [
    {"time": "2026-03-02T10:00:00", "question": "Waar staat dat de burgemeester een pand mag "
     "sluiten?", "answer": "Dit staat niet in de beschikbare documenten.", "rating": "down",
     "comment": "Staat gewoon in 13b Opiumwet", "sources": [
         {"source_file": "opiumwet.md", "locator": "Opiumwet, artikel 13b"}], "model": "m.gguf"},
    {"time": "2026-03-02T10:05:00", "question": "Hoelang duurt een huisverbod?",
     "answer": "Tien dagen [1].", "rating": "up", "comment": "", "sources": []},
    {"time": "2026-03-02T10:07:00", "question": "Schrijf een waarschuwingsbrief voor een "
     "hennepkwekerij.", "answer": "...", "rating": "down", "comment": "bel 0612345678",
     "sources": []},
    {"time": "2026-03-03T09:00:00", "question": "waar staat dat de burgemeester een  pand mag "
     "sluiten?", "answer": "...", "rating": "down", "comment": "", "sources": []},
]


def test_only_thumbs_down_become_candidates_once_each() -> None:
    rows = candidates(FEEDBACK, redact=lambda t: t.replace("0612345678", "[TELEFOON-1]"))
    assert [r["id"] for r in rows] == ["feedback-001", "feedback-002"]
    first, second = rows
    assert first["kind"] == "where" and second["kind"] == "draft"
    assert "Staat gewoon in 13b Opiumwet" in first["notes"]
    assert "opiumwet.md" in first["notes"] and "weigerde" in first["notes"]
    assert "0612345678" not in json.dumps(rows) and "[TELEFOON-1]" in second["notes"]
    for row in rows:  # the question-set format, but deliberately incomplete until reviewed
        assert row["source_file"] is None and row["answer_facts"] == []
        assert "TE CONTROLEREN" in row["notes"]


@pytest.mark.parametrize(("question", "kind"), [
    ("Waar staat de regel over cameratoezicht?", "where"),
    ("In welk artikel staat het gebiedsverbod?", "where"),
    ("Schrijf een collegevoorstel over evenementen", "draft"),
    ("Stel een brief op aan de exploitant", "draft"),
    ("Mag de burgemeester een woning sluiten?", "what"),
])
def test_guess_kind(question: str, kind: str) -> None:
    assert guess_kind(question) == kind


def test_candidates_file_round_trip(tmp_path: Path) -> None:
    source = tmp_path / "feedback.jsonl"
    source.write_text("\n".join(json.dumps(f) for f in FEEDBACK) + "\n", encoding="utf-8")
    target = tmp_path / "uit" / "kandidaatvragen.jsonl"
    assert write_candidates(candidates(read_feedback(source)), target) == 2
    assert len(target.read_text(encoding="utf-8").splitlines()) == 2


def test_shipped_question_sets_load() -> None:
    questions = load_questions([REPO / "eval/questions/demo.jsonl",
                                REPO / "eval/questions/oov-nl.jsonl"])
    assert len(questions) >= 60 + 10
    assert {q.kind for q in questions} == {"what", "where", "unanswerable", "draft"}


@pytest.mark.parametrize(("obj", "message"), [
    ({"id": "x", "question": "Vraag?", "kind": "wat"}, "onbekende soort"),
    ({"id": "x", "question": "", "kind": "what"}, "question"),
    ({"id": "x", "question": "Vraag?", "kind": "what"}, "source_file"),
    ({"id": "x", "question": "Schrijf", "kind": "draft"}, "template"),
    ({"id": "x", "question": "Vraag?", "kind": "unanswerable", "answer_facts": "a"},
     "answer_facts"),
])
def test_bad_questions_are_refused_with_their_place(obj: dict, message: str) -> None:
    with pytest.raises(QuestionSetError, match=message):
        parse_question(obj, "set.jsonl, regel 4")


def test_duplicate_ids_over_files_are_refused(tmp_path: Path) -> None:
    line = json.dumps({"id": "a", "question": "V?", "kind": "unanswerable"})
    for name in ("een.jsonl", "twee.jsonl"):
        (tmp_path / name).write_text(line + "\n", encoding="utf-8")
    with pytest.raises(QuestionSetError, match="twee keer"):
        load_questions([tmp_path / "een.jsonl", tmp_path / "twee.jsonl"])
