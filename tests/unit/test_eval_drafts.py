"""Draft questions of ``baken eval``: drafted by a real Baken's own drafter (the model is a
fake), scored on sections, citations and invented identifiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.core.schema import Locator, Source
from assistant.llm.fake import ScriptedLLM
from eval.drafts import draft_runner
from eval.question_set import Question
from eval.runner import draft_question, run_questions
from eval.scoring import DONE, ERROR, score_draft
from tests.fakes import RegexAnonymizer, fake_baken, ingest, settings_for, use_llm

QUESTION = Question(
    "d1", "Stel een waarschuwingsbrief op.", "draft", template="waarschuwingsbrief",
    fields={"geadresseerde": "[PERSOON-1]", "onderwerp": "hondenbeet",
            "maatregel": "een aanlijngebod"},
    required_sections=("Aanleiding", "Maatregel", "Gevolgen", "Bezwaar"))
SOURCE = Source(rank=1, chunk_id="c", score=0.9, text="Artikel 172 Gemeentewet: de burgemeester "
                "is belast met de handhaving van de openbare orde.",
                locator=Locator("gemeentewet.md", "Gemeentewet", article="172"))


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> ScriptedLLM:
    llm = ScriptedLLM("De burgemeester is belast met de handhaving van de openbare orde [1].")
    use_llm(monkeypatch, llm)
    return llm


def test_a_draft_question_is_drafted_by_bakens_drafter_with_its_template(
        tmp_path: Path, model: ScriptedLLM) -> None:
    baken = fake_baken(settings_for(tmp_path / "data"))
    ingest(baken, tmp_path / "docs", ["gemeentewet-172-176a.md"])
    result = draft_question(draft_runner(baken), RegexAnonymizer(), QUESTION)
    assert model.calls, "the drafter did not ask the model"
    assert "hondenbeet" in " ".join(m["content"] for call in model.calls for m in call)
    assert result["status"] == DONE, result
    assert result["sections_present"] == [True, True, True, True]
    assert result["cited"] == [1] and not result["invalid_citations"], result["problems"]


def test_unknown_templates_and_missing_fields_are_errors_in_dutch(
        tmp_path: Path, model: ScriptedLLM) -> None:
    baken = fake_baken(settings_for(tmp_path / "data"))
    runner = draft_runner(baken)
    unknown = Question("d2", "Schrijf.", "draft", template="bestaat-niet")
    no_subject = Question("d3", "Schrijf.", "draft", template="waarschuwingsbrief")
    results, _ = run_questions(
        [unknown, no_subject], lambda q: draft_question(runner, RegexAnonymizer(), q),
        tmp_path / "r.jsonl", progress=False)
    assert [r["status"] for r in results] == [ERROR, ERROR]
    assert "Sjabloon 'bestaat-niet' bestaat niet" in results[0]["reason"]
    assert "waarschuwingsbrief" in results[0]["reason"]  # the templates that do exist
    assert "Onderwerp" in results[1]["reason"] and "verplicht" in results[1]["reason"]
    assert not model.calls, "a rejected question must not reach the model"


def test_draft_checks_sections_citations_and_invented_identifiers() -> None:
    text = ("Aanleiding\nEr is gebeten.\nMaatregel\nOp grond van artikel 2:59 APV [3] "
            "waarschuwen wij [PERSOON-1].\n")
    result = score_draft(QUESTION, text, (SOURCE,))
    assert result["sections_present"] == [True, True, False, False]
    assert result["invalid_citations"] == [3]
    assert result["invented_identifiers"] == ["artikel 2:59"]
    problems = " ".join(result["problems"])
    assert "Bezwaar" in problems and "[3]" in problems and "artikel 2:59" in problems
