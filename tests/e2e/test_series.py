"""A series of films: its page in order, and each review's place with its neighbours."""

from __future__ import annotations

from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text, snapshot
from vhsheaven.build import build
from vhsheaven.options import BuildOptions


def test_a_series_of_three_in_order_with_previous_and_next(make_site: MakeSite) -> None:
    root = make_site(
        {
            # series_order decides; a film without one comes after, by year.
            "content/reviews/alien.md": review_text(
                "Alien", 1979, 9, "series: Alien\nseries_order: 1\n"
            ),
            "content/reviews/alien-3.md": review_text("Alien 3", 1992, 6, "series: Alien\n"),
            "content/reviews/aliens.md": review_text(
                "Aliens", 1986, 9, "series: alien\nseries_order: 2\n"
            ),
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8),
        }
    )
    build(root, options=BuildOptions(cache=False))
    files = snapshot(root / "_site")
    page = BeautifulSoup(files["series/alien/index.html"], "html.parser")
    assert page.h1.text == "The Alien series"
    assert [li.text for li in page.select(".series-parts li")] == [
        "Part 1: Alien (1979) · Rating: 9/10",
        "Part 2: Aliens (1986) · Rating: 9/10",
        "Part 3: Alien 3 (1992) · Rating: 6/10",
    ]
    middle = BeautifulSoup(files["reviews/aliens/index.html"], "html.parser")
    nav = middle.select_one("nav.series-nav")
    assert nav.p.text == "Part 2 of 3 in the Alien series"
    assert nav.p.a["href"] == "/series/alien/"
    assert nav.select_one('a[rel="prev"]')["href"] == "/reviews/alien/"
    assert nav.select_one('a[rel="next"]')["href"] == "/reviews/alien-3/"
    first = BeautifulSoup(files["reviews/alien/index.html"], "html.parser")
    assert first.select_one('nav.series-nav a[rel="prev"]') is None
    assert first.select_one("nav.series-nav p").text == "Part 1 of 3 in the Alien series"
    last = BeautifulSoup(files["reviews/alien-3/index.html"], "html.parser")
    assert last.select_one('nav.series-nav a[rel="next"]') is None
    jaws = BeautifulSoup(files["reviews/jaws/index.html"], "html.parser")
    assert jaws.select_one("nav.series-nav") is None
    assert "<loc>https://example.org/series/alien/</loc>" in files["sitemap.xml"].decode()
