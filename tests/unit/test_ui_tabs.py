"""The tab builders' shared parts, called without a browser: the controllers are built once
(in ``UIScopes``, over the composition root's conversations and feedback), the status texts
are plain Markdown, and the drafting tab is always the real one."""

from __future__ import annotations

from pathlib import Path

from assistant.app import CollectionBakens
from assistant.ui.app import build_ui
from assistant.ui.chat import ChatState
from assistant.ui.context import UIContext, make_context
from assistant.ui.status_tab import current_status, status_details
from tests.fakes import fake_baken, fake_ui_baken, ingest, settings_for

FILE = "wet-tijdelijk-huisverbod.md"
OWNER = "browser-tabs-0001"


def _context(tmp_path: Path) -> UIContext:
    settings = settings_for(tmp_path / "data")
    base = fake_baken(settings)
    ingest(base, tmp_path / "docs", [FILE])
    return make_context(base, None, CollectionBakens(settings, make=fake_baken, base=base))


def test_controllers_are_built_once_over_the_composition_roots_history(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    scope = ctx.scopes.get(None)
    assert ctx.scopes.get(None) is scope  # one set of controllers per collection
    assert scope.chat.conversations is ctx.baken.conversations
    assert scope.chat.feedback is ctx.baken.feedback
    assert ctx.chat.conversations is ctx.baken.conversations and ctx.chat.link_for is None

    # what the collection's chat stores, the unscoped one (new chat, delete all) sees
    *_, done = scope.chat.search("huisverbod", ChatState(), OWNER)
    assert done.state.conversation_id is not None
    update, message = ctx.chat.delete_all(OWNER)
    assert message == "1 gesprek(ken) verwijderd." and update.state.turns == []
    assert ctx.baken.conversations.list(OWNER) == []


def test_the_status_line_and_tab_are_plain_dutch_markdown(tmp_path: Path) -> None:
    ctx = _context(tmp_path)
    line = current_status(ctx, ctx.baken)
    assert "1 document" in line and "0 documenten" in current_status(ctx, None)
    details = status_details(ctx)
    assert details.startswith("### Status") and "geen analyse of telemetrie" in details
    assert "### Onderdelen" in details


def test_the_drafting_tab_is_always_the_real_one(tmp_path: Path) -> None:
    config = build_ui(fake_ui_baken(settings_for(tmp_path))).get_config_file()
    elem_ids = {c.get("props", {}).get("elem_id") for c in config["components"]}
    texts = " ".join(str(c.get("props", {}).get("value")) for c in config["components"])
    assert "baken-opstellen-tabs" in elem_ids  # the drafting modes, not a placeholder
    assert "binnenkort" not in texts and "niet beschikbaar" not in texts
