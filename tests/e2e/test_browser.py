"""The site in a real browser: Debian's Chromium driven by Playwright, served under a sub-path."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

import pytest

from tests.browser import (
    OLD_ALIEN,
    REDIRECT,
    SUB_PATH,
    WIDTHS,
    build_into,
    page_kinds,
    page_url,
    screenshot,
    serve,
)
from tests.conftest import REPO
from tests.e2e.test_theme import theme_site
from tests.tools import require

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
FEATURE = "reviews/night-shift-special/"
FEATURE_PAGE = PurePosixPath(FEATURE, "index.html")
HEIGHT = 900
RUN_AXE = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)"""
SIDEWAYS = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
# Characters on each rendered line of every body paragraph, found from each character's box.
LINE_LENGTHS = """() => [...document.querySelectorAll(".review-body > p")].map((p) => {
  const half = parseFloat(getComputedStyle(p).lineHeight) / 2, range = document.createRange();
  const walker = document.createTreeWalker(p, NodeFilter.SHOW_TEXT), lines = [];
  let top = -Infinity;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.height === 0) continue;
      if (box.top > top + half) { lines.push(0); top = box.top; }
      lines[lines.length - 1] += 1;
    }
  }
  return lines;
})"""


@dataclass(frozen=True)
class Served:
    """The built site: its address on 127.0.0.1 and its output folder."""

    url: str
    out: Path

    def at(self, relative: str | PurePosixPath) -> str:
        """The address of a page given as an output path or a pretty URL ("reviews/x/")."""
        if isinstance(relative, PurePosixPath):
            return page_url(self.url, relative)
        return self.url + relative

    def every_page(self) -> list[PurePosixPath]:
        """Every HTML page in the output but redirect pages, which leave at once."""
        return [
            PurePosixPath(p.relative_to(self.out).as_posix())
            for p in self.out.rglob("*.html")
            if REDIRECT not in p.read_bytes()
        ]


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """The sample site plus a feature review, built under a sub-path and served locally."""
    root = theme_site(tmp_path_factory.mktemp("browser"))
    alien = root / "content/reviews/alien.md"
    text = alien.read_text(encoding="utf-8")
    old = f"\ntitle: Alien\naliases: [/{OLD_ALIEN}]\n"
    alien.write_text(text.replace("\ntitle: Alien\n", old), encoding="utf-8")
    www = root.parent / "www"
    out = build_into(root, www)
    with serve(www) as url:
        yield Served(url, out)


