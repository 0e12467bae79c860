"""The recipe: build = load → render → write; check (check.py) = load → render → links.

The command line and the dev server call these. Everything kept from one build to the next
sits behind incremental/; with the cache off (--no-cache) the same steps run, only slower.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven.errors import BuildFailed, Location, os_problem, sort_diagnostics
from vhsheaven.incremental.keys import stamp_inputs
from vhsheaven.incremental.last_build import leave_manifest, recall_summary
from vhsheaven.incremental.session import CACHE_LOCK, Session, keep_cache, open_cache
from vhsheaven.incremental.settings_snapshot import recall_config, remember_config
from vhsheaven.incremental.store import BuildCache, CacheDamaged
from vhsheaven.incremental.unchanged import build_key
from vhsheaven.load.settings import (
    CONFIG_FILE,
    REVIEWS_DIR,
    STATIC_DIR,
    TEMPLATES_DIR,
    SiteConfig,
    parse_config,
    read_config,
)
from vhsheaven.options import BuildOptions
from vhsheaven.progress import Progress
from vhsheaven.reports import BuildReport, Loaded, Summary
from vhsheaven.write.folder import LOCK, SiteLock, claim, refuse_foreign, refuse_unsafe
from vhsheaven.write.owned import CONTROL
from vhsheaven.write.staging import Claimed

if TYPE_CHECKING:
    import jinja2

    from vhsheaven.pool import Later


def no_progress(stage: str, done: int, total: int) -> None:
    """The default reporter: builds run silently unless the caller shows progress."""


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
    if not options.search and config.search:
        config = dataclasses.replace(config, search=False)
    return config.with_base_url(options.base_url) if options.base_url else config


def load(
    root: Path,
    options: BuildOptions,
    progress: Progress = no_progress,
    cache: BuildCache | None = None,
    *,
    config: SiteConfig | None = None,
    changed: set[str] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> Loaded:
    """Read and check everything; return the Site and its warnings, or raise BuildFailed.

    Without `cache`, nothing is kept. `changed`: the only review files that may differ from
    what `cache` last looked at (None: any). `meanwhile`: the caller's own work, done while
    worker processes read reviews.
    """
    from vhsheaven.incremental.kept_model import recall_model
    from vhsheaven.load.reviews import prepare_all
    from vhsheaven.model.place import place

    config = config or load_site_config(root, options)
    cache = cache or BuildCache.open(None)
    recall_model(cache)  # a new process's, to be patched like the dev server's
    year = options.selection.this_year
    prepared, problems = prepare_all(root, config, cache, progress, year, changed, meanwhile)
    # What was read lives as long as the build: kept out of the collector's full passes,
    # which otherwise walk it again and again as placing makes the model (a quarter of
    # placing 10,000 reviews). build() and check() give it back to the collector.
    gc.freeze()
    return place(root, config, options.selection, prepared, problems, cache)


def resolve_output(root: Path, config: SiteConfig, output: Path | None) -> Path:
    """The output folder (--output, else site.yaml's output_dir), refused where a build must
    never write (see outfolder.refuse_unsafe)."""
    out = (output if output is not None else root / config.output_dir).resolve()
    guarded = [root / name for name in (*REVIEWS_DIR.parts[:1], TEMPLATES_DIR, STATIC_DIR)]
    guarded += [root / CONFIG_FILE, root / config.cache_dir]
    where, field = (Path("--output"), None) if output else (Path(CONFIG_FILE), "output_dir")
    refuse_unsafe(out, guarded, Location(where), field)
    return out


def build(
    root: Path,
    output: Path | None = None,
    options: BuildOptions | None = None,
    progress: Progress = no_progress,
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
        try:
            return _build(root, output, options, progress, None)
        finally:
            gc.unfreeze()  # what load() and write_output() froze (a session's save does it)
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
        done = recall_summary(cache_folder, key, options)
        if done is not None:
            return done.report(out, time.perf_counter() - started)
    with contextlib.ExitStack() as held:
        summary, cache = _locked_build(root, out, config, options, progress, session, held)
        if inputs is not None and cache.folder is not None:
            leave_manifest(out, key, options, cache, inputs, summary)
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
    cache = open_locked_cache(root, config, options, session, held)
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


def open_locked_cache(
    root: Path,
    config: SiteConfig,
    options: BuildOptions,
    session: Session | None,
    held: contextlib.ExitStack,
) -> BuildCache:
    """The site's cache, its lock held until `held` closes: the dev server waits for it; a
    command line build or check refuses at once when another process holds it."""
    folder = (root / config.cache_dir).resolve() if options.cache else None
    if folder is not None:
        held.enter_context(SiteLock(folder / CACHE_LOCK, str(folder), wait=session is not None))
    cache = open_cache(root, config, options, session)
    if session is not None:
        session.cache = cache
    return cache


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
        keep_cache(cache, session)
        raise
    keep_cache(cache, session)
    return summary, cache


def _remove_if_unused(out: Path, created: bool) -> None:
    """Take back the control folder a failed first build made, if it holds only the lock,
    and the output folder too if the build made it and it is empty then."""
    control = out / CONTROL
    if not control.is_dir():
        return  # a failed first build removed the folder it made, lock and all
    if {p.name for p in control.iterdir()} <= {Path(LOCK).name}:
        shutil.rmtree(control, ignore_errors=True)
        if created and not any(out.iterdir()):
            out.rmdir()


def _selection(options: BuildOptions) -> tuple[str | None, bool, bool]:
    return options.base_url, options.drafts, options.future


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
    from vhsheaven.images.survey import surveyed
    from vhsheaven.incremental.keys import images_key, site_key
    from vhsheaven.pool import Later
    from vhsheaven.render.pictures import show_images
    from vhsheaven.write.addresses import gone_warnings, read_addresses, remember_addresses
    from vhsheaven.write.site import compiled_templates, write_output

    templates = compiled_templates(root, config, cache)
    loaded = load_for(root, config, options, cache, progress, session, templates)
    owned = session is not None and session.owns_output
    remembered = read_addresses(claimed.out)
    gone = gone_warnings(remembered, loaded.site)
    with surveyed(root, loaded.site, cache, make=True) as images:
        key = images_key(site_key(root, config, cache.state.versions), images.digest)
        shown = Later(lambda: show_images(templates.get(), config, images.pictures))
        written = write_output(
            root, claimed, loaded.site, cache, key, progress, shown, owned, images.outputs
        )
    remember_addresses(claimed.out, remembered, loaded.site)
    return Summary(
        len(loaded.site.reviews),
        written.files,
        tuple(sort_diagnostics([*loaded.warnings, *gone, *written.notes])),
        loaded.left_out,
        written.changed,
    )


def load_for(
    root: Path,
    config: SiteConfig,
    options: BuildOptions,
    cache: BuildCache,
    progress: Progress,
    session: Session | None,
    templates: Later[jinja2.Environment],
) -> Loaded:
    """load() as a build or check runs it: the templates compiled while workers read
    reviews (the main process waits for them anyway), the session told of what was seen."""
    changed = session.take_changes() if session is not None else None
    try:
        return load(
            root, options, progress, cache, config=config, changed=changed, meanwhile=templates.make
        )
    except BaseException:
        if session is not None:
            session.note(None)  # what it did not look at is still to be looked at
        raise
