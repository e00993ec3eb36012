"""Question guard: size limit and identifiers replaced before anything is logged or sent."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.core.errors import BakenError
from assistant.core.protocols import Anonymizer


class QuestionRejected(BakenError, ValueError):
    """The question cannot be handled; the message is Dutch and meant for the user."""


@dataclass(frozen=True)
class GuardedQuestion:
    """The question as Baken may use it, plus Dutch warnings for the user."""

    text: str
    found_types: tuple[str, ...]
    warnings: tuple[str, ...]


def guard_question(question: str, anonymizer: Anonymizer, max_chars: int) -> GuardedQuestion:
    """Reject empty or over-long questions; replace identifiers with placeholders."""
    stripped = question.strip()
    if not stripped:
        raise QuestionRejected("Stel een vraag: het invoerveld is leeg.")
    if len(stripped) > max_chars:
        raise QuestionRejected(
            f"Uw vraag is {len(stripped):,} tekens lang; het maximum is {max_chars:,} tekens. "
            "Maak de vraag korter of plak alleen het relevante deel.".replace(",", ".")
        )
    redaction = anonymizer.redact([stripped])
    found = tuple(sorted(label for label, count in redaction.counts.items() if count))
    warnings: tuple[str, ...] = ()
    if found:
        warnings = (
            "Uw vraag bevatte gegevens die naar een persoon of object kunnen herleiden ("
            + ", ".join(found)
            + "). Die zijn vervangen door neutrale aanduidingen voordat de vraag werd verwerkt.",
        )
    return GuardedQuestion(text=redaction.texts[0], found_types=found, warnings=warnings)
