"""The Gradio Blocks app built from a ``Baken`` composition root.

Only layout and wiring live here: every handler calls a controller (``chat.py``,
``documents.py``) and converts its plain result into Gradio outputs.
"""

from __future__ import annotations

import hashlib
import importlib.util
import logging
import secrets
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access import AccessDenied
from assistant.app import Baken, CollectionBakens
from assistant.conversations import (
    ConversationStore,
    conversation_choices,
    new_id,
    valid_id,
)
from assistant.feedback import FeedbackStore
from assistant.ui import inert
from assistant.ui.auth import (
    expire_sessions,
    gradio_auth,
    login_middleware,
    make_auth,
    require_login_off_loopback,
)
from assistant.ui.chat import ChatController, ChatState, ChatUpdate
from assistant.ui.client import SCRIPT
from assistant.ui.csp import middleware as csp_middleware
from assistant.ui.documents import DocumentsController, allowed_types, clear_uploads
from assistant.ui.dutch import middleware as dutch_middleware
from assistant.ui.formatting import DEMO_MODEL_NOTICE, SMALL_MODEL_NOTICE, status_markdown
from assistant.ui.guide import LIMITS, example_labels, example_questions, guide_html
from assistant.ui.originals import mount_collection_originals
from assistant.ui.scopes import NO_ACCESS, Scope, UIScopes, user_of
from assistant.ui.theme import baken_theme
from assistant.ui.viewer import EMPTY as VIEWER_EMPTY
from assistant.ui.viewer import document_chunks, parse_request, viewer_html
from assistant.ui.warmup import Warmup

log = logging.getLogger("baken.ui")

MODE_ASK = "Vraag"
MODE_SEARCH = "Zoek in documenten"
DOC_HEADERS = ["Bestand", "Titel", "Tekstdelen", "Ingelezen op"]
STEP_NAMES = {"opslag": "documentopslag", "index": "zoekindex en anonimiseerder",
              "taalmodel": "taalmodel"}
PRIVATE: dict[str, Any] = {"api_visibility": "private"}
LOGIN_MESSAGE = ("Log in met uw Baken-account. Na vijf mislukte pogingen moet u even wachten "
                 "voor u het opnieuw kunt proberen.")

CSS = """
#baken-bronnen { max-height: 640px; overflow-y: auto; }
.baken-sources h3 { margin: 0 0 .5em 0; }
.baken-source { border: 1px solid var(--border-color-primary); border-radius: 8px;
  padding: .5em .75em; margin-bottom: .6em; }
.baken-source.baken-cited { border-left: 4px solid var(--color-accent); }
.baken-meta { font-size: .85em; color: var(--body-text-color-subdued); margin: .2em 0; }
.baken-badge { background: var(--color-accent-soft); border-radius: 4px; padding: 0 .35em; }
.baken-passage { font-size: .92em; max-height: 14em; overflow-y: auto; }
.baken-passage mark { background: #fde68a; color: inherit; }
mark.baken-flag { background: #fecaca; color: inherit; text-decoration: underline dotted; }
.baken-empty, .baken-note { color: #4b5563; }
#baken-status p { margin: .2em 0; }
#baken-status { font-size: .85em; }
#baken-titel h2 { margin: 0; }
#baken-titel p { margin: .1em 0 0 0; }
.baken-source.baken-hl { outline: 3px solid var(--color-accent);
  background: var(--color-accent-soft); }
.baken-view { font-size: .85em; border: 1px solid var(--border-color-primary); border-radius: 4px;
  padding: .1em .5em; margin: .2em 0; cursor: pointer; background: var(--background-fill-primary); }
a.baken-cite { font-weight: 600; text-decoration: underline; cursor: pointer; }
.baken-stage { display: block; font-size: .9em; margin-bottom: .4em; }
.baken-pii { font-size: .85em; color: #9a3412; }
#baken-viewer:empty, #baken-viewer .baken-viewer-empty { display: none; }
.baken-viewer { border: 2px solid var(--color-accent); border-radius: 8px; padding: .5em .75em;
  margin-bottom: .8em; }
.baken-viewer h3 { margin: .2em 0; font-size: 1.05em; }
.baken-viewer-close { float: right; border: 1px solid var(--border-color-primary);
  border-radius: 4px; padding: .1em .5em; cursor: pointer; }
.baken-viewer-body { max-height: 420px; overflow-y: auto; font-size: .92em; line-height: 1.45; }
.baken-viewer-body h4 { margin: .8em 0 .2em 0; font-size: .95em; }
.baken-viewer-doel { background: #fef3c7; border-left: 4px solid #d97706; padding: .3em .5em; }
.baken-viewer-doel mark { background: #fde68a; color: inherit; }
#baken-viewer-vraag { display: none !important; }
#baken-gids { border: 2px solid var(--color-accent); border-radius: 8px; padding: .6em .9em; }
#baken-kop { align-items: center; }
#baken-hulp { max-width: 12em; }
a:focus-visible, button:focus-visible, summary:focus-visible, [tabindex]:focus-visible,
input:focus-visible, textarea:focus-visible { outline: 3px solid #1d4ed8 !important;
  outline-offset: 2px; }
@media (min-width: 1100px) {
  #baken-bronnen-kolom, #baken-concept-kolom { position: sticky; top: 0; align-self: flex-start;
    max-height: 100vh; overflow-y: auto; } }
"""

