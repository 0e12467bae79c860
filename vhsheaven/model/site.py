"""The site model's types, and the small functions that make its reviews, lists, feeds and terms."""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from vhsheaven.errors import Location, UnsafePath
from vhsheaven.incremental.store import content_hash
from vhsheaven.load.review_file import ReviewMeta, ReviewSource
from vhsheaven.load.settings import SiteConfig
from vhsheaven.load.slugs import term_slug as term_slug  # where the tests find it
from vhsheaven.markup.body import Body, Heading, shorten
from vhsheaven.model.views import (
    PageLink,
    Pages,
    PersonLink,
    SiteView,
    TermLink,
)

if TYPE_CHECKING:
    from vhsheaven.model.authors import Bio
    from vhsheaven.model.content_pages import Page
    from vhsheaven.model.series import Series, SeriesPlace

REVIEWS_URL = "reviews"
STATIC_URL = "static"
TOP_RATED_URL = "top-rated/"
PAGE_URL = "page"
FEED_FILE = "feed.xml"
FEED_SIZE = 20
RELATED_SIZE = 3
# Atom needs an `updated` time; a list with no dated review has no truer one than this fixed one.
UNDATED = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class StoredHtml:
    """HTML kept out of memory until a page needs it: `read(key)` fetches it.

    A build reads each body from the cache when its page renders, so memory does not grow
    with the size of the site. `key` also stands for the content in page fingerprints.
    """

    key: str
    read: Callable[[str], str]

    def __str__(self) -> str:
        return self.read(self.key)


@dataclass(frozen=True, slots=True)
class Review:
    """A review ready to render: its metadata, HTML, and where it lives in the site."""

    meta: ReviewMeta
    body: StoredHtml
    verdict_html: str | None
    summary: str
    reading_minutes: int
    headings: tuple[Heading, ...]
    rating_text: str
    published: dt.datetime | None
    updated: dt.datetime | None
    # Its Atom entry's id, which must not change when its address does: `id:` if given,
    # else the absolute URL of the first address it had (its first alias, or its URL).
    entry_id: str
    url: str
    # The poster twice: site-relative for pages (through url()), absolute for feeds and JSON-LD.
    poster_url: str | None
    output_path: PurePosixPath
    image_url: str | None
    source: Location
    key: str
    # The review's URL name (meta.slug), a field as lists of thousands are matched by it.
    slug: str

    @property
    def body_html(self) -> str:
        """The body's HTML, fetched from where the build keeps it."""
        return str(self.body)


@dataclass(frozen=True, slots=True)
class PageOfReviews:
    """One page of a paginated list; page 1 lives at the list's own URL."""

    number: int
    url: str
    output_path: PurePosixPath
    reviews: tuple[Review, ...]
    previous_url: str | None
    next_url: str | None


@dataclass(frozen=True, slots=True)
class Paginator:
    """A list cut into pages of `reviews_per_page`; an empty list still has one page."""

    pages: tuple[PageOfReviews, ...]

    @property
    def first(self) -> PageOfReviews:
        """Page 1, whose URL is the list's."""
        return self.pages[0]

    @property
    def links(self) -> Pages:
        """The list as templates see it: links to its pages."""
        return Pages(tuple(PageLink(page.number, page.url) for page in self.pages))


@dataclass(frozen=True, slots=True)
class Feed:
    """An Atom feed of the newest reviews of a list, beside the page that shows the list."""

    title: str
    url: str
    output_path: PurePosixPath
    page_url: str
    updated: dt.datetime
    entries: tuple[Review, ...]

    def entry_updated(self, review: Review) -> dt.datetime:
        """When an entry last changed: its `updated`, else its publication date, else the
        feed's for undated reviews."""
        return review.updated or review.published or self.updated


@dataclass(frozen=True, slots=True)
class Term:
    """One genre, decade, director or author, with its reviews in site order."""

    name: str
    slug: str
    url: str
    reviews: tuple[Review, ...]
    pages: Paginator
    feed: Feed | None


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """A way to browse (genres, decades, directors, authors): its index page and its terms."""

    name: str
    title: str
    singular: str
    url: str
    output_path: PurePosixPath
    terms: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class TaxonomyKind:
    """How a taxonomy reads its term names off a review, and whether its terms get feeds."""

    name: str
    title: str
    singular: str
    names: Callable[[Review], Iterable[str]]
    feeds: bool = False


