"""Dutch postcodes (``1234 AB``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, word_set

# Uppercase words around the match mean a heading in capitals ("WET 1994 EN BIJLAGEN").
_CAPS_WORD = re.compile(r"[A-Z]{2,}")
# "in 2026 en", "sinds 1998 is": a year followed by a short Dutch word is no postcode
_SHORT_WORDS = word_set("en in op om te is of al nu zo na er de ik je we ze uw ja tot af ca bv nr")


class PostcodeRecognizer(DutchPatternRecognizer):
    """Four digits (not starting with 0) and two capitals; SA, SD and SS are never issued."""

    ENTITY = "POSTCODE"
    PATTERNS = (
        Pattern("postcode", r"(?<![\w.,-])[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\w-])", 0.6),
        Pattern("postcode_lower", r"(?<![\w.,-])[1-9]\d{3}[ ]?(?!sa|sd|ss)[a-z]{2}(?![\w-])", 0.1),
    )
    CONTEXT = ("postcode", "adres", "woonplaats", "wonende", "woonachtig", "postbus")

    def reject(self, text: str, start: int, end: int) -> bool:
        letters = text[end - 2 : end]
        if letters.islower() and letters in _SHORT_WORDS:
            return True
        before = text[max(0, start - 20) : start].split()
        after = text[end : end + 20].split()
        prev_word = before[-1] if before else ""
        next_word = after[0] if after else ""
        return bool(_CAPS_WORD.fullmatch(prev_word.strip(",.:;"))) and bool(
            _CAPS_WORD.fullmatch(next_word.strip(",.:;"))
        )
