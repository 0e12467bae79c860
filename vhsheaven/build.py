"""The build core: load(root) → Site; build(root, out) → BuildReport. CLI and server call these."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

import jinja2

from vhsheaven.config import CONFIG_FILE, SiteConfig, load_config
from vhsheaven.content import REVIEWS_DIR, ReviewSource, load_all
from vhsheaven.errors import BuildFailed, Diagnostic, Location, has_errors, sort_diagnostics
from vhsheaven.links import check_links
from vhsheaven.markup import convert, unclosed_spoilers
from vhsheaven.model import Review, Site, UnsafePath, build_site, make_review
from vhsheaven.render import (
    TEMPLATES_DIR,
    RenderedPage,
    RenderError,
    check_templates,
    make_environment,
    render_site,
)
from vhsheaven.write import static_files, write_site

STATIC_DIR = "static"
# Called as progress(stage, done, total) while reviews are read and pages written.
Progress = Callable[[str, int, int], None]


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def _no_progress(stage: str, done: int, total: int) -> None:
    """The default reporter: builds run silently unless the caller shows progress."""


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Choices made on the command line rather than in site.yaml."""

    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    # One clock reading per build, so every review is judged against the same moment.
    now: dt.datetime = field(default_factory=_utc_now)


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A valid review this build does not publish, and why."""

    source: Location
    why: str

    def __str__(self) -> str:
        return f"left out {self.source.path.as_posix()}: {self.why}"


@dataclass(frozen=True, slots=True)
class Loaded:
    """The checked site, its warnings, and the reviews it leaves out."""

    site: Site
    warnings: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a successful build did."""

    reviews: int
    files: tuple[PurePosixPath, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    output: Path
    left_out: tuple[LeftOut, ...] = ()

    @property
    def pages(self) -> int:
        """HTML pages written (static files not counted)."""
        return sum(1 for f in self.files if f.suffix == ".html")


def load_site_config(root: Path, options: BuildOptions) -> SiteConfig:
    """site.yaml with the command line's overrides; raises BuildFailed on any problem."""
    config, problems = load_config(root)
    if config is None:
        raise BuildFailed(problems)
    return config.with_base_url(options.base_url) if options.base_url else config


def load(root: Path, options: BuildOptions, progress: Progress = _no_progress) -> Loaded:
    """Read and check everything; return the Site and its warnings, or raise BuildFailed."""
    config = load_site_config(root, options)
    sources, problems = load_all(root, config)
    chosen, left_out = select(sources, options, config.timezone)
    reviews: list[Review] = []
    for done, source in enumerate(chosen, 1):
        review, found = _prepare(source, root, config)
        problems.extend(found)
        if review is not None:
            reviews.append(review)
        progress("reading", done, len(chosen))
    if has_errors(problems):
        raise BuildFailed(problems)
    site = build_site(config, reviews)
    return Loaded(site, tuple(sort_diagnostics(problems)), tuple(left_out))


def select(
    sources: Iterable[ReviewSource], options: BuildOptions, timezone: str
) -> tuple[list[ReviewSource], list[LeftOut]]:
    """The reviews this build publishes, and the drafts and scheduled ones it leaves out."""
    chosen: list[ReviewSource] = []
    left_out: list[LeftOut] = []
    for source in sources:
        why = leave_out_because(source, options, timezone)
        if why is None:
            chosen.append(source)
        else:
            left_out.append(LeftOut(source.location, why))
    return chosen, left_out


def leave_out_because(source: ReviewSource, options: BuildOptions, timezone: str) -> str | None:
    """Why a review is not published now, or None when it is."""
    meta = source.meta
    if meta.draft and not options.drafts:
        return "draft: true (build with --drafts to include it)"
    if meta.date is not None and meta.date > options.now and not options.future:
        when = meta.date.astimezone(ZoneInfo(timezone))
        return (
            f"scheduled for {when:%Y-%m-%d %H:%M} ({timezone}); it appears in the first build "
            "from then on (build with --future to include it now)"
        )
    return None


def _prepare(
    source: ReviewSource, root: Path, config: SiteConfig
) -> tuple[Review | None, list[Diagnostic]]:
    """Convert one review's Markdown and check what only the body can tell."""
    problems = [
        Diagnostic(
            Location(source.location.path, source.body_line + line),
            "spoiler",
            "spoiler is never closed; add a line with ::: where it ends",
        )
        for line in unclosed_spoilers(source.markdown)
    ]
    poster = source.meta.poster
    if poster and "://" not in poster and not (root / STATIC_DIR / poster).is_file():
        message = f"no such file: {STATIC_DIR}/{poster}"
        problems.append(Diagnostic(source.location, "poster", message))
    verdict = convert(source.meta.verdict) if source.meta.verdict else None
    try:
        review = make_review(source, convert(source.markdown), verdict, config)
    except UnsafePath as exc:
        return None, [*problems, Diagnostic(source.location, "slug", str(exc))]
    return review, problems


def resolve_output(root: Path, config: SiteConfig, output: Path | None) -> Path:
    """The output folder (--output, else site.yaml's output_dir), refused if it holds sources."""
    out = (output if output is not None else root / config.output_dir).resolve()
    guarded = [root / name for name in (*REVIEWS_DIR.parts[:1], TEMPLATES_DIR, STATIC_DIR)]
    guarded.append(root / CONFIG_FILE)
    for path in (p.resolve() for p in guarded):
        if out == path or path.is_relative_to(out) or out.is_relative_to(path):
            where, field = (Path("--output"), None) if output else (Path(CONFIG_FILE), "output_dir")
            message = f"{out} is or holds the site's {path.name}; choose another output folder"
            raise BuildFailed([Diagnostic(Location(where), field, message)])
    return out


def build(
    root: Path,
    output: Path | None = None,
    options: BuildOptions | None = None,
    progress: Progress = _no_progress,
) -> BuildReport:
    """Load, render and write the site; the output folder changes only on success."""
    started = time.perf_counter()
    options = options or BuildOptions()
    loaded = load(root, options, progress)
    site = loaded.site
    out = resolve_output(root, site.config, output)
    pages = _counted(render_pages(root, site), len(site.reviews), progress)
    files = write_site(pages, root / STATIC_DIR, out)
    seconds = time.perf_counter() - started
    return BuildReport(
        len(site.reviews), tuple(files), loaded.warnings, seconds, out, loaded.left_out
    )


def render_pages(root: Path, site: Site) -> Iterator[RenderedPage]:
    """Every page of the site; template problems and render errors raise BuildFailed."""
    env = _environment(root, site)
    return _render_all(site, env)


def _environment(root: Path, site: Site) -> jinja2.Environment:
    """The build's Jinja environment, with every template compiled up front."""
    env = make_environment(root, site.config)
    template_problems = check_templates(root, env)
    if template_problems:
        raise BuildFailed(template_problems)
    return env


def _render_all(site: Site, env: jinja2.Environment) -> Iterator[RenderedPage]:
    try:
        yield from render_site(site, env)
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc


def _counted(
    pages: Iterable[RenderedPage], reviews: int, progress: Progress
) -> Iterator[RenderedPage]:
    """Pass pages through, reporting each review page (the bulk of the work) as written."""
    done = 0
    for page in pages:
        yield page
        if page.source is not None:
            done += 1
            progress("writing", done, reviews)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """What `check` looked at and every problem it found."""

    reviews: int
    pages: int
    links: int
    problems: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]


def check(root: Path, options: BuildOptions, progress: Progress = _no_progress) -> CheckReport:
    """Load and render the site without writing it, then check every internal reference."""
    loaded = load(root, options, progress)
    site = loaded.site
    pages = _counted(render_pages(root, site), len(site.reviews), progress)
    assets = static_files(root / STATIC_DIR)
    found = check_links(pages, assets, site.config.base_url, _source_reader(root))
    problems = sort_diagnostics([*loaded.warnings, *found.problems])
    return CheckReport(
        len(site.reviews), found.pages, found.links, tuple(problems), loaded.left_out
    )


def _source_reader(root: Path) -> Callable[[Path], str | None]:
    """Read a review's text by its site-relative path, for line numbers in link problems."""

    def read(path: Path) -> str | None:
        try:
            return (root / path).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None

    return read
