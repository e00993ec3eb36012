"""The Gradio Blocks app built from a ``Baken`` composition root.

``build_ui`` only assembles: the page header and the collection picker, then one builder per
tab (``chat_tab``, ``drafting_tab``, ``documents_tab``, ``status_tab``), each wired to the
handler methods of its module; handlers call the controllers (``chat.py``, ``documents.py``,
``knowledge_tab.py``), which return plain values. ``launch`` serves it.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app import Baken, CollectionBakens
from assistant.conversations import new_id, valid_id
from assistant.credentials import checked_login
from assistant.ui.auth import expire_sessions, gradio_auth, login_middleware
from assistant.ui.chat import ChatState
from assistant.ui.chat_handlers import ChatHandlers, chat_outputs
from assistant.ui.chat_tab import (
    ChatTab,
    Session,
    Sidebar,
    build_chat_tab,
    build_sidebar,
    wire_asking,
    wire_history,
    wire_sources_and_feedback,
)
from assistant.ui.client import SCRIPT
from assistant.ui.context import UIContext, make_context, make_warmup
from assistant.ui.csp import middleware as csp_middleware
from assistant.ui.documents_tab import (
    DocumentsHandlers,
    DocumentsTab,
    build_documents_tab,
    wire_documents_tab,
)
from assistant.ui.drafting_tab import build_drafting_tab
from assistant.ui.dutch import middleware as dutch_middleware
from assistant.ui.originals import mount_collection_originals
from assistant.ui.scopes import NO_ACCESS, user_of
from assistant.ui.status_tab import build_status_tab, current_status, status_details
from assistant.ui.theme import baken_theme
from assistant.ui.warmup import Warmup

log = logging.getLogger("baken.ui")

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
LOGIN_MESSAGE = ("Log in met uw Baken-account. Na vijf mislukte pogingen moet u even wachten "
                 "voor u het opnieuw kunt proberen.")
# Gradio's own texts that its Dutch translation lacks
GRADIO_DUTCH = {"status.queue_position": "In de wachtrij: plaats {position} van {size}"}

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


@dataclass
class Header:
    """Above the tabs: help, the status line, the access note and the collection picker."""

    help: Any
    status: Any
    access: Any
    collection: Any
    timer: Any


class PageHandlers:
    """What touches every tab: the page load, the warm-up timer, another collection."""

    def __init__(self, ctx: UIContext, chat: ChatHandlers, documents: DocumentsHandlers
                 ) -> None:
        self.ctx, self.chat, self.documents = ctx, chat, documents

    def on_load(self, stored: Any, request: gr.Request) -> tuple[Any, ...]:
        """The browser's session id, the history owner and list, the status, the picker."""
        user = user_of(request)
        owner_id = owner_for(stored, user)
        browser_value = stored if user else owner_id
        names = self.ctx.scopes.choices(user)
        chosen = self.ctx.scopes.default_for(user, names)
        picker = gr.update(choices=names, value=chosen, visible=len(names) > 1)
        return (browser_value, owner_id, self.chat.conv_update(owner_id, None),
                current_status(self.ctx, self.ctx.baken_for(request, chosen)),
                status_details(self.ctx), picker, "" if names else f"**{NO_ACCESS}**")

    def on_tick(self, chosen: str | None, request: gr.Request) -> tuple[Any, Any, Any]:
        warmup = self.ctx.warmup
        done = warmup is None or not warmup.pending()
        return (current_status(self.ctx, self.ctx.baken_for(request, chosen)),
                status_details(self.ctx), gr.Timer(active=not done))

    def on_collection(self, chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Another collection picked: a new chat over it, its documents and counts."""
        rows, choices = self.documents.documents_outputs(chosen, request)
        return (*chat_outputs(self.ctx.chat.new()), gr.update(value=None),
                gr.update(visible=False), rows, choices,
                current_status(self.ctx, self.ctx.baken_for(request, chosen)))


def build_header(warmup_running: bool) -> Header:
    """The title with the help button, the status line, the access note, the picker."""
    with gr.Row(elem_id="baken-kop"):
        gr.Markdown("## Baken · OOV-assistent\nStel een vraag over de regels en het beleid "
                    "in uw documenten. Elk antwoord toont de bronnen.", elem_id="baken-titel")
        help_button = gr.Button("Hulp en uitleg", size="sm", scale=0, min_width=160,
                                elem_id="baken-hulp")
    status = gr.Markdown(elem_id="baken-status")
    access = gr.Markdown(elem_id="baken-toegang")
    collection = gr.Dropdown(choices=[], value=None, label="Collectie", visible=False,
                             info="De documenten waarin u zoekt, vraagt en opstelt.",
                             elem_id="baken-collectie")
    timer = gr.Timer(2.0, active=warmup_running)
    return Header(help_button, status, access, collection, timer)


def wire_page(page: PageHandlers, header: Header, session: Session, browser_id: Any,
              parts: tuple[Sidebar, ChatTab, DocumentsTab, Any], demo: gr.Blocks) -> None:
    """Page load (then the documents and the guide), the warm-up timer, the picker."""
    side, chat, docs, details = parts
    demo.load(page.on_load, [browser_id],
              [browser_id, session.owner, side.conversations, header.status, details,
               header.collection, header.access], **PRIVATE
              ).then(page.documents.documents_outputs, [header.collection],
                     [docs.table, docs.choice], **PRIVATE
                     ).then(page.chat.guide_outputs, [header.collection, session.guide_seen],
                            chat.guide_io, **PRIVATE)
    header.timer.tick(page.on_tick, [header.collection], [header.status, details, header.timer],
                      **PRIVATE)
    header.collection.input(page.on_collection, [header.collection],
                            [chat.chat, chat.panel, session.state, side.conversations,
                             chat.feedback, docs.table, docs.choice, header.status], **PRIVATE)


def drafting_tab(ctx: UIContext, collection: Any) -> None:
    """The drafting tab in the request's collection; a note instead if building it fails
    (the chat must start even then)."""
    with gr.Tab("Opstellen", id="opstellen", elem_id="baken-tab-opstellen"):
        try:
            build_drafting_tab(ctx.baken, collection=collection,
                               resolve=lambda user, chosen: ctx.scopes.get(user, chosen).baken)
        except Exception as exc:  # noqa: BLE001 - the chat must start even if drafting fails
            log.error("opstellen niet beschikbaar: %s", type(exc).__name__)
            gr.Markdown("Opstellen is nu niet beschikbaar door een fout; de chat werkt wel.")


def build_ui(baken: Baken, *, warmup: Warmup | None = None,
             context: UIContext | None = None) -> gr.Blocks:
    """The chat, drafting, documents and status tabs over ``baken``'s settings: each login
    works in the collections granted to it (``[access]``), without login in ``baken``'s."""
    ctx = context or make_context(baken, warmup)
    chat_handlers, docs_handlers = ChatHandlers(ctx), DocumentsHandlers(ctx)
    page = PageHandlers(ctx, chat_handlers, docs_handlers)
    secret = ui_secret(baken.settings.data_dir)
    # delete_cache: uploaded files never stay in the web server's temporary folder for long
    with gr.Blocks(title="Baken — OOV-assistent", delete_cache=(600, 3600)) as demo:
        browser_id = gr.BrowserState(None, storage_key="baken-sessie", secret=secret)
        side = build_sidebar()
        header = build_header(ctx.warmup is not None)
        session = Session(owner=gr.State(""), state=gr.State(ChatState()), pending=gr.State(""),
                          collection=header.collection,
                          guide_seen=gr.BrowserState(False, storage_key="baken-gids-gezien"))
        with gr.Tabs(elem_id="baken-tabs") as tabs:
            chat = build_chat_tab(ctx.chat.new().panel)
            drafting_tab(ctx, header.collection)
            docs = build_documents_tab(ctx, header.collection)
            details = build_status_tab()
        wire_page(page, header, session, browser_id, (side, chat, docs, details), demo)
        wire_sources_and_feedback(chat, session, chat_handlers, header.help, tabs)
        wire_asking(chat, session, chat_handlers, side.conversations)
        wire_history(chat, side, session, chat_handlers)
        wire_documents_tab(docs, docs_handlers, collection=header.collection,
                           status=header.status)
    return demo


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
    auth = checked_login(settings)
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
