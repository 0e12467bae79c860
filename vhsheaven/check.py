"""`vhsheaven check`: load and render the site as a build does, through the same cache,
writing nothing but the cache; then check every internal link, #fragment and asset."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.build import (
    load_for,
    load_site_config,
    no_progress,
    open_locked_cache,
    resolve_output,
)
from vhsheaven.errors import BuildFailed, Diagnostic, sort_diagnostics
from vhsheaven.incremental.session import keep_cache
from vhsheaven.load.publish import LeftOut
from vhsheaven.options import BuildOptions
from vhsheaven.progress import Progress
from vhsheaven.reports import Loaded
from vhsheaven.write.folder import finish_stopped

if TYPE_CHECKING:
    import jinja2

    from vhsheaven.model.pages import RenderedPage
    from vhsheaven.model.site import Site


def render_pages(env: jinja2.Environment, site: Site) -> Iterator[RenderedPage]:
    """Every rendered file of the site, in memory; template problems raise BuildFailed."""
    from vhsheaven.model.pages import hosting_files, site_specs
    from vhsheaven.render.templates import RenderError, render

    try:
        for spec in site_specs(site):
            yield render(env, spec, site)
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc
    yield from hosting_files(site.config)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at and every problem it found."""

    reviews: int
    pages: int
    links: int
    problems: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]


def check(root: Path, options: BuildOptions, progress: Progress = no_progress) -> CheckReport:
    """Load and render the site as a build does, through the same cache, without writing
    it; then check every internal reference and the raw HTML in bodies.

    Right after a build, nothing is read or converted again: the cache has every review.
    """
    from vhsheaven.images.survey import surveyed
    from vhsheaven.render.pictures import show_images
    from vhsheaven.write.site import compiled_templates

    config = load_site_config(root, options)
    out = resolve_output(root, config, None)
    finish_stopped(out)
    with contextlib.ExitStack() as held:
        held.callback(gc.unfreeze)  # what load() froze
        cache = open_locked_cache(root, config, options, None, held)
        templates = compiled_templates(root, config, cache)
        try:
            loaded = load_for(root, config, options, cache, progress, None, templates)
            # Images are read and checked, not resized: check writes only the cache.
            with surveyed(root, loaded.site, cache, make=False) as images:
                env = show_images(templates.get(), config, images.pictures)
        finally:
            keep_cache(cache, None)
    return _checked(root, loaded, env, progress, out, set(images.outputs))


def _checked(
    root: Path,
    loaded: Loaded,
    env: jinja2.Environment,
    progress: Progress,
    out: Path,
    made: set[str],
) -> CheckReport:
    """Render every page of a loaded site and check what the pages and bodies refer to."""
    from vhsheaven.load.theme import stale_copies
    from vhsheaven.render.alt_check import alt_warnings
    from vhsheaven.render.body_check import body_warnings
    from vhsheaven.render.links import check_links
    from vhsheaven.write.addresses import gone_warnings, read_addresses
    from vhsheaven.write.staging import static_files

    site = loaded.site
    pages = _counted(render_pages(env, site), len(site.reviews), progress)
    assets = [*static_files(root), *map(PurePosixPath, made)]
    found = check_links(pages, assets, site.config.base_url, _source_reader(root))
    raw = body_warnings(site.reviews, site.config.base_url, _source_reader(root))
    stale = stale_copies(root)
    gone = gone_warnings(read_addresses(out), site)
    alts = alt_warnings(site, _source_reader(root))
    found_all = [*loaded.warnings, *found.problems, *raw, *stale, *gone, *alts]
    problems = sort_diagnostics(found_all)
    return CheckReport(
        len(site.reviews), found.pages, found.links, tuple(problems), loaded.left_out
    )


def _counted(
    pages: Iterable[RenderedPage], reviews: int, progress: Progress
) -> Iterator[RenderedPage]:
    """Pass pages through, reporting each review page (the bulk of the work) as rendered."""
    done = 0
    for page in pages:
        yield page
        if page.source is not None:
            done += 1
            progress("checking", done, reviews)


def _source_reader(root: Path) -> Callable[[Path], str | None]:
    """Read a review's text by its site-relative path, for line numbers in link problems."""

    def read(path: Path) -> str | None:
        try:
            return (root / path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    return read
