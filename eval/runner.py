"""Run questions one by one, writing each result as soon as it is known, so a run can resume."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant.core.errors import BakenError
from assistant.core.protocols import Anonymizer
from assistant.service import Assistant, Finished
from eval.drafts import DraftFailed, DraftRunner
from eval.privacy import find_identifiers, mask, scrubber
from eval.question_set import Question
from eval.scoring import ERROR, error_result, score_answer, score_draft
from guardrails.input import QuestionRejected

Result = dict[str, Any]


class FingerprintMismatch(BakenError, RuntimeError):
    """The output folder belongs to a run with other settings; the message is Dutch."""


@dataclass(frozen=True)
class RunCounts:
    reused: int
    new: int


def read_results(path: Path) -> dict[str, Result]:
    """Results already written, the last one per question id (a torn last line is ignored)."""
    found: dict[str, Result] = {}
    if not path.is_file():
        return found
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(record, dict) and "id" in record:
                found[str(record["id"])] = record
    return found


def is_reusable(previous: Result | None, question: Question) -> bool:
    """A finished or skipped result for the same question text; errors are tried again."""
    return (previous is not None and previous.get("digest") == question.digest()
            and previous.get("status") != ERROR)


def check_fingerprint(run_file: Path, results_file: Path, meta: dict[str, Any]) -> None:
    """Refuse to mix results of different settings in one folder; write ``run.json`` if new.

    Without any result yet (e.g. a run stopped during ingest) the new settings simply apply.
    """
    has_results = results_file.is_file() and results_file.stat().st_size > 0
    if run_file.is_file() and has_results:
        old = json.loads(run_file.read_text(encoding="utf-8"))
        if old.get("fingerprint") != meta["fingerprint"]:
            old_parts = old.get("parts", {})
            changed = sorted(k for k, v in meta["parts"].items() if old_parts.get(k) != v)
            raise FingerprintMismatch(
                f"De map {run_file.parent} bevat resultaten van een run met andere instellingen "
                f"(anders: {', '.join(changed) or 'onbekend'}). Kies een andere --out of "
                "begin opnieuw met --restart.")
        return
    if has_results:
        raise FingerprintMismatch(
            f"De map {run_file.parent} bevat resultaten zonder run.json; het is niet na te gaan "
            "met welke instellingen ze zijn gemaakt. Kies een andere --out of gebruik --restart.")
    run_file.parent.mkdir(parents=True, exist_ok=True)
    run_file.write_text(json.dumps(meta, ensure_ascii=False, indent=2), encoding="utf-8")


def ask_question(assistant: Assistant, anonymizer: Anonymizer, question: Question) -> Result:
    """Ask through the same streaming path the chat uses and score the answer.

    Identifiers the anonymiser finds in the answer are counted by type and masked before the
    answer is scored or stored, so results and reports never contain them.
    """
    answer = None
    for event in assistant.ask(question.question):
        if isinstance(event, Finished):
            answer = event.answer
    if answer is None:
        raise RuntimeError("het antwoord bleef uit")
    findings = find_identifiers(anonymizer, answer.text)
    if findings:
        scrub = scrubber(answer.text, findings)
        answer = replace(answer, text=mask(answer.text, findings),
                         warnings=tuple(scrub(w) for w in answer.warnings))
    return score_answer(question, answer, pii_types=[f.entity_type for f in findings])


def draft_question(runner: DraftRunner, anonymizer: Anonymizer, question: Question) -> Result:
    """Draft with ``runner`` and score the draft; identifiers found in it are masked first."""
    output = runner(question)
    findings = find_identifiers(anonymizer, output.text)
    return score_draft(question, mask(output.text, findings), output.sources,
                       pii_types=[f.entity_type for f in findings],
                       timings={"total_s": round(output.seconds, 4)}, known=output.known)


def run_questions(questions: Sequence[Question], answer: Callable[[Question], Result],
                  results_file: Path, *, progress: bool = True) -> tuple[list[Result], RunCounts]:
    """Results for every question in order: reused from ``results_file`` or newly answered.

    Each new result is appended and flushed to disk before the next question starts.
    """
    previous = read_results(results_file)
    todo = [q for q in questions if not is_reusable(previous.get(q.id), q)]
    results_file.parent.mkdir(parents=True, exist_ok=True)
    with results_file.open("a", encoding="utf-8") as fh:
        bar = tqdm(todo, desc="Vragen", unit="vraag", disable=not progress or not todo,
                   initial=0, total=len(todo))
        for question in bar:
            bar.set_postfix_str(question.id)
            try:
                result = answer(question)
            except (QuestionRejected, DraftFailed) as exc:
                result = error_result(question, str(exc))
            except Exception as exc:  # noqa: BLE001 - one broken question must not end the run
                from assistant.errors import dutch_error  # imports the store: only when needed

                result = error_result(question, dutch_error(exc))
            fh.write(json.dumps(result, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
            previous[question.id] = result
    results = [previous[q.id] for q in questions]
    new = len(todo)
    return results, RunCounts(reused=len(questions) - new, new=new)

