"""Backend for any OpenAI-compatible ``/v1/chat/completions`` server (llama.cpp server, vLLM …).

Streams server-sent events over ``httpx``; no vendor SDK. Every way the server can fail (down,
refusing, timing out, dying halfway through an answer) becomes one Dutch ``LLMUnavailable``.
Each request opens a fresh stream, so the next question works as soon as the server is back.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import httpx

from assistant.core.errors import BakenError

log = logging.getLogger("baken.llm")

_UNAVAILABLE = ("Het taalmodel is nu niet bereikbaar. Probeer het over een paar minuten "
                "opnieuw; blijft het misgaan, neem dan contact op met de beheerder.")
_BROKEN = ("Het taalmodel viel weg tijdens het antwoord; het antwoord is onvolledig en wordt "
           "niet getoond. Stel de vraag over een paar minuten opnieuw.")
_CUT = ("Het taalmodel brak het antwoord voortijdig af (de server is mogelijk overbelast of zo "
        "ingesteld); het antwoord wordt niet getoond. Stel de vraag opnieuw; blijft dit gebeuren, "
        "meld het dan aan de beheerder.")
_TIMEOUT = ("Het taalmodel reageerde niet op tijd (het is mogelijk druk). Probeer het later "
            "opnieuw.")


class LLMUnavailable(BakenError, RuntimeError):
    """The language-model server cannot give (the rest of) an answer; the message is Dutch."""


class OpenAICompatBackend:
    """Streams chat completions from an OpenAI-compatible server; parallel requests allowed."""

    def __init__(self, base_url: str, *, model: str = "baken", api_key: str | None = None,
                 timeout: float = 300.0, connect_timeout: float = 5.0,
                 transport: httpx.BaseTransport | None = None) -> None:
        if not base_url.startswith(("http://", "https://")):
            raise ValueError(f"Ongeldig adres voor de taalmodelserver: {base_url!r} "
                             "(verwacht http://… of https://…).")
        self.base_url = base_url.rstrip("/")
        self.name = model
        headers = {"Accept": "text/event-stream"}
        if api_key:
            headers["Authorization"] = f"Bearer {api_key}"
        self._client = httpx.Client(
            headers=headers, timeout=httpx.Timeout(timeout, connect=connect_timeout),
            transport=transport or httpx.HTTPTransport(retries=1), trust_env=False,
        )

    @property
    def url(self) -> str:
        return f"{self.base_url}/chat/completions"

    def stream(self, messages: Sequence[Mapping[str, str]], *, max_tokens: int,
               temperature: float, grammar: str | None = None) -> Iterator[str]:
        payload: dict[str, object] = {
            "model": self.name, "messages": [dict(m) for m in messages],
            "max_tokens": max_tokens, "temperature": temperature, "stream": True}
        if grammar is not None:
            payload["grammar"] = grammar  # llama.cpp's server (and llama-cpp-python's) honour it
        for attempt in (1, 2):
            started = False
            try:
                with self._client.stream("POST", self.url, json=payload) as response:
                    if response.status_code >= 400:
                        response.read()
                        log.error("taalmodelserver gaf status %s", response.status_code)
                        raise LLMUnavailable(_UNAVAILABLE)
                    for piece in _deltas(response.iter_lines()):
                        started = True
                        yield piece
                return
            except httpx.TimeoutException as exc:
                log.error("taalmodelserver: time-out (%s)", type(exc).__name__)
                raise LLMUnavailable(_TIMEOUT) from exc
            except httpx.ConnectError as exc:
                log.error("taalmodelserver niet bereikbaar")
                raise LLMUnavailable(_UNAVAILABLE) from exc
            except httpx.TransportError as exc:
                if attempt == 1 and not started:
                    # a pooled connection the server had closed or reset (llama.cpp's server
                    # does so after an answer failed halfway), or a stream that broke before
                    # its first piece: nothing reached the user, so ask once more
                    log.warning("taalmodelserver: verbinding verbroken vóór het antwoord (%s); "
                                "opnieuw", type(exc).__name__)
                    continue
                log.error("taalmodelserver: verbinding verbroken (%s)", type(exc).__name__)
                raise LLMUnavailable(_BROKEN) from exc

    def close(self) -> None:
        self._client.close()


def _deltas(lines: Iterator[str]) -> Iterator[str]:
    """The content pieces of an SSE stream; a stream that stops before its end is an error.

    A complete answer has a ``finish_reason`` before ``[DONE]``; a server that cuts an answer
    short (llama-cpp-python's ``interrupt_requests`` when another request waits) sends
    ``[DONE]`` without one, and that must not pass for a (short) answer.
    """
    finished = False
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            if not finished:
                log.error("taalmodelserver brak het antwoord af")
                raise LLMUnavailable(_CUT)
            return
        try:
            chunk: Any = json.loads(data)
        except json.JSONDecodeError as exc:
            raise LLMUnavailable(_BROKEN) from exc
        if not isinstance(chunk, dict) or "error" in chunk:
            log.error("taalmodelserver meldde een fout")
            raise LLMUnavailable(_BROKEN)
        for choice in chunk.get("choices") or []:
            text = (choice.get("delta") or {}).get("content")
            if text:
                yield text
            finished = finished or bool(choice.get("finish_reason"))
    raise LLMUnavailable(_BROKEN)
