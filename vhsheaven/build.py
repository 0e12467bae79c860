"""The build core: load(root) → Site; build(root, out) → BuildReport. CLI and server call these."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import gc
import pickle
import shutil
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven.errors import (
    BuildFailed,
    Diagnostic,
    Location,
    has_errors,
    os_problem,
    sort_diagnostics,
)
from vhsheaven.incremental import unchanged
from vhsheaven.incremental.keys import InputStamps, is_due, manifest, nanoseconds, stamp_inputs
from vhsheaven.incremental.store import (
    BuildCache,
    CacheDamaged,
    dumps,
    recall_config,
    remember_config,
)
from vhsheaven.incremental.unchanged import Key, build_key
from vhsheaven.incremental.versions import installed
from vhsheaven.load.settings import (
    CONFIG_FILE,
    REVIEWS_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    SiteConfig,
    parse_config,
    read_config,
)
from vhsheaven.progress import Progress
from vhsheaven.write.folder import (
    LOCK,
    SiteLock,
    claim,
    finish_stopped,
    refuse_foreign,
    refuse_unsafe,
)
from vhsheaven.write.owned import CONTROL
from vhsheaven.write.staging import Claimed

# The cache folder's lock: one build of a site's cache at a time.
CACHE_LOCK = "lock"

# The site model, Markdown and Jinja are imported only by builds that have work to do.
if TYPE_CHECKING:
    from vhsheaven.load.review_file import ReviewSource
    from vhsheaven.load.reviews import Prepared
    from vhsheaven.model.pages import RenderedPage
    from vhsheaven.model.site import Review, Site


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
    # clean: ignore what the cache holds (and rewrite it); cache=False: neither read nor write it.
    clean: bool = False
    cache: bool = True
    # Build into a non-empty folder vhsheaven did not make, leaving its files alone.
    allow_nonempty: bool = False


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
    # Every file of the site, relative to the output folder, "/"-separated.
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    output: Path
    left_out: tuple[LeftOut, ...] = ()
    # Files whose bytes this build wrote (the rest were already up to date).
    written: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        """HTML pages in the site (static files not counted)."""
        return sum(1 for f in self.files if f.endswith(".html"))


def load_site_config(root: Path, options: BuildOptions, *, remember: bool = False) -> SiteConfig:
    """site.yaml with the command line's overrides; raises BuildFailed on any problem.

    `remember` (a build): settings are taken from the cache when site.yaml's bytes are those
    they were checked from, else checked and kept there; a build that finds nothing changed
    then never loads the YAML parser.
    """
    source, problems = read_config(root)
    if source is None:
        raise BuildFailed(problems)
    cached = remember and options.cache
    config = recall_config(root, source) if cached and not options.clean else None
    if config is None:
        config, problems = parse_config(source)
        if config is None:
            raise BuildFailed(problems)
        if cached:
            remember_config(root, source, config)
    return config.with_base_url(options.base_url) if options.base_url else config


@dataclass(slots=True)
class Session:
    """What a long-running process (the dev server) keeps from one build to the next.

    The open cache, whose in-memory results (unpickled records, placed reviews, the last
    site) let a one-review edit skip redoing the rest; used only while no other process
    has saved the cache since.
    """

    cache: BuildCache | None = None
    unsaved: bool = False
    # The output folders are this process's own (the dev server's temporary ones), written by
    # nothing else: a rebuild takes their files to be as it last left them, unchecked.
    owns_output: bool = False
    # A file watcher reports every change through note(); a build that looks at every review
    # file from then on lets the next ones look at just the files named since.
    watching: bool = False
    # What changed since a build last looked at the review files (site-relative paths);
    # None: not known, so the next build looks at every one.
    changed: set[str] | None = None

    def note(self, paths: Iterable[str] | None) -> None:
        """Paths the watcher saw change, or None when it cannot name them all."""
        if paths is None:
            self.changed = None
        elif self.changed is not None:
            self.changed.update(paths)

    def take_changes(self) -> set[str] | None:
        """What a build about to look at the review files needs to: the changed paths, or
        None for all of them. What it looks at, the next build need not."""
        changed = self.changed
        self.changed = set() if self.watching else None
        return changed

    def save(self) -> None:
        """Save the cache if the last build left it unsaved (the server does this after it
        serves the new site, so saving adds nothing to the wait after an edit)."""
        if self.cache is not None and self.unsaved:
            folder = self.cache.folder
            # A command line build may be using the cache folder meanwhile.
            lock = SiteLock(folder / CACHE_LOCK, str(folder), wait=True) if folder else None
            with lock or contextlib.nullcontext():
                self.cache.save()
        self.unsaved = False
        # Between builds, collect everything once, then keep what lives on (the site model)
        # out of the collections that a rebuild's many new objects would start (see build()).
        gc.unfreeze()
        gc.collect()
        gc.freeze()


def open_cache(
    root: Path, config: SiteConfig, options: BuildOptions, session: Session | None = None
) -> BuildCache:
    """The site's persistent cache (or a memory-only one with --no-cache); the session's
    while it is still current."""
    folder = (root / config.cache_dir).resolve() if options.cache else None
    kept = session.cache if session is not None else None
    if kept is not None and kept.folder == folder and not options.clean and kept.is_current():
        kept.renew()
        return kept
    return BuildCache.open(folder, clean=options.clean)


def load(
    root: Path,
    options: BuildOptions,
    progress: Progress = _no_progress,
    cache: BuildCache | None = None,
) -> Loaded:
    """Read and check everything; return the Site and its warnings, or raise BuildFailed."""
    from vhsheaven.load.reviews import prepare_all

    config = load_site_config(root, options)
    cache = cache or BuildCache.open(None)
    prepared, problems = prepare_all(root, config, cache, progress)
    return place(root, config, options, prepared, problems, cache)


def place(
    root: Path,
    config: SiteConfig,
    options: BuildOptions,
    prepared: list[Prepared],
    problems: list[Diagnostic],
    cache: BuildCache,
) -> Loaded:
    """Prepared reviews → the Site, or BuildFailed with every problem found in any file."""
    problems = [*problems, *(p for item in prepared for p in item.problems)]
    chosen, left_out = select(prepared, options, config.timezone)
    # A review placed by an earlier build of this process, under these settings, is reused.
    settings = repr(config)
    kept_settings, kept = cache.memory.placed
    earlier: dict[str, Review] = kept if kept_settings == settings else {}
    placed: dict[str, Review] = {}
    for item in chosen:
        review, found = _place(item, root, config, cache, earlier.get(item.key))
        problems.extend(found)
        if review is not None:
            placed[item.key] = review
    cache.memory.placed = (settings, placed)
    if has_errors(problems):
        raise BuildFailed(problems)
    site = _site(config, list(placed.values()), cache)
    return Loaded(site, tuple(sort_diagnostics(problems)), tuple(left_out))


def _site(config: SiteConfig, reviews: list[Review], cache: BuildCache) -> Site:
    """The site model; when this process's last site had the same shape, that site with the
    changed reviews swapped in, which is the same and much quicker at thousands of reviews."""
    from vhsheaven.model.site import build_site, changes, with_reviews

    last = cache.memory.site
    changed = changes(last, config, reviews) if last is not None else None
    if last is not None and changed is not None:
        site = with_reviews(last, changed) if changed else last
    else:
        site = build_site(config, reviews, cache.state.memo)
    cache.memory.site = site
    return site


def select(
    prepared: Iterable[Prepared], options: BuildOptions, timezone: str
) -> tuple[list[Prepared], list[LeftOut]]:
    """The reviews this build publishes, and the drafts and scheduled ones it leaves out."""
    chosen: list[Prepared] = []
    left_out: list[LeftOut] = []
    for item in prepared:
        if item.source is None:
            continue
        why = leave_out_because(item.source, options, timezone)
        if why is None:
            chosen.append(item)
        else:
            left_out.append(LeftOut(item.source.location, why))
    return chosen, left_out


def leave_out_because(source: ReviewSource, options: BuildOptions, timezone: str) -> str | None:
    """Why a review is not published now, or None when it is."""
    meta = source.meta
    if is_due(meta.draft, meta.date, *_due(options)):
        return None
    if meta.draft and not options.drafts:
        return "draft: true (build with --drafts to include it)"
    if meta.date is not None:
        from zoneinfo import ZoneInfo  # only scheduled reviews need it

        when = meta.date.astimezone(ZoneInfo(timezone))
        return (
            f"scheduled for {when:%Y-%m-%d %H:%M} ({timezone}); it appears in the first build "
            "from then on (build with --future to include it now)"
        )
    return None


def _place(
    item: Prepared, root: Path, config: SiteConfig, cache: BuildCache, earlier: Review | None
) -> tuple[Review | None, list[Diagnostic]]:
    """A prepared review placed in the site (`earlier` if given), and what only the site's
    files can tell of it."""
    assert item.source is not None  # select() passes only valid reviews
    source = item.source
    problems = []
    poster = source.meta.poster
    if poster and "://" not in poster and not (root / STATIC_DIR / poster).is_file():
        message = f"no such file: {STATIC_DIR}/{poster}"
        problems.append(Diagnostic(source.location, "poster", message))
    if earlier is not None:
        return earlier, problems
    # Imported here, after the common case (a review placed before) has returned.
    from vhsheaven.errors import UnsafePath
    from vhsheaven.model.site import StoredHtml, make_review

    verdict = item.body(item.verdict_html) if item.verdict_html is not None else None
    stored = StoredHtml(item.body_key, cache.body)
    try:
        review = make_review(source, item.body(""), verdict, config, stored, item.key)
    except UnsafePath as exc:
        return None, [*problems, Diagnostic(source.location, "slug", str(exc))]
    return review, problems


def resolve_output(root: Path, config: SiteConfig, output: Path | None) -> Path:
    """The output folder (--output, else site.yaml's output_dir), refused where a build must
    never write (see outfolder.refuse_unsafe)."""
    out = (output if output is not None else root / config.output_dir).resolve()
    guarded = [root / name for name in (*REVIEWS_DIR.parts[:1], TEMPLATES_DIR, STATIC_DIR)]
    guarded += [root / CONFIG_FILE, root / config.cache_dir]
    where, field = (Path("--output"), None) if output else (Path(CONFIG_FILE), "output_dir")
    refuse_unsafe(out, guarded, Location(where), field)
    return out


def _due(options: BuildOptions) -> tuple[bool, bool, dt.datetime]:
    return options.drafts, options.future, options.now


def build(
    root: Path,
    output: Path | None = None,
    options: BuildOptions | None = None,
    progress: Progress = _no_progress,
    session: Session | None = None,
) -> BuildReport:
    """Load, render and write the site; the output folder changes only on success.

    Any failure of the operating system (permissions, a full disk) is a BuildFailed naming
    the path, like any other problem.
    """
    try:
        return _collected(root, output, options or BuildOptions(), progress, session)
    except OSError as exc:
        raise BuildFailed([os_problem(exc, root)]) from exc


def _collected(
    root: Path,
    output: Path | None,
    options: BuildOptions,
    progress: Progress,
    session: Session | None,
) -> BuildReport:
    """build(), with the garbage collector paused for a session's builds."""
    if session is None:
        return _build(root, output, options, progress, None)
    # The session's site model lives on from build to build; the garbage collector would
    # walk its new parts again and again as a rebuild makes thousands of small objects
    # (a third of a one-review rebuild at 10,000 reviews). It runs between builds instead,
    # in Session.save().
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _build(root, output, options, progress, session)
    finally:
        if collecting:
            gc.enable()


def _build(
    root: Path,
    output: Path | None,
    options: BuildOptions,
    progress: Progress,
    session: Session | None,
) -> BuildReport:
    """build(), with the garbage collector as the caller left it."""
    started = time.perf_counter()
    # Taken before anything is read, so a change made while this build runs shows.
    inputs = stamp_inputs(root) if session is None and options.cache else None
    config = load_site_config(root, options, remember=True)
    out = resolve_output(root, config, output)
    key = build_key(str(root), None if output is None else str(output), *_selection(options))
    cache_folder = (root / config.cache_dir).resolve() if options.cache else None
    if session is None and cache_folder is not None and not options.clean:
        done = _unchanged(cache_folder, key, options)
        if done is not None:
            return done.report(out, time.perf_counter() - started)
    with contextlib.ExitStack() as held:
        summary, cache = _locked_build(root, out, config, options, progress, session, held)
        if inputs is not None and cache.folder is not None:
            _leave_manifest(out, key, options, cache, inputs, summary)
    return summary.report(out, time.perf_counter() - started)


def _locked_build(
    root: Path,
    out: Path,
    config: SiteConfig,
    options: BuildOptions,
    progress: Progress,
    session: Session | None,
    held: contextlib.ExitStack,
) -> tuple[Summary, BuildCache]:
    """Build holding the locks of the cache and of the output folder, taken in that order
    (the dev server's rebuilds wait for them; a command line build refuses at once)."""
    wait = session is not None
    cache_folder = (root / config.cache_dir).resolve() if options.cache else None
    if cache_folder is not None:
        held.enter_context(SiteLock(cache_folder / CACHE_LOCK, str(cache_folder), wait=wait))
    cache = open_cache(root, config, options, session)
    if session is not None:
        session.cache = cache
    recorded = cache.state.outputs.get(str(out))
    refuse_foreign(out, recorded, allow_nonempty=options.allow_nonempty)
    created, marked = not out.exists(), (out / CONTROL).is_dir()
    held.enter_context(SiteLock(out / LOCK, str(out), wait=wait))
    try:
        claimed = claim(out, recorded, allow_nonempty=options.allow_nonempty, created=created)
        return _build_against(root, claimed, config, options, cache, progress, session)
    except BaseException:
        if not marked:
            _remove_if_unused(out, created)
        raise


def _build_against(
    root: Path,
    claimed: Claimed,
    config: SiteConfig,
    options: BuildOptions,
    cache: BuildCache,
    progress: Progress,
    session: Session | None,
) -> tuple[Summary, BuildCache]:
    """_build_with, once more from nothing if the cache turns out damaged; the cache used
    is saved (or left to the session to save) whether the build succeeds or fails."""
    try:
        summary = _build_with(root, claimed, config, options, cache, progress, session)
    except CacheDamaged:
        cache = BuildCache.open(cache.folder, clean=True)
        if session is not None:
            session.cache = cache
            session.note(None)
        summary = _build_with(root, claimed, config, options, cache, progress, session)
    except BuildFailed:
        # What was read and converted is still true: fixing one review among thousands of new
        # ones must not mean converting them all again. The output was not touched, nor is
        # the record of it.
        _keep(cache, session)
        raise
    _keep(cache, session)
    return summary, cache


def _remove_if_unused(out: Path, created: bool) -> None:
    """Take back the control folder a failed first build made, if it holds only the lock,
    and the output folder too if the build made it and it is empty then."""
    control = out / CONTROL
    if {p.name for p in control.iterdir()} <= {Path(LOCK).name}:
        shutil.rmtree(control, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()


def _selection(options: BuildOptions) -> tuple[str | None, bool, bool]:
    return options.base_url, options.drafts, options.future


def _unchanged(folder: Path, key: Key, options: BuildOptions) -> Summary | None:
    """The last build's summary if its manifest still holds, so there is nothing to do;
    else None, and the manifest is gone (the build about to run changes what it describes)."""
    kept = unchanged.load(str(folder))
    if kept is None:
        return None
    if unchanged.holds(kept, key, installed(), nanoseconds(options.now), time.time_ns()):
        summary = pickle.loads(kept["report"]["summary"])  # type: ignore[index]
        if isinstance(summary, Summary):
            return summary
    unchanged.forget(str(folder))
    return None


def _leave_manifest(
    out: Path,
    key: Key,
    options: BuildOptions,
    cache: BuildCache,
    inputs: InputStamps,
    summary: Summary,
) -> None:
    """Leave the next build what it needs to see that nothing changed (incremental.unchanged)."""
    assert cache.folder is not None
    last = dataclasses.replace(summary, written=())
    report = {
        "reviews": summary.reviews,
        "pages": summary.report(out, 0.0).pages,
        "files": len(summary.files),
        "warnings": tuple(str(warning) for warning in summary.warnings),
        "left_out": tuple(str(review) for review in summary.left_out),
        "summary": dumps(last),
    }
    found = manifest(out, key, cache, inputs, _due(options), report)
    if found is not None:
        unchanged.save(str(cache.folder), found)


def _keep(cache: BuildCache, session: Session | None) -> None:
    """Save the cache now (under the lock the build holds), or leave it to the session to
    save once the site is served."""
    if session is None:
        cache.save()
        return
    session.cache, session.unsaved = cache, True


@dataclass(frozen=True, slots=True)
class Summary:
    """What a build produced, kept in its manifest for a next build that finds nothing to do."""

    reviews: int
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]
    written: tuple[str, ...]

    def report(self, out: Path, seconds: float) -> BuildReport:
        """The BuildReport of a build that produced this."""
        return BuildReport(
            self.reviews, self.files, self.warnings, seconds, out, self.left_out, self.written
        )


def _build_with(
    root: Path,
    claimed: Claimed,
    config: SiteConfig,
    options: BuildOptions,
    cache: BuildCache,
    progress: Progress,
    session: Session | None,
) -> Summary:
    """One build against one cache: load, then render and write what changed."""
    from vhsheaven.incremental.keys import site_key
    from vhsheaven.load.reviews import prepare_all
    from vhsheaven.write.site import compiled_templates, write_output

    changed = session.take_changes() if session is not None else None
    # Compiled while workers read reviews, if any do: the main process waits for them anyway.
    templates = compiled_templates(root, config, cache)
    try:
        prepared, problems = prepare_all(root, config, cache, progress, changed, templates.make)
    except BaseException:
        if session is not None:
            session.note(None)  # what it did not look at is still to be looked at
        raise
    loaded = place(root, config, options, prepared, problems, cache)
    key = site_key(root, config, cache.state.versions)
    owned = session is not None and session.owns_output
    written = write_output(root, claimed, loaded.site, cache, key, progress, templates, owned)
    return Summary(
        len(loaded.site.reviews),
        written.files,
        loaded.warnings,
        loaded.left_out,
        written.changed,
    )


def render_pages(root: Path, site: Site) -> Iterator[RenderedPage]:
    """Every rendered file of the site, in memory; template problems raise BuildFailed."""
    from vhsheaven.model.pages import hosting_files, site_specs
    from vhsheaven.render.templates import RenderError, environment, render

    env = environment(root, site.config)
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


def check(root: Path, options: BuildOptions, progress: Progress = _no_progress) -> CheckReport:
    """Load and render the site without writing it, then check every internal reference
    and the raw HTML in bodies."""
    from vhsheaven.render.body_check import body_warnings
    from vhsheaven.render.links import check_links
    from vhsheaven.write.staging import static_files

    config = load_site_config(root, options)
    finish_stopped(resolve_output(root, config, None))
    loaded = load(root, options, progress)
    site = loaded.site
    pages = _counted(render_pages(root, site), len(site.reviews), progress)
    assets = static_files(root)
    found = check_links(pages, assets, site.config.base_url, _source_reader(root))
    raw = body_warnings(site.reviews, site.config.base_url, _source_reader(root))
    problems = sort_diagnostics([*loaded.warnings, *found.problems, *raw])
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
