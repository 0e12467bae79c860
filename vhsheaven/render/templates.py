"""PageSpec → RenderedPage through Jinja templates; pure: nothing is written to disk."""

from __future__ import annotations

import datetime as dt
import traceback
from pathlib import Path, PurePosixPath
from typing import Any

import jinja2

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.incremental.compiled import CheckedBytecodeCache
from vhsheaven.incremental.fingerprint import fingerprint
from vhsheaven.load import theme
from vhsheaven.load.settings import TEMPLATES_DIR, SiteConfig
from vhsheaven.markup.hidden import hidden_as_links
from vhsheaven.model.pages import PageSpec, RenderedPage, page_context, site_context
from vhsheaven.model.site import Review, ReviewLinks, Site
from vhsheaven.render.jsonld import review_data, script_json
from vhsheaven.render.pictures import install
from vhsheaven.render.words import Words, fill, long_date, theme_words

PAGE_TEMPLATES = (
    "base.html",
    "macros.html",
    "index.html",
    "review.html",
    "page.html",
    "series.html",
    "terms.html",
    "listing.html",
    "404.html",
    "redirect.html",
    "feed.xml",
    "sitemap.xml",
    "robots.txt",
)


class RenderError(Exception):
    """A template failed; carries the diagnostic naming template file and line."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic

    def __reduce__(self) -> tuple[type[RenderError], tuple[Diagnostic]]:
        # Raised in worker processes too; it must cross back whole.
        return (RenderError, (self.diagnostic,))


def make_environment(
    root: Path, config: SiteConfig, compiled: Path | None = None, words: Words | None = None
) -> jinja2.Environment:
    """The Jinja environment for one build: autoescaping, strict undefined, URL helpers, and
    the theme's `words` (read from the theme when not given).

    With `compiled`, Jinja keeps compiled templates there, checked before they are run, so a
    build that renders only a few pages does not spend its time compiling the theme.
    """
    if words is None:
        words = theme_words(theme.folders(root, TEMPLATES_DIR), config)[0]
    cache = CheckedBytecodeCache(compiled) if compiled else None
    env = jinja2.Environment(
        bytecode_cache=cache,
        # The blog's own templates first, then the bundled theme's (load/theme.py).
        loader=jinja2.FileSystemLoader(theme.folders(root, TEMPLATES_DIR)),
        # HTML and XML are escaped; robots.txt is plain text, where an escape would be literal.
        autoescape=jinja2.select_autoescape(disabled_extensions=("txt",), default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # An environment serves one build (the site key took its templates' bytes as it
        # began); asking the disk again whether a loaded template changed cost three stat
        # calls a page: for the page's template, its base and its macros.
        auto_reload=False,
    )
    base_path, base_url = config.base_path, config.base_url
    # A global, not page context, so macros imported without context can read it too.
    env.globals["config"] = config
    env.globals["url"] = lambda path="": _site_url(base_path, str(path))
    env.globals["absolute_url"] = lambda path="": base_url + str(path).lstrip("/")
    env.globals["words"] = words
    env.filters["long_date"] = lambda value: long_date(value, words)
    env.filters["fill"] = fill
    env.filters["iso_date"] = iso_date
    env.filters["rfc3339"] = rfc3339
    env.filters["hide_spoilers"] = hidden_as_links
    env.globals["structured_data"] = lambda review, links: _structured(review, links, config)
    env.globals["once"] = MacroOutputs()
    # Part of the site key (incremental/keys.py): adding or removing it re-renders every page.
    env.globals["custom_css"] = theme.has_custom_css(root)
    install(env, config, {})  # the build's images are shown once surveyed (build.py)
    return env


class MacroOutputs:
    """`once(macro, *args)` in templates: a macro's output for these arguments, rendered once
    per build. For macros imported without context, whose output depends on nothing else: a
    review card appears on a dozen listing pages, and rendering it again each time was a
    third of the rendering time."""

    def __init__(self) -> None:
        self._made: dict[tuple[Any, ...], Any] = {}

    def __call__(self, macro: jinja2.runtime.Macro, *args: Any, **kwargs: Any) -> Any:
        # Each argument by what it stands for (a review by its file and bytes), which within
        # one build names one value; the macro itself, so its identity is never reused.
        key = (macro, fingerprint(args, set()), fingerprint(kwargs, set()) if kwargs else ())
        made = self._made.get(key)
        if made is None:
            made = self._made[key] = macro(*args, **kwargs)
        return made


def _structured(review: Review, links: ReviewLinks, config: SiteConfig) -> str:
    """A review's schema.org JSON-LD, safe inside <script>."""
    return script_json(review_data(review, links, config))


def _site_url(base_path: str, path: str) -> str:
    """A path under the site's base path; absolute URLs (a remote poster) stay as they are."""
    return path if "://" in path else base_path + path.lstrip("/")


def iso_date(value: dt.datetime | dt.date) -> str:
    """ "2026-02-03", for <time datetime> and machine readers."""
    return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"


def rfc3339(value: dt.datetime) -> str:
    """ "2026-02-03T00:00:00+00:00", for Atom."""
    return value.isoformat(timespec="seconds")


def environment(root: Path, config: SiteConfig, compiled: Path | None = None) -> jinja2.Environment:
    """The build's Jinja environment, every template compiled; problems raise BuildFailed."""
    words, problems = theme_words(theme.folders(root, TEMPLATES_DIR), config)
    env = make_environment(root, config, compiled, words)
    problems += check_templates(root, env)
    if problems:
        raise BuildFailed(problems)
    return env


def check_templates(root: Path, env: jinja2.Environment) -> list[Diagnostic]:
    """Compile every page template up front so syntax errors surface before rendering."""
    problems: list[Diagnostic] = []
    for name in PAGE_TEMPLATES:
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as exc:
            where = Location(template_path(env, exc.name or name), exc.lineno)
            problems.append(Diagnostic(where, None, f"template syntax error: {exc.message}"))
        except jinja2.TemplateNotFound as exc:
            where = Location(Path(TEMPLATES_DIR, name))
            problems.append(Diagnostic(where, None, f"template not found: {exc.name}"))
    return problems


def render(env: jinja2.Environment, spec: PageSpec, site: Site) -> RenderedPage:
    """One page; a template problem raises RenderError naming the template file and line."""
    try:
        template = env.get_template(spec.template)
        text = template.render({**site_context(site.view), **page_context(spec)})
    except jinja2.TemplateError as exc:
        raise RenderError(
            _template_diagnostic(env, exc, spec.template, spec.output_path, spec.source)
        ) from exc
    return RenderedPage(spec.output_path, text.encode("utf-8"), spec.source)


def _template_diagnostic(
    env: jinja2.Environment,
    exc: jinja2.TemplateError,
    template: str,
    path: PurePosixPath,
    source: Location | None,
) -> Diagnostic:
    name, line = _template_frame(exc, template)
    origin = f" (from {source.path.as_posix()})" if source else ""
    message = f"while rendering {path.as_posix()}{origin}: {exc.message or type(exc).__name__}"
    return Diagnostic(Location(template_path(env, name), line), None, message)


def template_path(env: jinja2.Environment, name: str) -> Path:
    """A template's file as a message names it: `templates/x` when the blog has it, else
    the bundled theme's file it falls back on."""
    folders = env.loader.searchpath if isinstance(env.loader, jinja2.FileSystemLoader) else []
    for folder in folders[1:]:
        fallback = Path(folder, name)
        if not Path(folders[0], name).exists() and fallback.is_file():
            return fallback
    return Path(TEMPLATES_DIR, name)


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