@pytest.fixture(scope="session")
def context(browser: Browser) -> Iterator[BrowserContext]:
    """One browser context for the run; each test gets its own page in it."""
    shared = browser.new_context(viewport={"width": WIDTHS["wide"], "height": HEIGHT})
    yield shared
    shared.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A fresh 1280-pixel-wide page, closed after the test."""
    fresh = context.new_page()
    yield fresh
    fresh.close()


def resize(page: Page, width: int) -> None:
    """Make the page `width` pixels wide, as a phone or a desktop window would be."""
    page.set_viewport_size({"width": width, "height": HEIGHT})


def test_home_to_a_review_and_back_to_home(site: Served, page: Page) -> None:
    page.goto(site.url)
    link = page.locator(".review-list .tape-title a").first
    title = link.text_content()
    with page.expect_navigation():
        link.click()
    assert page.url.startswith(site.at("reviews/"))
    assert page.locator("h1").text_content() == title
    with page.expect_navigation():
        page.get_by_role("link", name="Back to Home").click()
    assert page.url == site.url
    assert page.locator("h1").text_content() == "VHS Heaven"


def test_the_whole_tape_label_opens_its_review(site: Served, page: Page) -> None:
    page.goto(site.url)
    summary = page.locator(".tape", has_text="Night Shift Special").locator(".summary")
    summary.scroll_into_view_if_needed()
    box = summary.bounding_box()
    assert box is not None
    with page.expect_navigation():
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    assert page.url == site.at(FEATURE)


def test_a_spoiler_opens_by_click_and_by_keyboard(site: Served, page: Page) -> None:
    page.goto(site.at(FEATURE))
    spoiler, summary = page.locator("details.spoiler"), page.locator("details.spoiler > summary")
    secret = spoiler.get_by_text("The projectionist did it.")

    def is_open() -> bool:
        return bool(spoiler.evaluate("el => el.open"))

    assert summary.text_content() == "Spoiler: who runs the night shift"
    assert not is_open() and not secret.is_visible()
    summary.click()
    assert is_open() and secret.is_visible()
    summary.click()
    assert not is_open()
    summary.focus()
    page.keyboard.press("Enter")
    assert is_open()
    page.keyboard.press("Enter")
    assert not is_open()
    page.keyboard.press("Space")
    assert is_open() and secret.is_visible()


def test_no_page_scrolls_sideways(site: Served, page: Page) -> None:
    wider = {}
    for relative in site.every_page():
        page.goto(site.at(relative))
        for width in (320, *WIDTHS.values()):
            resize(page, width)
            if (extra := page.evaluate(SIDEWAYS)) > 0:
                wider[f"{relative} at {width}px"] = extra
    assert len(site.every_page()) >= 13
    assert wider == {}


def test_axe_finds_no_violations_on_any_kind_of_page(site: Served, page: Page) -> None:
    require(AXE.is_file(), f"axe-core not found at {AXE}; run `npm ci` in the repository")
    kinds = page_kinds(site.out)
    assert {"index.html", "404.html", "reviews/*/"} <= set(kinds)
    found = {}
    for relative in [*kinds.values(), FEATURE_PAGE]:
        page.goto(site.at(relative))
        page.add_script_tag(path=str(AXE))
        for width in WIDTHS.values():
            resize(page, width)
            if violations := page.evaluate(RUN_AXE):
                found[f"{relative} at {width}px"] = violations
    assert found == {}


def test_an_old_address_leads_to_the_review_and_passes_axe(site: Served, page: Page) -> None:
    require(AXE.is_file(), f"axe-core not found at {AXE}; run `npm ci` in the repository")
    page.goto(site.at(OLD_ALIEN))
    page.wait_for_url(site.at("reviews/alien/"))
    assert page.locator("h1").text_content() == "Alien"
    # The redirect page itself, without its refresh, so axe sees it before it leaves.
    html = (site.out / OLD_ALIEN / "index.html").read_bytes()
    assert REDIRECT in html
    still = html.replace(REDIRECT, b'<meta name="x-refresh-removed"').decode()
    page.goto(site.at("index.html"))
    page.set_content(still)
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == []
    assert page.locator("main a").get_attribute("href") == f"/{SUB_PATH}/reviews/alien/"


def test_a_missing_page_gets_the_sites_404(site: Served, page: Page) -> None:
    response = page.goto(site.at("reviews/no-such-tape/"))
    assert response is not None and response.status == 404
    assert page.locator("h1").text_content() == "Page not found"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(13, 9, 19)"


def test_no_request_leaves_the_sites_origin(site: Served, page: Page) -> None:
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for relative in [*page_kinds(site.out).values(), FEATURE_PAGE]:
        page.goto(site.at(relative))
        page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
        page.wait_for_load_state("load")
    origin = site.url.removesuffix(f"{SUB_PATH}/")
    assert [url for url in requested if not url.startswith(origin)] == []
    assert site.at("static/css/site.css") in requested
    assert site.at("static/images/posters/night-shift.svg") in requested


def test_posters_load_lazily_in_lists_and_at_once_on_reviews(site: Served, page: Page) -> None:
    resize(page, WIDTHS["narrow"])
    page.goto(site.url)
    poster = page.locator(".review-list img.poster")
    # Below the first screen of cards (the first four load at once).
    lazy = page.locator(".review-list .tape:nth-child(n+5) img.poster")
    assert poster.count() == 1 and lazy.count() == 1
    assert poster.get_attribute("loading") == "lazy"
    poster.scroll_into_view_if_needed()
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=poster.element_handle()
    )
    page.goto(site.at(FEATURE))
    assert page.locator("img.poster").evaluate("img => img.complete && img.naturalWidth") == 200


def test_keyboard_users_get_a_skip_link_and_visible_focus(site: Served, page: Page) -> None:
    page.goto(site.at(FEATURE))
    page.keyboard.press("Tab")
    focused = page.evaluate_handle("document.activeElement")
    assert focused.evaluate("el => el.textContent") == "Skip to content"
    assert focused.evaluate("el => el.getBoundingClientRect().top") >= 0
    assert focused.evaluate("el => getComputedStyle(el).outlineStyle") == "solid"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("document.activeElement.textContent") == "Back to Home"


def test_reading_comfort_font_size_and_line_length(site: Served, page: Page) -> None:
    page.goto(site.at("reviews/the-thing/"))
    paragraph = page.locator(".review-body > p").first
    for width in (*WIDTHS.values(), 320):
        resize(page, width)
        size = paragraph.evaluate("p => getComputedStyle(p).fontSize")
        assert 16 <= float(size.removesuffix("px")) <= 20
    resize(page, WIDTHS["wide"])
    full_lines = [n for lines in page.evaluate(LINE_LENGTHS) for n in lines[:-1]]
    assert len(full_lines) >= 20
    assert 60 <= sum(full_lines) / len(full_lines) <= 75


def test_motion_is_reduced_on_request_and_print_drops_the_chrome(site: Served, page: Page) -> None:
    page.goto(site.url)
    osd = "getComputedStyle(document.querySelector('.site-header-inner'), '::after').animationName"
    tape = "getComputedStyle(document.querySelector('.tape')).transitionDuration"
    assert (page.evaluate(osd), page.evaluate(tape)) == ("blink", "0.15s, 0.15s")
    page.emulate_media(reduced_motion="reduce")
    assert (page.evaluate(osd), page.evaluate(tape)) == ("none", "0s")
    page.emulate_media(media="print")
    assert page.locator(".site-header").evaluate("el => getComputedStyle(el).display") == "none"
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert body == "rgb(255, 255, 255)"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_screenshots_of_home_and_a_review(site: Served, page: Page, tmp_path: Path) -> None:
    for name, relative in (("home", ""), ("review", FEATURE)):
        page.goto(site.at(relative))
        for label, width in WIDTHS.items():
            resize(page, width)
            path = screenshot(page, tmp_path / f"{name}-{label}.png")
            assert png_size(path) == (width, HEIGHT)
            assert path.stat().st_size > 20_000
