"""HTTP Basic login for the API (``assistant.server``), with the same check as the chat
(``assistant.credentials``); a success is remembered for a while, so a client that sends its
login with every request does not pay a PBKDF2 hash each time."""

from __future__ import annotations

import hashlib
import math
import secrets
import threading
import time
from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPBasic, HTTPBasicCredentials

from assistant.credentials import LoginGuard, LoginThrottled

LOGIN_CACHE_S = 600.0


class Logins:
    """HTTP Basic logins with the configured check; a success is remembered for a while."""

    def __init__(self, check: Callable[[str, str], bool] | None) -> None:
        self.check = check
        self._salt = secrets.token_bytes(16)
        self._ok: dict[str, float] = {}
        self._lock = threading.Lock()

    def user(self, credentials: HTTPBasicCredentials | None,
             address: str | None = None) -> str | None:
        """The login name (None without login configured); HTTP 401 or 429 (Dutch) else."""
        if self.check is None:
            return None
        if credentials is None:
            raise HTTPException(401, "Log eerst in.", headers={"WWW-Authenticate": "Basic"})
        key = hashlib.sha256(self._salt + credentials.username.encode() + b"\0"
                             + credentials.password.encode()).hexdigest()
        now = time.monotonic()
        with self._lock:
            if self._ok.get(key, 0.0) > now:
                return credentials.username
        if not self._verify(credentials, address):
            raise HTTPException(401, "Onjuiste gebruikersnaam of wachtwoord.",
                                headers={"WWW-Authenticate": "Basic"})
        with self._lock:
            self._ok[key] = now + LOGIN_CACHE_S
        return credentials.username

    def _verify(self, credentials: HTTPBasicCredentials, address: str | None) -> bool:
        assert self.check is not None
        try:  # a LoginGuard also throttles failed logins per name and per client address
            if isinstance(self.check, LoginGuard):
                return self.check.check(credentials.username, credentials.password, address)
            return self.check(credentials.username, credentials.password)
        except LoginThrottled as exc:
            raise HTTPException(429, str(exc), headers={
                "Retry-After": str(math.ceil(exc.wait_s))}) from None


_BASIC = HTTPBasic(auto_error=False)


def _current_user(
    request: Request, credentials: Annotated[HTTPBasicCredentials | None, Depends(_BASIC)],
) -> str | None:
    logins: Logins = request.app.state.logins
    return logins.user(credentials, request.client.host if request.client else None)


#: The login name of the request (None when no login is configured), as a route parameter.
User = Annotated[str | None, Depends(_current_user)]
