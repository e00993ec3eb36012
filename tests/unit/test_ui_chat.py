"""The chat handlers called directly: streaming, stop, search without model, history, feedback."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from assistant.conversations import ConversationStore
from assistant.feedback import FeedbackStore
from assistant.llm.fake import ScriptedLLM
from assistant.service import Assistant
from assistant.ui.chat import ChatController, ChatState
from tests.fakes import FixedRetriever, RegexAnonymizer, source

OWNER = "browser-test-0001"
PASSAGE = ("De burgemeester kan besluiten een woning te sluiten als de openbare orde wordt "
           "verstoord.")
REPLY = ("De burgemeester kan een woning sluiten als de openbare orde wordt verstoord [1]. "
         "Dat duurt altijd 99 weken [1].")


class RecordingAssistant(Assistant):
    """The real Assistant, recording the history it is given."""

    histories: list[list[tuple[str, str]]]

    def ask(self, question: str, history: Any = (), filters: Any = None,
            user: str | None = None) -> Any:
        self.histories.append(list(history))
        return super().ask(question, history, filters, user=user)


class CountingAnonymizer(RegexAnonymizer):
    """The fake anonymiser, recording each text it is asked to redact."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def redact(self, texts: Any) -> Any:
        self.texts.extend(texts)
        return super().redact(texts)


def _controller(tmp_path: Path, *, relevant: bool = True, llm: ScriptedLLM | None = None,
                broken: bool = False) -> ChatController:
    def factory() -> ScriptedLLM:
        if broken:
            raise MemoryError
        if llm is None:
            raise AssertionError("the model must not be loaded")
        return llm

    retriever = FixedRetriever([source(1, PASSAGE), source(2, "Iets anders.", "175")], relevant)
    # strategy 'grammar' hands the model's text to the checks unchanged, so the flagging of an
    # unsupported sentence is what these tests see
    assistant = RecordingAssistant(retriever, CountingAnonymizer(), factory,
                                   max_question_chars=200, strategy="grammar")
    assistant.histories = []
    # the chat reaches the anonymiser only through the service
    baken = SimpleNamespace(assistant=assistant)
    return ChatController(baken, ConversationStore(tmp_path / "conversations"),  # type: ignore[arg-type]
                          FeedbackStore(tmp_path / "feedback.jsonl", RegexAnonymizer()))


def _stored_text(tmp_path: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in tmp_path.rglob("*.json*"))


def test_answer_streams_with_sources_and_is_stored_anonymised(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    updates = list(chat.ask("Mag de burgemeester woning 123456789 sluiten?", ChatState(), OWNER))
    answers = [u.messages[-1]["content"] for u in updates]
    assert len(updates) > 5 and updates[-1].done
    assert any(0 < len(a) < len(answers[-1]) for a in answers)  # it grew while streaming
    assert "Gemeentewet, artikel 172a" in updates[1].panel  # sources before the text
    final = updates[-1]
    assert "123456789" not in final.messages[0]["content"]
    assert "[BSN-1]" in final.messages[0]["content"]
    assert "<mark>" in final.panel and "aangehaald" in final.panel
    assert '<mark class="baken-flag"' in final.messages[-1]["content"]  # 99 weken is flagged
    stored = _stored_text(tmp_path)
    assert "[BSN-1]" in stored and "123456789" not in stored
    [conv] = chat.conversations.list(OWNER)
    assert conv.id == final.state.conversation_id and conv.turns[0].answer == REPLY


@pytest.mark.parametrize("search", [False, True])
def test_each_question_is_anonymised_once_and_never_stored_as_typed(tmp_path: Path,
                                                                   search: bool) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    question = "Mag de burgemeester woning 123456789 sluiten?"
    run = chat.search if search else chat.ask
    *_, final = run(question, ChatState(), OWNER)
    anonymizer = chat.baken.assistant.anonymizer
    assert isinstance(anonymizer, CountingAnonymizer)
    assert anonymizer.texts == [question]  # once, not by the chat and again by the service
    [turn] = final.state.turns
    assert turn.question == "Mag de burgemeester woning [BSN-1] sluiten?" and turn.warnings
    stored = _stored_text(tmp_path)
    assert "[BSN-1]" in stored and "123456789" not in stored


def test_follow_up_questions_get_the_history_and_continue_the_conversation(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    first = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER))[-1].state
    second = list(chat.ask("En hoe lang?", first, OWNER))[-1].state
    histories = chat.baken.assistant.histories  # type: ignore[attr-defined]
    assert histories[0] == []
    assert histories[1] == [("Mag de burgemeester sluiten?", REPLY)]
    assert second.conversation_id == first.conversation_id
    assert len(chat.conversations.list(OWNER)) == 1
    assert len(second.turns) == 2


def test_stop_keeps_the_partial_answer_marked_as_stopped(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    stream = chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER)
    seen = [next(stream) for _ in range(5)]
    stream.close()  # what the stop button does to the running handler
    partial = seen[-1].messages[-1]["content"]
    [conv] = chat.conversations.list(OWNER)
    assert conv.turns[0].stopped
    assert conv.turns[0].answer and conv.turns[0].answer in REPLY
    assert conv.turns[0].answer.strip() in partial


