"""What every tab's handlers share: the ``Baken``, the warm-up and the collections per login.

``make_context`` is built once when the chat starts; the controllers themselves are built in
one place, ``UIScopes`` (one set per collection, and one that touches no collection).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.access import AccessDenied
from assistant.app import Baken, CollectionBakens
from assistant.ui.chat import ChatController
from assistant.ui.documents import clear_uploads
from assistant.ui.scopes import Scope, UIScopes, user_of
from assistant.ui.warmup import Warmup


@dataclass
class UIContext:
    """Everything the handlers need, built once per app.

    ``chat`` works on no collection and links no source: the handlers use it only for what
    touches no collection (a new chat, ratings, refusals). Everything that reads or changes
    documents goes through ``scopes``, per login.
    """

    baken: Baken
    warmup: Warmup | None
    scopes: UIScopes

    @property
    def chat(self) -> ChatController:
        return self.scopes.unscoped

    def scope(self, request: Any, chosen: str | None) -> Scope:
        """The collection of this request (``AccessDenied`` with a Dutch message if none)."""
        return self.scopes.get(user_of(request), chosen)

    def chat_for(self, request: Any, chosen: str | None) -> ChatController:
        """The chat of the request's collection; without access one that links nothing."""
        try:
            return self.scope(request, chosen).chat
        except AccessDenied:
            return self.chat

    def baken_for(self, request: Any, chosen: str | None) -> Baken | None:
        """The ``Baken`` of the request's collection; None without access."""
        try:
            return self.scope(request, chosen).baken
        except AccessDenied:
            return None

    def wait(self, part: str) -> None:
        """Block until a warm-up step is done (at once without warm-up)."""
        if self.warmup is not None:
            self.warmup.wait(part)


def make_warmup(baken: Baken) -> Warmup:
    """Load the store, the index with the anonymiser, and the model, in that order."""
    def index() -> None:
        _ = baken.embedder, baken.anonymizer
        baken.retriever.search("opstarten", 1)

    def model() -> None:
        # in-process: load the model and let it read the fixed prompt start before the first
        # question; a model server is only connected
        if baken.settings.server.llm_base_url:
            _ = baken.assistant.llm
        else:
            baken.assistant.prime()

    return Warmup([("opslag", lambda: baken.store), ("index", index), ("taalmodel", model)])


def make_context(baken: Baken, warmup: Warmup | None = None,
                 pool: CollectionBakens | None = None) -> UIContext:
    """The handlers' context; ``pool`` gives the other collections (default: built over
    ``baken``, which serves the configured collection). Built once when the chat starts:
    uploads an earlier run left behind (it was stopped mid-upload) are removed first."""
    clear_uploads(baken.settings.data_dir)
    scopes = UIScopes(pool or CollectionBakens(baken.settings, base=baken), warmup=warmup)
    return UIContext(baken, warmup, scopes)
