"""What each page links to: a review's terms, neighbours and related reviews, and the term,
taxonomy and site views templates receive (model/views.py)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping
from types import MappingProxyType
from typing import Any

from vhsheaven.incremental.store import content_hash
from vhsheaven.load.slugs import term_slug
from vhsheaven.model.related import Film, RelatedIndex
from vhsheaven.model.site import (
    RELATED_SIZE,
    TAXONOMIES,
    Feed,
    Paginator,
    Review,
    ReviewLinks,
    Taxonomy,
    Term,
)
from vhsheaven.model.views import (
    FeedLink,
    ListLink,
    PersonLink,
    SiteView,
    TaxonomyLink,
    TermCount,
    TermLink,
)


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
        decades = terms["decades"]
        links[review.slug] = ReviewLinks(
            genres=terms["genres"],
            decade=decades[0] if decades else None,
            directors=terms["directors"],
            authors=terms["authors"],
            newer=reviews[position - 1] if position > 0 else None,
            older=reviews[position + 1] if position + 1 < len(reviews) else None,
            related=tuple(reviews[p] for p in related[position]),
            cast=_cast(review, lookup),
        )
    return links


def _cast(review: Review, lookup: Mapping[str, Mapping[str, TermLink]]) -> tuple[PersonLink, ...]:
    """A review's cast, each linked to the page the site has of them, as a director or an
    author, if any."""
    people = []
    for name in review.meta.cast:
        slug = term_slug(name)
        page = lookup["directors"].get(slug) or lookup["authors"].get(slug)
        people.append(PersonLink(name, page.url if page else None))
    return tuple(people)


def term_link(term: Term) -> TermLink:
    """A term as pages link to it."""
    return TermLink(term.name, term.slug, term.url)


def term_count(term: Term) -> TermCount:
    """A term as an index of terms lists it, with its count."""
    return TermCount(term.name, term.slug, term.url, len(term.reviews))


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
    decade = meta.year // 10 if meta.year is not None else -1
    return Film(frozenset(_slugs(meta.genres)), frozenset(_slugs(meta.directors)), decade)


def _slugs(names: Iterable[str]) -> tuple[str, ...]:
    """The term slugs of some names, each once, in the order given."""
    return tuple(dict.fromkeys(map(term_slug, names)))
