"""Word (.docx) and OpenDocument (.odt) files; heading styles become Markdown headings.

Both are zip archives, and untrusted: before anything is unpacked the archive's own table of
contents is checked against the limits in force (total unpacked size, compression ratio,
number of parts; the ingest pipeline applies those of the settings), and the parser itself
runs in a child process with a memory and a time limit (``ingest.loaders.isolated``). A file
over a limit gets a Dutch reason and nothing of it is indexed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from assistant.core.schema import Document, Section
from ingest.loaders._base import ENCRYPTED, LoadError, make_document
from ingest.loaders.isolated import run_isolated

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")
_HEADING_STYLE = re.compile(r"^(?:heading|kop)\s*(?P<level>[1-6])$", re.IGNORECASE)
_TITLE_STYLE = re.compile(r"^(?:title|titel)$", re.IGNORECASE)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _check_zip(data: bytes, kind: str, old_kind: str) -> None:
    """Encrypted Office files are OLE containers, not zip files: say so instead of 'corrupt'."""
    if data.startswith(_OLE_MAGIC):
        if _ENCRYPTED_STREAM in data:
            raise LoadError(ENCRYPTED)
        raise LoadError(
            f"oud {old_kind}-formaat met extensie {kind} — sla het op als {kind} "
            "en probeer opnieuw; niet geïndexeerd"
        )
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise LoadError(f"beschadigd {kind}-bestand — niet geïndexeerd")


# --- limits ----------------------------------------------------------------------------------

#: More parts than any real document has; the table of contents itself stays small.
MAX_MEMBERS = 10_000
#: Parts smaller than this are not judged by their compression ratio.
RATIO_FLOOR_BYTES = 1_000_000


@dataclass(frozen=True)
class OfficeLimits:
    """The limits for one Office file; the defaults are those of the settings (``ingest``)."""

    max_unpacked_bytes: int = 500 * 1_000_000
    max_ratio: int = 100
    memory_bytes: int = 1024 * 1_000_000
    timeout_s: float = 120.0

    @classmethod
    def from_settings(cls, settings: Any) -> OfficeLimits:
        ingest = settings.ingest
        return cls(max_unpacked_bytes=ingest.office_max_unpacked_mb * 1_000_000,
                   max_ratio=ingest.office_max_ratio,
                   memory_bytes=ingest.office_parse_memory_mb * 1_000_000,
                   timeout_s=ingest.office_parse_timeout_s)


# The limits in force while files are loaded. The ingest pipeline sets the ones it was given
# (the composition root builds them from the settings); elsewhere the defaults apply.
_LIMITS: ContextVar[OfficeLimits | None] = ContextVar("office_limits", default=None)
_DEFAULT_LIMITS = OfficeLimits()


def office_limits() -> OfficeLimits:
    """The limits in force for this thread (see ``office_limits_in_force``)."""
    return _LIMITS.get() or _DEFAULT_LIMITS


@contextmanager
def office_limits_in_force(limits: OfficeLimits) -> Iterator[None]:
    """Load the Office files of this block (attachments included) under ``limits``."""
    token = _LIMITS.set(limits)
    try:
        yield
    finally:
        _LIMITS.reset(token)


def check_archive(data: bytes, kind: str, limits: OfficeLimits) -> None:
    """Refuse a zip whose table of contents promises too much (before unpacking anything)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoadError(f"beschadigd {kind}-bestand — niet geïndexeerd") from exc
    if len(members) > MAX_MEMBERS:
        raise LoadError(f"{kind}-bestand bestaat uit meer dan {MAX_MEMBERS} onderdelen — "
                        "niet geïndexeerd")
    unpacked = sum(m.file_size for m in members)
    packed = sum(m.compress_size for m in members)
    if unpacked > limits.max_unpacked_bytes:
        size = f"{unpacked / 1_000_000:,.0f}".replace(",", ".")
        raise LoadError(
            f"{kind}-bestand wordt uitgepakt {size} MB, meer dan de grens van "
            f"{limits.max_unpacked_bytes // 1_000_000} MB (mogelijk een zipbom; instelling "
            "office_max_unpacked_mb) — niet geïndexeerd")
    ratios = [m.file_size / max(1, m.compress_size) for m in members
              if m.file_size >= RATIO_FLOOR_BYTES]
    if unpacked >= RATIO_FLOOR_BYTES:
        ratios.append(unpacked / max(1, packed))
    if ratios and max(ratios) > limits.max_ratio:
        raise LoadError(
            f"{kind}-bestand is verdacht sterk ingepakt: uitgepakt {max(ratios):.0f} keer zo "
            f"groot, de grens is {limits.max_ratio} keer (mogelijk een zipbom; instelling "
            "office_max_ratio) — niet geïndexeerd")


