"""What a long-running process (the dev server) keeps from one build to the next, and the
cache each build opens."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.incremental.store import BuildCache
from vhsheaven.load.settings import SiteConfig
from vhsheaven.options import BuildOptions
from vhsheaven.write.folder import SiteLock

# The cache folder's lock: one build of a site's cache at a time.
CACHE_LOCK = "lock"


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
                save_cache(self.cache)
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


def keep_cache(cache: BuildCache, session: Session | None) -> None:
    """Save the cache now (under the lock the build holds), or leave it to the session to
    save once the site is served."""
    if session is None:
        save_cache(cache)
        return
    session.cache, session.unsaved = cache, True


def save_cache(cache: BuildCache) -> None:
    """Save the cache, with the site model its builds placed (kept_model.py), and let the
    collector see that model again."""
    from vhsheaven.incremental.kept_model import keep_model

    keep_model(cache)
    cache.save()
    gc.unfreeze()  # what recall_model() kept out of the collector's reach
