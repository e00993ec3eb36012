"""What makes the chat trustworthy at first sight, without a browser: cited sources first,
clickable citations, the stage line, search below the threshold, the source viewer, the
first-run guide, the Dutch page, the optional parts and a second rating of an answer."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.config import Settings
from assistant.conversations import ConversationStore, StoredSource, Turn
from assistant.core.schema import Chunk, Locator
from assistant.feedback import FeedbackStore
from assistant.parts import optional_parts, parts_text
from assistant.ui.chat import ChatController, ChatState
from assistant.ui.dutch import FORCE_DUTCH, dutch_page
from assistant.ui.formatting import (
    NO_CLEAR_PASSAGE,
    Stage,
    answer_markdown,
    cited_ranks,
    link_citations,
    ordered_sources,
    search_markdown,
    stage_html,
    turn_panel,
)
from assistant.ui.guide import document_type, documents_html, example_questions
from assistant.ui.progress import ticking
from assistant.ui.viewer import TARGET_ID, document_html, parse_request, viewer_html
from ingest.chunking import chunk_id
from tests.fakes import RegexAnonymizer


def _source(rank: int, score: float, *, cited: bool = False, text: str = "") -> StoredSource:
    return StoredSource(rank=rank, source_file="wet.md", label=f"Wet, artikel {rank}",
                        score=score, text=text or f"Passage {rank}.", cited=cited)


def _turn(answer: str, sources: tuple[StoredSource, ...], **kw: Any) -> Turn:
    return Turn(question="Vraag?", answer=answer, mode=kw.pop("mode", "vraag"),
                sources=sources, **kw)


# -- answer and sources as one -----------------------------------------------------------------

def test_cited_cards_come_first_in_cited_order_and_the_rest_by_relevance_folded() -> None:
    sources = (_source(1, 0.9, cited=True), _source(2, 0.5), _source(3, 0.7, cited=True),
               _source(4, 0.8))
    turn = _turn("Eerst dit [3]. Dan dat [1].", sources)
    assert [s.rank for s in ordered_sources(turn)] == [3, 1, 4, 2]
    panel = turn_panel(turn, turn_index=0)
    cards = re.findall(r"id='baken-bron-(\d)'", panel)
    assert cards == ["3", "1", "4", "2"]
    opened = re.findall(r"id='baken-bron-(\d)'.*?<details( open)?>", panel)
    assert opened == [("3", " open"), ("1", " open"), ("4", ""), ("2", "")]
    assert "data-turn='0'" in panel and panel.count("Toon in het document") == 4


def test_citations_in_the_answer_link_to_their_source_only_when_it_exists() -> None:
    assert cited_ranks("a [2] b [1] c [2]") == [2, 1]
    html = link_citations("zie [2] en [7]", [1, 2])
    assert 'href="#baken-bron-2"' in html and "[7]" in html and "#baken-bron-7" not in html
    text = answer_markdown(_turn("Het is tien dagen [1].", (_source(1, 0.9, cited=True),)))
    assert text.count('class="baken-cite"') == 2  # in the answer and in the source line


def test_stage_line_shows_each_step_with_elapsed_seconds() -> None:
    assert "<b>zoeken…</b> → bronnen gelezen → schrijven · 0 s" in stage_html(Stage("zoeken", 0.2))
    reading = stage_html(Stage("bronnen", 3.9, 5))
    assert "✓ zoeken → <b>bronnen lezen…</b> → schrijven · 3 s" in reading
    writing = stage_html(Stage("schrijven", 12.0, 5))
    assert "✓ zoeken → ✓ 5 bronnen gelezen → <b>schrijven…</b> · 12 s" in writing
    assert "start nog op" in stage_html(Stage("opstarten", 1))
    streaming = answer_markdown(_turn("", ()), streaming=True, stage=Stage("zoeken", 1))
    assert "baken-stage" in streaming
    assert "baken-stage" not in answer_markdown(_turn("Klaar [1].", (_source(1, .9),)))


def test_search_below_the_threshold_says_that_no_passage_fits() -> None:
    turn = _turn("", (_source(1, 0.88),), mode="zoek", refused=True)
    assert NO_CLEAR_PASSAGE in search_markdown(turn)
    assert NO_CLEAR_PASSAGE in turn_panel(turn)
    found = _turn("", (_source(1, 0.95),), mode="zoek")
    assert NO_CLEAR_PASSAGE not in search_markdown(found) + turn_panel(found)


# -- progress while the model reads ------------------------------------------------------------

def test_ticking_passes_events_on_and_ticks_while_the_stream_is_quiet() -> None:
    def slow() -> Any:
        yield "bronnen"
        time.sleep(0.35)
        yield "tekst"

    got = list(ticking(slow(), 0.1))
    assert got[0] == "bronnen" and got[-1] == "tekst"
    assert got.count(None) >= 2


def test_ticking_raises_the_streams_error_and_stops_reading_when_closed() -> None:
    def failing() -> Any:
        yield 1
        raise ValueError("kapot")

    with pytest.raises(ValueError, match="kapot"):
        list(ticking(failing(), 0.05))
    read: list[int] = []
    closed = threading.Event()

    def endless() -> Any:
        try:
            for i in range(1000):
                read.append(i)
                time.sleep(0.01)
                yield i
        finally:
            closed.set()

    stream = ticking(endless(), 0.05)
    next(stream)
    stream.close()
    assert closed.wait(2) and len(read) < 1000


def test_the_chat_shows_stages_until_the_answer_is_done(tmp_path: Path) -> None:
    from assistant.llm.fake import ScriptedLLM
    from assistant.service import Assistant
    from tests.fakes import FixedRetriever, source

    retriever = FixedRetriever([source(1, "De burgemeester kan een woning sluiten.")], True)
    assistant = Assistant(retriever, RegexAnonymizer(), lambda: ScriptedLLM(
        "De burgemeester kan een woning sluiten [1]."), max_question_chars=200,
        strategy="grammar")
    baken = SimpleNamespace(assistant=assistant, anonymizer=RegexAnonymizer(),
                            settings=SimpleNamespace(retrieval=SimpleNamespace(max_question_chars=200)))
    chat = ChatController(baken, ConversationStore(tmp_path / "c"),  # type: ignore[arg-type]
                          FeedbackStore(tmp_path / "f.jsonl", RegexAnonymizer()))
    updates = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), "browser-0001"))
    stages = [u.stage.name for u in updates if u.stage is not None]
    assert stages[0] == "zoeken" and "bronnen" in stages and stages[-1] == "schrijven"
    assert "baken-stage" in updates[0].messages[-1]["content"]
    assert updates[-1].stage is None and "baken-stage" not in updates[-1].messages[-1]["content"]


# -- the source viewer -------------------------------------------------------------------------

def _chunks() -> list[Chunk]:
    loc = Locator("wet.md", "Wet", article="2")
    texts = ["Wet, artikel 1\nArtikel 1. Begrippen. In deze wet wordt verstaan onder huisverbod "
             "een beschikking.",
             "Wet, artikel 2\nArtikel 2. Het verbod geldt voor een periode van tien dagen.",
             "Wet, artikel 2\ngeldt voor een periode van tien dagen. Verlenging is mogelijk tot "
             "vier weken."]
    return [Chunk(chunk_id("wet.md", "h", i), t, loc, "h") for i, t in enumerate(texts)]


def test_viewer_shows_the_document_with_the_passage_highlighted_and_the_quote_marked() -> None:
    chunks = _chunks()
    source = StoredSource(rank=2, source_file="wet.md", label="Wet, artikel 2", score=0.9,
                          text=chunks[1].text, quote="Het verbod geldt voor een periode van "
                          "tien dagen.", cited=True)
    html = document_html(chunks, source)
    assert html.count(f"id='{TARGET_ID}'") == 1
    target = html.split(f"id='{TARGET_ID}'")[1].split("</div>")[0]
    assert "<mark>Het verbod geldt voor een periode van tien dagen.</mark>" in target
    assert "Begrippen" in html and "Verlenging is mogelijk" in html
    assert html.count("periode van tien dagen") == 1  # the chunk overlap is shown once
    assert html.count("<h4>") == 2  # a heading where the article changes, not per chunk
    page = viewer_html(source, chunks, None)
    assert "Bron [2]: Wet, artikel 2" in page and "geanonimiseerde tekst" in page
    assert "baken-open" not in page  # no original without a link (no right)


def test_viewer_offers_the_original_only_behind_a_warning() -> None:
    chunks = _chunks()
    source = StoredSource(rank=1, source_file="wet.md", label="Wet", score=0.9,
                          text=chunks[0].text)
    page = viewer_html(source, chunks, "bron/wet.md")
    assert "class='baken-open'" in page and "niet geanonimiseerd" in page
    assert "persoonsgegevens" in page.split("data-warn='")[1].split("'")[0]


def test_viewer_shows_a_passage_that_is_no_longer_in_the_document_on_its_own() -> None:
    source = StoredSource(rank=1, source_file="wet.md", label="Wet", score=0.9,
                          text="Oude tekst <script>x</script>.")
    html = document_html(_chunks(), source)
    assert "niet (meer)" in html and "&lt;script&gt;" in html and "<script>" not in html


def test_viewer_requests_are_parsed_strictly() -> None:
    assert parse_request("3:2:171234") == parse_request("3:2")
    wanted = parse_request("3:2:1")
    assert wanted is not None and (wanted.turn, wanted.rank) == (3, 2)
    for bad in ("", None, "x:1", "1", "-1:0:5", "1:<b>"):
        assert parse_request(bad) is None


# -- the guide, the Dutch page, the parts ------------------------------------------------------

def _files(*names: str) -> dict[str, Any]:
    return {n: SimpleNamespace(source_file=n, title=n.rsplit(".", 1)[0].replace("-", " "),
                               chunks=3, indexed_at=1_764_000_000.0) for n in names}


def test_guide_lists_documents_with_type_and_date_and_picks_fitting_questions() -> None:
    files = _files("wet-tijdelijk-huisverbod.md", "evenementenbeleid.pdf", "brief.docx")
    questions = example_questions(files)
    assert questions[0] == "Hoeveel dagen geldt een huisverbod?"
    assert any("evenement" in q for q in questions) and len(questions) == 3
    listed = documents_html(files)
    assert "3 documenten geladen" in listed and "PDF" in listed and "Word" in listed
    assert re.search(r"ingelezen \d\d-\d\d-2025", listed)
    assert document_type("mail.eml#bijlage-1.pdf") == "e-mail"
    assert len(example_questions(_files("notulen.md"))) == 1  # only what fits
    assert "nog geen documenten" in documents_html({})


@pytest.mark.parametrize("tag", ['<html lang="en" style="x">',
                                 '<html\n\tlang="en"\n\tstyle="\n\t\tmargin: 0;\n\t"\n>'])
def test_the_page_is_made_dutch_before_gradio_starts(tag: str) -> None:
    """Also in Gradio's own layout of the tag, spread over lines (screen readers read lang)."""
    page = f'<!doctype html>{tag}<head><meta charset="utf-8"></head></html>'
    dutch = dutch_page(page)
    assert 'lang="en"' not in dutch and 'lang="nl"' in dutch
    assert dutch.index(FORCE_DUTCH) < dutch.index("<meta")
    assert dutch_page(dutch) == dutch


