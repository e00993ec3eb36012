"""Builders for test files in every supported format, written without extra dependencies.

PDFs are written by a minimal PDF 1.4 writer (Helvetica, WinAnsi encoding) so tests control
exactly which text sits on which page; DOCX and ODT come from python-docx and odfpy.
"""

from __future__ import annotations

import io
import struct
import textwrap
import zipfile
from email.message import EmailMessage
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED_CORPUS = REPO.parent / "shared" / "corpus" / "oov-nl"
FORMATS_DIR = Path(__file__).resolve().parent / "data" / "formats"

_PAGE_HEIGHT = 842
_TOP = 800
_LEADING = 12


def _pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(pages: list[list[str]], *, title: str | None = None,
              image_only_pages: frozenset[int] = frozenset()) -> bytes:
    """A PDF with one text line per list item; pages in ``image_only_pages`` (1-based) get
    only a small image and no text layer, like a scan."""
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_id = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
               b"/Encoding /WinAnsiEncoding >>")
    image = add(b"<< /Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8 /Length 4 >>\nstream\n\x00\xff\xff\x00\nendstream")
    kids = []
    for number, lines in enumerate(pages, start=1):
        if number in image_only_pages:
            content = b"q 500 0 0 700 50 70 cm /Im1 Do Q"
        else:
            ops = [b"BT /F1 10 Tf %d TL 50 %d Td" % (_LEADING, _TOP)]
            for line in lines:
                ops.append(_pdf_string(line) + b" Tj T*")
            ops.append(b"ET")
            content = b"\n".join(ops)
        stream = add(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
        kids.append(add(
            b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 %d] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> /XObject << /Im1 %d 0 R >> >> >>"
            % (pages_id, _PAGE_HEIGHT, stream, font, image)
        ))
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id
    objects[pages_id - 1] = (b"<< /Type /Pages /Count %d /Kids [" % len(kids)
                             + b" ".join(b"%d 0 R" % k for k in kids) + b"] >>")
    info = add(b"<< /Title " + _pdf_string(title) + b" >>") if title else None

    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info:
        trailer += b" /Info %d 0 R" % info
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def paginate(text_lines: list[str], *, per_page: int = 60, width: int = 95,
             header: str | None = None) -> list[list[str]]:
    """Wrap lines to ``width`` and cut them into pages, with an optional running header and
    a 'Pagina N van M' footer on every page."""
    wrapped: list[str] = []
    for line in text_lines:
        wrapped.extend(textwrap.wrap(line, width) or [""])
    body = per_page - (3 if header else 2)
    chunks = [wrapped[i:i + body] for i in range(0, len(wrapped), body)] or [[]]
    pages = []
    for number, lines in enumerate(chunks, start=1):
        page = ([header, ""] if header else []) + lines + ["", f"Pagina {number} van {len(chunks)}"]
        pages.append(page)
    return pages


def markdown_to_lines(markdown: str) -> list[str]:
    """Plain lines as a printed regulation shows them: no comment, no '#' marks."""
    lines = []
    in_comment = False
    for line in markdown.splitlines():
        if line.startswith("<!--"):
            in_comment = "-->" not in line
            continue
        if in_comment:
            in_comment = "-->" not in line
            continue
        lines.append(line.lstrip("#").strip() if line.startswith("#") else " ".join(line.split()))
    return lines


