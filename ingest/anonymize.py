"""Anonymise Dutch texts with Presidio and Baken's recognizers; fail closed on any error.

``build_anonymizer()`` returns one cached ``PresidioAnonymizer`` per process: deduce takes
seconds to start. Placeholders are typed and numbered per ``redact()`` call (one document):
``[PERSOON-1]``, ``[ADRES-1]``, ``[BSN-1]`` ... Text outside findings is kept byte for byte.
"""

from __future__ import annotations

import hashlib
import logging
import time
from bisect import bisect_left, insort
from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import lru_cache
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version
from itertools import combinations
from typing import Any

import regex as re
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer
from presidio_analyzer.nlp_engine import NlpArtifacts

from assistant.core.protocols import AnonymizationError, Finding, Redaction
from ingest.recognizers import LANGUAGE, RECOGNIZER_VERSION, build_registry, pieces
from ingest.recognizers.adres import repeat_streets
from ingest.recognizers.base import SCORE_THRESHOLD, word_set
from ingest.recognizers.form_fields import field_values
from ingest.recognizers.lexicon import Lexicon, load_lexicon
from ingest.recognizers.names import (
    chain_named_after_a_person,
    list_heading,
    named_after_a_person,
)
from ingest.recognizers.nlp import BlankDutchNlpEngine
from ingest.recognizers.normalise import normalise
from ingest.recognizers.person_dates import (
    birth_dates_after_names,
    birth_years_after_names,
    dates_after_birth_dates,
    place_of_birth,
)
from ingest.recognizers.persoon_vrij import names_in_brackets_after_names
from ingest.recognizers.propagation import propagate_names
from ingest.recognizers.repeated_values import repeat_values

logger = logging.getLogger(__name__)

