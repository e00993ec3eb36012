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
import secrets
import sys
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

import anyio
import anyio.to_thread
from fastapi import HTTPException
from starlette.middleware import Middleware
from starlette.requests import HTTPConnection, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from assistant.credentials import (
    BEHIND_PROXY_NO_LOGIN,
    Clock,
    LoginGuard,
    LoginThrottled,
    hash_password,
    proxied,
)

__all__ = [
    "CLIENT_ADDRESS", "ChatLogin", "ExpiringTokens", "LoginGate", "chat_login",
    "expire_sessions", "gradio_auth", "gradio_login", "login_middleware", "main",
]

#: The client address of the request being handled (set by ``LoginGate``).
CLIENT_ADDRESS: ContextVar[str | None] = ContextVar("baken_client_address", default=None)
#: The names the login callback accepted during this request (set by ``LoginGate``).
_ACCEPTED: ContextVar[list[str] | None] = ContextVar("baken_login_accepted", default=None)
_STATE_KEY = "baken_login"
_COOKIE_FLAGS = "Path=/; HttpOnly; SameSite=Lax"


def gradio_login(guard: LoginGuard, *, threads: int | None = None
                 ) -> Callable[[str, str], Awaitable[bool]]:
    """Gradio's login callback: the check runs in a worker thread, so the event loop keeps
    serving every other page meanwhile. At most ``threads`` checks run at once (default: half
    the CPU cores), so a burst of logins leaves cores for the rest of Baken."""
    if threads is None:
        threads = max(1, (os.cpu_count() or 2) // 2)
    limiter: list[anyio.CapacityLimiter] = []

    async def login(username: str, password: str) -> bool:
        if not limiter:
            limiter.append(anyio.CapacityLimiter(threads))
        try:
            ok = await anyio.to_thread.run_sync(guard.check, username, password,
                                                CLIENT_ADDRESS.get(), limiter=limiter[0])
        except LoginThrottled as exc:
            raise HTTPException(status_code=429, detail=str(exc),
                                headers={"Retry-After": str(math.ceil(exc.wait_s))}) from None
        accepted = _ACCEPTED.get()
        if ok and accepted is not None:
            accepted.append(username)  # LoginGate starts Baken's session for this name
        return ok

    return login


@dataclass(frozen=True)
class ChatLogin:
    """Who a chat request comes from, as ``LoginGate`` found it: whether a login is configured,
    and the login name of a valid Baken session (None: not logged in, or no login)."""

    configured: bool
    user: str | None = None

    @property
    def allowed(self) -> bool:
        return not self.configured or self.user is not None


def chat_login(request: Request) -> ChatLogin:
    """The ``ChatLogin`` of a request; without ``LoginGate`` in front: not logged in."""
    found = getattr(request.state, _STATE_KEY, None)
    return found if isinstance(found, ChatLogin) else ChatLogin(configured=True)


class LoginGate:
    """ASGI middleware for the chat: hands each request's client address to the login check,
    refuses every request that came through a reverse proxy when no login is configured, and
    keeps Baken's own login session next to Gradio's.

    The session: when the login callback (``gradio_login``) accepts a name, the response gets
    a Baken session cookie (HttpOnly, SameSite=Lax) that names a token in ``sessions``, which
    end ``session_s`` after the login; the logout page ends the user's sessions. Every request
    carries the result as a ``ChatLogin`` (``chat_login``), so Baken's own routes (``/bron/…``)
    know the login without reading Gradio's internal state.
    """

    def __init__(self, app: ASGIApp, *, login_configured: bool,
                 sessions: ExpiringTokens | None = None) -> None:
        self.app = app
        self.login_configured = login_configured
        self.sessions = sessions if sessions is not None else ExpiringTokens(0.0)
        self.cookie = f"baken-sessie-{secrets.token_hex(8)}"  # one per server, as ports share

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if not self.login_configured and proxied(scope.get("headers") or []):
            await _refuse(scope, send)
            return
        token = HTTPConnection(scope).cookies.get(self.cookie)
        user = self.sessions.get(token) if token and self.login_configured else None
        scope.setdefault("state", {})[_STATE_KEY] = ChatLogin(self.login_configured, user)
        accepted: list[str] = []
        if scope["type"] == "http" and self.login_configured:
            send = self._session_cookie(scope, send, user, accepted)
        client = scope.get("client")
        reset = (CLIENT_ADDRESS.set(str(client[0]) if client else None),
                 _ACCEPTED.set(accepted))
        try:
            await self.app(scope, receive, send)
        finally:
            CLIENT_ADDRESS.reset(reset[0])
            _ACCEPTED.reset(reset[1])

    def _session_cookie(self, scope: Scope, send: Send, user: str | None,
                        accepted: list[str]) -> Send:
        """``send`` that starts a session after an accepted login, and ends it on logout."""
        path = str(scope.get("path", "")).removeprefix(str(scope.get("root_path", "")))
        logout = path in ("/logout", "/logout/")

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                cookie = None
                if accepted and message["status"] == 200:
                    token = secrets.token_urlsafe(32)
                    self.sessions[token] = accepted[-1]
                    cookie = f"{self.cookie}={token}; {_COOKIE_FLAGS}"
                elif logout:
                    self._end(user)
                    cookie = f"{self.cookie}=; Max-Age=0; {_COOKIE_FLAGS}"
                if cookie:
                    message = {**message, "headers": [*message.get("headers", []),
                                                      (b"set-cookie", cookie.encode())]}
            await send(message)

        return send_with_cookie

    def _end(self, user: str | None) -> None:
        """End every session of ``user`` (as Gradio's logout ends all of theirs)."""
        for token in [t for t, name in list(self.sessions.items()) if name == user]:
            if token in self.sessions:
                del self.sessions[token]


async def _refuse(scope: Scope, send: Send) -> None:
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


def login_middleware(guard: LoginGuard | None) -> Middleware:
    """``LoginGate`` for ``Blocks.launch(app_kwargs={"middleware": […]})``."""
    if guard is None:
        return Middleware(LoginGate, login_configured=False)
    return Middleware(LoginGate, login_configured=True, sessions=ExpiringTokens(guard.session_s))


class ExpiringTokens(dict[str, str]):
    """Login sessions (token -> user name) that end ``max_age_s`` after the login: Baken's own
    (``LoginGate``) and Gradio's (``expire_sessions``)."""

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
