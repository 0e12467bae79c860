"""`updated:` on the page, in JSON-LD, the sitemap and Atom; Atom ids that survive a move."""

from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree

import feedparser
from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text, snapshot
from vhsheaven.build import build
from vhsheaven.options import BuildOptions

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
DATED = "date: 2026-02-03\nupdated: 2026-11-30\n"


def built(root: Path) -> dict[str, bytes]:
    """The site built without the cache; its output files."""
    build(root, options=BuildOptions(cache=False))
    return snapshot(root / "_site")


def test_updated_shows_on_the_page_and_in_json_ld_sitemap_and_atom(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9, DATED),
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8, "date: 2026-05-01\n"),
            "content/pages/about.md": "---\ntitle: About\nupdated: 2026-10-01\n---\nUs.\n",
        }
    )
    files = built(root)
    page = BeautifulSoup(files["reviews/alien/index.html"], "html.parser")
    updated = page.select_one("time.updated")
    assert (updated.text, updated["datetime"]) == ("Updated 30 November 2026", "2026-11-30")
    assert page.select_one("time.published").text == "3 February 2026"
    data = json.loads(page.select_one('script[type="application/ld+json"]').string)
    assert data["dateModified"].startswith("2026-11-30")
    assert data["datePublished"].startswith("2026-02-03")
    urls = ElementTree.fromstring(files["sitemap.xml"]).iter(f"{SITEMAP}url")
    lastmod = {u.findtext(f"{SITEMAP}loc"): u.findtext(f"{SITEMAP}lastmod") for u in urls}
    assert lastmod["https://example.org/reviews/alien/"] == "2026-11-30"
    assert lastmod["https://example.org/reviews/jaws/"] == "2026-05-01"
    assert lastmod["https://example.org/about/"] == "2026-10-01"
    feed = feedparser.parse(files["feed.xml"])
    # `date` keeps ordering: Jaws is newer by date though Alien was updated later.
    assert [e.title for e in feed.entries] == ["Jaws (1975)", "Alien (1979)"]
    alien = feed.entries[1]
    assert alien.updated.startswith("2026-11-30") and alien.published.startswith("2026-02-03")
    assert feed.feed.updated.startswith("2026-11-30")
    about = BeautifulSoup(files["about/index.html"], "html.parser")
    assert about.select_one("time.updated").text == "Updated 1 October 2026"


def entry_ids(files: dict[str, bytes]) -> dict[str, str]:
    """Each Atom entry's title and id in the site's main feed."""
    return {e.title: e.id for e in feedparser.parse(files["feed.xml"]).entries}


def test_an_atom_id_stays_when_the_review_moves_with_an_alias(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 8)})
    before = entry_ids(built(root))["Jaws (1975)"]
    assert before == "https://example.org/reviews/jaws/"
    (root / "content/reviews/jaws.md").rename(root / "content/reviews/jaws-1975.md")
    text = review_text("Jaws", 1975, 8, "aliases: [/reviews/jaws/]\n")
    (root / "content/reviews/jaws-1975.md").write_text(text, encoding="utf-8")
    files = built(root)
    assert entry_ids(files)["Jaws (1975)"] == before
    assert feedparser.parse(files["feed.xml"]).entries[0].link.endswith("/reviews/jaws-1975/")


def test_an_id_in_front_matter_is_the_atom_id(make_site: MakeSite) -> None:
    extra = "id: urn:uuid:6f1c1b9e-8f1a-4c59-9d5b-5f2b1d8c7a10\n"
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 8, extra)})
    files = built(root)
    assert entry_ids(files) == {"Jaws (1975)": "urn:uuid:6f1c1b9e-8f1a-4c59-9d5b-5f2b1d8c7a10"}
