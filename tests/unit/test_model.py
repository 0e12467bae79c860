"""The site model: URLs, safe output paths, rating text and a total, deterministic order."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest

from vhsheaven.errors import Location
from vhsheaven.incremental.patch import with_reviews
from vhsheaven.load.review_file import ReviewMeta, ReviewSource
from vhsheaven.load.settings import SiteConfig
from vhsheaven.markup.convert import convert
from vhsheaven.model.build_site import build_site, shape
from vhsheaven.model.linking import term_link
from vhsheaven.model.site import (
    UNDATED,
    Review,
    Site,
    UnsafePath,
    format_rating,
    make_review,
    output_path_for,
    paginate,
    term_slug,
)

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


def placed(slug: str, date: dt.datetime | None = None, **meta: object) -> Review:
    source = review(slug, date, **meta)
    return make_review(source, convert(source.markdown), None, CONFIG)


def site_of(*reviews: Review, per_page: int = 12) -> Site:
    return build_site(replace(CONFIG, reviews_per_page=per_page), list(reviews))


def test_pagination_urls_paths_and_neighbours() -> None:
    reviews = tuple(placed(f"r{i:02d}") for i in range(25))
    pages = paginate(reviews, "genres/horror/", 12).pages
    assert [p.url for p in pages] == [
        "genres/horror/",
        "genres/horror/page/2/",
        "genres/horror/page/3/",
    ]
    assert pages[1].output_path == PurePosixPath("genres/horror/page/2/index.html")
    assert [len(p.reviews) for p in pages] == [12, 12, 1]
    assert [(p.previous_url, p.next_url) for p in pages] == [
        (None, "genres/horror/page/2/"),
        ("genres/horror/", "genres/horror/page/3/"),
        ("genres/horror/page/2/", None),
    ]
    home = paginate(reviews, "", 12).pages
    assert [p.url for p in home] == ["", "page/2/", "page/3/"]
    assert home[0].output_path == PurePosixPath("index.html") and home[1].previous_url == ""


def test_an_empty_list_has_one_page_and_windows_mark_gaps() -> None:
    assert [p.url for p in paginate((), "top-rated/", 12).pages] == ["top-rated/"]
    paginator = paginate(tuple(placed(f"r{i:02d}") for i in range(20)), "", 1)
    numbers = [p.number if p else None for p in paginator.links.window(paginator.pages[9])]
    assert numbers == [1, None, 8, 9, 10, 11, 12, None, 20]
    assert [p.number if p else None for p in paginator.links.window(paginator.first)] == [
        1,
        2,
        3,
        None,
        20,
    ]


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Science Fiction", "science-fiction"), ("Agnès Varda", "agnes-varda"),
     ("日本映画", "u65e5-u672c-u6620-u753b"), ("!!", "u0021-u0021"), ("Sci-Fi", "sci-fi")],
)  # fmt: skip
def test_term_slugs_are_always_safe_and_never_empty(name: str, slug: str) -> None:
    assert term_slug(name) == slug
    assert output_path_for(f"genres/{term_slug(name)}/") == PurePosixPath(
        f"genres/{slug}/index.html"
    )


def test_names_that_slugify_alike_share_a_term_named_by_the_commonest_spelling() -> None:
    site = site_of(
        placed("a", genres=("Sci Fi",)),
        placed("b", genres=("sci-fi", "Horror")),
        placed("c", genres=("Sci-Fi", "sci fi")),
        placed("d", genres=("sci-fi",)),
    )
    genres = site.taxonomies["genres"]
    assert [(t.name, t.slug) for t in genres.terms] == [("Horror", "horror"), ("sci-fi", "sci-fi")]
    assert [r.slug for r in genres.terms[1].reviews] == ["a", "b", "c", "d"]
    assert site.links["c"].genres == (term_link(genres.terms[1]),)
    tied = site_of(placed("a", genres=("Sci Fi",)), placed("b", genres=("Sci-Fi",)))
    assert tied.taxonomies["genres"].terms[0].name == "Sci Fi"


def test_taxonomies_terms_and_review_links() -> None:
    day = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    site = site_of(
        placed("old", day, year=1994, directors=("Kim Jee-woon",), genres=("Horror",)),
        placed("new", day + dt.timedelta(days=1), year=1999, author="Dana Reyes"),
        placed("undated", year=1975, directors=("Kim Jee-woon", "Lee Sang")),
    )
    assert list(site.taxonomies) == ["genres", "decades", "directors", "authors"]
    decades = site.taxonomies["decades"]
    assert [(t.name, t.url) for t in decades.terms] == [
        ("1970s", "decades/1970s/"),
        ("1990s", "decades/1990s/"),
    ]
    assert [r.slug for r in decades.terms[1].reviews] == ["new", "old"]
    assert decades.output_path == PurePosixPath("decades/index.html")
    directors = site.taxonomies["directors"].terms
    assert [(t.name, [r.slug for r in t.reviews]) for t in directors] == [
        ("Kim Jee-woon", ["old", "undated"]),
        ("Lee Sang", ["undated"]),
    ]
    authors = site.taxonomies["authors"].terms
    assert [t.url for t in authors] == ["authors/a/", "authors/dana-reyes/"]
    links = site.links["old"]
    assert (links.newer, links.older) == (site.by_slug["new"], site.by_slug["undated"])
    assert links.decade is not None and links.decade.name == "1990s"
    assert [t.name for t in links.authors] == ["A"]
    assert [t.name for t in links.directors] == ["Kim Jee-woon"]
    assert site.links["new"].newer is None and site.links["undated"].older is None
    assert [r.slug for r in links.related] == ["undated", "new"]
    assert site.taxonomies["genres"].terms[0].feed is not None
    assert directors[0].feed is not None and directors[0].feed.url.endswith("/feed.xml")
    assert site.taxonomies["decades"].terms[0].feed is None


def test_top_rated_order_is_rating_then_year_then_title_then_slug() -> None:
    site = site_of(
        placed("b-low", rating=5.0, year=1980, title="Low"),
        placed("z-tie", rating=9.0, year=1990, title="Same"),
        placed("a-tie", rating=9.0, year=1990, title="same"),
        placed("later", rating=9.0, year=1991, title="A"),
        placed("alpha", rating=9.0, year=1990, title="Alpha"),
        placed("best", rating=10.0, year=2000, title="Zed"),
    )
    order = [r.slug for r in site.top_rated.first.reviews]
    assert order == ["best", "alpha", "a-tie", "z-tie", "later", "b-low"]
    assert site.top_rated.first.url == "top-rated/"


def test_feeds_take_the_newest_twenty_and_their_time_from_review_dates() -> None:
    day = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    dated = [placed(f"d{i:02d}", day + dt.timedelta(days=i), genres=("Horror",)) for i in range(25)]
    site = site_of(*dated, placed("undated", genres=("Drama",)))
    assert [r.slug for r in site.feed.entries] == [f"d{i:02d}" for i in range(24, 4, -1)]
    assert site.feed.updated == day + dt.timedelta(days=24)
    assert (site.feed.url, site.feed.output_path) == ("feed.xml", PurePosixPath("feed.xml"))
    drama = site.taxonomies["genres"].terms[0].feed
    assert drama is not None and drama.url == "genres/drama/feed.xml"
    assert drama.updated == UNDATED == drama.entry_updated(site.by_slug["undated"])
    assert drama.page_url == "genres/drama/"


def test_poster_image_url_is_absolute() -> None:
    assert placed("x", poster="images/x.jpg").image_url == "https://e.org/static/images/x.jpg"
    assert placed("y", poster="https://cdn.example/y.jpg").image_url == "https://cdn.example/y.jpg"
    assert placed("z").image_url is None


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


def many_reviews() -> list[Review]:
    """Forty reviews over three genres, four directors and two authors, some undated."""
    day = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
    return [
        placed(
            f"film-{n:02d}",
            day - dt.timedelta(days=n) if n % 7 else None,
            genres=(("Horror", "Drama", "Sci-Fi")[n % 3],),
            directors=(f"Director {n % 4}",),
            author=f"Author {n % 2}",
            rating=float(n % 10),
        )
        for n in range(40)
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"summary": "A new summary."},
        {"verdict": "A new verdict."},
        {"read_time": 42},
        {"poster": "posters/new.jpg"},
    ],
)
def test_swapping_in_reviews_of_the_same_shape_equals_building_anew(
    change: dict[str, object],
) -> None:
    reviews = many_reviews()
    site = site_of(*reviews, per_page=3)
    edited = [
        placed(reviews[n].slug, reviews[n].meta.date, **_meta(reviews[n]), **change)
        for n in (1, 30)
    ]
    after = [next((e for e in edited if e.slug == r.slug), r) for r in reviews]
    assert shape(replace(CONFIG, reviews_per_page=3), after) == site.shape
    swapped = with_reviews(site, {r.slug: r for r in edited})
    assert swapped == site_of(*after, per_page=3)
    # Lists without an edited review are not made again: the last home page holds film-35.
    assert swapped.home.pages[-1] is site.home.pages[-1]


def test_a_cast_change_is_a_change_of_shape_as_its_links_may_change() -> None:
    reviews = many_reviews()
    recast = placed(reviews[1].slug, reviews[1].meta.date, **_meta(reviews[1]), cast=("X",))
    after = [recast if r.slug == recast.slug else r for r in reviews]
    assert shape(CONFIG, after) != shape(CONFIG, reviews)


def _meta(review: Review) -> dict[str, object]:
    """The front matter `placed` needs to make the same review again."""
    meta = review.meta
    return {
        "title": meta.title,
        "year": meta.year,
        "rating": meta.rating,
        "author": meta.author,
        "genres": meta.genres,
        "directors": meta.directors,
    }


@pytest.mark.parametrize(
    "change",
    [
        {"title": "Another Title"},
        {"rating": 9.5},
        {"year": 1975},
        {"genres": ("Comedy",)},
        {"directors": ("Someone Else",)},
        {"author": "Author 9"},
    ],
)
def test_a_change_that_moves_a_review_changes_the_shape(change: dict[str, object]) -> None:
    reviews = many_reviews()
    moved = placed(reviews[5].slug, reviews[5].meta.date, **{**_meta(reviews[5]), **change})
    assert shape(CONFIG, [moved if r is reviews[5] else r for r in reviews]) != shape(
        CONFIG, reviews
    )
    later = placed(reviews[5].slug, dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc))
    assert shape(CONFIG, [later if r is reviews[5] else r for r in reviews]) != shape(
        CONFIG, reviews
    )
