"""Question sets: read and check the JSONL files (format: eval/questions/README.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.core.errors import BakenError

KINDS = ("what", "where", "unanswerable", "draft")
ANSWERABLE = ("what", "where")


class QuestionSetError(BakenError, ValueError):
    """A question file cannot be used; the message says in Dutch where and why."""


@dataclass(frozen=True)
class Question:
    """One evaluation question."""

    id: str
    question: str
    kind: str
    source_file: str | None = None
    source_locator: str | None = None
    answer_facts: tuple[str, ...] = ()
    notes: str = ""
    absent_terms: tuple[str, ...] = ()
    template: str | None = None
    fields: Mapping[str, str] = field(default_factory=dict)
    required_sections: tuple[str, ...] = ()

    @property
    def answerable(self) -> bool:
        return self.kind in ANSWERABLE

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": self.id, "question": self.question, "kind": self.kind,
            "source_file": self.source_file, "source_locator": self.source_locator,
            "answer_facts": list(self.answer_facts), "notes": self.notes,
        }
        if self.absent_terms:
            data["absent_terms"] = list(self.absent_terms)
        if self.kind == "draft":
            data.update(template=self.template, fields=dict(self.fields),
                        required_sections=list(self.required_sections))
        return data

    def digest(self) -> str:
        """Fingerprint of everything that decides the question's result (not the notes)."""
        data = self.to_json()
        data.pop("notes")
        blob = json.dumps(data, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def _strings(value: Any, name: str, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise QuestionSetError(f"{where}: '{name}' moet een lijst met teksten zijn.")
    return tuple(value)


def parse_question(obj: Any, where: str) -> Question:
    """One JSON object -> Question; ``where`` ("bestand.jsonl, regel 3") goes into errors."""
    if not isinstance(obj, dict):
        raise QuestionSetError(f"{where}: verwacht een JSON-object.")
    for key in ("id", "question", "kind"):
        if not isinstance(obj.get(key), str) or not obj[key].strip():
            raise QuestionSetError(f"{where}: veld '{key}' ontbreekt of is leeg.")
    kind = obj["kind"]
    if kind not in KINDS:
        raise QuestionSetError(f"{where}: onbekende soort '{kind}' (kies uit {', '.join(KINDS)}).")
    source_file = obj.get("source_file")
    if kind in ANSWERABLE and not source_file:
        raise QuestionSetError(f"{where}: vraag {obj['id']} ({kind}) heeft geen 'source_file'.")
    fields = obj.get("fields") or {}
    if not isinstance(fields, dict):
        raise QuestionSetError(f"{where}: 'fields' moet een object zijn.")
    if kind == "draft" and not obj.get("template"):
        raise QuestionSetError(f"{where}: conceptvraag {obj['id']} heeft geen 'template'.")
    return Question(
        id=obj["id"].strip(), question=obj["question"].strip(), kind=kind,
        source_file=source_file or None, source_locator=obj.get("source_locator") or None,
        answer_facts=_strings(obj.get("answer_facts"), "answer_facts", where),
        notes=str(obj.get("notes") or ""),
        absent_terms=_strings(obj.get("absent_terms"), "absent_terms", where),
        template=obj.get("template") or None,
        fields={str(k): str(v) for k, v in fields.items()},
        required_sections=_strings(obj.get("required_sections"), "required_sections", where),
    )


def read_questions(path: Path) -> list[Question]:
    """All questions of one JSONL file."""
    if not path.is_file():
        raise QuestionSetError(f"Vragenbestand {path} bestaat niet.")
    questions: list[Question] = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path.name}, regel {number}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise QuestionSetError(f"{where}: geen geldige JSON ({exc.msg}).") from exc
            questions.append(parse_question(obj, where))
    return questions


def load_questions(paths: Iterable[Path]) -> list[Question]:
    """The questions of every file in order; ids must be unique over all files."""
    questions: list[Question] = []
    seen: set[str] = set()
    for path in paths:
        for q in read_questions(path):
            if q.id in seen:
                raise QuestionSetError(f"{path.name}: vraag-id '{q.id}' komt twee keer voor.")
            seen.add(q.id)
            questions.append(q)
    if not questions:
        raise QuestionSetError("De vragenbestanden bevatten geen vragen.")
    return questions
