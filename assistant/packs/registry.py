"""Installed packs in ``DATA_DIR/pakketten/SLUG/``: what is there, read-only.

Each installed pack keeps its signed ``manifest.json``, an ``installatie.json`` (collection,
date, indexed documents) and its files: ``sjablonen/`` (read by the drafting tab),
``vragensets/`` (read by ``baken eval``) and the notes and documents it indexed.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.packs.errors import PackError
from assistant.packs.manifest import MANIFEST_NAME, Manifest, parse_manifest

PACKS_FOLDER = "pakketten"
INSTALLATION = "installatie.json"
TEMPLATES = "sjablonen"
QUESTION_SETS = "vragensets"


def packs_dir(data_dir: Path) -> Path:
    return data_dir / PACKS_FOLDER


@dataclass(frozen=True)
class InstalledPack:
    """A pack as installed: its manifest and what the import did."""

    folder: Path
    manifest: Manifest
    collection: str
    installed_at: str
    documents: tuple[str, ...] = ()  # source_file names this pack indexed
    already_present: dict[str, str] = field(default_factory=dict)  # pack path -> existing name

    @property
    def slug(self) -> str:
        return self.manifest.slug

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {"slug": m.slug, "name": m.name, "municipality": m.municipality,
                "created": m.created, "licence": m.licence, "fingerprint": m.fingerprint,
                "collection": self.collection, "installed_at": self.installed_at,
                "contents": m.contents_nl(), "documents": list(self.documents),
                "already_present": self.already_present,
                "question_sets": [str(p) for p in sorted((self.folder / QUESTION_SETS)
                                                         .glob("*.jsonl"))]}


def read_installed(folder: Path) -> InstalledPack:
    try:
        manifest = parse_manifest((folder / MANIFEST_NAME).read_bytes())
        info = json.loads((folder / INSTALLATION).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackError(f"Het geïnstalleerde pakket in {folder} is onleesbaar.") from exc
    return InstalledPack(folder=folder, manifest=manifest, collection=str(info["collection"]),
                         installed_at=str(info["installed_at"]),
                         documents=tuple(info.get("documents", ())),
                         already_present=dict(info.get("already_present", {})))


def installed_packs(data_dir: Path) -> list[InstalledPack]:
    """Every installed pack, by name (folders being written, '.SLUG.*', are skipped)."""
    root = packs_dir(data_dir)
    if not root.is_dir():
        return []
    packs = []
    for folder in sorted(root.iterdir()):
        if (folder.is_dir() and not folder.name.startswith(".")
                and (folder / INSTALLATION).is_file()):
            try:
                packs.append(read_installed(folder))
            except PackError:
                continue
    return packs


def find_pack(data_dir: Path, slug: str) -> InstalledPack | None:
    folder = packs_dir(data_dir) / slug
    if "/" in slug or slug.startswith(".") or not (folder / INSTALLATION).is_file():
        return None
    return read_installed(folder)


def template_folders(data_dir: Path) -> list[Path]:
    """The ``sjablonen`` folders of the installed packs (for the drafting tab)."""
    return [p.folder / TEMPLATES for p in installed_packs(data_dir)
            if (p.folder / TEMPLATES).is_dir()]


def template_origin(template_path: Path | None, data_dir: Path) -> str | None:
    """'uit pakket van gemeente X' for a template an installed pack brought, else None."""
    if template_path is None:
        return None
    root = packs_dir(data_dir).resolve()
    try:
        relative = template_path.resolve().relative_to(root)
    except ValueError:
        return None
    pack = find_pack(data_dir, relative.parts[0])
    return f"uit pakket van gemeente {pack.manifest.municipality}" if pack else None


def question_set_path(data_dir: Path, name: str) -> Path | None:
    """An imported question set by name ('oov-nl' or 'oov-nl.jsonl'), None when unknown."""
    wanted = name if name.endswith(".jsonl") else f"{name}.jsonl"
    for pack in installed_packs(data_dir):
        candidate = pack.folder / QUESTION_SETS / wanted
        if candidate.is_file():
            return candidate
    return None
