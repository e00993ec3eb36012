"""The routes of the HTTP API (``assistant.server``): collections, search, ask, originals.

Each route finds the parts through ``Api`` (on ``app.state.api``) and the login through
``User``; errors are raised and become Dutch JSON in ``assistant.server``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, JSONResponse, Response, StreamingResponse
from pydantic import BaseModel, Field

from assistant.access import (
    AccessDenied,
    may_open_originals,
    no_originals_right,
    require_access,
    visible_collections,
)
from assistant.app import Baken, CollectionBakens
from assistant.audit import AccessLog
from assistant.config import Settings
from assistant.errors import dutch_error
from assistant.filters import search_filters
from assistant.llm.openai_compat import LLMUnavailable
from assistant.originals import resolve_original
from assistant.payloads import answer_json, source_json
from assistant.server_login import User
from assistant.service import EvidenceFound, Finished, SourcesFound, TextDelta

MAX_HISTORY = 10
NOT_KEPT = ("Baken bewaart geen originelen (instelling keep_originals); het origineel staat op "
            "de bestandsshare, zie share_path bij de bron.")
NOT_AVAILABLE = "Dit document is niet beschikbaar."

router = APIRouter(prefix="/api")


def error(status: int, message: str) -> JSONResponse:
    """The API's error response: ``{"error": "<Nederlandse melding>"}``."""
    return JSONResponse({"error": message}, status_code=status)


class _Filters(BaseModel):
    doc_type: str | None = None
    gemeente: str | None = None
    jaar: int | None = None

    def as_dict(self) -> dict[str, str | int]:
        return search_filters(self.model_dump())


class SearchRequest(_Filters):
    question: str = Field(max_length=20_000)
    collection: str | None = Field(None, max_length=63)
    k: int | None = Field(None, ge=1, le=20)


class AskRequest(_Filters):
    question: str = Field(max_length=20_000)
    collection: str | None = Field(None, max_length=63)
    history: list[tuple[str, str]] = Field(default_factory=list, max_length=MAX_HISTORY)
    stream: bool = False


@dataclass(frozen=True)
class ApiParts:
    """What the routes share: the settings, one Baken per collection, the access log."""

    settings: Settings
    pool: CollectionBakens

    @property
    def access_log(self) -> AccessLog:
        return self.pool.base.access_log

    def baken_for(self, user: str | None, collection: str | None) -> Baken:
        """The collection's Baken when ``user`` may use it; else ``AccessDenied``."""
        chosen = require_access(self.settings, user, collection or self.settings.collection)
        return self.pool.get(chosen)

    def places(self, baken: Baken, user: str | None,
               sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Sources with where their original can be opened (this login) or found (share)."""
        collection = baken.settings.collection
        may_open = may_open_originals(self.settings, user, collection)
        kept = baken.settings.privacy.keep_originals
        for source in sources:
            file = str(source.get("source_file", "")).split("#", 1)[0]
            source["original_url"] = (f"/api/originals/{quote(collection, safe='')}/"
                                      f"{quote(file, safe='/')}" if may_open and file else None)
            source["share_path"] = None if kept else baken.pipeline.share_path(file)
        return sources


def _parts(request: Request) -> ApiParts:
    parts: ApiParts = request.app.state.api
    return parts


Api = Annotated[ApiParts, Depends(_parts)]


@router.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/collections")
def collections(api: Api, user: User) -> dict[str, Any]:
    names = visible_collections(api.settings, user, api.pool.existing())
    default = api.settings.collection if api.settings.collection in names else None
    return {"collections": names, "default": default}


@router.post("/search")
def search(body: SearchRequest, api: Api, user: User) -> dict[str, Any]:
    baken = api.baken_for(user, body.collection)
    result, warnings = baken.audited_search(body.question, body.k, body.as_dict(),
                                            user=user, via="api")
    return {"collection": baken.settings.collection, "relevant": result.relevant,
            "sources": api.places(baken, user, [source_json(s) for s in result.sources]),
            "warnings": list(warnings)}


@router.post("/ask", response_model=None)
def ask(body: AskRequest, api: Api, user: User) -> dict[str, Any] | StreamingResponse:
    baken = api.baken_for(user, body.collection)
    collection = baken.settings.collection
    events = baken.assistant.ask(body.question, body.history, body.as_dict(), user=user)
    places = partial(api.places, baken, user)
    if body.stream:
        first = next(events)  # raises QuestionRejected before the response starts
        return StreamingResponse(_ndjson(first, events, collection, places),
                                 media_type="application/x-ndjson")
    for event in events:
        if isinstance(event, Finished):
            payload = answer_json(event.answer)
            places(payload["sources"])
            return {"collection": collection, **payload}
    raise RuntimeError("ask() ended without an answer")


@router.get("/originals/{collection}/{name:path}", response_model=None)
def original(collection: str, name: str, api: Api, user: User) -> Response:
    def audit(served: bool, reason: str | None = None) -> None:
        api.access_log.original(user=user, collection=collection, document=name,
                                served=served, via="api", reason=reason)

    try:
        baken = api.baken_for(user, collection)
    except AccessDenied:
        audit(False, "geen-toegang")
        raise
    if not baken.settings.privacy.keep_originals:
        audit(False, "niet-bewaard")
        return error(404, NOT_KEPT)
    if not may_open_originals(api.settings, user, collection):
        audit(False, "geen-recht")
        return error(403, no_originals_right(collection))
    path = resolve_original(baken.settings.originals_dir, name,
                            baken.store.indexed_files().keys())
    if path is None or baken.pipeline.original_path(name) != path:
        audit(False, "niet-gevonden")
        return error(404, NOT_AVAILABLE)
    audit(True)  # raises when it cannot be written: then nothing is served
    return FileResponse(path, media_type="application/octet-stream", filename=path.name,
                        headers={"Content-Security-Policy": "sandbox; default-src 'none'",
                                 "Referrer-Policy": "no-referrer"})


def _line(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False) + "\n"


def _event_line(event: Any, collection: str,
                places: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> str:
    """One event of an answer as a JSON line."""
    if isinstance(event, SourcesFound):
        return _line({"type": "sources", "collection": collection,
                      "relevant": event.relevant, "warnings": list(event.warnings),
                      "sources": places([source_json(s) for s in event.sources])})
    if isinstance(event, EvidenceFound):
        return _line({"type": "evidence", "markdown": event.markdown,
                      "items": [{"n": e.n, "text": e.text, "locator": e.label}
                                for e in event.items]})
    if isinstance(event, TextDelta):
        return _line({"type": "delta", "text": event.text})
    assert isinstance(event, Finished)
    payload = answer_json(event.answer)
    places(payload["sources"])
    return _line({"type": "answer", "collection": collection, **payload})


def _ndjson(first: Any, events: Iterator[Any], collection: str,
            places: Callable[[list[dict[str, Any]]], list[dict[str, Any]]]) -> Iterator[str]:
    """Events as JSON lines; an error halfway becomes a last ``error`` line."""
    yield _event_line(first, collection, places)
    try:
        for event in events:
            yield _event_line(event, collection, places)
    except Exception as exc:  # noqa: BLE001 - the client gets a Dutch message, not a hang
        message = str(exc) if isinstance(exc, LLMUnavailable) else dutch_error(exc)
        yield _line({"type": "error", "error": message})