def _parse_isolated(parse: Any, data: bytes, kind: str, limits: OfficeLimits) -> Any:
    return run_isolated(parse, data, kind=kind, memory_bytes=limits.memory_bytes,
                        timeout_s=limits.timeout_s)


# --- DOCX ------------------------------------------------------------------------------------


def _heading_level(paragraph: Any) -> int | None:
    style = paragraph.style
    for _ in range(4):  # custom styles based on a heading style count as that heading
        if style is None:
            return None
        name = style.name or ""
        if _TITLE_STYLE.match(name):
            return 1
        match = _HEADING_STYLE.match(name)
        if match:
            return int(match.group("level"))
        style = style.base_style
    return None


class _Numbering:
    """Reproduces Word's automatic list numbers (``1.``, ``a.``) that are not in the text."""

    def __init__(self, document: Any) -> None:
        self.formats: dict[tuple[str, int], tuple[str, str]] = {}
        self.counters: dict[str, list[int]] = {}
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):
            return
        abstract = {a.get(f"{_W}abstractNumId"): a for a in root.iter(f"{_W}abstractNum")}
        for num in root.iter(f"{_W}num"):
            ref = num.find(f"{_W}abstractNumId")
            definition = abstract.get(ref.get(f"{_W}val")) if ref is not None else None
            if definition is None:
                continue
            for lvl in definition.iter(f"{_W}lvl"):
                fmt, text = lvl.find(f"{_W}numFmt"), lvl.find(f"{_W}lvlText")
                self.formats[(num.get(f"{_W}numId") or "", int(lvl.get(f"{_W}ilvl") or 0))] = (
                    fmt.get(f"{_W}val") if fmt is not None else "decimal",
                    text.get(f"{_W}val") if text is not None else "%1.",
                )

    def label(self, paragraph: Any) -> str:
        ppr = paragraph._p.pPr
        numpr = ppr.numPr if ppr is not None else None
        if numpr is None:
            numpr = _style_numpr(paragraph.style)
        if numpr is None or numpr.numId is None or str(numpr.numId.val) == "0":
            return ""
        num_id = str(numpr.numId.val)
        level = int(numpr.ilvl.val) if numpr.ilvl is not None else 0
        fmt, pattern = self.formats.get((num_id, level), ("decimal", f"%{level + 1}."))
        if fmt in ("bullet", "none"):
            return "•" if fmt == "bullet" else ""
        counts = self.counters.setdefault(num_id, [0] * 9)
        counts[level] += 1
        for deeper in range(level + 1, 9):
            counts[deeper] = 0
        label = pattern
        for i in range(level + 1):
            label = label.replace(f"%{i + 1}", _format_number(counts[i], self._fmt(num_id, i)))
        return label

    def _fmt(self, num_id: str, level: int) -> str:
        return self.formats.get((num_id, level), ("decimal", ""))[0]


def _style_numpr(style: Any) -> Any:
    """List numbering defined by a paragraph style (e.g. 'List Number') or its base styles."""
    for _ in range(4):
        if style is None:
            return None
        ppr = style.element.pPr
        if ppr is not None and ppr.numPr is not None:
            return ppr.numPr
        style = style.base_style
    return None


