"""Sources + rendered bodies → Site: URLs, output paths, total orders, listings and browse terms."""

from __future__ import annotations

import datetime as dt
import math
import operator
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, MutableMapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo

from vhsheaven.errors import Location, UnsafePath
from vhsheaven.incremental.store import content_hash
from vhsheaven.load.review_file import ReviewMeta, ReviewSource
from vhsheaven.load.settings import SiteConfig
from vhsheaven.load.slugs import term_slug as term_slug  # where the tests find it
from vhsheaven.markup.body import Body, Heading, shorten
from vhsheaven.model.related import Film, RelatedIndex
from vhsheaven.model.views import (
    FeedLink,
    ListLink,
    PageLink,
    Pages,
    SiteView,
    TaxonomyLink,
    TermLink,
)

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
        """When an entry last changed: its publication date, or the feed's for undated reviews."""
        return review.published or self.updated


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


TAXONOMIES = (
    TaxonomyKind("genres", "Genres", "Genre", lambda r: r.meta.genres, feeds=True),
    TaxonomyKind("decades", "Decades", "Decade", lambda r: (decade_name(r.meta.year),)),
    TaxonomyKind("directors", "Directors", "Director", lambda r: r.meta.directors),
    TaxonomyKind("authors", "Authors", "Author", lambda r: (r.meta.author,)),
)


@dataclass(frozen=True, slots=True)
class ReviewLinks:
    """What a review's page links to: its browse terms, its neighbours by date, related reviews."""

    genres: tuple[TermLink, ...]
    decade: TermLink
    directors: tuple[TermLink, ...]
    author: TermLink
    newer: Review | None
    older: Review | None
    related: tuple[Review, ...]


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
        rating_text=format_rating(meta.rating, config.rating_scale),
        published=meta.date.astimezone(ZoneInfo(config.timezone)) if meta.date else None,
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


def top_rated_key(review: Review) -> tuple[float, int, str, str]:
    """Best rating first, then the older film, then title; the slug makes the order total."""
    meta = review.meta
    return (-meta.rating, meta.year, meta.title.casefold(), review.slug)


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
    updated = max((r.published for r in entries if r.published), default=UNDATED)
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


def link_reviews(
    reviews: tuple[Review, ...],
    taxonomies: Mapping[str, Taxonomy],
    memo: MutableMapping[str, Any] | None = None,
) -> dict[str, ReviewLinks]:
    """Each review's terms, its newer and older neighbours, and its related reviews.

    Related reviews depend only on every film's genres, directors and decade, in site order;
    `memo` (kept between builds) saves working them out again when none of those changed.
    """
    lookup = {name: {t.slug: term_link(t) for t in tax.terms} for name, tax in taxonomies.items()}
    related = _related_positions([_film(review) for review in reviews], memo)
    links: dict[str, ReviewLinks] = {}
    for position, review in enumerate(reviews):
        terms = {
            kind.name: tuple(lookup[kind.name][slug] for slug in _slugs(kind.names(review)))
            for kind in TAXONOMIES
        }
        (decade,), (author,) = terms["decades"], terms["authors"]
        links[review.slug] = ReviewLinks(
            genres=terms["genres"],
            decade=decade,
            directors=terms["directors"],
            author=author,
            newer=reviews[position - 1] if position > 0 else None,
            older=reviews[position + 1] if position + 1 < len(reviews) else None,
            related=tuple(reviews[p] for p in related[position]),
        )
    return links


def term_link(term: Term) -> TermLink:
    """A term as pages link to it."""
    return TermLink(term.name, term.slug, term.url, len(term.reviews))


def taxonomy_link(taxonomy: Taxonomy) -> TaxonomyLink:
    """A taxonomy as pages link to it."""
    return TaxonomyLink(taxonomy.name, taxonomy.title, taxonomy.singular, taxonomy.url)


def site_view(taxonomies: Mapping[str, Taxonomy], feed: Feed, top_rated: Paginator) -> SiteView:
    """What every template receives as `site`."""
    links = {name: taxonomy_link(taxonomy) for name, taxonomy in taxonomies.items()}
    first = ListLink(top_rated.links.first)
    return SiteView(MappingProxyType(links), FeedLink(feed.title, feed.url), first)


def _related_positions(
    films: list[Film], memo: MutableMapping[str, Any] | None
) -> list[tuple[int, ...]]:
    # Sorted: a frozenset's order changes from one process to the next.
    key = content_hash(repr([(sorted(f.genres), sorted(f.directors), f.decade) for f in films]))
    if memo is not None and memo.get("related", (None,))[0] == key:
        return memo["related"][1]  # type: ignore[no-any-return]
    index = RelatedIndex(films)
    positions = [index.related(position, RELATED_SIZE) for position in range(len(films))]
    if memo is not None:
        memo["related"] = (key, positions)
    return positions


