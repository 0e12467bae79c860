"""What content/ holds besides reviews, added to the site its reviews make: pages, the
menu, author bios; and the warnings for Markdown files that belong to nothing."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from vhsheaven.errors import Diagnostic
from vhsheaven.incremental.store import content_hash
from vhsheaven.load.authors import AuthorSource, load_authors
from vhsheaven.load.content_tree import find_content
from vhsheaven.load.pages import load_pages
from vhsheaven.load.publish import LeftOut, Selection
from vhsheaven.load.review_file import Rules
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.authors import place_bios
from vhsheaven.model.content_pages import Page, make_page, menu_links
from vhsheaven.model.site import Site


@dataclass(frozen=True, slots=True)
class Content:
    """The pages a build publishes, what it leaves out, and every problem found."""

    pages: tuple[Page, ...]
    authors: tuple[AuthorSource, ...]
    problems: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]


def load_content(root: Path, config: SiteConfig, selection: Selection) -> Content:
    """Every page and author file under content/ read and checked."""
    files = find_content(root)
    rules = Rules(config, selection.this_year)
    sources, problems, left_out = load_pages(root, files.pages, rules, selection)
    pages = tuple(make_page(source, config) for source in sources)
    authors, more = load_authors(root, files.authors, rules)
    return Content(pages, tuple(authors), (*files.problems, *problems, *more), tuple(left_out))


def with_content(site: Site, content: Content) -> tuple[Site, list[Diagnostic]]:
    """The site with its pages and menu, and what is wrong with the menu."""
    menu, problems = menu_links(site.config, site.view, content.pages)
    bios, more = place_bios(content.authors, site.taxonomies["authors"])
    view = replace(site.view, menu=menu)
    # The shape says which pages the site has where: the pages' and bios' whole text is
    # part of it (they are few).
    shape = content_hash(site.shape, repr(content.pages), repr(sorted(bios.items())))
    site = replace(site, pages=content.pages, bios=bios, view=view, shape=shape)
    return site, [*problems, *more]
