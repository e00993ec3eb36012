"""The entry points stay apart and short: the API and the rules it shares with the chat import
neither the terminal nor the chat, and no function in them runs over 60 lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks.architecture_metrics import LONG_FUNCTION_LINES, import_sites, long_functions

REPO = Path(__file__).resolve().parents[2]
API = ("server.py", "server_routes.py", "server_login.py")
SHARED = ("access.py", "credentials.py", "originals.py", "filters.py", "payloads.py")
ENTRY_FILES = (*API, *SHARED, "cli.py", "commands/serve_api.py", "ui/auth.py",
               "ui/originals.py")


def _imports(name: str) -> set[str]:
    return {site.module for site in import_sites(REPO / "assistant" / name, REPO)}


def _within(module: str, *packages: str) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


@pytest.mark.parametrize("name", API)
def test_the_api_imports_neither_the_terminal_nor_the_chat(name: str) -> None:
    found = {m for m in _imports(name) if _within(m, "assistant.cli", "assistant.ui")}
    assert not found, f"assistant/{name} importeert {sorted(found)}"


@pytest.mark.parametrize("name", SHARED)
def test_what_the_chat_and_the_api_share_imports_no_entry_point(name: str) -> None:
    found = {m for m in _imports(name)
             if _within(m, "assistant.cli", "assistant.ui", "assistant.server",
                        "assistant.server_routes", "assistant.server_login",
                        "assistant.commands")}
    assert not found, f"assistant/{name} importeert {sorted(found)}"


def test_no_function_of_the_entry_points_runs_over_60_lines() -> None:
    long = [f"{f.path}:{f.line} {f.name} ({f.lines} regels)"
            for name in ENTRY_FILES
            for f in long_functions(REPO / "assistant" / name, REPO)
            if f.lines > LONG_FUNCTION_LINES]
    assert not long, "\n".join(long)
