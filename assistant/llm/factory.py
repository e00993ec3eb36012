"""Choose and build the LLM backend from settings: a server URL, or a GGUF file in-process."""

from __future__ import annotations

import threading
from typing import Any

from assistant.config import Settings
from assistant.core.protocols import LLMBackend
from assistant.llm.bundled import (
    DEMO_MODEL,
    ModelNotAvailable,
    ResolvedModel,
    demo_model_path,
    resolve_bundled,
)

__all__ = ["ModelNotAvailable", "demo_model_path", "make_llm", "model_file", "uses_demo_model"]


def model_file(settings: Settings) -> ResolvedModel:
    """The GGUF file to load: ``model_path`` when set, else the bundled model by name (the
    default Qwen2.5-Coder-1.5B, or the demo model with the reason when that is missing)."""
    if settings.model.model_path is not None:
        if not settings.model.model_path.is_file():
            raise ModelNotAvailable(
                f"Modelbestand {settings.model.model_path} bestaat niet. Zie models/README.md "
                "voor het instellen van een model.")
        return ResolvedModel(settings.model.model_path, settings.model.model_path.name)
    return resolve_bundled(settings.model.bundled_model)


def uses_demo_model(settings: Settings) -> bool:
    """True when answers come from the SmolLM2 demo model (asked for, or as a fallback)."""
    if settings.server.llm_base_url:
        return False
    try:
        return model_file(settings).name == DEMO_MODEL
    except ModelNotAvailable:
        return False


_SHARED: dict[tuple[Any, ...], LLMBackend] = {}
_SHARED_LOCK = threading.Lock()


def make_llm(settings: Settings) -> LLMBackend:
    """The OpenAI-compatible server when ``llm_base_url`` is set, else in-process llama.cpp.

    An in-process model is loaded once per process and settings (one instance shared by every
    collection and session; its own lock lets one request through at a time).
    """
    server = settings.server
    if server.llm_base_url:
        from assistant.llm.openai_compat import OpenAICompatBackend

        return OpenAICompatBackend(server.llm_base_url, model=server.llm_model,
                                   api_key=server.llm_api_key, timeout=server.llm_timeout_s)
    chosen = model_file(settings)
    m = settings.model
    key = (str(chosen.path.resolve()), m.n_ctx, m.n_threads, m.n_gpu_layers, m.chat_format, m.seed)
    with _SHARED_LOCK:
        if key not in _SHARED:
            from assistant.llm.llamacpp import LlamaCppBackend

            _SHARED[key] = LlamaCppBackend(
                chosen.path, n_ctx=m.n_ctx, n_threads=m.n_threads, n_gpu_layers=m.n_gpu_layers,
                chat_format=m.chat_format, seed=m.seed, notice=chosen.fallback_reason,
            )
        return _SHARED[key]