def encrypt_pdf(data: bytes, password: str = "geheim", *, algorithm: str = "RC4-128",
                user_password: str | None = None) -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.encrypt(user_password=password if user_password is None else user_password,
                   owner_password=password, algorithm=algorithm)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes(blocks: list[tuple[str, str]], *, title: str | None = None) -> bytes:
    """A DOCX from ``(style, text)`` pairs, e.g. ``("Heading 1", "Hoofdstuk 2")``,
    ``("List Number", "De burgemeester …")`` or ``("table", "a|b")``."""
    import docx

    document = docx.Document()
    if title:
        document.core_properties.title = title
    for style, text in blocks:
        if style == "table":
            cells = text.split("|")
            table = document.add_table(rows=1, cols=len(cells))
            for cell, value in zip(table.rows[0].cells, cells, strict=True):
                cell.text = value
        else:
            document.add_paragraph(text, style=style)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def odt_bytes(blocks: list[tuple[int | None, str]], *, title: str | None = None) -> bytes:
    """An ODT from ``(outline level or None, text)`` pairs: a level makes a heading."""
    from odf import dc, text
    from odf.opendocument import OpenDocumentText

    document = OpenDocumentText()
    if title:
        document.meta.addElement(dc.Title(text=title))
    for level, value in blocks:
        if level is None:
            document.text.addElement(text.P(text=value))
        else:
            document.text.addElement(text.H(outlinelevel=level, text=value))
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def encrypted_odt_bytes() -> bytes:
    """The zip layout of a password-protected ODT: manifest with encryption data."""
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml">'
        '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="x"/>'
        "</manifest:file-entry></manifest:manifest>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("META-INF/manifest.xml", manifest)
        archive.writestr("content.xml", b"\x8f\x13\x00\xfe" * 64)
    return out.getvalue()


def ole_bytes(stream_names: list[str]) -> bytes:
    """A minimal compound (OLE) file with empty streams, the container Office uses for
    password-protected documents (streams ``EncryptionInfo`` and ``EncryptedPackage``)."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # number of FAT sectors
    struct.pack_into("<I", header, 48, 1)  # first directory sector
    struct.pack_into("<I", header, 56, 4096)  # mini stream cut-off
    struct.pack_into("<III", header, 60, 0xFFFFFFFE, 0, 0xFFFFFFFE)  # no mini FAT
    struct.pack_into("<II", header, 68, 0xFFFFFFFE, 0)  # no DIFAT sectors
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0]: FAT in sector 0
    for i in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * i, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<II", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE)

    def entry(name: str, kind: int, child: int = 0xFFFFFFFF, right: int = 0xFFFFFFFF) -> bytes:
        encoded = (name + "\x00").encode("utf-16-le")
        raw = bytearray(128)
        raw[0:len(encoded)] = encoded
        struct.pack_into("<HBB", raw, 64, len(encoded), kind, 1)
        struct.pack_into("<III", raw, 68, 0xFFFFFFFF, right, child)
        struct.pack_into("<I", raw, 116, 0xFFFFFFFE)
        return bytes(raw)

    entries = [entry("Root Entry", 5, child=1 if stream_names else 0xFFFFFFFF)]
    for i, name in enumerate(stream_names, start=1):
        entries.append(entry(name, 2, right=i + 1 if i < len(stream_names) else 0xFFFFFFFF))
    directory = b"".join(entries).ljust(sector, b"\x00")
    return bytes(header) + bytes(fat) + directory


def eml_bytes(subject: str, body: str, attachments: list[tuple[str, bytes, str]],
              *, html: bool = False) -> bytes:
    """An e-mail with a body and ``(file name, bytes, mime type)`` attachments."""
    message = EmailMessage()
    message["Subject"] = subject
    message["From"] = "afzender@example.org"
    message["To"] = "ontvanger@example.org"
    message["Date"] = "Mon, 03 Mar 2025 10:00:00 +0100"
    message.set_content(body, subtype="html" if html else "plain")
    for name, data, mime in attachments:
        maintype, subtype = mime.split("/")
        message.add_attachment(data, maintype=maintype, subtype=subtype, filename=name)
    return message.as_bytes()


def build_regulation_pdf(target: Path) -> None:
    """Write the committed Gemeentewet PDF (articles 172-176a) from the shared corpus text."""
    source = SHARED_CORPUS / "gemeentewet-172-176a.md"
    lines = markdown_to_lines(source.read_text(encoding="utf-8"))
    pages = paginate(lines, header="Gemeentewet (uittreksel art. 172-176a)")
    target.write_bytes(pdf_bytes(pages, title="Gemeentewet"))


if __name__ == "__main__":
    build_regulation_pdf(FORMATS_DIR / "gemeentewet-172-176a.pdf")
