"""Praktijknotities and knowledge packs in the documents tab.

``KnowledgeController`` does the work without Gradio types (tested on its own): notes are
added, changed and deleted through ``assistant.notes`` (anonymised, indexed, audited), packs
are imported and removed through ``assistant.packs``; the tables show each installed pack with
its signer's key fingerprint, date and contents. ``build_knowledge_section`` lays it out.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.app import Baken
from assistant.errors import dutch_error
from assistant.notes import NoteRejected, build_notebook, dutch_date
from assistant.packs.errors import PackError
from assistant.packs.importer import describe
from assistant.packs.registry import installed_packs
from assistant.ui import inert
from assistant.ui.scopes import user_of

NOTE_HEADERS = ["Nummer", "Datum", "Team", "Onderwerp", "Trefwoorden"]
PACK_HEADERS = ["Pakket", "Gemeente", "Datum", "Vingerafdruk ondertekenaar", "Inhoud",
                "Collectie"]
Resolve = Callable[[str | None, str | None], Baken]


def _error(exc: Exception) -> str:
    text = str(exc) if isinstance(exc, PackError | NoteRejected) else dutch_error(exc)
    return f"⚠️ {inert.markdown(text)}".replace("\n", "  \n")


class KnowledgeController:
    """Notes and packs of one ``Baken`` (one collection)."""

    def __init__(self, baken: Baken) -> None:
        self.baken = baken

    # -- notes -----------------------------------------------------------------------------
    def note_rows(self) -> list[list[Any]]:
        return [[n.id, dutch_date(n.updated), n.team, n.topic, ", ".join(n.tags)]
                for n in build_notebook(self.baken).list()]

    def note_ids(self) -> list[tuple[str, str]]:
        return [(f"{n.topic} ({n.id})", n.id) for n in build_notebook(self.baken).list()]

    def note_fields(self, note_id: str | None) -> tuple[str, str, str, str]:
        if not note_id:
            return "", "", "", ""
        try:
            n = build_notebook(self.baken).get(note_id)
        except NoteRejected:
            return "", "", "", ""
        return n.topic, n.text, n.team, ", ".join(n.tags)

    def save_note(self, note_id: str | None, topic: str, text: str, team: str,
                  tags: str) -> str:
        """Add a note (no ``note_id``) or change one; the message is Markdown."""
        book = build_notebook(self.baken)
        try:
            if note_id:
                note = book.edit(note_id, topic=topic, text=text, team=team, tags=tags)
                done = "gewijzigd"
            else:
                note = book.add(topic, text, team, tags)
                done = "opgeslagen"
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return _error(exc)
        return (f"Praktijknotitie {done} en geïndexeerd (geanonimiseerd, zonder uw naam): "
                f"«{inert.markdown(note.title)}».")

    def delete_note(self, note_id: str | None) -> str:
        if not note_id:
            return "Kies eerst een praktijknotitie."
        try:
            build_notebook(self.baken).delete(note_id)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return _error(exc)
        return "Praktijknotitie verwijderd uit de index."

    # -- packs -----------------------------------------------------------------------------
    def pack_rows(self) -> list[list[Any]]:
        return [[p.manifest.name, p.manifest.municipality, p.manifest.created,
                 p.manifest.fingerprint, p.manifest.contents_nl(), p.collection]
                for p in installed_packs(self.baken.settings.data_dir)]

    def pack_choices(self) -> list[tuple[str, str]]:
        return [(f"{p.manifest.name} (gemeente {p.manifest.municipality})", p.slug)
                for p in installed_packs(self.baken.settings.data_dir)]

    def import_pack(self, path: str | Path | None, fingerprint: str | None = None) -> str:
        """Verify and import an uploaded pack; the message shows contents and signer."""
        if not path:
            return "Kies eerst een pakket (.zip)."
        try:
            installer = self.baken.pack_installer
            manifest, _ = installer.inspect(Path(path), fingerprint or None)
            result = installer.install(Path(path), fingerprint or None)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return _error(exc)
        shown = inert.markdown(describe(manifest) + "\n" + result.summary_nl())
        return ("Handtekening en bestanden gecontroleerd; de privacycontrole vond niets.  \n"
                + shown.replace("\n", "  \n")
                + "  \nControleer de vingerafdruk met de gemeente die het pakket stuurde.")

    def remove_pack(self, slug: str | None) -> str:
        if not slug:
            return "Kies eerst een pakket."
        try:
            removal = self.baken.pack_installer.remove(slug)
        except Exception as exc:  # noqa: BLE001 - users see Dutch, never a stack trace
            return _error(exc)
        return (f"Pakket «{inert.markdown(removal.manifest.name)}» verwijderd, met "
                f"{len(removal.documents)} notitie(s) en document(en).")


class KnowledgeHandlers:
    """The section's event handlers: each works on the request's collection."""

    def __init__(self, baken: Baken, resolve: Resolve | None) -> None:
        self.baken, self.resolve = baken, resolve

    def controller(self, request: gr.Request, chosen: str | None) -> KnowledgeController:
        return KnowledgeController(self.baken if self.resolve is None
                                   else self.resolve(user_of(request), chosen))

    def refresh(self, chosen: str | None, request: gr.Request) -> tuple[Any, ...]:
        """The notes and packs tables with their choices."""
        try:
            c = self.controller(request, chosen)
            return (c.note_rows(), gr.update(choices=c.note_ids(), value=None), c.pack_rows(),
                    gr.update(choices=c.pack_choices(), value=None))
        except Exception:  # noqa: BLE001 - no access to this collection: show nothing
            return [], gr.update(choices=[], value=None), [], gr.update(choices=[], value=None)

    def on_pick(self, note_id: str | None, chosen: str | None,
                request: gr.Request) -> tuple[str, ...]:
        return self.controller(request, chosen).note_fields(note_id)

    def on_save(self, note_id: str | None, a: str, b: str, c: str, d: str, chosen: str | None,
                request: gr.Request) -> str:
        return self.controller(request, chosen).save_note(note_id, a, b, c, d)

    def on_delete(self, note_id: str | None, chosen: str | None, request: gr.Request) -> str:
        return self.controller(request, chosen).delete_note(note_id)

    def on_import(self, path: str | None, fp: str, chosen: str | None,
                  request: gr.Request) -> str:
        return self.controller(request, chosen).import_pack(path, fp)

    def on_remove(self, slug: str | None, chosen: str | None, request: gr.Request) -> str:
        return self.controller(request, chosen).remove_pack(slug)


def _notes_section() -> dict[str, Any]:
    """Praktijknotities: pick one to change (or none: new), the fields, save, delete, list."""
    c: dict[str, Any] = {}
    gr.Markdown("### Praktijknotities\nEen korte les uit de praktijk, bijvoorbeeld *'Bij een "
                "woningsluiting na 13b eerst …'*. Wordt geanonimiseerd; uw naam wordt niet "
                "bewaard, de naam van het team wel. Antwoorden noemen haar 'praktijknotitie' "
                "met de datum: ervaring, geen regel.")
    c["note_pick"] = gr.Dropdown(label="Bestaande notitie wijzigen (leeg = nieuwe notitie)",
                                 choices=[], value=None, elem_id="baken-notitie-keuze")
    c["topic"] = gr.Textbox(label="Onderwerp", elem_id="baken-notitie-onderwerp")
    c["text"] = gr.Textbox(label="Les uit de praktijk", lines=4, elem_id="baken-notitie-tekst")
    with gr.Row():
        c["team"] = gr.Textbox(label="Team", elem_id="baken-notitie-team")
        c["tags"] = gr.Textbox(label="Trefwoorden (optioneel, met komma's)",
                               elem_id="baken-notitie-trefwoorden")
    with gr.Row():
        c["save"] = gr.Button("Notitie opslaan", variant="primary",
                              elem_id="baken-notitie-opslaan")
        c["delete"] = gr.Button("Verwijder gekozen notitie", variant="stop",
                                elem_id="baken-notitie-verwijder")
    c["note_msg"] = gr.Markdown(elem_id="baken-notitie-melding")
    c["notes"] = gr.Dataframe(headers=NOTE_HEADERS, interactive=False, wrap=True,
                              elem_id="baken-notities")
    return c


def _packs_section() -> dict[str, Any]:
    """Kennispakketten: the installed packs, import (with the expected fingerprint), remove."""
    c: dict[str, Any] = {}
    gr.Markdown("### Kennispakketten\nOndertekende pakketten van andere gemeenten: sjablonen, "
                "vragensets, praktijknotities en openbare documenten. Controleer de "
                "vingerafdruk van de ondertekenaar met de afzender.")
    c["packs"] = gr.Dataframe(headers=PACK_HEADERS, interactive=False, wrap=True,
                              elem_id="baken-pakketten")
    with gr.Row():
        c["upload"] = gr.File(label="Pakket (.zip)", file_types=[".zip"], type="filepath",
                              elem_id="baken-pakket-upload")
        c["expected"] = gr.Textbox(label="Verwachte vingerafdruk (optioneel)",
                                   elem_id="baken-pakket-vingerafdruk")
    with gr.Row():
        c["do_import"] = gr.Button("Pakket controleren en importeren",
                                   elem_id="baken-pakket-import")
        c["pack_pick"] = gr.Dropdown(label="Pakket verwijderen", choices=[], value=None,
                                     elem_id="baken-pakket-keuze")
        c["remove"] = gr.Button("Verwijder pakket", variant="stop",
                                elem_id="baken-pakket-verwijder")
    c["pack_msg"] = gr.Markdown(elem_id="baken-pakket-melding")
    return c


def build_knowledge_section(baken: Baken, *, collection: Any = None,
                            resolve: Resolve | None = None, tab: Any = None) -> None:
    """Praktijknotities and Kennispakketten, inside the documents tab (refreshed when ``tab``
    is selected and when another ``collection`` is chosen)."""
    private: dict[str, Any] = {"api_visibility": "private"}
    chosen_box = collection if collection is not None else gr.State(None)
    h = KnowledgeHandlers(baken, resolve)
    n, p = _notes_section(), _packs_section()
    outputs = [n["notes"], n["note_pick"], p["packs"], p["pack_pick"]]
    n["note_pick"].change(h.on_pick, [n["note_pick"], chosen_box],
                          [n["topic"], n["text"], n["team"], n["tags"]], **private)
    for button, fn, inputs, message in (
            (n["save"], h.on_save,
             [n["note_pick"], n["topic"], n["text"], n["team"], n["tags"]], n["note_msg"]),
            (n["delete"], h.on_delete, [n["note_pick"]], n["note_msg"]),
            (p["do_import"], h.on_import, [p["upload"], p["expected"]], p["pack_msg"]),
            (p["remove"], h.on_remove, [p["pack_pick"]], p["pack_msg"])):
        button.click(fn, [*inputs, chosen_box], [message], concurrency_id="ingest",
                     **private).then(h.refresh, [chosen_box], outputs, **private)
    if collection is not None:
        collection.change(h.refresh, [collection], outputs, **private)
    if tab is not None:
        tab.select(h.refresh, [chosen_box], outputs, **private)
