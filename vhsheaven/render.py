"""Site → rendered pages through Jinja templates; pure: nothing is written to disk."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from vhsheaven.config import SiteConfig
from vhsheaven.errors import Diagnostic, Location
from vhsheaven.model import Feed, Paginator, Review, Site, Taxonomy, Term
from vhsheaven.structured import review_data, script_json

TEMPLATES_DIR = "templates"
PAGE_TEMPLATES = (
    "base.html",
    "macros.html",
    "index.html",
    "review.html",
    "terms.html",
    "listing.html",
    "404.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
)
SITEMAP = PurePosixPath("sitemap.xml")
ROBOTS = PurePosixPath("robots.txt")
NOT_FOUND = PurePosixPath("404.html")
# For sites published from a branch: GitHub Pages runs no Jekyll and serves the custom domain.
NOJEKYLL, CNAME = PurePosixPath(".nojekyll"), PurePosixPath("CNAME")
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


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


class RenderError(Exception):
    """A template failed; carries the diagnostic naming template file and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def make_environment(root: Path, config: SiteConfig) -> jinja2.Environment:
    """The Jinja environment for one build: autoescaping, strict undefined, URL helpers."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        # HTML and XML are escaped; robots.txt is plain text, where an escape would be literal.
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base_path, base_url = config.base_path, config.base_url
    # A global, not page context, so macros imported without context can read it too.
    env.globals["config"] = config
    env.globals["url"] = lambda path="": _site_url(base_path, str(path))
    env.globals["absolute_url"] = lambda path="": base_url + str(path).lstrip("/")
    env.filters["long_date"] = long_date
    env.filters["iso_date"] = iso_date
    env.filters["rfc3339"] = rfc3339
    return env


def _site_url(base_path: str, path: str) -> str:
    """A path under the site's base path; absolute URLs (a remote poster) stay as they are."""
    return path if "://" in path else base_path + path.lstrip("/")


def long_date(value: dt.datetime | dt.date) -> str:
    """ "3 February 2026", the same whatever the machine's locale."""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso_date(value: dt.datetime | dt.date) -> str:
    """ "2026-02-03", for <time datetime> and machine readers."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def rfc3339(value: dt.datetime) -> str:
    """ "2026-02-03T00:00:00+00:00", for Atom."""
    return value.isoformat(timespec="seconds")


def check_templates(root: Path, env: jinja2.Environment) -> list[Diagnostic]:
    """Compile every page template up front so syntax errors surface before rendering."""
    problems: list[Diagnostic] = []
    for name in PAGE_TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            where = Location(Path(TEMPLATES_DIR, exc.name or name), exc.lineno)
            problems.append(Diagnostic(where, None, f"template syntax error: {exc.message}"))
        except jinja2.TemplateNotFound as exc:
            where = Location(Path(TEMPLATES_DIR, name))
            problems.append(Diagnostic(where, None, f"template not found: {exc.name}"))
    return problems


def render_site(site: Site, env: jinja2.Environment) -> Iterator[RenderedPage]:
    """Every page of the site, one at a time, so callers can write as they go."""
    common = {"site": site}
    for spec in page_specs(site):
        yield _render(env, spec, common)
    sitemap = (spec for spec in page_specs(site) if spec.in_sitemap)
    yield _render(
        env, PageSpec("sitemap.xml", "sitemap.xml", SITEMAP, {"entries": sitemap}), common
    )
    yield _render(env, PageSpec("robots.txt", "robots.txt", ROBOTS), common)
    yield from hosting_files(site.config)


def page_specs(site: Site) -> Iterator[PageSpec]:
    """Every page and feed the site has, in output order, none rendered yet."""
    yield from _listing_specs("index.html", site.home)
    for review in site.reviews:
        yield _review_spec(site, review)
    for taxonomy in site.taxonomies.values():
        yield PageSpec("terms.html", taxonomy.url, taxonomy.output_path, {"taxonomy": taxonomy})
        for term in taxonomy.terms:
            yield from _term_specs(taxonomy, term)
    yield from _listing_specs("listing.html", site.top_rated, taxonomy=None, term=None, feed=None)
    yield _feed_spec(site.feed)
    yield PageSpec("404.html", "404.html", NOT_FOUND, in_sitemap=False)


def hosting_files(config: SiteConfig) -> Iterator[RenderedPage]:
    """GitHub Pages' marker files: `.nojekyll` always, `CNAME` when site.yaml sets `cname`."""
    yield RenderedPage(NOJEKYLL, b"")
    if config.cname:
        yield RenderedPage(CNAME, f"{config.cname}\n".encode("ascii"))


def _review_spec(site: Site, review: Review) -> PageSpec:
    links = site.links[review.slug]
    data = script_json(review_data(review, links, site.config))
    context = {"review": review, "links": links, "structured_data": data}
    return PageSpec(
        "review.html", review.url, review.output_path, context, review.source, review.published
    )


def _term_specs(taxonomy: Taxonomy, term: Term) -> Iterator[PageSpec]:
    yield from _listing_specs(
        "listing.html", term.pages, taxonomy=taxonomy, term=term, feed=term.feed
    )
    if term.feed is not None:
        yield _feed_spec(term.feed)


def _listing_specs(template: str, paginator: Paginator, **context: Any) -> Iterator[PageSpec]:
    for page in paginator.pages:
        yield PageSpec(
            template, page.url, page.output_path, {**context, "paginator": paginator, "page": page}
        )


def _feed_spec(feed: Feed) -> PageSpec:
    return PageSpec("feed.xml", feed.url, feed.output_path, {"feed": feed}, in_sitemap=False)


def _render(env: jinja2.Environment, spec: PageSpec, common: dict[str, Any]) -> RenderedPage:
    try:
        template = env.get_template(spec.template)
        text = template.render(**common, **spec.context, page_url=spec.url)
    except jinja2.TemplateError as exc:
        raise RenderError(
            _template_diagnostic(exc, spec.template, spec.output_path, spec.source)
        ) from exc
    return RenderedPage(spec.output_path, text.encode("utf-8"), spec.source)


def _template_diagnostic(
    exc: jinja2.TemplateError, template: str, path: PurePosixPath, source: Location | None
) -> Diagnostic:
    name, line = _template_frame(exc, template)
    origin = f" (from {source.path.as_posix()})" if source else ""
    message = f"while rendering {path.as_posix()}{origin}: {exc.message or type(exc).__name__}"
    return Diagnostic(Location(Path(TEMPLATES_DIR, name), line), None, message)


def _template_frame(exc: jinja2.TemplateError, template: str) -> tuple[str, int | None]:
    """The innermost template file and line in the error's traceback."""
    if isinstance(exc, jinja2.TemplateSyntaxError) and exc.lineno:
        return exc.name or template, exc.lineno
    found: tuple[str, int | None] = (template, None)
    for frame in traceback.extract_tb(exc.__traceback__):
        parts = Path(frame.filename).parts
        if TEMPLATES_DIR in parts:
            index = len(parts) - 1 - parts[::-1].index(TEMPLATES_DIR)
            found = ("/".join(parts[index + 1 :]), frame.lineno)
    return found
