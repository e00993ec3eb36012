"""The page in Dutch whatever the browser's language: ``lang="nl"`` and Gradio's own Dutch
labels for its built-in controls.

Gradio picks the language of its built-in labels ("Kopiëren", "Sleep bestand hierheen") from the
browser's ``navigator.language`` (``gradio.i18n`` only adds translations, it cannot choose the
language). Baken is Dutch only, so this ASGI middleware rewrites the app's HTML page: the root
element gets ``lang="nl"`` and a first script reports Dutch as the browser language before
Gradio starts. Only HTML responses that set no policy of their own are touched (the originals
under ``/bron/…`` are served as they are).
"""

from __future__ import annotations

import re

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

FORCE_DUTCH = (
    "<script>(function(){try{var p=Navigator.prototype;"
    "Object.defineProperty(p,'language',{get:function(){return 'nl-NL';},configurable:true});"
    "Object.defineProperty(p,'languages',{get:function(){return ['nl-NL','nl'];},"
    "configurable:true});}catch(e){}document.documentElement.lang='nl';})();</script>"
)
# Gradio's template spreads the tag over lines: '<html\n\tlang="en"\n\tstyle=…'
_HTML_LANG = re.compile(r'<html(\s+)lang="en"')


def dutch_page(html: str) -> str:
    """The page with ``lang="nl"`` and the Dutch-language script first in ``<head>``."""
    html = _HTML_LANG.sub(r'<html\1lang="nl"', html, count=1)
    if FORCE_DUTCH in html:
        return html
    head = html.find("<head>")
    if head < 0:
        return html
    at = head + len("<head>")
    return html[:at] + FORCE_DUTCH + html[at:]


class DutchPage:
    """ASGI middleware: rewrites ``text/html`` responses with ``dutch_page``."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") not in ("GET", None):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def rewrite(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = {k.lower(): v for k, v in message.get("headers", [])}
                html = headers.get(b"content-type", b"").startswith(b"text/html")
                plain = b"content-encoding" not in headers
                own_policy = b"content-security-policy" in headers
                if html and plain and not own_policy:
                    start = message
                    return
                await send(message)
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = dutch_page(b"".join(chunks).decode("utf-8")).encode("utf-8")
            kept = [(k, v) for k, v in start.get("headers", [])
                    if k.lower() != b"content-length"]
            kept.append((b"content-length", str(len(body)).encode("latin-1")))
            await send({**start, "headers": kept})
            await send({"type": "http.response.body", "body": body, "more_body": False})

        await self.app(scope, receive, rewrite)


def middleware() -> list[Middleware]:
    """For ``launch(app_kwargs={"middleware": …})``; put it inside the CSP middleware."""
    return [Middleware(DutchPage)]
