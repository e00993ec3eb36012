"""Follow-up questions: rewrite them with the conversation into a standalone search query.

The configured model does the rewrite. Its output is only used when it looks like a question
about the same thing (one line, not too long, keeps the follow-up's own content words);
otherwise the previous question and the follow-up are combined, which hybrid retrieval
handles well. Either way the query used is shown to the user.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from assistant.core.protocols import LLMBackend
from prompts import PromptTemplate, load_prompt

_WORD = re.compile(r"[^\W\d_]{4,}", re.UNICODE)
MAX_QUERY_CHARS = 300


def content_words(text: str) -> set[str]:
    """Crude stems (first five letters) of the words of four letters or more."""
    return {w.lower()[:5] for w in _WORD.findall(text)}


def plausible_rewrite(candidate: str, question: str) -> bool:
    """A usable rewrite: one line, question-sized, and it keeps the follow-up's content words."""
    if not candidate or "\n" in candidate or len(candidate) > MAX_QUERY_CHARS:
        return False
    own = content_words(question)
    if not own:
        return True
    return len(own & content_words(candidate)) / len(own) >= 0.5


def combined_query(question: str, history: Sequence[tuple[str, str]]) -> str:
    """Fallback: the previous question plus the follow-up."""
    return f"{history[-1][0]} {question}" if history else question


class QueryRewriter:
    """Turns (history, follow-up) into a standalone search query with the configured model."""

    def __init__(self, llm: Callable[[], LLMBackend], prompt: PromptTemplate | None = None,
                 max_tokens: int = 60) -> None:
        self._llm = llm
        self.prompt = prompt or load_prompt("rewrite")
        self.max_tokens = max_tokens

    def rewrite(self, question: str, history: Sequence[tuple[str, str]]) -> str:
        if not history:
            return question
        messages = self.prompt.messages(question=question, history=list(history[-3:]))
        text = "".join(self._llm().stream(messages, max_tokens=self.max_tokens,
                                          temperature=0.0)).strip().strip('"')
        first_line = text.splitlines()[0].strip() if text else ""
        if plausible_rewrite(first_line, question):
            return first_line
        return combined_query(question, history)
