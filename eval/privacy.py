"""Personal data checks for the evaluation: identifiers in answers and in the store.

Findings are reported by type and place only; the identifier's own text never leaves this module
(the report shows the answer with each finding masked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from assistant.core.protocols import Anonymizer, Finding
from assistant.core.schema import Chunk

_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z_]*-\d+\]")


def _inside_placeholder(text: str, finding: Finding) -> bool:
    """A finding within Baken's own ``[PERSOON-1]``-style placeholder is not personal data."""
    return any(m.start() <= finding.start and finding.end <= m.end()
               for m in _PLACEHOLDER.finditer(text))


def real_findings(text: str, findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if not _inside_placeholder(text, f)]


def find_identifiers(anonymizer: Anonymizer, text: str) -> list[Finding]:
    """Identifiers the anonymiser finds in ``text``, leaving out placeholders."""
    return real_findings(text, anonymizer.find(text)) if text.strip() else []


def mask(text: str, findings: Sequence[Finding]) -> str:
    """``text`` with every finding replaced by ``[GEVONDEN: LABEL]``."""
    out = text
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        out = out[:f.start] + f"[GEVONDEN: {f.entity_type}]" + out[f.end:]
    return out


def scrubber(text: str, findings: Sequence[Finding]) -> Callable[[str], str]:
    """A function that masks the identifiers of ``text`` wherever they recur (e.g. warnings)."""
    values = sorted({text[f.start:f.end] for f in findings if f.end > f.start}, key=len,
                    reverse=True)

    def scrub(other: str) -> str:
        for value in values:
            other = other.replace(value, "[GEVONDEN]")
        return other

    return scrub


def scan_chunks(anonymizer: Anonymizer, chunks: Iterable[Chunk]) -> list[dict[str, Any]]:
    """One record per identifier found in stored chunks: chunk id, file and type (no text)."""
    found: list[dict[str, Any]] = []
    for chunk in chunks:
        for f in find_identifiers(anonymizer, chunk.text):
            found.append({"chunk_id": chunk.chunk_id, "source_file": chunk.locator.source_file,
                          "entity_type": f.entity_type})
    return found
