"""Repeat a person's name across a document: "Sandra Pinto ... Luís Pinto ... mevrouw Pinto".

Recognizers see one sentence or pattern at a time; a surname that was found once as part of
a full name is an identifier wherever else it occurs in the same text, also in capitals
("DEMIRCI" after "Demirci") or as a possessive ("Asantes neef"). A found name also shows the
names around it: a known given name is followed by its surname ("Murat Kaplan"), and a name
joined to a found one by "en" is a name too ("Pieter en Sabine de Roode").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from typing import Any

import regex as re

from assistant.protocols import Finding
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import NAME_WORD, TUSSEN, name_words, not_a_name
from ingest.recognizers.persoon_positie import person_like

RECOGNIZER_NAME = "NaamHerhaling"
_SCORE = 0.7


def propagate_names(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """Extra PERSOON findings for every other occurrence, alone or possessive, of a part of a
    name found once, and for the names next to a found name."""
    neighbours = names_around(text, findings, lexicon)
    findings = [*findings, *neighbours]
    surnames = set()
    # each distinct name once: a name repeated throughout a long document is looked at once
    for value in {text[f.start : f.end] for f in findings if f.entity_type == "PERSOON"}:
        # every part of the name: the surname alone, and a given name alone ("Fatima belde")
        for word in name_words(value):
            word = word.strip("()\"'“”‘’,")
            usable = len(word) >= 3 and word[0].isupper() and not lexicon.is_place(word)
            if usable and (lexicon.is_name(word) or not not_a_name(word, lexicon.common_words)):
                surnames.update(_spellings(word))
    surnames |= _owner_names(text, findings, lexicon)
    # other spellings only where the text has them: a bigger pattern costs compile time
    tokens = set(_TOKEN.findall(text))
    surnames = {w for w in surnames if tokens.intersection(_possessives(w))}
    if not surnames:
        return neighbours
    # An optional capitalised first name and tussenvoegsel before the surname. The surnames
    # are one trie-shaped alternation: a plain "A|B|C..." makes the regex engine try every
    # surname at every word, which grows with the document (more names, more text).
    pattern = re.compile(
        rf"(?<![\w-])(?P<first>{NAME_WORD}[ ])?(?:{TUSSEN}){{0,2}}{trie_pattern(surnames)}"
        rf"(?:['’]?s)?(?![\w-])"  # possessive: "Jansens auto", "Mo's scooter"
    )
    taken = _union(sorted((f.start, f.end) for f in findings))
    starts = [s for s, _ in taken]
    extra = list(neighbours)
    for match in pattern.finditer(text):
        start, end = match.span()
        first = match.group("first")
        if first and not_a_name(first.strip(), lexicon.common_words):
            start = match.start("first") + len(first)
        if _overlaps_any(taken, starts, start, end):
            continue
        caps = _CAPS_AFTER.match(text, end) if text[start:end].isupper() else None
        if caps and person_like(caps.group(1).title(), lexicon):
            end = caps.end()  # "OLUWASEUN ADEYEMI" after "Oluwaseun"
        extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
    return extra


_CAPS_AFTER = re.compile(r"[ ]([A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]{2,})(?![\w])")
_SURNAME_AFTER = re.compile(rf"[ ](?P<value>{TUSSEN}{{0,2}}{NAME_WORD})(?![\w'’-]|[ ]\d)")
_BARE = rf"{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{0,3}}"
_JOINED_AFTER = re.compile(rf"[ ]?(?:,|[ ]en|[ ]of)[ ](?P<value>{_BARE})(?![\w'’-]|[ ]\d)")
_JOINED_BEFORE = re.compile(rf"(?<![\w'’-])(?P<value>{_BARE})(?:,[ ]|[ ]en[ ]|[ ]of[ ])$")


def names_around(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """The surname after a known given name ("Murat Kaplan") and names joined to a found name
    by "en", "of" or a comma ("Ionut Popescu en Marian Dumitru", "Pieter en Sabine de Roode").

    A joined name of one word must be a known given name; longer ones must look like a
    person's name (no institution, place or street).
    """
    extra = []
    for f in findings:
        if f.entity_type != "PERSOON":
            continue
        value = text[f.start : f.end]
        last = value.split()[-1] if value.split() else ""
        after = _SURNAME_AFTER.match(text, f.end)
        if (
            after
            and last in lexicon.first_names
            and not lexicon.is_place(after.group("value"))
            and person_like(after.group("value"), lexicon)
        ):
            extra.append(Finding("PERSOON", f.start, after.end(), _SCORE, RECOGNIZER_NAME))
        joined = _JOINED_AFTER.match(text, f.end)
        if joined and _joinable(joined.group("value"), lexicon):
            start, end = joined.span("value")
            extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
        before = _JOINED_BEFORE.search(text, max(0, f.start - 80), f.start)
        if before and _joinable(before.group("value"), lexicon):
            start, end = before.span("value")
            extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
    return extra


def _owner_names(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> set[str]:
    """Person-like words of business names ("Kaplan" in "Kaplan Holding B.V.", "Demir" in
    "Tegelzetbedrijf Yusuf Demir"): the owner's name, wherever else it occurs. Names with an
    article ("De Gouden Leeuw") are names of places, not of owners."""
    words = set()
    for value in {text[f.start : f.end] for f in findings if f.entity_type == "BEDRIJF"}:
        if _ARTICLE_START.match(value):
            continue
        for word in name_words(value):
            word = word.strip("()\"'“”‘’,&")
            if len(word) >= 3 and word[0].isupper() and not word.isupper() and person_like(
                word, lexicon
            ):
                words.update(_spellings(word))
    return words


_ARTICLE_START = re.compile(r"(?:De|Het|'t|’t|The|La|Le|El|Los)[ ]")


def _joinable(value: str, lexicon: Lexicon) -> bool:
    if " " not in value:
        return value in lexicon.first_names and person_like(value, lexicon)
    return person_like(value, lexicon)


_TOKEN = re.compile(r"[\w'’]+")


def _possessives(word: str) -> tuple[str, ...]:
    """How ``word`` appears as a token, alone or possessive."""
    return (word, word + "s", word + "S", word + "'s", word + "’s", word + "'S", word + "’S")


def _spellings(word: str) -> set[str]:
    """A name word as written, in capitals and capitalised ("DEMIRCI", "Demirci")."""
    if word.isupper():
        return {word, "-".join(part.capitalize() for part in word.split("-"))}
    return {word, word.upper()}


def trie_pattern(words: Iterable[str]) -> str:
    """A regex for "any of ``words``" that matches like their alternation, longest first.

    Words sharing a prefix share a branch, so matching costs the length of a word, not the
    number of words. Where one word is a prefix of another the longer one is tried first, as
    in an alternation sorted by length.
    """
    root: dict[str, Any] = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[_END] = {}
    return f"(?:{_emit(root)})" if root else "(?!)"


_END = ""  # key of a word's end in the trie (no word contains the empty string)


def _emit(node: dict[str, Any]) -> str:
    parts = [re.escape(ch) + _emit(child) for ch, child in sorted(node.items()) if ch != _END]
    if not parts:
        return ""
    body = parts[0] if len(parts) == 1 else f"(?:{'|'.join(parts)})"
    return f"(?:{body})?" if _END in node else body


def _union(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted spans merged where they overlap: a span overlaps one of them iff it overlaps
    one of the originals."""
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps_any(spans: list[tuple[int, int]], starts: list[int], start: int, end: int) -> bool:
    """Whether (start, end) overlaps one of the sorted, disjoint ``spans`` (binary search)."""
    i = bisect_left(starts, end) - 1  # the last span that starts before ``end``
    return i >= 0 and spans[i][1] > start
