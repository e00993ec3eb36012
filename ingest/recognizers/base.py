"""Shared base for Baken's Dutch pattern recognizers (Presidio style, language ``nl``)."""

from __future__ import annotations

import string
import unicodedata
from functools import lru_cache
from typing import ClassVar

import regex as re
from presidio_analyzer import (
    AnalysisExplanation,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NlpArtifacts

LANGUAGE = "nl"
#: Bump on every change to what the recognisers find: documents indexed under another version are
#: anonymised again on the next ingest (ingest.pipeline compares it per document).
RECOGNIZER_VERSION = "1.10.0"

#: Case-sensitive by default: Dutch postcodes, kentekens and names depend on capitals.
DEFAULT_FLAGS = re.MULTILINE | re.UNICODE
#: Minimum score of a finding. Weaker matches need a context word nearby (Presidio's context
#: enhancement); matches at or above it skip that step, which saves tokenising the text.
SCORE_THRESHOLD = 0.4
#: A regex that runs longer than this on one text segment is an error (fail closed), where
#: Presidio itself would log a warning and silently skip the pattern.
REGEX_TIMEOUT_SECONDS = 5.0
#: Name of the regex group that holds the identifier when a pattern also matches a keyword
#: ("kenmerk: (?P<value>...)"); without it the whole match is the identifier.
VALUE_GROUP = "value"


class DutchPatternRecognizer(PatternRecognizer):
    """A ``PatternRecognizer`` configured from class constants.

    Subclasses set ``ENTITY``, ``PATTERNS`` and ``CONTEXT`` (and optionally ``FLAGS``) and may
    override ``validate_result`` (checksums) or ``reject`` (checks that need the text around
    the match, which Presidio's ``validate_result`` cannot see). Patterns may match a keyword
    before the identifier and mark the identifier with a ``(?P<value>...)`` group: that is much
    faster than the variable-length look-behind Presidio's own patterns would need.
    """

    ENTITY: ClassVar[str] = ""
    PATTERNS: ClassVar[tuple[Pattern, ...]] = ()
    CONTEXT: ClassVar[tuple[str, ...]] = ()
    FLAGS: ClassVar[int] = DEFAULT_FLAGS
    #: Pattern name -> words of which at least one must occur in the text (see
    #: ``trigger_words``); a pattern whose keywords are all absent is not run at all.
    TRIGGERS: ClassVar[dict[str, frozenset[str]]] = {}

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
        self._compiled = [(p, re.compile(p.regex, self.FLAGS)) for p in patterns]

    def reject(self, text: str, start: int, end: int) -> bool:
        """Return True to drop a match after looking at its surroundings."""
        return False

    def reject_match(self, text: str, start: int, end: int, pattern_name: str) -> bool:
        """``reject`` for a match of the named pattern: a recognizer whose patterns need
        different checks overrides this instead of guessing the pattern from the value."""
        return self.reject(text, start, end)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Match every pattern; validate, reject and score like Presidio's pattern recognizer.

        A regex timeout raises ``TimeoutError``: the caller must fail closed.
        """
        results: list[RecognizerResult] = []
        words = text_words(text) if self.TRIGGERS else frozenset()
        for pattern, compiled in self._compiled:
            triggers = self.TRIGGERS.get(pattern.name)
            if triggers is not None and triggers.isdisjoint(words):
                continue
            has_value = VALUE_GROUP in compiled.groupindex
            for match in compiled.finditer(text, timeout=REGEX_TIMEOUT_SECONDS):
                start, end = match.span(VALUE_GROUP) if has_value else match.span()
                if start >= end:
                    continue
                value = text[start:end]
                valid = self.validate_result(value)
                if valid is False or self.invalidate_result(value):
                    continue
                if self.reject_match(text, start, end, pattern.name):
                    continue
                score = EntityRecognizer.MAX_SCORE if valid else pattern.score
                results.append(self._result(pattern, start, end, score, valid))
        return EntityRecognizer.remove_duplicates(results)

    def _result(
        self, pattern: Pattern, start: int, end: int, score: float, valid: bool | None
    ) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=type(self).__name__,
            original_score=score,
            pattern_name=pattern.name,
            pattern=pattern.regex,
            validation_result=valid,  # type: ignore[arg-type]
        )
        return RecognizerResult(
            entity_type=self.ENTITY,
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: type(self).__name__,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY: score >= SCORE_THRESHOLD,
            },
        )


def digits(value: str) -> str:
    """Only the ASCII digits of ``value``."""
    return "".join(ch for ch in value if "0" <= ch <= "9")


_LAST_WORD = re.compile(r"[\w'’.-]+$")


def word_before(text: str, start: int, max_chars: int = 40) -> str:
    """The word directly before ``start`` (lower case, punctuation stripped)."""
    window = text[max(0, start - max_chars) : start].rstrip(" \t:.,(")
    match = _LAST_WORD.search(window)
    return match.group(0).lower().strip(".") if match else ""


def word_set(words: str) -> frozenset[str]:
    """A frozenset from a whitespace-separated word list (keeps long lists readable)."""
    return frozenset(words.split())


def keyword_regex(words: str, *, any_case: bool = True) -> str:
    """A regex for any of the ``|``-separated literal keywords, as a prefix trie.

    ``regex`` tries the branches of a plain alternation one by one at every position, and
    case-insensitive matching makes that several times slower; a trie of the spellings that
    occur (as written, lower case, Capitalised, UPPER CASE when ``any_case``) rejects most
    positions on the first character.
    """
    trie: dict[str, dict] = {}
    spellings: set[str] = set()
    for word in (w.strip() for w in words.split("|")):
        if word:
            spellings.add(word)
            if any_case:
                spellings.update({word.lower(), word[0].upper() + word[1:], word.upper(),
                                  word.capitalize(), " ".join(w.capitalize() for w in
                                                              word.split(" "))})
    for word in spellings:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict[str, dict]) -> str:
        branches = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return f"(?:{build(trie)})"


#: every punctuation mark and symbol splits words ("Geboortedatum…:", "Naam•", "„Piet"")
_PUNCTUATION = str.maketrans({ch: " " for ch in string.punctuation} | {
    chr(code): " " for code in range(0x80, 0x3000)
    if unicodedata.category(chr(code))[0] in "PS"})


@lru_cache(maxsize=8)
def text_words(text: str) -> frozenset[str]:
    """The lower-cased words of ``text`` (punctuation splits words), computed at C speed."""
    return frozenset(text.lower().translate(_PUNCTUATION).split())


def trigger_words(keywords: str) -> frozenset[str]:
    """The first word of each ``|``-separated keyword, normalised like ``text_words``."""
    firsts = (k.lower().translate(_PUNCTUATION).split() for k in keywords.split("|"))
    return frozenset(parts[0] for parts in firsts if parts)
