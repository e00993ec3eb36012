"""The answer prompt numbers the sources and carries the Dutch citation rules."""

from __future__ import annotations

from assistant.core.schema import Locator, Source
from assistant.service import REFUSAL as SERVICE_REFUSAL
from prompts import REFUSAL, load_prompt, split_front_matter


def test_answer_prompt_numbers_sources_and_asks_for_citations() -> None:
    prompt = load_prompt("answer")
    sources = [Source(rank=i, chunk_id=str(i), score=0.9, text=f"tekst {i}",
                      locator=Locator("f.md", "Gemeentewet", article=f"17{i}"))
               for i in (1, 2)]
    messages = prompt.messages(question="Wat mag de burgemeester?", sources=sources)
    assert [m["role"] for m in messages] == ["system", "user"]
    assert "[n]" not in messages[1]["content"]
    assert "[1] Gemeentewet, artikel 171" in messages[1]["content"]
    assert "[2] Gemeentewet, artikel 172" in messages[1]["content"]
    assert "Dit staat niet in de beschikbare documenten" in messages[0]["content"]
    assert messages[1]["content"].count("Vraag: Wat mag de burgemeester?") == 1


def test_front_matter_is_parsed() -> None:
    header, body = split_front_matter("---\nname: x\n---\nhallo")
    assert header == {"name": "x"} and body == "hallo"


def test_the_answer_prompt_asks_for_the_refusal_the_assistant_recognises() -> None:
    assert REFUSAL == "Dit staat niet in de beschikbare documenten."
    system = load_prompt("answer").messages(question="Wat is een gebiedsverbod?",
                                            sources=[])[0]["content"]
    assert f'zeg dan: "{REFUSAL}"' in system
    assert SERVICE_REFUSAL == REFUSAL, "the assistant would not see the model's refusal as one"
