"""What templates receive besides reviews: plain frozen views, made for them.

A page's fingerprint is worked out from exactly what its template receives (see
incremental/fingerprint.py), so a view holds only what a page may show: a term as a page
links to it (name, address, count), not the term with every review it has. A value a
template can reach is then always in the page's fingerprint, and an edit re-renders just the
pages that can show it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True, slots=True)
class TermLink:
    """A genre, decade, director or author as a page links to it.

    No count: a review page links a dozen terms, and a count on them would re-render every
    review page of an author or a decade whenever a review joined it (pages that list terms
    with their counts get TermCount).
    """

    name: str
    slug: str
    url: str


@dataclass(frozen=True, slots=True)
class PersonLink:
    """A member of a film's cast, linked to their director's or author's page where the
    site has one (`url` is None otherwise)."""

    name: str
    url: str | None


@dataclass(frozen=True, slots=True)
class TermCount(TermLink):
    """A term as a taxonomy's index page lists it: with how many reviews it has."""

    count: int


@dataclass(frozen=True, slots=True)
class TaxonomyLink:
    """A way to browse as navigation and listing pages link to it."""

    name: str
    title: str
    singular: str
    url: str


@dataclass(frozen=True, slots=True)
class TaxonomyIndex:
    """A taxonomy's index page: every term, with its count."""

    name: str
    title: str
    singular: str
    url: str
    terms: tuple[TermCount, ...]


@dataclass(frozen=True, slots=True)
class PageLink:
    """One page of a paginated list, as the list's page links show it."""

    number: int
    url: str


class Numbered(Protocol):
    """A page with a number: a PageLink, or the page of reviews being rendered."""

    @property
    def number(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Pages:
    """A paginated list as links to its pages (the page being rendered has the reviews)."""

    pages: tuple[PageLink, ...]

    @property
    def first(self) -> PageLink:
        """Page 1, whose URL is the list's."""
        return self.pages[0]

    def window(self, page: Numbered, radius: int = 2) -> tuple[PageLink | None, ...]:
        """Pages to link from `page`: first, last and `radius` either side; None marks a gap."""
        last = len(self.pages)
        near = range(max(1, page.number - radius), min(last, page.number + radius) + 1)
        shown: list[PageLink | None] = []
        previous = 0
        for number in sorted({1, last, *near}):
            if number > previous + 1:
                shown.append(None)
            shown.append(self.pages[number - 1])
            previous = number
        return tuple(shown)


@dataclass(frozen=True, slots=True)
class ListLink:
    """A paginated list as navigation links to it: its first page."""

    first: PageLink


@dataclass(frozen=True, slots=True)
class FeedLink:
    """An Atom feed as pages link to it."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class MenuLink:
    """One link of the header's navigation: a label and an address (site-relative or full)."""

    label: str
    url: str
    # The theme word that names it in the site's language (render/words.py), for the
    # default browse links; None: the label as site.yaml or a page gives it.
    word: str | None = None


@dataclass(frozen=True, slots=True)
class SiteView:
    """`site` in every template: the site-wide navigation, nothing that changes with a
    review's words or with how many reviews there are (every page would re-render)."""

    taxonomies: Mapping[str, TaxonomyLink]
    feed: FeedLink
    top_rated: ListLink
    # The header's navigation (model/content_pages.py's menu_links).
    menu: tuple[MenuLink, ...] = ()
