"""Security review (issue 17, item 2): text from documents and the model is inert Markdown.

Every place where the UI puts such text into Markdown (chat answers, quotes, source labels,
search snippets, warnings, the drafting preview, ingest reports, messages about documents) is
rendered here with a CommonMark renderer: no tag, image or link may come out of it, while
Baken's own formatting (bold heading, citation markers, quotes) stays.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from assistant.conversations import Flag, StoredSource, Turn
from assistant.core.schema import Locator, Source
from assistant.drafting.export import to_markdown
from assistant.drafting.result import Draft, DraftSection
from assistant.ui import inert
from assistant.ui.formatting import (
    answer_markdown,
    ingest_report_markdown,
    sources_html,
    status_markdown,
    turn_messages,
)

EVIL = "http://evil.example"
PAYLOADS = [
    f"![x]({EVIL}/md.png)",
    "![x](logout)",
    f"<img src={EVIL}/img.png>",
    f'<svg><image href="{EVIL}/svg.png"></image></svg>',
    f'<video poster="{EVIL}/poster.png"></video>',
    "[klik](javascript:alert(1))",
    f"[de regels][1]\n\n[1]: {EVIL}/ref.png",
    f"![ref][1]\n\n[1]: {EVIL}/ref2.png",
    f"<{EVIL}/auto>",
    f"[1]({EVIL}/cite-link)",
    f"![1]\n\n[1]: {EVIL}/cite-ref.png",
    f"\\![x]({EVIL}/after-backslash.png)",
    f"&lt;img src={EVIL}/entity.png&gt;",
    f"`x` <a href='{EVIL}'>a</a>",
]
OWN_CITATION = re.compile(r'<a class="baken-cite" href="#baken-bron-\d{1,2}" data-rank="\d{1,2}" '
                          r'title="Toon bron \d{1,2} in het document">\[\d{1,2}\]</a>')
RENDER = MarkdownIt("commonmark").enable("table").enable("strikethrough")
_ACTIVE_TAGS = {"img", "a", "svg", "image", "video", "audio", "source", "iframe", "object",
                "embed", "script", "style", "link", "form", "input", "picture", "track"}
_URL_ATTRIBUTES = {"href", "src", "srcset", "poster", "xlink:href", "action", "formaction",
                   "data", "background"}


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _ACTIVE_TAGS:
            self.found.append(f"<{tag}>")
        self.found.extend(f"{tag}[{name}]" for name, _ in attrs if name in _URL_ATTRIBUTES)


def active(markdown: str) -> list[str]:
    """The tags and URL attributes a Markdown renderer makes of ``markdown``."""
    parser = _Tags()
    parser.feed(RENDER.render(markdown))
    return parser.found


def _source(text: str, label: str, **kw: object) -> StoredSource:
    return StoredSource(rank=1, source_file="kwaad.md", label=label, score=0.8, text=text,
                        **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_escaper_leaves_no_tag_link_or_image(payload: str) -> None:
    if "javascript:" not in payload and not payload.startswith("&lt;"):
        # (markdown-it itself drops javascript: links; an entity is text already)
        assert active(payload), "the payload itself renders something active"
    assert active(inert.markdown(payload)) == []
    assert active(inert.markdown(f"Tekst [1]. {payload} meer [2].")) == []


def test_the_escaper_shows_the_text_as_written_and_keeps_citations() -> None:
    text = 'De burgemeester mag sluiten [1]. Zie ![x](logout) en <b>dit</b> [1, 2].'
    rendered = RENDER.render(inert.markdown(text))
    assert "![x](logout)" in rendered and "&lt;b&gt;dit&lt;/b&gt;" in rendered
    assert "sluiten [1]." in inert.markdown(text) and "[1, 2]." in inert.markdown(text)
    assert inert.markdown("**Uit de bronnen:**") == "**Uit de bronnen:**"
    assert "<strong>Uit de bronnen:</strong>" in RENDER.render(inert.markdown(
        "**Uit de bronnen:**\n\n\"De burgemeester kan sluiten.\" [1]\n— Gemeentewet"))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_chat_answer_quotes_labels_warnings_and_rewrite_are_inert(payload: str) -> None:
    source = _source(f"Passage {payload}", f"Titel {payload}", cited=True,
                     quote=f"Passage {payload}")
    answer = (f"Het antwoord {payload} [1].\n\n**Uit de bronnen:**\n\n"
              f"\"Passage {payload}\" [1]\n— Titel {payload}")
    turn = Turn(question=f"Vraag {payload}", answer=answer, mode="vraag", sources=(source,),
                warnings=(f"Waarschuwing {payload}",), rewritten_query=f"herschreven {payload}",
                flags=(Flag(f"Het antwoord {payload} [1].", f"reden {payload}"),))
    for streaming in (True, False):
        for message in turn_messages([turn], streaming_last=streaming):
            # Baken's own citation links ([n] -> its source card on the page) are the only
            # links allowed; everything the payload brought must be inert
            content = OWN_CITATION.sub("[n]", message["content"])
            assert active(content) == [], message["content"]
    final = OWN_CITATION.sub("[1]", answer_markdown(turn))
    assert "**Bronnen:**" in final and "[1] Titel" in final  # Baken's own formatting stays


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_results_errors_and_reports_are_inert(payload: str) -> None:
    search = Turn(question="zoek", answer="", mode="zoek", warnings=(payload,),
                  sources=(_source(f"Snippet {payload}", f"Titel {payload}"),))
    error = Turn(question="vraag", answer=f"Fout bij {payload}", mode="fout")
    report = ingest_report_markdown(
        {"documents_indexed": 1, "chunks": 1, "redactions": {payload: 1},
         "documents_skipped": [{"file": f"{payload}.md", "reason": f"reden {payload}"}]},
        rejected=[(f"{payload}.exe", "niet ondersteund")])
    status = status_markdown(model=payload, embedder=payload, documents=1, chunks=1,
                             demo=False, errors={"x": f"Laden mislukt: {payload}"})
    for text in (answer_markdown(search), answer_markdown(error), report, status):
        assert active(text) == [], text


def test_the_sources_panel_is_escaped_html() -> None:
    panel = sources_html([_source(f"<img src={EVIL}/p.png>", f"<svg><image href='{EVIL}'>",
                                  quote=f"<img src={EVIL}/p.png>")])
    assert "<img" not in panel and "<svg" not in panel and "<image" not in panel


@pytest.mark.parametrize("payload", PAYLOADS)
def test_the_drafting_preview_is_inert(payload: str) -> None:
    from assistant.ui.drafting_controller import DraftProgress, preview_markdown
    from assistant.ui.formatting import warnings_markdown

    source = Source(rank=1, chunk_id="c1", text=f"Bron {payload}", score=0.9,
                    locator=Locator("kwaad.md", f"Titel {payload}", article="1"))
    section = DraftSection(title="Inhoud", text=f"Het concept {payload} [1].")
    draft = Draft(template="notitie", title=f"Notitie {payload}", sections=(section,),
                  sources=(source,), missing=(f"veld {payload}",),
                  warnings=(f"let op {payload}",))
    preview = preview_markdown(draft)
    assert active(preview) == [], preview
    assert "# Notitie" in preview and "## Inhoud" in preview and "[1]" in preview
    writing = DraftProgress(f"Notitie {payload}", 2, done=[section], current="Deel",
                            text=f"bezig {payload}")
    assert active(writing.preview()) == []
    assert active(warnings_markdown([f"let op {payload}"])) == []
    assert to_markdown(draft).count(payload.split("\n")[0]) >= 1  # the download stays as is
