"""The dev server's site model, patched in place of building it anew when an edit moves no
review: the lists, terms, feeds and links that hold a changed review get its new version.

Reuse only: with_reviews(site, changes(...)) is what build_site makes of the same reviews
(a property test compares them), and without a session the site is always built anew.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType

from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.build_site import placing
from vhsheaven.model.site import Feed, PageOfReviews, Paginator, Review, ReviewLinks, Site, Term


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
        if old is None or placing(old) != placing(review):
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
