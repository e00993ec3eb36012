"""E-mail files (.eml): the body is one Document, each supported attachment another."""

from __future__ import annotations

import email
import email.policy
import re
from email.message import EmailMessage, Message
from pathlib import PurePosixPath

from assistant.core.schema import Document, Section
from ingest.loaders._base import LoadError, make_document, sha256_hex
from ingest.loaders.html import load_html

_UNSAFE = re.compile(r"[^\w.\-]+")


def _safe_name(name: str) -> str:
    """File name usable inside a source path: no folders, no odd characters."""
    base = PurePosixPath(name.replace("\\", "/")).name
    return _UNSAFE.sub("-", base).strip("-.") or "bijlage"


def _body_text(message: EmailMessage, source_file: str, content_hash: str) -> str:
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    content = part.get_content()
    if part.get_content_subtype() == "html":
        raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
        try:
            return load_html(raw, source_file, content_hash)[0].text
        except LoadError:
            return ""
    return content if isinstance(content, str) else ""


def _header(message: Message, name: str) -> str:
    value = message.get(name)
    return " ".join(str(value).split()) if value else ""


def _attachments(message: EmailMessage, source_file: str,
                 content_hash: str) -> tuple[list[Document], list[str]]:
    """The documents of the attachments that can be read, as ``mail.eml#bijlage-N-naam``, and
    per other attachment its name and why it was not indexed."""
    from ingest.loaders.registry import LOADERS, load_bytes, unsupported_type  # lists load_eml

    documents: list[Document] = []
    skipped: list[str] = []
    for number, part in enumerate(message.iter_attachments(), start=1):
        name = _safe_name(part.get_filename() or f"bijlage-{number}")
        part_source = f"{source_file}#bijlage-{number}-{name}"
        suffix = PurePosixPath(name).suffix.lower()
        payload = part.get_payload(decode=True)
        if suffix not in LOADERS or suffix == ".eml" or not isinstance(payload, bytes):
            skipped.append(f"{name}: {unsupported_type(suffix)}")
            continue
        try:
            loaded = load_bytes(payload, name, part_source, content_hash)
        except LoadError as exc:
            skipped.append(f"{name}: {exc.reason_nl}")
            continue
        for doc in loaded:
            meta = {**doc.metadata, "bijlage_van": source_file, "bijlage_hash": sha256_hex(payload)}
            documents.append(
                Document(doc.source_file, doc.title, doc.sections, doc.content_hash, meta)
            )
    return documents, skipped


def load_eml(data: bytes, source_file: str, content_hash: str) -> list[Document]:
    """Body (plain text preferred over HTML) plus attachments as ``mail.eml#bijlage-N-naam``.

    Every Document keeps the content hash of the .eml file, so a changed mail re-indexes all
    its parts. Attachments that cannot be read are listed in the body's metadata
    (``bijlagen_niet_geindexeerd``) instead of failing the whole mail.
    """
    message = email.message_from_bytes(data, policy=email.policy.default)
    if not isinstance(message, EmailMessage) or not (message.keys() or message.get_payload()):
        raise LoadError("geen geldig e-mailbericht — niet geïndexeerd")
    subject = _header(message, "Subject")
    documents, skipped = _attachments(message, source_file, content_hash)

    metadata: dict[str, str] = {}
    if documents or skipped:
        metadata["bijlagen"] = str(len(documents) + len(skipped))
    if skipped:
        metadata["bijlagen_niet_geindexeerd"] = "; ".join(skipped)
    body = _body_text(message, source_file, content_hash).strip()
    if body:
        date = _header(message, "Date")
        header = "\n".join(
            x
            for x in (f"Onderwerp: {subject}" if subject else "", f"Datum: {date}" if date else "")
            if x
        )
        text = f"{header}\n\n{body}" if header else body
        documents.insert(
            0,
            make_document(
                source_file,
                content_hash,
                [Section(text)],
                fmt="eml",
                title_hint=subject or None,
                metadata=metadata,
            ),
        )
    if not documents:
        raise LoadError("e-mail zonder tekst of leesbare bijlagen — niet geïndexeerd")
    return documents
