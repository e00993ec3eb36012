"""Dutch postcodes (``1234 AB``)."""

from __future__ import annotations

import regex as re
from presidio_analyzer import Pattern

from ingest.recognizers.base import DutchPatternRecognizer, word_set

# Uppercase words around the match mean a heading in capitals ("WET 1994 EN BIJLAGEN").
_CAPS_WORD = re.compile(r"[A-Z]{2,}")
# "in 2026 en", "sinds 1998 is": a year followed by a short Dutch word is no postcode
# a postcode in lower case stands after a street and house number ("Molenweg 3, 8263 ab"), after
# the word postcode, or before a place name ("8263 ab Kampen")
_ADDRESS_BEFORE = re.compile(r"(?:[A-Za-z]\w*[ ]\d{1,5}(?:[ ]?(?:bis|hs|huis|rood|zwart|bg|"
                             r"boven|beneden|[A-Za-z]))?(?:[ ]?-[ ]?\w{1,4})?"
                             r"(?:,|[ ]in|[ ]te)?[ ]{1,3}"
                             r"|(?i:postcode|pc)\b[^\n]{0,20}|\n[ \t]*)$")
_PLACE_AFTER = re.compile(r"[ ]{1,3}(?:'s-|'t[ ])?[A-Z][a-z]{2,}")
_SHORT_WORDS = word_set("en in op om te is of al nu zo na er de ik je we ze tot")


class PostcodeRecognizer(DutchPatternRecognizer):
    """Four digits (not starting with 0) and two capitals; SA, SD and SS are never issued."""

    ENTITY = "POSTCODE"
    PATTERNS = (
        Pattern("postcode", r"(?<![\w.,-])[1-9]\d{3}[ ]?(?!SA|SD|SS)[A-Z]{2}(?![\w-])", 0.6),
        # "1234 ab", "1234 Ab": trusted where an address or the word postcode shows it (reject)
        Pattern("postcode_any_case",
                r"(?<![\w.,-])[1-9]\d{3}[ ]?(?![A-Z]{2})(?i:(?!sa|sd|ss)[a-z]{2})(?![\w-])", 0.6),
    )
    CONTEXT = ("postcode", "adres", "woonplaats", "wonende", "woonachtig", "postbus")

    def reject(self, text: str, start: int, end: int) -> bool:
        letters = text[end - 2 : end]
        if not letters.isupper():  # lower or mixed case: only where an address shows it
            if _ADDRESS_BEFORE.search(text[max(0, start - 60) : start]):
                return False
            line_start = not text[text.rfind("\n", 0, start) + 1 : start].strip()
            short_word = letters.lower() in _SHORT_WORDS and not line_start
            return short_word or not _PLACE_AFTER.match(text, end)
        before = text[max(0, start - 20) : start].split()
        after = text[end : end + 20].split()
        prev_word = before[-1] if before else ""
        next_word = after[0] if after else ""
        return bool(_CAPS_WORD.fullmatch(prev_word.strip(",.:;"))) and bool(
            _CAPS_WORD.fullmatch(next_word.strip(",.:;"))
        )
