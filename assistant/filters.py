"""Metadata filters on a search, from the terminal (``--type``/``--gemeente``/``--jaar``) or an
API request body: the one place that turns given options into a ``Filters`` mapping."""

from __future__ import annotations

from collections.abc import Mapping

from assistant.core.schema import FILTER_KEYS


def search_filters(options: Mapping[str, object]) -> dict[str, str | int]:
    """The filter keys (``FILTER_KEYS``) of ``options`` that were given (not None)."""
    return {key: value for key in FILTER_KEYS
            if isinstance(value := options.get(key), str | int)}
