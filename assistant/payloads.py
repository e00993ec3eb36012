"""Sources and answers as JSON, the same for ``baken search/ask --json`` and the HTTP API."""

from __future__ import annotations

from typing import Any

from assistant.core.schema import Answer, Source


def source_json(source: Source) -> dict[str, Any]:
    loc = source.locator
    return {
        "rank": source.rank, "source_file": loc.source_file, "locator": loc.label(),
        "title": loc.title, "article": loc.article, "lid": loc.lid, "page": loc.page,
        "text": source.text, "score": source.score,
        # as the source card shows: the [n] of the shown passage that cites this article, and
        # where the near-duplicates left out for this passage stand ("ook in: ...")
        "referred_by": source.referred_by, "also_in": list(source.also_in),
    }


def answer_json(answer: Answer, model: dict[str, Any] | None = None) -> dict[str, Any]:
    """An answer with its citations and sources; ``model`` adds which model answered."""
    return {
        "answer": answer.text,
        "refused": answer.refused,
        "citations": [
            {"n": c.n, "source_file": c.source.locator.source_file,
             "locator": c.source.locator.label(), "quote": c.quote, "text": c.source.text,
             "chunk_id": c.source.chunk_id}
            for c in answer.citations
        ],
        "sources": [source_json(s) for s in answer.sources],
        "model": answer.model,
        "timings": dict(answer.timings),
        "warnings": list(answer.warnings),
        "rewritten_query": answer.rewritten_query,
        **(model or {}),
    }
