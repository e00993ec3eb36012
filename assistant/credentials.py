"""Logins for the chat and the API: password hashes, the logins file, the login check and
its throttle, and the rule that Baken never listens on the network without a login.

Credentials come from ``auth_user``/``auth_password`` (settings file or ``BAKEN_AUTH_*`` env)
and/or a logins file (``ui_auth_file``) with one ``name:hash`` line per user, where the hash
is made with ``python -m assistant.ui.auth NAAM`` (PBKDF2-SHA256; no plain passwords on disk).

A login check (``LoginGuard``) costs the same whoever asks: with a logins file one PBKDF2
hash (a user from the settings is hashed once, lazily, with the file's iteration count, and an
unknown name is checked against a dummy hash), so the answer time does not tell which names
exist. Failed logins are throttled per user and per client address, in memory (``Throttle``).
Nothing here knows the web framework: ``assistant.ui.auth`` fits this to the chat,
``assistant.server`` to the API.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from assistant.config import Settings
from assistant.core.errors import BakenError

LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
ITERATIONS = 600_000
_SCHEME = "pbkdf2_sha256"

#: Failed logins before a name (or an address: an office often shares one) has to wait.
USER_FAILURES = 5
ADDRESS_FAILURES = 20
#: A name's failures are forgotten after this long without a failure (or a wait).
WINDOW_S = 300.0
#: The first wait; it doubles with every further failure, up to MAX_DELAY_S.
FIRST_DELAY_S = 30.0
MAX_DELAY_S = 900.0
#: Headers a reverse proxy adds; a request with one came through a proxy.
PROXY_HEADERS = frozenset({b"forwarded", b"x-forwarded-for", b"x-forwarded-host",
                           b"x-forwarded-proto", b"x-real-ip"})
BEHIND_PROXY_NO_LOGIN = (
    "Baken is via een reverse proxy bereikbaar, maar er is geen inlog ingesteld. Stel eerst "
    "gebruikers in (BAKEN_AUTH_USER en BAKEN_AUTH_PASSWORD, of een loginbestand via "
    "BAKEN_UI_AUTH_FILE; zie assistant/ui/README.md)."
)

Clock = Callable[[], float]


class LoginRequired(BakenError, RuntimeError):
    """The chat would listen on the network without a login; the message says how to fix it."""


class LoginThrottled(BakenError, RuntimeError):
    """Too many failed logins for this name or address; the message (Dutch) says how long."""

    def __init__(self, wait_s: float) -> None:
        self.wait_s = wait_s
        if wait_s < 90:
            when = f"{max(1, math.ceil(wait_s))} seconden"
        else:
            when = f"{math.ceil(wait_s / 60)} minuten"
        super().__init__(f"Te veel mislukte inlogpogingen. Probeer het over {when} opnieuw.")


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


def _iterations(stored: str) -> int | None:
    parts = stored.split("$")
    return int(parts[1]) if len(parts) == 4 and parts[1].isdigit() else None


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    until: float = 0.0


class Throttle:
    """Failed attempts per key (a name or an address), in memory.

    From the ``limit``-th failure on, every failure makes the key wait: ``first_delay_s``,
    then twice as long for each further failure, up to ``max_delay_s``. A key whose last
    failure (and wait) lies ``window_s`` back starts afresh; a success clears it.
    """

    def __init__(self, limit: int, *, window_s: float = WINDOW_S,
                 first_delay_s: float = FIRST_DELAY_S, max_delay_s: float = MAX_DELAY_S,
                 clock: Clock = time.monotonic, max_keys: int = 10_000) -> None:
        self.limit = limit
        self.window_s = window_s
        self.first_delay_s = first_delay_s
        self.max_delay_s = max_delay_s
        self.clock = clock
        self.max_keys = max_keys
        self._keys: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def _quiet(self, record: _Failures, now: float) -> bool:
        return now - max(record.last, record.until) >= self.window_s

    def wait_s(self, key: str) -> float:
        """Seconds ``key`` still has to wait (0 when it may try)."""
        with self._lock:
            record = self._keys.get(key)
            if record is None:
                return 0.0
            now = self.clock()
            if self._quiet(record, now):
                del self._keys[key]
                return 0.0
            return max(0.0, record.until - now)

    def failed(self, key: str) -> None:
        with self._lock:
            now = self.clock()
            record = self._keys.get(key)
            if record is None or self._quiet(record, now):
                record = self._keys[key] = _Failures()
            record.count += 1
            record.last = now
            if record.count >= self.limit:
                delay = self.first_delay_s * 2 ** min(record.count - self.limit, 32)
                record.until = now + min(self.max_delay_s, delay)
            if len(self._keys) > self.max_keys:
                self._prune(now)

    def succeeded(self, key: str) -> None:
        with self._lock:
            self._keys.pop(key, None)

    def _prune(self, now: float) -> None:
        for key in [k for k, r in self._keys.items() if self._quiet(r, now)]:
            del self._keys[key]
        while len(self._keys) > self.max_keys:  # oldest first (dicts keep insertion order)
            del self._keys[next(iter(self._keys))]


class LoginGuard:
    """The login check: the same cost for every name, throttled failures.

    With a logins file every attempt costs one PBKDF2 hash at the file's iteration count: users
    from the settings are hashed that way once, and an unknown name is checked against a dummy
    hash. With only a user from the settings there is no hash anywhere, and every attempt is one
    constant-time comparison of SHA-256 digests.

    Callable as ``guard(username, password) -> bool`` like a plain check; ``check`` also takes
    the client address. Both raise ``LoginThrottled`` while the name or address has to wait.
    """

    def __init__(self, logins: dict[str, str], plain: dict[str, str], *,
                 session_s: float, clock: Clock = time.monotonic) -> None:
        self._logins = dict(logins)
        self.session_s = session_s  # how long a login lasts (setting session_hours)
        self._plain = dict(plain)
        counts = Counter(n for n in map(_iterations, self._logins.values()) if n)
        # settings users and unknown names cost what most users in the logins file cost
        self.iterations: int | None = counts.most_common(1)[0][0] if counts else None
        self.users = Throttle(USER_FAILURES, clock=clock)
        self.addresses = Throttle(ADDRESS_FAILURES, clock=clock)
        self._hashes: dict[str, tuple[str, ...]] | None = None
        self._dummy = ""
        self._lock = threading.Lock()

    def _stored(self, password: str) -> str:
        if self.iterations is None:
            return "sha256$" + hashlib.sha256(password.encode("utf-8")).hexdigest()
        return hash_password(password, iterations=self.iterations)

    def _prepared(self) -> dict[str, tuple[str, ...]]:
        with self._lock:
            if self._hashes is None:
                hashes: dict[str, list[str]] = {}
                for name, password in self._plain.items():
                    hashes.setdefault(name, []).append(self._stored(password))
                for name, stored in self._logins.items():
                    hashes.setdefault(name, []).append(stored)
                self._dummy = self._stored(secrets.token_urlsafe(16))
                self._hashes = {name: tuple(found) for name, found in hashes.items()}
            return self._hashes

    @staticmethod
    def _matches(password: str, stored: str) -> bool:
        if stored.startswith("sha256$"):
            digest = hashlib.sha256(password.encode("utf-8")).hexdigest()
            return hmac.compare_digest(digest, stored.removeprefix("sha256$"))
        return verify_password(password, stored)

    def verify(self, username: str, password: str) -> bool:
        """True for a right name and password; costs the same for an unknown name."""
        stored = self._prepared().get(username)
        if not stored:
            self._matches(password, self._dummy)
            return False
        return any([self._matches(password, one) for one in stored])  # no short cut

    def check(self, username: str, password: str, address: str | None = None) -> bool:
        wait = self.users.wait_s(username)
        if address:
            wait = max(wait, self.addresses.wait_s(address))
        if wait > 0:
            raise LoginThrottled(wait)
        if self.verify(username, password):
            self.users.succeeded(username)
            return True
        self.users.failed(username)
        if address:
            self.addresses.failed(address)
        return False

    def __call__(self, username: str, password: str) -> bool:
        return self.check(username, password)


def make_auth(settings: Settings, *, clock: Clock = time.monotonic) -> LoginGuard | None:
    """A login check for the configured users, or None when no login is configured."""
    logins: dict[str, str] = {}
    if settings.ui.auth_file is not None:
        logins.update(read_logins(settings.ui.auth_file))
    plain: dict[str, str] = {}
    if settings.ui.auth_user and settings.ui.auth_password:
        plain[settings.ui.auth_user] = settings.ui.auth_password
    if not logins and not plain:
        return None
    return LoginGuard(logins, plain, session_s=settings.ui.session_hours * 3600.0,
                      clock=clock)


def behind_proxy(settings: Settings) -> bool:
    """Whether the settings say the chat is served through a reverse proxy."""
    return bool(settings.ui.root_path.strip("/"))


def require_login_off_loopback(settings: Settings,
                               auth: Callable[[str, str], bool] | None) -> None:
    """Refuse to listen on the network, or behind a reverse proxy, without a login."""
    if auth is not None:
        return
    if settings.ui.host not in LOOPBACK:
        raise LoginRequired(
            f"Baken zou dan luisteren op {settings.ui.host} zonder inlog. Stel eerst "
            "gebruikers in: BAKEN_AUTH_USER en BAKEN_AUTH_PASSWORD, of een loginbestand via "
            "BAKEN_UI_AUTH_FILE "
            "(zie assistant/ui/README.md)."
        )
    if behind_proxy(settings):
        raise LoginRequired(
            f"Baken zou dan achter een reverse proxy staan (ui_root_path "
            f"'{settings.ui.root_path}') zonder inlog; ook op 127.0.0.1 is dan iedereen die de "
            "proxy bereikt binnen. Stel eerst gebruikers in: BAKEN_AUTH_USER en "
            "BAKEN_AUTH_PASSWORD, of een loginbestand via BAKEN_UI_AUTH_FILE "
            "(zie assistant/ui/README.md)."
        )


def proxied(headers: Iterable[tuple[bytes, bytes]]) -> bool:
    """Whether ASGI request headers show that the request came through a reverse proxy."""
    return any(name.lower() in PROXY_HEADERS for name, _ in headers)


def checked_login(settings: Settings) -> LoginGuard | None:
    """The login check for ``settings``; ``LoginRequired`` (Dutch) when Baken would listen on
    the network, or behind a reverse proxy, without one. The one check the commands that
    start a server (``baken ui``, ``baken serve-api``) make before they start."""
    guard = make_auth(settings)
    require_login_off_loopback(settings, guard)
    return guard
