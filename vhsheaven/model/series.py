"""Series of films (`series: Alien`): each series' page in order, and each review's place in
its series ("Part 2 of 4", with the films before and after).

What a series page and a review's place show is made only of what orders and groups
reviews (their titles, years, ratings and addresses), so a site that keeps its shape keeps
its series as they are (see build_site.shape).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from vhsheaven.load.slugs import term_slug
from vhsheaven.model.site import Review, output_path_for

SERIES_URL = "series"
SERIES_TEMPLATE = "series.html"


@dataclass(frozen=True, slots=True)
class Part:
    """One film of a series as its page and its neighbours link to it."""

    number: int
    title: str
    year: int | None
    url: str
    rating_text: str


@dataclass(frozen=True, slots=True)
class Series:
    """A series and its films in order; `series.html` receives it as `series`."""

    name: str
    slug: str
    url: str
    output_path: PurePosixPath
    parts: tuple[Part, ...]


@dataclass(frozen=True, slots=True)
class SeriesPlace:
    """A review's place in its series: "Part 2 of 4 in the Alien series"."""

    name: str
    url: str
    number: int
    count: int
    previous: Part | None
    next: Part | None


def _order(review: Review) -> tuple[bool, int, int, str, str]:
    """`series_order` first, then films without one by year; the slug makes it total."""
    meta = review.meta
    order = meta.series_order
    return (order is None, order or 0, meta.year or 0, meta.title.casefold(), review.slug)


def build_series(reviews: Iterable[Review]) -> tuple[tuple[Series, ...], dict[str, SeriesPlace]]:
    """Every series by name, and each member review's place (by review slug)."""
    members: dict[str, list[Review]] = {}
    names: dict[str, Counter[str]] = {}
    for review in reviews:
        name = review.meta.series
        if name is not None:
            members.setdefault(term_slug(name), []).append(review)
            names.setdefault(term_slug(name), Counter())[name] += 1
    found: list[Series] = []
    places: dict[str, SeriesPlace] = {}
    for slug, films in sorted(members.items()):
        ordered = sorted(films, key=_order)
        parts = tuple(_part(n, review) for n, review in enumerate(ordered, 1))
        name = min(names[slug], key=lambda spelling: (-names[slug][spelling], spelling))
        url = f"{SERIES_URL}/{slug}/"
        found.append(Series(name, slug, url, output_path_for(url), parts))
        for index, review in enumerate(ordered):
            previous = parts[index - 1] if index > 0 else None
            after = parts[index + 1] if index + 1 < len(parts) else None
            places[review.slug] = SeriesPlace(name, url, index + 1, len(parts), previous, after)
    return tuple(found), places


def _part(number: int, review: Review) -> Part:
    meta = review.meta
    return Part(number, meta.title, meta.year, review.url, review.rating_text)