PLACEHOLDER = (
    "**Stel een vraag** over de regels en het beleid in uw documenten, bijvoorbeeld: "
    "*Wanneer mag de burgemeester een woning sluiten?* Elk antwoord toont rechts de bronnen; "
    "klik op een bron of op [1] in het antwoord om de passage in het document te zien."
)
# Gradio's own texts that its Dutch translation lacks
GRADIO_DUTCH = {"status.queue_position": "In de wachtrij: plaats {position} van {size}"}
QUESTION_HINT = "Typ uw vraag; Enter verstuurt, Shift+Enter voor een nieuwe regel"
DRAFTING_SOON = (
    "### Opstellen\nHier komen straks de opstelmodi: **collegevoorstel**, **brief**, "
    "**scenario** en **taalcheck**. Deze functie is binnenkort beschikbaar."
)
# each returns every input of its event (the collection last), the confirmed one or null
CONFIRM_DOC = ("(name, coll) => [(name && confirm('Weet u zeker dat u \\u00ab' + name + "
               "'\\u00bb uit de index wilt verwijderen? Het bewaarde origineel wordt ook "
               "verwijderd.')) ? name : null, coll]")
CONFIRM_CONV = ("(owner, conv, state, coll) => [owner, (conv && confirm('Dit gesprek "
                "verwijderen?')) ? conv : null, state, coll]")
CONFIRM_ALL = ("(owner) => confirm('Al uw bewaarde gesprekken verwijderen? Dit kan niet ongedaan "
               "worden gemaakt.') ? owner : null")


@dataclass
class UIContext:
    """Everything the handlers need, built once per app.

    ``chat`` and ``documents`` work on the configured collection without source links; the
    handlers use them only for what touches no collection (a new chat, ratings, refusals).
    Everything that reads or changes documents goes through ``scopes``, per login.
    """

    baken: Baken
    chat: ChatController
    documents: DocumentsController
    conversations: ConversationStore
    warmup: Warmup | None
    scopes: UIScopes

    def scope(self, request: Any, chosen: str | None) -> Scope:
        """The collection of this request (``AccessDenied`` with a Dutch message if none)."""
        return self.scopes.get(user_of(request), chosen)

    def chat_for(self, request: Any, chosen: str | None) -> ChatController:
        """The chat of the request's collection; without access one that links nothing."""
        try:
            return self.scope(request, chosen).chat
        except AccessDenied:
            return self.chat


def ui_secret(data_dir: Path) -> str:
    """A per-installation secret for the browser's stored session id (kept across restarts)."""
    path = data_dir / "ui-secret"
    try:
        value = path.read_text(encoding="utf-8").strip()
        if len(value) >= 32:
            return value
    except OSError:
        pass
    value = secrets.token_hex(24)
    data_dir.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_text(value, encoding="utf-8")
    return value


def owner_for(stored: object, username: str | None) -> str:
    """The history owner: the login name (hashed) when logged in, else the browser's id."""
    if username:
        return "u-" + hashlib.sha256(username.encode("utf-8")).hexdigest()[:32]
    return stored if isinstance(stored, str) and valid_id(stored) else new_id()


def make_warmup(baken: Baken) -> Warmup:
    def index() -> None:
        _ = baken.embedder, baken.anonymizer
        baken.retriever.search("opstarten", 1)

    def model() -> None:
        # in-process: load the model and let it read the fixed prompt start before the first
        # question; a model server is only connected
        if baken.settings.server.llm_base_url:
            _ = baken.assistant.llm
        else:
            baken.assistant.prime()

    return Warmup([("opslag", lambda: baken.store), ("index", index), ("taalmodel", model)])


