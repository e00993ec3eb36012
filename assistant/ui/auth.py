"""Login for the chat: required whenever it listens on anything but this computer.

Credentials come from ``auth_user``/``auth_password`` (settings file or ``BAKEN_AUTH_*`` env)
and/or a logins file (``ui_auth_file``) with one ``name:hash`` line per user, where the hash
is made with ``python -m assistant.ui.auth NAAM`` (PBKDF2-SHA256; no plain passwords on disk).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import secrets
import sys
from collections.abc import Callable
from pathlib import Path

from assistant.config import Settings

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
ITERATIONS = 600_000
_SCHEME = "pbkdf2_sha256"


class LoginRequired(RuntimeError):
    """The chat would listen on the network without a login; the message says how to fix it."""


def hash_password(password: str, *, salt: bytes | None = None,
                  iterations: int = ITERATIONS) -> str:
    """'pbkdf2_sha256$600000$<salt>$<hash>' for a logins file."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    encode = base64.urlsafe_b64encode
    return f"{_SCHEME}${iterations}${encode(salt).decode()}${encode(digest).decode()}"


def verify_password(password: str, stored: str) -> bool:
    """True when ``password`` matches a hash made by ``hash_password``."""
    try:
        scheme, iterations, salt, digest = stored.split("$")
        if scheme != _SCHEME:
            return False
        expected = base64.urlsafe_b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"),
                                     base64.urlsafe_b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def read_logins(path: Path) -> dict[str, str]:
    """name -> hash from a logins file (empty lines and '#' comments skipped)."""
    logins: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        name, stored = line.split(":", 1)
        logins[name.strip()] = stored.strip()
    return logins


def make_auth(settings: Settings) -> Callable[[str, str], bool] | None:
    """A login check for the configured users, or None when no login is configured."""
    logins: dict[str, str] = {}
    if settings.ui_auth_file is not None:
        logins.update(read_logins(settings.ui_auth_file))
    plain: dict[str, str] = {}
    if settings.auth_user and settings.auth_password:
        plain[settings.auth_user] = settings.auth_password
    if not logins and not plain:
        return None

    def check(username: str, password: str) -> bool:
        if username in plain and hmac.compare_digest(plain[username].encode(),
                                                     password.encode()):
            return True
        stored = logins.get(username)
        return stored is not None and verify_password(password, stored)

    return check


def require_login_off_loopback(settings: Settings,
                               auth: Callable[[str, str], bool] | None) -> None:
    """Refuse to listen on the network without a login."""
    if auth is None and settings.host not in LOOPBACK:
        raise LoginRequired(
            f"Baken zou dan luisteren op {settings.host} zonder inlog. Stel eerst gebruikers in: "
            "BAKEN_AUTH_USER en BAKEN_AUTH_PASSWORD, of een loginbestand via BAKEN_UI_AUTH_FILE "
            "(zie assistant/ui/README.md)."
        )


def main(argv: list[str] | None = None) -> int:
    """Print a logins-file line for a user: ``python -m assistant.ui.auth NAAM``."""
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or ":" in args[0]:
        print("Gebruik: python -m assistant.ui.auth GEBRUIKERSNAAM", file=sys.stderr)
        return 2
    first = getpass.getpass("Wachtwoord: ")
    if len(first) < 12:
        print("Kies een wachtwoord van minstens 12 tekens.", file=sys.stderr)
        return 2
    if getpass.getpass("Nogmaals: ") != first:
        print("De wachtwoorden verschillen.", file=sys.stderr)
        return 2
    print(f"{args[0]}:{hash_password(first)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
