"""The one error a knowledge pack raises: a Dutch message with, where useful, a list of reasons."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.core.errors import BakenError


class PackError(BakenError, ValueError):
    """A pack cannot be exported, imported or removed; ``reasons`` lists why, in Dutch."""

    def __init__(self, message: str, reasons: Sequence[str] = ()) -> None:
        self.message = message
        self.reasons = tuple(reasons)
        lines = [message, *(f"- {r}" for r in self.reasons)]
        super().__init__("\n".join(lines))
