"""Temporary re-export of ``assistant.core.schema``, for imports not yet rewritten."""

from assistant.core.schema import *  # noqa: F403
