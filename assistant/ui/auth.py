"""Login for the chat (Gradio): the threaded login callback, the middleware that hands each
request's client address to the check, and login sessions that end ``session_hours`` after the
login (``ExpiringTokens``). The check itself (hashes, logins file, throttle) and the rule that
the chat never listens on the network without a login live in ``assistant.credentials``.

In the chat the check runs in a worker thread, so a slow check never holds up other users'
pages. ``python -m assistant.ui.auth NAAM`` prints a logins-file line for a user.
"""

from __future__ import annotations

import getpass
import math
import os
import sys
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from assistant.credentials import (
    BEHIND_PROXY_NO_LOGIN,
    Clock,
    LoginGuard,
    LoginThrottled,
    hash_password,
    make_auth,
    proxied,
    require_login_off_loopback,
)

__all__ = [  # make_auth and require_login_off_loopback: still imported from here by ui/app.py
    "CLIENT_ADDRESS", "ExpiringTokens", "LoginGate", "expire_sessions", "gradio_auth",
    "gradio_login", "login_middleware", "main", "make_auth", "require_login_off_loopback",
]

#: The client address of the request being handled (set by ``LoginGate``).
CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("baken_client_address", default=None)



def gradio_login(guard: LoginGuard, *, threads: int | None = None
                 ) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio's login callback: the check runs in a worker thread, so the event loop keeps
    serving every other page meanwhile. At most ``threads`` checks run at once (default: half
    the CPU cores), so a burst of logins leaves cores for the rest of Baken."""
    if threads is None:
        threads = max(1, (os.cpu_count() or 2) // 2)
    import anyio
    import anyio.to_thread
    from fastapi import HTTPException

    limiter: list[anyio.CapacityLimiter] = []

    async def login(username: str, password: str) -> bool:
        if not limiter:
            limiter.append(anyio.CapacityLimiter(threads))
        try:
            return await anyio.to_thread.run_sync(guard.check, username, password,
                                                  CLIENT_ADDRESS.get(), limiter=limiter[0])
        except LoginThrottled as exc:
            raise HTTPException(status_code=429, detail=str(exc),
                                headers={"Retry-After": str(math.ceil(exc.wait_s))}) from None

    return login


class LoginGate:
    """ASGI middleware for the chat: hands each request's client address to the login check,
    and refuses every request that came through a reverse proxy when no login is configured."""

    def __init__(self, app: Any, *, login_configured: bool) -> None:
        self.app = app
        self.login_configured = login_configured

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self.login_configured and proxied(scope.get("headers") or []):
            await _refuse(scope, send)
            return
        client = scope.get("client")
        token = CLIENT_ADDRESS.set(str(client[0]) if client else None)
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(token)


async def _refuse(scope: dict[str, Any], send: Any) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = BEHIND_PROXY_NO_LOGIN.encode("utf-8")
    await send({"type": "http.response.start", "status": 403,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def gradio_auth(guard: LoginGuard | None) -> Any:
    """``Blocks.launch(auth=…)``: the threaded login check, or None without login (Gradio
    awaits a coroutine function, though its type hint names only plain ones)."""
    return gradio_login(guard) if guard is not None else None


def login_middleware(guard: LoginGuard | None) -> Any:
    """``LoginGate`` for ``Blocks.launch(app_kwargs={"middleware": […]})``."""
    from starlette.middleware import Middleware

    return Middleware(LoginGate, login_configured=guard is not None)


class ExpiringTokens(dict[str, str]):
    """Gradio's login sessions (token -> user name) that end ``max_age_s`` after the login."""

    def __init__(self, max_age_s: float, clock: Clock = time.monotonic) -> None:
        super().__init__()
        self.max_age_s = max_age_s
        self.clock = clock
        self._born: dict[str, float] = {}

    def __setitem__(self, token: str, user: str) -> None:
        super().__setitem__(token, user)
        self._born[token] = self.clock()

    def __delitem__(self, token: str) -> None:
        super().__delitem__(token)
        self._born.pop(token, None)

    def _expire(self) -> None:
        limit = self.clock() - self.max_age_s
        for token in [t for t, born in self._born.items() if born <= limit]:
            del self[token]

    def __contains__(self, token: object) -> bool:
        self._expire()
        return super().__contains__(token)

    def get(self, token: Any, default: Any = None) -> Any:
        self._expire()
        return super().get(token, default)

    def keys(self) -> Any:
        self._expire()
        return super().keys()


def expire_sessions(app: Any, hours: float, clock: Clock = time.monotonic) -> ExpiringTokens:
    """Make the logins of a launched Gradio ``app`` expire after ``hours``."""
    tokens = ExpiringTokens(hours * 3600.0, clock)
    for token, user in dict(getattr(app, "tokens", {}) or {}).items():
        tokens[token] = user
    app.tokens = tokens
    return tokens


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
