"""The Content-Security-Policy of the web app: every resource from Baken's own origin only.

A second line of defence behind ``assistant.ui.inert``: should text from a document ever reach
the page as an image, a video poster or a stylesheet, the browser still loads nothing from
another origin. Gradio needs inline scripts and styles and evaluates the small JavaScript
handlers of the app (``js=``), hence ``'unsafe-inline'`` and ``'unsafe-eval'`` for scripts;
everything else stays on ``'self'`` (images also as ``data:`` URLs, which Gradio's icons use).

The policy is added as ASGI middleware to the FastAPI app Gradio builds (``launch`` passes it
in ``app_kwargs``). A response that sets its own policy keeps it: the originals under
``/bron/…`` are served with a stricter sandbox policy.
"""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "media-src 'self'",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
])

_HEADER = b"content-security-policy"


class ContentSecurityPolicy:
    """ASGI middleware: adds ``policy`` to every HTTP response that has no policy of its own."""

    def __init__(self, app: ASGIApp, policy: str = POLICY) -> None:
        self.app = app
        self.policy = policy.encode("latin-1")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_policy(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(name.lower() == _HEADER for name, _ in headers):
                    headers.append((_HEADER, self.policy))
                    message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_policy)


def middleware() -> list[Middleware]:
    """For ``launch(app_kwargs={"middleware": …})``."""
    return [Middleware(ContentSecurityPolicy)]
