"""Site → every file it has (PageSpec): template, address and context, none rendered yet.

Jinja-free, so a build that renders nothing never imports it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.aliases import REDIRECT_TEMPLATE, Alias, aliases_of, collisions
from vhsheaven.model.authors import Bio
from vhsheaven.model.content_pages import PAGE_TEMPLATE
from vhsheaven.model.linking import taxonomy_link, term_count, term_link
from vhsheaven.model.series import SERIES_TEMPLATE
from vhsheaven.model.site import Feed, Paginator, Review, Site, Taxonomy, Term
from vhsheaven.model.views import FeedLink, SiteView, TaxonomyIndex

SITEMAP = PurePosixPath("sitemap.xml")
ROBOTS = PurePosixPath("robots.txt")
NOT_FOUND = PurePosixPath("404.html")
# The newest reviews the page for a missing address offers instead.
NOT_FOUND_LATEST = 4
SEARCH_URL = "search/"
SEARCH_PAGE = PurePosixPath(SEARCH_URL, "index.html")
# For sites published from a branch: GitHub Pages runs no Jekyll and serves the custom domain.
NOJEKYLL, CNAME = PurePosixPath(".nojekyll"), PurePosixPath("CNAME")


@dataclass(frozen=True, slots=True)
class RenderedPage:
    """One output file: where it goes, its bytes, and the review it came from if any."""

    path: PurePosixPath
    data: bytes
    source: Location | None = None


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One file to render: its template, where it lives, and what the template is given."""

    template: str
    url: str
    output_path: PurePosixPath
    context: Mapping[str, Any] = field(default_factory=dict)
    source: Location | None = None
    lastmod: dt.datetime | None = None
    in_sitemap: bool = True


@dataclass(frozen=True, slots=True)
class SitemapEntry:
    """One address in sitemap.xml."""

    url: str
    lastmod: dt.datetime | None


def site_context(site: SiteView) -> dict[str, Any]:
    """What every template receives, whatever the page: `site`."""
    return {"site": site}


def page_context(spec: PageSpec) -> dict[str, Any]:
    """What a page's template receives besides site_context: its own context and address.

    Rendering and the page's fingerprint both take the context from here and site_context,
    so a value a template can reach is always one its fingerprint covers.
    """
    return {**spec.context, "page_url": spec.url}


def site_specs(site: Site) -> list[PageSpec]:
    """Every rendered file of the site, in output order: pages, feeds, sitemap, robots.txt."""
    specs = list(page_specs(site))
    entries = tuple(SitemapEntry(s.url, s.lastmod) for s in specs if s.in_sitemap)
    specs.append(
        PageSpec("sitemap.xml", "sitemap.xml", SITEMAP, {"entries": entries}, in_sitemap=False)
    )
    specs.append(PageSpec("robots.txt", "robots.txt", ROBOTS, in_sitemap=False))
    return specs


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every page and feed the site has, in output order, none rendered yet."""
    yield from _listing_specs("index.html", site.home)
    for review in site.reviews:
        yield _review_spec(site, review)
    for series in site.series:
        yield PageSpec(SERIES_TEMPLATE, series.url, series.output_path, {"series": series})
    for article in site.pages:
        context = {"article": article}
        lastmod = article.updated or article.published
        yield PageSpec(
            PAGE_TEMPLATE, article.url, article.output_path, context, article.source, lastmod
        )
    for taxonomy in site.taxonomies.values():
        bios = site.bios if taxonomy.name == "authors" else {}
        index = TaxonomyIndex(
            taxonomy.name,
            taxonomy.title,
            taxonomy.singular,
            taxonomy.url,
            tuple(map(term_count, taxonomy.terms)),
        )
        yield PageSpec("terms.html", taxonomy.url, taxonomy.output_path, {"taxonomy": index})
        for term in taxonomy.terms:
            yield from _term_specs(taxonomy, term, bios.get(term.slug))
    yield from _listing_specs(
        "listing.html",
        site.top_rated,
        taxonomy=None,
        term=None,
        feed=None,
        count=len(site.reviews),
        about=None,
    )
    yield _feed_spec(site.feed)
    if site.config.search:
        yield PageSpec("search.html", SEARCH_URL, SEARCH_PAGE)
    latest = {"latest": site.home.first.reviews[:NOT_FOUND_LATEST]}
    yield PageSpec("404.html", "404.html", NOT_FOUND, latest, in_sitemap=False)
    yield from map(_alias_spec, site_aliases(site))


def site_aliases(site: Site) -> Iterator[Alias]:
    """The redirect page of every old address a review or page gives."""
    for review in site.reviews:
        meta = review.meta
        if meta.aliases:
            line = meta.lines.get("aliases")
            yield from aliases_of(meta.title, review.url, meta.aliases, review.source.path, line)
    for page in site.pages:
        path, line = page.source.path, page.aliases_line
        yield from aliases_of(page.title, page.url, page.aliases, path, line)


def address_problems(site: Site) -> list[Diagnostic]:
    """An error for each address two files would be written to (only aliases can clash)."""
    if not site.pages and next(site_aliases(site), None) is None:
        return []
    return collisions(page_specs(site))


def _alias_spec(alias: Alias) -> PageSpec:
    context = {"redirect": alias.redirect}
    return PageSpec(
        REDIRECT_TEMPLATE, alias.url, alias.output_path, context, alias.source, in_sitemap=False
    )


def hosting_files(config: SiteConfig) -> Iterator[RenderedPage]:
    """GitHub Pages' marker files: `.nojekyll` always, `CNAME` when site.yaml sets `cname`."""
    yield RenderedPage(NOJEKYLL, b"")
    if config.cname:
        yield RenderedPage(CNAME, f"{config.cname}\n".encode("ascii"))


def _review_spec(site: Site, review: Review) -> PageSpec:
    context = {"review": review, "links": site.links[review.slug]}
    lastmod = review.updated or review.published
    return PageSpec("review.html", review.url, review.output_path, context, review.source, lastmod)


def _term_specs(taxonomy: Taxonomy, term: Term, about: Bio | None) -> Iterator[PageSpec]:
    feed = FeedLink(term.feed.title, term.feed.url) if term.feed is not None else None
    yield from _listing_specs(
        "listing.html",
        term.pages,
        taxonomy=taxonomy_link(taxonomy),
        term=term_link(term),
        feed=feed,
        count=len(term.reviews),
        about=about,
    )
    if term.feed is not None:
        yield _feed_spec(term.feed)


def _listing_specs(template: str, paginator: Paginator, **context: Any) -> Iterator[PageSpec]:
    links = paginator.links
    for page in paginator.pages:
        yield PageSpec(
            template, page.url, page.output_path, {**context, "paginator": links, "page": page}
        )


def _feed_spec(feed: Feed) -> PageSpec:
    return PageSpec("feed.xml", feed.url, feed.output_path, {"feed": feed}, in_sitemap=False)
