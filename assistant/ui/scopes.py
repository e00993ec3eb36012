"""Which collection a chat request works in: the ``[access]`` grants applied per login.

The rules are those of ``assistant/access.py`` (the same as the HTTP API): without login the
configured collection; with login the collections granted to that user, nothing when none.
Every handler that reads or changes documents asks ``UIScopes.get`` first, with the login name
from the request and the collection picked in the browser; a name the user may not use raises
``AccessDenied`` with a Dutch message, so no passage, list or original of another collection is
ever handed out. Each collection gets its own controllers over a ``Baken`` from the shared
``CollectionBakens`` (embedder, anonymiser and model load once); this is the one place that
builds the chat's controllers, all over the base ``Baken``'s conversations and feedback.

Opening an original is a right of its own (``may_open_originals``): a login without it gets
sources without a link, and ``/bron/…`` refuses it with a Dutch message. Every search in the
chat and every request for an original, served or refused, goes to the access log.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.access import (
    ALL,
    AccessDenied,
    grants,
    may_open_originals,
    no_originals_right,
    require_access,
    visible_collections,
)
from assistant.app import Baken, CollectionBakens
from assistant.conversations import ConversationStore, StoredSource
from assistant.core.schema import RetrievalResult
from assistant.feedback import FeedbackStore
from assistant.originals import resolve_original
from assistant.ui.chat import ChatController
from assistant.ui.documents import DocumentsController
from assistant.ui.formatting import SharePath, original_url
from assistant.ui.warmup import Warmup

NO_ACCESS = ("U heeft nog geen toegang tot documenten in Baken. Vraag de beheerder om u toegang "
             "te geven tot de collectie van uw organisatie.")


def user_of(request: Any) -> str | None:
    """The login name of a Gradio request (None without login)."""
    name = getattr(request, "username", None)
    return str(name) if name else None


def not_granted(name: str) -> str:
    return (f"U heeft geen toegang tot de collectie '{name}', of die bestaat niet. Vraag de "
            "beheerder om toegang.")


@dataclass
class Scope:
    """One collection as the chat uses it: its ``Baken`` and the controllers over it."""

    name: str
    baken: Baken
    chat: ChatController
    documents: DocumentsController


class UIScopes:
    """Collections per login, and one ``Scope`` per collection (built on first use)."""

    def __init__(self, pool: CollectionBakens, *, warmup: Warmup | None = None) -> None:
        self.pool = pool
        self.settings = pool.settings
        # one history and one feedback file for all collections (comments are anonymised
        # like questions; the anonymiser is shared by all collections)
        self.conversations: ConversationStore = pool.base.conversations
        self.feedback: FeedbackStore = pool.base.feedback
        self.warmup = warmup
        self._scopes: dict[tuple[str, bool], Scope] = {}  # (collection, may open originals)
        self._lock = threading.Lock()
        self.access_log = pool.base.access_log  # the composition root's, for every collection
        # for what touches no collection (a new chat, ratings, refusals): links nothing
        self.unscoped = ChatController(pool.base, self.conversations, self.feedback,
                                       warmup=warmup)

    def choices(self, user: str | None) -> list[str]:
        """The collections ``user`` may pick (empty: no access at all)."""
        granted = grants(self.settings, user)
        existing = self.pool.existing() if ALL in granted else ()
        return visible_collections(self.settings, user, existing)

    def default_for(self, user: str | None, choices: Collection[str] | None = None) -> str | None:
        """The collection a session starts in: the configured one when granted, else the first."""
        names = self.choices(user) if choices is None else list(choices)
        if self.settings.collection in names:
            return self.settings.collection
        return sorted(names)[0] if names else None

    def get(self, user: str | None, chosen: str | None = None) -> Scope:
        """The scope for ``chosen`` (or the user's default); ``AccessDenied`` (Dutch) when the
        user may not use it or has no collection at all."""
        names = self.choices(user)
        if not names:
            raise AccessDenied(NO_ACCESS)
        name = chosen or self.default_for(user, names)
        if name is None or name not in names:
            raise AccessDenied(not_granted(str(name)))
        settings = require_access(self.settings, user, name)  # the same rule as the API
        key = (name, may_open_originals(self.settings, user, name))
        with self._lock:
            found = self._scopes.get(key)
            if found is not None:
                return found
        # an offered name is granted by name or exists: a named grant may start empty
        baken = self.pool.get(settings, create=True)
        scope = self._build(name, baken, opens_originals=key[1])
        with self._lock:
            return self._scopes.setdefault(key, scope)

    def _build(self, name: str, baken: Baken, *, opens_originals: bool) -> Scope:
        originals = baken.settings.originals_dir
        default = name == self.settings.collection
        kept = baken.settings.privacy.keep_originals

        def link_for(source: StoredSource) -> str | SharePath | None:
            file = source.source_file.split("#", 1)[0]
            if not kept:
                where = baken.pipeline.share_path(file)
                return SharePath(where) if where else None
            path = originals / file
            if not opens_originals or resolve_original(originals, file, {file}) is None \
                    or not path.is_file():
                return None
            return original_url(source.source_file, source.page,
                                collection=None if default else name)

        def on_search(user: str | None, question: str, result: RetrievalResult) -> None:
            self.access_log.search(user=user, collection=name, query=question, via="chat",
                                   documents=[s.locator.source_file for s in result.sources])

        s = baken.settings
        chat = ChatController(baken, self.conversations, self.feedback, warmup=self.warmup,
                              link_for=link_for, on_search=on_search)
        documents = DocumentsController(baken, max_bytes=s.ui.max_upload_mb * 1_000_000,
                                        warmup=self.warmup)
        return Scope(name, baken, chat, documents)

    def original(self, user: str | None, collection: str | None, name: str) -> Path | None:
        """The kept original ``name`` of a collection ``user`` may use, else None;
        ``AccessDenied`` (Dutch) when the login lacks the right to open originals. Every
        request is written to the access log (which raises when it cannot be written)."""
        chosen = collection or self.settings.collection

        def audit(served: bool, reason: str | None = None) -> None:
            self.access_log.original(user=user, collection=chosen, document=name,
                                     served=served, via="chat", reason=reason)

        try:
            baken = self.get(user, chosen).baken
        except AccessDenied:
            audit(False, "geen-toegang")
            return None
        if not baken.settings.privacy.keep_originals:
            audit(False, "niet-bewaard")
            return None
        if not may_open_originals(self.settings, user, chosen):
            audit(False, "geen-recht")
            raise AccessDenied(no_originals_right(chosen))
        path = resolve_original(baken.settings.originals_dir, name,
                                baken.store.indexed_files().keys())
        audit(path is not None, None if path is not None else "niet-gevonden")
        return path
