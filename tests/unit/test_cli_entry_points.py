"""The terminal and the API share their rules: the same search filters from ``--type``/
``--gemeente``/``--jaar`` as from an API body, and the same refusal to listen on the network
without a login for ``baken ui`` and ``baken serve-api``."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

import assistant.cli
from assistant.cli import main
from assistant.core.schema import RetrievalResult
from assistant.server_routes import AskRequest, SearchRequest


@pytest.fixture(autouse=True)
def no_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[None]:
    """An empty settings file, no login from the environment; the umask ``main`` sets is
    restored afterwards."""
    settings_file = tmp_path / "leeg.toml"
    settings_file.write_text("", encoding="utf-8")
    monkeypatch.setenv("BAKEN_SETTINGS", str(settings_file))
    for name in ("BAKEN_AUTH_USER", "BAKEN_AUTH_PASSWORD", "BAKEN_UI_AUTH_FILE", "BAKEN_HOST",
                 "BAKEN_UI_ROOT_PATH"):
        monkeypatch.delenv(name, raising=False)
    umask = os.umask(0o022)
    os.umask(umask)
    yield
    os.umask(umask)


def _searched(monkeypatch: pytest.MonkeyPatch, *argv: str) -> list[dict[str, Any]]:
    """The filters ``baken search … --json`` passes to the search."""
    seen: list[dict[str, Any]] = []

    def audited_search(question: str, k: int | None, filters: Any,
                       **_: Any) -> tuple[RetrievalResult, tuple[str, ...]]:
        seen.append(dict(filters))
        return RetrievalResult(sources=(), relevant=False, best_score=0.0, seconds=0.0), ()

    baken = SimpleNamespace(audited_search=audited_search)
    monkeypatch.setattr(assistant.cli, "build_baken", lambda settings: baken)
    assert main(["search", "terras", "--json", *argv]) == 0
    return seen


def test_the_terminal_and_the_api_filter_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    given = _searched(monkeypatch, "--type", "verordening", "--gemeente", "Almelo",
                      "--jaar", "2021")
    body = {"question": "terras", "doc_type": "verordening", "gemeente": "Almelo",
            "jaar": 2021}
    expected = {"doc_type": "verordening", "gemeente": "Almelo", "jaar": 2021}
    assert given == [expected]
    assert (SearchRequest.model_validate(body).as_dict()
            == AskRequest.model_validate(body).as_dict() == expected)


def test_no_filter_given_is_no_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _searched(monkeypatch) == [{}]
    assert SearchRequest.model_validate({"question": "terras"}).as_dict() == {}
    assert _searched(monkeypatch, "--jaar", "2020") == [{"jaar": 2020}]


@pytest.mark.parametrize("command", ["ui", "serve-api"])
def test_no_server_listens_on_the_network_without_a_login(
        command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    def never(settings: Any) -> Any:
        raise AssertionError("nothing may be loaded before the login is checked")

    monkeypatch.setattr(assistant.cli, "build_baken", never)
    monkeypatch.setattr("assistant.app.CollectionBakens", never)
    assert main([command, "--data-dir", str(tmp_path), "--host", "0.0.0.0"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Fout: Baken zou dan luisteren op 0.0.0.0 zonder inlog.")
    assert "BAKEN_AUTH_USER" in err and "Traceback" not in err
