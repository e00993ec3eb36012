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
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import secrets
import threading
import time
from collections.abc import Callable, Iterator
from typing import Annotated, Any
from urllib.parse import quote

import httpx
from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from fastapi.security import HTTPBasic, HTTPBasicCredentials
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.access import (
    AccessDenied,
    login_check,
    may_open_originals,
    no_originals_right,
    require_access,
    visible_collections,
)
from assistant.app import Baken, CollectionBakens
from assistant.audit import AccessLog
from assistant.config import Settings
from assistant.llm.openai_compat import LLMUnavailable
from assistant.service import EvidenceFound, Finished, SourcesFound, TextDelta
from assistant.ui.auth import BEHIND_PROXY_NO_LOGIN, LoginGuard, LoginThrottled, proxied
from guardrails.input import QuestionRejected

log = logging.getLogger("baken.server")

MAX_BODY_BYTES = 256_000
MAX_HISTORY = 10
_LOGIN_CACHE_S = 600.0
NOT_KEPT = ("Baken bewaart geen originelen (instelling keep_originals); het origineel staat op "
            "de bestandsshare, zie share_path bij de bron.")
_STORE_DOWN = "De documentopslag is nu niet bereikbaar. Probeer het over een paar minuten opnieuw."


class _Filters(BaseModel):
    doc_type: str | None = None
    gemeente: str | None = None
    jaar: int | None = None

    def as_dict(self) -> dict[str, str | int]:
        pairs = {"doc_type": self.doc_type, "gemeente": self.gemeente, "jaar": self.jaar}
        return {k: v for k, v in pairs.items() if v is not None}


class SearchRequest(_Filters):
    question: str = Field(max_length=20_000)
    collection: str | None = Field(None, max_length=63)
    k: int | None = Field(None, ge=1, le=20)


class AskRequest(_Filters):
    question: str = Field(max_length=20_000)
    collection: str | None = Field(None, max_length=63)
    history: list[tuple[str, str]] = Field(default_factory=list, max_length=MAX_HISTORY)
    stream: bool = False


class _Logins:
    """HTTP Basic logins with the configured check; a success is remembered for a while."""

    def __init__(self, check: Callable[[str, str], bool] | None) -> None:
        self.check = check
        self._salt = secrets.token_bytes(16)
        self._ok: dict[str, float] = {}
        self._lock = threading.Lock()

    def user(self, credentials: HTTPBasicCredentials | None,
             address: str | None = None) -> str | None:
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
        try:  # a LoginGuard also throttles failed logins per name and per client address
            ok = (self.check.check(credentials.username, credentials.password, address)
                  if isinstance(self.check, LoginGuard)
                  else self.check(credentials.username, credentials.password))
        except LoginThrottled as exc:
            raise HTTPException(429, str(exc), headers={
                "Retry-After": str(math.ceil(exc.wait_s))}) from None
        if not ok:
            raise HTTPException(401, "Onjuiste gebruikersnaam of wachtwoord.",
                                headers={"WWW-Authenticate": "Basic"})
        with self._lock:
            self._ok[key] = now + _LOGIN_CACHE_S
        return credentials.username


_BASIC = HTTPBasic(auto_error=False)


def _current_user(
    request: Request, credentials: Annotated[HTTPBasicCredentials | None, Depends(_BASIC)],
) -> str | None:
    logins: _Logins = request.app.state.logins
    return logins.user(credentials, request.client.host if request.client else None)


User = Annotated[str | None, Depends(_current_user)]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _dutch(exc: BaseException) -> str:
    from assistant.errors import dutch_error

    return dutch_error(exc)