def test_the_screen_shows_stopped_only_for_an_unfinished_answer(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    stream = chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER)
    midway = [next(stream) for _ in range(4)][-1].state
    stream.close()
    assert "gestopt" in chat.stopped(midway).messages[-1]["content"]
    finished = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER))[-1].state
    assert "gestopt" not in chat.stopped(finished).messages[-1]["content"]


def test_search_mode_returns_passages_without_loading_the_model(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=None)  # loading the model would raise
    update = list(chat.search("woning sluiten", ChatState(), OWNER))[-1]
    assert "Gevonden passages" in update.messages[-1]["content"]
    assert "Gemeentewet, artikel 172a" in update.panel
    [conv] = chat.conversations.list(OWNER)
    assert conv.turns[0].mode == "zoek"


def test_irrelevant_search_says_so(tmp_path: Path) -> None:
    chat = _controller(tmp_path, relevant=False)
    update = list(chat.search("hondenbelasting", ChatState(), OWNER))[-1]
    assert "misschien relevant" in update.messages[-1]["content"]


def test_rejected_question_shows_the_dutch_reason_and_is_not_stored(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    update = list(chat.ask("x" * 500, ChatState(), OWNER))[-1]
    assert "maximum is 200 tekens" in update.messages[-1]["content"]
    assert chat.conversations.list(OWNER) == []


def test_unexpected_errors_are_dutch_without_a_stack_trace(tmp_path: Path) -> None:
    chat = _controller(tmp_path, broken=True)
    update = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER))[-1]
    text = update.messages[-1]["content"]
    assert "Onvoldoende geheugen" in text and "Traceback" not in text
    assert chat.conversations.list(OWNER) == []


def test_reopen_new_and_delete_conversations(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    state = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER))[-1].state
    conv_id = state.conversation_id
    reopened = chat.open(OWNER, conv_id)
    assert reopened.state.conversation_id == conv_id
    assert reopened.messages[0]["content"] == "Mag de burgemeester sluiten?"
    assert "Gemeentewet" in reopened.panel
    assert chat.open("someone-else-0001", conv_id).messages == []
    assert chat.new().messages == [] and chat.new().state.conversation_id is None
    cleared, message = chat.delete(OWNER, conv_id, reopened.state)
    assert cleared.messages == [] and "verwijderd" in message
    assert chat.conversations.list(OWNER) == []


def test_clicking_an_earlier_answer_shows_its_sources(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    state = list(chat.search("woning sluiten", ChatState(), OWNER))[-1].state
    state = list(chat.ask("Mag de burgemeester sluiten?", state, OWNER))[-1].state
    assert "Gevonden passages" in chat.panel_for(state, 1)
    assert "Gevonden passages" not in chat.panel_for(state, 3)


@pytest.mark.parametrize("liked,rating", [(True, "up"), (False, "down")])
def test_thumbs_and_comment_end_up_in_one_feedback_line(tmp_path: Path, liked: bool,
                                                        rating: str) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    state = list(chat.ask("Mag de burgemeester 123456789 sluiten?", ChatState(), OWNER))[-1].state
    state, message = chat.rate(state, 1, liked)
    assert "toelichten" in message
    state, message = chat.comment(state, "Bron klopt, termijn niet")
    assert "opgeslagen" in message
    lines = (tmp_path / "feedback.jsonl").read_text(encoding="utf-8").splitlines()
    [entry] = [json.loads(line) for line in lines]
    assert entry["rating"] == rating and entry["comment"] == "Bron klopt, termijn niet"
    assert entry["question"] == "Mag de burgemeester [BSN-1] sluiten?"
    assert entry["answer"] == REPLY and entry["model"] == "scripted-test-model"
    assert entry["sources"][0] == {"source_file": "gemeentewet.md",
                                   "locator": "Gemeentewet, artikel 172a"}
    state, _ = chat.rate(state, 1, None)
    assert (tmp_path / "feedback.jsonl").read_text(encoding="utf-8") == ""


def test_a_comment_is_stored_anonymised_and_kept_out_when_that_fails(tmp_path: Path) -> None:
    chat = _controller(tmp_path, llm=ScriptedLLM(REPLY))
    state = list(chat.ask("Mag de burgemeester sluiten?", ChatState(), OWNER))[-1].state
    state, _ = chat.rate(state, 1, False)
    state, message = chat.comment(state, "Gaat over BSN 123456789")
    assert "opgeslagen" in message
    feedback = tmp_path / "feedback.jsonl"
    assert "123456789" not in feedback.read_text(encoding="utf-8")
    assert json.loads(feedback.read_text(encoding="utf-8"))["comment"] == "Gaat over BSN [BSN-1]"

    def broken(texts: object) -> object:
        raise RuntimeError("anonimiseerder weg")

    chat.feedback._anonymizer.redact = broken  # type: ignore[union-attr,method-assign]
    state, message = chat.comment(state, "Nu over BSN 987654321")
    assert message.startswith("Het anonimiseren van uw toelichting is mislukt")
    assert "987654321" not in feedback.read_text(encoding="utf-8")


def test_comment_without_rating_asks_for_a_rating_first(tmp_path: Path) -> None:
    chat = _controller(tmp_path)
    _, message = chat.comment(ChatState(), "los commentaar")
    assert "Beoordeel eerst" in message
    assert not (tmp_path / "feedback.jsonl").exists()
