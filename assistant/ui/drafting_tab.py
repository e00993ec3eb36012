"""The "Opstellen" tab: concept documents from templates, and the taalcheck.

``build_drafting_tab(baken)`` adds its components to the current Blocks context. The handlers
call ``DraftingController`` / ``TaalcheckController``, which return plain values, so they can be
tested without a browser. Templates are read from disk on every page load and on "Vernieuwen":
a municipality's template dropped in the configured folder appears without a restart.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import logging
import os
import secrets
import stat
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.access import AccessDenied
from assistant.app import Baken
from assistant.drafting import (
    CONCEPT_MARK,
    Draft,
    Drafter,
    DraftRejected,
    DraftTemplate,
    available_templates,
    build_drafter,
    to_docx,
    to_markdown,
)
from assistant.drafting.result import (
    DraftFinished,
    DraftSection,
    DraftStarted,
    SectionDelta,
    SectionFinished,
    SectionStarted,
)
from assistant.errors import dutch_error
from assistant.taalcheck import (
    Correction,
    Taalcheck,
    TaalcheckResult,
    TaalcheckUnavailable,
    TextRejected,
    apply_corrections,
    diff_html,
    find_dictionary,
    spellchecker,
)
from assistant.ui import inert
from assistant.ui.scopes import user_of

log = logging.getLogger("baken.ui")

MAX_FIELDS = 16
EXPORT_KEEP = 20  # the most recent drafts kept for download, a .docx and a .md each
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


@dataclass
class DraftView:
    """What the drafting outputs show at one moment."""

    preview: str
    info: str
    docx: str | None = None
    markdown: str | None = None


def _field_label(f: Any) -> str:
    return f"{f.label} *" if f.required else f.label


def _warnings_md(warnings: Sequence[str]) -> str:
    return "\n".join(f"- ⚠️ {inert.markdown(w)}" for w in warnings)


def _preview(title: str, sections: Sequence[DraftSection], current: str = "",
             current_text: str = "") -> str:
    """The draft while it is written; every text in it inert (``inert.markdown``)."""
    md = inert.markdown
    parts = [f"**{CONCEPT_MARK}**", f"# {md(title)}"]
    parts += [f"## {md(s.title)}\n\n{md(s.text)}" for s in sections]
    if current:
        parts.append(f"## {md(current)}\n\n{md(current_text)}▌")
    return "\n\n".join(parts)


def preview_markdown(draft: Draft) -> str:
    """The finished draft as the preview shows it: the download's Markdown with every text of
    the draft inert (``inert.markdown``); the Markdown download itself keeps the text as is."""
    return to_markdown(draft, escape=inert.markdown)


def _uid() -> int:
    getuid = getattr(os, "getuid", None)
    return int(getuid()) if getuid is not None else -1


def export_path(data_dir: Path) -> Path:
    """Where the download files of this user and data dir go: one fixed folder.

    The web server only hands out files from the system's temp folder (or its working folder),
    so the folder lives there and not in the data dir. Its name is fixed, so every start reuses
    it instead of leaving a new folder behind.
    """
    tag = hashlib.sha256(str(data_dir.resolve()).encode("utf-8")).hexdigest()[:12]
    return Path(tempfile.gettempdir()) / f"baken-concepten-{max(_uid(), 0)}-{tag}"


def _private(path: Path) -> bool:
    """Whether ``path`` is a folder (not a link) that only this user can read."""
    try:
        info = path.lstat()
    except OSError:
        return False
    private = stat.S_ISDIR(info.st_mode) and not info.st_mode & 0o077
    return private and (_uid() < 0 or info.st_uid == _uid())


def export_folder(data_dir: Path) -> Path:
    """``export_path``, created private to this user. A folder by that name that is not a
    private folder of this user (someone else's, or a link) is never used: then a fresh
    folder is made instead."""
    path = export_path(data_dir)
    with contextlib.suppress(OSError):
        path.mkdir(mode=0o700, exist_ok=True)
    if _private(path):
        return path
    log.warning("exportmap %s is niet privé; een nieuwe map wordt gebruikt", path)
    return Path(tempfile.mkdtemp(prefix="baken-concepten-"))


def _clear(folder: Path) -> None:
    for files in _draft_files(folder).values():
        _remove(files)


def _draft_files(folder: Path) -> dict[str, list[Path]]:
    """The export files in ``folder`` grouped per draft (same name, .docx and .md)."""
    drafts: dict[str, list[Path]] = {}
    try:
        entries = list(folder.iterdir())
    except OSError:
        return drafts
    for entry in entries:
        if entry.name.startswith("concept-") and entry.is_file() and not entry.is_symlink():
            drafts.setdefault(entry.stem, []).append(entry)
    return drafts


def _remove(paths: Sequence[Path]) -> None:
    for path in paths:
        with contextlib.suppress(OSError):  # already gone: another request pruned it
            path.unlink()


@dataclass
class DraftingController:
    """Template listing, the form, and the streamed drafting run, independent of Gradio.

    Download files go to one folder (``export_folder``), made at the first download: emptied
    when the controller starts and at a normal exit (not after SIGTERM/kill: then the next start
    does it), and limited to the ``EXPORT_KEEP`` most recent drafts in between, so nothing piles
    up on the server.
    """

    baken: Baken
    out_dir: Path | None = None
    _drafter: Drafter | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _drafters: dict[str, Drafter] = field(default_factory=dict)

    def __post_init__(self) -> None:
        folder = self.out_dir or export_path(self.baken.settings.data_dir)
        if self.out_dir is not None or _private(folder):
            _clear(folder)  # downloads of a previous start

    def _export_dir(self) -> Path:
        with self._lock:
            if self.out_dir is None:
                self.out_dir = export_folder(self.baken.settings.data_dir)
                atexit.register(_clear, self.out_dir)
            self.out_dir.mkdir(parents=True, exist_ok=True)
            return self.out_dir

    def templates(self) -> tuple[dict[str, DraftTemplate], list[str]]:
        return available_templates(self.baken.settings)

    def template_choices(self) -> list[tuple[str, str]]:
        """(label, name) per template; one from a knowledge pack says which municipality's."""
        from assistant.packs.registry import template_origin

        templates, _ = self.templates()
        data_dir = self.baken.settings.data_dir
        return [(f"{t.title} ({origin})" if (origin := template_origin(t.path, data_dir))
                 else t.title, t.name) for t in templates.values()]

    def problems_md(self) -> str:
        _, problems = self.templates()
        return _warnings_md(problems)

    def source_choices(self, baken: Baken | None = None) -> list[str]:
        """The documents of ``baken``'s collection (default: this controller's)."""
        try:
            return sorted((baken or self.baken).store.indexed_files())
        except Exception as exc:  # noqa: BLE001 - the form works without the list
            log.error("bronnenlijst niet beschikbaar: %s", type(exc).__name__)
            return []

    def form(self, name: str | None) -> tuple[str, list[dict[str, Any]]]:
        """The description and one update per field box (unused boxes hidden)."""
        templates, _ = self.templates()
        template = templates.get(name or "")
        if template is None:
            return "", [gr.update(visible=False, value="") for _ in range(MAX_FIELDS)]
        updates = [gr.update(visible=True, label=_field_label(f), info=f.help, value="",
                             lines=4 if f.multiline else 1)
                   for f in template.fields[:MAX_FIELDS]]
        updates += [gr.update(visible=False, value="")
                    for _ in range(MAX_FIELDS - len(updates))]
        sections = ", ".join(s.title for s in template.sections)
        return f"{template.description}\n\n*Onderdelen:* {sections}", updates

    @property
    def drafter(self) -> Drafter:
        with self._lock:
            if self._drafter is None:
                self._drafter = build_drafter(self.baken)
            return self._drafter

    def drafter_for(self, baken: Baken | None) -> Drafter:
        """The drafter over ``baken``'s collection (searches nothing else)."""
        if baken is None or baken is self.baken:
            return self.drafter
        name = baken.settings.collection
        with self._lock:
            if name not in self._drafters:
                self._drafters[name] = build_drafter(baken)
            return self._drafters[name]

    def export(self, draft: Draft) -> tuple[str, str]:
        """Write the .docx and .md of ``draft``; drafts beyond the most recent are removed."""
        folder = self._export_dir()
        # unique per draft: two users drafting the same template in the same second
        stamp = f"{time.strftime('%Y%m%d-%H%M%S')}-{secrets.token_hex(3)}"
        base = folder / f"concept-{draft.template}-{stamp}"
        docx = to_docx(draft, base.with_suffix(".docx"))
        md = base.with_suffix(".md")
        md.write_text(to_markdown(draft), encoding="utf-8")
        self._prune(folder)
        return str(docx), str(md)

    @staticmethod
    def _prune(folder: Path) -> None:
        drafts = _draft_files(folder)

        def newest(files: list[Path]) -> float:
            try:
                return max(f.stat().st_mtime for f in files)
            except OSError:
                return 0.0

        ordered = sorted(drafts.values(), key=newest, reverse=True)
        for files in ordered[EXPORT_KEEP:]:
            _remove(files)

    def run(self, name: str | None, values: Sequence[str],
            sources: Sequence[str] | None, baken: Baken | None = None) -> Iterator[DraftView]:
        """Stream the draft as previews; the last view carries the download paths. ``baken``:
        the collection to search (default: this controller's)."""
        templates, _ = self.templates()
        template = templates.get(name or "")
        if template is None:
            yield DraftView("", "**Kies eerst een sjabloon.**")
            return
        fields = {f.name: v for f, v in zip(template.fields, values, strict=False)
                  if v and v.strip()}
        yield DraftView("", "Bezig: persoonsgegevens controleren en bronnen zoeken…")
        title = template.title
        warnings: list[str] = []
        done: list[DraftSection] = []
        current, text = "", ""
        try:
            drafter = self.drafter_for(baken)
            for event in drafter.stream(template, fields, tuple(sources or ())):
                if isinstance(event, DraftStarted):
                    title, warnings = event.title, list(event.warnings)
                    found = f"{len(event.sources)} bronnen gevonden." if event.sources else ""
                    yield DraftView(_preview(title, done),
                                    f"Bezig met schrijven… {found}\n\n" + _warnings_md(warnings))
                elif isinstance(event, SectionStarted):
                    current, text = event.title, ""
                    yield DraftView(_preview(title, done, current, text),
                                    f"Bezig: onderdeel {event.index + 1} van "
                                    f"{len(template.sections)} ({current})…\n\n"
                                    + _warnings_md(warnings))
                elif isinstance(event, SectionDelta):
                    text += event.text
                    yield DraftView(_preview(title, done, current, text),
                                    f"Bezig: {current}…\n\n" + _warnings_md(warnings))
                elif isinstance(event, SectionFinished):
                    done.append(event.section)
                    current = ""
                elif isinstance(event, DraftFinished):
                    draft = event.draft
                    docx, md = self.export(draft)
                    yield DraftView(preview_markdown(draft), self._summary(draft), docx, md)
        except DraftRejected as exc:
            yield DraftView(_preview(title, done), f"**Fout:** {inert.markdown(str(exc))}")
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, not a traceback
            yield DraftView(_preview(title, done), f"**Fout:** {inert.markdown(dutch_error(exc))}")

    @staticmethod
    def _summary(draft: Draft) -> str:
        lines = [f"**Klaar.** {len(draft.sections)} onderdelen, {len(draft.sources)} bronnen. "
                 "Download het concept hieronder en controleer het voordat u het gebruikt."]
        if draft.missing:
            lines.append("**Nog in te vullen:** "
                         + "; ".join(inert.markdown(m) for m in draft.missing))
        if draft.warnings:
            lines.append("**Aandachtspunten:**\n" + _warnings_md(draft.warnings))
        return "\n\n".join(lines)


@dataclass
class TaalcheckView:
    """What the taalcheck outputs show."""

    highlighted: list[tuple[str, str | None]]
    details: str
    choices: list[tuple[str, int]]
    info: str


@dataclass
class TaalcheckController:
    """Spelling (always) and sentence structure (with a capable model), independent of Gradio."""

    baken: Baken
    _taalcheck: Taalcheck | None = None

    @property
    def structure_available(self) -> bool:
        return not self.baken.uses_demo_model

    def warm_up(self) -> None:
        """Load the dictionary in the background so the first check is quick."""
        drafting = self.baken.settings.drafting
        try:
            find_dictionary(drafting.taalcheck_dictionary)
        except TaalcheckUnavailable:
            return

        def load() -> None:
            try:
                spellchecker(drafting.taalcheck_dictionary, drafting.taalcheck_wordlist)
            except Exception as exc:  # noqa: BLE001 - reported when the user checks a text
                log.error("woordenboek laden mislukt: %s", type(exc).__name__)

        threading.Thread(target=load, name="baken-woordenboek", daemon=True).start()

    @property
    def taalcheck(self) -> Taalcheck:
        if self._taalcheck is None:
            settings = self.baken.settings
            drafting = settings.drafting
            self._taalcheck = Taalcheck(
                self.baken.anonymizer,
                lambda: spellchecker(drafting.taalcheck_dictionary, drafting.taalcheck_wordlist),
                (lambda: self.baken.assistant.llm) if self.structure_available else None,
                max_chars=drafting.taalcheck_max_chars, max_tokens=settings.model.max_tokens,
                temperature=settings.model.temperature)
        return self._taalcheck

    def check(self, text: str) -> tuple[TaalcheckView, TaalcheckResult | None]:
        try:
            result = self.taalcheck.run(text)
        except (TextRejected, TaalcheckUnavailable) as exc:
            return TaalcheckView([], "", [], f"**Fout:** {exc}"), None
        except Exception as exc:  # noqa: BLE001 - users get a Dutch message, not a traceback
            return TaalcheckView([], "", [], f"**Fout:** {dutch_error(exc)}"), None
        return self.view(result), result

    def view(self, result: TaalcheckResult) -> TaalcheckView:
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
        details: list[str] = []
        choices: list[tuple[str, int]] = []
        for i, c in enumerate(result.corrections):
            details.append(self._detail(i + 1, c))
            if c.replacement:
                label = (f"{i + 1}. spelling: {c.original} → {c.replacement}" if
                         c.kind == "spelling" else f"{i + 1}. zinsbouw: {c.reason or 'voorstel'}")
                choices.append((label, i))
        info = [f"{len(result.spelling)} mogelijke spelfout(en)"
                + (f", {len(result.structure)} zinsbouwvoorstel(len)."
                   if result.structure_checked else ".")]
        if not result.structure_checked:
            info.append("Zinsbouwvoorstellen vragen een eigen taalmodel (zie models/README.md); "
                        "het meegeleverde demomodel is daarvoor te klein. Alleen de spelling is "
                        "gecontroleerd.")
        info += [f"⚠️ {w}" for w in result.warnings]
        return TaalcheckView(pieces, "\n".join(details), choices, "\n\n".join(info))

    @staticmethod
    def _detail(n: int, c: Correction) -> str:
        if c.kind == "spelling":
            options = ", ".join(c.alternatives) if c.alternatives else "geen suggestie"
            return (f"<p class='baken-taal'><b>{n}.</b> spelling: <del>{escape(c.original)}</del>"
                    f" — suggestie: {escape(options)}</p>")
        reason = f" <i>({escape(c.reason)})</i>" if c.reason else ""
        return (f"<p class='baken-taal'><b>{n}.</b> zinsbouw{reason}: "
                f"{diff_html(c.original, c.replacement)}</p>")

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


Resolve = Callable[[str | None, str | None], Baken]
"""(login name, chosen collection) -> that collection's ``Baken``, or ``AccessDenied``."""


PREVIEW_EMPTY = ("_Hier verschijnen de voortgang en het concept, onderdeel voor onderdeel, zodra "
                 "u op **Concept opstellen** klikt._")


def build_drafting_tab(baken: Baken, *, collection: Any = None,
                       resolve: Resolve | None = None) -> None:
    """Add the drafting and taalcheck components to the current Blocks context.

    With ``resolve`` (and the ``collection`` picker as input) a draft searches only the
    collection picked by, and granted to, the logged-in user; without it, ``baken``'s.
    """
    drafting = DraftingController(baken)
    taal = TaalcheckController(baken)
    choices = drafting.template_choices()
    first = choices[0][1] if choices else None
    if any(name == "collegevoorstel" for _, name in choices):
        first = "collegevoorstel"
    description, updates = drafting.form(first)

    with gr.Tabs(elem_id="baken-opstellen-tabs"):
        with gr.Tab("Concept opstellen", elem_id="baken-tab-concept"):
            gr.Markdown(INTRO)
            # the form left, the progress and the preview right (sticky): both stay in view
            # while the draft is written section by section
            with gr.Row(equal_height=False):
                with gr.Column(scale=1, elem_id="baken-opstel-formulier"):
                    with gr.Row():
                        template = gr.Dropdown(choices=choices, value=first, label="Sjabloon",
                                               elem_id="baken-sjabloon", scale=4)
                        refresh = gr.Button("Vernieuwen", size="sm", scale=1,
                                            elem_id="baken-sjablonen-vernieuwen")
                    about = gr.Markdown(description, elem_id="baken-sjabloon-uitleg")
                    problems = gr.Markdown(drafting.problems_md(),
                                           elem_id="baken-sjabloon-fouten")
                    boxes = []
                    for i in range(MAX_FIELDS):
                        spec = updates[i]
                        boxes.append(gr.Textbox(
                            label=spec.get("label") or f"Veld {i + 1}", info=spec.get("info"),
                            lines=spec.get("lines") or 1, visible=bool(spec.get("visible")),
                            elem_id=f"baken-veld-{i}"))
                    # with grants the list is filled per login when the page loads
                    sources = gr.Dropdown(choices=[] if resolve else drafting.source_choices(),
                                          multiselect=True,
                                          label="Brondocumenten (optioneel)",
                                          info="Leeg = Baken zoekt in alle documenten.",
                                          elem_id="baken-brondocumenten")
                    start = gr.Button("Concept opstellen", variant="primary",
                                      elem_id="baken-opstellen")
                with gr.Column(scale=1, elem_id="baken-concept-kolom"):
                    info = gr.Markdown(elem_id="baken-opstel-info")
                    with gr.Row():
                        docx_btn = gr.DownloadButton("Download .docx", visible=False,
                                                     elem_id="baken-download-docx")
                        md_btn = gr.DownloadButton("Download Markdown", visible=False,
                                                   elem_id="baken-download-md")
                    preview = gr.Markdown(PREVIEW_EMPTY, elem_id="baken-concept")

        with gr.Tab("Taalcheck", elem_id="baken-tab-taalcheck"):
            gr.Markdown(TAALCHECK_INTRO)
            text_in = gr.Textbox(label="Tekst", lines=10, elem_id="baken-taal-tekst")
            check = gr.Button("Controleer", variant="primary", elem_id="baken-taal-controleer")
            taal_info = gr.Markdown(elem_id="baken-taal-info")
            marked = gr.HighlightedText(label="Gevonden", combine_adjacent=False,
                                        color_map={"spelling": "red", "zinsbouw": "orange"},
                                        elem_id="baken-taal-markering")
            details = gr.HTML(elem_id="baken-taal-details")
            chosen = gr.CheckboxGroup(choices=[], label="Verbeteringen om over te nemen",
                                      type="value", elem_id="baken-taal-keuze")
            apply = gr.Button("Neem gekozen verbeteringen over", elem_id="baken-taal-overnemen")
            result_state = gr.State(None)

    def baken_for(request: gr.Request, chosen: str | None) -> Baken:
        if resolve is None:
            return baken
        return resolve(user_of(request), chosen)

    def documents_of(request: gr.Request, chosen: str | None) -> list[str]:
        try:
            return drafting.source_choices(baken_for(request, chosen))
        except AccessDenied:
            return []

    def on_refresh(current: str | None, request: gr.Request,
                   chosen: str | None = None) -> tuple[Any, ...]:
        options = drafting.template_choices()
        names = [n for _, n in options]
        value = current if current in names else (names[0] if names else None)
        return (gr.update(choices=options, value=value), drafting.problems_md(),
                gr.update(choices=documents_of(request, chosen), value=[]))

    def on_template(name: str | None) -> tuple[Any, ...]:
        text, box_updates = drafting.form(name)
        return (text, *box_updates)

    def on_start(name: str | None, chosen_sources: list[str] | None, request: gr.Request,
                 chosen: str | None, *values: str) -> Iterator[tuple[Any, ...]]:
        try:
            target = baken_for(request, chosen)
        except AccessDenied as exc:
            yield "", f"**{exc}**", gr.update(visible=False), gr.update(visible=False)
            return
        for view in drafting.run(name, values, chosen_sources, target):
            ready = view.docx is not None
            yield (view.preview, view.info,
                   gr.update(value=view.docx, visible=ready),
                   gr.update(value=view.markdown, visible=ready))

    def on_check(text: str) -> tuple[Any, ...]:
        view, result = taal.check(text)
        return (view.highlighted, view.details, gr.update(choices=view.choices, value=[]),
                view.info, result)

    def on_apply(result: TaalcheckResult | None, picked: list[int] | None) -> tuple[Any, ...]:
        text, note = taal.accept(result, picked or [])
        new_text = gr.update(value=text) if result is not None else gr.update()
        return new_text, note, [], "", gr.update(choices=[], value=[]), None

    picked = [collection] if collection is not None else []
    refresh.click(on_refresh, [template, *picked], [template, problems, sources], **PRIVATE)
    template.input(on_template, [template], [about, *boxes], **PRIVATE)
    chosen_input = collection if collection is not None else gr.State(None)
    start.click(on_start, [template, sources, chosen_input, *boxes],
                [preview, info, docx_btn, md_btn],
                concurrency_id="chat", **PRIVATE)
    check.click(on_check, [text_in], [marked, details, chosen, taal_info, result_state],
                concurrency_id="chat", **PRIVATE)
    apply.click(on_apply, [result_state, chosen],
                [text_in, taal_info, marked, details, chosen, result_state], **PRIVATE)
    root = gr.context.Context.root_block
    if root is not None:
        root.load(on_refresh, [template, *picked], [template, problems, sources], **PRIVATE)
    if collection is not None:
        collection.change(on_refresh, [template, collection], [template, problems, sources],
                          **PRIVATE)
    taal.warm_up()
