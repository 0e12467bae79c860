"""The site model: URLs, safe output paths, rating text and a total, deterministic order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest

from vhsheaven.config import SiteConfig
from vhsheaven.content import ReviewMeta, ReviewSource
from vhsheaven.errors import Location
from vhsheaven.markup import convert
from vhsheaven.model import UnsafePath, build_site, format_rating, make_review, output_path_for

CONFIG = SiteConfig(title="T", base_url="https://e.org/", timezone="America/New_York")


def review(slug: str, date: dt.datetime | None = None, **meta: object) -> ReviewSource:
    fields: dict[str, object] = {"title": slug, "year": 1990, "rating": 7.0, "author": "A"}
    fields.update(meta)
    return ReviewSource(
        ReviewMeta(slug=slug, date=date, **fields),  # type: ignore[arg-type]
        "Some words here.\n",
        Location(Path(f"content/reviews/{slug}.md"), 1),
        5,
    )


def place(source: ReviewSource) -> object:
    return make_review(source, convert(source.markdown), None, CONFIG)


@pytest.mark.parametrize(
    ("rating", "scale", "text"),
    [(9.0, 10, "9/10"), (7.5, 10, "7.5/10"), (3.5, 5, "3.5/5"), (0.0, 10, "0/10")],
)
def test_rating_text(rating: float, scale: int, text: str) -> None:
    assert format_rating(rating, scale) == text


def test_review_url_and_output_path() -> None:
    placed = make_review(review("jaws"), convert("x"), None, CONFIG)
    assert placed.url == "reviews/jaws/"
    assert placed.output_path == PurePosixPath("reviews/jaws/index.html")
    assert placed.reading_minutes == 1
    assert placed.summary == "x"


@pytest.mark.parametrize("url", ["../x/", "reviews/../../x/", "/etc/passwd", "a\\b/"])
def test_output_paths_never_escape(url: str) -> None:
    with pytest.raises(UnsafePath):
        output_path_for(url)


def test_order_is_newest_first_then_slug_with_undated_last() -> None:
    day = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    sources = [
        review("b-undated"),
        review("a-undated"),
        review("old", day - dt.timedelta(days=30)),
        review("new-z", day),
        review("new-a", day),
    ]
    site = build_site(CONFIG, [make_review(s, convert("x"), None, CONFIG) for s in sources])
    assert [r.slug for r in site.reviews] == ["new-a", "new-z", "old", "a-undated", "b-undated"]
    assert site.by_slug["old"].meta.title == "old"


def test_published_date_is_shown_in_the_site_time_zone() -> None:
    late = dt.datetime(2026, 2, 3, 2, 0, tzinfo=dt.timezone.utc)
    placed = make_review(review("x", late), convert("x"), None, CONFIG)
    assert placed.published is not None
    assert (placed.published.month, placed.published.day) == (2, 2)


def test_verdict_and_explicit_summary() -> None:
    source = review("x", summary="Given summary.")
    placed = make_review(source, convert("Body."), convert("*Closing*."), CONFIG)
    assert placed.summary == "Given summary."
    assert placed.verdict_html == "<p><em>Closing</em>.</p>"


@pytest.mark.parametrize(
    ("poster", "url"),
    [
        (None, None),
        ("images/posters/alien.jpg", "static/images/posters/alien.jpg"),
        ("https://img.example/p.jpg", "https://img.example/p.jpg"),
    ],
)
def test_poster_url_is_under_static_unless_remote(poster: str | None, url: str | None) -> None:
    placed = make_review(review("alien", poster=poster), convert("x"), None, CONFIG)
    assert placed.poster_url == url
