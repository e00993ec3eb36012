"""Draft questions: pluggable drafting (skipped when absent) and the draft checks."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType, SimpleNamespace

import pytest

from assistant.core.schema import Locator, Source
from eval.drafts import load_draft_runner
from eval.question_set import Question
from eval.runner import draft_question
from eval.scoring import DONE, SKIPPED, score_draft
from tests.fakes import RegexAnonymizer

QUESTION = Question(
    "d1", "Stel een waarschuwingsbrief op.", "draft", template="waarschuwingsbrief",
    fields={"geadresseerde": "[PERSOON-1]", "onderwerp": "hondenbeet"},
    required_sections=("Aanleiding", "Maatregel", "Bezwaar"))
SOURCE = Source(rank=1, chunk_id="c", score=0.9, text="Artikel 172 Gemeentewet: de burgemeester "
                "is belast met de handhaving van de openbare orde.",
                locator=Locator("gemeentewet.md", "Gemeentewet", article="172"))
BAKEN = SimpleNamespace(assistant="A", retriever="R", settings="S")


@dataclass
class Draft:
    text: str
    sources: tuple[Source, ...]


def fake_module(monkeypatch: pytest.MonkeyPatch, func: object, name: str = "draft") -> None:
    module = ModuleType("assistant.drafting")
    setattr(module, name, func)
    monkeypatch.setitem(sys.modules, "assistant.drafting", module)


def test_without_drafting_draft_questions_are_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "assistant.drafting", None)  # import fails
    runner, reason = load_draft_runner(BAKEN)
    assert runner is None and "niet aanwezig" in reason
    result = draft_question(runner, reason, RegexAnonymizer(), QUESTION)
    assert result["status"] == SKIPPED and result["reason"] == reason


def test_drafting_gets_the_arguments_it_names(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, object] = {}

    def draft(assistant: str, template: str, fields: dict, instruction: str) -> Draft:
        seen.update(assistant=assistant, template=template, fields=fields,
                    instruction=instruction)
        return Draft("Aanleiding\n...\nMaatregel\nop grond van artikel 172 [1]\nBezwaar\n...",
                     (SOURCE,))

    fake_module(monkeypatch, draft)
    runner, reason = load_draft_runner(BAKEN)
    assert runner is not None and reason == ""
    result = draft_question(runner, reason, RegexAnonymizer(), QUESTION)
    assert seen == {"assistant": "A", "template": "waarschuwingsbrief",
                    "fields": dict(QUESTION.fields), "instruction": QUESTION.question}
    assert result["status"] == DONE and result["passed"], result["problems"]


def test_drafting_with_unknown_arguments_is_skipped(monkeypatch: pytest.MonkeyPatch) -> None:
    fake_module(monkeypatch, lambda sjabloon: "tekst", name="draft_for_eval")
    runner, reason = load_draft_runner(BAKEN)
    assert runner is None and "sjabloon" in reason


def test_draft_checks_sections_citations_and_invented_identifiers() -> None:
    text = ("Aanleiding\nEr is gebeten.\nMaatregel\nOp grond van artikel 2:59 APV [3] "
            "waarschuwen wij [PERSOON-1].\n")
    result = score_draft(QUESTION, text, (SOURCE,))
    assert result["sections_present"] == [True, True, False]
    assert result["invalid_citations"] == [3]
    assert result["invented_identifiers"] == ["artikel 2:59"]
    problems = " ".join(result["problems"])
    assert "Bezwaar" in problems and "[3]" in problems and "artikel 2:59" in problems


@dataclass
class Section:
    title: str
    text: str


@dataclass
class FinishedDraft:
    sections: tuple[Section, ...]
    sources: tuple[Source, ...]
    fields: dict[str, str]


class Rejected(ValueError):
    pass


def drafting_api(monkeypatch: pytest.MonkeyPatch, calls: list) -> None:
    """A stand-in with the shape of Baken's drafting package (templates + build_drafter)."""

    class Drafter:
        def draft(self, template: str, values: dict) -> FinishedDraft:
            calls.append((template, values))
            if not values.get("onderwerp"):
                raise Rejected("Veld 'onderwerp' is verplicht.")
            return FinishedDraft(
                (Section("Aanleiding", "Er is gebeten."), Section("Maatregel", "Artikel 172 [1]."),
                 Section("Bezwaar", "Binnen zes weken.")), (SOURCE,), {"geadresseerde": "[P-1]"})

    module = ModuleType("assistant.drafting")
    module.available_templates = lambda settings: ({"waarschuwingsbrief": "TPL"}, [])  # type: ignore[attr-defined]
    module.build_drafter = lambda baken: Drafter()  # type: ignore[attr-defined]
    module.DraftRejected = Rejected  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "assistant.drafting", module)


def test_bakens_drafting_api_is_used_by_template_name(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list = []
    drafting_api(monkeypatch, calls)
    runner, reason = load_draft_runner(BAKEN)
    assert runner is not None and reason == ""
    result = draft_question(runner, reason, RegexAnonymizer(), QUESTION)
    assert calls == [("TPL", dict(QUESTION.fields))]
    assert result["status"] == DONE and result["passed"], result["problems"]
    assert result["sections_present"] == [True, True, True] and result["cited"] == [1]


def test_unknown_templates_and_rejected_fields_are_errors(monkeypatch: pytest.MonkeyPatch,
                                                          tmp_path: Path) -> None:
    from eval.runner import run_questions

    drafting_api(monkeypatch, [])
    runner, reason = load_draft_runner(BAKEN)
    unknown = Question("d2", "Schrijf.", "draft", template="bestaat-niet")
    no_subject = Question("d3", "Schrijf.", "draft", template="waarschuwingsbrief")
    results, _ = run_questions(
        [unknown, no_subject],
        lambda q: draft_question(runner, reason, RegexAnonymizer(), q),
        tmp_path / "r.jsonl", progress=False)
    assert [r["status"] for r in results] == ["fout", "fout"]
    assert "bestaat-niet" in results[0]["reason"] and "onderwerp" in results[1]["reason"]
