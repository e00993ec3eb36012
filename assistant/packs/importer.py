"""Importing a pack: verify, show, scan, then add it whole (or nothing), and remove it whole.

Order: the zip's limits and names (``archive``), the manifest, the Ed25519 signature over the
manifest (which lists every file's SHA-256), every file's hash, the contents (templates and
question sets must parse), and the privacy scan of every text. Only then is anything written:
files go to a staging folder, notes and documents are indexed from there (their origin
municipality as metadata ``herkomst``), and the staging folder becomes the pack's folder by a
rename. If indexing refuses anything, what this import indexed is removed again.
"""

from __future__ import annotations

import json
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from assistant.core.private_files import append_private, private_dir, write_private
from assistant.core.protocols import Anonymizer
from assistant.drafting.templates import TemplateError, parse_template
from assistant.notes import NOTE_TYPE
from assistant.packs import registry
from assistant.packs.archive import REFUSED, read_pack
from assistant.packs.errors import PackError
from assistant.packs.manifest import MANIFEST_NAME, Manifest
from assistant.packs.scan import require_clean
from assistant.packs.signing import fingerprint, public_bytes, verify
from eval.question_set import QuestionSetError, parse_question
from ingest.loaders.office import OfficeLimits
from ingest.pipeline import IngestReport, file_hash

NOTES_ROOT = "notities-index"
DOCUMENTS_ROOT = "documenten-index"


class _Pipeline(Protocol):
    def run(self, paths: Any, *, prune: bool = ..., progress: bool = ...,
            metadata: Any = ...) -> IngestReport: ...

    def delete(self, source_file: str) -> None: ...


class _Store(Protocol):
    def file_hashes(self) -> dict[str, str]: ...


@dataclass
class ImportResult:
    """What an import did."""

    manifest: Manifest
    status: str  # 'geïnstalleerd', 'bijgewerkt' or 'ongewijzigd'
    indexed: int = 0
    unchanged: int = 0
    already_present: dict[str, str] = field(default_factory=dict)
    removed: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # source_file names of this pack
    seconds: float = 0.0

    def summary_nl(self) -> str:
        m = self.manifest
        lines = [f"Pakket '{m.name}' van gemeente {m.municipality}: {self.status}.",
                 f"Inhoud: {m.contents_nl()}.",
                 f"Geïndexeerd: {self.indexed} notitie(s)/document(en); ongewijzigd: "
                 f"{self.unchanged}."]
        if self.already_present:
            lines.append(f"Al aanwezig in de index (niet opnieuw ingebed): "
                         f"{len(self.already_present)}.")
        if self.removed:
            lines.append(f"Uit de vorige versie verwijderd: {len(self.removed)}.")
        lines.append(f"Tijd: {self.seconds:.1f} s.")
        return "\n".join(lines)


def describe(manifest: Manifest) -> str:
    """What a pack holds and who signed it, for the user to check before trusting it."""
    lines = [
        f"Pakket: {manifest.name} ({manifest.slug})",
        f"Gemeente: {manifest.municipality}",
        f"Datum: {manifest.created} · licentie: {manifest.licence} · Baken "
        f"{manifest.baken_version}",
        f"Ondertekend met sleutel (vingerafdruk): {manifest.fingerprint}",
        f"Inhoud: {manifest.contents_nl()}",
    ]
    lines += [f"  - {f.path}" + (f" — {f.title}" if f.title else "") for f in manifest.files]
    return "\n".join(lines)


def check_signature(manifest: Manifest, expected_fingerprint: str | None = None) -> None:
    """The manifest's signature must hold for its public key (and that key be the expected one)."""
    sig = manifest.signature
    if sig.get("algorithm") != "Ed25519":
        raise PackError(f"{REFUSED}: onbekend handtekeningalgoritme "
                        f"'{sig.get('algorithm')}' (alleen Ed25519).")
    key = public_bytes(sig.get("public_key", ""))
    if len(key) != 32 or not verify(sig["public_key"], sig.get("value", ""),
                                    manifest.signed_bytes()):
        raise PackError(f"{REFUSED}: de handtekening klopt niet. Het pakket is na het "
                        "ondertekenen gewijzigd of niet met deze sleutel ondertekend.")
    if sig.get("fingerprint") and sig["fingerprint"] != fingerprint(key):
        raise PackError(f"{REFUSED}: de vingerafdruk in het manifest hoort niet bij de "
                        "sleutel die het ondertekende.")
    if expected_fingerprint and _plain(expected_fingerprint) != _plain(fingerprint(key)):
        raise PackError(f"{REFUSED}: ondertekend met een andere sleutel dan verwacht "
                        f"(vingerafdruk {fingerprint(key)}).")


def _plain(fp: str) -> str:
    return "".join(fp.split()).lower()


