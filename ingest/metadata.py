"""Filterable document metadata derived from the anonymised title, text and file name:
document type, municipality and year. Nothing here can carry an identifier: the inputs are
already anonymised and the outputs come from fixed vocabularies or patterns."""

from __future__ import annotations

import re

from assistant.core.schema import Document

# (type, regexes searched in the lower-cased title + file name); the first match wins
_TYPES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("verslag", (r"\bmelding", r"\bverslag", r"rapportage")),
    ("brief", (r"\braadsinformatiebrief", r"\bbrief\b")),
    ("beleidsplan", (r"veiligheidsplan", r"\bivp\b", r"\bbeleidsnota", r"\bnota\b")),
    ("aanwijzing", (r"\baanwijzing", r"\bcirculaire")),
    ("beleidsregel", (r"\bbeleidsregel", r"\bbeleidslijn", r"beleid\b")),
    ("verordening", (r"\bapv\b", r"verordening", r"\bplaatselijke")),
    ("besluit", (r"besluit",)),
    ("wet", (r"wet\b",)),
)
DOC_TYPES = tuple(t for t, _ in _TYPES) + ("praktijknotitie", "overig")  # notities: notes.py
_GEMEENTE = re.compile(
    r"\bgemeente\s+((?:'s-)?[A-Z][\w'-]+(?:(?:\s+(?:van|aan|op|den|de))?\s+[A-Z][\w'-]+)?)"
)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def document_type(doc: Document) -> str:
    haystack = f"{doc.title} {doc.source_file}".lower()
    for doc_type, words in _TYPES:
        if any(re.search(pattern, haystack) for pattern in words):
            return doc_type
    return "overig"


def municipality(doc: Document) -> str | None:
    head = f"{doc.title}\n{doc.sections[0].text[:3000] if doc.sections else ''}"
    match = _GEMEENTE.search(head)
    return match.group(1) if match else None


def year(doc: Document) -> int | None:
    for text in (doc.source_file, doc.title):
        found = _YEAR.findall(text)
        if found:
            return int(found[0])
    return None


def filter_metadata(doc: Document) -> dict[str, str | int]:
    """Chunk metadata for retrieval filters: ``doc_type``, ``gemeente`` and ``jaar``."""
    meta: dict[str, str | int] = {"doc_type": document_type(doc)}
    gemeente = municipality(doc)
    if gemeente:
        meta["gemeente"] = gemeente
    jaar = year(doc)
    if jaar:
        meta["jaar"] = jaar
    return meta
