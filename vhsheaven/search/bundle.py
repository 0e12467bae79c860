"""The site's search bundle (`pagefind/`): made from the site model, kept under its key.

A build whose published reviews are those the kept bundle was made from (by key; see
incremental/keys.search_key) takes it from this process's memory or the cache folder and
runs no indexer. The bundle's files join the build's other files, so they are staged and
committed with them, all or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.incremental.keys import search_key
from vhsheaven.incremental.store import BuildCache, read_checked, write_checked
from vhsheaven.load.settings import CONFIG_FILE, SiteConfig
from vhsheaven.model.pages import RenderedPage
from vhsheaven.model.site import Site
from vhsheaven.search.pagefind import PagefindFailed, PagefindMissing, find_binary, index
from vhsheaven.search.records import review_record

BUNDLE = PurePosixPath("pagefind")
KEPT = "search.pickle"
MISSING = (
    "the Pagefind binary is not available on this machine, so this build has no search "
    "index (the rest is built); install vhsheaven's dependencies (pagefind[bin]) or set "
    "PAGEFIND_BINARY_PATH"
)
OFF = "false (build without search)"

# A bundle: its files' paths under pagefind/ and their bytes, in path order.
Files = tuple[tuple[str, bytes], ...]


@dataclass(frozen=True, slots=True)
class SearchOutput:
    """The bundle's files to write, and what the build should say about it (once)."""

    files: tuple[RenderedPage, ...]
    notes: tuple[Diagnostic, ...] = ()


class SearchWork:
    """The search bundle of a site: known at once when kept under its key, else indexed by
    make() (which a build runs while worker processes render its pages)."""

    def __init__(self, site: Site, cache: BuildCache) -> None:
        self.site, self.cache = site, cache
        self._key = ""
        self._files: Files | None = None
        self._notes: tuple[Diagnostic, ...] = ()
        try:
            binary = find_binary()
            keys = [review.key for review in site.reviews]
            self._key = search_key(site.config, cache.state.versions, binary, keys)
            self._files = _recall(cache, self._key)
        except (PagefindMissing, OSError) as exc:
            self._missing(exc)

    @property
    def ready(self) -> bool:
        """Whether the bundle is known without running the indexer."""
        return self._files is not None or bool(self._notes)

    def make(self) -> None:
        """Index the site's reviews, unless the bundle is known already."""
        if self.ready:
            return
        config = self.site.config
        records = [review_record(review, config) for review in self.site.reviews]
        try:
            bundle = index(records, _language(config))
        except (PagefindMissing, OSError) as exc:
            self._missing(exc)
            return
        except PagefindFailed as exc:
            self._notes = (_note(f"Pagefind failed ({exc}); this build has no search index"),)
            return
        self._files = tuple(sorted(bundle.items()))
        _keep(self.cache, self._key, self._files)

    def output(self) -> SearchOutput:
        """The bundle's files (made now if need be) and what the build should say of it."""
        self.make()
        files = self._files or ()
        return SearchOutput(tuple(RenderedPage(BUNDLE / n, data) for n, data in files), self._notes)

    def _missing(self, exc: Exception) -> None:
        self._files, self._notes = None, (_note(f"{MISSING} ({exc})"),)


def _note(message: str) -> Diagnostic:
    return Diagnostic(Location(Path(CONFIG_FILE)), "search", message, OFF, severity="warning")


def _language(config: SiteConfig) -> str:
    """Pagefind's language: the primary subtag of the site's (en for en-GB)."""
    return config.language.split("-")[0].lower()


def _recall(cache: BuildCache, key: str) -> Files | None:
    """The bundle kept under `key`: in this process, else in the cache folder."""
    kept = cache.memory.search
    if kept is None and cache.folder is not None:
        found = read_checked(cache.folder / KEPT)
        kept = found[0] if found is not None else None
    if isinstance(kept, tuple) and len(kept) == 2 and kept[0] == key:
        cache.memory.search = kept
        files: Files = kept[1]
        return files
    return None


def _keep(cache: BuildCache, key: str, files: Files) -> None:
    """Keep the bundle for the next build, in this process and in the cache folder."""
    cache.memory.search = (key, files)
    if cache.folder is not None:
        cache.folder.mkdir(parents=True, exist_ok=True)
        write_checked(cache.folder / KEPT, (key, files))