def decade_name(year: int) -> str:
    """ "1990s" for 1994; four-digit years make these sort by name in time order."""
    return f"{year // 10 * 10}s"


def _decades(review: Review) -> tuple[str, ...]:
    year = review.meta.year
    return (decade_name(year),) if year is not None else ()


TAXONOMIES = (
    TaxonomyKind("genres", "Genres", "Genre", lambda r: r.meta.genres, feeds=True),
    TaxonomyKind("decades", "Decades", "Decade", _decades),
    TaxonomyKind("directors", "Directors", "Director", lambda r: r.meta.directors, feeds=True),
    TaxonomyKind("authors", "Authors", "Author", lambda r: r.meta.authors, feeds=True),
)
# How a draft without a rating shows it.
UNRATED = "not rated yet"


@dataclass(frozen=True, slots=True)
class ReviewLinks:
    """What a review's page links to: its browse terms, its neighbours by date, related reviews."""

    genres: tuple[TermLink, ...]
    # None for a draft without a year.
    decade: TermLink | None
    directors: tuple[TermLink, ...]
    authors: tuple[TermLink, ...]
    newer: Review | None
    older: Review | None
    related: tuple[Review, ...]
    cast: tuple[PersonLink, ...] = ()
    # Its place in its series, if it is in one (model/series.py).
    series: SeriesPlace | None = None


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs, in final order; nothing here reads files."""

    config: SiteConfig
    reviews: tuple[Review, ...]
    by_slug: Mapping[str, Review]
    home: Paginator
    top_rated: Paginator
    taxonomies: Mapping[str, Taxonomy]
    feed: Feed
    links: Mapping[str, ReviewLinks]
    # What every template receives as `site`.
    view: SiteView
    # See shape(): equal for sites that differ only in what their reviews say.
    shape: str
    # Pages that are not reviews, and author bios by URL name (model/content.py adds them
    # to the site its reviews make).
    pages: tuple[Page, ...] = ()
    series: tuple[Series, ...] = ()
    bios: Mapping[str, Bio] = field(default_factory=lambda: MappingProxyType({}))


def output_path_for(url: str) -> PurePosixPath:
    """The file a site-relative pretty URL is written to; refuses anything that escapes."""
    path = PurePosixPath(url) / "index.html" if url.endswith("/") or not url else PurePosixPath(url)
    if path.is_absolute() or ".." in path.parts or "\\" in url:
        raise UnsafePath(f"output path {url!r} would leave the output folder")
    return path


def format_rating(rating: float, scale: int) -> str:
    """ "9/10", "7.5/10" or "3.5/5"."""
    number = f"{rating:g}"
    return f"{number}/{scale}"


def poster_url(poster: str | None) -> str | None:
    """A local poster's site-relative URL under static/, or a remote poster's own https URL."""
    if poster is None or "://" in poster:
        return poster
    return f"{STATIC_URL}/{poster}"


def make_review(
    source: ReviewSource,
    body: Body,
    verdict: Body | None,
    config: SiteConfig,
    stored: StoredHtml | None = None,
    key: str | None = None,
) -> Review:
    """Combine a checked source with its rendered body into a placed Review.

    `stored` says where the build keeps the body's HTML, read only when a page shows it;
    without it, the body's own HTML is used. `key` identifies the review's whole input (its
    file and bytes) in page fingerprints.
    """
    meta = source.meta
    url = f"{REVIEWS_URL}/{meta.slug}/"
    poster = poster_url(meta.poster)
    minutes = meta.read_time or max(1, math.ceil(body.words / config.words_per_minute))
    return Review(
        meta=meta,
        body=stored or StoredHtml(body.html, str),
        verdict_html=verdict.html if verdict else None,
        summary=meta.summary or shorten(body.first_paragraph),
        reading_minutes=minutes,
        headings=body.headings,
        rating_text=UNRATED
        if meta.rating is None
        else format_rating(meta.rating, config.rating_scale),
        published=meta.date.astimezone(ZoneInfo(config.timezone)) if meta.date else None,
        updated=meta.updated.astimezone(ZoneInfo(config.timezone)) if meta.updated else None,
        entry_id=meta.id or config.base_url + (meta.aliases[0] if meta.aliases else url),
        url=url,
        poster_url=poster,
        output_path=output_path_for(url),
        image_url=poster if poster is None or "://" in poster else config.base_url + poster,
        source=source.location,
        key=key or content_hash(repr(meta), body.html, verdict.html if verdict else ""),
        slug=meta.slug,
    )


def sort_key(review: Review) -> tuple[int, float, str]:
    """Newest first; undated reviews after dated ones; ties broken by slug so order is total."""
    date = review.meta.date
    if date is None:
        return (1, 0.0, review.slug)
    # An aware datetime's timestamp() is already UTC; astimezone() first costs ten times more.
    return (0, -date.timestamp(), review.slug)


def top_rated_key(review: Review) -> tuple[bool, float, int, str, str]:
    """Best rating first, then the older film, then title; the slug makes the order total.
    Drafts not rated yet come last."""
    meta = review.meta
    rating, year = meta.rating, meta.year or 0
    return (rating is None, -(rating or 0.0), year, meta.title.casefold(), review.slug)


def paginate(reviews: tuple[Review, ...], url: str, per_page: int) -> Paginator:
    """Cut a list into pages: `url` for page 1, then `url`page/2/ and so on."""
    count = max(1, math.ceil(len(reviews) / per_page))
    urls = [url if n == 1 else f"{url}{PAGE_URL}/{n}/" for n in range(1, count + 1)]
    pages = (
        PageOfReviews(
            number=n,
            url=urls[n - 1],
            output_path=output_path_for(urls[n - 1]),
            reviews=reviews[(n - 1) * per_page : n * per_page],
            previous_url=urls[n - 2] if n > 1 else None,
            next_url=urls[n] if n < count else None,
        )
        for n in range(1, count + 1)
    )
    return Paginator(tuple(pages))


def make_feed(title: str, page_url: str, reviews: tuple[Review, ...]) -> Feed:
    """The newest FEED_SIZE reviews of a list; updated is the newest of their dates."""
    entries = reviews[:FEED_SIZE]
    changed = (r.updated or r.published for r in entries)
    updated = max((when for when in changed if when is not None), default=UNDATED)
    url = page_url + FEED_FILE
    return Feed(title, url, output_path_for(url), page_url, updated, entries)


def build_taxonomy(kind: TaxonomyKind, reviews: tuple[Review, ...], config: SiteConfig) -> Taxonomy:
    """Group reviews into terms, sorted by name; names that slugify alike share one term."""
    members: dict[str, list[Review]] = {}
    spellings: dict[str, Counter[str]] = {}
    for review in reviews:
        for slug, name in {term_slug(n): n for n in kind.names(review)}.items():
            members.setdefault(slug, []).append(review)
            spellings.setdefault(slug, Counter())[name] += 1
    terms = sorted(
        (
            _make_term(kind, slug, _commonest(spellings[slug]), tuple(found), config)
            for slug, found in members.items()
        ),
        key=lambda term: (term.name.casefold(), term.slug),
    )
    url = f"{kind.name}/"
    return Taxonomy(kind.name, kind.title, kind.singular, url, output_path_for(url), tuple(terms))


def _commonest(spellings: Counter[str]) -> str:
    """The spelling most reviews use; ties go to the one that sorts first."""
    return min(spellings, key=lambda name: (-spellings[name], name))


def _make_term(
    kind: TaxonomyKind, slug: str, name: str, reviews: tuple[Review, ...], config: SiteConfig
) -> Term:
    url = f"{kind.name}/{slug}/"
    feed = make_feed(f"{config.title}: {name}", url, reviews) if kind.feeds else None
    return Term(name, slug, url, reviews, paginate(reviews, url, config.reviews_per_page), feed)
