"""A small JSON HTTP API over the same ``Assistant`` (``baken serve-api``), for a shared server.

Routes (JSON; every route except ``/api/health`` needs a login when users are configured):

- ``GET  /api/health`` — ``{"status": "ok"}`` once the parts are loaded;
- ``GET  /api/collections`` — the collections this user may use;
- ``POST /api/search`` — ``{"question", "collection"?, "k"?, "doc_type"?, "gemeente"?, "jaar"?}``;
- ``POST /api/ask`` — the same plus ``"history"`` (``[[vraag, antwoord], …]``) and ``"stream"``;
  the answer as ``baken ask --json`` prints it, or with ``stream`` one JSON object per line:
  ``{"type": "sources"|"delta"|"answer"|"error", …}``;
- ``GET  /api/originals/{collection}/{file}`` — the kept original (not anonymised) of an
  indexed file, for a login with that right (setting ``originals_access``; without login only
  on this computer); 403 without it, 404 when ``keep_originals`` is off.

Every source in a search or an answer carries ``original_url`` (the route above, when this
login may open it) and ``share_path`` (where the file lies on the file share, when Baken keeps
no originals). Every search and every request for an original is written to the access log
(``audit/toegang.jsonl``: login, collection, SHA-256 of the question and the document names).

Errors come back as ``{"error": "<Nederlandse melding>"}`` with a fitting status code. The
parts (embedder, anonymiser, model) load once and are shared by every collection.

This module assembles the app: the request guard (proxy rule, body limits, headers), the
Dutch error responses, the login (``assistant.server_login``) and the routes
(``assistant.server_routes``).
"""


from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

import httpx
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.access import AccessDenied
from assistant.app import CollectionBakens
from assistant.config import Settings
from assistant.credentials import BEHIND_PROXY_NO_LOGIN, make_auth, proxied
from assistant.errors import dutch_error
from assistant.llm.openai_compat import LLMUnavailable
from assistant.server_login import Logins
from assistant.server_routes import ApiParts, error, router
from guardrails.input import QuestionRejected

__all__ = ["MAX_BODY_BYTES", "create_app"]

log = logging.getLogger("baken.server")

MAX_BODY_BYTES = 256_000
_STORE_DOWN = "De documentopslag is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."
#: Errors whose own (Dutch) message is the answer, with their status code.
_STATUS = ((QuestionRejected, 400), (AccessDenied, 403), (LLMUnavailable, 503))


def create_app(settings: Settings, bakens: CollectionBakens | None = None) -> FastAPI:
    """The API over ``settings`` (collections, logins and access from the same settings)."""
    pool = bakens or CollectionBakens(settings)
    app = FastAPI(title="Baken API", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.logins = Logins(make_auth(settings))
    app.state.api = ApiParts(settings, pool)
    app.state.collections = pool
    app.middleware("http")(_guard)
    for kind, status in _STATUS:
        app.add_exception_handler(kind, _own_message(status))
    app.add_exception_handler(httpx.TransportError, _store_down)
    app.add_exception_handler(RequestValidationError, _invalid)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.include_router(router)
    return app


async def _guard(request: Request,
                 call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Every request: the proxy rule, the body limits, a Dutch 500 and the safety headers."""
    if request.app.state.logins.check is None and proxied(request.headers.raw):
        return error(403, BEHIND_PROXY_NO_LOGIN)  # behind a proxy a login is required
    if request.method in ("POST", "PUT", "PATCH"):
        length = request.headers.get("content-length")
        if length is None or not length.isdigit():
            return error(411, "Verzoek zonder lengte wordt niet aangenomen.")
        if int(length) > MAX_BODY_BYTES:
            return error(413, "Verzoek te groot.")
    try:
        response = await call_next(request)
    except Exception as exc:  # noqa: BLE001 - a Dutch message; the log names the type only
        response = error(500, dutch_error(exc))
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


def _own_message(status: int) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def handle(_: Request, exc: Exception) -> Response:
        return error(status, str(exc))

    return handle


async def _store_down(_: Request, exc: Exception) -> Response:
    log.error("documentopslag niet bereikbaar (%s)", type(exc).__name__)
    return error(503, _STORE_DOWN)


async def _invalid(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    fields = sorted({str(e.get("loc", ("", ""))[-1]) for e in exc.errors()})
    return error(422, "Ongeldig verzoek; controleer de velden: " + ", ".join(fields) + ".")


async def _http_error(_: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    response = error(exc.status_code, str(exc.detail))
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response
