"""A real browser on `vhsheaven serve`: the open page follows edits and shows errors by itself."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect, sync_playwright

from tests.conftest import MakeSite, review_text
from tests.e2e.serving import save, serving
from tests.tools import require

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
# How long the browser may take to show a change: generous, it is only a poll deadline.
SHOWN_MS = 10_000


@pytest.fixture
def page() -> Iterator[Page]:
    """A page in headless system Chromium (Debian's; no browser is downloaded), via Playwright."""
    chromium = shutil.which("chromium")
    require(chromium, "Chromium is not installed (Debian package chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_the_open_page_shows_each_save_without_being_reloaded_by_the_test(
    make_site: MakeSite, page: Page
) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 9)})
    review = root / "content/reviews/jaws.md"
    with serving(root) as served:
        page.goto(served.url + "reviews/jaws/")
        expect(page.locator("h1")).to_have_text("Jaws")
        page.evaluate("window.openedBeforeTheEdit = true")

        save(review, review_text("Jaws", 1975, 9, body="A brand new paragraph about the boat."))
        expect(page.locator(".review-body")).to_contain_text(
            "brand new paragraph", timeout=SHOWN_MS
        )
        assert page.evaluate("window.openedBeforeTheEdit") is None  # the page reloaded itself

        save(review, review_text("Jaws", 1975, 11))
        overlay = page.locator("#vhsheaven-build-errors")
        expect(overlay).to_contain_text(
            "content/reviews/jaws.md:4: rating: is out of range", timeout=SHOWN_MS
        )
        expect(page.locator(".review-body")).to_contain_text("brand new paragraph")

        save(review, review_text("Jaws", 1975, 9, body="Fixed and back."))
        expect(page.locator(".review-body")).to_contain_text("Fixed and back.", timeout=SHOWN_MS)
        expect(overlay).to_have_count(0)
        assert served.stop() == 0
