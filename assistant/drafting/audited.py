"""The drafter's searches, written to the access log like any other search."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.audit import AccessLog
from assistant.core.protocols import Retriever
from assistant.core.schema import RetrievalResult


class AuditedRetriever:
    """The drafter's searches, each written to the access log (``via`` 'concept') before its
    sources are used: drafting reads the index like a search does."""

    def __init__(self, inner: Retriever, log: AccessLog, collection: str) -> None:
        self._inner = inner
        self._log = log
        self._collection = collection

    def search(self, query: str, k: int | None = None,
               filters: Mapping[str, str | int] | None = None) -> RetrievalResult:
        result = self._inner.search(query, k, filters)
        self._log.search(user=None, collection=self._collection, query=query,
                         documents=[s.locator.source_file for s in result.sources], via="concept")
        return result
