"""Temporary re-export of ``assistant.core.private_files``, for imports not yet rewritten."""

from assistant.core.private_files import *  # noqa: F403
