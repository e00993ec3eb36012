"""Recognition of headings, articles, lids and titles in single lines (table-driven)."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.structure import choose_title, citation_title, classify_heading, lid_start


@pytest.mark.parametrize(
    ("line", "article", "text"),
    [
        ("### Artikel 172a", "172a", "Artikel 172a"),
        ("Artikel 2:24 Evenementen", "2:24", "Artikel 2:24 Evenementen"),
        ("Artikel 13b", "13b", "Artikel 13b"),
        ("Artikel 1.1 Begripsomschrijvingen", "1.1", "Artikel 1.1 Begripsomschrijvingen"),
        ("Artikel 26a: Straatoptredens", "26a", "Artikel 26a: Straatoptredens"),
        ("ARTIKEL 3", "3", "ARTIKEL 3"),
        ("### Artikel IIa", "IIa", "Artikel IIa"),
        ("Art. 5 Slotbepaling", "5", "Art. 5 Slotbepaling"),
    ],
)
def test_article_headings(line: str, article: str, text: str) -> None:
    heading = classify_heading(line, in_article=False)
    assert heading is not None and heading.article == article and heading.text == text


@pytest.mark.parametrize(
    "line",
    [
        "Artikel 174a, eerste lid, is van overeenkomstige toepassing.",
        "Artikel 1 is niet van toepassing op:",
        "Artikel 13b Opiumwet luidt als volgt:",
        "artikel 5 van de Wet veiligheidsregio's",
        "Hoofdstuk 6 en afdeling 7.3 van de Algemene wet bestuursrecht zijn niet van toepassing",
        "Afdeling Veiligheid en Handhaving",
        "1. De burgemeester is belast met de handhaving van de openbare orde.",
        "Gelet op artikel 13b Opiumwet;",
    ],
)
def test_sentences_are_not_headings(line: str) -> None:
    assert classify_heading(line, in_article=False) is None


@pytest.mark.parametrize(
    ("line", "in_article", "expected"),
    [
        ("Hoofdstuk 2. Juridisch kader", False, "Hoofdstuk 2. Juridisch kader"),
        ("§ 3 Toezicht", False, "§ 3 Toezicht"),
        ("Paragraaf 1 Algemeen", False, "Paragraaf 1 Algemeen"),
        ("1.1 Aanleiding", False, "1.1 Aanleiding"),
        ("2. EVENEMENTEN: WANNEER EEN VERGUNNING?", False,
         "2. EVENEMENTEN: WANNEER EEN VERGUNNING?"),
        ("1.1 Aanleiding", True, None),  # inside an article a numbered line is a lid
        ("Bijlage 2 Boetetarieven", False, "Bijlage 2 Boetetarieven"),
        ("#### Samenvatting", True, "Samenvatting"),
    ],
)
def test_container_headings(line: str, in_article: bool, expected: str | None) -> None:
    heading = classify_heading(line, in_article=in_article)
    assert (heading.text if heading else None) == expected
    assert heading is None or heading.article is None


def test_containers_rank_above_articles() -> None:
    ranks = [classify_heading(x, in_article=False) for x in
             ("Hoofdstuk 1", "Afdeling 2", "Paragraaf 3", "Artikel 4")]
    assert [h.rank for h in ranks if h] == sorted(h.rank for h in ranks if h)
    assert len({h.rank for h in ranks if h}) == 4


@pytest.mark.parametrize(
    ("line", "previous", "expected"),
    [
        ("1.  De burgemeester is belast", None, ("1", "De burgemeester is belast")),
        ("2 Het bevel geldt", "1", ("2", "Het bevel geldt")),
        ("2a. Ook geldt", "2", ("2a", "Ook geldt")),
        ("• 3.", "2", ("3", "")),
        ("lid 4 Indien", "3", ("4", "Indien")),
        ("3 Het college", "1", None),  # out of sequence
        ("2 maanden na de melding", "1", None),  # running text
        ("a. zich niet te bevinden", "1", None),
        ("1. Eerste", "1", None),
    ],
)
def test_lid_starts(line: str, previous: str | None, expected: tuple[str, str] | None) -> None:
    assert lid_start(line, previous) == expected


@pytest.mark.parametrize(
    ("text", "heading", "expected"),
    [
        ("Deze wet kan worden aangehaald onder de titel \"Opiumwet\".", None, "Opiumwet"),
        ("Deze wet wordt aangehaald als: Politiewet, met vermelding van het jaartal.", None,
         "Politiewet"),
        ("Dit besluit wordt aangehaald als: Besluit Bibob.", None, "Besluit Bibob"),
        ("", "Wet van 12 juli 2012 tot vaststelling van een nieuwe Politiewet (Politiewet 2012)",
         "Politiewet 2012"),
        ("Officiële naam regeling\nCiteertitel Beleidsnota evenementen Heeze-Leende\n", None,
         "Beleidsnota evenementen Heeze-Leende"),
        ("De in het vierde lid aangehaalde leden luiden als volgt:", None, None),
    ],
)
def test_citation_titles(text: str, heading: str | None, expected: str | None) -> None:
    assert citation_title(text, heading) == expected


def test_gemeentewet_is_named_by_its_bwb_id_in_the_source_note() -> None:
    title = choose_title("Tekst zonder citeertitel", "Wet van 14 februari 1992, houdende nieuwe "
                         "bepalingen met betrekking tot gemeenten", "x",
                         extra="bron: pad wet/gemeentewet/BWBR0005416/README.md")
    assert title == "Gemeentewet"


def test_a_letter_is_named_by_its_subject_not_its_first_line() -> None:
    letter = ("Graag ons kenmerk vermelden bij uw reactie.\n\nGrote Markt 2, 2011 RD Haarlem\n\n"
              "Datum 26 januari 2021\n\nOnderwerp: Onrust in Haarlem\n\nGeachte leden van de "
              "Raad,\n\nZoals u weet was het gisteren onrustig.")
    assert choose_title(letter, None, "brief.md") == "Onrust in Haarlem"
    memo = "Aan: het college\nBetreft: evaluatie cameratoezicht 2024.\n\nInleiding"
    assert choose_title(memo, None, "memo.md") == "evaluatie cameratoezicht 2024"
    assert choose_title("Geachte heer,\n\nHet onderwerp: is niet gezet.", None, "x.md") == (
        "Geachte heer,")


def test_structural_first_heading_is_not_a_title() -> None:
    assert choose_title("# Hoofdstuk 2\n\ntekst", "Hoofdstuk 2", "apv-2024") == "apv-2024"


def test_a_word_regulation_with_the_article_text_on_the_heading_line_is_indexed(
        tmp_path: Path) -> None:
    """Word users often type "Artikel 2. Het bevel geldt …" as one paragraph; the sentence is
    the article's text, not its title, so it must end up in a chunk with the article number."""
    from ingest.chunking import chunk_document
    from ingest.loaders import load_document
    from tests.fixtures_formats import docx_bytes

    (tmp_path / "regeling.docx").write_bytes(docx_bytes([
        ("Normal", "Artikel 1. De burgemeester kan een bevel geven bij ernstige vrees voor "
                   "verstoring van de openbare orde."),
        ("Normal", "Artikel 2. Het bevel geldt ten hoogste drie maanden."),
        ("Normal", "Artikel 3. Sluiting van woningen."),
        ("Normal", "De burgemeester kan een woning sluiten."),
    ], title="Testregeling"))
    [document] = load_document(tmp_path / "regeling.docx", tmp_path)
    chunks = chunk_document(document, max_chars=1200, overlap=150)
    by_article = {c.locator.article: c.text for c in chunks}
    assert set(by_article) == {"1", "2", "3"}
    assert "ernstige vrees voor verstoring" in by_article["1"]
    assert "ten hoogste drie maanden" in by_article["2"]
    assert "Sluiting van woningen" in by_article["3"]  # a short title stays the heading
    assert "woning sluiten" in by_article["3"]
