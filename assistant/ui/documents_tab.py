"""The documents tab: upload and ingest, the list of indexed documents, delete, and the
praktijknotities and knowledge packs below them.

``DocumentsHandlers`` turns the per-collection ``DocumentsController`` results (plain text and
rows) into Gradio outputs; every handler works in the collection of the request's login.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access import AccessDenied
from assistant.ui.context import UIContext
from assistant.ui.documents import allowed_types
from assistant.ui.knowledge_tab import build_knowledge_section
from assistant.ui.status_tab import current_status

DOC_HEADERS = ["Bestand", "Titel", "Tekstdelen", "Ingelezen op"]
PRIVATE: dict[str, Any] = {"api_visibility": "private"}
# returns every input of its event (the collection last), the confirmed one or null
CONFIRM_DOC = ("(name, coll) => [(name && confirm('Weet u zeker dat u \\u00ab' + name + "
               "'\\u00bb uit de index wilt verwijderen? Het bewaarde origineel wordt ook "
               "verwijderd.')) ? name : null, coll]")


@dataclass
class DocumentsTab:
    """The components of the documents tab that handlers read or fill."""

    tab: Any
    upload: Any
    report: Any
    table: Any
    choice: Any
    delete: Any
    message: Any


class DocumentsHandlers:
    """The documents tab's event handlers over the shared ``UIContext``."""

    def __init__(self, ctx: UIContext) -> None:
        self.ctx = ctx

    def documents_outputs(self, chosen: str | None, request: gr.Request) -> tuple[Any, Any]:
        """The table rows and the delete choices of the request's collection."""
        try:
            documents = self.ctx.scope(request, chosen).documents
        except AccessDenied:
            return [], gr.update(choices=[], value=None)
        self.ctx.wait("opslag")
        return documents.rows(), gr.update(choices=documents.names(), value=None)

    def on_upload(self, files: list[str] | None, chosen: str | None, request: gr.Request,
                  progress: gr.Progress = gr.Progress()  # noqa: B008
                  ) -> tuple[Any, ...]:
        """Ingest the uploaded files; report, cleared upload box, table, choices, status."""
        def on_file(done: int, total: int, name: str) -> None:
            progress((done, total), desc=f"Inlezen: {name}" if name else "Klaar",
                     unit="bestanden")

        try:
            scope = self.ctx.scope(request, chosen)
        except AccessDenied as exc:
            for raw in files or []:  # nothing of a refused upload stays behind
                Path(raw).unlink(missing_ok=True)
            return (f"⚠️ {exc}", None, [], gr.update(choices=[], value=None),
                    current_status(self.ctx, None))
        progress(0, desc="Voorbereiden (anonimiseerder laden kan even duren)…")
        message = scope.documents.upload(files or [], on_file=on_file, discard_sources=True)
        rows, choices = self.documents_outputs(chosen, request)
        return message, None, rows, choices, current_status(self.ctx, scope.baken)

    def on_doc_delete(self, name: str | None, chosen: str | None,
                      request: gr.Request) -> tuple[Any, ...]:
        """Remove the chosen document; message, table, choices, status."""
        if not name:
            return gr.skip(), gr.skip(), gr.skip(), gr.skip()
        try:
            scope = self.ctx.scope(request, chosen)
        except AccessDenied as exc:
            return (f"⚠️ {exc}", [], gr.update(choices=[], value=None),
                    current_status(self.ctx, None))
        message = scope.documents.delete(name)
        rows, choices = self.documents_outputs(chosen, request)
        return message, rows, choices, current_status(self.ctx, scope.baken)


def build_documents_tab(ctx: UIContext, collection: Any) -> DocumentsTab:
    """The documents tab's layout, with the notes and packs section below it."""
    with gr.Tab("Documenten", id="documenten", elem_id="baken-tab-documenten") as tab:
        gr.Markdown("### Documenten toevoegen\nSleep bestanden in het vak hieronder of "
                    "klik om ze te kiezen. Ze worden direct ingelezen en geanonimiseerd. "
                    f"Toegestaan: {allowed_types()}; maximaal "
                    f"{ctx.baken.settings.ui.max_upload_mb} MB per bestand.")
        upload = gr.File(label="Documenten", file_count="multiple", type="filepath",
                         elem_id="baken-upload")
        report = gr.Markdown(elem_id="baken-ingestrapport")
        gr.Markdown("### Documenten in de index")
        table = gr.Dataframe(headers=DOC_HEADERS, interactive=False, wrap=True,
                             column_widths=["30%", "42%", "12%", "16%"],
                             elem_id="baken-documenten")
        with gr.Row():
            choice = gr.Dropdown(label="Document verwijderen", choices=[], value=None,
                                 scale=4, elem_id="baken-doc-keuze")
            delete = gr.Button("Verwijder uit de index", variant="stop", scale=1,
                               elem_id="baken-doc-verwijder")
        message = gr.Markdown(elem_id="baken-doc-melding")
        build_knowledge_section(ctx.baken, collection=collection, tab=tab,
                                resolve=lambda u, c: ctx.scopes.get(u, c).baken)
    return DocumentsTab(tab, upload, report, table, choice, delete, message)


def wire_documents_tab(tab: DocumentsTab, handlers: DocumentsHandlers, *, collection: Any,
                       status: Any) -> None:
    """Upload, refresh on opening the tab, delete (after a confirmation in the browser)."""
    tab.upload.upload(handlers.on_upload, [tab.upload, collection],
                      [tab.report, tab.upload, tab.table, tab.choice, status],
                      concurrency_id="ingest", concurrency_limit=1, **PRIVATE)
    tab.tab.select(handlers.documents_outputs, [collection], [tab.table, tab.choice],
                   **PRIVATE)
    tab.delete.click(handlers.on_doc_delete, [tab.choice, collection],
                     [tab.message, tab.table, tab.choice, status],
                     js=CONFIRM_DOC, concurrency_id="ingest", **PRIVATE)
