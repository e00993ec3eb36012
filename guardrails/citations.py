"""Citation check: every ``[n]`` must exist; each cited sentence must be supported by its source.

A sentence that cites a source that does not exist is unsupported (and the UI marks it),
whatever wrote it: a server that ignores the citation grammar (vLLM has its own parameter) can
return ``[9]`` with three sources.

Works on the text of any model. Support is judged lexically: the sentence's content words must
mostly occur in the cited passage, its numbers must occur there, its negation must match, and
anything in quotation marks must occur verbatim in a cited passage.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from assistant.core.schema import Source

_CITE = re.compile(r"\[(\d+)\]")
_CITE_GROUP = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“„'(\[])|\n+")
_QUOTE = re.compile(r"[\"“„]([^\"”“]{12,})[\"”“]")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_NUMBER_WORDS = {
    "een", "twee", "drie", "vier", "vijf", "zes", "zeven", "acht", "negen", "tien", "elf",
    "twaalf", "veertien", "twintig", "dertig", "veertig", "vijftig", "honderd", "duizend",
    "eerste", "tweede", "derde", "vierde", "vijfde", "zesde", "zevende", "achtste", "negende",
    "tiende",
}
_NEGATIONS = {"niet", "geen", "nooit", "niets", "nergens", "noch"}
_STOP = {
    "de", "het", "een", "en", "of", "van", "in", "op", "te", "dat", "die", "dit", "deze", "is",
    "zijn", "wordt", "worden", "met", "voor", "door", "aan", "bij", "als", "ook", "om", "tot",
    "naar", "er", "kan", "kunnen", "mag", "moet", "heeft", "hebben", "zij", "hij", "ze", "wat",
    "waar", "welke", "volgens", "staat", "bron", "bronnen", "artikel", "lid", "onder", "over",
    "uit", "dan", "nog", "al", "zo", "wel", "hun", "haar", "daarbij", "hier", "zich",
}
SUPPORT_THRESHOLD = 0.5


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").replace("‘", "'").split())


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class SentenceCheck:
    """The verdict on one answer sentence that carries citations."""

    sentence: str
    cited: tuple[int, ...]
    supported: bool
    reason: str = ""


@dataclass(frozen=True)
class CitationReport:
    """What the checker found; ``warnings`` are Dutch and shown to the user."""

    cited: tuple[int, ...]
    invalid: tuple[int, ...]
    sentences: tuple[SentenceCheck, ...]
    fabricated_quotes: tuple[str, ...]
    warnings: tuple[str, ...] = field(default=())

    @property
    def unsupported(self) -> tuple[SentenceCheck, ...]:
        return tuple(s for s in self.sentences if not s.supported)


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


def cited_numbers(text: str) -> list[int]:
    """All citation numbers in order of first appearance (``[1, 2]`` counts both)."""
    seen: list[int] = []
    for group in _CITE_GROUP.findall(text):
        for part in group.split(","):
            n = int(part)
            if n not in seen:
                seen.append(n)
    return seen


def strip_citations(text: str) -> str:
    """``text`` without its ``[n]`` / ``[n, m]`` markers."""
    return _CITE_GROUP.sub(" ", text)


def _support(sentence: str, passage: str) -> tuple[bool, str]:
    claim = strip_citations(sentence)
    claim_words = _words(claim)
    passage_words = set(_words(passage))
    content = [w for w in claim_words if w not in _STOP and len(w) > 2]
    if not content:
        return True, ""
    numbers = [w for w in claim_words if w.isdigit() or w in _NUMBER_WORDS - {"een"}]
    missing_numbers = [n for n in numbers if n not in passage_words]
    if missing_numbers:
        return False, f"getal of aantal '{missing_numbers[0]}' staat niet in de bron"
    if set(claim_words) & _NEGATIONS and not passage_words & _NEGATIONS:
        return False, "de zin ontkent iets wat de bron niet ontkent"
    overlap = sum(1 for w in content if w in passage_words) / len(content)
    if overlap < SUPPORT_THRESHOLD:
        return False, f"te weinig overeenkomst met de bron ({overlap:.0%})"
    return True, ""


def check_citations(answer: str, sources: Sequence[Source]) -> CitationReport:
    """Check an answer's ``[n]`` references against the numbered ``sources`` (1-based)."""
    numbers = cited_numbers(answer)
    invalid = tuple(n for n in numbers if not 1 <= n <= len(sources))
    valid = tuple(n for n in numbers if 1 <= n <= len(sources))
    warnings: list[str] = [
        f"Verwijzing [{n}] bestaat niet: er waren {len(sources)} bronnen." for n in invalid
    ]
    checks: list[SentenceCheck] = []
    for sentence in split_sentences(answer):
        numbers_here = cited_numbers(sentence)
        cited = tuple(n for n in numbers_here if 1 <= n <= len(sources))
        forged = [n for n in numbers_here if not 1 <= n <= len(sources)]
        if forged:  # a model that ignored its grammar, or copied a marker from a passage
            checks.append(SentenceCheck(sentence=sentence, cited=cited, supported=False,
                                        reason=f"bron [{forged[0]}] bestaat niet"))
            continue
        if not cited:
            continue
        passage = " ".join(sources[n - 1].text for n in cited)
        ok, reason = _support(sentence, passage)
        checks.append(SentenceCheck(sentence=sentence, cited=cited, supported=ok, reason=reason))
        if not ok:
            warnings.append(f"Niet onderbouwd door bron {', '.join(map(str, cited))}: "
                            f"\"{_norm(sentence)[:160]}\" ({reason}).")
    all_text = _norm(" ".join(s.text for s in sources))
    fabricated = tuple(q for q in _QUOTE.findall(answer) if _norm(q) not in all_text)
    warnings.extend(f"Citaat komt niet letterlijk in de bronnen voor: \"{_norm(q)[:160]}\"."
                    for q in fabricated)
    if numbers and not valid:
        warnings.append("Het antwoord verwijst naar geen enkele bestaande bron.")
    if not numbers:
        warnings.append("Het antwoord noemt geen bronnummers; controleer het aan de hand van de "
                        "getoonde bronnen.")
    return CitationReport(cited=valid, invalid=invalid, sentences=tuple(checks),
                          fabricated_quotes=fabricated, warnings=tuple(warnings))
