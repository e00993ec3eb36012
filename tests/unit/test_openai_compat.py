"""The OpenAI-compatible backend over a scripted transport: a connection the server closed is
retried once, and every failure stays one Dutch error."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from assistant.llm.openai_compat import LLMUnavailable, OpenAICompatBackend

QUESTION = [{"role": "user", "content": "Wat regelt artikel 174 Gemeentewet?"}]


def _answer(text: str) -> httpx.Response:
    events = [{"choices": [{"delta": {"content": text}, "finish_reason": None}]},
              {"choices": [{"delta": {}, "finish_reason": "stop"}]}]
    body = "".join(f"data: {json.dumps(e)}\n\n" for e in events) + "data: [DONE]\n\n"
    return httpx.Response(200, text=body, headers={"content-type": "text/event-stream"})


def _backend(failures: int, error: type[httpx.TransportError] = httpx.RemoteProtocolError
             ) -> tuple[OpenAICompatBackend, list[int]]:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) <= failures:
            raise error("Server disconnected without sending a response.")
        return _answer("Toezicht op openbare samenkomsten.")

    return OpenAICompatBackend("http://127.0.0.1:1/v1",
                               transport=httpx.MockTransport(handle)), calls


@pytest.mark.parametrize("error", [httpx.RemoteProtocolError, httpx.ReadError,
                                   httpx.WriteError])
def test_a_connection_the_server_closed_is_retried_once(error: type[httpx.TransportError]
                                                        ) -> None:
    backend, calls = _backend(failures=1, error=error)
    reply = "".join(backend.stream(QUESTION, max_tokens=16, temperature=0.0))
    assert reply == "Toezicht op openbare samenkomsten." and len(calls) == 2


def test_a_server_that_keeps_closing_gives_one_dutch_error() -> None:
    backend, calls = _backend(failures=5)
    with pytest.raises(LLMUnavailable, match="viel weg"):
        list(backend.stream(QUESTION, max_tokens=16, temperature=0.0))
    assert len(calls) == 2  # once more, not in a loop


class _BreakingBody(httpx.SyncByteStream):
    """An event stream that sends ``pieces`` and then loses its connection."""

    def __init__(self, pieces: list[str]) -> None:
        self.pieces = pieces

    def __iter__(self) -> Iterator[bytes]:
        for text in self.pieces:
            event = {"choices": [{"delta": {"content": text}, "finish_reason": None}]}
            yield f"data: {json.dumps(event)}\n\n".encode()
        raise httpx.RemoteProtocolError("peer closed connection without sending complete body")


def _breaking(first_pieces: list[str]) -> tuple[OpenAICompatBackend, list[int]]:
    calls: list[int] = []

    def handle(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        if len(calls) == 1:
            return httpx.Response(200, stream=_BreakingBody(first_pieces))
        return _answer("Toezicht op openbare samenkomsten.")

    return OpenAICompatBackend("http://127.0.0.1:1/v1",
                               transport=httpx.MockTransport(handle)), calls


def test_a_stream_that_breaks_before_its_first_piece_is_asked_again() -> None:
    backend, calls = _breaking([])
    reply = "".join(backend.stream(QUESTION, max_tokens=16, temperature=0.0))
    assert reply == "Toezicht op openbare samenkomsten." and len(calls) == 2


def test_a_stream_that_breaks_halfway_is_not_repeated_but_reported() -> None:
    """Half an answer is on screen: asking again would show a different, spliced answer."""
    backend, calls = _breaking(["Toezicht op "])
    shown: list[str] = []
    with pytest.raises(LLMUnavailable, match="viel weg"):
        for piece in backend.stream(QUESTION, max_tokens=16, temperature=0.0):
            shown.append(piece)
    assert shown == ["Toezicht op "] and len(calls) == 1
