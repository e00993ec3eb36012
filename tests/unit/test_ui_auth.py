"""Login: required off loopback, hashed logins file, plain single user from settings."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.credentials import (
    LoginRequired,
    hash_password,
    make_auth,
    require_login_off_loopback,
    verify_password,
)


def test_hash_verifies_only_the_right_password() -> None:
    stored = hash_password("correct paard batterij", iterations=1000)
    assert stored.startswith("pbkdf2_sha256$1000$")
    assert verify_password("correct paard batterij", stored)
    assert not verify_password("Correct paard batterij", stored)
    assert not verify_password("x", "onzin")
    assert hash_password("a", iterations=1000) != hash_password("a", iterations=1000)  # salted


def test_logins_file_and_settings_user(tmp_path: Path) -> None:
    logins = tmp_path / "logins.txt"
    logins.write_text("# OOV-team\nfatima:" + hash_password("lang-wachtwoord-1", iterations=1000)
                      + "\n\n", encoding="utf-8")
    auth = make_auth(Settings(data_dir=tmp_path, ui_auth_file=logins, auth_user="beheer",
                              auth_password="beheer-wachtwoord"))
    assert auth is not None
    assert auth("fatima", "lang-wachtwoord-1")
    assert not auth("fatima", "fout")
    assert auth("beheer", "beheer-wachtwoord")
    assert not auth("onbekend", "beheer-wachtwoord")


def test_no_login_configured_means_no_auth(tmp_path: Path) -> None:
    assert make_auth(Settings(data_dir=tmp_path)) is None


@pytest.mark.parametrize("host", ["0.0.0.0", "10.1.2.3", "baken.gemeente.local"])
def test_network_address_without_login_is_refused_in_dutch(tmp_path: Path, host: str) -> None:
    settings = Settings(data_dir=tmp_path, host=host)
    with pytest.raises(LoginRequired, match="zonder inlog"):
        require_login_off_loopback(settings, make_auth(settings))


def test_loopback_or_login_is_fine(tmp_path: Path) -> None:
    """Neither case may raise LoginRequired: loopback without login, or any address with one."""
    loopback = Settings(data_dir=tmp_path)
    assert loopback.ui.host == "127.0.0.1"
    require_login_off_loopback(loopback, None)  # must not raise
    settings = Settings(data_dir=tmp_path, host="0.0.0.0", auth_user="a", auth_password="b")
    auth = make_auth(settings)
    assert auth is not None
    require_login_off_loopback(settings, auth)  # must not raise
