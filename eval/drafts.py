"""Pluggable draft support: use ``assistant.drafting`` when it is there, otherwise skip drafts.

The drafting feature is separate from the harness. When ``assistant.drafting`` offers
``build_drafter(baken)`` and ``available_templates(settings)`` (Baken's own drafting), the harness
drafts with the template named in the question. Otherwise it looks for a function
``draft_for_eval`` (preferred) or ``draft`` and passes it what its parameters ask for by name:
``baken``, ``assistant``, ``retriever``, ``settings``, ``template``, ``fields`` and
``instruction``/``question``; that result may be a string, an object with ``.text`` (and
optionally ``.sources``), or an iterator of events whose last one carries such an object.
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from assistant.core.errors import BakenError
from assistant.core.schema import Source
from eval.question_set import Question


class DraftFailed(BakenError, RuntimeError):
    """The drafting feature refused the question (unknown template, bad fields); Dutch message."""


@dataclass(frozen=True)
class DraftOutput:
    text: str
    sources: tuple[Source, ...] = ()
    seconds: float = 0.0
    known: tuple[str, ...] = ()  # other texts identifiers may come from (anonymised fields)


DraftRunner = Callable[[Question], DraftOutput]

_ARGUMENTS: dict[str, Callable[[Any, Question], Any]] = {
    "baken": lambda b, q: b,
    "assistant": lambda b, q: b.assistant,
    "retriever": lambda b, q: b.retriever,
    "settings": lambda b, q: b.settings,
    "template": lambda b, q: q.template,
    "template_name": lambda b, q: q.template,
    "fields": lambda b, q: dict(q.fields),
    "values": lambda b, q: dict(q.fields),
    "instruction": lambda b, q: q.question,
    "question": lambda b, q: q.question,
    "request": lambda b, q: q.question,
}


def _coerce(result: Any) -> tuple[str, tuple[Source, ...]]:
    if isinstance(result, str):
        return result, ()
    if isinstance(result, Iterator):
        last: Any = None
        pieces: list[str] = []
        for event in result:
            last = event
            if isinstance(getattr(event, "text", None), str) and not hasattr(event, "sources"):
                pieces.append(event.text)
        for attr in ("draft", "answer", "result"):
            if last is not None and hasattr(last, attr):
                return _coerce(getattr(last, attr))
        return "".join(pieces), ()
    text = getattr(result, "text", None)
    if not isinstance(text, str):
        raise TypeError("de conceptfunctie gaf geen tekst terug")
    sources = tuple(s for s in getattr(result, "sources", ()) or () if isinstance(s, Source))
    return text, sources


def _drafter_runner(module: Any, baken: Any) -> DraftRunner:
    """Runner over Baken's own drafting API (templates by name, ``Drafter.draft``)."""
    templates, _problems = module.available_templates(baken.settings)
    drafter = module.build_drafter(baken)
    rejected: tuple[type[BaseException], ...] = tuple(
        c for c in (getattr(module, "DraftRejected", None),) if isinstance(c, type))

    def run(question: Question) -> DraftOutput:
        template = templates.get(question.template or "")
        if template is None:
            raise DraftFailed(f"Sjabloon '{question.template}' bestaat niet. Beschikbaar: "
                              f"{', '.join(sorted(templates))}.")
        started = time.perf_counter()
        try:
            draft = drafter.draft(template, dict(question.fields))
        except rejected as exc:
            raise DraftFailed(str(exc)) from exc
        text = "\n\n".join(f"## {s.title}\n\n{s.text.strip()}" for s in draft.sections)
        return DraftOutput(text, tuple(draft.sources), time.perf_counter() - started,
                           tuple(str(v) for v in (draft.fields or {}).values()))

    return run


def load_draft_runner(baken: Any) -> tuple[DraftRunner | None, str]:
    """A runner for draft questions, or None plus the Dutch reason why drafts are skipped."""
    try:
        module = importlib.import_module("assistant.drafting")
    except ImportError:
        return None, "De conceptfunctie (assistant.drafting) is in deze installatie niet aanwezig."
    if callable(getattr(module, "build_drafter", None)) and \
            callable(getattr(module, "available_templates", None)):
        return _drafter_runner(module, baken), ""
    func = getattr(module, "draft_for_eval", None) or getattr(module, "draft", None)
    if not callable(func):
        return None, "assistant.drafting heeft geen functie draft_for_eval of draft."
    params = inspect.signature(func).parameters.values()
    missing = [p.name for p in params if p.name not in _ARGUMENTS
               and p.default is inspect.Parameter.empty
               and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]
    if missing:
        return None, ("De conceptfunctie vraagt onbekende argumenten: " + ", ".join(missing)
                      + ".")
    names = [p.name for p in params if p.name in _ARGUMENTS]

    def run(question: Question) -> DraftOutput:
        started = time.perf_counter()
        result = func(**{n: _ARGUMENTS[n](baken, question) for n in names})
        text, sources = _coerce(result)
        return DraftOutput(text, sources, time.perf_counter() - started)

    return run, ""
