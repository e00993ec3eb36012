"""The "Taalcheck" tab without Gradio: check a pasted text, show and apply the corrections.

The ``Taalcheck`` is the composition root's (``Baken.taalcheck``); it is asked for on the first
check, so building the page does not load the anonymiser. Every method returns plain values.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape

from assistant.errors import dutch_error
from assistant.setting_sections import DraftingSettings
from assistant.taalcheck import (
    Correction,
    Taalcheck,
    TaalcheckResult,
    TaalcheckUnavailable,
    apply_corrections,
    diff_html,
    find_dictionary,
    spellchecker,
)
from assistant.ui import inert
from assistant.ui.formatting import warnings_markdown

log = logging.getLogger("baken.ui")

SPELLING_ONLY = ("Zinsbouwvoorstellen vragen een eigen taalmodel (zie models/README.md); het "
                 "meegeleverde demomodel is daarvoor te klein. Alleen de spelling is "
                 "gecontroleerd.")


@dataclass
class TaalcheckView:
    """What the taalcheck outputs show: the text in marked pieces, the details (HTML), the
    corrections to choose from (label, index) and a Markdown note."""

    highlighted: list[tuple[str, str | None]]
    details: str
    choices: list[tuple[str, int]]
    info: str


def marked_pieces(result: TaalcheckResult) -> list[tuple[str, str | None]]:
    """The checked text cut into pieces, each correction's piece labelled with its kind."""
    text = result.text
    pieces: list[tuple[str, str | None]] = []
    position = 0
    for c in result.corrections:
        if c.start < position:
            continue
        if c.start > position:
            pieces.append((text[position:c.start], None))
        pieces.append((text[c.start:c.end], c.kind))
        position = c.end
    if position < len(text):
        pieces.append((text[position:], None))
    return pieces


def detail_html(n: int, c: Correction) -> str:
    """One numbered correction as HTML; every text in it escaped."""
    if c.kind == "spelling":
        options = ", ".join(c.alternatives) if c.alternatives else "geen suggestie"
        return (f"<p class='baken-taal'><b>{n}.</b> spelling: <del>{escape(c.original)}</del>"
                f" — suggestie: {escape(options)}</p>")
    reason = f" <i>({escape(c.reason)})</i>" if c.reason else ""
    return (f"<p class='baken-taal'><b>{n}.</b> zinsbouw{reason}: "
            f"{diff_html(c.original, c.replacement)}</p>")


def choice_label(n: int, c: Correction) -> str:
    if c.kind == "spelling":
        return f"{n}. spelling: {c.original} → {c.replacement}"
    return f"{n}. zinsbouw: {c.reason or 'voorstel'}"


class TaalcheckController:
    """Spelling (always) and sentence structure (with a capable model), independent of Gradio.

    ``taalcheck``: returns the composition root's ``Taalcheck`` (called on the first check);
    ``settings``: where the dictionary is, for ``warm_up``."""

    def __init__(self, taalcheck: Callable[[], Taalcheck], settings: DraftingSettings) -> None:
        self._taalcheck = taalcheck
        self._settings = settings

    def warm_up(self) -> None:
        """Load the dictionary in the background so the first check is quick."""
        settings = self._settings
        try:
            find_dictionary(settings.taalcheck_dictionary)
        except TaalcheckUnavailable:
            return

        def load() -> None:
            try:
                spellchecker(settings.taalcheck_dictionary, settings.taalcheck_wordlist)
            except Exception as exc:  # noqa: BLE001 - reported when the user checks a text
                log.error("woordenboek laden mislukt: %s", type(exc).__name__)

        threading.Thread(target=load, name="baken-woordenboek", daemon=True).start()

    def check(self, text: str) -> tuple[TaalcheckView, TaalcheckResult | None]:
        """The view of the check of ``text`` and the result to apply from (None: an error)."""
        try:
            result = self._taalcheck().run(text)
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, not a traceback
            return TaalcheckView([], "", [], f"**Fout:** {inert.markdown(dutch_error(exc))}"), None
        return self.view(result), result

    @staticmethod
    def view(result: TaalcheckResult) -> TaalcheckView:
        corrections = list(enumerate(result.corrections, start=1))
        choices = [(choice_label(n, c), n - 1) for n, c in corrections if c.replacement]
        info = [f"{len(result.spelling)} mogelijke spelfout(en)"
                + (f", {len(result.structure)} zinsbouwvoorstel(len)."
                   if result.structure_checked else ".")]
        if not result.structure_checked:
            info.append(SPELLING_ONLY)
        if result.warnings:
            info.append(warnings_markdown(result.warnings))
        return TaalcheckView(marked_pieces(result),
                             "\n".join(detail_html(n, c) for n, c in corrections), choices,
                             "\n\n".join(info))

    @staticmethod
    def accept(result: TaalcheckResult | None, chosen: Sequence[int]) -> tuple[str, str]:
        """The text with the chosen corrections applied, and a Dutch note."""
        if result is None:
            return "", "Controleer eerst een tekst."
        picked = [result.corrections[i] for i in chosen if 0 <= i < len(result.corrections)]
        text, skipped = apply_corrections(result.text, picked)
        note = f"{len(picked) - skipped} verbetering(en) overgenomen."
        if skipped:
            note += f" {skipped} overgeslagen omdat ze overlapten met een andere verbetering."
        return text, note
