"""Chat handlers without Gradio types: questions, search, history and feedback.

Each public method takes plain values (the question, the session state, the owner id) and
returns or yields plain values, so the whole chat can be tested by calling it directly.
The session state holds one ``Turn`` per question; the chat shows two messages per turn.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass, field, replace

from assistant.app import Baken
from assistant.conversations import (
    ConversationStore,
    Flag,
    StoredSource,
    Turn,
    new_id,
    valid_id,
)
from assistant.core.protocols import AnonymizationError
from assistant.core.schema import Answer, RetrievalResult, Source
from assistant.errors import dutch_error
from assistant.feedback import FeedbackStore, Rating
from assistant.service import Event, EvidenceFound, Finished, SourcesFound, TextDelta
from assistant.ui.formatting import LinkFor, Message, Stage, turn_messages, turn_panel
from assistant.ui.progress import ticking
from assistant.ui.warmup import Warmup
from guardrails.citations import check_citations
from guardrails.input import QuestionRejected

log = logging.getLogger("baken.ui")

SEARCH_K = 8
TICK_S = 1.0  # how often the elapsed seconds are refreshed while Baken works
LEAD_NOTE = ("_De letterlijke tekst uit de bronnen staat hieronder; het taalmodel leest die en "
             "schrijft er een kort antwoord boven (dat duurt op een gewone pc 5 à 15 seconden)…_")
STARTING = "_Baken start nog op (documentindex, anonimiseerder en taalmodel worden geladen)…_"


@dataclass
class ChatState:
    """What one browser tab holds: the open conversation and its turns."""

    conversation_id: str | None = None
    turns: list[Turn] = field(default_factory=list)
    feedback: dict[int, str] = field(default_factory=dict)  # turn index -> feedback id
    feedback_target: int | None = None  # the turn a comment will be attached to
    streaming: bool = False  # the last turn is still being written

    def copy(self) -> ChatState:
        return ChatState(self.conversation_id, list(self.turns), dict(self.feedback),
                         self.feedback_target, self.streaming)

    def history(self) -> list[tuple[str, str]]:
        """(question, answer) pairs of answered turns, for follow-up questions."""
        return [(t.question, t.answer) for t in self.turns
                if t.mode == "vraag" and t.answer and not t.stopped]


@dataclass(frozen=True)
class ChatUpdate:
    """One screen update: the chat messages, the sources panel and the new state."""

    messages: list[Message]
    panel: str
    state: ChatState
    done: bool = False
    stage: Stage | None = None  # what Baken is doing now (None when nothing runs)


def stored_sources(sources: tuple[Source, ...], quotes: dict[int, str] | None = None
                   ) -> tuple[StoredSource, ...]:
    """Sources as stored; ``quotes`` maps citation number (1-based position) to its quote."""
    quotes = quotes or {}
    return tuple(StoredSource.from_source(s, quotes.get(i), i in quotes)
                 for i, s in enumerate(sources, start=1))


def turn_from_answer(answer: Answer) -> Turn:
    """A finished answer as a turn: cited sources with their quotes, unsupported sentences."""
    quotes = {c.n: c.quote for c in answer.citations}
    flags: tuple[Flag, ...] = ()
    if not answer.refused and answer.sources:
        report = check_citations(answer.text, answer.sources)
        flags = tuple(Flag(c.sentence, c.reason) for c in report.unsupported)
    return Turn(question=answer.question, answer=answer.text, mode="vraag",
                sources=stored_sources(answer.sources, quotes), flags=flags,
                warnings=tuple(answer.warnings), model=answer.model, refused=answer.refused,
                rewritten_query=answer.rewritten_query)


class _AskRun:
    """One question being answered: its turn in the state, the stage shown, what was written.

    ``take`` applies a service event to the turn; ``guarded`` turns true with the first event,
    which carries the question as the service guarded it (identifiers replaced).
    """

    def __init__(self, state: ChatState, question: str) -> None:
        self.state = state
        self.history = state.history()
        self.turn = Turn(question=question.strip(), answer="", mode="vraag")
        state.turns.append(self.turn)
        self.index = len(state.turns) - 1
        self.saved = self.guarded = False
        self.text = self.evidence = ""
        self.started = time.monotonic()
        self.stage = Stage("zoeken", 0.0)

    def put(self, turn: Turn) -> None:
        self.turn = turn
        self.state.turns[self.index] = turn

    def at(self, name: str, count: int | None = None) -> Stage:
        """The stage ``name`` with the elapsed seconds (and the sources counted so far)."""
        return Stage(name, time.monotonic() - self.started,
                     count if count is not None else self.stage.sources)

    def take(self, event: Event | None) -> None:
        """The turn and stage after one event (``None``: only the seconds move on)."""
        turn = self.turn
        if event is None:
            self.stage = self.at(self.stage.name)
        elif isinstance(event, SourcesFound):
            self.guarded = True
            self.put(replace(turn, question=event.question, warnings=event.warnings,
                             sources=stored_sources(event.sources), refused=not event.relevant))
            self.stage = self.at("bronnen", len(event.sources))
        elif isinstance(event, EvidenceFound):
            self.evidence = event.markdown
            self.put(replace(turn, answer=f"{LEAD_NOTE}\n\n{self.evidence}"))
            self.stage = self.at("bronnen")  # the model now reads these quotes
        elif isinstance(event, TextDelta):
            self.text += event.text
            answer = f"{self.text}\n\n{self.evidence}" if self.evidence else self.text
            self.put(replace(turn, answer=answer))
            self.stage = self.at("schrijven")

    def fail(self, message: str, *, keep: bool = False) -> None:
        """The turn as an error (``keep``: its sources and warnings stay); never stored."""
        base = self.turn if keep else Turn(question=self.turn.question, answer="", mode="fout")
        self.put(replace(base, answer=message, mode="fout"))
        self.saved = True


class ChatController:
    """The chat's behaviour over one ``Baken``: ask, search, reopen, delete, rate."""

    def __init__(self, baken: Baken, conversations: ConversationStore,
                 feedback: FeedbackStore, *, warmup: Warmup | None = None,
                 link_for: LinkFor | None = None,
                 on_search: Callable[[str | None, str, RetrievalResult], None] | None = None
                 ) -> None:
        self.baken = baken
        self.conversations = conversations
        self.feedback = feedback
        self.warmup = warmup
        self.link_for = link_for
        self.on_search = on_search  # the access log: (login, question as typed, result)

    # -- asking ------------------------------------------------------------------------------
    def _update(self, state: ChatState, *, streaming: bool = False, done: bool = False,
                panel: str | None = None, stage: Stage | None = None) -> ChatUpdate:
        last = state.turns[-1] if state.turns else None
        state.streaming = streaming and not done
        shown = stage if streaming and not done else None
        return ChatUpdate(
            messages=turn_messages(state.turns, streaming_last=streaming, stage=shown),
            panel=panel if panel is not None else turn_panel(last, self.link_for,
                                                             turn_index=len(state.turns) - 1),
            state=state, done=done, stage=shown)

    def _wait_for(self, name: str) -> bool:
        """True when the part was not ready yet (the caller showed a 'starting' note)."""
        return self.warmup is not None and not self.warmup.ready(name)

    def _save(self, owner: str, state: ChatState, turn: Turn) -> None:
        if not valid_id(owner):
            return
        if state.conversation_id is None:
            state.conversation_id = new_id()
        try:
            self.conversations.add_turn(owner, state.conversation_id, turn)
        except OSError as exc:
            log.error("gesprek opslaan mislukt: %s", type(exc).__name__)

    def ask(self, question: str, state: ChatState, owner: str,
            user: str | None = None) -> Generator[ChatUpdate, None, None]:
        """Stream an answer with sources; stores the turn (anonymised) when it ends.

        The service guards (anonymises) the question once; from its first event on the turn
        shows and stores that guarded question, never the question as typed.
        """
        run = _AskRun(state.copy(), question)
        try:
            yield self._update(run.state, streaming=True, stage=run.stage)
            yield from self._starting(run)
            events = self.baken.assistant.ask(question, run.history, user=user)
            for event in ticking(events, TICK_S):
                if isinstance(event, Finished):
                    run.put(turn_from_answer(event.answer))
                    self._save(owner, run.state, run.turn)
                    run.saved = True
                    yield self._update(run.state, done=True)
                else:
                    run.take(event)
                    yield self._update(run.state, streaming=True, stage=run.stage)
        except QuestionRejected as exc:
            run.fail(str(exc))
            yield self._update(run.state, done=True)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            run.fail(dutch_error(exc), keep=True)
            yield self._update(run.state, done=True)
        finally:
            if not run.saved and run.guarded and run.turn.answer:
                # stopped by the user: keep what was written, marked as incomplete
                self._save(owner, run.state, replace(run.turn, stopped=True))

    def _starting(self, run: _AskRun) -> Iterator[ChatUpdate]:
        """While the model still loads: a 'starting' note, then wait for it."""
        if self._wait_for("taalmodel"):
            turn = run.turn
            run.put(replace(turn, answer=STARTING))
            yield self._update(run.state, streaming=True, stage=run.at("opstarten"))
            run.put(turn)
        if self.warmup is not None:
            self.warmup.wait("taalmodel")

    def search(self, question: str, state: ChatState, owner: str,
               user: str | None = None) -> Generator[ChatUpdate, None, None]:
        """Passages only, no model: instant, and stored like an answer; audited through
        ``on_search`` before anything is shown."""
        state = state.copy()
        turn = Turn(question=question.strip(), answer="", mode="zoek")
        state.turns.append(turn)
        index = len(state.turns) - 1
        try:
            yield self._update(state, streaming=True)
            if self.warmup is not None:
                self.warmup.wait("index")
            guarded = self.baken.assistant.guard(question)  # the one anonymisation
            result = self.baken.assistant.retrieve(guarded, SEARCH_K)
            if self.on_search is not None:
                self.on_search(user, question, result)
            turn = Turn(question=guarded.text, answer="", mode="zoek",
                        sources=stored_sources(result.sources), warnings=guarded.warnings,
                        refused=not result.relevant)
            state.turns[index] = turn
            self._save(owner, state, turn)
        except QuestionRejected as exc:
            state.turns[index] = Turn(question=question.strip(), answer=str(exc), mode="fout")
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            state.turns[index] = Turn(question=question.strip(), answer=dutch_error(exc),
                                      mode="fout")
        yield self._update(state, done=True)

    def refused(self, question: str, state: ChatState, message: str) -> ChatUpdate:
        """The question answered with ``message`` only (no search, no model, not stored)."""
        state = state.copy()
        state.turns.append(Turn(question=question.strip(), answer=message, mode="fout"))
        return self._update(state, done=True)

    def stopped(self, state: ChatState) -> ChatUpdate:
        """After the stop button: the unfinished answer is shown as stopped."""
        state = state.copy()
        if state.streaming and state.turns:
            last = state.turns[-1]
            if last.mode == "zoek":
                state.turns[-1] = replace(last, mode="fout", answer="Zoeken gestopt.")
            else:
                answer = "" if last.answer == STARTING else last.answer
                state.turns[-1] = replace(last, answer=answer, stopped=True)
        return self._update(state, done=True)

    # -- conversations -----------------------------------------------------------------------
    def new(self) -> ChatUpdate:
        """An empty chat; the next question starts a new stored conversation."""
        return self._update(ChatState())

    def open(self, owner: str, conversation_id: str | None) -> ChatUpdate:
        """Reopen a stored conversation; later questions continue it."""
        conversation = (self.conversations.load(owner, conversation_id)
                        if conversation_id else None)
        if conversation is None:
            return self.new()
        return self._update(ChatState(conversation.id, list(conversation.turns)))

    def delete(self, owner: str, conversation_id: str | None, state: ChatState
               ) -> tuple[ChatUpdate, str]:
        """Delete a stored conversation; the open chat is cleared when it was that one."""
        if not conversation_id or not self.conversations.delete(owner, conversation_id):
            return self._update(state), "Kies eerst een gesprek om te verwijderen."
        if state.conversation_id == conversation_id:
            return self.new(), "Het gesprek is verwijderd."
        return self._update(state), "Het gesprek is verwijderd."

    def delete_all(self, owner: str) -> tuple[ChatUpdate, str]:
        removed = self.conversations.delete_all(owner)
        return self.new(), f"{removed} gesprek(ken) verwijderd."

    def panel_for(self, state: ChatState, message_index: int) -> str:
        """The sources panel of the answer the user clicked (two messages per turn)."""
        turn_index = message_index // 2
        if 0 <= turn_index < len(state.turns):
            return turn_panel(state.turns[turn_index], self.link_for, turn_index=turn_index)
        return turn_panel(None, self.link_for)

    # -- feedback ----------------------------------------------------------------------------
    def rate(self, state: ChatState, message_index: int, liked: bool | str | None
             ) -> tuple[ChatState, str]:
        """Thumbs up/down on an answer (again on the same thumb: withdrawn)."""
        state = state.copy()
        turn_index = message_index // 2
        if not 0 <= turn_index < len(state.turns):
            return state, ""
        turn = state.turns[turn_index]
        if turn.mode == "fout" or not turn.question:
            return state, "Een foutmelding kunt u niet beoordelen."
        rating: Rating | None = _rating(liked)
        existing = state.feedback.get(turn_index) or _answer_id(state, turn_index)
        if rating is None:
            if existing:
                self.feedback.remove(existing)
                state.feedback.pop(turn_index, None)
            state.feedback_target = None
            return state, "Uw beoordeling is ingetrokken."
        if existing and self.feedback.update(existing, rating=rating):
            feedback_id = existing
        else:
            answer = turn.answer if turn.mode == "vraag" else _search_summary(turn)
            feedback_id = self.feedback.record(
                question=turn.question, answer=answer, rating=rating, model=turn.model,
                sources=[{"source_file": s.source_file, "locator": s.label}
                         for s in turn.sources], feedback_id=existing)
        state.feedback[turn_index] = feedback_id
        state.feedback_target = turn_index
        thanks = "Dank u wel!" if rating == "up" else "Dank u wel; dit helpt Baken verbeteren."
        return state, f"{thanks} Wilt u nog toelichten wat er goed of mis was? (optioneel)"

    def comment(self, state: ChatState, text: str) -> tuple[ChatState, str]:
        """Attach a comment to the answer that was rated last."""
        target = state.feedback_target
        feedback_id = state.feedback.get(target) if target is not None else None
        if not text.strip():
            return state, "Typ eerst een toelichting."
        try:
            saved = feedback_id is not None and self.feedback.update(feedback_id, comment=text)
        except AnonymizationError:
            log.error("toelichting niet opgeslagen: anonimiseren mislukt")
            return state, ("Het anonimiseren van uw toelichting is mislukt; daarom is die niet "
                           "opgeslagen. Probeer het later opnieuw.")
        if not saved:
            return state, "Beoordeel eerst een antwoord met duim omhoog of omlaag."
        return state, "Uw toelichting is opgeslagen. Dank u wel!"


def _answer_id(state: ChatState, turn_index: int) -> str | None:
    """A feedback id for one answer of a stored conversation (the same after reopening it),
    so a second rating replaces the first; None for an answer that was not stored."""
    if state.conversation_id is None:
        return None
    key = f"{state.conversation_id}:{turn_index}".encode()
    return hashlib.sha256(key).hexdigest()[:16]


def _rating(liked: bool | str | None) -> Rating | None:
    if liked is True or liked == "Like":
        return "up"
    if liked is False or liked == "Dislike":
        return "down"
    return None


def _search_summary(turn: Turn) -> str:
    return "\n".join(f"[{s.rank}] {s.label}" for s in turn.sources)
