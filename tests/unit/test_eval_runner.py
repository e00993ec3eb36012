"""Scoring one answer, and the resumable run loop (fake model and retriever; no real store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.core.schema import Locator, Source
from assistant.llm.fake import ScriptedLLM
from assistant.service import Assistant
from eval.question_set import Question
from eval.runner import (
    FingerprintMismatch,
    ask_question,
    check_fingerprint,
    read_results,
    run_questions,
)
from eval.scoring import DONE, ERROR
from tests.fakes import FixedRetriever, RegexAnonymizer

SOURCES = [
    Source(rank=1, chunk_id="a", score=0.9,
           text="Artikel 2. De burgemeester kan een huisverbod opleggen voor tien dagen.",
           locator=Locator("wet-tijdelijk-huisverbod.md", "Wet tijdelijk huisverbod",
                           article="2", lid="1")),
    Source(rank=2, chunk_id="b", score=0.8,
           text="Artikel 9. Het huisverbod kan worden verlengd tot ten hoogste vier weken.",
           locator=Locator("wet-tijdelijk-huisverbod.md", "Wet tijdelijk huisverbod",
                           article="9")),
]
QUESTION = Question("q1", "Hoelang duurt een huisverbod?", "what", "wet-tijdelijk-huisverbod.md",
                    "artikel 9 lid 1", ("vier weken", "verlengd"))


def assistant(reply: str, relevant: bool = True) -> Assistant:
    llm = ScriptedLLM(reply)
    # strategy 'grammar' hands the model's text to the checks unchanged: what is scored here
    return Assistant(FixedRetriever(SOURCES, relevant), RegexAnonymizer(), lambda: llm,
                     strategy="grammar")


def test_a_cited_answer_is_scored_against_the_expected_place() -> None:
    reply = "Een huisverbod kan worden verlengd tot ten hoogste vier weken [2]."
    result = ask_question(assistant(reply), RegexAnonymizer(), QUESTION)
    assert result["status"] == DONE and not result["refused"]
    assert result["file_rank"] == 1  # both sources are the right file
    assert result["location_rank"] == 2  # only source 2 is artikel 9
    assert result["cited"] == [2] and result["invalid_citations"] == []
    assert result["facts_in_answer"] == [True, True]
    assert result["facts_in_cited"] == [True, True]
    assert result["passed"] and result["problems"] == []


def test_wrong_citations_missing_facts_and_pii_are_problems() -> None:
    reply = "Het verbod duurt tien dagen [1] en BSN 123456789 staat in bron [7]."
    result = ask_question(assistant(reply), RegexAnonymizer(), QUESTION)
    assert result["invalid_citations"] == [7]
    assert result["facts_in_answer"] == [False, False]
    assert result["pii"] == ["BSN"]
    assert "123456789" not in json.dumps(result)  # the identifier itself is never stored
    assert "[GEVONDEN: BSN]" in result["answer"]
    assert not result["passed"]
    text = " ".join(result["problems"])
    assert "Persoonsgegevens" in text and "[7]" in text and "vier weken" in text


def test_refusal_on_an_unanswerable_question_passes() -> None:
    q = Question("u1", "Hoeveel hondenbelasting betaal ik?", "unanswerable")
    result = ask_question(assistant("", relevant=False), RegexAnonymizer(), q)
    assert result["refused"] and result["passed"]
    wrong = ask_question(assistant("", relevant=False), RegexAnonymizer(), QUESTION)
    assert wrong["refused"] and "Onterecht geweigerd" in " ".join(wrong["problems"])


QUESTIONS = [Question(f"q{i}", f"Vraag {i}?", "what", "wet.md") for i in range(1, 6)]


def fake_result(q: Question) -> dict:
    return {"id": q.id, "kind": q.kind, "digest": q.digest(), "status": DONE, "passed": True}


def test_an_interrupted_run_resumes_without_recounting(tmp_path: Path) -> None:
    results_file = tmp_path / "results.jsonl"
    asked: list[str] = []

    def interrupted(q: Question) -> dict:
        if q.id == "q3":
            raise KeyboardInterrupt  # Ctrl-C (or a killed process) halfway through
        asked.append(q.id)
        return fake_result(q)

    with pytest.raises(KeyboardInterrupt):
        run_questions(QUESTIONS, interrupted, results_file, progress=False)
    assert asked == ["q1", "q2"]
    assert len(results_file.read_text(encoding="utf-8").splitlines()) == 2

    def counting(q: Question) -> dict:
        asked.append(q.id)
        return fake_result(q)

    results, counts = run_questions(QUESTIONS, counting, results_file, progress=False)
    assert asked == ["q1", "q2", "q3", "q4", "q5"]  # q1 and q2 were not asked again
    assert (counts.reused, counts.new) == (2, 3)
    assert [r["id"] for r in results] == [q.id for q in QUESTIONS]
    lines = [json.loads(x) for x in results_file.read_text(encoding="utf-8").splitlines()]
    assert sorted(r["id"] for r in lines) == [q.id for q in QUESTIONS]  # each id once
    # a third start has nothing left to do
    results, counts = run_questions(QUESTIONS, counting, results_file, progress=False)
    assert (counts.reused, counts.new) == (5, 0) and len(asked) == 5


def test_errors_do_not_stop_the_run_and_are_retried_on_resume(tmp_path: Path) -> None:
    results_file = tmp_path / "results.jsonl"

    def flaky(q: Question) -> dict:
        if q.id == "q2":
            raise RuntimeError("kapot")
        return fake_result(q)

    results, _ = run_questions(QUESTIONS, flaky, results_file, progress=False)
    assert [r["status"] for r in results] == [DONE, ERROR, DONE, DONE, DONE]
    assert results[1]["passed"] is False and results[1]["problems"]
    results, counts = run_questions(QUESTIONS, fake_result, results_file, progress=False)
    assert counts.new == 1 and results[1]["status"] == DONE


def test_a_changed_question_is_asked_again(tmp_path: Path) -> None:
    results_file = tmp_path / "results.jsonl"
    run_questions(QUESTIONS[:2], fake_result, results_file, progress=False)
    changed = [QUESTIONS[0], Question("q2", "Een andere vraag?", "what", "wet.md")]
    _, counts = run_questions(changed, fake_result, results_file, progress=False)
    assert (counts.reused, counts.new) == (1, 1)


def test_a_torn_last_line_is_ignored(tmp_path: Path) -> None:
    results_file = tmp_path / "results.jsonl"
    results_file.write_text(json.dumps(fake_result(QUESTIONS[0])) + "\n{\"id\": \"q2\", \"st",
                            encoding="utf-8")
    assert list(read_results(results_file)) == ["q1"]


def test_a_folder_of_another_run_is_refused(tmp_path: Path) -> None:
    run_file, results_file = tmp_path / "run.json", tmp_path / "results.jsonl"
    meta = {"fingerprint": "aaa", "parts": {"model": "sha-a", "top_k": 5}}
    other = {"fingerprint": "bbb", "parts": {"model": "sha-b", "top_k": 5}}
    check_fingerprint(run_file, results_file, meta)
    check_fingerprint(run_file, results_file, other)  # no results yet: new settings apply
    assert json.loads(run_file.read_text(encoding="utf-8"))["fingerprint"] == "bbb"
    run_questions(QUESTIONS[:1], fake_result, results_file, progress=False)
    check_fingerprint(run_file, results_file, other)  # same settings: fine
    with pytest.raises(FingerprintMismatch, match=r"andere instellingen \(anders: model\)"):
        check_fingerprint(run_file, results_file, meta)

