"""A trailer's facade in Chromium: no request leaves the page before the click, the private
player after it, and a plain link without JavaScript. Every request is intercepted: the
ones for other hosts are answered here, so nothing reaches the network."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import build_into, serve
from tests.conftest import MakeSite, review_text

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Route

BODY = "Big trouble, small shop.\n\n::: trailer https://www.youtube.com/watch?v=aBcDeFgHiJk\n"
PLAYER = "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1"


@pytest.fixture
def review_url(make_site: MakeSite, tmp_path: Path) -> Iterator[str]:
    root = make_site({"content/reviews/trouble.md": review_text("Big Trouble", 1986, 8, body=BODY)})
    build_into(root, tmp_path / "www")
    with serve(tmp_path / "www") as url:
        yield url + "reviews/trouble/"


def intercepted(context: BrowserContext, local: str) -> list[str]:
    """Every request the context makes to another origin than `local`, answered blank."""
    outside: list[str] = []

    def answer(route: Route) -> None:
        if route.request.url.startswith(local):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.fulfill(status=200, content_type="text/html", body="<title>video</title>")

    context.route("**/*", answer)
    return outside


def test_nothing_leaves_the_page_until_the_click_then_the_private_player(
    browser: Browser, review_url: str
) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 800})
    outside = intercepted(context, review_url.split("/vhs-heaven/")[0])
    page = context.new_page()
    page.goto(review_url)
    page.wait_for_load_state("networkidle")
    button = page.locator("a.trailer-link")
    assert button.inner_text() == "Play the trailer of Big Trouble"
    box = button.bounding_box()
    assert box is not None and abs(box["width"] / box["height"] - 16 / 9) < 0.05
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375
    assert outside == [] and page.locator("iframe").count() == 0
    button.click()
    frame = page.locator("figure.trailer iframe")
    frame.wait_for()
    assert frame.get_attribute("src") == PLAYER
    assert frame.get_attribute("title") == "Play the trailer of Big Trouble"
    page.wait_for_load_state("networkidle")
    assert outside == [PLAYER]
    assert page.url == review_url
    context.close()


def test_without_javascript_the_facade_is_a_plain_link(browser: Browser, review_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)
    outside = intercepted(context, review_url.split("/vhs-heaven/")[0])
    page = context.new_page()
    page.goto(review_url)
    assert outside == []
    page.locator("a.trailer-link").click()
    page.wait_for_url("https://www.youtube.com/watch?v=aBcDeFgHiJk")
    assert outside == ["https://www.youtube.com/watch?v=aBcDeFgHiJk"]
    context.close()
