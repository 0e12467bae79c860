"""Co-written reviews, author pages with bios, and author and director feeds."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text, snapshot
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions
from vhsheaven.reports import BuildReport

CO_WRITTEN = "author: [Dana Reyes, Marcus Webb]\ndirector: Ridley Scott\ndate: 2026-01-02\n"
BIO = """\
---
name: Dana Reyes
links:
  Letterboxd: https://letterboxd.com/example/
  Mail: mailto:dana@example.org
---

Dana files films by the shelf she *first* found them on.
"""


def built(root: Path) -> tuple[BuildReport, dict[str, bytes]]:
    """The site built without the cache, and its output files."""
    report = build(root, options=BuildOptions(cache=False))
    return report, snapshot(root / "_site")


def html(files: dict[str, bytes], name: str) -> BeautifulSoup:
    return BeautifulSoup(files[name], "html.parser")


def test_a_co_written_review_is_on_each_authors_page_and_feed(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9, CO_WRITTEN),
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8, "author: Marcus Webb\n"),
        }
    )
    _, files = built(root)
    page = html(files, "reviews/alien/index.html")
    byline = page.select_one(".review-meta .byline")
    assert byline.text == "By Dana Reyes and Marcus Webb"
    assert [a["href"] for a in byline.select("a")] == [
        "/authors/dana-reyes/",
        "/authors/marcus-webb/",
    ]
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert [a["name"] for a in data["author"]] == ["Dana Reyes", "Marcus Webb"]
    for author, titles in (("dana-reyes", ["Alien"]), ("marcus-webb", ["Alien", "Jaws"])):
        listing = html(files, f"authors/{author}/index.html")
        assert [a.text for a in listing.select(".tape-title a")] == titles
        feed = feedparser.parse(files[f"authors/{author}/feed.xml"])
        years = {"Alien": 1979, "Jaws": 1975}
        assert not feed.bozo
        assert [e.title for e in feed.entries] == [f"{t} ({years[t]})" for t in titles]
    entry = feedparser.parse(files["feed.xml"]).entries[0]
    assert [a["name"] for a in entry.authors] == ["Dana Reyes", "Marcus Webb"]
    director = feedparser.parse(files["directors/ridley-scott/feed.xml"])
    assert [e.title for e in director.entries] == ["Alien (1979)"]
    assert html(files, "directors/ridley-scott/index.html").find(
        "link", rel="alternate", href="/directors/ridley-scott/feed.xml"
    )


def test_an_author_page_shows_the_bio_and_links(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9, "author: dana reyes\n"),
            "content/authors/dana-reyes.md": BIO,
        }
    )
    report, files = built(root)
    assert report.warnings == ()
    page = html(files, "authors/dana-reyes/index.html")
    assert page.h1.text == "Dana Reyes"
    bio = page.select_one(".author-bio")
    assert bio.em.text == "first"
    assert [(a.text, a["href"]) for a in bio.select(".author-links a")] == [
        ("Letterboxd", "https://letterboxd.com/example/"),
        ("Mail", "mailto:dana@example.org"),
    ]
    assert html(files, "authors/index.html").select_one(".author-bio") is None


def test_a_bio_for_nobody_is_a_warning_and_bad_links_are_errors(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
            "content/authors/nobody.md": "---\nname: Nobody\n---\nHello.\n",
        }
    )
    report, _ = built(root)
    assert [str(w) for w in report.warnings] == [
        "content/authors/nobody.md:1: warning: no review is by an author at authors/nobody/; "
        "name the file after the author's address (allowed: vhs-heaven-team)"
    ]
    (root / "content/authors/nobody.md").write_text(
        "---\nname: Nobody\nlinks:\n  Home: javascript:alert(1)\n---\n", encoding="utf-8"
    )
    with pytest.raises(BuildFailed) as failed:
        built(root)
    (problem,) = failed.value.diagnostics
    assert str(problem).startswith(
        'content/authors/nobody.md:3: links: "Home" must be an https:// or mailto: address'
    )
