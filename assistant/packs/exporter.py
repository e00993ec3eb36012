"""Exporting a pack: collect the chosen texts, scan them, sign the manifest, write the zip.

What goes in, per kind:
- templates (``prompts/templates``-style ``.md``) and question sets (``.jsonl``): as written,
  after they parse;
- praktijknotities: as stored (already anonymised);
- documents the municipality marks as shareable: read by the ingest loaders and anonymised by
  the ingest anonymiser, as Markdown; a text or Markdown file in which nothing was replaced goes
  in byte for byte (so a receiving Baken that already indexed the same file recognises it).
Then the privacy scan runs over every text and the manifest's own texts; any finding refuses
the whole export with a Dutch list of reasons (fail closed). Nothing is written before that.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from assistant import __version__
from assistant.core.protocols import Anonymizer
from assistant.drafting.templates import DraftTemplate, TemplateError, load_template
from assistant.notes import Note
from assistant.packs.archive import sha256_hex, write_pack
from assistant.packs.errors import PackError
from assistant.packs.importer import check_contents, manifest_texts
from assistant.packs.manifest import LICENCES, Manifest, PackFile, kind_of, slugify
from assistant.packs.scan import require_clean
from assistant.packs.signing import ALGORITHM, SigningKey
from ingest.loaders import LoadError, load_document
from ingest.loaders.office import OfficeLimits, office_limits_in_force
from ingest.pipeline import name_parts, name_variants

REFUSED = "Export geweigerd"
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass
class Selection:
    """What to put in a pack."""

    templates: Sequence[DraftTemplate | Path] = ()
    question_sets: Sequence[Path] = ()
    notes: Sequence[Note] = ()
    documents: Sequence[Path] = ()


@dataclass
class ExportResult:
    manifest: Manifest
    out: Path
    redactions: dict[str, int] = field(default_factory=dict)  # document path -> replacements
    seconds: float = 0.0

    def summary_nl(self) -> str:
        m = self.manifest
        lines = [f"Pakket '{m.name}' geschreven naar {self.out}.",
                 f"Inhoud: {m.contents_nl()}.",
                 f"Ondertekend met sleutel (vingerafdruk): {m.fingerprint}"]
        replaced = sum(self.redactions.values())
        if replaced:
            lines.append(f"Geanonimiseerd in de documenten: {replaced} vervanging(en) in "
                         f"{sum(1 for n in self.redactions.values() if n)} document(en).")
        lines.append(f"Tijd: {self.seconds:.1f} s.")
        return "\n".join(lines)


def safe_name(name: str, suffix: str) -> str:
    """A plain pack file name with ``suffix``: 'APV Almelo 2021.pdf' -> 'APV-Almelo-2021.md'."""
    stem = name.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    stem = stem[: -len(Path(stem).suffix)] if Path(stem).suffix else stem
    cleaned = _UNSAFE_NAME.sub("-", stem).strip(".-_")[:100] or "bestand"
    return f"{cleaned}{suffix}"


def _unique(path: str, taken: set[str]) -> str:
    base, dot, suffix = path.rpartition(".")
    candidate, n = path, 2
    while candidate.lower() in taken:
        candidate = f"{base}-{n}{dot}{suffix}"
        n += 1
    taken.add(candidate.lower())
    return candidate


class PackExporter:
    """Builds signed packs with one installation's key and the ingest anonymiser."""

    def __init__(self, key: SigningKey, anonymizer: Anonymizer,
                 limits: OfficeLimits | None = None) -> None:
        self.key = key
        self.anonymizer = anonymizer
        self.limits = limits or OfficeLimits()  # Office files are read as ingest reads them

    def export(self, out: Path, selection: Selection, *, name: str, municipality: str,
               licence: str = "CC0-1.0", description: str = "",
               today: date | None = None) -> ExportResult:
        started = time.perf_counter()
        self._check_meta(name, municipality, licence)
        files: dict[str, str] = {}
        titles: dict[str, str] = {}
        taken: set[str] = set()
        problems: list[str] = []
        for template in selection.templates:
            tpl = self._template(template, problems)
            if tpl is not None and tpl.path is not None:
                path = _unique(f"sjablonen/{tpl.name}.md", taken)
                files[path] = tpl.path.read_text(encoding="utf-8")
                titles[path] = tpl.title
        for note in selection.notes:
            path = _unique(f"notities/{note.id}.md", taken)
            files[path] = note.markdown()
            titles[path] = note.title
        renamed: dict[str, str] = {}
        redactions: dict[str, int] = {}
        for doc_path in selection.documents:
            for path, text, title, count in self._documents(doc_path, problems, taken):
                files[path] = text
                titles[path] = title
                redactions[path] = count
                renamed[doc_path.name] = path.split("/", 1)[1]
        for qs in selection.question_sets:
            loaded = self._question_set(qs, renamed, problems)
            if loaded is not None:
                files[_unique(f"vragensets/{safe_name(qs.name, '.jsonl')}", taken)] = loaded
        if problems:
            raise PackError(f"{REFUSED}: niet alles kon worden gelezen.", problems)
        if not files:
            raise PackError(f"{REFUSED}: kies minstens één sjabloon, vragenset, "
                            "praktijknotitie of document.")
        encoded = {p: t.encode("utf-8") for p, t in files.items()}
        check_contents(encoded)
        manifest = Manifest(
            name=name.strip(), slug=slugify(name), municipality=municipality.strip(),
            created=(today or date.today()).isoformat(), licence=licence,
            baken_version=__version__, description=description.strip(),
            files=tuple(PackFile(path=p, kind=str(kind_of(p)), sha256=sha256_hex(b),
                                 size=len(b), title=titles.get(p, ""))
                        for p, b in sorted(encoded.items())))
        require_clean(self.anonymizer, {**manifest_texts(manifest), **files},
                      f"{REFUSED}: de privacycontrole vond mogelijk identificerende gegevens. "
                      "Er is geen pakket geschreven. Haal ze weg en probeer het opnieuw:")
        signed = Manifest(**{**manifest.__dict__, "signature": {
            "algorithm": ALGORITHM, "public_key": self.key.public_b64,
            "fingerprint": self.key.fingerprint,
            "value": self.key.sign(manifest.signed_bytes())}})
        write_pack(out, signed, encoded)
        return ExportResult(signed, out, redactions, time.perf_counter() - started)

    # -- the kinds -------------------------------------------------------------------------
    @staticmethod
    def _check_meta(name: str, municipality: str, licence: str) -> None:
        problems = []
        if len(name.strip()) < 3:
            problems.append("geef het pakket een naam (minstens 3 tekens)")
        if not municipality.strip():
            problems.append("geef de naam van de gemeente")
        if licence not in LICENCES:
            problems.append(f"licentie '{licence}' is onbekend (kies uit {', '.join(LICENCES)})")
        if problems:
            raise PackError(f"{REFUSED}.", problems)

    @staticmethod
    def _template(template: DraftTemplate | Path, problems: list[str]) -> DraftTemplate | None:
        if isinstance(template, DraftTemplate):
            return template
        try:
            return load_template(template)
        except TemplateError as exc:
            problems.append(str(exc))
            return None

    def _documents(self, path: Path, problems: list[str],
                   taken: set[str]) -> list[tuple[str, str, str, int]]:
        """(pack path, text, title, replacements) per document in the file at ``path``."""
        if any(self.anonymizer.find(v) for part in name_parts(path.name)
               for v in name_variants(part)):
            problems.append("een bestandsnaam bevat mogelijk een identificerend gegeven "
                            "(naam niet getoond); hernoem het bestand")
            return []
        try:
            with office_limits_in_force(self.limits):
                documents = load_document(path, path.parent)
        except LoadError as exc:
            problems.append(f"{path.name}: {exc.reason_nl}")
            return []
        except OSError as exc:
            problems.append(f"{path.name}: kan niet worden gelezen ({exc.strerror})")
            return []
        out = []
        for doc in documents:
            texts = [doc.title, doc.metadata.get("bron", ""), *(s.text for s in doc.sections)]
            try:
                redaction = self.anonymizer.redact(texts)
            except Exception:  # noqa: BLE001 - fail closed on anything
                problems.append(f"{doc.source_file}: anonimiseren mislukt — niet gedeeld")
                continue
            count = sum(redaction.counts.values())
            title, note, *sections = redaction.texts
            text = _verbatim(path) if count == 0 and len(documents) == 1 else None
            if text is None:
                fmt = doc.metadata.get("format")
                body = "\n\n".join(sections)
                text = body if fmt == "md" else f"# {title}\n\n{body}"
                text = (f"<!-- {note} -->\n\n" if note else "") + text + "\n"
            pack_path = _unique(f"documenten/{safe_name(doc.source_file, '.md')}", taken)
            out.append((pack_path, text, title, count))
        return out

    @staticmethod
    def _question_set(path: Path, renamed: dict[str, str],
                      problems: list[str]) -> str | None:
        """The question set's text; a ``source_file`` naming an exported document that got
        another name in the pack (``beleid.pdf`` -> ``beleid.md``) is changed to match."""
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(f"{path.name}: kan niet worden gelezen ({exc})")
            return None
        out = []
        for line in lines:
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except ValueError:
                problems.append(f"{path.name}: geen geldige JSON-regel")
                return None
            if isinstance(item, dict) and item.get("source_file") in renamed:
                item["source_file"] = renamed[item["source_file"]]
                line = json.dumps(item, ensure_ascii=False)
            out.append(line)
        return "\n".join(out) + "\n"


def _verbatim(path: Path) -> str | None:
    """A UTF-8 text or Markdown file as it is (None for any other file)."""
    if path.suffix.lower() not in (".md", ".markdown", ".txt"):
        return None
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
