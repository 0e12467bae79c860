"""JSON-LD: schema.org fields from a review, and text that can never leave its <script>."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from vhsheaven.errors import Location
from vhsheaven.load.review_file import ReviewMeta, ReviewSource
from vhsheaven.load.settings import SiteConfig
from vhsheaven.markup.convert import convert
from vhsheaven.model.build_site import build_site
from vhsheaven.model.site import make_review
from vhsheaven.render.jsonld import review_data, script_json

CONFIG = SiteConfig(title="Tapes", base_url="https://u.github.io/repo/", rating_scale=5)


def data_for(**meta: object) -> dict[str, object]:
    fields: dict[str, object] = {"title": "X", "year": 1990, "rating": 3.5, "author": "Ann"}
    fields.update(meta)
    source = ReviewSource(ReviewMeta(slug="x", **fields), "Body.", Location(Path("x.md")), 1)  # type: ignore[arg-type]
    review = make_review(source, convert("Body."), None, CONFIG)
    site = build_site(CONFIG, [review])
    return review_data(review, site.links["x"], CONFIG)


def test_rating_uses_the_site_scale_and_author_is_a_person() -> None:
    data = data_for()
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 3.5,
        "bestRating": 5,
        "worstRating": 0,
    }
    assert data["author"] == {
        "@type": "Person",
        "name": "Ann",
        "url": "https://u.github.io/repo/authors/ann/",
    }
    assert data["itemReviewed"] == {"@type": "Movie", "name": "X", "dateCreated": "1990"}
    assert "datePublished" not in data and data["description"] == "Body."


def test_the_site_team_is_an_organization() -> None:
    author = data_for(author=CONFIG.author)["author"]
    assert isinstance(author, dict) and author["@type"] == "Organization"


@pytest.mark.parametrize(
    "title",
    ["</script><script>alert(1)</script>", "<!-- <script>", "He said \"hi\" & 'bye'", "a\u2028b"],
)
def test_any_title_stays_inside_the_script_as_valid_json(title: str) -> None:
    text = script_json(data_for(title=title))
    assert not {"<", ">", "&"} & set(text)
    html = f'<script type="application/ld+json">{text}</script><p>after</p>'
    soup = BeautifulSoup(html, "html.parser")
    assert len(soup.find_all("script")) == 1 and soup.p is not None
    movie = json.loads(soup.script.string)["itemReviewed"]
    assert movie["name"] == title
