"""HTML pages (e.g. saved from wetten.overheid.nl or lokaleregelgeving.overheid.nl)."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString, Tag

from assistant.core.schema import Document, Section
from ingest.loaders._base import make_document

_DROP = (
    "script",
    "style",
    "nav",
    "noscript",
    "template",
    "svg",
    "iframe",
    "form",
    "button",
    "footer",
    "head",
)
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_BLOCKS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "aside",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "tr",
        "blockquote",
        "pre",
        "figure",
        "figcaption",
        "address",
        "details",
        "summary",
        "hr",
        "br",
    }
)
_SPACES = re.compile(r"[ \t\r\f\v]+")


def _decode(data: bytes) -> BeautifulSoup:
    try:
        return BeautifulSoup(data, "lxml")
    except Exception:  # noqa: BLE001 - lxml missing or unhappy: the stdlib parser is enough
        return BeautifulSoup(data, "html.parser")


class _Lines:
    """Collects text into lines: block elements end a line, headings become Markdown."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current: list[str] = []

    def text(self, value: str) -> None:
        self.current.append(value)

    def flush(self) -> None:
        line = _SPACES.sub(" ", "".join(self.current)).strip()
        if line:
            self.lines.append(line)
        self.current = []

    def ordered_list(self, node: Tag) -> None:
        """Write the numbers of an ``<ol>`` into the text: they are lid numbers in regulations."""
        self.flush()
        number = _start(node)
        for child in node.children:
            if isinstance(child, Tag) and child.name.lower() == "li":
                self.text(f"{number}. ")
                number += 1
                self.walk(child)
                self.flush()
        self.lines.append("")

    def walk(self, node: Tag) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if type(child) is NavigableString:  # skips comments, doctype, CDATA
                    self.text(str(child).replace("\n", " "))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            if name in _HEADINGS:
                self.flush()
                heading = _SPACES.sub(" ", child.get_text(" ")).strip()
                if heading:
                    self.lines.extend(["", "#" * _HEADINGS[name] + " " + heading, ""])
                continue
            if name in ("td", "th"):
                self.walk(child)
                self.text(" | ")
                continue
            if name == "ol":
                self.ordered_list(child)
                continue
            block = name in _BLOCKS
            if block:
                self.flush()
            self.walk(child)
            if block:
                self.flush()
                if name in ("p", "table", "ul", "ol", "section", "article"):
                    self.lines.append("")


def _start(tag: Tag) -> int:
    try:
        return int(str(tag.get("start") or 1))
    except ValueError:
        return 1


def load_html(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Visible text with headings kept; scripts, styles and navigation dropped."""
    soup = _decode(data)
    title_tag = soup.find("title")
    page_title = title_tag.get_text(" ", strip=True) if title_tag else ""
    for tag in soup.find_all(list(_DROP)):
        tag.decompose()
    lines = _Lines()
    lines.walk(soup.body or soup)
    lines.flush()
    text = "\n".join(line.removesuffix(" |").rstrip() for line in lines.lines)
    h1 = soup.find("h1")
    title_hint = (h1.get_text(" ", strip=True) if isinstance(h1, Tag) else "") or page_title
    return [
        make_document(
            source_file, content_hash, [Section(text)], fmt="html", title_hint=title_hint or None
        )
    ]