def make_context(baken: Baken, warmup: Warmup | None = None,
                 pool: CollectionBakens | None = None) -> UIContext:
    """The handlers' context; ``pool`` gives the other collections (default: built over
    ``baken``, which serves the configured collection). Built once when the chat starts:
    uploads an earlier run left behind (it was stopped mid-upload) are removed first."""
    settings = baken.settings
    clear_uploads(settings.data_dir)
    conversations = ConversationStore(settings.data_dir / "conversations")
    # comments are anonymised like questions (the anonymiser is shared by all collections)
    feedback = FeedbackStore(settings.data_dir / "feedback.jsonl", lambda: baken.anonymizer)
    chat = ChatController(baken, conversations, feedback, warmup=warmup)
    documents = DocumentsController(baken, max_bytes=settings.ui.max_upload_mb * 1_000_000,
                                    warmup=warmup)
    scopes = UIScopes(pool or CollectionBakens(settings, base=baken), conversations, feedback,
                      warmup=warmup)
    return UIContext(baken, chat, documents, conversations, warmup, scopes)


def model_label(baken: Baken) -> str:
    from assistant.llm import model_file

    if baken.settings.server.llm_base_url:
        return f"{baken.settings.server.llm_model} (modelserver)"
    try:
        chosen = model_file(baken.settings)
    except Exception:  # noqa: BLE001 - the status line must never fail
        return "geen taalmodel gevonden"
    return "SmolLM2-135M (demomodel)" if baken.uses_demo_model else chosen.path.name


def model_notice(baken: Baken) -> str | None:
    """Why the default model is not used (Dutch), e.g. a missing or damaged model file."""
    from assistant.llm import model_file

    if baken.settings.server.llm_base_url:
        return None
    try:
        return model_file(baken.settings).fallback_reason
    except Exception as exc:  # noqa: BLE001 - the status line must never fail
        return str(exc)


def current_status(ctx: UIContext, collection: Baken | None) -> str:
    """The status line; the index counts are those of ``collection`` (None: no access)."""
    baken, warmup = ctx.baken, ctx.warmup
    pending = [STEP_NAMES.get(p, p) for p in warmup.pending()] if warmup else []
    errors: dict[str, str] = {}
    if warmup:
        from assistant.errors import dutch_error

        errors = {k: f"Laden van {STEP_NAMES.get(k, k)} mislukt: {dutch_error(v)}"
                  for k, v in warmup.errors.items()}
    notice = model_notice(baken)
    if notice:
        errors["taalmodel"] = notice
    documents = chunks = None
    if collection is None:
        documents = chunks = 0
    elif warmup is None or warmup.ready("opslag"):
        try:
            files = collection.store.indexed_files()
            documents, chunks = len(files), sum(f.chunks for f in files.values())
        except Exception:  # noqa: BLE001 - the status line must never fail
            log.error("index niet leesbaar")
    embedder = baken.embedder_name if warmup is None or warmup.ready("index") \
        else str(baken.settings.retrieval.embedder)
    return status_markdown(model=model_label(baken), embedder=embedder, documents=documents,
                           chunks=chunks, demo=baken.uses_demo_model,
                           pending=pending, errors=errors)


def _chat_outputs(update: ChatUpdate) -> tuple[Any, Any, Any]:
    return update.messages, update.panel, update.state


