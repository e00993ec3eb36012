"""Fixtures for the browser tests; the helpers themselves are in ``uiserver.py``."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser.uiserver import chromium

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """Headless Chromium from the Debian package, one per test module."""
    with chromium() as chrome:
        yield chrome
