"""Reading and writing the pack zip; reading refuses what could harm the receiving machine.

Before anything is unpacked the zip's own table of contents is checked with the limits the
Office loaders use (``office_max_unpacked_mb``, ``office_max_ratio``, a member count): a zip
bomb is refused unread. Every name must be a plain ``FOLDER/NAME`` the manifest lists (no
'..', no absolute path, no link); nothing is written to disk here: files come back as bytes.
"""

from __future__ import annotations

import hashlib
import io
import stat
import zipfile
from collections.abc import Mapping
from pathlib import Path

from assistant.core.private_files import write_private
from assistant.packs.errors import PackError
from assistant.packs.manifest import MANIFEST_NAME, Manifest, kind_of, parse_manifest
from ingest.loaders import LoadError
from ingest.loaders.office import OfficeLimits, check_archive

REFUSED = "Het pakket wordt geweigerd"


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_pack(out: Path, manifest: Manifest, files: Mapping[str, bytes]) -> None:
    """The zip: ``manifest.json`` plus every file (0600, via a temporary file and a rename)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(MANIFEST_NAME, manifest.to_bytes())
        for path in sorted(files):
            archive.writestr(path, files[path])
    write_private(out, buffer.getvalue())


def _check_names(members: list[zipfile.ZipInfo]) -> list[str]:
    problems: list[str] = []
    for info in members:
        name = info.filename
        if stat.S_ISLNK(info.external_attr >> 16):
            problems.append(f"{name[:80]!r} is een koppeling (symlink)")
        elif name == MANIFEST_NAME:
            continue
        elif info.is_dir():
            if name.rstrip("/") not in {"sjablonen", "vragensets", "notities", "documenten"}:
                problems.append(f"onverwachte map {name[:80]!r}")
        elif kind_of(name) is None:
            problems.append(f"onveilig of onbekend pad {name[:80]!r} (bijv. '..' of een "
                            "absoluut pad)")
    names = [m.filename for m in members if not m.is_dir()]
    if len(names) != len(set(names)):
        problems.append("een bestandsnaam komt twee keer voor in de zip")
    return problems


def read_pack(path: Path, limits: OfficeLimits) -> tuple[Manifest, dict[str, bytes]]:
    """The manifest and every listed file of the pack at ``path``, all hashes checked.

    The signature is not checked here (``importer.verify_pack``)."""
    try:
        size = path.stat().st_size
        if size > limits.max_unpacked_bytes:
            raise PackError(f"{REFUSED}: het bestand is groter dan "
                            f"{limits.max_unpacked_bytes // 1_000_000} MB.")
        data = path.read_bytes()
    except OSError as exc:
        raise PackError(f"Het pakket {path.name} kan niet worden gelezen ({exc.strerror}).") \
            from exc
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise PackError(f"{REFUSED}: {path.name} is geen zip-bestand.")
    try:
        check_archive(data, "pakket", limits)
    except LoadError as exc:
        reason = exc.reason_nl.replace(" — niet geïndexeerd", "")
        raise PackError(f"{REFUSED}: {reason}.") from exc
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        members = archive.infolist()
        problems = _check_names(members)
        if problems:
            raise PackError(f"{REFUSED}: de zip bevat onveilige namen.", problems)
        if MANIFEST_NAME not in {m.filename for m in members}:
            raise PackError(f"{REFUSED}: manifest.json ontbreekt.")
        manifest = parse_manifest(archive.read(MANIFEST_NAME))
        listed = {f.path for f in manifest.files}
        present = {m.filename for m in members if not m.is_dir()} - {MANIFEST_NAME}
        problems = [f"{p} staat in het manifest maar niet in de zip"
                    for p in sorted(listed - present)]
        problems += [f"{p} staat in de zip maar niet in het manifest"
                     for p in sorted(present - listed)]
        files: dict[str, bytes] = {}
        for item in manifest.files:
            if item.path not in present:
                continue
            try:
                content = archive.read(item.path)
            except (zipfile.BadZipFile, OSError, ValueError) as exc:
                raise PackError(f"{REFUSED}: {item.path} is beschadigd.") from exc
            if len(content) != item.size or sha256_hex(content) != item.sha256:
                problems.append(f"{item.path}: de inhoud past niet bij de SHA-256 in het "
                                "manifest (gewijzigd na het ondertekenen)")
            files[item.path] = content
    if problems:
        raise PackError(f"{REFUSED}: het pakket is gewijzigd of onvolledig.", problems)
    return manifest, files
