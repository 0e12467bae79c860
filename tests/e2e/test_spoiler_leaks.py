"""Spoilers never leak: not into a card, a description, JSON-LD or a feed (built output)."""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.options import BuildOptions

SECRET = "Keyser is the cripple"
OPENING = f"""\
::: spoiler who Keyser is

{SECRET}, and the whole story came off a noticeboard.

:::

A line-up of five crooks, one lighter and a harbour fire: the first paragraph a reader may see.

::: spoiler the last shot

{SECRET} walks away, his limp gone.

:::

Rewind it at once.
"""
PAGE = "reviews/suspects/index.html"


def built(make_site: MakeSite, tmp_path: Path) -> Path:
    review = review_text(
        "The Usual Suspects", 1995, 8, "slug: suspects\ngenres: [Crime]\n", OPENING
    )
    root = make_site({"content/reviews/suspects.md": review})
    out = tmp_path / "out"
    build(root, out, BuildOptions())
    return out


def test_no_summary_or_description_holds_spoiler_text(make_site: MakeSite, tmp_path: Path) -> None:
    out = built(make_site, tmp_path)
    page = BeautifulSoup((out / PAGE).read_text(), "html.parser")
    card = BeautifulSoup((out / "index.html").read_text(), "html.parser").select_one(".summary")
    description = page.find("meta", attrs={"name": "description"})
    og = page.find("meta", attrs={"property": "og:description"})
    script = page.find("script", attrs={"type": "application/ld+json"})
    assert card is not None and description is not None and og is not None and script
    summaries = [
        card.get_text(),
        str(description["content"]),
        str(og["content"]),
        json.loads(script.get_text())["description"],
    ]
    for summary in summaries:
        assert summary.startswith("A line-up of five crooks")
        assert SECRET not in summary
    # The page itself still has both spoilers, closed.
    assert [d.get("open") for d in page.select("details.spoiler")] == [None, None]
    assert SECRET in page.get_text()


def test_feeds_carry_a_link_to_the_page_instead_of_the_spoiler(
    make_site: MakeSite, tmp_path: Path
) -> None:
    out = built(make_site, tmp_path)
    for name in ("feed.xml", "genres/crime/feed.xml"):
        entry = feedparser.parse((out / name).read_bytes()).entries[0]
        assert entry.summary.startswith("A line-up of five crooks")
        content = BeautifulSoup(entry.content[0].value, "html.parser")
        assert SECRET not in entry.summary and SECRET not in content.get_text()
        assert not content.find("details")
        notes = content.select("p.spoiler-note a")
        assert [a.get_text() for a in notes] == ["Spoiler hidden: read it on the site"] * 2
        assert {a["href"] for a in notes} == {"https://example.org/reviews/suspects/"}
        assert "Rewind it at once." in content.get_text()
