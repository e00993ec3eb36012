"""Pluggable draft support: use ``assistant.drafting`` when it is there, otherwise skip drafts.

The drafting feature is separate from the harness. The harness looks for a function
``draft_for_eval`` (preferred) or ``draft`` in ``assistant.drafting`` and passes it what its
parameters ask for by name: ``baken``, ``assistant``, ``retriever``, ``settings``, ``template``,
``fields`` and ``instruction``/``question``. The result may be a string, an object with ``.text``
(and optionally ``.sources``), or an iterator of events whose last one carries such an object.
"""

from __future__ import annotations

import importlib
import inspect
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from assistant.schema import Source
from eval.question_set import Question


@dataclass(frozen=True)
class DraftOutput:
    text: str
    sources: tuple[Source, ...] = ()
    seconds: float = 0.0


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


def load_draft_runner(baken: Any) -> tuple[DraftRunner | None, str]:
    """A runner for draft questions, or None plus the Dutch reason why drafts are skipped."""
    try:
        module = importlib.import_module("assistant.drafting")
    except ImportError:
        return None, "De conceptfunctie (assistant.drafting) is in deze installatie niet aanwezig."
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
