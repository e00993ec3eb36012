"""Local chat history: stored per owner, reopened, listed by date, deleted; ids are checked."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assistant.conversations import (
    ConversationStore,
    StoredSource,
    Turn,
    conversation_choices,
    new_id,
    short_date,
    valid_id,
)

OWNER = "browser-0123456789"


def _turn(question: str, answer: str = "Antwoord [1].", when: str = "") -> Turn:
    source = StoredSource(rank=1, source_file="gemeentewet.md", label="Gemeentewet, artikel 174a",
                          score=0.91, text="De burgemeester is belast met toezicht.",
                          quote="De burgemeester is belast met toezicht.", cited=True)
    kwargs = {"time": when} if when else {}
    return Turn(question=question, answer=answer, mode="vraag", sources=(source,), **kwargs)


def test_a_conversation_survives_a_new_store_object(tmp_path: Path) -> None:
    conv_id = new_id()
    ConversationStore(tmp_path).add_turn(OWNER, conv_id, _turn("Wat regelt artikel 174a?"))
    ConversationStore(tmp_path).add_turn(OWNER, conv_id, _turn("En het tweede lid?"))
    reopened = ConversationStore(tmp_path).load(OWNER, conv_id)
    assert reopened is not None
    assert [t.question for t in reopened.turns] == ["Wat regelt artikel 174a?",
                                                    "En het tweede lid?"]
    assert reopened.title == "Wat regelt artikel 174a?"
    assert reopened.turns[0].sources[0].label == "Gemeentewet, artikel 174a"
    assert reopened.turns[0].sources[0].cited
    assert reopened.history() == [("Wat regelt artikel 174a?", "Antwoord [1]."),
                                  ("En het tweede lid?", "Antwoord [1].")]


def test_list_is_newest_first_and_per_owner(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    store.add_turn(OWNER, "conv-old-0001", _turn("Oud", when="2026-11-01T10:00:00+01:00"))
    store.add_turn(OWNER, "conv-new-0002", _turn("Nieuw", when="2026-11-28T09:00:00+01:00"))
    store.add_turn("other-browser-99", "conv-else-003", _turn("Van iemand anders"))
    assert [c.title for c in store.list(OWNER)] == ["Nieuw", "Oud"]
    assert [c.title for c in store.list("other-browser-99")] == ["Van iemand anders"]


def test_delete_one_and_delete_all(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    for i in range(3):
        store.add_turn(OWNER, f"conversation-{i}", _turn(f"Vraag {i}"))
    assert store.delete(OWNER, "conversation-1")
    assert not store.delete(OWNER, "conversation-1")
    assert len(store.list(OWNER)) == 2
    assert store.delete_all(OWNER) == 2
    assert store.list(OWNER) == []
    assert not list(tmp_path.rglob("*.json"))


@pytest.mark.parametrize("bad", ["../etc", "a/b/cdefgh", "", "kort", "..%2F..%2Fx", "x" * 65,
                                 "/absolute-path"])
def test_ids_that_could_escape_the_folder_are_refused(tmp_path: Path, bad: str) -> None:
    store = ConversationStore(tmp_path / "conversations")
    assert not valid_id(bad)
    assert store.load(bad, "conversation-1") is None
    assert store.load(OWNER, bad) is None
    assert store.list(bad) == []
    assert not store.delete(OWNER, bad)
    with pytest.raises(ValueError):
        store.add_turn(OWNER, bad, _turn("x"))
    assert not (tmp_path / "etc").exists()


def test_a_symlinked_conversation_file_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.json"
    secret.write_text('{"title": "geheim", "turns": []}')
    folder = tmp_path / "conversations" / OWNER
    folder.mkdir(parents=True)
    (folder / "linked-conversation.json").symlink_to(secret)
    assert ConversationStore(tmp_path / "conversations").load(OWNER, "linked-conversation") is None


def test_labels_say_today_yesterday_or_the_date() -> None:
    now = datetime(2026, 11, 29, 15, 0).astimezone()
    assert short_date((now - timedelta(hours=1)).isoformat(), now) == "vandaag 14:00"
    assert short_date((now - timedelta(days=1)).isoformat(), now).startswith("gisteren")
    assert short_date("2026-10-03T08:05:00", now.replace(tzinfo=None)) == "03-10-2026 08:05"
    store_title = "Mag de burgemeester een woning sluiten?"
    from assistant.conversations import Conversation

    conv = Conversation("conv-1234567", OWNER, now.isoformat(), now.isoformat(), store_title)
    assert conversation_choices([conv], now) == [(f"vandaag 15:00 — {store_title}", "conv-1234567")]


def test_long_questions_get_a_short_title(tmp_path: Path) -> None:
    store = ConversationStore(tmp_path)
    conv = store.add_turn(OWNER, "conversation-9", _turn("woord " * 50))
    assert len(conv.title) <= 80 and conv.title.endswith("…")
