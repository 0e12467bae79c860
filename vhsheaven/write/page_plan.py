"""The page plan: each page's context fingerprint and which reviews each page shows, kept in
the cache, so a build whose site has the same shape fingerprints again only the pages that
show a changed review (write/site.py renders what the plan says changed)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from vhsheaven.incremental.fingerprint import Memo, fingerprint
from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.model.pages import (
    PageSpec,
    page_context,
    site_context,
)
from vhsheaven.model.site import Site

if TYPE_CHECKING:
    pass


@dataclass(frozen=True, slots=True)
class Plan:
    """What a build's pages were made from: kept by the cache for the next build."""

    shape: str
    paths: tuple[str, ...]
    # Each page's context fingerprint, stored as a hash: the cache stays small however much a
    # page shows.
    contexts: tuple[str, ...]
    # Review slug → the positions of the pages that show it.
    shown: dict[str, tuple[int, ...]]
    # Review slug → its key when those fingerprints were taken.
    keys: dict[str, str]
    # What every page depends on (site_key), and each page's whole fingerprint under it.
    key: str
    fingerprints: tuple[str, ...]


def plan_pages(site: Site, specs: list[PageSpec], key: str, previous: Plan | None) -> Plan:
    """Every page's fingerprint; from `previous` where no review a page shows changed."""
    keys = {review.slug: review.key for review in site.reviews}
    if previous is None or previous.shape != site.shape:
        paths = tuple(spec.output_path.as_posix() for spec in specs)
        return _fingerprinted(_full_plan(specs, site.shape, paths, keys), specs, key, None)
    # The same shape: the same pages at the same paths (shape covers all that decides them).
    changed = {slug for slug, key in keys.items() if previous.keys.get(slug) != key}
    redo = sorted({i for slug in changed for i in previous.shown.get(slug, ())})
    contexts = list(previous.contexts)
    memo: Memo = {}
    for index in redo:
        contexts[index] = content_hash(repr(fingerprint(page_context(specs[index]), set(), memo)))
    plan = replace(previous, contexts=tuple(contexts), keys=keys)
    return _fingerprinted(plan, specs, key, redo if previous.key == key else None)


def _fingerprinted(plan: Plan, specs: list[PageSpec], key: str, redo: list[int] | None) -> Plan:
    """The plan with its pages' whole fingerprints under `key`: those at `redo` made again,
    or all if None."""
    fingerprints = list(plan.fingerprints)
    if redo is None:
        fingerprints, redo = [""] * len(specs), list(range(len(specs)))
    for index in redo:
        fingerprints[index] = content_hash(plan.contexts[index], key, specs[index].template)
    return replace(plan, key=key, fingerprints=tuple(fingerprints))


def _full_plan(
    specs: list[PageSpec], now: str, paths: tuple[str, ...], keys: dict[str, str]
) -> Plan:
    """Every page's context fingerprint, and the reviews each page shows."""
    contexts = []
    shown: dict[str, list[int]] = {}
    memo: Memo = {}
    for index, spec in enumerate(specs):
        slugs: set[str] = set()
        contexts.append(content_hash(repr(fingerprint(page_context(spec), slugs, memo))))
        for slug in slugs:
            shown.setdefault(slug, []).append(index)
    found = {slug: tuple(indices) for slug, indices in sorted(shown.items())}
    return Plan(now, paths, tuple(contexts), found, keys, "", ())


def _stored_plan(cache: BuildCache) -> Plan | None:
    """The last build's plan, if the cache has one it can read."""
    plan = cache.last_plan()
    return plan if isinstance(plan, Plan) else None


def plan_site(site: Site, specs: list[PageSpec], key: str, cache: BuildCache) -> Plan:
    """Every page's fingerprint, kept for the next build: what every page receives (the
    site's key and site_context) and what the page alone does (page_context)."""
    shared = content_hash(key, repr(fingerprint(site_context(site.view), set())))
    plan = plan_pages(site, specs, shared, _stored_plan(cache))
    cache.keep_plan(plan)
    return plan
