"""The pack manifest: what a pack holds, who made it, and the signature over all of it.

``manifest.json`` at the root of the zip. The signature covers the canonical JSON of every
field except ``signature`` itself (sorted keys, no spaces, UTF-8); every file of the pack is
listed with its SHA-256, so the signature covers the files too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assistant.packs.errors import PackError

MANIFEST_NAME = "manifest.json"
MANIFEST_VERSION = 1
#: pack folder -> kind of file, and the suffix its files have
KINDS: dict[str, tuple[str, str]] = {
    "sjablonen": ("sjabloon", ".md"),
    "vragensets": ("vragenset", ".jsonl"),
    "notities": ("notitie", ".md"),
    "documenten": ("document", ".md"),
}
#: kind -> (one, several) in Dutch
KIND_WORDS = {"sjabloon": ("sjabloon", "sjablonen"), "vragenset": ("vragenset", "vragensets"),
              "notitie": ("praktijknotitie", "praktijknotities"),
              "document": ("document", "documenten")}
LICENCES = ("CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "EUPL-1.2")
_FILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,60}[a-z0-9]$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_MANIFEST_BYTES = 2_000_000
MAX_FILES = 5000


def slugify(name: str) -> str:
    """'Landelijk startpakket 2026' -> 'landelijk-startpakket-2026' (the pack's folder name)."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:62].strip("-")
    return slug if len(slug) >= 3 else f"pakket-{slug}".strip("-")


def kind_of(path: str) -> str | None:
    """The kind of a file by its path in the pack, or None for a path a pack may not hold.

    A path is exactly ``FOLDER/NAME``: no sub-folders, no '..', no absolute path, no
    backslash, a plain ASCII name with the folder's suffix.
    """
    folder, sep, name = path.partition("/")
    if not sep or folder not in KINDS or not _FILE_NAME.match(name) or ".." in name:
        return None
    kind, suffix = KINDS[folder]
    return kind if name.endswith(suffix) else None


@dataclass(frozen=True)
class PackFile:
    """One file listed in a manifest."""

    path: str
    kind: str
    sha256: str
    size: int
    title: str = ""

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"path": self.path, "kind": self.kind, "sha256": self.sha256,
                                "size": self.size}
        if self.title:
            data["title"] = self.title
        return data


@dataclass(frozen=True)
class Manifest:
    """A pack's manifest (``signature`` empty until signed)."""

    name: str
    slug: str
    municipality: str
    created: str
    licence: str
    baken_version: str
    files: tuple[PackFile, ...]
    description: str = ""
    manifest_version: int = MANIFEST_VERSION
    signature: Mapping[str, str] = field(default_factory=dict)

    def content(self) -> dict[str, Any]:
        """Every field but the signature."""
        return {
            "manifest_version": self.manifest_version, "name": self.name, "slug": self.slug,
            "municipality": self.municipality, "created": self.created,
            "licence": self.licence, "baken_version": self.baken_version,
            "description": self.description, "files": [f.to_json() for f in self.files],
        }

    def signed_bytes(self) -> bytes:
        """The exact bytes the signature covers."""
        return canonical(self.content())

    def to_bytes(self) -> bytes:
        data = {**self.content(), "signature": dict(self.signature)}
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @property
    def fingerprint(self) -> str:
        return str(self.signature.get("fingerprint", ""))

    def count(self, kind: str) -> int:
        return sum(1 for f in self.files if f.kind == kind)

    def contents_nl(self) -> str:
        """'2 sjablonen, 1 vragenset, …' for lists and messages."""
        parts = [f"{n} {KIND_WORDS[k][0 if n == 1 else 1]}"
                 for k in KIND_WORDS if (n := self.count(k))]
        return ", ".join(parts) or "leeg"


