"""Settings: defaults, TOML file, env vars and CLI overrides in the documented order."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.llm import uses_demo_model


def test_defaults_are_private_and_use_the_dutch_model(monkeypatch: pytest.MonkeyPatch,
                                                     tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("BAKEN_SETTINGS", raising=False)
    monkeypatch.delenv("BAKEN_MODEL_PATH", raising=False)
    monkeypatch.delenv("BAKEN_BUNDLED_MODEL", raising=False)
    settings = load_settings()
    assert settings.host == "127.0.0.1"
    assert settings.bundled_model == "qwen2.5-coder-1.5b"
    assert settings.answer_strategy == "evidence"
    assert uses_demo_model(load_settings(bundled_model="smollm2-135m"))


def test_precedence_file_then_env_then_override(monkeypatch: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    cfg = tmp_path / "baken.toml"
    cfg.write_text('top_k = 7\nport = 9000\nmodel_path = "/m/file.gguf"\n')
    monkeypatch.setenv("BAKEN_SETTINGS", str(cfg))
    monkeypatch.setenv("BAKEN_PORT", "9100")
    settings = load_settings(top_k=None, data_dir=tmp_path / "d")
    assert settings.top_k == 7  # file
    assert settings.port == 9100  # env beats file
    assert settings.model_path == Path("/m/file.gguf")
    assert settings.data_dir == tmp_path / "d"  # override
    assert not uses_demo_model(settings)
