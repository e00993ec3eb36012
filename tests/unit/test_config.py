"""Settings: sections, today's flat names as aliases, defaults, TOML file, env vars and CLI
overrides in the documented order, unknown names refused in Dutch, and ``baken config``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from assistant.cli import main
from assistant.config import (
    Settings,
    SettingsError,
    flat_values,
    load_settings,
    origins,
)
from assistant.errors import dutch_error
from assistant.llm import uses_demo_model
from assistant.setting_sections import SECTIONS


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No settings file, no BAKEN_* variables other than those a test sets."""
    monkeypatch.chdir(tmp_path)
    for name in ("BAKEN_SETTINGS", "BAKEN_MODEL_PATH", "BAKEN_BUNDLED_MODEL", "BAKEN_N_THREADS",
                 "BAKEN_MAX_TOKENS", "BAKEN_TOP_K", "BAKEN_PORT"):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def _toml(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    cfg = tmp_path / "baken.toml"
    cfg.write_text(text, encoding="utf-8")
    monkeypatch.setenv("BAKEN_SETTINGS", str(cfg))
    return cfg


def test_defaults_are_private_and_use_the_dutch_model(clean_env: pytest.MonkeyPatch) -> None:
    settings = load_settings()
    assert settings.ui.host == "127.0.0.1"
    assert settings.model.bundled_model == "qwen2.5-coder-1.5b"
    assert settings.model.answer_strategy == "evidence"
    assert settings.retrieval.relevance_threshold == 0.846
    assert settings.retrieval.candidates == 30
    assert uses_demo_model(load_settings(bundled_model="smollm2-135m"))


def test_precedence_file_then_env_then_override(clean_env: pytest.MonkeyPatch,
                                                tmp_path: Path) -> None:
    _toml(tmp_path, clean_env, 'top_k = 7\nport = 9000\nmodel_path = "/m/file.gguf"\n')
    clean_env.setenv("BAKEN_PORT", "9100")
    settings = load_settings(top_k=None, data_dir=tmp_path / "d")
    assert settings.retrieval.top_k == 7  # file
    assert settings.ui.port == 9100  # env beats file
    assert settings.model.model_path == Path("/m/file.gguf")
    assert settings.data_dir == tmp_path / "d"  # override
    assert not uses_demo_model(settings)


def test_sections_and_flat_names_in_the_file_mean_the_same(clean_env: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    _toml(tmp_path, clean_env, "[model]\nn_threads = 3\n[ui]\nmax_upload_mb = 20\n"
          "[privacy]\nkeep_originals = false\n")
    sectioned = load_settings()
    _toml(tmp_path, clean_env, "n_threads = 3\nui_max_upload_mb = 20\nkeep_originals = false\n")
    flat = load_settings()
    assert sectioned == flat
    assert flat.model.n_threads == 3 and flat.ui.max_upload_mb == 20
    assert flat.privacy.keep_originals is False


@pytest.mark.parametrize("variable", ["BAKEN_N_THREADS", "BAKEN_MODEL__N_THREADS"])
def test_flat_and_sectioned_environment_variables(clean_env: pytest.MonkeyPatch,
                                                  variable: str) -> None:
    clean_env.setenv(variable, "2")
    assert load_settings().model.n_threads == 2
    assert Settings().model.n_threads == 2
    assert origins()["model.n_threads"] == f"omgeving ({variable})"


def test_env_beats_file_also_across_flat_and_section_names(clean_env: pytest.MonkeyPatch,
                                                           tmp_path: Path) -> None:
    _toml(tmp_path, clean_env, "[retrieval]\ntop_k = 7\nlexical_weight = 0.3\n")
    clean_env.setenv("BAKEN_TOP_K", "4")
    settings = load_settings()
    assert settings.retrieval.top_k == 4
    assert settings.retrieval.lexical_weight == 0.3  # the rest of the section stays


def test_lists_and_tables_from_flat_environment_variables(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("BAKEN_CUSTOM_PATTERNS", '[["DOSSIER", "D-\\\\d+"]]')
    clean_env.setenv("BAKEN_ACCESS", '{"ann": ["gemeente-a"]}')
    settings = load_settings()
    assert settings.privacy.custom_patterns == [("DOSSIER", r"D-\d+")]
    assert settings.server.access == {"ann": ["gemeente-a"]}


def test_constructor_takes_flat_names(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, n_threads=1, ui_root_path="/baken")
    assert settings.model.n_threads == 1 and settings.ui.root_path == "/baken"
    validated = Settings.model_validate({"data_dir": tmp_path, "templates_dir": tmp_path})
    assert validated.drafting.templates_dir == tmp_path


@pytest.mark.parametrize(("text", "named", "closest"), [
    ("top_kk = 3\n", "top_kk", "top_k"),
    ("[retrieval]\ntreshold = 0.8\n", "treshold", "relevance_threshold"),
    ("[model]\nn_thread = 2\n", "n_thread", "n_threads"),
    ("[retrievel]\ntop_k = 3\n", "retrievel", "retrieval"),
])
def test_unknown_key_in_file_names_it_and_the_closest(clean_env: pytest.MonkeyPatch,
                                                      tmp_path: Path, text: str, named: str,
                                                      closest: str) -> None:
    cfg = _toml(tmp_path, clean_env, text)
    with pytest.raises(SettingsError) as err:
        load_settings()
    message = str(err.value)
    assert f"Onbekende instelling '{named}'" in message
    assert f"Bedoelt u '{closest}'?" in message
    assert str(cfg) in message
    assert dutch_error(err.value) == message


def test_setting_in_the_wrong_section_says_where_it_belongs(clean_env: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    _toml(tmp_path, clean_env, "[model]\ntop_k = 3\n")
    with pytest.raises(SettingsError, match=r"'top_k'.*hoort in sectie \[retrieval\]"):
        load_settings()


def test_unknown_sectioned_environment_variable_is_refused(clean_env: pytest.MonkeyPatch) -> None:
    clean_env.setenv("BAKEN_MODEL__N_THREDS", "2")
    with pytest.raises(SettingsError, match="BAKEN_MODEL__N_THREDS.*Bedoelt u 'n_threads'"):
        load_settings()


def test_invalid_value_message_names_the_setting_not_the_value(
        clean_env: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValidationError) as err:
        Settings(evidence_items=99, auth_password="geheim-wachtwoord")
    message = dutch_error(err.value)
    assert message.startswith("Ongeldige instelling — model.evidence_items: Aantal letterlijke")
    assert "99" not in message and "geheim" not in message


def test_descriptions_are_short_and_for_users() -> None:
    for section in SECTIONS.values():
        for name, info in section.model_fields.items():
            assert info.description, name
            assert len(info.description) <= 200, name
            assert "benchmark" not in info.description.lower(), name
            assert "gemeten" not in info.description.lower(), name


def test_updated_copy_takes_flat_names(clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path)
    changed = settings.updated(keep_originals=False, ui_auth_file=tmp_path / "logins")
    assert changed.privacy.keep_originals is False
    assert changed.ui.auth_file == tmp_path / "logins"
    assert settings.privacy.keep_originals is True  # the original is unchanged


def test_flat_values_keep_the_names_of_reports(clean_env: pytest.MonkeyPatch,
                                               tmp_path: Path) -> None:
    flat = flat_values(Settings(data_dir=tmp_path, top_k=3, ui_concurrency=2), mode="json")
    assert flat["top_k"] == 3 and flat["ui_concurrency"] == 2
    assert flat["data_dir"] == str(tmp_path)
    assert "retrieval" not in flat and "concurrency" not in flat


def test_baken_config_shows_each_origin_and_hides_secrets(clean_env: pytest.MonkeyPatch,
                                                          tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    cfg = _toml(tmp_path, clean_env, "[model]\nn_ctx = 2048\n")
    clean_env.setenv("BAKEN_N_THREADS", "1")
    clean_env.setenv("BAKEN_AUTH_PASSWORD", "geheim-wachtwoord")
    assert main(["config", "--set", "retrieval.top_k=3", "--data-dir", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    lines = {line.split("=")[0].strip(): line for line in out.splitlines() if "=" in line}
    assert str(cfg) in out
    assert lines["n_ctx"].split("#")[-1].strip() == "baken.toml"
    assert lines["n_threads"].split("#")[-1].strip() == "omgeving (BAKEN_N_THREADS)"
    assert lines["top_k"].startswith("top_k = 3") and lines["top_k"].endswith("opdrachtregel")
    assert lines["data_dir"].endswith("opdrachtregel")
    assert lines["temperature"].endswith("standaard")
    assert "[retrieval]" in out and "[privacy]" in out
    assert "geheim" not in out and '"(verborgen)"' in lines["auth_password"]


def test_baken_config_json(clean_env: pytest.MonkeyPatch,
                           capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("BAKEN_MODEL__MAX_TOKENS", "64")
    assert main(["config", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["file"] is None
    assert data["settings"]["model.max_tokens"] == {
        "value": 64, "origin": "omgeving (BAKEN_MODEL__MAX_TOKENS)"}
    assert data["settings"]["retrieval.candidates"]["origin"] == "standaard"


def test_baken_config_refuses_an_unknown_name_in_dutch(clean_env: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]
                                                       ) -> None:
    assert main(["config", "--set", "retrieval.candidats=40"]) == 2
    err = capsys.readouterr().err
    assert "Onbekende instelling 'candidats'" in err and "Bedoelt u 'candidates'?" in err


def test_the_shipped_example_file_and_top_level_tables_still_load(
        clean_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    example = Path(__file__).resolve().parents[2] / "deploy" / "baken.toml.example"
    clean_env.setenv("BAKEN_SETTINGS", str(example))
    settings = load_settings()
    assert settings.server.llm_base_url and settings.ui.concurrency == 4
    assert settings.server.access["beheer.regio"] == ["*"]
    _toml(tmp_path, clean_env, '[originals_access]\n"fatima.gemeente-a" = ["gemeente-a"]\n')
    assert load_settings().privacy.originals_access == {"fatima.gemeente-a": ["gemeente-a"]}


def test_baken_config_output_is_a_settings_file_that_gives_the_same_settings(
        clean_env: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clean_env.setenv("BAKEN_ACCESS", '{"ann.gemeente-a": ["gemeente-a"], "*": ["regio"]}')
    assert main(["config", "--set", "model.n_threads=3", "--set", 'ui.root_path="/baken"',
                 "--data-dir", str(tmp_path / "data")]) == 0
    shown = load_settings(data_dir=tmp_path / "data", n_threads=3, ui_root_path="/baken")
    copy = _toml(tmp_path, clean_env, capsys.readouterr().out)
    clean_env.delenv("BAKEN_ACCESS")
    assert load_settings() == shown
    assert "n_threads = 3" in copy.read_text(encoding="utf-8")
