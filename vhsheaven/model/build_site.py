"""Checked reviews → the Site: ordered, grouped into terms and pages, and linked."""

from __future__ import annotations

from collections.abc import Iterable, MutableMapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from vhsheaven.incremental.store import content_hash
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.linking import link_reviews, site_view
from vhsheaven.model.series import build_series
from vhsheaven.model.site import (
    TAXONOMIES,
    TOP_RATED_URL,
    Review,
    Site,
    build_taxonomy,
    make_feed,
    paginate,
    sort_key,
    top_rated_key,
)


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
    series, places = build_series(ordered)
    links = link_reviews(ordered, taxonomies, memo)
    for slug, place in places.items():
        links[slug] = replace(links[slug], series=place)
    return Site(
        config=config,
        reviews=ordered,
        by_slug=MappingProxyType({r.slug: r for r in ordered}),
        home=paginate(ordered, "", config.reviews_per_page),
        top_rated=top_rated,
        taxonomies=MappingProxyType(taxonomies),
        feed=feed,
        links=MappingProxyType(links),
        view=site_view(taxonomies, feed, top_rated),
        shape=shape(config, ordered),
        series=series,
    )


def shape(config: SiteConfig, reviews: Iterable[Review]) -> str:
    """A key for all that build_site reads: two sites with equal shapes differ only in what
    their reviews say, never in which review appears where. Keep in step with build_site."""
    return content_hash(repr(config), repr(sorted(map(placing, reviews))))


def placing(review: Review) -> tuple[Any, ...]:
    """What build_site reads of a review: what orders it, groups it, relates it and links
    its cast, and the old addresses that give it pages of its own."""
    meta = review.meta
    names = (meta.genres, meta.directors, meta.authors, meta.cast)
    where = (meta.aliases, meta.updated)  # updated: the feeds' own updated time
    series = (meta.series, meta.series_order)
    return (review.slug, meta.date, meta.rating, meta.year, meta.title, *names, *where, *series)
