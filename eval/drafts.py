"""Draft questions of ``baken eval``: drafted by Baken's own drafter (``Baken.drafter``) with the
template the question names, the way the drafting tab drafts them."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from assistant.core.errors import BakenError
from assistant.core.schema import Source
from assistant.drafting import DraftRejected, available_templates
from eval.question_set import Question

if TYPE_CHECKING:
    from assistant.app import Baken


class DraftFailed(BakenError, RuntimeError):
    """The drafter refused the question (unknown template, bad fields); Dutch message."""


@dataclass(frozen=True)
class DraftOutput:
    text: str
    sources: tuple[Source, ...] = ()
    seconds: float = 0.0
    known: tuple[str, ...] = ()  # other texts identifiers may come from (anonymised fields)


DraftRunner = Callable[[Question], DraftOutput]


def draft_runner(baken: Baken) -> DraftRunner:
    """Drafts a question with ``baken``'s drafter and the template it names (read once)."""
    templates, _problems = available_templates(baken.settings)

    def run(question: Question) -> DraftOutput:
        template = templates.get(question.template or "")
        if template is None:
            raise DraftFailed(f"Sjabloon '{question.template}' bestaat niet. Beschikbaar: "
                              f"{', '.join(sorted(templates))}.")
        started = time.perf_counter()
        try:
            draft = baken.drafter.draft(template, dict(question.fields))
        except DraftRejected as exc:
            raise DraftFailed(str(exc)) from exc
        text = "\n\n".join(f"## {s.title}\n\n{s.text.strip()}" for s in draft.sections)
        return DraftOutput(text, tuple(draft.sources), time.perf_counter() - started,
                           tuple(str(v) for v in draft.fields.values()))

    return run
