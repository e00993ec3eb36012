"""The ``LLMBackend`` contract, run over every implementation with the demo model (SmolLM2):
llama.cpp in-process and the OpenAI-compatible backend against ``llama_cpp.server`` on loopback
(started once per session).

A new backend joins with one line in ``BACKENDS`` and a branch in ``_backend``. The protocol has
no stop sequences, so none are tested; ``grammar`` is declared and must be honoured.
"""

from __future__ import annotations

import pytest

from assistant.config import load_settings
from assistant.core.protocols import LLMBackend
from assistant.errors import dutch_error
from assistant.llm import make_llm
from assistant.llm.openai_compat import OpenAICompatBackend
from tests.contract.conftest import MODEL_ALIAS

pytestmark = pytest.mark.e2e

BACKENDS = [pytest.param("llamacpp", id="llamacpp"), pytest.param("openai", id="openai-compat")]
QUESTION = [{"role": "system", "content": "Je bent een behulpzame assistent."},
            {"role": "user", "content": "Noem drie kleuren."}]
YES_NO = 'root ::= "ja" | "nee"'
SECRET = "Geheimwoord-8812"
TOO_LONG = [{"role": "user", "content": f"{SECRET} " + "woord " * 6000}]


@pytest.fixture(scope="module", params=BACKENDS)
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(scope="module")
def backend(kind: str, request: pytest.FixtureRequest) -> LLMBackend:
    made = _backend(kind, request)
    assert isinstance(made, LLMBackend)
    return made


def _backend(kind: str, request: pytest.FixtureRequest) -> LLMBackend:
    if kind == "openai":
        proc = request.getfixturevalue("llm_process")
        return OpenAICompatBackend(f"http://127.0.0.1:{proc.port}/v1", model=MODEL_ALIAS,
                                   timeout=120)
    return make_llm(load_settings(data_dir=request.getfixturevalue("tmp_path_factory")
                                  .mktemp("llm")))


def _pieces(backend: LLMBackend, messages: list[dict[str, str]] = QUESTION, *,
            max_tokens: int = 16, grammar: str | None = None) -> list[str]:
    return list(backend.stream(messages, max_tokens=max_tokens, temperature=0.0,
                               grammar=grammar))


def test_a_backend_has_a_name(backend: LLMBackend) -> None:
    assert isinstance(backend.name, str) and backend.name


def test_a_reply_streams_as_text_pieces(backend: LLMBackend) -> None:
    pieces = _pieces(backend)
    assert pieces and all(isinstance(p, str) and p for p in pieces)
    assert "".join(pieces).strip()


def test_max_tokens_caps_the_reply(backend: LLMBackend) -> None:
    """Each streamed piece is at most one token; the cap holds whatever the model wants."""
    long = [{"role": "user", "content": "Schrijf een lang verhaal over een gemeente."}]
    assert 1 <= len(_pieces(backend, long, max_tokens=4)) <= 4
    assert len(_pieces(backend, long, max_tokens=24)) > 4


def test_temperature_zero_gives_the_same_reply_twice(backend: LLMBackend) -> None:
    assert "".join(_pieces(backend)) == "".join(_pieces(backend))


def test_a_grammar_constrains_the_reply(backend: LLMBackend) -> None:
    question = [{"role": "user", "content": "Is Amsterdam een stad? Antwoord ja of nee."}]
    assert "".join(_pieces(backend, question, max_tokens=8, grammar=YES_NO)) in ("ja", "nee")


def test_a_prompt_longer_than_the_context_fails_in_dutch(backend: LLMBackend) -> None:
    """No silent empty answer: the request fails and the user reads Dutch without the prompt."""
    with pytest.raises(Exception) as caught:  # noqa: B017 - each backend has its own type
        _pieces(backend, TOO_LONG, max_tokens=8)
    message = dutch_error(caught.value)
    assert message.endswith(".") and SECRET not in message
    assert any(w in message for w in ("niet", "probeer", "opnieuw", "te lang")), message
    if not isinstance(backend, OpenAICompatBackend):  # the server only says it broke off
        assert "te lang voor het taalmodel" in message, message


def test_the_question_after_a_failed_one_is_answered(kind: str,
                                                     request: pytest.FixtureRequest) -> None:
    """llama_cpp.server answers 200, fails inside the stream and closes the connection; the
    next question may go out on that closed, pooled connection and must still be answered."""
    backend = _backend(kind, request)  # a fresh client: earlier tests leave no state behind
    with pytest.raises(Exception):  # noqa: B017 - each backend has its own type
        _pieces(backend, TOO_LONG, max_tokens=8)
    assert "".join(_pieces(backend)).strip()
