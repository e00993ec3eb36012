"""A structured identifier found once is one wherever the same value occurs again.

Recognizers judge each occurrence by its own context: "D-2024-009" under a "dossier" heading is
a case number, the same code in a sentence below ("bij D-2024-009 is bezwaar gemaakt") has no
case word before it. Within one document the value is the same identifier, so every other
occurrence, in any letter case, is replaced too, under the same placeholder.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from assistant.core.protocols import Finding
from ingest.recognizers.propagation import trie_pattern

RECOGNIZER_NAME = "WaardeHerhaling"
_SCORE = 0.85
#: Types whose value identifies by itself; a birth date or year may also be an ordinary date.
_REPEATABLE = frozenset({"ZAAKNUMMER", "NUMMER", "KENTEKEN", "TELEFOON", "IBAN", "BSN", "KVK",
                         "EMAIL", "POSTCODE"})
_MIN_CHARS = 5  # shorter values ("12", "A-3") are too likely to be something else elsewhere
_DIGIT = re.compile(r"\d")


def repeat_values(text: str, findings: Sequence[Finding]) -> list[Finding]:
    """Findings of the same type for every other occurrence of a found structured value."""
    types: dict[str, str] = {}
    for f in findings:
        value = text[f.start : f.end].lower()
        if (f.entity_type in _REPEATABLE and len(value) >= _MIN_CHARS
                and (f.entity_type == "EMAIL" or _DIGIT.search(value))):
            types.setdefault(value, f.entity_type)
    if not types:
        return []
    found = {(f.start, f.end) for f in findings}
    pattern = re.compile(rf"(?i)(?<![\w@.-]){trie_pattern(types)}(?![\w@-]|[.]\w)")
    return [Finding(types[m.group().lower()], m.start(), m.end(), _SCORE, RECOGNIZER_NAME)
            for m in pattern.finditer(text) if (m.start(), m.end()) not in found]
