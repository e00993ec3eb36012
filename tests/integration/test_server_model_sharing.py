"""A model server URL selects the OpenAI-compatible backend (the in-process model's sharing is
tested in tests/e2e/test_model_sharing.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import load_settings
from assistant.llm import make_llm
from assistant.llm.openai_compat import OpenAICompatBackend


def test_a_server_url_selects_the_openai_compatible_backend(tmp_path: Path) -> None:
    llm = make_llm(load_settings(data_dir=tmp_path, llm_base_url="http://127.0.0.1:9/v1",
                                 llm_model="regio-model"))
    assert isinstance(llm, OpenAICompatBackend)
    assert llm.name == "regio-model"
    with pytest.raises(ValueError, match="Ongeldig adres"):
        OpenAICompatBackend("ftp://elders/v1")
