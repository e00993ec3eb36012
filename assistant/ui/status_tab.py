"""The status line above the tabs and the status tab: model, embedder, counts, parts, privacy.

Plain functions of the ``UIContext`` that return Markdown; ``build_status_tab`` lays out the
tab (the page refreshes both while the warm-up runs).
"""

from __future__ import annotations

import logging
from typing import Any

import gradio as gr

from assistant.app import Baken
from assistant.credentials import make_auth
from assistant.errors import dutch_error
from assistant.llm import model_file
from assistant.parts import SYMBOLS, optional_parts
from assistant.ui import inert
from assistant.ui.context import UIContext
from assistant.ui.documents import allowed_types
from assistant.ui.formatting import DEMO_MODEL_NOTICE, SMALL_MODEL_NOTICE, status_markdown

log = logging.getLogger("baken.ui")

STEP_NAMES = {"opslag": "documentopslag", "index": "zoekindex en anonimiseerder",
              "taalmodel": "taalmodel"}


def model_label(baken: Baken) -> str:
    """The model as the status shows it (the model server's, the demo model or the file)."""
    if baken.settings.server.llm_base_url:
        return f"{baken.settings.server.llm_model} (modelserver)"
    try:
        chosen = model_file(baken.settings)
    except Exception:  # noqa: BLE001 - the status line must never fail
        return "geen taalmodel gevonden"
    return "SmolLM2-135M (demomodel)" if baken.uses_demo_model else chosen.path.name


def model_notice(baken: Baken) -> str | None:
    """Why the default model is not used (Dutch), e.g. a missing or damaged model file."""
    if baken.settings.server.llm_base_url:
        return None
    try:
        return model_file(baken.settings).fallback_reason
    except Exception as exc:  # noqa: BLE001 - the status line must never fail
        return str(exc)


def _startup_errors(ctx: UIContext) -> dict[str, str]:
    """Per part, why loading it failed (Dutch), and the model notice."""
    errors: dict[str, str] = {}
    if ctx.warmup:
        errors = {k: f"Laden van {STEP_NAMES.get(k, k)} mislukt: {dutch_error(v)}"
                  for k, v in ctx.warmup.errors.items()}
    notice = model_notice(ctx.baken)
    if notice:
        errors["taalmodel"] = notice
    return errors


def _counts(ctx: UIContext, collection: Baken | None) -> tuple[int | None, int | None]:
    """Documents and chunks of ``collection`` (0 without access, None while unknown)."""
    if collection is None:
        return 0, 0
    if ctx.warmup is not None and not ctx.warmup.ready("opslag"):
        return None, None
    try:
        files = collection.store.indexed_files()
    except Exception:  # noqa: BLE001 - the status line must never fail
        log.error("index niet leesbaar")
        return None, None
    return len(files), sum(f.chunks for f in files.values())


def _embedder(ctx: UIContext) -> str:
    """The embedder's name once loaded, else the configured one."""
    if ctx.warmup is None or ctx.warmup.ready("index"):
        return ctx.baken.embedder_name
    return str(ctx.baken.settings.retrieval.embedder)


def current_status(ctx: UIContext, collection: Baken | None) -> str:
    """The status line; the index counts are those of ``collection`` (None: no access)."""
    warmup = ctx.warmup
    pending = [STEP_NAMES.get(p, p) for p in warmup.pending()] if warmup else []
    documents, chunks = _counts(ctx, collection)
    return status_markdown(model=model_label(ctx.baken), embedder=_embedder(ctx),
                           documents=documents, chunks=chunks, demo=ctx.baken.uses_demo_model,
                           pending=pending, errors=_startup_errors(ctx))


def parts_markdown(settings: Any) -> str:
    """The optional parts: working, missing or not set up, and what to do (Dutch)."""
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
    demo = ctx.baken.uses_demo_model
    login = "aan" if make_auth(s) is not None else "uit (alleen bereikbaar op deze computer)"
    return "\n".join([
        "### Status",
        f"- **Taalmodel:** {model_label(ctx.baken)}"
        + (" — alleen voor demonstratie" if demo else ""),
        f"- **Embedder:** {_embedder(ctx)}",
        f"- **Adres:** {s.ui.host}:{s.ui.port} · **inloggen:** {login}",
        f"- **Uploads:** {allowed_types()}; maximaal {s.ui.max_upload_mb} MB per bestand",
        "- **Privacy:** geen analyse of telemetrie; vragen worden geanonimiseerd voordat ze "
        "worden doorzocht of bewaard; alles blijft op deze server.",
        "",
        parts_markdown(s),
        "",
        DEMO_MODEL_NOTICE if demo else SMALL_MODEL_NOTICE,
    ])


def build_status_tab() -> Any:
    """The status tab's contents (filled in on load and while the warm-up runs)."""
    with gr.Tab("Status", id="status", elem_id="baken-tab-status"):
        return gr.Markdown(elem_id="baken-status-details")
