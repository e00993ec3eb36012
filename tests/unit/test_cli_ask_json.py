"""``baken ask --json`` and ``search --json`` give per source what the source card shows: which
shown passage refers to it (``referred_by``, its [n]) and where its near-duplicates stand
(``also_in``)."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest

import assistant.cli
from assistant.cli import main
from assistant.core.schema import Answer, Locator, RetrievalResult, Source

SOURCES = (
    Source(rank=1, chunk_id="beleid", text="Op grond van artikel 13b Opiumwet ...",
           locator=Locator("damocles.md", "Beleidsregel Damocles", article="2"), score=0.9,
           also_in=("Damoclesbeleid Ede, artikel 2", "Damoclesbeleid Epe, artikel 3")),
    Source(rank=2, chunk_id="wet", text="De burgemeester is bevoegd ...",
           locator=Locator("opiumwet.md", "Opiumwet", article="13b"), score=0.85,
           referred_by=1),
)


@pytest.fixture
def fake_baken(monkeypatch: pytest.MonkeyPatch) -> None:
    answer = Answer(question="q", text="Ja [1][2].", refused=False, citations=(),
                    sources=SOURCES, model="test", timings={})

    def ask_complete(question: str, **_: Any) -> Answer:
        return answer

    def audited_search(question: str, *_: Any, **__: Any) -> tuple[RetrievalResult, list[str]]:
        return RetrievalResult(sources=SOURCES, relevant=True, best_score=0.9, seconds=0.01), []

    baken = SimpleNamespace(assistant=SimpleNamespace(ask_complete=ask_complete),
                            audited_search=audited_search)
    monkeypatch.setattr(assistant.cli, "_baken", lambda args: baken)
    monkeypatch.setattr(assistant.cli, "model_json", lambda baken: {})


def test_ask_json_says_which_source_refers_to_which_and_where_the_copies_are(
        fake_baken: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "Mag de burgemeester een drugspand sluiten?", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)["sources"]
    assert [s["referred_by"] for s in sources] == [None, 1]
    assert sources[0]["also_in"] == ["Damoclesbeleid Ede, artikel 2",
                                     "Damoclesbeleid Epe, artikel 3"]
    assert sources[1]["also_in"] == []


def test_search_json_gives_the_same_relations(fake_baken: None,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "Mag de burgemeester een drugspand sluiten?", "--json"]) == 0
    sources = json.loads(capsys.readouterr().out)
    assert [(s["referred_by"], len(s["also_in"])) for s in sources] == [(None, 2), (1, 0)]
