"""Chunking: articles and lids become citable chunks; every chunk carries its locator."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import pytest

from assistant.core.schema import Chunk, Document, Section
from ingest.chunking import chunk_document
from ingest.loaders import load_document
from ingest.structure import classify_heading
from tests.fixtures_formats import FORMATS_DIR, SHARED_CORPUS, docx_bytes

CORPUS_FILES = sorted(p.name for p in SHARED_CORPUS.glob("*.md") if p.name != "SOURCES.md")


def corpus_doc(name: str) -> Document:
    [doc] = load_document(SHARED_CORPUS / name, SHARED_CORPUS)
    return doc


def find(chunks: Iterable[Chunk], article: str, lid: str | None = None) -> list[Chunk]:
    return [c for c in chunks if c.locator.article == article
            and (lid is None or c.locator.lid == lid)]


def body(chunk: Chunk) -> str:
    return chunk.text.split("\n", 1)[1]


def test_gemeentewet_172a_sixth_lid_is_citable() -> None:
    chunks = chunk_document(corpus_doc("gemeentewet-172-176a.md"))
    [lid6] = find(chunks, "172a", "6")
    assert lid6.locator.label() == "Gemeentewet, artikel 172a, zesde lid"
    assert body(lid6).startswith("6.")
    assert "ten hoogste drie maanden" in lid6.text
    assert lid6.text.startswith("Gemeentewet — Artikel 172a, lid 6\n")
    assert lid6.locator.source_file == "gemeentewet-172-176a.md"


def test_long_article_is_split_at_lids_and_loses_no_lid() -> None:
    chunks = find(chunk_document(corpus_doc("gemeentewet-172-176a.md")), "172a")
    assert len(chunks) > 1
    joined = "\n".join(body(c) for c in chunks)
    for lid in range(1, 10):
        assert re.search(rf"^{lid}\.\s", joined, re.MULTILINE), f"lid {lid} ontbreekt"
    for chunk in chunks:  # a chunk that names a lid starts with that lid
        assert chunk.locator.lid is not None
        assert body(chunk).startswith(f"{chunk.locator.lid}.")


def test_short_article_stays_whole_without_lid() -> None:
    chunks = chunk_document(corpus_doc("gemeentewet-172-176a.md"))
    [art174] = find(chunks, "174")
    assert art174.locator.lid is None
    assert all(f"{n}." in body(art174) for n in (1, 2, 3))


def test_wet_tijdelijk_huisverbod_article_2_first_lid() -> None:
    chunks = chunk_document(corpus_doc("wet-tijdelijk-huisverbod.md"))
    [lid1] = find(chunks, "2", "1")
    assert lid1.locator.label() == "Wet tijdelijk huisverbod, artikel 2, eerste lid"
    assert "huisverbod opleggen" in lid1.text


def test_opiumwet_13b() -> None:
    chunks = chunk_document(corpus_doc("opiumwet.md"))
    [art] = find(chunks, "13b")
    assert art.locator.label() == "Opiumwet, artikel 13b"
    assert "last onder bestuursdwang" in art.text


def test_cvdr_fragment_with_flat_article_headings() -> None:
    chunks = chunk_document(corpus_doc("beleidsregel-cameratoezicht-apeldoorn-2025.md"))
    [art1] = find(chunks, "1")
    assert art1.locator.heading_path[-1] == "Artikel 1 Begripsbepalingen"
    assert "In deze beleidsregel wordt verstaan onder" in art1.text
    assert art1.locator.label().endswith(", artikel 1")


def test_apv_chapter_and_article_on_one_line() -> None:
    chunks = chunk_document(corpus_doc("apv-almelo-2021.md"))
    [art] = find(chunks, "1:1")
    assert art.locator.heading_path == ("Hoofdstuk 1. Algemene bepalingen",
                                        "Artikel 1:1 Begripsbepalingen")
    assert "bebouwde kom" in art.text


def test_policy_text_with_numbered_headings() -> None:
    chunks = chunk_document(corpus_doc("beleidsregel-damocles-barneveld-2024.md"))
    aanleiding = [c for c in chunks if c.locator.heading_path[-1:] == ("1.1 Aanleiding",)]
    assert aanleiding and aanleiding[0].locator.heading_path[0] == "Hoofdstuk 1. Inleiding"
    assert aanleiding[0].locator.article is None
    assert aanleiding[0].locator.label() == "Damoclesbeleid gemeente Barneveld, 1.1 Aanleiding"


def test_markdown_chapter_and_paragraph_headings_form_the_path() -> None:
    chunks = chunk_document(corpus_doc("wet-bibob.md"))
    art1 = find(chunks, "1")
    assert art1[0].locator.heading_path == (
        "Hoofdstuk 1 Algemeen", "Paragraaf 1.1 Begripsbepalingen", "Artikel 1")


def test_regulation_pdf_chunks_carry_page_numbers() -> None:
    [doc] = load_document(FORMATS_DIR / "gemeentewet-172-176a.pdf", FORMATS_DIR)
    chunks = chunk_document(doc)
    [lid6] = find(chunks, "172a", "6")
    assert lid6.locator.label().startswith("Gemeentewet, artikel 172a, zesde lid (p. ")
    page_text = doc.sections[lid6.locator.page - 1].text  # type: ignore[operator]
    assert "6. Het bevel geldt voor:" in page_text
    assert find(chunks, "176a"), "laatste artikel ontbreekt"


def test_docx_heading_styles_and_auto_numbered_lids(tmp_path: Path) -> None:
    long_lid = "De burgemeester kan bij ernstige vrees voor verstoring een bevel geven. " * 12
    blocks = [("Heading 1", "Hoofdstuk 2 Openbare orde"), ("Heading 2", "Artikel 2:24 Bevel")]
    blocks += [("List Number", f"Lid tekst nummer {n}. {long_lid}") for n in range(1, 4)]
    path = tmp_path / "apv.docx"
    path.write_bytes(docx_bytes(blocks))
    [doc] = load_document(path, tmp_path)
    chunks = chunk_document(doc)
    assert [c.locator.lid for c in chunks] == ["1", "2", "3"]
    assert all(c.locator.article == "2:24" for c in chunks)
    assert chunks[0].locator.heading_path == ("Hoofdstuk 2 Openbare orde", "Artikel 2:24 Bevel")


def test_numbers_out_of_sequence_are_not_lids() -> None:
    text = ("### Artikel 5\n\n1. De burgemeester beslist binnen acht weken. " + "x " * 400
            + "\n3 Weken na de beslissing volgt publicatie. " + "y " * 400)
    doc = Document("a.md", "Verordening", (Section(text),), "h")
    chunks = chunk_document(doc)
    assert {c.locator.lid for c in chunks} == {"1"}


def test_unstructured_text_is_split_by_size_with_overlap() -> None:
    sentences = [f"Zin nummer {i} over de melding van overlast in de wijk." for i in range(200)]
    doc = Document("melding.txt", "Melding", (Section(" ".join(sentences)),), "h")
    chunks = chunk_document(doc, max_chars=500, overlap=100)
    assert len(chunks) > 10
    assert all(len(body(c)) <= 500 for c in chunks)
    assert all(c.text.startswith("Melding\n") for c in chunks)
    for first, second in zip(chunks, chunks[1:], strict=False):
        opening = body(second).split(". ")[0] + "."
        assert opening in body(first), "geen overlap tussen opeenvolgende chunks"
    assert sentences[-1] in body(chunks[-1]) and sentences[0] in body(chunks[0])


def test_chunk_ids_are_deterministic_and_follow_content() -> None:
    doc = corpus_doc("opiumwet.md")
    first, again = chunk_document(doc), chunk_document(doc)
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert len({c.chunk_id for c in first}) == len(first)
    changed = Document(doc.source_file, doc.title, doc.sections, "ander-hash", doc.metadata)
    assert not {c.chunk_id for c in chunk_document(changed)} & {c.chunk_id for c in first}
    assert all(c.content_hash == doc.content_hash for c in first)


@pytest.mark.parametrize("name", CORPUS_FILES)
def test_whole_corpus_chunks_within_size_and_keep_every_word(name: str) -> None:
    doc = corpus_doc(name)
    chunks = chunk_document(doc, max_chars=1200, overlap=150)
    assert chunks
    assert all(len(body(c)) <= 1200 for c in chunks)
    assert all(c.locator.source_file == name and c.locator.title == doc.title for c in chunks)
    body_lines = [x for x in doc.text.splitlines()
                  if classify_heading(x, in_article=False) is None]  # headings live in locators
    words = set(re.findall(r"\w+", "\n".join(body_lines)))
    covered = set(re.findall(r"\w+", "\n".join(c.text for c in chunks)))
    assert not words - covered, f"woorden kwijt: {sorted(words - covered)[:10]}"


_WETTEN_HTML = """<html><head><title>wetten.nl - Regeling - Gemeentewet - BWBR0005416</title></head>
<body><nav>Zoeken | Regelingen</nav><div class="wetgeving">
<h1>Gemeentewet</h1>
<div class="hoofdstuk"><h2><span class="label">Hoofdstuk XI</span> De burgemeester</h2>
<div class="artikel"><h4><span class="label">Artikel 172a</span></h4>
{lids}
</div></div></div></body></html>"""


def test_wetten_overheid_style_html_gives_article_and_lid_locators(tmp_path: Path) -> None:
    filler = "De burgemeester kan een bevel geven aan een persoon die de orde verstoort. " * 6
    lids = "\n".join(
        f'<div class="lid"><span class="lidnr">{n}</span><p>Tekst van dit lid. {filler}</p></div>'
        for n in range(1, 4)
    )
    path = tmp_path / "gemeentewet.html"
    path.write_text(_WETTEN_HTML.format(lids=lids), encoding="utf-8")
    [doc] = load_document(path, tmp_path)
    chunks = chunk_document(doc)
    assert [(c.locator.article, c.locator.lid) for c in chunks] == [
        ("172a", "1"), ("172a", "2"), ("172a", "3")]
    assert chunks[2].locator.label() == "Gemeentewet, artikel 172a, derde lid"
    assert chunks[0].locator.heading_path == ("Hoofdstuk XI De burgemeester", "Artikel 172a")
    assert all("Zoeken" not in c.text for c in chunks)


def test_annex_is_a_container_and_closes_the_last_article() -> None:
    chunks = chunk_document(corpus_doc("besluit-tijdelijk-huisverbod.md"))
    annex = [c for c in chunks
             if c.locator.heading_path[:1] == ("Bijlage als bedoeld in artikel 2, eerste lid",)]
    assert annex and all(c.locator.article is None for c in annex)
    assert any("Riskante gewoonten" in c.text for c in annex)
    assert not any("Riskante gewoonten" in c.text for c in find(chunks, "4"))


def test_numbered_heading_glued_to_its_title() -> None:
    chunks = chunk_document(corpus_doc("beleidslijn-bibob-lochem-2013.md"))
    assert any(c.locator.heading_path == ("1 Inleiding", "1.1Criminaliteitsbestrijding")
               for c in chunks)
