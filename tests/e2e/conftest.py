"""The one headless Chromium of a test run: Playwright's sync API allows a single session."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from tests.browser import chromium, chromium_path
from tests.tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser test."""
    executable = chromium_path()
    require(executable, "Chromium is not installed (Debian: apt-get install chromium)")
    require(
        importlib.util.find_spec("playwright"), "Playwright is missing: pip install -e '.[dev]'"
    )
    assert executable is not None
    with chromium(executable) as launched:
        yield launched