def create_app(settings: Settings, bakens: CollectionBakens | None = None) -> FastAPI:
    """The API over ``settings`` (collections, logins and access from the same settings)."""
    from assistant.cli import answer_json, source_json

    pool = bakens or CollectionBakens(settings)
    access_log = AccessLog(settings.data_dir / "audit")
    app = FastAPI(title="Baken API", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.logins = _Logins(login_check(settings))

    def baken_for(user: str | None, collection: str | None) -> Baken:
        return pool.get(require_access(settings, user, collection or settings.collection))

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Response:
        if app.state.logins.check is None and proxied(request.headers.raw):
            return _error(403, BEHIND_PROXY_NO_LOGIN)  # behind a proxy a login is required
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None or not length.isdigit():
                return _error(411, "Verzoek zonder lengte wordt niet aangenomen.")
            if int(length) > MAX_BODY_BYTES:
                return _error(413, "Verzoek te groot.")
        try:
            response: Response = await call_next(request)
        except Exception as exc:  # noqa: BLE001 - a Dutch message; the log names the type only
            response = _error(500, _dutch(exc))
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.exception_handler(QuestionRejected)
    async def rejected(_: Request, exc: QuestionRejected) -> JSONResponse:
        return _error(400, str(exc))

    @app.exception_handler(AccessDenied)
    async def denied(_: Request, exc: AccessDenied) -> JSONResponse:
        return _error(403, str(exc))

    @app.exception_handler(LLMUnavailable)
    async def llm_down(_: Request, exc: LLMUnavailable) -> JSONResponse:
        return _error(503, str(exc))

    @app.exception_handler(httpx.TransportError)
    async def store_down(_: Request, exc: httpx.TransportError) -> JSONResponse:
        log.error("documentopslag niet bereikbaar (%s)", type(exc).__name__)
        return _error(503, _STORE_DOWN)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        fields = sorted({str(e.get("loc", ("", ""))[-1]) for e in exc.errors()})
        return _error(422, "Ongeldig verzoek; controleer de velden: " + ", ".join(fields) + ".")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        response = _error(exc.status_code, str(exc.detail))
        for key, value in (exc.headers or {}).items():
            response.headers[key] = value
        return response

    @app.get("/api/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/api/collections")
    def collections(user: User) -> dict[str, Any]:
        names = visible_collections(settings, user, pool.existing())
        default = settings.collection if settings.collection in names else None
        return {"collections": names, "default": default}

    def places(baken: Baken, user: str | None, sources: list[dict[str, Any]]
               ) -> list[dict[str, Any]]:
        """Sources with where their original can be opened (this login) or found (share)."""
        collection = baken.settings.collection
        may_open = may_open_originals(settings, user, collection)
        kept = baken.settings.privacy.keep_originals
        for source in sources:
            file = str(source.get("source_file", "")).split("#", 1)[0]
            source["original_url"] = (f"/api/originals/{quote(collection, safe='')}/"
                                      f"{quote(file, safe='/')}" if may_open and file else None)
            source["share_path"] = None if kept else baken.pipeline.share_path(file)
        return sources

    @app.post("/api/search")
    def search(body: SearchRequest, user: User) -> dict[str, Any]:
        baken = baken_for(user, body.collection)
        result, warnings = baken.audited_search(body.question, body.k, body.as_dict(),
                                                user=user, via="api")
        return {"collection": baken.settings.collection, "relevant": result.relevant,
                "sources": places(baken, user, [source_json(s) for s in result.sources]),
                "warnings": list(warnings)}

    @app.post("/api/ask", response_model=None)
    def ask(body: AskRequest, user: User) -> dict[str, Any] | StreamingResponse:
        baken = baken_for(user, body.collection)
        collection = baken.settings.collection
        events = baken.assistant.ask(body.question, body.history, body.as_dict(), user=user)
        if body.stream:
            first = next(events)  # raises QuestionRejected before the response starts
            return StreamingResponse(
                _ndjson(first, events, collection, answer_json,
                        lambda sources: places(baken, user, sources)),
                media_type="application/x-ndjson")
        for event in events:
            if isinstance(event, Finished):
                payload = answer_json(event.answer)
                places(baken, user, payload["sources"])
                return {"collection": collection, **payload}
        raise RuntimeError("ask() ended without an answer")

    @app.get("/api/originals/{collection}/{name:path}", response_model=None)
    def original(collection: str, name: str, user: User) -> Response:
        from assistant.ui.originals import resolve_original

        def audit(served: bool, reason: str | None = None) -> None:
            access_log.original(user=user, collection=collection, document=name,
                                served=served, via="api", reason=reason)

        try:
            baken = baken_for(user, collection)
        except AccessDenied:
            audit(False, "geen-toegang")
            raise
        if not baken.settings.privacy.keep_originals:
            audit(False, "niet-bewaard")
            return _error(404, NOT_KEPT)
        if not may_open_originals(settings, user, collection):
            audit(False, "geen-recht")
            return _error(403, no_originals_right(collection))
        indexed = baken.store.indexed_files().keys()
        path = resolve_original(baken.settings.originals_dir, name, indexed)
        if path is None or baken.pipeline.original_path(name) != path:
            audit(False, "niet-gevonden")
            return _error(404, "Dit document is niet beschikbaar.")
        audit(True)  # raises when it cannot be written: then nothing is served
        return FileResponse(path, media_type="application/octet-stream", filename=path.name,
                            headers={"Content-Security-Policy": "sandbox; default-src 'none'",
                                     "Referrer-Policy": "no-referrer"})

    app.state.collections = pool
    return app


def _ndjson(first: Any, events: Iterator[Any], collection: str,
            answer_json: Callable[[Any], dict[str, Any]],
            places: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Iterator[str]:
    """Events as JSON lines; an error halfway becomes a last ``error`` line."""

    def line(payload: dict[str, Any]) -> str:
        return json.dumps(payload, ensure_ascii=False) + "\n"

    def render(event: Any) -> str:
        if isinstance(event, SourcesFound):
            from assistant.cli import source_json

            return line({"type": "sources", "collection": collection,
                         "relevant": event.relevant, "warnings": list(event.warnings),
                         "sources": places([source_json(s) for s in event.sources])})
        if isinstance(event, EvidenceFound):
            return line({"type": "evidence", "markdown": event.markdown,
                         "items": [{"n": e.n, "text": e.text, "locator": e.label}
                                   for e in event.items]})
        if isinstance(event, TextDelta):
            return line({"type": "delta", "text": event.text})
        assert isinstance(event, Finished)
        payload = answer_json(event.answer)
        places(payload["sources"])
        return line({"type": "answer", "collection": collection, **payload})

    yield render(first)
    try:
        for event in events:
            yield render(event)
    except Exception as exc:  # noqa: BLE001 - the client gets a Dutch message, not a hang
        message = str(exc) if isinstance(exc, LLMUnavailable) else _dutch(exc)
        yield line({"type": "error", "error": message})