def test_parts_report_what_works_and_what_to_do(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, taalcheck_dictionary=tmp_path / "nl",
                        chroma_host="127.0.0.1", chroma_port=9,
                        llm_base_url="http://127.0.0.1:9/v1")
    parts = {p.name: p for p in optional_parts(settings)}
    assert set(parts) == {"Taalmodel", "Woordenboek (taalcheck)", "Chroma-server",
                          "Modelserver"}
    assert parts["Woordenboek (taalcheck)"].state == "ontbreekt"
    assert "hunspell-nl" in parts["Woordenboek (taalcheck)"].todo
    assert parts["Chroma-server"].state == "ontbreekt"
    assert parts["Modelserver"].state == "ontbreekt"
    plain = optional_parts(Settings(data_dir=tmp_path))
    assert {p.name: p.state for p in plain}["Chroma-server"] == "niet ingesteld"
    assert "Wat te doen:" in parts_text(list(parts.values()))


# -- rating ------------------------------------------------------------------------------------

def test_rating_an_answer_again_after_reopening_replaces_the_earlier_rating(
        tmp_path: Path) -> None:
    conversations = ConversationStore(tmp_path / "c")
    feedback = FeedbackStore(tmp_path / "f.jsonl", RegexAnonymizer())
    chat = ChatController(SimpleNamespace(), conversations, feedback)  # type: ignore[arg-type]
    turn = _turn("Tien dagen [1].", (_source(1, 0.9, cited=True),))
    conversations.add_turn("browser-0001", "gesprek-0001", turn)
    first, _ = chat.rate(chat.open("browser-0001", "gesprek-0001").state, 1, False)
    reopened = chat.open("browser-0001", "gesprek-0001").state  # a new tab: no ids in memory
    second, _ = chat.rate(reopened, 1, True)
    entries = feedback.read()
    assert len(entries) == 1 and entries[0]["rating"] == "up"
    assert second.feedback[0] == first.feedback[0]
