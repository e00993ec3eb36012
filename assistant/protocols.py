"""Temporary re-export of ``assistant.core.protocols``, for imports not yet rewritten."""

from assistant.core.protocols import *  # noqa: F403
