"""Site → rendered pages through Jinja templates; pure: nothing is written to disk."""

from __future__ import annotations

import datetime as dt
import traceback
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from vhsheaven.config import SiteConfig
from vhsheaven.errors import Diagnostic, Location
from vhsheaven.model import Review, Site

TEMPLATES_DIR = "templates"
PAGE_TEMPLATES = ("base.html", "index.html", "review.html", "404.html")
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


class RenderError(Exception):
    """A template failed; carries the diagnostic naming template file and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


def make_environment(root: Path, config: SiteConfig) -> jinja2.Environment:
    """The Jinja environment for one build: autoescaping, strict undefined, URL helpers."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(root / TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    base_path, base_url = config.base_path, config.base_url
    env.globals["url"] = lambda path="": _site_url(base_path, str(path))
    env.globals["absolute_url"] = lambda path="": base_url + str(path).lstrip("/")
    env.filters["long_date"] = long_date
    env.filters["iso_date"] = iso_date
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
    common = {"site": site, "config": site.config}
    yield _render(env, "index.html", PurePosixPath("index.html"), None, common, page_url="")
    for review in site.reviews:
        yield _render_review(env, review, common)
    yield _render(env, "404.html", PurePosixPath("404.html"), None, common, page_url="404.html")
    yield from hosting_files(site.config)


def hosting_files(config: SiteConfig) -> Iterator[RenderedPage]:
    """GitHub Pages' marker files: `.nojekyll` always, `CNAME` when site.yaml sets `cname`."""
    yield RenderedPage(NOJEKYLL, b"")
    if config.cname:
        yield RenderedPage(CNAME, f"{config.cname}\n".encode("ascii"))


def _render_review(env: jinja2.Environment, review: Review, common: dict[str, Any]) -> RenderedPage:
    return _render(
        env,
        "review.html",
        review.output_path,
        review.source,
        common,
        page_url=review.url,
        review=review,
    )


def _render(
    env: jinja2.Environment,
    template: str,
    path: PurePosixPath,
    source: Location | None,
    common: dict[str, Any],
    **context: Any,
) -> RenderedPage:
    try:
        text = env.get_template(template).render(**common, **context)
    except jinja2.TemplateError as exc:
        raise RenderError(_template_diagnostic(exc, template, path, source)) from exc
    return RenderedPage(path, text.encode("utf-8"), source)


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