def check_contents(files: dict[str, bytes]) -> dict[str, str]:
    """Every file as text; templates and question sets must be valid. Returns path -> text."""
    texts: dict[str, str] = {}
    problems: list[str] = []
    for path, data in files.items():
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{path}: geen UTF-8-tekst")
            continue
        if "\x00" in text:
            problems.append(f"{path}: bevat binaire gegevens")
            continue
        texts[path] = text
        folder, _, name = path.partition("/")
        if folder == registry.TEMPLATES:
            try:
                parse_template(text, name.removesuffix(".md"))
            except TemplateError as exc:
                problems.append(f"{path}: {exc}")
        elif folder == registry.QUESTION_SETS:
            problems.extend(_question_problems(path, text))
        elif not text.strip():
            problems.append(f"{path}: leeg")
    if problems:
        raise PackError(f"{REFUSED}: de inhoud is ongeldig.", problems)
    return texts


def _question_problems(path: str, text: str) -> list[str]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            parse_question(json.loads(line), f"{path}, regel {number}")
        except (QuestionSetError, ValueError) as exc:
            return [str(exc)]
    return []


def manifest_texts(manifest: Manifest) -> dict[str, str]:
    """The manifest's own free texts (they reach the UI and the index as metadata)."""
    texts = {"manifest (naam, gemeente, beschrijving)":
             "\n".join([manifest.name, manifest.municipality, manifest.description])}
    titles = "\n".join(f.title for f in manifest.files if f.title)
    if titles:
        texts["manifest (titels)"] = titles
    return texts


