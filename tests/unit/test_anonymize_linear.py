"""The anonymiser's linear-time parts do exactly what the simple quadratic versions did, and a
long name-dense text is analysed block by block with one propagation pass. No clock here:
the times are in ``benchmarks/pii_benchmark.py --scaling``."""

from __future__ import annotations

import random
from types import SimpleNamespace
from typing import Any

import pytest
import regex as re

from assistant.core.protocols import Finding
from benchmarks.pii_benchmark import name_dense_text
from ingest import anonymize
from ingest.anonymize import (
    SEGMENT_CHARS,
    PresidioAnonymizer,
    _name_words,
    _Numbering,
    _outside_placeholders,
    _segments,
)
from ingest.recognizers import propagation
from ingest.recognizers.names import NAME_WORD, TUSSEN
from ingest.recognizers.propagation import _overlaps_any, _union, trie_pattern


class NoNames:
    """A deduce engine that finds nothing: the rest of the anonymiser runs without deduce's
    start-up, and name propagation stays on."""

    def deidentify(self, text: str, disabled: Any = None) -> Any:
        return SimpleNamespace(annotations=[])


def _alternation(words: set[str]) -> str:
    """How propagation wrote its surname pattern before: longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


def test_trie_pattern_matches_like_the_alternation_longest_first() -> None:
    rng = random.Random(5)
    stems = ["Bak", "Bakker", "Bakkers", "Mc", "Mc'Don", "Mc'Donald", "O'Neill", "Neill", "Jan",
             "Jansen", "Jans", "de Vries", "Vries", "Çelik", "Øberg", "Ab", "A.B"]
    for _ in range(20):
        words = set(rng.sample(stems, rng.randint(1, len(stems))))
        words |= {"".join(rng.choice("abBJnsk'") for _ in range(rng.randint(2, 6)))
                  for _ in range(30)}
        tokens = [rng.choice(sorted(words)) for _ in range(300)]
        tokens += [rng.choice(["van", "de", "Jan", "x", "-", "Bakkerij"]) for _ in range(100)]
        rng.shuffle(tokens)
        text = "".join(t + rng.choice([" ", " ", ", ", "-", "'", ".\n"]) for t in tokens)
        in_propagation = rf"(?<![\w-])(?P<first>{NAME_WORD}[ ])?(?:{TUSSEN}){{0,2}}{{}}(?![\w-])"
        for context in ("{}", in_propagation):
            old = re.compile(context.replace("{}", _alternation(words)))
            new = re.compile(context.replace("{}", trie_pattern(words)))
            assert [m.span() for m in new.finditer(text)] == [m.span() for m in old.finditer(text)]
    assert re.compile(trie_pattern([])).search("iets") is None


def test_overlap_test_by_binary_search_agrees_with_comparing_every_pair() -> None:
    rng = random.Random(9)
    for _ in range(200):
        spans = sorted((s, s + rng.randint(1, 9)) for s in rng.sample(range(200), 25))
        union = _union(spans)
        starts = [s for s, _ in union]
        for _ in range(50):
            start = rng.randint(0, 210)
            end = start + rng.randint(1, 12)
            pairwise = any(s < end and start < e for s, e in spans)
            assert _overlaps_any(union, starts, start, end) == pairwise


def test_placeholder_filter_by_binary_search_agrees_with_comparing_every_pair() -> None:
    rng = random.Random(3)
    for _ in range(100):
        text = "".join(rng.choice(["[PERSOON-1]", "[ADRES-12] ", "abc ", "[x] ", "de "])
                       for _ in range(40))
        findings = [Finding("PERSOON", s, s + rng.randint(1, 15), 0.9, "t")
                    for s in sorted(rng.sample(range(len(text) - 1), 10))]
        spans = [m.span() for m in re.finditer(r"\[[A-Z][A-Z0-9_]*-\d+\]", text)]
        pairwise = [f for f in findings if not any(s < f.end and f.start < e for s, e in spans)]
        assert _outside_placeholders(text, findings) == pairwise


class LinearSearchNumbering:
    """The numbering as it was: every known person compared with every new name (and the
    first fuller form of a name known only in short joins that person)."""

    def __init__(self) -> None:
        self.by_key: dict[tuple[str, str], str] = {}
        self.next: dict[str, int] = {}
        self.persons: list[tuple[frozenset[str], str]] = []
        self.extended: set[int] = set()

    def placeholder(self, label: str, value: str) -> str:
        key = (label, anonymize._normalise(label, value))
        if key in self.by_key:
            return self.by_key[key]
        if label == "PERSOON":
            words = _name_words(value)
            for known, placeholder in self.persons:
                if words and words <= known:
                    self.by_key[key] = placeholder
                    return placeholder
            for i, (known, placeholder) in enumerate(self.persons):
                if i not in self.extended and known and known < words:
                    self.persons[i] = (words, placeholder)
                    self.extended.add(i)
                    self.by_key[key] = placeholder
                    return placeholder
        number = self.next.get(label, 0) + 1
        self.next[label] = number
        placeholder = f"[{label}-{number}]"
        self.by_key[key] = placeholder
        if label == "PERSOON":
            self.persons.append((_name_words(value), placeholder))
        return placeholder


def test_numbering_by_name_word_index_agrees_with_the_linear_search() -> None:
    rng = random.Random(11)
    firsts = ["Anouk", "Jan", "Fatima", "Luís", "Sanne", "dhr.", "mevrouw", "J."]
    lasts = ["Verhoeven", "el Amrani", "Pinto", "Jansen", "de Vries", "Jansen-Bakker", "Bakker"]
    for _ in range(50):
        ours, theirs = _Numbering(), LinearSearchNumbering()
        for _ in range(200):
            parts = rng.sample(firsts, rng.randint(0, 2)) + rng.sample(lasts, rng.randint(0, 2))
            value = " ".join(parts) or rng.choice(lasts)
            label = rng.choice(["PERSOON", "PERSOON", "PERSOON", "ADRES"])
            assert ours.placeholder(label, value) == theirs.placeholder(label, value)


def test_name_dense_text_is_analysed_in_blocks_with_one_propagation_pass(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    anonymizer = PresidioAnonymizer(deduce_engine=NoNames())
    text = name_dense_text(60_000)
    assert len(text) == 60_000
    blocks: list[int] = []
    analyze = anonymizer._analyzer.analyze

    def counting_analyze(text: str, language: str) -> Any:
        blocks.append(len(text))
        return analyze(text=text, language=language)

    passes: list[int] = []

    def counting_propagate(text: str, findings: Any, lexicon: Any) -> list[Finding]:
        passes.append(len(findings))
        return propagation.propagate_names(text, findings, lexicon)

    monkeypatch.setattr(anonymizer._analyzer, "analyze", counting_analyze)
    monkeypatch.setattr(anonymize, "propagate_names", counting_propagate)
    redaction = anonymizer.redact([text])
    assert len(blocks) == len(_segments(text)) >= 60_000 // SEGMENT_CHARS
    assert max(blocks) <= SEGMENT_CHARS
    assert len(passes) == 1 and passes[0] > 500  # name-dense: hundreds of names in one pass
    assert redaction.counts["PERSOON"] > 500


def test_the_surname_pattern_grows_with_the_names_not_with_their_number_squared() -> None:
    names = name_dense_text(20_000).replace(".", " ").split()
    words = {w for w in names if w[:1].isupper()}
    assert len(trie_pattern(words)) <= 4 * sum(len(w) for w in words)
