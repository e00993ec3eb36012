"""In-process llama.cpp (llama-cpp-python) backend for any GGUF file."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from assistant.core.errors import BakenError

PROMPT_TOO_LONG = ("De vraag is samen met de gevonden bronnen te lang voor het taalmodel. Stel "
                   "een kortere vraag, of vraag de beheerder om minder bronnen per antwoord.")


class PromptTooLong(BakenError, ValueError):
    """The prompt does not fit the model's context window; nothing was generated."""

    def __init__(self) -> None:
        super().__init__(PROMPT_TOO_LONG)


class LlamaCppBackend:
    """Streams chat completions from a local GGUF model; one request at a time per instance."""

    def __init__(self, model_path: Path, *, n_ctx: int = 4096, n_threads: int | None = None,
                 n_gpu_layers: int = 0, chat_format: str | None = None, seed: int = 42,
                 notice: str | None = None) -> None:
        from llama_cpp import Llama

        if not model_path.is_file():
            raise FileNotFoundError(f"Modelbestand niet gevonden: {model_path}")
        self.model_path = model_path
        self.name = model_path.name
        self.notice = notice  # Dutch: why this is not the model that was asked for
        self._lock = threading.Lock()
        self._grammars: dict[str, Any] = {}
        # llama-cpp-python's own default is half the cores; Baken uses them all unless told
        threads = n_threads or os.cpu_count() or 1
        self.n_threads = threads
        self._llm: Any = Llama(
            model_path=str(model_path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
            n_gpu_layers=n_gpu_layers, chat_format=chat_format, seed=seed, verbose=False,
        )

    def _grammar(self, gbnf: str | None) -> Any:
        """The compiled grammar for ``gbnf`` (cached: answers reuse a handful of them)."""
        if gbnf is None:
            return None
        if gbnf not in self._grammars:
            from llama_cpp import LlamaGrammar

            self._grammars[gbnf] = LlamaGrammar.from_string(gbnf, verbose=False)
        return self._grammars[gbnf]

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        with self._lock:
            chunks = self._llm.create_chat_completion(
                messages=[dict(m) for m in messages], max_tokens=max_tokens,
                temperature=temperature, stream=True, grammar=self._grammar(grammar),
            )
            try:
                for chunk in chunks:
                    delta = chunk["choices"][0].get("delta", {})
                    text = delta.get("content")
                    if text:
                        yield text
            except ValueError as exc:  # llama-cpp-python: "Requested tokens (…) exceed context
                if "context window" in str(exc):  # window of …", before any token is made
                    raise PromptTooLong from None
                raise
