"""Which collections a user may see and search (setting ``access``).

Rules, deny by default:
- without an ``access`` table every user (and the chat without login) sees only the default
  collection (``collection``);
- with a table, a logged-in user sees the collections listed under their name plus those under
  ``"*"``; the collection ``"*"`` grants every collection; a user not in the table sees nothing;
- without login (only possible on this computer) the default collection is the only one.

Opening an original (the un-anonymised document Baken keeps of every indexed file) is a
separate right, setting ``originals_access`` (user -> [collections], ``"*"`` as above), and it
needs access to the collection as well. Nobody who logs in has it unless granted; without login
(only possible on this computer: one user, who ingested the documents) it is on. With
``keep_originals = false`` nobody has it: no originals are kept.

Credentials themselves (``auth_user``/``auth_password``, ``ui_auth_file``) are checked in
``assistant.credentials``, the same check for the chat and the API.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.config import Settings
from assistant.core.errors import BakenError
from assistant.credentials import LOOPBACK

ALL = "*"
_NAME = re.compile(next(str(m.pattern) for m in Settings.model_fields["collection"].metadata
                        if getattr(m, "pattern", None)))


class AccessDenied(BakenError, RuntimeError):
    """The user may not use this collection; the message is Dutch and names no other user."""


def valid_collection(name: str) -> bool:
    """True for a well-formed collection name (the same rule as the ``collection`` setting)."""
    return bool(_NAME.fullmatch(name))


def collection_settings_or_none(settings: Settings, name: str) -> Settings | None:
    """``settings`` for collection ``name``, or None for a malformed name."""
    if name == settings.collection:
        return settings
    return settings.model_copy(update={"collection": name}) if valid_collection(name) else None


def grants(settings: Settings, user: str | None) -> frozenset[str]:
    """The collection names granted to ``user`` (may contain ``"*"``)."""
    if not settings.server.access or user is None:
        return frozenset({settings.collection})
    access = settings.server.access
    return frozenset(access.get(user, [])) | frozenset(access.get(ALL, []))


def may_access(settings: Settings, user: str | None, collection: str) -> bool:
    granted = grants(settings, user)
    return collection in granted or (ALL in granted and valid_collection(collection))


def require_access(settings: Settings, user: str | None, collection: str) -> Settings:
    """Settings for ``collection`` when ``user`` may use it; else ``AccessDenied``."""
    if not may_access(settings, user, collection):
        raise AccessDenied(f"U heeft geen toegang tot de collectie '{collection}', of die "
                           "bestaat niet. Vraag de beheerder om toegang.")
    chosen = collection_settings_or_none(settings, collection)
    if chosen is None:
        raise AccessDenied("Ongeldige collectienaam.")
    return chosen


def may_open_originals(settings: Settings, user: str | None, collection: str) -> bool:
    """Whether ``user`` may open the kept originals of ``collection`` (deny by default)."""
    if not settings.privacy.keep_originals or not may_access(settings, user, collection):
        return False
    if user is None:  # no login configured: only allowed on this computer (single user)
        return settings.ui.host in LOOPBACK
    granted = (frozenset(settings.privacy.originals_access.get(user, []))
               | frozenset(settings.privacy.originals_access.get(ALL, [])))
    return collection in granted or ALL in granted


def no_originals_right(collection: str) -> str:
    """The Dutch refusal for a user without the right to open originals."""
    return (f"U heeft geen recht om originele (niet-geanonimiseerde) documenten te openen in de "
            f"collectie '{collection}'. De passages in Baken zijn geanonimiseerd; vraag de "
            "beheerder om dit recht als u het origineel nodig hebt.")


def visible_collections(settings: Settings, user: str | None,
                        existing: Iterable[str]) -> list[str]:
    """The collections to offer ``user``: granted ones, plus every existing one for ``"*"``."""
    granted = grants(settings, user)
    names = {name for name in granted if name != ALL}
    if ALL in granted:
        names |= {name for name in existing if valid_collection(name)}
    return sorted(names)

