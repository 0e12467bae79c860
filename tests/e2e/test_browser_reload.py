"""A real browser on `vhsheaven serve`: the open page follows edits and shows errors by itself."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.conftest import MakeSite, review_text
from tests.e2e.serving import save, serving

# How long the browser may take to show a change: generous, it is only a poll deadline.
SHOWN_MS = 10_000


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page in the run's shared headless Chromium."""
    fresh = browser.new_page()
    yield fresh
    fresh.close()


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
