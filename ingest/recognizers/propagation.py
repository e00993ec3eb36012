"""Repeat a person's name across a document: "Sandra Pinto ... Luís Pinto ... mevrouw Pinto".

Recognizers see one sentence or pattern at a time; a surname that was found once as part of
a full name is an identifier wherever else it occurs in the same text, also in capitals
("DEMIRCI" after "Demirci") or as a possessive ("Asantes neef"). A found name also shows the
names around it: a known given name is followed by its surname ("Murat Kaplan"), and a name
joined to a found one by "en" is a name too ("Pieter en Sabine de Roode").
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import regex as re
from spacy.lang.nl.stop_words import STOP_WORDS

from assistant.core.protocols import Finding
from ingest.recognizers.bedrijf import KIND_WORDS, business_word
from ingest.recognizers.lexicon import Lexicon
from ingest.recognizers.names import (
    NAME_WORD,
    PARTICLES,
    TUSSEN,
    institution_word,
    name_words,
    not_a_name,
)
from ingest.recognizers.normalise import without_accents
from ingest.recognizers.persoon_positie import VERB_WORDS, person_like

RECOGNIZER_NAME = "NaamHerhaling"
_SCORE = 0.7


def propagate_names(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """Extra PERSOON findings for every other occurrence, alone or possessive, of a part of a
    name found once, and for the names next to a found name; extra BEDRIJF findings for a
    business named again without its legal form or trade word."""
    neighbours = names_around(text, findings, lexicon)
    findings = [*findings, *neighbours]
    surnames: set[str] = set()
    places: set[str] = set()  # name words that are also places: not after "in", "te", "naar"
    values = {text[f.start : f.end] for f in findings if f.entity_type == "PERSOON"}
    # a text that writes a name in lower case ("kevin de bruijn", a chat) may write the others
    # so too; elsewhere a lower-case name word is an ordinary word ("kader", "roos")
    informal = lexicon if any(v.islower() for v in values) else None
    # each distinct name once: a name repeated throughout a long document is looked at once
    for value in values:
        # every part of the name: the surname alone, and a given name alone ("Fatima belde")
        for word in name_words(value):
            word = word.strip("()\"'“”‘’,")
            name = word if word[:1].isupper() else word.title()  # "kevin" in a chat: "Kevin"
            if len(word) < 3 or not name[:1].isupper() or (
                word.islower() and not lexicon.is_name(name)
            ):
                continue
            if lexicon.is_name(name) or not not_a_name(name, lexicon.common_words):
                # a given name is typed in lower case in any document ("zeg tegen jurgen")
                given = lexicon if name in lexicon.first_names else informal
                spellings = _spellings(name, given, short=informal is not None)
                surnames.update(spellings)
                if lexicon.is_place(name):
                    places.update(spellings)
    surnames |= _owner_names(text, findings, lexicon)
    extra = list(neighbours)
    taken = _union(sorted((f.start, f.end) for f in findings))
    starts = [s for s, _ in taken]
    if surnames:
        extra.extend(_occurrences(text, surnames, places, taken, starts, lexicon))
    extra.extend(_particle_surnames(text, values, taken, starts, lexicon))
    extra.extend(company_mentions(text, findings, lexicon))
    return extra


def _occurrences(text: str, surnames: set[str], places: set[str],
                 taken: list[tuple[int, int]], starts: list[int],
                 lexicon: Lexicon) -> Iterator[Finding]:
    """Every token that is one of ``surnames`` (alone or possessive), with a capitalised first
    name and tussenvoegsels right before it. One pass over the tokens with a set lookup: the
    time grows with the text, not with the number of names."""
    lookup: dict[str, str] = {}
    for word in surnames:
        for form in _possessives(word):
            lookup.setdefault(form, word)
    for match in _TOKEN.finditer(text):
        found = lookup.get(match.group(0))
        if found is None:
            continue
        word = found
        start, end = match.span()
        if text[end - 1] in "'’" and text[start:end - 1] == word:
            end -= 1  # "Wetzels' bus": the name without the apostrophe
        if text[start - 1 : start] == "-" or text[end : end + 1] == "-":
            # part of a double name: only as the whole name ("Jansen-Bakker" after
            # "Piet Jansen-Bakker"), each of whose parts is known
            compound = _COMPOUND.match(text, _compound_start(text, start))
            if compound is None or compound.start() != _compound_start(text, start):
                continue
            parts = compound.group("name").split("-")
            if compound.end() < end or any(
                part not in lookup and part.lower() not in PARTICLES  # "Al-Kroumeikani"
                for part in parts
            ):
                continue
            known = next(part for part in parts if part in lookup)
            if text[start:end] != known:
                continue  # the whole name is handled at its first known part
            start, end = compound.start(), compound.end()
        if word in places and self_place(text, start, end, lexicon):
            continue  # "in Oosterbroek", "Gennep, Horst aan de Maas": the place
        before = search_backwards(_NAME_BEFORE, text, max(0, start - 60), start)
        if before is not None:
            first = before.group("first")
            start = before.start()
            if first and (not_a_name(first, lexicon.common_words)
                          or business_word(first.lower())):
                start = before.end("first") + 1
        if _overlaps_any(taken, starts, start, end):
            continue
        caps = _CAPS_AFTER.match(text, end) if text[start:end].isupper() else None
        if caps and person_like(caps.group(1).title(), lexicon) and (
                caps.group(1).lower() not in VERB_WORDS):
            end = caps.end()  # "OLUWASEUN ADEYEMI" after "Oluwaseun"
        yield Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME)


_PARTICLE_PHRASE = re.compile(
    r"(?i)(?<![\w'’-])(?:van der|van den|van de|van het|van|de|den|der|ter|ten|el|al)[ ]"
    r"(?!(?:van|de|den|der|het|ter|ten|el|al)[ ])[^\W\d_][\w'’]+(?![\w'’-])"
)
_POSSESSIVE_END = re.compile(r"['’]?s$")
_INITIALS_BEFORE = re.compile(r"(?<![\w.])(?:[A-Za-z]{1,2}\.[ ]?){1,4}$")


def _particle_surnames(text: str, values: set[str], taken: list[tuple[int, int]],
                       starts: list[int], lexicon: Lexicon) -> Iterator[Finding]:
    """A surname with its tussenvoegsel found once ("piet de wit", "Erik van Dalen") is that
    person wherever the pair occurs again, in any case and after initials: "de wit",
    "VAN DALEN", "g. van zwolle". The pair is looked for as a whole, never the bare word.

    One pass over the text's tussenvoegsel pairs with a set lookup: the time grows with the
    text, not with the number of names."""
    exact: set[str] = set()  # capitalised names: as written, capitalised or in capitals
    anycase: set[str] = set()  # names typed in lower case: in any case
    for value in (v for v in values if " " in v):
        for m in _PARTICLE_PHRASE.finditer(value):
            phrase = " ".join(m.group(0).split())
            surname = phrase.split()[-1]
            if lexicon.is_place(phrase) or institution_word(surname) or (
                    not_a_name(surname, lexicon.common_words)
                    and not lexicon.is_name(surname.title())):
                continue
            # "de Visser" is not the angler ("de visser") unless the text types names in
            # lower case itself ("piet de wit" ... "de wit")
            if value.islower():
                anycase.add(phrase.lower())
            else:
                exact |= {phrase, phrase[0].upper() + phrase[1:], phrase.upper()}
    if not exact and not anycase:
        return
    # "Van Dalen" typed again in lower case at the start of a sentence ("van dalen zelf")
    typed = {phrase.lower() for phrase in exact}
    for match in _PARTICLE_PHRASE.finditer(text):
        phrase = " ".join(match.group(0).split())
        bare = _POSSESSIVE_END.sub("", phrase)  # "de Wits fiets", "van Dalen's auto"
        start, end = match.span()
        if not ({phrase, bare} & exact or {phrase.lower(), bare.lower()} & anycase or (
                {phrase.lower(), bare.lower()} & typed and _typed_here(text, start))):
            continue
        initials = search_backwards(_INITIALS_BEFORE, text, max(0, start - 14), start)
        if initials is not None:
            start = initials.start()
        if not _overlaps_any(taken, starts, start, end):
            yield Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME)


_SENTENCE_START_BEFORE = re.compile(r"[.!?][ ]{1,2}$")


def _typed_here(text: str, start: int) -> bool:
    """A name typed in lower case where a sentence starts after a full stop ("... werkt. van
    dalen zelf zegt"): a writer who does not capitalise there types names in lower case too.
    Elsewhere "de visser" stays the angler."""
    return _SENTENCE_START_BEFORE.search(text, max(0, start - 4), start) is not None


_COMPOUND = re.compile(r"(?P<name>[\w'’]+(?:-[\w'’]+)+?)(?:['’]?s)?(?![\w-])")


def _compound_start(text: str, start: int) -> int:
    """The start of the hyphenated word that holds the token at ``start``."""
    while start > 0 and (text[start - 1] == "-" or text[start - 1].isalnum()):
        start -= 1
    return start


_NAME_BEFORE = re.compile(rf"(?<![\w'’-])(?:(?P<first>{NAME_WORD})[ ])?(?:{TUSSEN}){{0,2}}$")


def search_backwards(pattern: re.Pattern[str], text: str, pos: int, endpos: int
                     ) -> re.Match[str] | None:
    """``pattern.search(text, pos, endpos)`` for a pattern anchored at ``endpos`` with ``$``,
    found from the right: the reversed search finds where the match starts without trying
    every position of the window, and the forward match from there gives the same groups."""
    reverse = _REVERSED.get(pattern.pattern)
    if reverse is None:
        reverse = _REVERSED[pattern.pattern] = re.compile("(?r)" + pattern.pattern,
                                                          pattern.flags)
    found = reverse.search(text, pos, endpos)
    return None if found is None else pattern.match(text, found.start(), endpos)


_REVERSED: dict[str, re.Pattern[str]] = {}
_PLACE_BEFORE = re.compile(r"\b(?i:in|te|naar|uit|nabij|richting|gemeente|provincie|regio)[ ]$")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[,;]?[ ]$")
_PLACE_AFTER = re.compile(r"[ ](?:aan[ ]de|aan[ ]den|a/d|bij|op[ ]de|in[ ]de)[ ]\p{Lu}|,[ ]\p{Lu}")


def self_place(text: str, start: int, end: int, lexicon: Lexicon) -> bool:
    """Whether a name word that is also a place stands as the place here: after "in", "te",
    "naar"; in a list of places; or as the first word of a longer place name."""
    if _PLACE_BEFORE.search(text, max(0, start - 15), start):
        return True
    before = _WORD_BEFORE.search(text, max(0, start - 40), start)
    if before and lexicon.is_place(before.group(1)) and before.group(1) not in lexicon.first_names:
        return True
    after = _PLACE_AFTER.match(text, end)
    return after is not None and (after.group(0).startswith(",") is False or bool(
        (nxt := _WORD_AFTER_COMMA.match(text, end)) and lexicon.is_place(nxt.group(1))))


_WORD_AFTER_COMMA = re.compile(r",[ ]([^\W\d_]+)")


def company_mentions(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """A business found once, named again without its legal form or trade word: "Autobedrijf
    Demir V.O.F." ... "Demir", "Tulip Trade Holding B.V." ... "Tulip Trade". Where a name
    finding covers the same words, the longer span (or BEDRIJF) wins when findings merge."""
    forms: set[str] = set()
    for value in {text[f.start : f.end] for f in findings if f.entity_type == "BEDRIJF"}:
        forms |= short_forms(value, lexicon)
    tokens = set(_TOKEN.findall(text)) if forms else set()
    forms = {f for f in forms if f.split()[0] in tokens}
    if not forms:
        return []
    pattern = re.compile(rf"(?<![\w-]){trie_pattern(forms)}(?![\w-])")
    return [Finding("BEDRIJF", m.start(), m.end(), _SCORE, RECOGNIZER_NAME)
            for m in pattern.finditer(text)]


_LEGAL_FORM_END = re.compile(
    r"[ ,]*(?:Holding[ ])?(?:B\.V\.?|BV|V\.O\.F\.?|VOF|N\.V\.?|NV|C\.V\.?|CV|U\.A\.?)$"
)
_LINK_WORDS = frozenset({"en", "&", "of", "and"})


def short_forms(value: str, lexicon: Lexicon) -> set[str]:
    """How a business may be named again: without its legal form, without the trade words at
    either end, and the part before "en" / "&" ("Karaca Bouw" of "Karaca Bouw en Onderhoud")."""
    base = _LEGAL_FORM_END.sub("", value).strip()
    words = base.split()
    forms = {base}
    for i, word in enumerate(words):
        if word in _LINK_WORDS and i >= 2:
            forms.add(" ".join(words[:i]))
    core = list(words)
    while core and (business_word(core[0].lower()) or core[0].lower() in KIND_WORDS):
        core = core[1:]
    while len(core) > 1 and business_word(core[-1].lower()):
        core = core[:-1]
    forms.add(" ".join(core))
    return {f for f in forms if _distinctive(f, lexicon)}


def _distinctive(form: str, lexicon: Lexicon) -> bool:
    """A name that stands for the business, not an ordinary word or a place."""
    words = form.split()
    if not words or len(form) < 3 or not (form[0].isupper() or form[0].isdigit()
                                          or form.startswith(("'t", "’t"))):
        return False
    if len(words) == 1:
        lower = form.lower()
        return (lower not in lexicon.common_words and lower not in STOP_WORDS
                and not business_word(lower) and not institution_word(form)
                and not lexicon.is_place(form))
    return not lexicon.is_place(form)


_CAPS_AFTER = re.compile(r"[ ]([A-ZÀ-ÖØ-ÞĀ-Ž][A-ZÀ-ÖØ-ÞĀ-Ž'’-]{2,})(?![\w])")
_SURNAME_AFTER = re.compile(rf"[ ](?P<value>{TUSSEN}{{0,2}}{NAME_WORD})(?![\w'’-]|[ ]\d)")
#: A nickname in quotes or brackets between a found given name and the surname:
#: 'Kevin "Kleine" Visser', "Mo ('Momo') Amrani"
_NICKNAME_AND_SURNAME_AFTER = re.compile(
    rf"[ ][\"“”'‘’(][^\"“”'‘’()\n]{{1,25}}[\"“”'‘’)][ ](?P<value>{TUSSEN}{{0,2}}{NAME_WORD})"
    rf"(?![\w'’-]|[ ]\d)"
)
#: a nickname in quotes, or the full name in brackets, right after a found name: 'de Graaf,
#: Kevin "Kef"', 'Pieter Bosma ("Piet")', '"Tante Mien" (Wilhelmina Kortenhoeven)'
_NICKNAME_AFTER = re.compile(
    r"[\"'”’]?[ ]\(?[\"“'‘„](?P<value>\p{Lu}[\p{L}-]{1,20}(?:[ ]\p{Lu}[\p{L}-]{1,20})?)"
    r"[\"”'’]\)?(?![\w'’-])")
_FULL_NAME_IN_BRACKETS_AFTER = re.compile(
    rf"[\"'”’]?[ ]\((?P<value>{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{1,3}})\)")
_BARE = rf"{NAME_WORD}(?:[ ]{TUSSEN}{{0,2}}{NAME_WORD}){{0,3}}"
#: names joined by "en", "of" or a comma, each maybe in quotes ("ene 'Nourdin' of 'Noerdin'")
_JOINED_AFTER = re.compile(
    rf"[\"'’”]?[ ]?(?:,|[ ]en|[ ]of)[ ][\"'‘“]?(?P<value>{_BARE})(?![\w'’-]|[ ]\d)")
_JOINED_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<value>{_BARE})[\"'’”]?(?:,[ ]|[ ]en[ ]|[ ]of[ ])[\"'‘“]?$")


def names_around(text: str, findings: Sequence[Finding], lexicon: Lexicon) -> list[Finding]:
    """The surname after a known given name ("Murat Kaplan"), also after a nickname in quotes
    ('Kevin "Kleine" Visser'), and names joined to a found name
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
        nicknamed = _NICKNAME_AND_SURNAME_AFTER.match(text, f.end)
        if (
            nicknamed
            and not lexicon.is_place(nicknamed.group("value"))
            and (person_like(nicknamed.group("value"), lexicon)
                 or lexicon.is_name(nicknamed.group("value")))
        ):
            extra.append(Finding("PERSOON", f.start, nicknamed.end(), _SCORE, RECOGNIZER_NAME))
        nickname = _NICKNAME_AFTER.match(text, f.end)
        if nickname and not any(lexicon.is_place(w) or institution_word(w)
                                for w in nickname.group("value").split()):
            start, end = nickname.span("value")
            extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
        bracketed = _FULL_NAME_IN_BRACKETS_AFTER.match(text, f.end)
        if bracketed and _full_name(bracketed.group("value"), lexicon):
            start, end = bracketed.span("value")
            extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
        joined = _JOINED_AFTER.match(text, f.end)
        name = _unquoted(text, *joined.span("value")) if joined else ""
        if joined and _joinable(name, lexicon):
            start = joined.start("value")
            extra.append(Finding("PERSOON", start, start + len(name), _SCORE, RECOGNIZER_NAME))
        before = search_backwards(_JOINED_BEFORE, text, max(0, f.start - 80), f.start)
        if before and _joinable(before.group("value"), lexicon):
            start, end = before.span("value")
            extra.append(Finding("PERSOON", start, end, _SCORE, RECOGNIZER_NAME))
    return extra


def _full_name(value: str, lexicon: Lexicon) -> bool:
    """ "Wilhelmina Kortenhoeven": a known given name and a surname, no body or place."""
    words = value.split()
    return words[0] in lexicon.first_names and person_like(value, lexicon) and not any(
        institution_word(w) or lexicon.is_place(w) for w in words[1:])


def _unquoted(text: str, start: int, end: int) -> str:
    """The name at ``start:end`` without the closing quote that a name word may take in
    ("'Noerdin'" is the name Noerdin in quotes, not a possessive)."""
    value = text[start:end]
    if start > 0 and text[start - 1] in "\"'‘“" and value[-1:] in "'’":
        return value[:-1]
    return value


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
    """A name joined to a found one: one word that could be a given name (known, or in no
    word list: "Costel en Nicu Dumitrescu"), or a known given name with any surname ("Femke
    Vos en Sarah Vos-Koning"), or words that look like a person's name."""
    words = value.split()
    if len(words) == 1:
        return person_like(value, lexicon) and (
            value in lexicon.first_names or (len(value) >= 4 and not lexicon.is_name(value)
                                             and value.lower() not in lexicon.common_words))
    if words[0] in lexicon.first_names and person_like(words[0], lexicon) and not any(
            institution_word(w) or lexicon.is_place(w) for w in words[1:]):
        return True
    return person_like(value, lexicon)


_TOKEN = re.compile(r"[\w'’]+")


def _possessives(word: str) -> tuple[str, ...]:
    """How ``word`` appears as a token, alone or possessive ("Wetzels' bus" after an s)."""
    forms = (word, word + "s", word + "S", word + "'s", word + "’s", word + "'S", word + "’S")
    return (*forms, word + "'", word + "’") if word[-1:] in "sxzSXZ" else forms


#: Three-letter given names that are also abbreviations or words ("1 jan", "max. 4")
_SHORT_WORDS = frozenset({
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
    "max", "min", "ton", "lot", "bob", "job", "mag", "dag", "man", "bon"})


def _spellings(word: str, lexicon: Lexicon | None = None, *, short: bool = False) -> set[str]:
    """A name word as written, in capitals and capitalised ("DEMIRCI", "Demirci"), and in lower
    case ("kevin" in a chat) when that is no Dutch word; with ``short`` (a text that types
    names in lower case) also a given name of three letters ("bas")."""
    if word.isupper():
        spellings = {word, "-".join(part.capitalize() for part in word.split("-"))}
    else:
        spellings = {word, word.upper()}
    spellings |= {without_accents(s) for s in spellings}  # "Dogan" after "Doğan"
    lower = word.lower()
    long_enough = len(lower) >= 4 or (
        short and len(lower) == 3 and lexicon is not None and word in lexicon.first_names
        and lower not in _SHORT_WORDS)
    if lexicon is not None and long_enough and lower not in lexicon.common_words and (
        lower not in STOP_WORDS
    ):
        spellings.add(lower)
    return spellings


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
