"""The audit log records each question anonymised, with sources and warnings, and rotates."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.audit import AuditLog
from assistant.llm.fake import ScriptedLLM
from assistant.service import Assistant
from tests.unit.fakes import FixedRetriever, RegexAnonymizer, source


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
    assert any("BSN" in w for w in lines[0]["warnings"])
    assert "111222333" not in log.path.read_text()


def test_the_log_rotates(tmp_path: Path) -> None:
    from assistant.schema import Answer

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
