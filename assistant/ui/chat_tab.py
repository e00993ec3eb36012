"""The chat tab and the conversations sidebar: layout, and which handler each event calls.

The handlers are ``ChatHandlers`` methods; this module only places components and wires them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.ui.chat_handlers import MODE_ASK, MODE_SEARCH, ChatHandlers
from assistant.ui.guide import LIMITS
from assistant.ui.viewer import EMPTY as VIEWER_EMPTY

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
PLACEHOLDER = (
    "**Stel een vraag** over de regels en het beleid in uw documenten, bijvoorbeeld: "
    "*Wanneer mag de burgemeester een woning sluiten?* Elk antwoord toont rechts de bronnen; "
    "klik op een bron of op [1] in het antwoord om de passage in het document te zien."
)
QUESTION_HINT = "Typ uw vraag; Enter verstuurt, Shift+Enter voor een nieuwe regel"
# each returns every input of its event (the collection last), the confirmed one or null
CONFIRM_CONV = ("(owner, conv, state, coll) => [owner, (conv && confirm('Dit gesprek "
                "verwijderen?')) ? conv : null, state, coll]")
CONFIRM_ALL = ("(owner) => confirm('Al uw bewaarde gesprekken verwijderen? Dit kan niet ongedaan "
               "worden gemaakt.') ? owner : null")


@dataclass
class Session:
    """Per browser tab: the history owner, the chat state, the question being sent, the
    collection picked, and whether the guide was read."""

    owner: Any
    state: Any
    pending: Any
    collection: Any
    guide_seen: Any


@dataclass
class Sidebar:
    """The stored conversations: new, reopen, delete one, delete all."""

    new: Any
    conversations: Any
    delete: Any
    delete_all: Any
    message: Any


@dataclass
class ChatTab:
    """The chat tab's components that handlers read or fill."""

    mode: Any
    chat: Any
    feedback: Any
    feedback_message: Any
    feedback_text: Any
    feedback_save: Any
    question: Any
    send: Any
    stop: Any
    guide: Any
    guide_docs: Any
    examples: list[Any]
    guide_close: Any
    viewer: Any
    viewer_ask: Any
    panel: Any

    @property
    def guide_io(self) -> list[Any]:
        return [self.guide, self.guide_docs, *self.examples]


def build_sidebar() -> Sidebar:
    """The conversations sidebar."""
    with gr.Sidebar(label="Gesprekken", open=True, elem_id="baken-zijbalk"):
        gr.Markdown("### Gesprekken")
        new = gr.Button("+ Nieuw gesprek", elem_id="baken-nieuw")
        conversations = gr.Radio(choices=[], label="Eerdere gesprekken", value=None,
                                 elem_id="baken-gesprekken")
        delete = gr.Button("Verwijder dit gesprek", size="sm", elem_id="baken-wis-gesprek")
        delete_all = gr.Button("Verwijder alle gesprekken", size="sm", variant="stop",
                               elem_id="baken-wis-alles")
        message = gr.Markdown(elem_id="baken-gesprekken-melding")
        gr.Markdown("<small>Gesprekken worden alleen op de Baken-server van uw gemeente "
                    "bewaard, met geanonimiseerde vragen.</small>")
    return Sidebar(new, conversations, delete, delete_all, message)


def _conversation_column() -> dict[str, Any]:
    """The mode, the chat, the comment box under it and the question box."""
    c: dict[str, Any] = {}
    c["mode"] = gr.Radio([MODE_ASK, MODE_SEARCH], value=MODE_ASK, label="Wat wilt u doen?",
                         elem_id="baken-modus",
                         info="Vraag: antwoord met bronnen. Zoek in documenten: "
                         "alleen de passages, zonder taalmodel (direct).")
    c["chat"] = gr.Chatbot(label="Gesprek", height="calc(100vh - 470px)", min_height=260,
                           elem_id="baken-chat", placeholder=PLACEHOLDER, buttons=["copy"],
                           feedback_options=("Like", "Dislike"))
    # right under the answers, so the comment box opens by the rated answer
    # a Column: a Group repeats its elem_id on an inner element
    with gr.Column(visible=False, elem_id="baken-feedback") as c["feedback"]:
        c["feedback_message"] = gr.Markdown(elem_id="baken-feedback-melding")
        c["feedback_text"] = gr.Textbox(label="Toelichting (optioneel)", lines=2,
                                        elem_id="baken-toelichting")
        c["feedback_save"] = gr.Button("Toelichting opslaan", size="sm",
                                       elem_id="baken-toelichting-opslaan")
    with gr.Row():
        c["question"] = gr.Textbox(label="Uw vraag", scale=5, lines=1, max_lines=6,
                                   placeholder=QUESTION_HINT, elem_id="baken-vraag")
        with gr.Column(scale=1, min_width=120):
            c["send"] = gr.Button("Verstuur", variant="primary", elem_id="baken-verstuur")
            c["stop"] = gr.Button("Stop", variant="stop", visible=False, elem_id="baken-stop")
    return c


