"""The "Opstellen" tab: concept documents from templates, and the taalcheck.

``build_drafting_tab(baken)`` adds its components to the current Blocks context and wires each
event to a ``DraftingHandlers`` method; the work is done by ``DraftingController`` and
``TaalcheckController``, which return plain values and are tested without a browser.
Templates are read from disk on every page load and on "Vernieuwen": a municipality's template
dropped in the configured folder appears without a restart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import gradio as gr

from assistant.app import Baken
from assistant.drafting import CONCEPT_MARK
from assistant.ui.drafting_controller import MAX_FIELDS, DraftingController, FormView
from assistant.ui.drafting_handlers import DraftingHandlers, Resolve
from assistant.ui.drafting_taalcheck import TaalcheckController

PRIVATE: dict[str, Any] = {"api_visibility": "private"}
INTRO = (
    "### Concept opstellen\nKies een sjabloon, vul de velden in en klik op **Concept "
    "opstellen**. Baken zoekt de regels en het beleid in uw documenten, schrijft het concept per "
    "onderdeel en noemt de bronnen. Wat Baken niet weet, staat er als **[in te vullen: …]**. "
    f"Het resultaat is altijd een **{CONCEPT_MARK}**.\n\n"
    "Vul geen namen, adressen of andere persoonsgegevens in: gebruik aanduidingen zoals "
    "[PERSOON-1]. Baken vervangt herkende persoonsgegevens en waarschuwt u."
)
TAALCHECK_INTRO = (
    "### Taalcheck\nPlak een tekst en klik op **Controleer**. Baken markeert spelfouten met het "
    "Nederlandse woordenboek en doet, als een eigen taalmodel is ingesteld, voorstellen voor de "
    "zinsbouw. Vink de verbeteringen aan die u wilt overnemen."
)
PREVIEW_EMPTY = ("_Hier verschijnen de voortgang en het concept, onderdeel voor onderdeel, zodra "
                 "u op **Concept opstellen** klikt._")


@dataclass
class ConceptTab:
    """The components of "Concept opstellen"."""

    template: Any
    refresh: Any
    about: Any
    problems: Any
    boxes: list[Any]
    sources: Any
    start: Any
    info: Any
    docx: Any
    markdown: Any
    preview: Any


@dataclass
class TaalcheckTab:
    """The components of "Taalcheck"."""

    text: Any
    check: Any
    info: Any
    marked: Any
    details: Any
    chosen: Any
    apply: Any
    result: Any


def _field_boxes(form: FormView) -> list[Any]:
    return [gr.Textbox(label=view.label or f"Veld {i + 1}", info=view.info, lines=view.lines,
                       visible=view.visible, elem_id=f"baken-veld-{i}")
            for i, view in enumerate(form.fields[:MAX_FIELDS])]


def build_concept_tab(drafting: DraftingController, *, list_sources: bool) -> ConceptTab:
    """The form left, the progress and the preview right (sticky): both stay in view while the
    draft is written section by section. ``list_sources``: fill the document list now (with
    grants it is filled per login when the page loads)."""
    start = drafting.refresh()
    form = drafting.form(start.value)
    with gr.Tab("Concept opstellen", elem_id="baken-tab-concept"):
        gr.Markdown(INTRO)
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, elem_id="baken-opstel-formulier"):
                with gr.Row():
                    template = gr.Dropdown(choices=start.choices, value=start.value,
                                           label="Sjabloon", elem_id="baken-sjabloon", scale=4)
                    refresh = gr.Button("Vernieuwen", size="sm", scale=1,
                                        elem_id="baken-sjablonen-vernieuwen")
                about = gr.Markdown(form.description, elem_id="baken-sjabloon-uitleg")
                problems = gr.Markdown(start.problems, elem_id="baken-sjabloon-fouten")
                boxes = _field_boxes(form)
                sources = gr.Dropdown(choices=drafting.source_choices() if list_sources else [],
                                      multiselect=True, label="Brondocumenten (optioneel)",
                                      info="Leeg = Baken zoekt in alle documenten.",
                                      elem_id="baken-brondocumenten")
                button = gr.Button("Concept opstellen", variant="primary",
                                   elem_id="baken-opstellen")
            with gr.Column(scale=1, elem_id="baken-concept-kolom"):
                info = gr.Markdown(elem_id="baken-opstel-info")
                with gr.Row():
                    docx = gr.DownloadButton("Download .docx", visible=False,
                                             elem_id="baken-download-docx")
                    markdown = gr.DownloadButton("Download Markdown", visible=False,
                                                 elem_id="baken-download-md")
                preview = gr.Markdown(PREVIEW_EMPTY, elem_id="baken-concept")
    return ConceptTab(template, refresh, about, problems, boxes, sources, button, info, docx,
                      markdown, preview)


def build_taalcheck_tab() -> TaalcheckTab:
    with gr.Tab("Taalcheck", elem_id="baken-tab-taalcheck"):
        gr.Markdown(TAALCHECK_INTRO)
        text = gr.Textbox(label="Tekst", lines=10, elem_id="baken-taal-tekst")
        check = gr.Button("Controleer", variant="primary", elem_id="baken-taal-controleer")
        info = gr.Markdown(elem_id="baken-taal-info")
        marked = gr.HighlightedText(label="Gevonden", combine_adjacent=False,
                                    color_map={"spelling": "red", "zinsbouw": "orange"},
                                    elem_id="baken-taal-markering")
        details = gr.HTML(elem_id="baken-taal-details")
        chosen = gr.CheckboxGroup(choices=[], label="Verbeteringen om over te nemen",
                                  type="value", elem_id="baken-taal-keuze")
        apply = gr.Button("Neem gekozen verbeteringen over", elem_id="baken-taal-overnemen")
        result = gr.State(None)
    return TaalcheckTab(text, check, info, marked, details, chosen, apply, result)


def wire_concept_tab(tab: ConceptTab, h: DraftingHandlers, collection: Any = None) -> None:
    """Refresh on the button, on page load and on another collection; draft on the button."""
    picked = [collection] if collection is not None else []
    refreshed = [tab.template, tab.problems, tab.sources]
    tab.refresh.click(h.on_refresh, [tab.template, *picked], refreshed, **PRIVATE)
    tab.template.input(h.on_template, [tab.template], [tab.about, *tab.boxes], **PRIVATE)
    chosen = collection if collection is not None else gr.State(None)
    tab.start.click(h.on_start, [tab.template, tab.sources, chosen, *tab.boxes],
                    [tab.preview, tab.info, tab.docx, tab.markdown],
                    concurrency_id="chat", **PRIVATE)
    root = gr.context.Context.root_block
    if root is not None:
        root.load(h.on_refresh, [tab.template, *picked], refreshed, **PRIVATE)
    if collection is not None:
        collection.change(h.on_refresh, [tab.template, collection], refreshed, **PRIVATE)


def wire_taalcheck_tab(tab: TaalcheckTab, h: DraftingHandlers) -> None:
    tab.check.click(h.on_check, [tab.text],
                    [tab.marked, tab.details, tab.chosen, tab.info, tab.result],
                    concurrency_id="chat", **PRIVATE)
    tab.apply.click(h.on_apply, [tab.result, tab.chosen],
                    [tab.text, tab.info, tab.marked, tab.details, tab.chosen, tab.result],
                    **PRIVATE)


def build_drafting_tab(baken: Baken, *, collection: Any = None,
                       resolve: Resolve | None = None) -> None:
    """Add the drafting and taalcheck components to the current Blocks context.

    With ``resolve`` (and the ``collection`` picker as input) a draft searches only the
    collection picked by, and granted to, the logged-in user; without it, ``baken``'s.
    """
    drafting = DraftingController(baken)
    taal = TaalcheckController(lambda: baken.taalcheck, baken.settings.drafting)
    handlers = DraftingHandlers(baken, drafting, taal, resolve)
    with gr.Tabs(elem_id="baken-opstellen-tabs"):
        concept = build_concept_tab(drafting, list_sources=resolve is None)
        checker = build_taalcheck_tab()
    wire_concept_tab(concept, handlers, collection)
    wire_taalcheck_tab(checker, handlers)
    taal.warm_up()
