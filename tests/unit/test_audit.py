"""The audit log records each question anonymised, with sources and warnings, and rotates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.audit import UNKNOWN_WARNING, AuditLog, warning_code
from assistant.llm.fake import ScriptedLLM
from assistant.service import Assistant
from guardrails.citations import check_citations
from guardrails.input import guard_question
from guardrails.model_text import clean_model_text
from tests.fakes import FixedRetriever, RegexAnonymizer, source


def _logged_assistant(tmp_path: Path) -> tuple[AuditLog, ScriptedLLM, Assistant]:
    """An assistant over one fixed source whose answers go to an audit log in ``tmp_path``."""
    log = AuditLog(tmp_path / "audit")
    llm = ScriptedLLM("De burgemeester kan een woning sluiten [1].")
    assistant = Assistant(
        FixedRetriever([source(1, "De burgemeester kan een woning sluiten.")]),
        RegexAnonymizer(), lambda: llm,
        on_answer=lambda a, user: log.record(a, collection="gemeente-x", user=user))
    return log, llm, assistant


def test_each_answer_is_logged_without_identifiers(tmp_path: Path) -> None:
    log, _, assistant = _logged_assistant(tmp_path)
    assistant.ask_complete("Mag ik BSN 111222333 opzoeken?")
    list(assistant.ask("Tweede vraag?", user="medewerker1"))
    lines = [json.loads(x) for x in log.path.read_text().splitlines()]
    assert [e["user"] for e in lines] == [None, "medewerker1"]
    assert lines[0]["question"] == "Mag ik BSN [BSN-1] opzoeken?"
    assert lines[0]["collection"] == "gemeente-x"
    assert lines[0]["cited"][0]["source_file"] == "gemeentewet.md"
    assert "vraag-geanonimiseerd" in lines[0]["warnings"]
    assert "111222333" not in log.path.read_text()


def test_the_log_rotates(tmp_path: Path) -> None:
    from assistant.core.schema import Answer

    log = AuditLog(tmp_path / "rot", max_bytes=400, backups=2)
    answer = Answer(question="q" * 200, text="", refused=True, citations=(), sources=(),
                    model="", timings={})
    for _ in range(10):
        log.record(answer, collection="c")
    names = sorted(p.name for p in (tmp_path / "rot").iterdir())
    assert names == ["vragen.jsonl", "vragen.jsonl.1", "vragen.jsonl.2"]


def test_each_line_has_exactly_the_documented_fields(tmp_path: Path) -> None:
    from datetime import datetime

    log, llm, assistant = _logged_assistant(tmp_path)
    list(assistant.ask("Woning van BSN 111222333 sluiten?", user="fatima.gemeente-a"))
    entry = json.loads(log.path.read_text().splitlines()[-1])
    assert set(entry) == {"time", "user", "collection", "model", "question", "rewritten_query",
                          "refused", "cited", "warnings"}  # as in docs/deployment.md; no answer
    assert datetime.fromisoformat(entry["time"]).tzinfo is not None
    assert entry["user"] == "fatima.gemeente-a" and entry["model"] == llm.name
    assert "111222333" not in json.dumps(entry)


def test_warnings_are_logged_as_codes_without_the_answer_text(tmp_path: Path) -> None:
    """A warning that quotes the answer ('Niet onderbouwd door bron 1: "..."') is logged as
    its code; the quoted sentence is not in the log."""
    log = AuditLog(tmp_path / "audit")
    llm = ScriptedLLM("Het pand aan de Dorpsstraat wordt aan Pietersen verkocht [1].")
    assistant = Assistant(
        FixedRetriever([source(1, "De burgemeester kan een woning sluiten.")]),
        RegexAnonymizer(), lambda: llm, strategy="grammar",
        on_answer=lambda a, user: log.record(a, collection="c", user=user))
    answer = assistant.ask_complete("Mag de burgemeester sluiten?")
    assert any("Dorpsstraat" in w for w in answer.warnings)  # the user still sees the detail
    logged = log.path.read_text(encoding="utf-8")
    assert "Dorpsstraat" not in logged and "Pietersen" not in logged
    assert json.loads(logged)["warnings"] == ["niet-onderbouwd"]


def _produced_warnings() -> dict[str, str]:
    """code -> a warning as the guardrails produce it today."""
    passage = source(1, "De burgemeester kan een woning sluiten bij overlast.")
    citations = check_citations(
        'De burgemeester verkoopt de woning aan de buren [1]. Er staat "verzonnen tekst" [1]. '
        "Zie ook [4].", [passage]).warnings
    no_valid = check_citations("Zie [7].", [passage]).warnings
    model = clean_model_text(
        "Mag de burgemeester sluiten? Je bent een assistent die altijd bronnen noemt. "
        "De woning gaat dicht. De woning gaat dicht. Het gebeurde in 2031 op last van "
        "de rechter. En dan",
        allowed=passage.text, instructions=["Je bent een assistent die altijd bronnen noemt."],
        question="Mag de burgemeester sluiten?").warnings
    found = [*guard_question("BSN 111222333?", RegexAnonymizer(), 200).warnings, *citations,
             *no_valid, *check_citations("Geen nummers.", [passage]).warnings, *model,
             # the warnings written in assistant/service.py
             "Het taalmodel begon zichzelf te herhalen en is gestopt.",
             "2 zin(nen) van het taalmodel weggelaten: niet gedragen door de geciteerde bron.",
             "1 zin(nen) van het taalmodel weggelaten: spelfout.",
             "1 zin(nen) van het taalmodel weggelaten: geen eigen zin (opmaak van de citaten of "
             "een titel)."]
    return {warning_code(w): w for w in found}


def test_every_warning_the_guardrails_make_has_its_own_code() -> None:
    produced = _produced_warnings()
    assert UNKNOWN_WARNING not in produced, produced.get(UNKNOWN_WARNING)
    assert set(produced) == {
        "vraag-geanonimiseerd", "verwijzing-bestaat-niet", "niet-onderbouwd",
        "citaat-niet-letterlijk", "geen-bestaande-bron", "geen-bronnummers",
        "model-herhaalde-zich", "zin-niet-gedragen", "zin-met-spelfout", "herhaalde-zinnen",
        "vraag-herhaald", "geen-eigen-zin",
        "opdrachttekst-weggelaten", "niet-in-bronnen", "afgebroken-zin"}


@pytest.mark.parametrize("warning", [
    'Niet onderbouwd door bron 1: "Uw vraag bevatte gegevens van Jan de Vries" (te weinig).',
    "Een onbekende waarschuwing over Jan de Vries, Dorpsstraat 1.",
])
def test_a_code_never_carries_or_depends_on_quoted_text(warning: str) -> None:
    code = warning_code(warning)
    assert code in {"niet-onderbouwd", UNKNOWN_WARNING}
    assert "Vries" not in code and "Dorpsstraat" not in code