class PackInstaller:
    """Imports and removes packs for one collection of one data folder."""

    def __init__(self, data_dir: Path, collection: str,
                 anonymizer: Anonymizer | Callable[[], Anonymizer], pipeline: _Pipeline,
                 store: _Store, limits: OfficeLimits) -> None:
        self.data_dir = data_dir
        self.collection = collection
        self._anonymizer = anonymizer
        self.pipeline = pipeline
        self.store = store
        self.limits = limits

    @property
    def anonymizer(self) -> Anonymizer:
        if not isinstance(self._anonymizer, Anonymizer):
            self._anonymizer = self._anonymizer()
        return self._anonymizer

    def inspect(self, path: Path, expected_fingerprint: str | None = None
                ) -> tuple[Manifest, dict[str, str]]:
        """Everything that is checked before anything is written; raises ``PackError``."""
        manifest, files = read_pack(path, self.limits)
        check_signature(manifest, expected_fingerprint)
        texts = check_contents(files)
        require_clean(self.anonymizer, {**manifest_texts(manifest), **texts},
                      f"{REFUSED}: de privacycontrole vond mogelijk identificerende gegevens. "
                      "Niets is geïmporteerd.")
        return manifest, texts

    def install(self, path: Path, expected_fingerprint: str | None = None) -> ImportResult:
        started = time.perf_counter()
        manifest, texts = self.inspect(path, expected_fingerprint)
        old = registry.find_pack(self.data_dir, manifest.slug)
        if old is not None:
            self._check_replaceable(old, manifest)
            if old.manifest.signed_bytes() == manifest.signed_bytes():
                return ImportResult(manifest, "ongewijzigd",
                                    unchanged=len(old.documents),
                                    documents=list(old.documents),
                                    already_present=dict(old.already_present),
                                    seconds=time.perf_counter() - started)
        root = registry.packs_dir(self.data_dir)
        staging = root / f".{manifest.slug}.nieuw"
        _remove_tree(staging)
        try:
            present = self._stage(staging, manifest, texts)
            result = self._index(staging, manifest, old)
            result.already_present = present
            self._write_installation(staging, manifest, result, present)
            self._swap(staging, root / manifest.slug)
        except BaseException:
            _remove_tree(staging)
            raise
        result.seconds = time.perf_counter() - started
        self._audit("geïmporteerd" if old is None else "bijgewerkt", manifest)
        return result

    def remove(self, slug: str) -> InstalledPackRemoval:
        """Remove an installed pack whole: its notes and documents from the index, its files."""
        pack = registry.find_pack(self.data_dir, slug)
        if pack is None:
            raise PackError(f"Er is geen pakket '{slug}' geïnstalleerd.")
        if pack.collection != self.collection:
            raise PackError(f"Pakket '{slug}' is geïnstalleerd in collectie "
                            f"'{pack.collection}'; kies die collectie om het te verwijderen.")
        for name in pack.documents:
            self.pipeline.delete(name)
        trash = pack.folder.with_name(f".{slug}.weg")
        _remove_tree(trash)
        pack.folder.rename(trash)
        _remove_tree(trash)
        self._audit("verwijderd", pack.manifest)
        return InstalledPackRemoval(pack.manifest, list(pack.documents))

    # -- internals -------------------------------------------------------------------------
    def _check_replaceable(self, old: registry.InstalledPack, new: Manifest) -> None:
        if old.collection != self.collection:
            raise PackError(f"Pakket '{new.slug}' is al geïnstalleerd in collectie "
                            f"'{old.collection}'. Verwijder het daar eerst of importeer in "
                            "die collectie.")
        if _plain(old.manifest.fingerprint) != _plain(new.fingerprint):
            raise PackError(
                f"{REFUSED}: er is al een pakket '{new.slug}' geïnstalleerd dat met een andere "
                f"sleutel is ondertekend (vingerafdruk {old.manifest.fingerprint}). Verwijder "
                "dat eerst als u het nieuwe vertrouwt.")

    def _stage(self, staging: Path, manifest: Manifest, texts: dict[str, str]) -> dict[str, str]:
        """Write the files to the staging folder; returns documents the index already has
        under another name (same file hash): they are not indexed again."""
        known = {file_hash(key): name for name, key in self.store.file_hashes().items()
                 if not name.startswith(f"{manifest.slug}/")}
        present: dict[str, str] = {}
        private_dir(staging)
        write_private(staging / MANIFEST_NAME, manifest.to_bytes())
        for item in manifest.files:
            folder = item.path.split("/", 1)[0]
            data = texts[item.path].encode("utf-8")
            if folder in (registry.TEMPLATES, registry.QUESTION_SETS):
                write_private(staging / item.path, data)
                continue
            if item.sha256 in known:
                present[item.path] = known[item.sha256]
                continue
            root = NOTES_ROOT if folder == "notities" else DOCUMENTS_ROOT
            write_private(staging / root / manifest.slug / item.path, data)
        return present

    def _index(self, staging: Path, manifest: Manifest,
               old: registry.InstalledPack | None) -> ImportResult:
        result = ImportResult(manifest, "bijgewerkt" if old else "geïnstalleerd")
        origin = {"herkomst": manifest.municipality}
        runs = ((staging / NOTES_ROOT, {**origin, "doc_type": NOTE_TYPE}),
                (staging / DOCUMENTS_ROOT, origin))
        indexed: list[str] = []
        names: list[str] = []
        try:
            for root, metadata in runs:
                if not root.is_dir():
                    continue
                report = self.pipeline.run([root], progress=False, metadata=metadata)
                indexed += [str(e["file"]) for e in report.audit]
                if report.documents_skipped:
                    raise PackError(
                        "Het pakket is niet geïmporteerd: niet alles kon worden geïndexeerd "
                        "(er is niets toegevoegd).",
                        [f"{s['file']}: {s['reason']}" for s in report.documents_skipped])
                result.indexed += report.documents_indexed
                result.unchanged += report.documents_unchanged
                names += [p.relative_to(root).as_posix() for p in sorted(root.rglob("*.md"))]
        except BaseException:
            new_names = set(indexed) - set(old.documents if old else ())
            for name in new_names:
                self.pipeline.delete(name)
            if old is not None and indexed:  # put back the versions this import replaced
                self._reindex(old)
            raise
        if old is not None:
            result.removed = sorted(set(old.documents) - set(names))
            for name in result.removed:
                self.pipeline.delete(name)
        result.documents = names
        return result

    def _reindex(self, old: registry.InstalledPack) -> None:
        origin = {"herkomst": old.manifest.municipality}
        for root, metadata in ((old.folder / NOTES_ROOT, {**origin, "doc_type": NOTE_TYPE}),
                               (old.folder / DOCUMENTS_ROOT, origin)):
            if root.is_dir():
                self.pipeline.run([root], progress=False, metadata=metadata)

    def _write_installation(self, staging: Path, manifest: Manifest, result: ImportResult,
                            present: dict[str, str]) -> None:
        info = {"collection": self.collection,
                "installed_at": datetime.now(UTC).isoformat(timespec="seconds"),
                "documents": result.documents, "already_present": present}
        write_private(staging / registry.INSTALLATION,
                      json.dumps(info, ensure_ascii=False, indent=1).encode("utf-8"))

    @staticmethod
    def _swap(staging: Path, final: Path) -> None:
        trash = final.with_name(f".{final.name}.oud")
        _remove_tree(trash)
        if final.exists():
            final.rename(trash)
        staging.rename(final)
        _remove_tree(trash)

    def _audit(self, event: str, manifest: Manifest) -> None:
        entry = {"time": datetime.now(UTC).isoformat(timespec="seconds"), "event": event,
                 "pack": manifest.slug, "municipality": manifest.municipality,
                 "fingerprint": manifest.fingerprint, "collection": self.collection,
                 "files_sha256": {f.path: f.sha256 for f in manifest.files}}
        append_private(self.data_dir / "audit" / "pakketten.jsonl",
                       json.dumps(entry, ensure_ascii=False) + "\n")


@dataclass(frozen=True)
class InstalledPackRemoval:
    manifest: Manifest
    documents: list[str]


def _remove_tree(path: Path) -> None:
    if path.is_symlink():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)
