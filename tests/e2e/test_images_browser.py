"""Posters in Chromium: nothing shifts while they load, the browser picks WebP copies, and the
pages that show them are valid HTML and pass axe-core."""

from __future__ import annotations

import functools
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.browser import SUB_PATH, _SiteHandler, build_into
from tests.e2e.test_browser import AXE, RUN_AXE
from tests.e2e.test_build_cli import copy_sample_site
from tests.e2e.test_html_valid import validate
from tests.images import jpeg
from tests.tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser

# Long enough that the page is laid out before any poster arrives.
IMAGE_DELAY_S = 0.4
# Sums every layout shift not caused by input, from the first paint on.
WATCH_SHIFTS = """
window.__shift = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: "layout-shift", buffered: true});
"""
STILL = "\n\n![A still from the tape](../../static/images/stills/still.jpg)\n"


class _SlowImages(_SiteHandler):
    """The site's files, resized copies held back a moment, as on a slow connection."""

    def do_GET(self) -> None:
        if "/_images/" in self.path:
            time.sleep(IMAGE_DELAY_S)
        super().do_GET()


@contextmanager
def serve_slowly(www: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_SlowImages, directory=str(www))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{SUB_PATH}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def posters_www(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample site with a JPEG poster for every review and a still in one, built under a
    sub-path; plus `unsized.html` beside it, its home page without image sizes (the test's
    control)."""
    root = copy_sample_site(tmp_path_factory.mktemp("posters"))
    reviews = sorted((root / "content/reviews").glob("*.md"))
    folder = root / "static/images/posters"
    folder.mkdir(parents=True)
    for seed, review in enumerate(reviews):
        (folder / f"{review.stem}.jpg").write_bytes(jpeg(1000, 1500, seed=seed))
        text = review.read_text(encoding="utf-8")
        text = text.replace("\n---\n", f"\nposter: images/posters/{review.stem}.jpg\n---\n", 1)
        review.write_text(text + (STILL if seed == 0 else ""), encoding="utf-8")
    (root / "static/images/stills").mkdir()
    (root / "static/images/stills/still.jpg").write_bytes(jpeg(1600, 900, seed=99))
    www = root.parent / "www"
    out = build_into(root, www)
    home = (out / "index.html").read_text(encoding="utf-8")
    unsized = re.sub(r' (width|height)="\d+"', "", home)
    (www / "unsized.html").write_text(unsized, encoding="utf-8")
    return www


def layout_shift(browser: Browser, url: str) -> float:
    """The page's cumulative layout shift from load until every poster has arrived."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.add_init_script(WATCH_SHIFTS)
        page.goto(url)
        page.wait_for_load_state("load")
        for _ in range(6):  # scroll down in steps, so every lazy poster loads
            page.mouse.wheel(0, 700)
            page.wait_for_timeout(150)
        page.wait_for_function("[...document.images].every((img) => img.complete)")
        page.wait_for_timeout(300)
        chosen = page.evaluate(
            "[...document.querySelectorAll('img.poster')].map((i) => i.currentSrc)"
        )
        assert chosen and all(src.endswith(".webp") for src in chosen), chosen
        return float(page.evaluate("window.__shift"))
    finally:
        context.close()


def test_nothing_shifts_on_the_home_page_while_posters_load(
    posters_www: Path, browser: Browser
) -> None:
    with serve_slowly(posters_www) as url:
        assert layout_shift(browser, url) == 0
        # The control: the same page without image sizes does shift, so the measure works.
        assert layout_shift(browser, url.removesuffix(f"{SUB_PATH}/") + "unsized.html") > 0.01


def test_pages_with_posters_pass_axe(posters_www: Path, browser: Browser) -> None:
    require(AXE.is_file(), f"axe-core not found at {AXE}; run `npm ci` in the repository")
    found = {}
    with serve_slowly(posters_www) as url:
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        page = context.new_page()
        for relative in ("", "reviews/alien/", "top-rated/"):
            page.goto(url + relative)
            page.add_script_tag(path=str(AXE))
            for width in (375, 1280):
                page.set_viewport_size({"width": width, "height": 900})
                if violations := page.evaluate(RUN_AXE):
                    found[f"{relative} at {width}px"] = violations
        context.close()
    assert found == {}


def test_pages_with_posters_are_valid_html(posters_www: Path) -> None:
    assert validate(posters_www / SUB_PATH) == []
