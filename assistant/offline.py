"""Process-wide privacy switches: no telemetry, no analytics, no model-hub downloads.

Imported by ``assistant/__init__.py`` so it runs before chromadb, gradio or transformers load.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "ANONYMIZED_TELEMETRY": "False",  # chromadb
    "GRADIO_ANALYTICS_ENABLED": "False",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "DO_NOT_TRACK": "1",
    "TOKENIZERS_PARALLELISM": "false",
}


def enforce_offline() -> None:
    """Set the privacy switches unconditionally; Baken never runs with them off."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