def build_ui(baken: Baken, *, warmup: Warmup | None = None,
             context: UIContext | None = None) -> gr.Blocks:
    """The chat, drafting, documents and status tabs over ``baken``'s settings: each login
    works in the collections granted to it (``[access]``), without login in ``baken``'s."""
    ctx = context or make_context(baken, warmup)
    settings = baken.settings
    secret = ui_secret(settings.data_dir)

    # delete_cache: uploaded files never stay in the web server's temporary folder for long
    with gr.Blocks(title="Baken — OOV-assistent", delete_cache=(600, 3600)) as demo:
        browser_id = gr.BrowserState(None, storage_key="baken-sessie", secret=secret)
        owner = gr.State("")
        state = gr.State(ChatState())
        pending = gr.State("")
        guide_seen = gr.BrowserState(False, storage_key="baken-gids-gezien")

        with gr.Sidebar(label="Gesprekken", open=True, elem_id="baken-zijbalk"):
            gr.Markdown("### Gesprekken")
            new_btn = gr.Button("+ Nieuw gesprek", elem_id="baken-nieuw")
            conv_list = gr.Radio(choices=[], label="Eerdere gesprekken", value=None,
                                 elem_id="baken-gesprekken")
            del_conv = gr.Button("Verwijder dit gesprek", size="sm", elem_id="baken-wis-gesprek")
            del_all = gr.Button("Verwijder alle gesprekken", size="sm", variant="stop",
                                elem_id="baken-wis-alles")
            history_msg = gr.Markdown(elem_id="baken-gesprekken-melding")
            gr.Markdown("<small>Gesprekken worden alleen op de Baken-server van uw gemeente "
                        "bewaard, met geanonimiseerde vragen.</small>")

        with gr.Row(elem_id="baken-kop"):
            gr.Markdown("## Baken · OOV-assistent\nStel een vraag over de regels en het beleid "
                        "in uw documenten. Elk antwoord toont de bronnen.", elem_id="baken-titel")
            help_btn = gr.Button("Hulp en uitleg", size="sm", scale=0, min_width=160,
                                 elem_id="baken-hulp")
        status = gr.Markdown(elem_id="baken-status")
        access_msg = gr.Markdown(elem_id="baken-toegang")
        collection = gr.Dropdown(choices=[], value=None, label="Collectie", visible=False,
                                 info="De documenten waarin u zoekt, vraagt en opstelt.",
                                 elem_id="baken-collectie")
        timer = gr.Timer(2.0, active=warmup is not None)

        with gr.Tabs(elem_id="baken-tabs") as tabs:
            with gr.Tab("Chat", id="chat", elem_id="baken-tab-chat"), \
                    gr.Row(equal_height=False):
                with gr.Column(scale=3):
                    mode = gr.Radio([MODE_ASK, MODE_SEARCH], value=MODE_ASK,
                                    label="Wat wilt u doen?", elem_id="baken-modus",
                                    info="Vraag: antwoord met bronnen. Zoek in documenten: "
                                    "alleen de passages, zonder taalmodel (direct).")
                    chat = gr.Chatbot(label="Gesprek", height="calc(100vh - 470px)", min_height=260,
                                      elem_id="baken-chat", placeholder=PLACEHOLDER,
                                      buttons=["copy"], feedback_options=("Like", "Dislike"))
                    # right under the answers, so the comment box opens by the rated answer
                    # a Column: a Group repeats its elem_id on an inner element
                    with gr.Column(visible=False, elem_id="baken-feedback") as fb_group:
                        fb_msg = gr.Markdown(elem_id="baken-feedback-melding")
                        fb_text = gr.Textbox(label="Toelichting (optioneel)", lines=2,
                                             elem_id="baken-toelichting")
                        fb_save = gr.Button("Toelichting opslaan", size="sm",
                                            elem_id="baken-toelichting-opslaan")
                    with gr.Row():
                        question = gr.Textbox(label="Uw vraag", scale=5, lines=1, max_lines=6,
                                              placeholder=QUESTION_HINT,
                                              elem_id="baken-vraag")
                        with gr.Column(scale=1, min_width=120):
                            send = gr.Button("Verstuur", variant="primary",
                                             elem_id="baken-verstuur")
                            stop = gr.Button("Stop", variant="stop", visible=False,
                                             elem_id="baken-stop")
                with gr.Column(scale=2, elem_id="baken-bronnen-kolom"):
                    with gr.Column(visible=False, elem_id="baken-gids") as guide:
                        guide_docs = gr.HTML(elem_id="baken-gids-documenten")
                        gr.Markdown("**Probeer een voorbeeldvraag** (klik om te versturen):",
                                    elem_id="baken-gids-voorbeelden")
                        examples = [gr.Button("", size="sm", visible=False,
                                              elem_id=f"baken-voorbeeld-{i}")
                                    for i in range(1, 4)]
                        gr.Markdown(LIMITS, elem_id="baken-gids-grenzen")
                        guide_close = gr.Button("Begrepen, sluit deze uitleg", size="sm",
                                                elem_id="baken-gids-sluit")
                    viewer = gr.HTML(VIEWER_EMPTY, elem_id="baken-viewer")
                    viewer_ask = gr.Textbox(label="Bron tonen", visible="hidden",
                                            elem_id="baken-viewer-vraag")
                    panel = gr.HTML(ctx.chat.new().panel, elem_id="baken-bronnen")

            with gr.Tab("Opstellen", id="opstellen", elem_id="baken-tab-opstellen"):
                _drafting_tab(baken, collection,
                              lambda user, chosen: ctx.scopes.get(user, chosen).baken)

            with gr.Tab("Documenten", id="documenten", elem_id="baken-tab-documenten") as docs_tab:
                gr.Markdown("### Documenten toevoegen\nSleep bestanden in het vak hieronder of "
                            "klik om ze te kiezen. Ze worden direct ingelezen en geanonimiseerd. "
                            f"Toegestaan: {allowed_types()}; maximaal "
                            f"{settings.ui.max_upload_mb} MB per bestand.")
                upload = gr.File(label="Documenten", file_count="multiple", type="filepath",
                                 elem_id="baken-upload")
                report = gr.Markdown(elem_id="baken-ingestrapport")
                gr.Markdown("### Documenten in de index")
                table = gr.Dataframe(headers=DOC_HEADERS, interactive=False, wrap=True,
                                     column_widths=["30%", "42%", "12%", "16%"],
                                     elem_id="baken-documenten")
                with gr.Row():
                    doc_choice = gr.Dropdown(label="Document verwijderen", choices=[],
                                             value=None, scale=4, elem_id="baken-doc-keuze")
                    doc_delete = gr.Button("Verwijder uit de index", variant="stop", scale=1,
                                           elem_id="baken-doc-verwijder")
                doc_msg = gr.Markdown(elem_id="baken-doc-melding")
                from assistant.ui.knowledge_tab import build_knowledge_section

                build_knowledge_section(baken, collection=collection, tab=docs_tab,
                                        resolve=lambda u, c: ctx.scopes.get(u, c).baken)

            with gr.Tab("Status", id="status", elem_id="baken-tab-status"):
                details = gr.Markdown(elem_id="baken-status-details")

        # -- handlers ---------------------------------------------------------------------------
        def conv_update(owner_id: str, value: str | None) -> Any:
            choices = conversation_choices(ctx.conversations.list(owner_id)) if owner_id else []
            return gr.update(choices=choices, value=value)

        def baken_or_none(request: gr.Request, chosen: str | None) -> Baken | None:
            try:
                return ctx.scope(request, chosen).baken
            except AccessDenied:
                return None

        def documents_outputs(chosen: str | None, request: gr.Request) -> tuple[Any, Any]:
            try:
                documents = ctx.scope(request, chosen).documents
            except AccessDenied:
                return [], gr.update(choices=[], value=None)
            if warmup is not None:
                warmup.wait("opslag")
            names = documents.names()
            return documents.rows(), gr.update(choices=names, value=None)

        def on_load(stored: Any, request: gr.Request) -> tuple[Any, ...]:
            user = user_of(request)
            owner_id = owner_for(stored, user)
            browser_value = stored if user else owner_id
            names = ctx.scopes.choices(user)
            chosen = ctx.scopes.default_for(user, names)
            picker = gr.update(choices=names, value=chosen, visible=len(names) > 1)
            return (browser_value, owner_id, conv_update(owner_id, None),
                    current_status(ctx, baken_or_none(request, chosen)), status_details(ctx),
                    picker, "" if names else f"**{NO_ACCESS}**")

        def on_tick(chosen: str | None, request: gr.Request) -> tuple[Any, Any, Any]:
            done = warmup is None or not warmup.pending()
            return (current_status(ctx, baken_or_none(request, chosen)), status_details(ctx),
                    gr.Timer(active=not done))

        def on_collection(chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
            """Another collection picked: a new chat over it, its documents and counts."""
            rows, choices = documents_outputs(chosen, request)
            return (*_chat_outputs(ctx.chat.new()), gr.update(value=None),
                    gr.update(visible=False), rows, choices,
                    current_status(ctx, baken_or_none(request, chosen)))

        def take_question(q: str) -> tuple[Any, ...]:
            """Move the question out of the box; show Stop; the guide makes room for the
            sources (and counts as read)."""
            if not q or not q.strip():
                return "", q, gr.skip(), gr.skip(), gr.skip()
            return "", q, gr.update(visible=True), gr.update(visible=False), True

        def hide_stop() -> Any:
            return gr.update(visible=False)

        def guide_outputs(chosen: str | None, seen: Any, request: gr.Request,
                          force: bool = False) -> tuple[Any, ...]:
            files: dict[str, Any] = {}
            found = baken_or_none(request, chosen)
            if found is not None:
                if warmup is not None:
                    warmup.wait("opslag")
                try:
                    files = dict(found.store.indexed_files())
                except Exception:  # noqa: BLE001 - the guide must never fail
                    log.error("documentenlijst voor de uitleg niet leesbaar")
            labels = example_labels(example_questions(files))
            show = force or not seen
            return (gr.update(visible=show), guide_html(files),
                    *(gr.update(value=label, visible=bool(label)) for label in labels))

        def on_help(chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
            return (gr.Tabs(selected="chat"), *guide_outputs(chosen, True, request, force=True))

        def close_guide() -> tuple[Any, Any]:
            return gr.update(visible=False), True

        def on_view(value: str, st: ChatState, chosen: str | None,
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
                scope = ctx.scope(request, chosen)
            except AccessDenied as exc:
                return f"<p class='baken-note'>{inert.html(str(exc))}</p>"
            try:
                chunks = document_chunks(scope.baken.store, source.source_file)
            except Exception:  # noqa: BLE001 - show the passage alone rather than fail
                log.error("document voor de bronweergave niet leesbaar")
                chunks = []
            link = scope.chat.link_for(source) if scope.chat.link_for else None
            return viewer_html(source, chunks, link)

        def run_chat(q: str, chosen_mode: str, st: ChatState, owner_id: str,
                     chosen: str | None, request: gr.Request) -> Iterator[tuple[Any, ...]]:
            if not q or not q.strip():
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            try:
                chat = ctx.scope(request, chosen).chat
            except AccessDenied as exc:
                yield (*_chat_outputs(ctx.chat.refused(q, st, str(exc))), gr.skip())
                return
            updates = (chat.search(q, st, owner_id, user=user_of(request))
                       if chosen_mode == MODE_SEARCH
                       else chat.ask(q, st, owner_id, user=user_of(request)))
            for update in updates:
                conv = (conv_update(owner_id, update.state.conversation_id) if update.done
                        else gr.skip())
                yield (*_chat_outputs(update), conv)

        def on_stop(st: ChatState, chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
            return (*_chat_outputs(ctx.chat_for(request, chosen).stopped(st)),
                    gr.update(visible=False))

        def on_new() -> tuple[Any, ...]:
            return (*_chat_outputs(ctx.chat.new()), gr.update(value=None),
                    gr.update(visible=False))

        def on_open(owner_id: str, conv_id: str | None, chosen: str | None,
                    request: gr.Request) -> tuple[Any, ...]:
            chat = ctx.chat_for(request, chosen)
            return (*_chat_outputs(chat.open(owner_id, conv_id)), gr.update(visible=False))

        def on_delete(owner_id: str, conv_id: str | None, st: ChatState, chosen: str | None,
                      request: gr.Request) -> tuple[Any, ...]:
            if not conv_id:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            update, message = ctx.chat_for(request, chosen).delete(owner_id, conv_id, st)
            value = update.state.conversation_id
            return (*_chat_outputs(update), conv_update(owner_id, value), message)

        def on_delete_all(owner_id: str | None) -> tuple[Any, ...]:
            if not owner_id:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
            update, message = ctx.chat.delete_all(owner_id)
            return (*_chat_outputs(update), conv_update(owner_id, None), message)

        def on_select(st: ChatState, chosen: str | None, request: gr.Request,
                      evt: gr.SelectData) -> str:
            index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            return ctx.chat_for(request, chosen).panel_for(st, int(index))

        def on_like(st: ChatState, evt: gr.LikeData) -> tuple[Any, ...]:
            index = evt.index[0] if isinstance(evt.index, list | tuple) else evt.index
            new_state, message = ctx.chat.rate(st, int(index), evt.liked)
            visible = new_state.feedback_target is not None
            return new_state, gr.update(visible=visible), message, ""

        def on_comment(st: ChatState, text: str) -> tuple[Any, Any, Any]:
            new_state, message = ctx.chat.comment(st, text)
            saved = message.startswith("Uw toelichting")
            return new_state, message, "" if saved else gr.skip()

        def on_upload(files: list[str] | None, chosen: str | None, request: gr.Request,
                      progress: gr.Progress = gr.Progress()  # noqa: B008
                      ) -> tuple[Any, ...]:
            def on_file(done: int, total: int, name: str) -> None:
                progress((done, total), desc=f"Inlezen: {name}" if name else "Klaar",
                         unit="bestanden")

            try:
                scope = ctx.scope(request, chosen)
            except AccessDenied as exc:
                for raw in files or []:  # nothing of a refused upload stays behind
                    Path(raw).unlink(missing_ok=True)
                return f"⚠️ {exc}", None, [], gr.update(choices=[], value=None), \
                    current_status(ctx, None)
            progress(0, desc="Voorbereiden (anonimiseerder laden kan even duren)…")
            message = scope.documents.upload(files or [], on_file=on_file, discard_sources=True)
            rows, choices = documents_outputs(chosen, request)
            return message, None, rows, choices, current_status(ctx, scope.baken)

        def on_doc_delete(name: str | None, chosen: str | None,
                          request: gr.Request) -> tuple[Any, ...]:
            if not name:
                return gr.skip(), gr.skip(), gr.skip(), gr.skip()
            try:
                scope = ctx.scope(request, chosen)
            except AccessDenied as exc:
                return f"⚠️ {exc}", [], gr.update(choices=[], value=None), \
                    current_status(ctx, None)
            message = scope.documents.delete(name)
            rows, choices = documents_outputs(chosen, request)
            return message, rows, choices, current_status(ctx, scope.baken)

        # -- wiring -----------------------------------------------------------------------------
        guide_io = [guide, guide_docs, *examples]
        demo.load(on_load, [browser_id],
                  [browser_id, owner, conv_list, status, details, collection, access_msg],
                  **PRIVATE).then(documents_outputs, [collection], [table, doc_choice],
                                  **PRIVATE
                                  ).then(guide_outputs, [collection, guide_seen], guide_io,
                                         **PRIVATE)
        help_btn.click(on_help, [collection], [tabs, *guide_io], **PRIVATE)
        guide_close.click(close_guide, None, [guide, guide_seen], **PRIVATE)
        viewer_ask.change(on_view, [viewer_ask, state, collection], [viewer], **PRIVATE)
        for switched in (new_btn.click, conv_list.input, collection.input):  # another chat
            switched(lambda: VIEWER_EMPTY, None, [viewer], queue=False, **PRIVATE)
        timer.tick(on_tick, [collection], [status, details, timer], **PRIVATE)
        collection.input(on_collection, [collection],
                         [chat, panel, state, conv_list, fb_group, table, doc_choice, status],
                         **PRIVATE)

        chat_io = ([pending, mode, state, owner, collection], [chat, panel, state, conv_list])
        streams = []
        asking: list[tuple[Any, Any]] = [(question.submit, question), (send.click, question)]
        asking += [(example.click, example) for example in examples]
        for trigger, source in asking:
            run = (trigger(take_question, [source], [question, pending, stop, guide, guide_seen],
                           queue=False, **PRIVATE)
                   .then(run_chat, *chat_io, concurrency_id="chat", **PRIVATE))
            run.then(hide_stop, None, [stop], queue=False, **PRIVATE)
            streams.append(run)
        stop.click(on_stop, [state, collection], [chat, panel, state, stop], cancels=streams,
                   **PRIVATE)

        new_btn.click(on_new, None, [chat, panel, state, conv_list, fb_group], **PRIVATE)
        conv_list.input(on_open, [owner, conv_list, collection], [chat, panel, state, fb_group],
                        **PRIVATE)
        del_conv.click(on_delete, [owner, conv_list, state, collection],
                       [chat, panel, state, conv_list, history_msg], js=CONFIRM_CONV, **PRIVATE)
        del_all.click(on_delete_all, [owner], [chat, panel, state, conv_list, history_msg],
                      js=CONFIRM_ALL, **PRIVATE)
        chat.select(on_select, [state, collection], [panel], **PRIVATE)
        chat.like(on_like, [state], [state, fb_group, fb_msg, fb_text], **PRIVATE)
        fb_save.click(on_comment, [state, fb_text], [state, fb_msg, fb_text], **PRIVATE)

        upload.upload(on_upload, [upload, collection], [report, upload, table, doc_choice, status],
                      concurrency_id="ingest", concurrency_limit=1, **PRIVATE)
        docs_tab.select(documents_outputs, [collection], [table, doc_choice], **PRIVATE)
        doc_delete.click(on_doc_delete, [doc_choice, collection],
                         [doc_msg, table, doc_choice, status],
                         js=CONFIRM_DOC, concurrency_id="ingest", **PRIVATE)
    return demo


def parts_markdown(settings: Any) -> str:
    """The optional parts: working, missing or not set up, and what to do (Dutch)."""
    from assistant.parts import SYMBOLS, optional_parts

    rows = ["### Onderdelen"]
    for part in optional_parts(settings):
        line = (f"- **{inert.markdown(part.name)}: {SYMBOLS[part.state]}** — "
                f"{inert.markdown(part.detail)}")
        if part.todo:
            line += f"  \n  _Wat te doen:_ {inert.markdown(part.todo)}"
        rows.append(line)
    return "\n".join(rows)


def status_details(ctx: UIContext) -> str:
    """The status tab: what runs where, the optional parts, and the privacy defaults."""
    s = ctx.baken.settings
    warm = ctx.warmup is None or ctx.warmup.ready("index")
    embedder = ctx.baken.embedder_name if warm else str(s.retrieval.embedder)
    login = "aan" if make_auth(s) is not None else "uit (alleen bereikbaar op deze computer)"
    return "\n".join([
        "### Status",
        f"- **Taalmodel:** {model_label(ctx.baken)}"
        + (" — alleen voor demonstratie" if ctx.baken.uses_demo_model else ""),
        f"- **Embedder:** {embedder}",
        f"- **Adres:** {s.ui.host}:{s.ui.port} · **inloggen:** {login}",
        f"- **Uploads:** {allowed_types()}; maximaal {s.ui.max_upload_mb} MB per bestand",
        "- **Privacy:** geen analyse of telemetrie; vragen worden geanonimiseerd voordat ze "
        "worden doorzocht of bewaard; alles blijft op deze server.",
        "",
        parts_markdown(s),
        "",
        DEMO_MODEL_NOTICE if ctx.baken.uses_demo_model else SMALL_MODEL_NOTICE,
    ])


def _drafting_tab(baken: Baken, collection: Any, resolve: Any) -> None:
    """The drafting modes when that module is installed, else a short note."""
    if importlib.util.find_spec("assistant.ui.drafting_tab") is None:
        gr.Markdown(DRAFTING_SOON, elem_id="baken-opstellen-binnenkort")
        return
    try:
        from assistant.ui.drafting_tab import build_drafting_tab

        build_drafting_tab(baken, collection=collection, resolve=resolve)
    except Exception as exc:  # noqa: BLE001 - the chat must start even if drafting fails
        log.error("opstellen niet beschikbaar: %s", type(exc).__name__)
        gr.Markdown("Opstellen is nu niet beschikbaar door een fout; de chat werkt wel.")


def hard_cap_mb(limit_mb: int) -> int:
    """The web server's own upload cap: well above the limit Baken checks (with a Dutch
    message), so users only meet the server's English message for absurd files."""
    return max(4 * limit_mb, limit_mb + 200)


def launch(baken: Baken, *, prevent_thread_lock: bool = False) -> gr.Blocks:
    """Serve the UI on the configured address; login is required off loopback. Every response
    carries Baken's Content-Security-Policy (``assistant.ui.csp``)."""
    settings = baken.settings
    # Library clean-up notices (unclosed files and event loops) are for developers, not for
    # the console an official or IT reads.
    warnings.filterwarnings("ignore", category=ResourceWarning)
    auth = make_auth(settings)
    require_login_off_loopback(settings, auth)
    warmup = make_warmup(baken)
    ctx = make_context(baken, warmup, CollectionBakens(settings, base=baken))
    demo = build_ui(baken, warmup=warmup, context=ctx)
    demo.queue(default_concurrency_limit=max(1, settings.ui.concurrency))
    app, _, _ = demo.launch(
        server_name=settings.ui.host, server_port=settings.ui.port, auth=gradio_auth(auth),
        auth_message=LOGIN_MESSAGE, share=False, inbrowser=False,
        show_error=False, prevent_thread_lock=True, quiet=True,
        max_file_size=f"{hard_cap_mb(settings.ui.max_upload_mb)}mb", footer_links=[],
        run_history=False,
        enable_monitoring=False, mcp_server=False, ssr_mode=False,
        root_path=settings.ui.root_path or None, css=CSS, js=SCRIPT, theme=baken_theme(),
        i18n=gr.I18n(nl=GRADIO_DUTCH),
        app_kwargs={"middleware": [*csp_middleware(), *dutch_middleware(),
                                   login_middleware(auth)]},
    )
    expire_sessions(app, settings.ui.session_hours)
    mount_collection_originals(app, ctx.scopes.original)
    warmup.start()
    print(f"Baken draait op http://{settings.ui.host}:{settings.ui.port}", flush=True)
    if not prevent_thread_lock:
        demo.block_thread()
    return demo
