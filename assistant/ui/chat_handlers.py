"""The chat tab's event handlers: each calls a ``ChatController`` (plain values) of the
request's collection and turns its result into the Gradio outputs of its event.

The handler names are those the app's events show (and tests look up); each is a method, so
the chat tab is a layout plus this class, not one long closure.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import gradio as gr

from assistant.access import AccessDenied
from assistant.conversations import conversation_choices
from assistant.ui import inert
from assistant.ui.chat import ChatState, ChatUpdate
from assistant.ui.context import UIContext
from assistant.ui.guide import example_labels, example_questions, guide_html
from assistant.ui.scopes import user_of
from assistant.ui.viewer import EMPTY as VIEWER_EMPTY
from assistant.ui.viewer import document_chunks, parse_request, viewer_html

log = logging.getLogger("baken.ui")

MODE_ASK = "Vraag"
MODE_SEARCH = "Zoek in documenten"


def chat_outputs(update: ChatUpdate) -> tuple[Any, Any, Any]:
    """The chat messages, the sources panel and the session state of one update."""
    return update.messages, update.panel, update.state


def _index(evt: Any) -> int:
    """The message index of a select or like event (Gradio gives [row, column] or a row)."""
    return int(evt.index[0] if isinstance(evt.index, list | tuple) else evt.index)


class ChatHandlers:
    """Questions, history, feedback, the source viewer and the guide."""

    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx

    # -- asking ------------------------------------------------------------------------------
    def take_question(self, q: str) -> tuple[Any, ...]:
        """Move the question out of the box; show Stop; the guide makes room for the
        sources (and counts as read)."""
        if not q or not q.strip():
            return "", q, gr.skip(), gr.skip(), gr.skip()
        return "", q, gr.update(visible=True), gr.update(visible=False), True

    def run_chat(self, q: str, chosen_mode: str, st: ChatState, owner_id: str,
                 chosen: str | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
        """Answer (or search) in the request's collection; the history list follows at
        the end."""
        if not q or not q.strip():
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        try:
            chat = self.ctx.scope(request, chosen).chat
        except AccessDenied as exc:
            yield (*chat_outputs(self.ctx.chat.refused(q, st, str(exc))), gr.skip())
            return
        run = chat.search if chosen_mode == MODE_SEARCH else chat.ask
        for update in run(q, st, owner_id, user=user_of(request)):
            conv = (self.conv_update(owner_id, update.state.conversation_id) if update.done
                    else gr.skip())
            yield (*chat_outputs(update), conv)

    def hide_stop(self) -> Any:
        return gr.update(visible=False)

    def on_stop(self, st: ChatState, chosen: str | None,
                request: gr.Request) -> tuple[Any, ...]:
        return (*chat_outputs(self.ctx.chat_for(request, chosen).stopped(st)),
                gr.update(visible=False))

    # -- conversations -----------------------------------------------------------------------
    def conv_update(self, owner_id: str, value: str | None) -> Any:
        """The stored conversations of ``owner_id``, with ``value`` selected."""
        conversations = self.ctx.scopes.conversations
        choices = conversation_choices(conversations.list(owner_id)) if owner_id else []
        return gr.update(choices=choices, value=value)

    def on_new(self) -> tuple[Any, ...]:
        return (*chat_outputs(self.ctx.chat.new()), gr.update(value=None),
                gr.update(visible=False))

    def on_open(self, owner_id: str, conv_id: str | None, chosen: str | None,
                request: gr.Request) -> tuple[Any, ...]:
        chat = self.ctx.chat_for(request, chosen)
        return (*chat_outputs(chat.open(owner_id, conv_id)), gr.update(visible=False))

    def on_delete(self, owner_id: str, conv_id: str | None, st: ChatState,
                  chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
        if not conv_id:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        update, message = self.ctx.chat_for(request, chosen).delete(owner_id, conv_id, st)
        value = update.state.conversation_id
        return (*chat_outputs(update), self.conv_update(owner_id, value), message)

    def on_delete_all(self, owner_id: str | None) -> tuple[Any, ...]:
        if not owner_id:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
        update, message = self.ctx.chat.delete_all(owner_id)
        return (*chat_outputs(update), self.conv_update(owner_id, None), message)

    # -- sources and feedback ----------------------------------------------------------------
    def on_select(self, st: ChatState, chosen: str | None, request: gr.Request,
                  evt: gr.SelectData) -> str:
        return self.ctx.chat_for(request, chosen).panel_for(st, _index(evt))

    def on_like(self, st: ChatState, evt: gr.LikeData) -> tuple[Any, ...]:
        new_state, message = self.ctx.chat.rate(st, _index(evt), evt.liked)
        visible = new_state.feedback_target is not None
        return new_state, gr.update(visible=visible), message, ""

    def on_comment(self, st: ChatState, text: str) -> tuple[Any, Any, Any]:
        new_state, message = self.ctx.chat.comment(st, text)
        saved = message.startswith("Uw toelichting")
        return new_state, message, "" if saved else gr.skip()

    def clear_viewer(self) -> str:
        return VIEWER_EMPTY

    def on_view(self, value: str, st: ChatState, chosen: str | None,
                request: gr.Request) -> str:
        """The clicked source in its document (anonymised), or the empty viewer."""
        wanted = parse_request(value)
        if wanted is None or not 0 <= wanted.turn < len(st.turns):
            return VIEWER_EMPTY
        turn = st.turns[wanted.turn]
        source = next((s for s in turn.sources if s.rank == wanted.rank), None)
        if source is None:
            return VIEWER_EMPTY
        try:
            scope = self.ctx.scope(request, chosen)
        except AccessDenied as exc:
            return f"<p class='baken-note'>{inert.html(str(exc))}</p>"
        try:
            chunks = document_chunks(scope.baken.store, source.source_file)
        except Exception:  # noqa: BLE001 - show the passage alone rather than fail
            log.error("document voor de bronweergave niet leesbaar")
            chunks = []
        link = scope.chat.link_for(source) if scope.chat.link_for else None
        return viewer_html(source, chunks, link)

    # -- the guide ---------------------------------------------------------------------------
    def guide_outputs(self, chosen: str | None, seen: Any, request: gr.Request,
                      force: bool = False) -> tuple[Any, ...]:
        """The guide (shown until read, or when asked for) with its example questions."""
        files: dict[str, Any] = {}
        found = self.ctx.baken_for(request, chosen)
        if found is not None:
            self.ctx.wait("opslag")
            try:
                files = dict(found.store.indexed_files())
            except Exception:  # noqa: BLE001 - the guide must never fail
                log.error("documentenlijst voor de uitleg niet leesbaar")
        labels = example_labels(example_questions(files))
        return (gr.update(visible=force or not seen), guide_html(files),
                *(gr.update(value=label, visible=bool(label)) for label in labels))

    def on_help(self, chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
        return (gr.Tabs(selected="chat"),
                *self.guide_outputs(chosen, True, request, force=True))

    def close_guide(self) -> tuple[Any, Any]:
        return gr.update(visible=False), True
