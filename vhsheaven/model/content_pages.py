"""Pages that are not reviews, placed at the site's root, and the header's menu."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.pages import PageSource
from vhsheaven.load.settings import CONFIG_FILE, SiteConfig
from vhsheaven.markup.body import Heading, shorten
from vhsheaven.model.site import output_path_for
from vhsheaven.model.views import MenuLink, SiteView

PAGE_TEMPLATE = "page.html"


@dataclass(frozen=True, slots=True)
class Page:
    """A page ready to render: what `page.html` receives as `article`."""

    title: str
    slug: str
    url: str
    output_path: PurePosixPath
    body_html: str
    summary: str
    headings: tuple[Heading, ...]
    published: dt.datetime | None
    updated: dt.datetime | None
    draft: bool
    source: Location
    aliases: tuple[str, ...]
    aliases_line: int | None
    menu: str | None


def make_page(source: PageSource, config: SiteConfig) -> Page:
    """A checked page placed at `<slug>/`."""
    zone = ZoneInfo(config.timezone)
    url = f"{source.slug}/"
    body = source.body
    return Page(
        title=source.title,
        slug=source.slug,
        url=url,
        output_path=output_path_for(url),
        body_html=body.html,
        summary=source.summary or shorten(body.first_paragraph) or source.title,
        headings=body.headings,
        published=source.date.astimezone(zone) if source.date else None,
        updated=source.updated.astimezone(zone) if source.updated else None,
        draft=source.draft,
        source=source.location,
        aliases=source.aliases,
        aliases_line=source.lines.get("aliases"),
        menu=source.menu,
    )


def menu_links(
    config: SiteConfig, view: SiteView, pages: Iterable[Page]
) -> tuple[tuple[MenuLink, ...], list[Diagnostic]]:
    """The header's links: site.yaml's `menu`, else the browse links and the pages that
    ask to be listed; a menu item naming no published page is left out with a warning."""
    by_slug = {page.slug: page for page in pages}
    if config.menu is None:
        browse = [MenuLink(t.title, t.url, t.name) for t in view.taxonomies.values()]
        browse.append(MenuLink("Top rated", view.top_rated.first.url, "top_rated"))
        listed = [MenuLink(p.menu, p.url) for p in by_slug.values() if p.menu]
        return (*browse, *listed), []
    links: list[MenuLink] = []
    problems: list[Diagnostic] = []
    for item in config.menu:
        if item.url is not None:
            links.append(MenuLink(item.label, item.url))
        elif item.page in by_slug:
            links.append(MenuLink(item.label, by_slug[item.page].url))
        else:
            known = ", ".join(sorted(by_slug)) or "none yet; pages go in content/pages/"
            message = f'menu item "{item.label}" names no published page "{item.page}"'
            where = Location(Path(CONFIG_FILE))
            problems.append(Diagnostic(where, "menu", message, known, severity="warning"))
    return tuple(links), problems
