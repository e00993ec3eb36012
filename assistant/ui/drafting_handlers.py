"""The Opstellen tab's event handlers: the controllers' plain values as Gradio updates.

Only this module and the tab's builder know Gradio; the work is done by ``DraftingController``
and ``TaalcheckController``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import gradio as gr

from assistant.access import AccessDenied
from assistant.app import Baken
from assistant.taalcheck import TaalcheckResult
from assistant.ui.drafting_controller import DraftingController, FieldView
from assistant.ui.drafting_taalcheck import TaalcheckController
from assistant.ui.scopes import user_of

Resolve = Callable[[str | None, str | None], Baken]
"""(login name, chosen collection) -> that collection's ``Baken``, or ``AccessDenied``."""


def field_update(view: FieldView) -> dict[str, Any]:
    """One field box, emptied: shown with its label, help and height, or hidden."""
    if not view.visible:
        return gr.update(visible=False, value="")
    return gr.update(visible=True, label=view.label, info=view.info, value="", lines=view.lines)


class DraftingHandlers:
    """What each event of the tab does. With ``resolve`` a draft searches only the collection
    picked by, and granted to, the logged-in user; without it, ``baken``'s."""

    def __init__(self, baken: Baken, drafting: DraftingController, taal: TaalcheckController,
                 resolve: Resolve | None = None) -> None:
        self.baken = baken
        self.drafting = drafting
        self.taal = taal
        self.resolve = resolve

    def baken_for(self, request: gr.Request, chosen: str | None) -> Baken:
        if self.resolve is None:
            return self.baken
        return self.resolve(user_of(request), chosen)

    def documents_of(self, request: gr.Request, chosen: str | None) -> list[str]:
        try:
            return self.drafting.source_choices(self.baken_for(request, chosen))
        except AccessDenied:
            return []

    def on_refresh(self, current: str | None, request: gr.Request,
                   chosen: str | None = None) -> tuple[Any, ...]:
        """The template list, the template problems and the documents to pick from."""
        view = self.drafting.refresh(current)
        return (gr.update(choices=view.choices, value=view.value), view.problems,
                gr.update(choices=self.documents_of(request, chosen), value=[]))

    def on_template(self, name: str | None) -> tuple[Any, ...]:
        """The description and the field boxes of the chosen template."""
        form = self.drafting.form(name)
        return (form.description, *(field_update(f) for f in form.fields))

    def on_start(self, name: str | None, sources: list[str] | None, request: gr.Request,
                 chosen: str | None, *values: str) -> Iterator[tuple[Any, ...]]:
        """The preview, the progress note and the two download buttons, while drafting."""
        try:
            target = self.baken_for(request, chosen)
        except AccessDenied as exc:
            yield "", f"**{exc}**", gr.update(visible=False), gr.update(visible=False)
            return
        for view in self.drafting.run(name, values, sources, target):
            ready = view.docx is not None
            yield (view.preview, view.info, gr.update(value=view.docx, visible=ready),
                   gr.update(value=view.markdown, visible=ready))

    def on_check(self, text: str) -> tuple[Any, ...]:
        """The marked text, the details, the corrections to choose, the note and the result."""
        view, result = self.taal.check(text)
        return (view.highlighted, view.details, gr.update(choices=view.choices, value=[]),
                view.info, result)

    def on_apply(self, result: TaalcheckResult | None,
                 picked: list[int] | None) -> tuple[Any, ...]:
        """The corrected text (unchanged without a check), the note, and emptied outputs."""
        text, note = self.taal.accept(result, picked or [])
        new_text = gr.update(value=text) if result is not None else gr.update()
        return new_text, note, [], "", gr.update(choices=[], value=[]), None