def canonical(data: Any) -> bytes:
    return json.dumps(data, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def _text(data: Mapping[str, Any], key: str, problems: list[str], required: bool = True) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        problems.append(f"veld '{key}' ontbreekt of is geen tekst")
        return ""
    return value.strip()


def _files(raw: Any, problems: list[str]) -> tuple[PackFile, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_FILES:
        problems.append(f"'files' moet een lijst van hoogstens {MAX_FILES} bestanden zijn")
        return ()
    files: list[PackFile] = []
    seen: set[str] = set()
    for item in raw:
        if not isinstance(item, dict):
            problems.append("een bestand in 'files' is geen object")
            continue
        path, sha, size = item.get("path"), item.get("sha256"), item.get("size")
        if not isinstance(path, str) or kind_of(path) is None:
            problems.append(f"ongeldig pad in het pakket: {str(path)[:80]!r} (alleen "
                            "sjablonen/, vragensets/, notities/ en documenten/ met een gewone "
                            "bestandsnaam)")
            continue
        if path.lower() in seen:
            problems.append(f"{path} staat twee keer in het manifest")
        seen.add(path.lower())
        if item.get("kind") != kind_of(path):
            problems.append(f"{path}: soort '{item.get('kind')}' past niet bij de map")
        if not isinstance(sha, str) or not _SHA256.match(sha):
            problems.append(f"{path}: ongeldige SHA-256")
            continue
        if not isinstance(size, int) or size < 0:
            problems.append(f"{path}: ongeldige grootte")
            continue
        title = item.get("title", "")
        files.append(PackFile(path=path, kind=str(kind_of(path)), sha256=sha, size=size,
                              title=title if isinstance(title, str) else ""))
    return tuple(files)


def parse_manifest(data: bytes) -> Manifest:
    """Read and check ``manifest.json``; raises ``PackError`` listing every problem."""
    if len(data) > MAX_MANIFEST_BYTES:
        raise PackError("Het pakket wordt geweigerd: het manifest is te groot.")
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackError("Het pakket wordt geweigerd: manifest.json is geen geldige JSON.") \
            from exc
    if not isinstance(raw, dict):
        raise PackError("Het pakket wordt geweigerd: manifest.json is geen JSON-object.")
    version = raw.get("manifest_version")
    if version != MANIFEST_VERSION:
        raise PackError(
            f"Het pakket wordt geweigerd: onbekende manifestversie {version!r}. Deze versie "
            f"van Baken leest alleen manifestversie {MANIFEST_VERSION}; werk Baken bij of vraag "
            "de afzender om een pakket voor deze versie.")
    problems: list[str] = []
    name = _text(raw, "name", problems)
    slug = _text(raw, "slug", problems)
    if slug and not _SLUG.match(slug):
        problems.append("veld 'slug' mag alleen kleine letters, cijfers en '-' bevatten")
    municipality = _text(raw, "municipality", problems)
    created = _text(raw, "created", problems)
    if created and not _DATE.match(created):
        problems.append("veld 'created' moet een datum JJJJ-MM-DD zijn")
    licence = _text(raw, "licence", problems)
    if licence and licence not in LICENCES:
        problems.append(f"licentie '{licence}' is onbekend (kies uit {', '.join(LICENCES)})")
    baken_version = _text(raw, "baken_version", problems)
    description = _text(raw, "description", problems, required=False)
    files = _files(raw.get("files"), problems)
    signature = raw.get("signature")
    if not isinstance(signature, dict) or not all(
            isinstance(signature.get(k), str) and signature.get(k)
            for k in ("algorithm", "public_key", "value")):
        problems.append("de handtekening ontbreekt of is onvolledig")
        signature = {}
    if problems:
        raise PackError("Het pakket wordt geweigerd: het manifest is ongeldig.", problems)
    return Manifest(name=name, slug=slug, municipality=municipality, created=created,
                    licence=licence, baken_version=baken_version, files=files,
                    description=description, manifest_version=MANIFEST_VERSION,
                    signature={k: str(v) for k, v in signature.items()})
