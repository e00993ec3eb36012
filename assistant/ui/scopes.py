"""Which collection a chat request works in: the ``[access]`` grants applied per login.

The rules are those of ``assistant/access.py`` (the same as the HTTP API): without login the
configured collection; with login the collections granted to that user, nothing when none.
Every handler that reads or changes documents asks ``UIScopes.get`` first, with the login name
from the request and the collection picked in the browser; a name the user may not use raises
``AccessDenied`` with a Dutch message, so no passage, list or original of another collection is
ever handed out. Each collection gets its own controllers over a ``Baken`` from the shared
``CollectionBakens`` (embedder, anonymiser and model load once).
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.access import ALL, AccessDenied, grants, require_access, visible_collections
from assistant.app import Baken, CollectionBakens
from assistant.conversations import ConversationStore, StoredSource
from assistant.feedback import FeedbackStore
from assistant.ui.chat import ChatController
from assistant.ui.documents import DocumentsController
from assistant.ui.formatting import original_url
from assistant.ui.originals import resolve_original
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

    def __init__(self, pool: CollectionBakens, conversations: ConversationStore,
                 feedback: FeedbackStore, *, warmup: Warmup | None = None) -> None:
        self.pool = pool
        self.settings = pool.settings
        self.conversations = conversations
        self.feedback = feedback
        self.warmup = warmup
        self._scopes: dict[str, Scope] = {}
        self._lock = threading.Lock()

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
        with self._lock:
            found = self._scopes.get(name)
            if found is not None:
                return found
        # an offered name is granted by name or exists: a named grant may start empty
        baken = self.pool.get(settings, create=True)
        scope = self._build(name, baken)
        with self._lock:
            return self._scopes.setdefault(name, scope)

    def _build(self, name: str, baken: Baken) -> Scope:
        originals = baken.settings.originals_dir
        default = name == self.settings.collection

        def link_for(source: StoredSource) -> str | None:
            file = source.source_file.split("#", 1)[0]
            path = originals / file
            if resolve_original(originals, file, {file}) is None or not path.is_file():
                return None
            return original_url(source.source_file, source.page,
                                collection=None if default else name)

        s = baken.settings
        chat = ChatController(baken, self.conversations, self.feedback, warmup=self.warmup,
                              link_for=link_for)
        documents = DocumentsController(baken, max_bytes=s.ui_max_upload_mb * 1_000_000,
                                        warmup=self.warmup)
        return Scope(name, baken, chat, documents)

    def original(self, user: str | None, collection: str | None, name: str) -> Path | None:
        """The kept original ``name`` of a collection ``user`` may use, else None."""
        try:
            baken = self.get(user, collection or self.settings.collection).baken
        except AccessDenied:
            return None
        return resolve_original(baken.settings.originals_dir, name,
                                baken.store.indexed_files().keys())
