"""Recognise the structure of Dutch regulations and policy texts in plain lines.

Used by the loaders (document titles) and the chunker (headings, articles, lids). Loaders write
headings they know for sure as Markdown headings (``## Hoofdstuk 2``); plain lines such as
``Artikel 1 Begripsbepalingen`` or ``1.1 Aanleiding`` are recognised here by pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# An article or container number: "172a", "2:24", "1.1", "13b", "I", "IIa".
_NUM = r"(?:[0-9]+[a-z]{0,3}(?:[:.][0-9]+[a-z]{0,3})*|[IVXLC]+[a-z]?)"

#: Rank of each container keyword: lower is higher in the hierarchy; articles are rank 6.
KEYWORD_RANKS: dict[str, int] = {
    "deel": 1,
    "boek": 1,
    "titel": 2,
    "hoofdstuk": 3,
    "afdeling": 4,
    "paragraaf": 5,
    "§": 5,
    "artikel": 6,
    "art.": 6,
    "art": 6,
}
ARTICLE_RANK = 6
_KEYWORD_RE = re.compile(
    rf"^(?P<kw>(?i:artikel|art\.?|hoofdstuk|afdeling|paragraaf|titel|deel|boek)|§)\s*"
    rf"(?P<num>{_NUM})\.?(?P<rest>(?:\s*[:.\-–—]?\s+.*)?)$"
)
_ANNEX_RE = re.compile(
    r"^(?P<kw>(?i:bijlage))(?:\s+(?P<num>[A-Z0-9]{1,4}(?:\.[0-9]+)*))?\.?"
    r"(?P<rest>(?:\s*[:.\-–—]?\s+.*)?)$"
)
ANNEX_RANK = 2
_MD_HEADING_RE = re.compile(r"^(?P<hashes>#{1,6})\s+(?P<text>.*?)\s*#*\s*$")
_NUMBERED_RE = re.compile(
    r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?(?:\s+|(?<=\.\d)(?=[A-Z])|(?<=\.\d\d)(?=[A-Z]))"
    r"(?P<title>\S.*)$"
)
_BARE_NUMBER_RE = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})\.?$")
_BARE_RE = re.compile(
    rf"^(?:(?:(?i:hoofdstuk|afdeling|paragraaf|titel|deel|boek|artikel)|§)\s*)?{_NUM}\.?$"
    r"|^(?i:bijlage)(?:\s+[A-Z0-9]{1,4}(?:\.[0-9]+)*)?\.?$"
)
_LID_RE = re.compile(r"^\s*(?:[•\-*]\s*)?(?P<num>\d{1,2}[a-z]?)(?:\.\s*|\s+|$)(?P<rest>.*)$")
_LID_WORD_RE = re.compile(r"^\s*(?i:lid)\s+(?P<num>\d{1,2}[a-z]?)\s*[.:]?\s*(?P<rest>.*)$")
_EMBEDDED_ARTICLE_RE = re.compile(rf"\s(?=(?i:artikel)\s+{_NUM}\b)")
_TITLE_START = re.compile(r"^[A-ZÀ-Ý0-9(\[\"'‘“]")
_MAX_FLAT_HEADING = 120


@dataclass(frozen=True)
class Heading:
    """A recognised heading line."""

    text: str  # the heading as it should be shown, without Markdown marks
    rank: float  # place in the hierarchy: lower is higher
    md_level: int | None = None  # number of '#' when written as a Markdown heading
    article: str | None = None  # article number when this heading opens an article

    @property
    def is_article(self) -> bool:
        return self.article is not None


def _clean_heading_text(text: str) -> str:
    text = re.sub(r"[*_`]+", "", text)
    return re.sub(r"\s+", " ", text).strip()


def _annex_heading(text: str, md_level: int | None) -> Heading | None:
    """``Bijlage``, ``Bijlage 2``, ``Bijlage A Boetetarieven``: a container above articles."""
    match = _ANNEX_RE.match(text)
    if not match:
        return None
    rest = match.group("rest").strip(" :.-–—")
    if md_level is None and (
        not text[0].isupper()
        or len(text) > _MAX_FLAT_HEADING
        or text[-1] in ",;:"
        or (rest and not _TITLE_START.match(rest))
    ):
        return None
    return Heading(text=_clean_heading_text(text), rank=ANNEX_RANK, md_level=md_level)


def _keyword_heading(text: str, md_level: int | None) -> Heading | None:
    match = _KEYWORD_RE.match(text)
    if not match:
        return _annex_heading(text, md_level)
    rest = match.group("rest").strip(" :.-–—")
    if md_level is None:
        # A plain line is only a heading when it does not read like a sentence.
        if len(text) > _MAX_FLAT_HEADING or text.rstrip()[-1] in ",;:":
            return None
        if not match.group("kw")[0].isupper() and match.group("kw") != "§":
            return None  # "artikel 5 van …" in running text
        if rest and not _TITLE_START.match(rest):
            return None
    keyword = match.group("kw").lower()
    rank = KEYWORD_RANKS.get(keyword, ARTICLE_RANK)
    number = match.group("num")
    article = number if rank == ARTICLE_RANK else None
    return Heading(text=_clean_heading_text(text), rank=rank, md_level=md_level, article=article)


def markdown_heading(line: str) -> tuple[int, str] | None:
    """``(level, text)`` for a Markdown heading line, else None."""
    match = _MD_HEADING_RE.match(line.strip())
    if not match or not match.group("text"):
        return None
    return len(match.group("hashes")), _clean_heading_text(match.group("text"))


def is_bare_heading(text: str) -> bool:
    """True for a heading that is only a number or keyword + number (``1``, ``Hoofdstuk 2``)."""
    return bool(_BARE_RE.match(text.strip()))


def classify_heading(line: str, *, in_article: bool) -> Heading | None:
    """Recognise a heading line, or None for body text.

    Markdown headings are always headings. Plain lines count when they look like
    ``Artikel 2:24 Begripsbepalingen``, ``Hoofdstuk 2. Juridisch kader``, ``§ 3`` or — outside an
    article, where numbered lines are lids — ``1.1 Aanleiding``.
    """
    stripped = line.strip()
    if not stripped:
        return None
    md = markdown_heading(stripped)
    if md is not None:
        level, text = md
        keyword = _keyword_heading(text, level)
        if keyword is not None:
            return keyword
        numbered = _NUMBERED_RE.match(text) or _BARE_NUMBER_RE.match(text)
        depth = numbered.group("num").count(".") if numbered else 0
        return Heading(text=text, rank=10 + level + depth / 10, md_level=level)
    keyword = _keyword_heading(stripped, None)
    if keyword is not None:
        return keyword
    if in_article:
        return None
    numbered = _NUMBERED_RE.match(stripped)
    if numbered is None or len(stripped) > 100 or stripped[-1] in ".,;:":
        return None
    title = numbered.group("title")
    if not _TITLE_START.match(title) or len(title.split()) > 12:
        return None
    depth = numbered.group("num").count(".") + 1
    return Heading(text=_clean_heading_text(stripped), rank=20 + depth)


def split_embedded_article(line: str) -> list[str]:
    """Split ``Hoofdstuk 1. Algemeen Artikel 1:1 Begrippen`` into the chapter and article lines,
    and ``Artikel 2. Het bevel geldt …`` into the article heading and its first sentence."""
    stripped = line.strip()
    if markdown_heading(stripped) is not None or not _KEYWORD_RE.match(stripped):
        return [line]
    parts = _EMBEDDED_ARTICLE_RE.split(stripped, maxsplit=1)
    if len(parts) == 2 and all(classify_heading(p, in_article=False) for p in parts):
        return parts
    inline = _inline_article_body(stripped)
    return inline if inline else [line]


def _inline_article_body(line: str) -> list[str] | None:
    """``Artikel 2. Het bevel geldt drie maanden.`` (a Word habit) -> ``["Artikel 2", body]``.

    Only for a plain line that would otherwise be taken as an article heading whose "title" is
    a whole sentence (four words or more, ending in . ! or ?); a title such as
    ``Artikel 5. Sluiting van woningen.`` stays a heading.
    """
    heading = _keyword_heading(line, None)
    match = _KEYWORD_RE.match(line)
    if heading is None or not heading.is_article or match is None:
        return None
    rest = match.group("rest").strip().lstrip(":.-–— ").strip()
    if len(rest.split()) < 4 or rest[-1] not in ".!?":
        return None
    return [f"{match.group('kw')} {match.group('num')}", rest]


def lid_start(line: str, previous: str | None) -> tuple[str, str] | None:
    """``(lid number, rest of the line)`` when ``line`` opens the next lid of an article.

    Accepts ``1.``, ``1 De burgemeester …``, ``• 2.`` and ``lid 3``, but only in sequence
    (1, 2, 2a, 3 …) so that numbers inside the text are not mistaken for lids.
    """
    match = _LID_WORD_RE.match(line) or _LID_RE.match(line)
    if match is None:
        return None
    number, rest = match.group("num"), match.group("rest").strip()
    if rest and not _TITLE_START.match(rest):
        return None
    if not _follows(previous, number):
        return None
    return number, rest


def _split_lid(number: str) -> tuple[int, str]:
    digits = re.match(r"\d+", number)
    assert digits is not None
    return int(digits.group()), number[digits.end() :]


def _follows(previous: str | None, number: str) -> bool:
    value, letter = _split_lid(number)
    if previous is None:
        return value == 1 and not letter
    prev_value, prev_letter = _split_lid(previous)
    if value == prev_value + 1 and not letter:
        return True
    return value == prev_value and bool(letter) and letter > prev_letter


# --- document titles -----------------------------------------------------------------------

_CITATION_RES = (
    re.compile(
        r"(?:wordt|kan worden|worden)\s+aangehaald\s+(?:als|onder de titel)\s*:?\s*"
        r"[\"“”']?(?P<title>[^\n\"“”]+?)[\"“”']?\s*(?:,\s*met vermelding|\.\s|\.$|\n|$)",
        re.MULTILINE,
    ),
    re.compile(r"^Citeertitel\s*:?\s*(?P<title>\S[^\n]{2,150})$", re.MULTILINE),
)
_SHORT_NAME_RE = re.compile(r"\((?P<title>[A-Z][^()]{2,120})\)\s*$")
#: Short titles of much-cited acts whose text has no citation clause, by BWB id.
_KNOWN_BWB_TITLES = {
    "BWBR0005416": "Gemeentewet",
    "BWBR0005537": "Algemene wet bestuursrecht",
    "BWBR0001854": "Wetboek van Strafrecht",
    "BWBR0001903": "Wetboek van Strafvordering",
}
_BOILERPLATE_LINE = re.compile(
    r"^(?:Regeling vervallen|Geldend van|Intitulé|Wetstechnische informatie|\[)", re.IGNORECASE
)


def citation_title(text: str, first_heading: str | None = None, *, extra: str = "") -> str | None:
    """The short title by which a regulation is cited, if the text says so.

    Looks for a short name in brackets at the end of the long title
    (``… (Wet tijdelijk huisverbod)``), the citation clause (``Deze wet wordt aangehaald als:
    Opiumwet.``), a CVDR ``Citeertitel`` field and a few well-known BWB ids.
    """
    if first_heading:
        short = _SHORT_NAME_RE.search(first_heading)
        if short and len(short.group("title").split()) <= 12:
            return short.group("title").strip()
    for pattern in _CITATION_RES:
        match = pattern.search(text)
        if match:
            title = match.group("title").strip().rstrip(".")
            if 2 < len(title) <= 150:
                return title
    head = text[:5000] + "\n" + extra
    for bwb_id, title in _KNOWN_BWB_TITLES.items():
        if bwb_id in head:
            return title
    return None


_SUBJECT_LINE = re.compile(r"^\s*(?:Onderwerp|Betreft)\s*:\s*(?P<subject>\S.{2,199})$",
                           re.IGNORECASE | re.MULTILINE)


def letter_subject(text: str) -> str | None:
    """The subject of a letter or memo ("Onderwerp: Onrust in Haarlem") near its start."""
    match = _SUBJECT_LINE.search(text[:3000])
    return match.group("subject").strip().rstrip(".") if match else None


def first_text_line(text: str, limit: int = 150) -> str | None:
    """The first non-empty line that is not page boilerplate, shortened to ``limit`` characters."""
    for line in text.splitlines():
        line = line.strip().lstrip("#").strip()
        if line and not _BOILERPLATE_LINE.match(line):
            return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
    return None


def choose_title(text: str, first_heading: str | None, fallback: str, *, extra: str = "") -> str:
    """Pick a document title: citation title, else first heading, else a letter's subject
    line, else the first line, else fallback.

    ``extra`` is searched for a citation title too (e.g. a source note kept out of the text).
    """
    cited = citation_title(text, first_heading, extra=extra)
    if cited:
        return cited
    if first_heading:
        if is_structural(first_heading):  # "Hoofdstuk 2" names a part, not the document
            return fallback
        return first_heading if len(first_heading) <= 200 else first_heading[:199] + "…"
    subject = letter_subject(text)
    if subject:  # a letter opens with a return address or "Graag ons kenmerk vermelden …"
        return subject
    line = first_text_line(text)
    return line if line and not is_structural(line) else fallback


def is_structural(text: str) -> bool:
    """True for a chapter, section or article heading such as ``Hoofdstuk 2`` or ``Artikel 1``."""
    heading = _keyword_heading(text.strip(), 1)
    return heading is not None and heading.rank <= ARTICLE_RANK