#: Texts are analysed in pieces of at most this many characters, cut at line breaks
#: (Presidio's context step is quadratic in the number of findings per piece).
SEGMENT_CHARS = 10_000
#: When two overlapping findings have spans of equal length, the first label here wins.
_LABEL_PRIORITY = (
    "BSN",
    "IBAN",
    "EMAIL",
    "TELEFOON",
    "KENTEKEN",
    "KVK",
    "GEBOORTEDATUM",
    "ZAAKNUMMER",
    "ADRES",
    "POSTCODE",
    "BEDRIJF",
    "PERSOON",
)
#: The safety net's label loses every tie, also to an organisation's own labels.
_FALLBACK_LABEL = "NUMMER"
_NUMERIC_LABELS = frozenset(
    {"BSN", "IBAN", "TELEFOON", "KVK", "POSTCODE", "KENTEKEN", "ZAAKNUMMER", "NUMMER"}
)
_PLACEHOLDER = re.compile(r"\[[A-Z][A-Z0-9_]*-\d+\]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_NOT_ALNUM = re.compile(r"[^0-9A-Za-z]")
_WORD_SPLIT = re.compile(r"[\s-]+")
_MAX_NAME_WORDS = 6  # a longer "name" is no name to extend (and 2**n parts to look up)
_TITLE_WORDS = word_set("mevrouw mevr mw mej de heer dhr meneer mr drs dr ir ing prof ds")


class PresidioAnonymizer:
    """The ``Anonymizer`` protocol on a Presidio ``AnalyzerEngine`` built for Dutch only."""

    def __init__(
        self,
        custom_patterns: Sequence[tuple[str, str]] = (),
        *,
        use_deduce: bool = True,
        deduce_engine: Any = None,
        score_threshold: float = SCORE_THRESHOLD,
    ) -> None:
        try:
            self._analyzer = _build_analyzer(
                custom_patterns,
                use_deduce=use_deduce,
                deduce_engine=deduce_engine,
                score_threshold=score_threshold,
            )
        except ValueError as exc:  # invalid custom pattern: the message is ours and safe
            raise AnonymizationError(str(exc)) from None
        except Exception as exc:  # noqa: BLE001 (fail closed: any failure means no output)
            raise AnonymizationError(
                f"De anonimiseerder kon niet worden opgebouwd ({type(exc).__name__})."
            ) from None
        self._propagate = use_deduce
        self.version = _version_string(self.recognizer_versions())

    def recognizer_versions(self) -> dict[str, str]:
        """Recognizer name -> version, for the audit report."""
        recognizers: Iterable[EntityRecognizer] = self._analyzer.registry.recognizers
        return {str(getattr(r, "name", "")): str(r.version) for r in recognizers}

    def find(self, text: str) -> list[Finding]:
        """All identifiers in ``text``, merged where they overlap, sorted by position."""
        try:
            return self._find(text)
        except AnonymizationError:
            raise
        except Exception as exc:  # noqa: BLE001 (fail closed: any failure means no output)
            # Never chain the original exception: its message may quote the text.
            raise AnonymizationError(
                f"Analyse van de tekst mislukt ({type(exc).__name__})."
            ) from None

    def redact(self, texts: Sequence[str], *, deadline: float | None = None) -> Redaction:
        """Replace identifiers in the texts of one document by numbered placeholders.

        ``deadline`` (a ``time.monotonic()`` value): past it, the work stops between two
        pieces of text with an ``AnonymizationError``, and nothing is returned.
        """
        try:
            if isinstance(texts, str):
                raise TypeError("texts must be a sequence of strings, not one string")
            all_findings = [tuple(self._find(text, deadline)) for text in texts]
            numbering = _Numbering()
            out: list[str] = []
            counts: dict[str, int] = {}
            for text, findings in zip(texts, all_findings, strict=True):
                pieces: list[str] = []
                pos = 0
                for f in findings:
                    pieces.append(text[pos : f.start])
                    pieces.append(numbering.placeholder(f.entity_type, text[f.start : f.end]))
                    counts[f.entity_type] = counts.get(f.entity_type, 0) + 1
                    pos = f.end
                pieces.append(text[pos:])
                out.append("".join(pieces))
            return Redaction(texts=tuple(out), counts=counts, findings=tuple(all_findings))
        except AnonymizationError:
            raise
        except Exception as exc:  # noqa: BLE001 (fail closed: any failure means no output)
            raise AnonymizationError(
                f"Anonimiseren van het document mislukt ({type(exc).__name__})."
            ) from None

    def _find(self, text: str, deadline: float | None = None) -> list[Finding]:
        if not isinstance(text, str):
            raise AnonymizationError(f"Tekst verwacht, geen {type(text).__name__}.")
        # Lone surrogates (bytes decoded with errors="surrogateescape") break the tokenizer;
        # analyse a copy with U+FFFD in their place: same length, so offsets stay valid.
        text = _SURROGATE.sub("\ufffd", text)
        # Unicode dashes, spaces and digits in one form (same length: offsets stay valid)
        text = normalise(text)
        # pieces of at most SEGMENT_CHARS; a text of megabytes in several processes
        pieces_of_text = [(offset, piece) for offset, piece in _segments(text) if piece.strip()]
        findings = pieces.analyse(self._analyzer, pieces_of_text, pieces.worker_count(len(text)),
                                  lambda: _check(deadline))
        _check(deadline)
        lexicon = load_lexicon()
        # before propagation, so that a street named after someone is not spread as a name ...
        findings = _places_and_chains(text, findings, lexicon)
        merged = merge_overlaps(findings + field_values(text, lexicon))
        merged = merge_overlaps(merged + names_in_brackets_after_names(text, merged, lexicon))
        if self._propagate:
            merged = merge_overlaps(merged + propagate_names(text, merged, lexicon))
        merged = merge_overlaps(merged + repeat_streets(text, merged)
                                + repeat_values(text, merged))
        # ... and after it, for what form fields and propagation added ("Naam: Albert Heijn")
        merged = _places_and_chains(text, merged, lexicon)
        merged = merge_overlaps(merged + birth_dates_after_names(text, merged)
                                + birth_years_after_names(text, merged))
        merged = merge_overlaps(merged + dates_after_birth_dates(text, merged))
        return _outside_placeholders(text, merged)


def _places_and_chains(text: str, findings: list[Finding], lexicon: Lexicon) -> list[Finding]:
    """Person findings without the streets, bridges and parks named after someone, without
    the headings of list items ("A. Inrichting") and places of birth; a chain named after its
    founder ("Albert Heijn") a business, not a person."""
    out = []
    for finding in findings:
        value = text[finding.start : finding.end]
        if finding.entity_type == "PERSOON" and (
                named_after_a_person(value)
                or list_heading(text, finding.start, finding.end, lexicon)
                or place_of_birth(text, finding.start, finding.end)):
            continue
        if finding.entity_type == "PERSOON" and chain_named_after_a_person(value):
            finding = replace(finding, entity_type="BEDRIJF")
        out.append(finding)
    return out


def _check(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise AnonymizationError("Anonimiseren duurde te lang; het document is niet verwerkt.")


def merge_overlaps(findings: Sequence[Finding]) -> list[Finding]:
    """Merge overlapping findings into one span; the label of the longest part wins."""
    ordered = sorted(findings, key=lambda f: (f.start, -f.end))
    merged: list[Finding] = []
    group: list[Finding] = []
    end = -1
    for f in ordered:
        if group and f.start < end:
            group.append(f)
            end = max(end, f.end)
            continue
        if group:
            merged.append(_combine(group, end))
        group, end = [f], f.end
    if group:
        merged.append(_combine(group, end))
    return merged


def _outside_placeholders(text: str, findings: list[Finding]) -> list[Finding]:
    """Drop findings inside earlier placeholders ("[ZAAKNUMMER-1]"): redacting twice is a no-op."""
    if "[" not in text:
        return findings
    spans = [m.span() for m in _PLACEHOLDER.finditer(text)]  # sorted, never overlapping
    starts = [s for s, _ in spans]
    kept = []
    for f in findings:
        i = bisect_left(starts, f.end) - 1  # the last placeholder that starts before f ends
        if i < 0 or spans[i][1] <= f.start:
            kept.append(f)
    return kept


def _combine(group: list[Finding], end: int) -> Finding:
    if len(group) == 1:
        return group[0]
    best = max(group, key=lambda f: (f.end - f.start, -_priority(f.entity_type), f.score))
    return Finding(
        best.entity_type, group[0].start, end, max(f.score for f in group), best.recognizer
    )


def _priority(label: str) -> int:
    if label == _FALLBACK_LABEL:
        return len(_LABEL_PRIORITY) + 1
    return _LABEL_PRIORITY.index(label) if label in _LABEL_PRIORITY else len(_LABEL_PRIORITY)


class _Numbering:
    """Same value -> same placeholder within one document; a shorter form of a known person
    ("El Amrani" after "Fatima el Amrani"), also in capitals, in lower case or as a possessive
    ("ASANTE", "asante", "Asantes", "Bouali's"), gets that person's number. So does the first
    fuller form of a name known only in short ("Frits van Wijngaarden" after "Van Wijngaarden"):
    from then on that person has the fuller name."""

    def __init__(self) -> None:
        self._by_key: dict[tuple[str, str], str] = {}
        self._next: dict[str, int] = {}
        self._persons: list[tuple[frozenset[str], str]] = []
        # name word -> indexes in _persons of the persons with that word, in order
        self._with_word: dict[str, list[int]] = {}
        # word set -> the earliest person with exactly that name who was not made fuller yet
        self._short: dict[frozenset[str], int] = {}

    def placeholder(self, label: str, value: str) -> str:
        key = (label, _normalise(label, value))
        if key in self._by_key:
            return self._by_key[key]
        words = self._without_possessive(_name_words(value)) if label == "PERSOON" else frozenset()
        if label == "PERSOON":
            known = self._first_person_with(words) or self._extend_shorter(words)
            if known is not None:
                self._by_key[key] = known
                return known
        number = self._next.get(label, 0) + 1
        self._next[label] = number
        placeholder = f"[{label}-{number}]"
        self._by_key[key] = placeholder
        if label == "PERSOON":
            for word in words:
                self._with_word.setdefault(word, []).append(len(self._persons))
            self._short.setdefault(words, len(self._persons))
            self._persons.append((words, placeholder))
        return placeholder

    def _extend_shorter(self, words: frozenset[str]) -> str | None:
        """The placeholder of the earliest person known only by part of ``words``; that
        person's name becomes ``words``. A name has a handful of words, so its parts are
        looked up directly (not every person who shares a word with it)."""
        if len(words) < 2 or len(words) > _MAX_NAME_WORDS:
            return None
        parts = sorted(words)
        shorter = [self._short[part] for size in range(1, len(parts))
                   for part in map(frozenset, combinations(parts, size)) if part in self._short]
        if not shorter:
            return None
        index = min(shorter)
        known, placeholder = self._persons[index]
        del self._short[known]
        for word in words - known:
            insort(self._with_word.setdefault(word, []), index)
        self._persons[index] = (words, placeholder)
        return placeholder

    def _without_possessive(self, words: frozenset[str]) -> frozenset[str]:
        """ "asantes" -> "asante" when "asante" is part of a known name."""
        return frozenset(
            w[:-1] if w.endswith("s") and w not in self._with_word and w[:-1] in self._with_word
            else w
            for w in words
        )

    def _first_person_with(self, words: frozenset[str]) -> str | None:
        """The placeholder of the earliest known person whose name has all ``words``.

        Such a person is in the list of every word, so the shortest list is enough to search.
        """
        if not words:
            return None
        lists = [self._with_word.get(w, []) for w in words]
        for index in min(lists, key=len):
            known, placeholder = self._persons[index]
            if words <= known:
                return placeholder
        return None


def _normalise(label: str, value: str) -> str:
    if label in _NUMERIC_LABELS:
        compact = _NOT_ALNUM.sub("", value).upper()
        if label == "TELEFOON" and value.lstrip(" (").startswith(("+31", "0031")):
            compact = "0" + compact.removeprefix("0031").removeprefix("31").lstrip("0")
        return compact
    return " ".join(value.casefold().split())


def _name_words(value: str) -> frozenset[str]:
    words = {w.strip(".,").casefold().removesuffix("'s").removesuffix("’s")
             for w in _WORD_SPLIT.split(value)}
    return frozenset(w for w in words if len(w) > 1 and w not in _TITLE_WORDS)


def _to_finding(result: RecognizerResult, offset: int) -> Finding:
    meta = result.recognition_metadata or {}
    name = str(meta.get(RecognizerResult.RECOGNIZER_NAME_KEY, "onbekend"))
    return Finding(
        result.entity_type, result.start + offset, result.end + offset, float(result.score), name
    )


def _segments(text: str, limit: int = SEGMENT_CHARS) -> list[tuple[int, str]]:
    """Cut ``text`` into pieces of at most ``limit`` characters at paragraph or line breaks."""
    pieces: list[tuple[int, str]] = []
    start = 0
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = window.rfind("\n\n")
        if cut < limit // 2:
            cut = window.rfind("\n")
        if cut < limit // 2:
            cut = max(window.rfind(" "), window.rfind("\t"))
        if cut < limit // 2:
            cut = limit - 1
        pieces.append((start, window[: cut + 1]))
        start += cut + 1
    pieces.append((start, text[start:]))
    return pieces


class _ContextEnhancer(LemmaContextAwareEnhancer):
    """Presidio's context step, without deep-copying results it leaves alone.

    Presidio copies every result before it looks at the words around it; only results of a
    recognizer with context words that were not already raised can change. The others (all
    of deduce's names, for one) are passed on as they are, in the same order.
    """

    def enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        with_context = {r.id for r in recognizers if r.context}
        todo = [_may_change(r, with_context) for r in raw_results]
        enhanced = iter(
            super().enhance_using_context(
                text=text,
                raw_results=[r for r, t in zip(raw_results, todo, strict=True) if t],
                nlp_artifacts=nlp_artifacts,
                recognizers=recognizers,
                context=context,
            )
        )
        return [next(enhanced) if t else r for r, t in zip(raw_results, todo, strict=True)]


def _may_change(result: RecognizerResult, with_context: set[str]) -> bool:
    meta = result.recognition_metadata
    if not meta or RecognizerResult.RECOGNIZER_IDENTIFIER_KEY not in meta:
        return False
    if meta.get(RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY):
        return False
    return meta[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] in with_context


def _build_analyzer(
    custom_patterns: Sequence[tuple[str, str]],
    *,
    use_deduce: bool,
    deduce_engine: Any,
    score_threshold: float,
) -> AnalyzerEngine:
    # Presidio's debug and info messages quote the words around each finding: keep them off.
    logging.getLogger("presidio-analyzer").setLevel(logging.WARNING)
    nlp_engine = BlankDutchNlpEngine()
    nlp_engine.load()
    registry = build_registry(custom_patterns, use_deduce=use_deduce, deduce_engine=deduce_engine)
    for recognizer in registry.recognizers:
        recognizer.load()
        recognizer.is_loaded = True
    return AnalyzerEngine(
        registry=registry,
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=score_threshold,
        context_aware_enhancer=_ContextEnhancer(
            context_similarity_factor=0.35,
            min_score_with_context_similarity=0.45,
            context_prefix_count=5,
            context_suffix_count=0,
        ),
    )


def _engine_versions() -> str:
    """Baken's recognisers and the Presidio and deduce packages they run on."""
    def ver(name: str) -> str:
        try:
            return package_version(name)
        except PackageNotFoundError:
            return "?"

    return (f"baken-nl-{RECOGNIZER_VERSION}+presidio-{ver('presidio-analyzer')}"
            f"+deduce-{ver('deduce')}")


def _version_string(recognizers: dict[str, str]) -> str:
    custom = sorted(n for n in recognizers if n.startswith("EigenPatroon_"))
    suffix = f"+eigen:{','.join(c.removeprefix('EigenPatroon_') for c in custom)}" if custom else ""
    return _engine_versions() + suffix


def anonymisation_key(custom_patterns: Sequence[tuple[str, str]] = ()) -> str:
    """A short fingerprint of what anonymisation finds: Baken's recognisers, Presidio and deduce
    versions, and the organisation's own patterns. Computed without building the analyser."""
    own = "|".join(f"{label}={pattern}" for label, pattern in sorted(custom_patterns))
    text = f"{_engine_versions()}+{own}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=4)
def _cached(custom_patterns: tuple[tuple[str, str], ...]) -> PresidioAnonymizer:
    return PresidioAnonymizer(custom_patterns)


def build_anonymizer(custom_patterns: Sequence[tuple[str, str]] = ()) -> PresidioAnonymizer:
    """The process-wide anonymiser for these custom patterns (built once, then reused)."""
    return _cached(tuple((str(label), str(pattern)) for label, pattern in custom_patterns))
