"""Search in Chromium: the browse and spoiler fixture sites' reviews, built under a GitHub
Pages sub-path and served on 127.0.0.1, searched the way a reader does."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.browser import SUB_PATH, build_into, serve
from tests.conftest import REPO, review_text
from tests.e2e.test_browser import AXE, RUN_AXE
from tests.e2e.test_search_build import needs_pagefind
from tests.golden import SITES, prepare
from vhsheaven.search.records import without_details

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

# A body's phrase (tremors.md), and words the-usual-suspects.md has only in its spoilers.
BODY_PHRASE = "basement full of guns"
SPOILER_WORDS = ("Keyser", "Verbal")
RESULTS = "#search-results li"


@dataclass(frozen=True)
class Searchable:
    """The built site: its address and output folder."""

    url: str
    out: Path

    def titles(self, relative: str) -> set[str]:
        """The titles of the review cards on a built listing, all its pages."""
        folder = self.out / relative
        pages = [folder / "index.html", *(folder / "page").glob("*/index.html")]
        cards = [
            BeautifulSoup(p.read_bytes(), "html.parser").select(".tape-title a") for p in pages
        ]
        return {a.get_text() for links in cards for a in links}

    def titles_of(self, taxonomy: str) -> set[str]:
        """The names of a taxonomy's terms, as its index page lists them."""
        soup = BeautifulSoup((self.out / taxonomy / "index.html").read_bytes(), "html.parser")
        return {a.get_text().strip() for a in soup.select(".term-list li > a")}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Searchable]:
    needs_pagefind()
    work = tmp_path_factory.mktemp("search")
    root = prepare(SITES / "browse", work)
    for review in (SITES / "spoilers" / "content" / "reviews").glob("*.md"):
        shutil.copy(review, root / "content" / "reviews" / review.name)
    for n in range(6):  # enough 1980s films for more than one screen of results
        text = review_text(f"Shelf Filler {n}", 1981 + n, 5, "genres: [Drama]\n")
        (root / "content" / "reviews" / f"shelf-filler-{n}.md").write_text(text)
    out = build_into(root, work / "www")
    with serve(work / "www") as url:
        yield Searchable(url, out)


def search_page(browser: Browser, site: Searchable, query: str = "") -> Page:
    """The search page, with every request it makes recorded on `page.requests`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.requests = requested  # type: ignore[attr-defined]
    page.goto(site.url + "search/" + (f"?q={query}" if query else ""))
    page.wait_for_selector("#search:not([hidden])")
    return page


def found(page: Page, typed: str | None = None) -> set[str]:
    """Type a query (if given), wait for the status to report, and read the cards' titles."""
    if typed is not None:
        page.fill("#search-query", typed)
    page.wait_for_function(
        "document.getElementById('search-status').textContent.match(/found|No review/)"
    )
    page.wait_for_timeout(50)
    return set(page.locator(f"{RESULTS} .tape-title a").all_text_contents())


def test_a_directors_surname_finds_that_directors_reviews(
    browser: Browser, site: Searchable
) -> None:
    page = search_page(browser, site)
    expected = site.titles("directors/john-carpenter")
    assert len(expected) == 2
    assert found(page, "Carpenter") == expected


def test_a_phrase_from_one_body_finds_that_review(browser: Browser, site: Searchable) -> None:
    page = search_page(browser, site)
    assert found(page, f'"{BODY_PHRASE}"') == {"Tremors"}
    excerpt = page.locator(f"{RESULTS} .search-excerpt mark").all_text_contents()
    assert [word.lower() for word in excerpt][:4] == BODY_PHRASE.split()


def test_a_spoilers_text_finds_nothing(browser: Browser, site: Searchable) -> None:
    review = (site.out / "reviews" / "the-usual-suspects" / "index.html").read_text()
    page = search_page(browser, site)
    for word in SPOILER_WORDS:
        # On the page, inside its spoilers' <details> only.
        assert word in review and word not in without_details(review)
        assert found(page, word) == set()
        assert page.inner_text("#search-status") == "No review matches."


def test_genre_and_decade_filters_narrow_the_results(browser: Browser, site: Searchable) -> None:
    page = search_page(browser, site)
    page.select_option("#search-genre", "Horror")
    horror = found(page)
    assert horror == site.titles("genres/horror") and horror
    page.select_option("#search-decade", "1980s")
    horror_1980s = found(page)
    assert horror_1980s == horror & site.titles("decades/1980s")
    assert 0 < len(horror_1980s) < len(horror)
    page.select_option("#search-genre", "")
    decade = site.titles("decades/1980s")
    assert found(page) < decade and len(decade) > 10
    assert page.inner_text("#search-status") == f"{len(decade)} reviews found; 10 shown."


