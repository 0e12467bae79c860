"""Prepared reviews → Review objects → the Site: placing each published review in the site.

A review placed by an earlier build of this process under the same settings is reused, and
so is the last site model when the new one has its shape (incremental/patch.py): both are
reuse only, the result is what placing everything anew gives.
"""

from __future__ import annotations

from pathlib import Path

from vhsheaven.errors import BuildFailed, Diagnostic, UnsafePath, has_errors, sort_diagnostics
from vhsheaven.incremental.store import BuildCache
from vhsheaven.load.publish import Selection, select, unfinished
from vhsheaven.load.reviews import Prepared
from vhsheaven.load.settings import STATIC_DIR, SiteConfig
from vhsheaven.model.build_site import build_site
from vhsheaven.model.content import load_content, with_content
from vhsheaven.model.pages import address_problems
from vhsheaven.model.site import Review, Site, StoredHtml, make_review
from vhsheaven.reports import Loaded


def place(
    root: Path,
    config: SiteConfig,
    selection: Selection,
    prepared: list[Prepared],
    problems: list[Diagnostic],
    cache: BuildCache,
) -> Loaded:
    """Prepared reviews → the Site, or BuildFailed with every problem found in any file."""
    content = load_content(root, config, selection)
    problems = [*problems, *(p for item in prepared for p in item.problems), *content.problems]
    chosen, left_out = select(prepared, selection, config.timezone)
    problems += unfinished(chosen)
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
    site, found = with_content(_site(config, list(placed.values()), cache), content)
    problems += [*found, *address_problems(site)]
    if has_errors(problems):
        raise BuildFailed(problems)
    return Loaded(site, tuple(sort_diagnostics(problems)), (*left_out, *content.left_out))


def _site(config: SiteConfig, reviews: list[Review], cache: BuildCache) -> Site:
    """The site model; when this process's last site had the same shape, that site with the
    changed reviews swapped in, which is the same and much quicker at thousands of reviews."""
    from vhsheaven.incremental.patch import changes, with_reviews

    last = cache.memory.site
    changed = changes(last, config, reviews) if last is not None else None
    if last is not None and changed is not None:
        site = with_reviews(last, changed) if changed else last
    else:
        site = build_site(config, reviews, cache.state.memo)
    cache.memory.site = site
    return site


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

    verdict = item.body(item.verdict_html) if item.verdict_html is not None else None
    stored = StoredHtml(item.body_key, cache.body)
    try:
        review = make_review(source, item.body(""), verdict, config, stored, item.key)
    except UnsafePath as exc:
        return None, [*problems, Diagnostic(source.location, "slug", str(exc))]
    return review, problems
