"""Legal references in a piece of text: 'artikel 13b Opiumwet', 'art. 3, eerste lid, Wet Bibob',
'artikelen 172 tot en met 176 Gemeentewet', 'artikel 172 jo. 174 Gemeentewet', 'het eerste lid'.

A reference names an article (or a range of articles), optionally a lid, and the law it is in;
without a law it means the document the text comes from. Which indexed document a law name
means is decided at search time (``assistant.retrieval``), so a reference stays right when
documents are added or removed. References travel in the chunk metadata as short strings
(``Reference.key``): ``"13b|Opiumwet"``, ``"172-176|Gemeentewet"``, ``"3/1|"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# "174a", "2:24", "2.1.1", and Roman numbers of amending laws in upper case ("VI", "IIa")
ARTICLE_NUMBER = r"\d+[a-z]*(?:[:.]\d+[a-z]*)*|(?-i:[IVXLC]+[a-z]?)\b"

ORDINALS = {
    "eerste": "1", "tweede": "2", "derde": "3", "vierde": "4", "vijfde": "5", "zesde": "6",
    "zevende": "7", "achtste": "8", "negende": "9", "tiende": "10", "elfde": "11",
    "twaalfde": "12",
}
_ORDINAL = "|".join(ORDINALS)

# Short names of laws as they are cited, with the words of their full title.
LAW_ABBREVIATIONS = {
    "OW": "Opiumwet", "Ow": "Opiumwet", "APV": "Algemene plaatselijke verordening",
    "Gemw": "Gemeentewet", "GemW": "Gemeentewet", "Wom": "Wet openbare manifestaties",
    "WOM": "Wet openbare manifestaties", "Sr": "Wetboek van Strafrecht",
    "Sv": "Wetboek van Strafvordering", "Awb": "Algemene wet bestuursrecht",
    "WWM": "Wet wapens en munitie", "Wwm": "Wet wapens en munitie",
    "DHW": "Drank- en Horecawet", "Dhw": "Drank- en Horecawet",
    "Wvr": "Wet veiligheidsregio's", "Wth": "Wet tijdelijk huisverbod",
    "Wok": "Wet op de kansspelen", "Pw": "Politiewet", "Wbbo": "Wet bestuurlijke boete overlast",
    "Wet Bibob": "Wet bevordering integriteitsbeoordelingen door het openbaar bestuur",
    "Wet BIBOB": "Wet bevordering integriteitsbeoordelingen door het openbaar bestuur",
    "Besluit BIBOB": "Besluit Bibob",
}
_ABBREVIATION = "|".join(sorted((re.escape(a) for a in LAW_ABBREVIATIONS), key=len, reverse=True))
_SAME_DOCUMENT = r"(?:deze|die|dit|dat)\s+(?:wet|besluit|verordening|regeling|beleidsregels?)\b"
# words that end a law's name: 'artikel 3 Wet Bibob is ...' names the Wet Bibob, not more
_NAME_ENDS = {"is", "zijn", "wordt", "worden", "kan", "kunnen", "mag", "mogen", "moet", "moeten",
              "heeft", "hebben", "geldt", "gelden", "bepaalt", "bedoeld", "die", "dat", "als",
              "indien", "wanneer", "niet", "ook", "zoals", "om", "te", "of", "jo", "juncto",
              "artikel", "artikelen", "lid", "sub", "onder", "in", "met", "bij", "aan"}
_LAW_HEAD = (r"(?:[A-Z][\w'-]*(?:wet|besluit|verordening|regeling|reglement)\b(?:\s+\d{4})?"
             r"|Drank-\s+en\s+Horecawet"
             r"|(?:Wetboek|Wet|Besluit|Regeling|Algemene|Aanwijzing|Verordening)\b)")
_LAW_WORD = re.compile(r"\s+([\w'-]+)")

_START = re.compile(r"\b(?:artikelen|artikel|artt?\.)\s*", re.IGNORECASE)
_NUMBER = re.compile(ARTICLE_NUMBER, re.IGNORECASE)
_LID = re.compile(
    rf",?\s*(?:(?:het\s+)?(?P<ord>{_ORDINAL})(?:\s*(?:,|en|of|tot\s+en\s+met)\s*(?:{_ORDINAL}))*"
    rf"\s+(?:lid|leden)|(?:lid|leden)\s+(?P<num>\d+))(?:\s*,\s*(?:onder|sub)\s+[a-z0-9]+)?"
    rf"(?:\s*,(?=\s))?",
    re.IGNORECASE)
_JOINER = re.compile(
    r"\s*(?P<word>,|en|of|tot\s+en\s+met|t/m|[-–]|jo\.?|juncto)\s*"
    r"(?:(?:van\s+(?:de|het)\s+\w+\s+)?(?:artikelen|artikel|artt?\.)\s*)?",
    re.IGNORECASE)
_OF_LAW = re.compile(r",?\s*(?:(?:van|uit|in)\s+(?:de|het)\s+|der\s+)?", re.IGNORECASE)
_RELATIVE_LID = re.compile(rf"\b(?:het|in\s+het|bij\s+het)\s+({_ORDINAL})\s+lid\b", re.IGNORECASE)
_RANGE_WORDS = {"tot en met", "t/m", "-", "–"}


@dataclass(frozen=True)
class Reference:
    """One cited article (or range ``article`` .. ``until``) of ``law`` (None: this document)."""

    article: str
    law: str | None = None
    lid: str | None = None
    until: str | None = None

    @property
    def key(self) -> str:
        """Compact form for chunk metadata: ``article[-until][/lid]|law``."""
        span = f"{self.article}-{self.until}" if self.until else self.article
        return f"{span}{'/' + self.lid if self.lid else ''}|{self.law or ''}"

    @classmethod
    def from_key(cls, key: str) -> Reference:
        span, _, law = key.partition("|")
        span, _, lid = span.partition("/")
        article, _, until = span.partition("-")
        return cls(article=article, law=law or None, lid=lid or None, until=until or None)


def _lid(match: re.Match[str] | None) -> str | None:
    if match is None:
        return None
    if match.group("num"):
        return match.group("num")
    return ORDINALS[match.group("ord").lower()]


def _law_name(text: str, pos: int) -> tuple[str | None, bool, int]:
    """The law named at ``pos`` (after 'van de', 'der' ...): (name, same document, end)."""
    start = _OF_LAW.match(text, pos)
    at = start.end() if start else pos
    same = re.compile(_SAME_DOCUMENT, re.IGNORECASE).match(text, at)
    if same:
        return None, True, same.end()
    abbreviation = re.compile(rf"(?:{_ABBREVIATION})(?![\w-])").match(text, at)
    if abbreviation:
        return LAW_ABBREVIATIONS[abbreviation.group()], False, abbreviation.end()
    head = re.compile(_LAW_HEAD).match(text, at)
    if not head:
        return None, False, pos
    words = [head.group()]
    end = head.end()
    if not re.search(r"(?:wet|besluit|verordening|regeling|reglement)(?:\s+\d{4})?$",
                     head.group(), re.IGNORECASE) or head.group() in {"Wet", "Besluit"}:
        for _ in range(7):  # 'Wet openbare manifestaties', 'Besluit Bibob'
            word = _LAW_WORD.match(text, end)
            if not word or word.group(1).lower() in _NAME_ENDS:
                break
            words.append(word.group(1))
            end = word.end()
        if len(words) == 1:
            return None, False, pos
    name = " ".join(words)
    return LAW_ABBREVIATIONS.get(name, name), False, end


def _one(text: str, pos: int) -> tuple[list[Reference], int]:
    """The references of one 'artikel ...' phrase starting at ``pos`` (after the word)."""
    items: list[tuple[str, str | None, str | None]] = []  # (article, lid, joiner before it)
    joiner: str | None = None
    while True:
        number = _NUMBER.match(text, pos)
        if not number:
            break
        pos = number.end()
        lid_match = _LID.match(text, pos)
        if lid_match:
            pos = lid_match.end()
        items.append((number.group().lower(), _lid(lid_match), joiner))
        join = _JOINER.match(text, pos)
        if not join or not _NUMBER.match(text, join.end()):
            break
        joiner = re.sub(r"\s+", " ", join.group("word").lower())
        pos = join.end()
    if not items:
        return [], pos
    law, _, pos = _law_name(text, pos)
    refs: list[Reference] = []
    for article, lid, before in items:
        if before in _RANGE_WORDS and refs:
            previous = refs.pop()
            refs.append(Reference(previous.article, law, previous.lid, until=article))
            continue
        refs.append(Reference(article, law, lid))
    return refs, pos


def extract_references(text: str, own_article: str | None = None) -> list[Reference]:
    """Every legal reference in ``text``, in order, without repeats. ``own_article`` is the
    article the text is part of: 'het eerste lid' then means its first lid."""
    found: list[Reference] = []
    covered: list[tuple[int, int]] = []
    for start in _START.finditer(text):
        refs, end = _one(text, start.end())
        if refs:
            found.extend(refs)
            covered.append((start.start(), end))
    if own_article:
        for match in _RELATIVE_LID.finditer(text):
            if not any(a <= match.start() < b for a, b in covered):
                found.append(Reference(own_article.lower(), None, ORDINALS[match.group(1).lower()]))
    return list(dict.fromkeys(found))


def reference_keys(text: str, own_article: str | None = None) -> tuple[str, ...]:
    """``extract_references`` as metadata keys."""
    return tuple(ref.key for ref in extract_references(text, own_article))


def chunk_references(text: str, own_article: str | None) -> tuple[str, ...]:
    """The reference keys of a chunk's body: its first line is the context line
    ('Gemeentewet — Artikel 172a, lid 6'), which names the chunk itself, not a reference."""
    body = text.split("\n", 1)[1] if "\n" in text else text
    return reference_keys(body, own_article)


def parse_keys(keys: Iterable[str]) -> list[Reference]:
    """References back from their metadata keys (unreadable ones are skipped)."""
    out = []
    for key in keys:
        if key and "|" in key:
            out.append(Reference.from_key(key))
    return out


def article_in_range(article: str, first: str, last: str) -> bool:
    """Whether ``article`` lies in 'first tot en met last': '174a' in 172..176, '2:60' in
    2:59..2:61 (same prefix before the last number)."""
    def split(number: str) -> tuple[str, int, str] | None:
        m = re.fullmatch(r"(.*?)(\d+)([a-z]*)", number)
        return (m.group(1), int(m.group(2)), m.group(3)) if m else None

    a, lo, hi = split(article), split(first), split(last)
    if not (a and lo and hi) or not (a[0] == lo[0] == hi[0]):
        return False
    return (lo[1], lo[2]) <= (a[1], a[2]) and a[1] <= hi[1] and (a[1], a[2]) <= (hi[1], hi[2])


def join_keys(keys: Sequence[str]) -> str:
    """Metadata value for a chunk's references (Chroma stores no lists)."""
    return ";".join(keys)


def split_keys(value: str) -> tuple[str, ...]:
    return tuple(k for k in value.split(";") if k)
