"""Does a retrieved passage sit where a question says the answer is? One pure matching function.

A question's ``source_locator`` is written the way the document names the place:
``artikel 172a lid 6``, ``artikel 1:1``, ``hoofdstuk 6``, ``paragraaf 1.1``, ``bijlage A.24``,
or a heading's literal text (``Ahojgi-criteria``); ``None`` means the whole document.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from assistant.core.schema import Locator

_ARTICLE = re.compile(r"^(?:artikel|art\.?)\s+([0-9]+[a-z]*(?:[:.][0-9]+[a-z]*)*|[ivxlc]+)"
                      r"(?:\s*,?\s*lid\s+([0-9]+[a-z]?))?", re.IGNORECASE)
_NUMBERED = re.compile(r"^(hoofdstuk|paragraaf|par\.|§|bijlage|afdeling|titel|deel)"
                       r"(?:\s+([0-9a-z]+(?:\.[0-9a-z]+)*))?\.?$", re.IGNORECASE)
_MARKUP = re.compile(r"[#*_`>|]+")
_SPACE = re.compile(r"\s+")
_LETTERS = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ExpectedPlace:
    """A parsed ``source_locator``."""

    kind: str  # "document" | "article" | "numbered" | "heading"
    article: str | None = None
    lid: str | None = None
    keyword: str | None = None  # hoofdstuk, paragraaf, bijlage …
    number: str | None = None
    text: str = ""


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).replace("’", "'").replace("‘", "'")
    return _SPACE.sub(" ", _MARKUP.sub(" ", text)).strip().lower()


def parse_locator(text: str | None) -> ExpectedPlace:
    """``"artikel 172a lid 6"`` -> article "172a", lid "6"; other forms by kind."""
    if not text or not text.strip():
        return ExpectedPlace("document")
    clean = _norm(text)
    found = _ARTICLE.match(clean)
    if found and found.end() == len(clean):
        return ExpectedPlace("article", article=found.group(1).rstrip("."), lid=found.group(2),
                             text=clean)
    numbered = _NUMBERED.match(clean)
    if numbered:
        keyword = "paragraaf" if numbered.group(1) in ("par.", "§") else numbered.group(1)
        return ExpectedPlace("numbered", keyword=keyword, number=numbered.group(2), text=clean)
    return ExpectedPlace("heading", text=clean.rstrip(":").strip())


def file_matches(expected_file: str | None, source_file: str) -> bool:
    """Same file; a store ingested from a parent folder may prefix sub-folders."""
    if not expected_file:
        return False
    want = expected_file.replace("\\", "/").strip("/").lower()
    got = source_file.replace("\\", "/").strip("/").lower()
    return got == want or got.endswith("/" + want)


def _starts_with_number(text: str, number: str) -> bool:
    """``"1.1 Aanleiding"`` starts with 1.1; ``"1.1 …"`` does not start with 1 (sub-number)."""
    if not text.startswith(number):
        return False
    rest = text[len(number):]
    if not rest:
        return True
    if rest[0].isalpha():  # "1.1Criminaliteit" (glued word) yes, "13b" (sub-number) no
        word = _LETTERS.match(rest)
        return word is not None and len(word.group(0)) >= 3
    return not (rest[0].isdigit() or (rest[0] == "." and rest[1:2].isalnum()))


def _line_matches(line: str, place: ExpectedPlace) -> bool:
    line = _norm(line).rstrip(":").strip()
    if not line:
        return False
    if place.kind == "article":
        found = _ARTICLE.match(line)
        return found is not None and found.group(1).rstrip(".") == place.article
    if place.kind == "numbered":
        keyword = place.keyword or ""
        if place.number is None:
            return line.startswith(keyword)
        if line.startswith(keyword):
            return _starts_with_number(line[len(keyword):].lstrip(" .§"), place.number)
        return _starts_with_number(line, place.number)
    return place.text in line


def location_matches(expected_file: str | None, expected_locator: str | None,
                     locator: Locator, text: str = "") -> bool:
    """True when a passage (its locator and text) is the place a question points at.

    Same file is always required. Articles compare the locator's article (the lid is not
    required: a passage often holds several leden); other places compare the heading path,
    then the passage's own lines (for a heading that did not become a section).
    """
    if not file_matches(expected_file, locator.source_file):
        return False
    place = parse_locator(expected_locator)
    if place.kind == "document":
        return True
    if place.kind == "article" and locator.article:
        return _norm(locator.article).rstrip(".") == place.article
    if any(_line_matches(h, place) for h in locator.heading_path):
        return True
    if place.kind == "article":
        return False
    lines = text.splitlines()
    if place.kind == "heading":
        # the heading text must stand at the start of a line, not just anywhere in the prose
        return any(_norm(line).startswith(place.text) for line in lines)
    return any(_line_matches(line, place) for line in lines)
