"""Shared base for Baken's Dutch pattern recognizers (Presidio style, language ``nl``)."""

from __future__ import annotations

from typing import ClassVar

import regex as re
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "nl"
RECOGNIZER_VERSION = "1.0.0"

#: Case-sensitive by default: Dutch postcodes, kentekens and names depend on capitals.
DEFAULT_FLAGS = re.MULTILINE | re.UNICODE


class DutchPatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` configured from class constants.

    Subclasses set ``ENTITY``, ``PATTERNS`` and ``CONTEXT`` (and optionally ``FLAGS``) and may
    override ``validate_result`` (checksums) or ``reject`` (checks that need the text around
    the match, which Presidio's ``validate_result`` cannot see).
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    FLAGS: ClassVar[int] = DEFAULT_FLAGS

    def __init__(self) -> None:
        patterns = [Pattern(p.name, p.regex, p.score) for p in self.PATTERNS]
        super().__init__(
            supported_entity=self.ENTITY,
            name=type(self).__name__,
            supported_language=LANGUAGE,
            patterns=patterns,
            context=list(self.CONTEXT),
            global_regex_flags=self.FLAGS,
            version=RECOGNIZER_VERSION,
        )

    def reject(self, text: str, start: int, end: int) -> bool:
        """Return True to drop a match after looking at its surroundings."""
        return False

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's pattern matching, then ``reject`` on each result."""
        results = super().analyze(text, entities, nlp_artifacts, regex_flags)
        return [r for r in results if not self.reject(text, r.start, r.end)]


def digits(value: str) -> str:
    """Only the ASCII digits of ``value``."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


def word_before(text: str, start: int, max_chars: int = 40) -> str:
    """The word directly before ``start`` (lower case, punctuation stripped)."""
    window = text[max(0, start - max_chars) : start].rstrip(" \t:.,(")
    match = re.search(r"[\w'’.-]+$", window)
    return match.group(0).lower().strip(".") if match else ""


def word_set(words: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated word list (keeps long lists readable)."""
    return frozenset(words.split())
