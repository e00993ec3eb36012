"""A scripted LLM backend for fast unit tests (never used by the product)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence


class ScriptedLLM:
    """Replays a fixed reply, word by word, and records the messages it was given."""

    name = "scripted-test-model"

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.calls: list[list[dict[str, str]]] = []
        self.grammars: list[str | None] = []

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        self.calls.append([dict(m) for m in messages])
        self.grammars.append(grammar)
        words = self.reply.split(" ")
        for i, word in enumerate(words):
            yield word if i == len(words) - 1 else word + " "