def test_results_link_under_the_sub_path_and_nothing_leaves_the_site(
    browser: Browser, site: Searchable
) -> None:
    page = search_page(browser, site, "Carpenter")
    found(page)
    links = page.locator(f"{RESULTS} .tape-title a").evaluate_all("as => as.map(a => a.href)")
    assert links and all(link.startswith(site.url + "reviews/") for link in links)
    page.locator(f"{RESULTS} .tape-title a").first.click()
    page.wait_for_url(f"{site.url}reviews/**")
    origin = "{0.scheme}://{0.netloc}/".format(urlsplit(site.url))
    requested = page.requests  # type: ignore[attr-defined]
    assert any("/pagefind/" in url for url in requested)
    assert [url for url in requested if not url.startswith(origin + SUB_PATH + "/")] == []


def test_the_header_field_searches_from_any_page_with_the_keyboard(
    browser: Browser, site: Searchable
) -> None:
    page = browser.new_page()
    page.goto(site.url + "reviews/tremors/")
    page.get_by_label("Search reviews").focus()
    page.keyboard.type("Carpenter")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site.url}search/?q=Carpenter")
    assert found(page) == site.titles("directors/john-carpenter")
    assert page.evaluate("document.activeElement.id") == "search-query"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "search-genre"


def test_without_javascript_the_page_says_so_and_links_the_browse_pages(
    browser: Browser, site: Searchable
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site.url + "search/?q=Carpenter")
    assert page.locator("#search").is_hidden()
    fallback = page.locator("#search-fallback")
    assert "needs JavaScript" in fallback.inner_text()
    assert fallback.get_by_role("link", name="Genres").get_attribute("href") == (
        f"/{SUB_PATH}/genres/"
    )


def test_the_search_page_with_results_has_no_axe_violations(
    browser: Browser, site: Searchable
) -> None:
    assert AXE.is_file(), f"{AXE.relative_to(REPO)} missing: run `npm ci`"
    page = search_page(browser, site, "the")
    page.select_option("#search-sort", "rating:desc")
    assert len(found(page)) >= 5
    page.add_script_tag(path=str(AXE))
    assert page.evaluate(RUN_AXE) == []


def test_ten_results_are_shown_and_a_button_shows_the_rest(
    browser: Browser, site: Searchable
) -> None:
    page = search_page(browser, site)
    page.select_option("#search-decade", "1980s")
    everything = site.titles("decades/1980s")
    assert len(everything) > 10
    assert len(found(page)) == 10
    assert page.inner_text("#search-status") == f"{len(everything)} reviews found; 10 shown."
    page.get_by_role("button", name="Show more results").press("Enter")
    page.wait_for_function(f"document.querySelectorAll('{RESULTS}').length > 10")
    assert set(page.locator(f"{RESULTS} .tape-title a").all_text_contents()) == everything
    assert page.locator("#search-more").is_hidden()


def test_a_first_query_loads_no_filter_lists_nor_sort_keys_until_asked(
    browser: Browser, site: Searchable
) -> None:
    page = search_page(browser, site, "Carpenter")
    assert found(page) == site.titles("directors/john-carpenter")
    options = page.locator("#search-genre option").all_text_contents()
    assert options == ["Any genre", *sorted(site.titles_of("genres"), key=str.casefold)]
    requested = page.requests  # type: ignore[attr-defined]
    assert not [url for url in requested if "/pagefind/filter/" in url or "sorts.json" in url]
    page.select_option("#search-genre", "Horror")
    assert found(page) == site.titles("genres/horror") & site.titles("directors/john-carpenter")
    assert any("/pagefind/filter/" in url for url in requested)


def test_sorting_by_rating_puts_the_best_rated_first(browser: Browser, site: Searchable) -> None:
    page = search_page(browser, site)
    page.select_option("#search-decade", "1980s")
    found(page)
    page.select_option("#search-sort", "rating:desc")
    page.wait_for_function("document.querySelector('#search-results li strong')")
    page.wait_for_timeout(200)
    ratings = [
        float(text.split("/")[0])
        for text in page.locator(f"{RESULTS} .rating-chip strong").all_text_contents()
    ]
    assert len(ratings) == 10 and ratings == sorted(ratings, reverse=True)
    assert ratings[0] > ratings[-1]
    assert any("sorts.json" in url for url in page.requests)  # type: ignore[attr-defined]
