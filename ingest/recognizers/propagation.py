"""Repeat a person's name across a document: "Sandra Pinto ... Luís Pinto ... mevrouw Pinto".

Recognizers see one sentence or pattern at a time; a surname that was found once as part of
a full name is an identifier wherever else it occurs in the same text.
"""

from __future__ import annotations

from collections.abc import Sequence

import regex as re

from assistant.protocols import Finding
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import NAME_WORD, TUSSEN, name_words, not_a_name

RECOGNIZER_NAME = "NaamHerhaling"
_SCORE = 0.7


def propagate_names(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """Extra PERSOON findings for other occurrences of surnames found in full names."""
    surnames = set()
    for f in findings:
        if f.entity_type != "PERSOON":
            continue
        words = name_words(text[f.start : f.end])
        last = words[-1] if words else ""
        usable = len(last) >= 3 and not lexicon.is_place(last)
        if usable and not not_a_name(last, lexicon.common_words):
            surnames.add(last)
    if not surnames:
        return []
    alternatives = "|".join(re.escape(s) for s in sorted(surnames, key=len, reverse=True))
    # An optional capitalised first name and tussenvoegsel before the surname.
    pattern = re.compile(
        rf"(?<![\w-])(?P<first>{NAME_WORD}[ ])?(?:{TUSSEN}){{0,2}}(?:{alternatives})(?![\w-])"
    )
    taken = sorted((f.start, f.end) for f in findings)
    extra = []
    for match in pattern.finditer(text):
        start, end = match.span()
        first = match.group("first")
        if first and not_a_name(first.strip(), lexicon.common_words):
            start = match.start("first") + len(first)
        if any(s < end and start < e for s, e in taken):
            continue
        extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
    return extra
