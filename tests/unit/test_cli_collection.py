"""``--collection NAME`` reaches the settings of every command that reads or writes documents:
``ingest``, ``search``, ``ask``, ``draft`` and ``eval`` (the default collection when absent)."""

from __future__ import annotations

from pathlib import Path

import pytest

import assistant.app
import assistant.cli
import eval.harness
from assistant.cli import main
from assistant.config import Settings

QUESTIONS = Path(__file__).resolve().parents[2] / "eval" / "questions" / "demo.jsonl"


class _Built(Exception):
    """Raised by the fake composition root once the settings are seen."""


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[str]:
    """The collection of every Baken built; nothing real is loaded."""
    settings_file = tmp_path / "leeg.toml"
    settings_file.write_text("", encoding="utf-8")
    monkeypatch.setenv("BAKEN_SETTINGS", str(settings_file))
    monkeypatch.delenv("BAKEN_COLLECTION", raising=False)
    collections: list[str] = []

    def fake_build(settings: Settings) -> None:
        collections.append(settings.collection)
        raise _Built

    for module in (assistant.app, assistant.cli, eval.harness):
        monkeypatch.setattr(module, "build_baken", fake_build)
    return collections


def _commands(tmp_path: Path) -> dict[str, list[str]]:
    data = str(tmp_path / "data")
    return {
        "ingest": ["ingest", str(tmp_path), "--data-dir", data],
        "search": ["search", "huisverbod", "--data-dir", data],
        "ask": ["ask", "Wie legt een huisverbod op?", "--data-dir", data],
        "draft": ["draft", "collegevoorstel", "--data-dir", data],
        "eval": ["eval", "--questions", str(QUESTIONS), "--data-dir", data,
                 "--out", str(tmp_path / "eval-out"), "--no-progress"],
    }


@pytest.mark.parametrize("command", ["ingest", "search", "ask", "draft", "eval"])
def test_collection_option_reaches_the_settings(command: str, seen: list[str],
                                                tmp_path: Path) -> None:
    main([*_commands(tmp_path)[command], "--collection", "gemeente-a"])
    assert seen == ["gemeente-a"]


@pytest.mark.parametrize("command", ["ingest", "search", "ask", "draft", "eval"])
def test_without_the_option_the_default_collection_is_used(command: str, seen: list[str],
                                                           tmp_path: Path) -> None:
    main(_commands(tmp_path)[command])
    assert seen == [Settings.model_fields["collection"].default]


def test_a_malformed_collection_name_is_refused_in_dutch(
        seen: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main([*_commands(tmp_path)["search"], "--collection", "../gemeente-b"])
    assert code == 2 and seen == []
    err = capsys.readouterr().err
    assert "Fout: Ongeldige instelling — collection" in err
    assert "../gemeente-b" not in err