def _sources_column(first_panel: str) -> dict[str, Any]:
    """The guide (with example questions), the source viewer and the sources panel."""
    c: dict[str, Any] = {}
    with gr.Column(visible=False, elem_id="baken-gids") as c["guide"]:
        c["guide_docs"] = gr.HTML(elem_id="baken-gids-documenten")
        gr.Markdown("**Probeer een voorbeeldvraag** (klik om te versturen):",
                    elem_id="baken-gids-voorbeelden")
        c["examples"] = [gr.Button("", size="sm", visible=False, elem_id=f"baken-voorbeeld-{i}")
                         for i in range(1, 4)]
        gr.Markdown(LIMITS, elem_id="baken-gids-grenzen")
        c["guide_close"] = gr.Button("Begrepen, sluit deze uitleg", size="sm",
                                     elem_id="baken-gids-sluit")
    c["viewer"] = gr.HTML(VIEWER_EMPTY, elem_id="baken-viewer")
    c["viewer_ask"] = gr.Textbox(label="Bron tonen", visible="hidden",
                                 elem_id="baken-viewer-vraag")
    c["panel"] = gr.HTML(first_panel, elem_id="baken-bronnen")
    return c


def build_chat_tab(first_panel: str) -> ChatTab:
    """The chat tab: the conversation on the left, the guide and sources on the right."""
    with gr.Tab("Chat", id="chat", elem_id="baken-tab-chat"), gr.Row(equal_height=False):
        with gr.Column(scale=3):
            left = _conversation_column()
        with gr.Column(scale=2, elem_id="baken-bronnen-kolom"):
            right = _sources_column(first_panel)
    return ChatTab(**left, **right)


def wire_asking(tab: ChatTab, session: Session, handlers: ChatHandlers,
                conversations: Any) -> None:
    """Enter, the send button and the example questions ask; Stop cancels every answer."""
    h, s = handlers, session
    inputs = [s.pending, tab.mode, s.state, s.owner, s.collection]
    outputs = [tab.chat, tab.panel, s.state, conversations]
    taken = [tab.question, s.pending, tab.stop, tab.guide, s.guide_seen]
    asking: list[tuple[Any, Any]] = [(tab.question.submit, tab.question),
                                     (tab.send.click, tab.question)]
    asking += [(example.click, example) for example in tab.examples]
    streams = []
    for trigger, source in asking:
        run = (trigger(h.take_question, [source], taken, queue=False, **PRIVATE)
               .then(h.run_chat, inputs, outputs, concurrency_id="chat", **PRIVATE))
        run.then(h.hide_stop, None, [tab.stop], queue=False, **PRIVATE)
        streams.append(run)
    tab.stop.click(h.on_stop, [s.state, s.collection], [tab.chat, tab.panel, s.state, tab.stop],
                   cancels=streams, **PRIVATE)


def wire_history(tab: ChatTab, side: Sidebar, session: Session, handlers: ChatHandlers) -> None:
    """New chat, reopen, delete one or all (after a confirmation in the browser)."""
    h, s = handlers, session
    shown = [tab.chat, tab.panel, s.state]
    side.new.click(h.on_new, None, [*shown, side.conversations, tab.feedback], **PRIVATE)
    side.conversations.input(h.on_open, [s.owner, side.conversations, s.collection],
                             [*shown, tab.feedback], **PRIVATE)
    side.delete.click(h.on_delete, [s.owner, side.conversations, s.state, s.collection],
                      [*shown, side.conversations, side.message], js=CONFIRM_CONV, **PRIVATE)
    side.delete_all.click(h.on_delete_all, [s.owner],
                          [*shown, side.conversations, side.message], js=CONFIRM_ALL,
                          **PRIVATE)
    for switched in (side.new.click, side.conversations.input, s.collection.input):
        switched(h.clear_viewer, None, [tab.viewer], queue=False, **PRIVATE)  # another chat


def wire_sources_and_feedback(tab: ChatTab, session: Session, handlers: ChatHandlers,
                              help_button: Any, tabs: Any) -> None:
    """Clicking an answer or a source, thumbs and comments, and the guide."""
    h, s = handlers, session
    tab.viewer_ask.change(h.on_view, [tab.viewer_ask, s.state, s.collection], [tab.viewer],
                          **PRIVATE)
    tab.chat.select(h.on_select, [s.state, s.collection], [tab.panel], **PRIVATE)
    tab.chat.like(h.on_like, [s.state],
                  [s.state, tab.feedback, tab.feedback_message, tab.feedback_text], **PRIVATE)
    tab.feedback_save.click(h.on_comment, [s.state, tab.feedback_text],
                            [s.state, tab.feedback_message, tab.feedback_text], **PRIVATE)
    help_button.click(h.on_help, [s.collection], [tabs, *tab.guide_io], **PRIVATE)
    tab.guide_close.click(h.close_guide, None, [tab.guide, s.guide_seen], **PRIVATE)