def _format_number(value: int, fmt: str) -> str:
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (value - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = _roman(value)
        return roman.lower() if fmt == "lowerRoman" else roman
    return str(value)


def _roman(value: int) -> str:
    out = ""
    for number, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while value >= number:
            out += letters
            value -= number
    return out


def _docx_lines(document: Any) -> Iterator[str]:
    from docx.table import Table

    numbering = _Numbering(document)
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    value = " ".join(cell.text.split())
                    if value and (not cells or cells[-1] != value):  # merged cells repeat
                        cells.append(value)
                if cells:
                    yield " | ".join(cells)
            yield ""
            continue
        text = item.text.strip()
        if not text:
            yield ""
            continue
        level = _heading_level(item)
        if level is not None:
            yield ""
            yield "#" * level + " " + " ".join(text.split())
            yield ""
            continue
        label = numbering.label(item)
        yield f"{label} {text}" if label else text


def parse_docx(data: bytes) -> tuple[str, str | None]:
    """(text, title) of a .docx; runs in the child process."""
    import docx

    document = docx.Document(io.BytesIO(data))
    text = "\n".join(_docx_lines(document))
    title = (document.core_properties.title or "").strip() or None
    return text, title


def load_docx(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Paragraphs and tables in order; Word headings and list numbers kept."""
    _check_zip(data, ".docx", "Word (.doc)")
    limits = office_limits()
    check_archive(data, "Word", limits)
    text, title = _parse_isolated(parse_docx, data, "Word", limits)
    return [make_document(source_file, content_hash, [Section(text)], fmt="docx", title_hint=title)]


# --- ODT -------------------------------------------------------------------------------------


def _odt_is_encrypted(data: bytes) -> bool:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        try:
            manifest = archive.read("META-INF/manifest.xml")
        except KeyError:
            return False
    return b"encryption-data" in manifest


def _odt_lines(element: Any) -> Iterator[str]:
    from odf import teletype
    from odf.namespaces import TABLENS, TEXTNS

    for node in element.childNodes:
        qname = getattr(node, "qname", None)
        if qname is None:
            continue
        if qname == (TEXTNS, "h"):
            level = node.getAttrNS(TEXTNS, "outline-level") or "1"
            yield ""
            heading = " ".join(teletype.extractText(node).split())
            yield "#" * min(6, max(1, int(level))) + " " + heading
            yield ""
        elif qname == (TEXTNS, "p"):
            yield teletype.extractText(node).strip()
        elif qname == (TABLENS, "table-row"):
            cells = [
                " ".join(teletype.extractText(c).split())
                for c in node.childNodes
                if getattr(c, "qname", None) == (TABLENS, "table-cell")
            ]
            if any(cells):
                yield " | ".join(c for c in cells if c)
        elif qname in (
            (TEXTNS, "list"),
            (TEXTNS, "list-item"),
            (TEXTNS, "section"),
            (TABLENS, "table"),
            (TABLENS, "table-rows"),
            (TABLENS, "table-header-rows"),
        ):
            yield from _odt_lines(node)


def load_odt(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Paragraphs, lists and tables in order; outline headings kept."""
    _check_zip(data, ".odt", "binair")
    limits = office_limits()
    check_archive(data, "ODT", limits)  # before the manifest is read
    if _odt_is_encrypted(data):
        raise LoadError(ENCRYPTED)
    text, title = _parse_isolated(parse_odt, data, "ODT", limits)
    return [
        make_document(
            source_file, content_hash, [Section(text)], fmt="odt", title_hint=title or None
        )
    ]


def parse_odt(data: bytes) -> tuple[str, str | None]:
    """(text, title) of an .odt; runs in the child process."""
    from odf.opendocument import load

    document = load(io.BytesIO(data))
    text = "\n".join(_odt_lines(document.text))
    title = None
    try:
        from odf import dc, teletype

        found = document.meta.getElementsByType(dc.Title)
        title = teletype.extractText(found[0]).strip() if found else None
    except Exception:  # noqa: BLE001 - metadata is optional
        title = None
    return text, title or None
