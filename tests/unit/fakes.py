"""Small fakes for fast unit tests (the end-to-end tests use the real parts)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from assistant.protocols import Finding, Redaction
from assistant.schema import Locator, RetrievalResult, Source


class RegexAnonymizer:
    """Replaces 9-digit numbers as BSN; enough to exercise the question guard."""

    version = "fake-1"
    _bsn = re.compile(r"\b\d{9}\b")

    def find(self, text: str) -> list[Finding]:
        return [Finding("BSN", m.start(), m.end(), 1.0, "fake") for m in self._bsn.finditer(text)]

    def redact(self, texts: Sequence[str]) -> Redaction:
        counts = sum(len(self._bsn.findall(t)) for t in texts)
        return Redaction(texts=tuple(self._bsn.sub("[BSN-1]", t) for t in texts),
                         counts={"BSN": counts} if counts else {})


class FixedRetriever:
    """Returns the same sources for every query and records the queries."""

    def __init__(self, sources: Sequence[Source], relevant: bool = True) -> None:
        self.sources = tuple(sources)
        self.relevant = relevant
        self.queries: list[str] = []

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult:
        self.queries.append(query)
        return RetrievalResult(self.sources, self.relevant, 0.9 if self.relevant else 0.5, 0.001)


def source(rank: int, text: str, article: str = "172a") -> Source:
    return Source(rank=rank, chunk_id=f"c{rank}", text=text, score=0.9,
                  locator=Locator("gemeentewet.md", "Gemeentewet", article=article))