def _film(review: Review) -> Film:
    """What related.py compares: genre and director term slugs, and the decade."""
    meta = review.meta
    return Film(frozenset(_slugs(meta.genres)), frozenset(_slugs(meta.directors)), meta.year // 10)


def _slugs(names: Iterable[str]) -> tuple[str, ...]:
    """The term slugs of some names, each once, in the order given."""
    return tuple(dict.fromkeys(map(term_slug, names)))


def build_site(
    config: SiteConfig, reviews: list[Review], memo: MutableMapping[str, Any] | None = None
) -> Site:
    """Order the reviews, group them into terms and pages, and link them; all the renderer needs."""
    ordered = tuple(sorted(reviews, key=sort_key))
    taxonomies = {kind.name: build_taxonomy(kind, ordered, config) for kind in TAXONOMIES}
    top_rated = paginate(
        tuple(sorted(ordered, key=top_rated_key)), TOP_RATED_URL, config.reviews_per_page
    )
    feed = make_feed(config.title, "", ordered)
    return Site(
        config=config,
        reviews=ordered,
        by_slug=MappingProxyType({r.slug: r for r in ordered}),
        home=paginate(ordered, "", config.reviews_per_page),
        top_rated=top_rated,
        taxonomies=MappingProxyType(taxonomies),
        feed=feed,
        links=MappingProxyType(link_reviews(ordered, taxonomies, memo)),
        view=site_view(taxonomies, feed, top_rated),
        shape=shape(config, ordered),
    )


def shape(config: SiteConfig, reviews: Iterable[Review]) -> str:
    """A key for all that build_site reads: two sites with equal shapes differ only in what
    their reviews say, never in which review appears where. Keep in step with build_site."""
    return content_hash(repr(config), repr(sorted(map(_placing, reviews))))


def _placing(review: Review) -> tuple[Any, ...]:
    """What build_site reads of a review: what orders it, groups it and relates it."""
    meta = review.meta
    names = (meta.genres, meta.directors, meta.author)
    return (review.slug, meta.date, meta.rating, meta.year, meta.title, *names)


def changes(site: Site, config: SiteConfig, reviews: list[Review]) -> dict[str, Review] | None:
    """The reviews (by slug) that are not the site's own, if the site keeps its shape with
    them in; None if it would not.

    What shape() tells, without going through every review: only the changed ones.
    """
    if config != site.config or len(reviews) != len(site.reviews):
        return None
    by_slug = site.by_slug
    changed = {r.slug: r for r in reviews if by_slug.get(r.slug) is not r}
    for slug, review in changed.items():
        old = by_slug.get(slug)
        if old is None or _placing(old) != _placing(review):
            return None
    return changed


def with_reviews(site: Site, changed: Mapping[str, Review]) -> Site:
    """The site with some reviews replaced (by slug) by versions of the same shape.

    What build_site would make of the new reviews, without placing them all again: only the
    lists, terms, feeds and links that hold a changed review are made anew.
    """

    # By identity: a set of ids answers "holds a changed review?" at C speed for whole lists.
    replaced = {id(site.by_slug[slug]): new for slug, new in changed.items()}

    def swap(reviews: tuple[Review, ...]) -> tuple[Review, ...]:
        if replaced.keys().isdisjoint(map(id, reviews)):
            return reviews
        return tuple(replaced.get(id(r), r) for r in reviews)

    def page(old: PageOfReviews) -> PageOfReviews:
        reviews = swap(old.reviews)
        return old if reviews is old.reviews else replace(old, reviews=reviews)

    def paginator(old: Paginator) -> Paginator:
        pages = tuple(page(p) for p in old.pages)
        return old if all(map(operator.is_, pages, old.pages)) else Paginator(pages)

    def feed(old: Feed) -> Feed:
        entries = swap(old.entries)
        return old if entries is old.entries else replace(old, entries=entries)

    def term(old: Term) -> Term:
        if swap(old.reviews) is old.reviews:
            return old
        new_feed = feed(old.feed) if old.feed is not None else None
        return replace(old, reviews=swap(old.reviews), pages=paginator(old.pages), feed=new_feed)

    taxonomies = {
        name: replace(tax, terms=tuple(term(t) for t in tax.terms))
        for name, tax in site.taxonomies.items()
    }
    links = dict(site.links)
    for slug in _linking(site, replaced):
        links[slug] = _relinked(links[slug], replaced)
    reviews = swap(site.reviews)
    return replace(
        site,
        reviews=reviews,
        by_slug=MappingProxyType({r.slug: r for r in reviews}),
        home=paginator(site.home),
        top_rated=paginator(site.top_rated),
        taxonomies=MappingProxyType(taxonomies),
        feed=feed(site.feed),
        links=MappingProxyType(links),
    )


def _linking(site: Site, replaced: Mapping[int, Review]) -> set[str]:
    """The reviews whose links may point at a replaced review: its neighbours, and the
    reviews that list it as related. (Term links hold no reviews, and within one shape no
    term gains or loses any.)"""
    found: set[str] = set()
    ordered = site.reviews
    for position, review in enumerate(ordered):
        if id(review) in replaced:
            found.update(r.slug for r in ordered[max(0, position - 1) : position + 2])
    related = replaced.keys()
    found.update(
        slug for slug, links in site.links.items() if not related.isdisjoint(map(id, links.related))
    )
    return found


def _relinked(links: ReviewLinks, replaced: Mapping[int, Review]) -> ReviewLinks:
    """A review's links pointing at the new versions of changed reviews (keyed by the id of
    the version they replace)."""
    others = (links.newer, links.older, *links.related)
    if replaced.keys().isdisjoint(map(id, others)):
        return links

    def review(old: Review | None) -> Review | None:
        return None if old is None else replaced.get(id(old), old)

    return replace(
        links,
        newer=review(links.newer),
        older=review(links.older),
        related=tuple(replaced.get(id(r), r) for r in links.related),
    )
