"""The page for a missing address offers the latest reviews and the browse pages, in the
page's reading column."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bs4 import BeautifulSoup

from tests.browser import build_into, serve
from tests.conftest import MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.options import BuildOptions

if TYPE_CHECKING:
    from playwright.sync_api import Browser

TITLES = ("Alien", "Brazil", "Cobra", "Dune", "Eraserhead", "Fargo")


def site(make_site: MakeSite) -> Path:
    return make_site(
        {
            f"content/reviews/{title.lower()}.md": review_text(
                title, 1980 + n, 7, f"date: 2026-01-{n + 1:02d}\ngenres: [Cult]\n"
            )
            for n, title in enumerate(TITLES)
        }
    )


def test_the_404_page_lists_the_latest_reviews_and_every_browse_page(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site(make_site), out, BuildOptions())
    page = BeautifulSoup((out / "404.html").read_text(), "html.parser")
    section = page.select_one("main .not-found")
    assert section is not None
    browse = [a["href"] for a in section.select(".term-list a")]
    assert browse == ["/genres/", "/decades/", "/directors/", "/authors/", "/top-rated/"]
    latest = [a.get_text() for a in section.select(".review-list .tape-title a")]
    assert latest == ["Fargo", "Eraserhead", "Dune", "Cobra"]


def test_the_404_page_keeps_to_the_reading_column(
    browser: Browser, make_site: MakeSite, tmp_path: Path
) -> None:
    build_into(site(make_site), tmp_path / "www")
    with serve(tmp_path / "www") as url:
        for width in (375, 1280):
            page = browser.new_page(viewport={"width": width, "height": 900})
            page.goto(url + "404.html")
            back = page.locator(".back-nav").bounding_box()
            column = page.locator(".not-found").bounding_box()
            assert back is not None and column is not None
            assert abs(back["x"] - column["x"]) < 1 and abs(back["width"] - column["width"]) < 1
            sideways = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
            assert page.evaluate(sideways) == 0
            page.close()
