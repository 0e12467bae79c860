"""The placed site model kept in the cache, so that a new process's one-review edit costs what
the edit costs: each file's prepared result, each placed review and the site model made of
them, read in one go and patched as the dev server patches its own (patch.py).

In the pack: a base (every prepared result, every placed review and the site, pickled
together so they share their parts, as in memory), then patches, each holding the reviews an
edit changed without moving any, and their files' prepared results. A build whose site keeps
the base's shape adds a patch of a few kilobytes; one that reshapes it, or that finds many
patches, writes a new base.

Reuse only: what a build reads here is what the same build in the dev server would hold in
memory, behind the same checks (a prepared result behind its file's record, a placed review
behind its settings and file key, the site behind patch.changes). A blob that fails its
checksum stops the build, which starts again from nothing.
"""

from __future__ import annotations

import contextlib
import gc
import io
import pickle
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from vhsheaven.incremental.patch import with_reviews
from vhsheaven.incremental.store import BuildCache, CacheDamaged, Ref, _Pickler
from vhsheaven.load.reviews import Prepared
from vhsheaven.model.site import Review, Site, StoredHtml

# A new base once patches hold this many reviews (each patch is read on every load), or
# this share of the site's.
PATCHED_REVIEWS = 64
PATCHED_SHARE = 0.05


@dataclass(frozen=True, slots=True)
class Base:
    """The whole model, as one build left it."""

    # The settings key the prepared results were made under (see load.reviews).
    settings: str
    # What place.py keys placed reviews by: the settings they were placed under.
    placing: str
    prepared: dict[str, Prepared]  # by file key
    placed: dict[str, Review]  # by file key
    site: Site


@dataclass(frozen=True, slots=True)
class Patch:
    """What a build changed of the base's site without reshaping it."""

    prepared: dict[str, Prepared]  # by file key
    reviews: dict[str, Review]  # by slug: the review now


@dataclass(frozen=True, slots=True)
class Kept:
    """What the pack holds of the model, as this process last read or wrote it."""

    settings: str
    placing: str
    shape: str
    by_slug: Mapping[str, Review]  # the site's reviews, as the pack holds them
    prepared: frozenset[str]  # the file keys it holds prepared results for
    patched: int  # reviews in patches


class _ModelPickler(_Pickler):
    """The cache's pickler, with stored bodies named by key (a body's reader is the cache)."""

    def persistent_id(self, obj: Any) -> str | None:
        return obj.key if type(obj) is StoredHtml else None


class _Unpickler(pickle.Unpickler):
    """Reads what _ModelPickler wrote: stored bodies read through this cache."""

    def __init__(self, data: bytes, cache: BuildCache) -> None:
        super().__init__(io.BytesIO(data))
        self._read = cache.body

    def persistent_load(self, pid: Any) -> StoredHtml:
        return StoredHtml(pid, self._read)


def recall_model(cache: BuildCache) -> None:
    """Fill a fresh cache object's memory with the model the pack holds, if any: the file
    records' results, the placed reviews and the last site, with the patches applied."""
    memory, refs = cache.memory, cache.state.model
    if not refs or memory.model is not None or memory.site is not None:
        return
    # The collector paused: it would walk the hundreds of thousands of objects a base makes
    # again and again as they are made. What is read lives as long as the cache object, so
    # it is then kept out of the collector's reach for good (save_cache() gives it back).
    with _paused_collector():
        _recall(cache, refs)
        gc.freeze()


def _recall(cache: BuildCache, refs: tuple[Ref, ...]) -> None:
    """recall_model's reading and patching; raises CacheDamaged for a model it cannot use."""
    base = _read(cache, refs[0])
    patches = [_read(cache, ref) for ref in refs[1:]]
    if not isinstance(base, Base) or not all(isinstance(patch, Patch) for patch in patches):
        raise CacheDamaged("the kept site model is not one")
    prepared, placed, reviews = dict(base.prepared), dict(base.placed), {}
    for patch in patches:
        prepared.update(patch.prepared)
        reviews.update(patch.reviews)
    if not reviews.keys() <= base.site.by_slug.keys():
        raise CacheDamaged("the kept site model's patches name reviews it has not")
    placed.update((review.key, review) for review in reviews.values())
    site = with_reviews(base.site, reviews) if reviews else base.site
    memory = cache.memory
    for record in cache.state.files.values():
        found = prepared.get(record.key) if record.settings == base.settings else None
        if found is not None:
            memory.results[record.result] = found
    memory.placed, memory.site = (base.placing, placed), site
    patched = sum(len(patch.reviews) for patch in patches)
    memory.model = Kept(
        base.settings, base.placing, base.site.shape, site.by_slug, frozenset(prepared), patched
    )


def keep_model(cache: BuildCache) -> None:
    """Leave the pack the model this process holds, before the cache is saved: a patch
    when the site kept the shape the pack's model has, else a new base (or nothing)."""
    memory, state = cache.memory, cache.state
    site, scan, (placing, placed) = memory.site, memory.scan, memory.placed
    if cache.folder is None or site is None or scan is None or not scan[0]:
        state.model, memory.model = (), None
        return
    if placing != repr(site.config):
        state.model, memory.model = (), None
        return
    kept = memory.model
    if kept is not None and state.model and _patchable(kept, scan[0], placing, site):
        reviews = {slug: r for slug, r in site.by_slug.items() if kept.by_slug.get(slug) is not r}
        prepared = {p.key: p for p in scan[1].values() if p.key and p.key not in kept.prepared}
        if len(reviews) + kept.patched <= max(PATCHED_REVIEWS, PATCHED_SHARE * len(site.reviews)):
            if reviews or prepared:
                state.model = (*state.model, cache.put(_dumps(Patch(prepared, reviews))))
                memory.model = Kept(
                    kept.settings,
                    placing,
                    kept.shape,
                    site.by_slug,
                    kept.prepared | prepared.keys(),
                    kept.patched + len(reviews),
                )
            return
    prepared = {p.key: p for p in scan[1].values() if p.key}
    ref = cache.put(_dumps(Base(scan[0], placing, prepared, placed, site)))
    state.model = (ref,)
    memory.model = Kept(scan[0], placing, site.shape, site.by_slug, frozenset(prepared), 0)


def _patchable(kept: Kept, settings: str, placing: str, site: Site) -> bool:
    """Whether the site can be told as a patch of the pack's model."""
    return kept.settings == settings and kept.placing == placing and kept.shape == site.shape


def _dumps(value: Any) -> bytes:
    """A part of the model pickled, the collector paused (as in recall_model)."""
    buffer = io.BytesIO()
    with _paused_collector():
        _ModelPickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


def _read(cache: BuildCache, ref: Ref) -> Any:
    """A blob of the model, unpickled."""
    data = cache.get(ref)
    try:
        return _Unpickler(data, cache).load()
    except Exception as exc:
        raise CacheDamaged(f"the kept site model does not load: {exc}") from exc


@contextlib.contextmanager
def _paused_collector() -> Iterator[None]:
    """The garbage collector off for the block, then as it was."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
