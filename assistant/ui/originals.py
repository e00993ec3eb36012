"""Serve the originals of indexed files (and nothing else) at ``/bron/<source_file>``.

A name is served only when ``assistant.originals.resolve_original`` allows it (a document in
the index, its kept copy inside ``DATA_DIR/originals``, no symbolic link on the way); anything
else gets a 404. Active content cannot run in Baken's origin: everything but PDF is served with
a sandbox policy, office files as downloads. Login applies as for the chat itself (the session
``assistant.ui.auth.LoginGate`` keeps next to Gradio's; without that middleware in front
nothing is served), and so do the collection grants (``?collectie=NAAM``; without it the
configured collection) and the separate right to open originals (the locator raises
``AccessDenied`` without it: 403, Dutch).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable, Collection
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, PlainTextResponse, Response

from assistant.access import AccessDenied
from assistant.originals import resolve_original
from assistant.ui.auth import chat_login

__all__ = ["ROUTE", "mount_collection_originals", "mount_originals"]

ROUTE = "/bron/{name:path}"
SANDBOX = "sandbox; default-src 'none'; style-src 'unsafe-inline'"

_INLINE_TYPES = {
    ".pdf": "application/pdf",
    ".md": "text/plain; charset=utf-8",
    ".markdown": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".eml": "text/plain; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
}


def _headers(path: Path) -> tuple[str, dict[str, str]]:
    suffix = path.suffix.lower()
    media = _INLINE_TYPES.get(suffix)
    headers = {"X-Content-Type-Options": "nosniff", "Cache-Control": "private, no-store",
               "Referrer-Policy": "no-referrer"}
    if media is None:
        media = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        headers["Content-Disposition"] = _disposition("attachment", path.name)
    else:
        headers["Content-Disposition"] = _disposition("inline", path.name)
    if suffix != ".pdf":  # the browser's PDF viewer does not run in a sandbox
        headers["Content-Security-Policy"] = SANDBOX
    return media, headers


def _disposition(kind: str, filename: str) -> str:
    ascii_name = filename.encode("ascii", "ignore").decode("ascii").replace('"', "") or "bestand"
    return f"{kind}; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"


Locate = Callable[[str | None, str | None, str], Path | None]
"""(login name, collection from ``?collectie=`` or None, file name) -> the original or None;
raises ``AccessDenied`` when the login may not open originals."""


def mount_collection_originals(app: FastAPI, locate: Locate) -> None:
    """Add the ``/bron/…`` route; ``locate`` applies the collection grants of the login."""

    def serve(name: str, request: Request) -> Response:
        login = chat_login(request)  # Baken's own session (assistant.ui.auth.LoginGate)
        if not login.allowed:
            return PlainTextResponse("Log eerst in.", status_code=401)
        try:
            path = locate(login.user, request.query_params.get("collectie"), name)
        except AccessDenied as exc:
            return PlainTextResponse(str(exc), status_code=403)
        if path is None:
            return PlainTextResponse("Dit document is niet beschikbaar.", status_code=404)
        media, headers = _headers(path)
        return FileResponse(path, media_type=media, headers=headers)

    app.add_api_route(ROUTE, serve, methods=["GET", "HEAD"], include_in_schema=False)


def mount_originals(app: FastAPI, originals_dir: Path,
                    indexed: Callable[[], Collection[str]]) -> None:
    """Add the ``/bron/…`` route for one folder of originals (one collection, no grants)."""

    def locate(user: str | None, collection: str | None, name: str) -> Path | None:
        if collection is not None:
            return None
        return resolve_original(originals_dir, name, indexed())

    mount_collection_originals(app, locate)
