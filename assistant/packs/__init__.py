"""Knowledge packs: signed zips of templates, question sets, praktijknotities and public
documents that one municipality's Baken exports and another's imports.

``manifest`` (format), ``signing`` (Ed25519 key pair), ``archive`` (the zip, with limits),
``scan`` (privacy scan), ``exporter``, ``importer``, ``registry`` (installed packs) and
``startpakket`` (the first real pack) each do one job; the builders below wire them to a
``Baken`` (the composition root's parts).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from assistant.packs.errors import PackError
from assistant.packs.exporter import ExportResult, PackExporter, Selection
from assistant.packs.importer import ImportResult, PackInstaller, describe
from assistant.packs.registry import InstalledPack, installed_packs, question_set_path
from assistant.packs.signing import SigningKey, load_or_create_key

if TYPE_CHECKING:
    from assistant.app import Baken

__all__ = [
    "ExportResult", "ImportResult", "InstalledPack", "PackError", "PackExporter",
    "PackInstaller", "Selection", "SigningKey", "build_exporter", "build_installer",
    "describe", "installed_packs", "load_or_create_key", "question_set_path",
]


def build_installer(baken: Baken) -> PackInstaller:
    """An installer into ``baken``'s collection, with the Office zip limits from its settings."""
    from ingest.loaders.office import OfficeLimits

    s = baken.settings
    return PackInstaller(s.data_dir, s.collection, lambda: baken.anonymizer, baken.pipeline,
                         baken.store, OfficeLimits.from_settings(s))


def build_exporter(baken: Baken) -> PackExporter:
    """An exporter signing with this installation's key (made on first use)."""
    from ingest.loaders.office import OfficeLimits

    key, _ = load_or_create_key(baken.settings.data_dir)
    return PackExporter(key, baken.anonymizer, OfficeLimits.from_settings(baken.settings))
