"""Loaders: every format gives text with its structure; bad input gives a clear Dutch reason."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import pytest

from ingest.loaders import SUPPORTED_SUFFIXES, LoadError, load_document
from tests.fixtures_formats import (
    FORMATS_DIR,
    SHARED_CORPUS,
    docx_bytes,
    eml_bytes,
    encrypt_pdf,
    encrypted_odt_bytes,
    odt_bytes,
    ole_bytes,
    paginate,
    pdf_bytes,
)


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def load_one(folder: Path, name: str, data: bytes):  # noqa: ANN201 - returns a Document
    docs = load_document(write(folder, name, data), folder)
    assert len(docs) == 1
    return docs[0]


def test_every_designed_format_is_supported() -> None:
    assert {".pdf", ".docx", ".odt", ".md", ".txt", ".html", ".htm", ".eml"} <= SUPPORTED_SUFFIXES


# --- Markdown and text -----------------------------------------------------------------------


def test_markdown_source_note_title_path_and_hash(tmp_path: Path) -> None:
    data = (SHARED_CORPUS / "wet-tijdelijk-huisverbod.md").read_bytes()
    path = write(tmp_path, "wetten/wet-tijdelijk-huisverbod.md", data)
    [doc] = load_document(path, tmp_path)
    assert doc.source_file == "wetten/wet-tijdelijk-huisverbod.md"
    assert doc.content_hash == hashlib.sha256(data).hexdigest()
    assert doc.title == "Wet tijdelijk huisverbod"
    assert "<!--" not in doc.text and "bron:" not in doc.text
    assert "laws-markdown" in doc.metadata["bron"]
    assert "### Artikel 2" in doc.text


def test_markdown_title_falls_back_to_first_line_then_file_name(tmp_path: Path) -> None:
    doc = load_one(tmp_path, "notitie.md", b"\n\nOverleg veiligheidshuis\n\nTekst.\n")
    assert doc.title == "Overleg veiligheidshuis"
    doc = load_one(tmp_path, "alleen-tekst.md", b"<!-- bron: x -->\n" + b"a" * 300)
    assert doc.title.startswith("aaa") and len(doc.title) <= 150


def test_windows_1252_text_is_decoded(tmp_path: Path) -> None:
    text = "Café De Zwaan – boete € 95,– wegens geluidsoverlast\r\nOverleg op dinsdag\r\n"
    doc = load_one(tmp_path, "oud.txt", text.encode("cp1252"))
    assert "Café De Zwaan – boete € 95,–" in doc.text
    assert "\r" not in doc.text
    assert doc.title == "Café De Zwaan – boete € 95,– wegens geluidsoverlast"


def test_utf8_with_bom_is_decoded(tmp_path: Path) -> None:
    doc = load_one(tmp_path, "bom.txt", "\ufeffÉén regel".encode("utf-8"))
    assert doc.text == "Één regel"


# --- PDF -------------------------------------------------------------------------------------


def test_pdf_pages_keep_their_numbers(tmp_path: Path) -> None:
    pages = [["Besluit sluiting woning", "Eerste pagina tekst."], ["Tweede pagina tekst."],
             ["Derde pagina tekst."]]
    doc = load_one(tmp_path, "besluit.pdf", pdf_bytes(pages))
    assert [s.page for s in doc.sections] == [1, 2, 3]
    assert "Tweede pagina tekst." in doc.sections[1].text
    assert doc.title == "Besluit sluiting woning"
    assert doc.metadata["pages"] == "3"


def test_pdf_title_from_document_info(tmp_path: Path) -> None:
    doc = load_one(tmp_path, "x.pdf", pdf_bytes([["Tekst op de pagina"]], title="Cameratoezicht"))
    assert doc.title == "Cameratoezicht"


def test_pdf_running_headers_and_page_numbers_are_dropped(tmp_path: Path) -> None:
    lines = [f"Regel {i} van het beleid over evenementen." for i in range(200)]
    data = pdf_bytes(paginate(lines, per_page=40, header="Evenementenbeleid 2024"))
    doc = load_one(tmp_path, "beleid.pdf", data)
    assert "Pagina" not in doc.text
    assert doc.text.count("Evenementenbeleid 2024") <= 1
    assert "Regel 199 van het beleid" in doc.text


def test_committed_regulation_pdf_loads_with_pages(tmp_path: Path) -> None:
    source = FORMATS_DIR / "gemeentewet-172-176a.pdf"
    [doc] = load_document(source, FORMATS_DIR)
    assert doc.source_file == "gemeentewet-172-176a.pdf"
    assert doc.title == "Gemeentewet"
    assert len(doc.sections) >= 3
    assert all(s.page == i for i, s in enumerate(doc.sections, start=1))
    assert "Artikel 172a" in doc.text
    assert "De burgemeester is belast met de handhaving van de openbare orde." in doc.text


def test_scan_without_text_layer_is_refused(tmp_path: Path) -> None:
    data = pdf_bytes([[], [], []], image_only_pages=frozenset({1, 2, 3}))
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "scan.pdf", data), tmp_path)
    assert err.value.reason_nl == "geen tekstlaag (scan) — niet geïndexeerd"


def test_partly_scanned_pdf_keeps_text_pages_and_says_which_are_missing(tmp_path: Path) -> None:
    pages = [["Pagina met gewone tekst over het huisverbod."], [],
             ["Nog een pagina met tekst over de sluiting."]]
    doc = load_one(tmp_path, "deels.pdf", pdf_bytes(pages, image_only_pages=frozenset({2})))
    assert [s.page for s in doc.sections] == [1, 3]
    assert doc.metadata["pagina_zonder_tekst"] == "2"


@pytest.mark.parametrize("algorithm", ["RC4-128", "AES-256"])
def test_password_protected_pdf_is_refused(tmp_path: Path, algorithm: str) -> None:
    if algorithm.startswith("AES"):
        pytest.importorskip("cryptography")
    data = encrypt_pdf(pdf_bytes([["Vertrouwelijk verslag van het overleg."]]),
                       algorithm=algorithm)
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "geheim.pdf", data), tmp_path)
    assert err.value.reason_nl == "versleuteld bestand (wachtwoord) — niet geïndexeerd"


def test_pdf_with_only_an_owner_password_is_read(tmp_path: Path) -> None:
    data = encrypt_pdf(pdf_bytes([["Openbaar besluit, alleen afdrukken is beperkt."]]),
                       user_password="")
    doc = load_one(tmp_path, "beperkt.pdf", data)
    assert "Openbaar besluit" in doc.text


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nrommel\n",
        b"dit is helemaal geen pdf, maar tekst met de verkeerde extensie",
        b"%PDF-1.7\n" + bytes(range(256)) * 20,
    ],
    ids=["broken-structure", "not-a-pdf", "random-bytes"],
)
def test_corrupt_pdf_is_refused(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "kapot.pdf", data), tmp_path)
    assert "niet geïndexeerd" in err.value.reason_nl
    assert "PDF" in err.value.reason_nl or "tekst" in err.value.reason_nl


def test_truncated_pdf_is_refused_or_keeps_only_readable_text(tmp_path: Path) -> None:
    full = pdf_bytes([[f"Pagina {n} tekst over de APV."] for n in range(1, 6)])
    try:
        docs = load_document(write(tmp_path, "half.pdf", full[: len(full) // 3]), tmp_path)
    except LoadError as err:
        assert err.reason_nl.endswith("niet geïndexeerd")
    else:
        assert all("tekst over de APV" in s.text for s in docs[0].sections)


def test_500_page_pdf_loads_in_reasonable_time(tmp_path: Path) -> None:
    pages = [[f"Artikel {n}", f"1. Bepaling nummer {n} over de openbare orde."]
             for n in range(1, 501)]
    path = write(tmp_path, "groot.pdf", pdf_bytes(pages))
    start = time.perf_counter()
    [doc] = load_document(path, tmp_path)
    elapsed = time.perf_counter() - start
    assert len(doc.sections) == 500
    assert doc.sections[-1].page == 500 and "Bepaling nummer 500" in doc.sections[-1].text
    assert elapsed < 15, f"500 pagina's kostte {elapsed:.1f} s"


# --- DOCX and ODT ----------------------------------------------------------------------------


def test_docx_headings_tables_and_list_numbers(tmp_path: Path) -> None:
    data = docx_bytes(
        [
            ("Title", "Beleidsregel Damocles"),
            ("Heading 1", "Hoofdstuk 2 Sluiting"),
            ("Heading 2", "Artikel 2.1 Woningen"),
            ("List Number", "De burgemeester sluit een woning bij handel in drugs."),
            ("List Number", "De sluiting duurt ten hoogste zes maanden."),
            ("Normal", "Toelichting bij de tabel:"),
            ("table", "Eerste overtreding|3 maanden"),
        ],
        title="Damoclesbeleid",
    )
    doc = load_one(tmp_path, "damocles.docx", data)
    assert doc.title == "Damoclesbeleid"
    assert "# Hoofdstuk 2 Sluiting" in doc.text
    assert "## Artikel 2.1 Woningen" in doc.text
    assert "1. De burgemeester sluit" in doc.text
    assert "2. De sluiting duurt" in doc.text
    assert "Eerste overtreding | 3 maanden" in doc.text


def test_docx_that_is_encrypted_is_refused(tmp_path: Path) -> None:
    data = ole_bytes(["EncryptionInfo", "EncryptedPackage"])
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "geheim.docx", data), tmp_path)
    assert err.value.reason_nl == "versleuteld bestand (wachtwoord) — niet geïndexeerd"


def test_old_word_file_with_docx_extension_is_explained(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "oud.docx", ole_bytes(["WordDocument"])), tmp_path)
    assert ".doc" in err.value.reason_nl and "niet geïndexeerd" in err.value.reason_nl


def test_docx_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "kapot.docx", b"PK\x03\x04 afgebroken"), tmp_path)
    assert err.value.reason_nl == "beschadigd .docx-bestand — niet geïndexeerd"


def test_docx_without_text_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "leeg.docx", docx_bytes([("Normal", "  ")])), tmp_path)
    assert err.value.reason_nl == "geen tekst gevonden — niet geïndexeerd"


def test_odt_headings_and_paragraphs(tmp_path: Path) -> None:
    data = odt_bytes([(1, "Artikel 3 Cameratoezicht"), (None, "1. De burgemeester kan besluiten."),
                      (None, "2. Het besluit geldt voor een jaar.")], title="Beleidsregel camera's")
    doc = load_one(tmp_path, "camera.odt", data)
    assert doc.title == "Beleidsregel camera's"
    assert "# Artikel 3 Cameratoezicht" in doc.text
    assert "2. Het besluit geldt voor een jaar." in doc.text


def test_encrypted_odt_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "geheim.odt", encrypted_odt_bytes()), tmp_path)
    assert err.value.reason_nl == "versleuteld bestand (wachtwoord) — niet geïndexeerd"


# --- HTML ------------------------------------------------------------------------------------

_HTML = """<!doctype html><html><head><title>Gemeentewet - BWBR0005416</title>
<style>.x{color:red}</style><script>var geheim = 'script-tekst';</script></head>
<body><nav><a href="/">Home</a> menu-tekst</nav>
<h1>Gemeentewet</h1>
<h3>Artikel 172a</h3>
<ol><li>De burgemeester kan een <b>bevel</b> geven.</li>
<li>Het bevel geldt voor drie maanden.</li></ol>
<table><tr><td>a</td><td>b</td></tr></table>
<footer>voettekst</footer></body></html>"""


def test_html_keeps_headings_and_drops_scripts_and_navigation(tmp_path: Path) -> None:
    doc = load_one(tmp_path, "pagina.html", _HTML.encode())
    assert doc.title == "Gemeentewet"
    assert "### Artikel 172a" in doc.text
    assert "1. De burgemeester kan een bevel geven." in doc.text
    assert "2. Het bevel geldt voor drie maanden." in doc.text
    for hidden in ("script-tekst", "menu-tekst", "color:red", "voettekst"):
        assert hidden not in doc.text
    assert "a | b" in doc.text


# --- E-mail ----------------------------------------------------------------------------------


def test_eml_body_and_attachments_become_separate_documents(tmp_path: Path) -> None:
    attachment_pdf = pdf_bytes([["Verslag van het overleg over de sluiting."]])
    data = eml_bytes(
        "Overleg sluiting woning",
        "Goedemorgen,\n\nIn de bijlage het verslag.\n",
        [
            ("verslag.pdf", attachment_pdf, "application/pdf"),
            ("notitie.docx", docx_bytes([("Normal", "Notitie over de APV.")]),
             "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
            ("programma.exe", b"MZ\x90\x00", "application/octet-stream"),
            ("geheim.pdf", encrypt_pdf(attachment_pdf), "application/pdf"),
        ],
    )
    docs = load_document(write(tmp_path, "post/mail.eml", data), tmp_path)
    by_source = {d.source_file: d for d in docs}
    assert list(by_source) == [
        "post/mail.eml",
        "post/mail.eml#bijlage-1-verslag.pdf",
        "post/mail.eml#bijlage-2-notitie.docx",
    ]
    body = by_source["post/mail.eml"]
    assert body.title == "Overleg sluiting woning"
    assert "In de bijlage het verslag." in body.text
    assert "afzender@example.org" not in body.text
    skipped = body.metadata["bijlagen_niet_geindexeerd"]
    assert "programma.exe: bestandstype .exe wordt niet ondersteund" in skipped
    assert "geheim.pdf: versleuteld bestand" in skipped
    assert "Verslag van het overleg" in by_source["post/mail.eml#bijlage-1-verslag.pdf"].text
    assert by_source["post/mail.eml#bijlage-1-verslag.pdf"].sections[0].page == 1
    assert {d.content_hash for d in docs} == {hashlib.sha256(data).hexdigest()}


def test_eml_with_only_html_body(tmp_path: Path) -> None:
    data = eml_bytes("Melding", "<p>Melding van <b>overlast</b> bij de haven.</p>", [], html=True)
    [doc] = load_document(write(tmp_path, "melding.eml", data), tmp_path)
    assert "Melding van overlast bij de haven." in doc.text


# --- bad input at the file level -------------------------------------------------------------


@pytest.mark.parametrize("name", ["leeg.md", "leeg.txt", "leeg.pdf", "leeg.docx", "leeg.eml"])
def test_zero_byte_file_is_refused(tmp_path: Path, name: str) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, name, b""), tmp_path)
    assert err.value.reason_nl == "leeg bestand — niet geïndexeerd"


def test_whitespace_only_file_is_refused_as_empty(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "spaties.txt", b" \n\r\n\t \n"), tmp_path)
    assert err.value.reason_nl == "leeg bestand — niet geïndexeerd"


def test_markdown_with_only_a_source_note_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "alleen-bron.md", b"<!-- bron: ergens -->\n"), tmp_path)
    assert "niet geïndexeerd" in err.value.reason_nl


def test_unknown_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "tekening.xyz", b"data"), tmp_path)
    assert err.value.reason_nl == "bestandstype .xyz wordt niet ondersteund — niet geïndexeerd"
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "LEESMIJ", b"data"), tmp_path)
    assert err.value.reason_nl == ("bestandstype (geen extensie) wordt niet ondersteund — niet "
                                   "geïndexeerd")


def test_file_that_disappeared_is_reported(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(tmp_path / "weg.pdf", tmp_path)
    assert err.value.reason_nl == "bestand verdwenen tijdens het inlezen — niet geïndexeerd"


def test_binary_file_with_text_extension_is_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as err:
        load_document(write(tmp_path, "echt-binair.txt", b"\x00\x01\x02\xff" * 50), tmp_path)
    assert "binair" in err.value.reason_nl
