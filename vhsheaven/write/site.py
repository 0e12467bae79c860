"""Site → output folder, incrementally: render and write only what changed since last time.

Every output file gets a fingerprint of what it is made from (see fingerprint.py); a file is
produced again only when its fingerprint changed or the file in the output folder is not the
one this cache wrote. Pages are rendered in worker processes when there are many.

Fingerprinting every page is itself work that grows with the site, so the cache keeps a Plan:
each page's context fingerprint and which reviews each page shows. When the next site has the
same shape, only the pages showing a changed review are fingerprinted again.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.incremental.fingerprint import Memo, fingerprint
from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.incremental.unchanged import Stamp, stamp_of
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.pages import (
    PageSpec,
    RenderedPage,
    hosting_files,
    page_context,
    site_context,
    site_specs,
)
from vhsheaven.model.site import Site
from vhsheaven.pool import Later, parallel_map, shared
from vhsheaven.progress import Progress
from vhsheaven.write.staging import Claimed, Staging, stage_page, static_files

if TYPE_CHECKING:
    import jinja2

# How many output folders the cache remembers (a build's and the dev server's, say).
OUTPUTS_KEPT = 3


@dataclass(frozen=True, slots=True)
class Written:
    """Every file the site has, and those whose bytes this build wrote ("/"-separated)."""

    files: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Job:
    """One output file: its fingerprint and how to make it (a page, a static file, or bytes).

    `name` is `path` as text: tens of thousands of Path objects cost more than this module's
    other work, so sets and records use names.
    """

    path: PurePosixPath
    name: str
    fingerprint: str
    spec: PageSpec | None = None
    static: Path | None = None
    data: bytes | None = None
    # A file made before (a resized image, a share card), copied when the job is made.
    made: str | None = None


def static_jobs(root: Path, cache: BuildCache) -> list[Job]:
    """static/ copied as is; a file changed too recently to trust its stamp is hashed."""
    jobs = []
    for path, source in static_files(root).items():
        stat = source.stat()
        if stat.st_mtime_ns < cache.racy_from:
            mark = f"stamp:{stamp_of(stat)}"
        else:
            mark = content_hash(source.read_bytes())
        jobs.append(Job(path, path.as_posix(), mark, static=source))
    return jobs


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


def compiled_templates(
    root: Path, config: SiteConfig, cache: BuildCache
) -> Later[jinja2.Environment]:
    """The build's Jinja environment with every template compiled, when first needed (or
    earlier, while workers read reviews)."""

    def compile_all() -> jinja2.Environment:
        from vhsheaven.render.templates import environment

        return environment(root, config, cache.jinja_folder)

    return Later(compile_all)


def _plan(site: Site, specs: list[PageSpec], key: str, cache: BuildCache) -> Plan:
    """Every page's fingerprint, kept for the next build: what every page receives (the
    site's key and site_context) and what the page alone does (page_context)."""
    shared = content_hash(key, repr(fingerprint(site_context(site.view), set())))
    plan = plan_pages(site, specs, shared, _stored_plan(cache))
    cache.keep_plan(plan)
    return plan


def _page_jobs(specs: list[PageSpec], plan: Plan | None) -> list[Job]:
    """A job per page, with its fingerprint from `plan` (or none yet: see _with_fingerprints)."""
    if plan is None:
        return [Job(spec.output_path, spec.output_path.as_posix(), "", spec) for spec in specs]
    return [
        Job(spec.output_path, name, fingerprint, spec)
        for spec, name, fingerprint in zip(specs, plan.paths, plan.fingerprints, strict=True)
    ]


def _with_fingerprints(jobs: list[Job], plan: Plan) -> list[Job]:
    """The jobs with the plan's fingerprints for their pages (which come first)."""
    count = len(plan.fingerprints)
    pages = zip(jobs[:count], plan.fingerprints, strict=True)
    return [*(replace(job, fingerprint=fp) for job, fp in pages), *jobs[count:]]


def write_output(
    root: Path,
    claimed: Claimed,
    site: Site,
    cache: BuildCache,
    key: str,
    progress: Progress,
    templates: Later[jinja2.Environment],
    owned: bool = False,
    made: Mapping[str, tuple[str, str]] | None = None,
) -> Written:
    """Bring `out` up to date with the site; the folder changes only if every file succeeds.

    `owned`: nothing but this process writes `out` (the dev server's temporary folders).
    `made`: files made before (resized images, share cards): output path → (what it is
    made from, the file holding it).
    """
    out = claimed.out
    specs = site_specs(site)
    plan = Later(lambda: _plan(site, specs, key, cache))
    previous = cache.state.outputs.get(str(out))
    # With nothing recorded for this folder, every file is made whatever its fingerprint:
    # the pages' fingerprints are then worked out while the workers render them.
    planned = None if previous is None else plan.get()
    jobs = _page_jobs(specs, planned)
    jobs.extend(
        Job(page.path, page.path.as_posix(), content_hash(page.data), data=page.data)
        for page in hosting_files(site.config)
    )
    jobs.extend(static_jobs(root, cache))
    jobs.extend(
        Job(PurePosixPath(name), name, mark, made=file)
        for name, (mark, file) in (made or {}).items()
    )
    # A folder only this process writes, and wrote last, is as recorded: checking every
    # file's stamp again would cost more than the rest of a one-review rebuild.
    if owned and previous is not None and cache.memory.recorded.get(str(out)) is previous:
        todo = [job for job in jobs if previous.get(job.name, ("",))[0] != job.fingerprint]
    else:
        todo = [job for job in jobs if _needs_making(job, out, previous)]
    wanted = {job.name for job in jobs}
    _refuse_foreign(claimed, wanted)
    stale = [PurePosixPath(name) for name in claimed.owned - wanted]
    staged: list[PurePosixPath] = []
    if todo or stale or wanted != claimed.owned:
        staging = Staging(claimed)
        staging.open()
        try:
            staged = _make(todo, staging, site, templates, progress, plan.make)
            staging.commit(staged, stale, wanted)
        except BaseException:
            staging.abort()
            raise
    if planned is None:
        jobs = _with_fingerprints(jobs, plan.get())
    _record(out, jobs, {job.name for job in todo}, previous, cache)
    return Written(_in_order(wanted, cache), tuple(path.as_posix() for path in staged))


def _refuse_foreign(claimed: Claimed, wanted: set[str]) -> None:
    """BuildFailed if the site needs a path where a file vhsheaven did not write stands."""
    if claimed.direct:
        return  # the folder holds nothing
    found = [name for name in sorted(wanted - claimed.owned) if os.path.lexists(claimed.out / name)]
    if found:
        message = "was not written by vhsheaven, which never overwrites it; the site has a file "
        raise BuildFailed(
            Diagnostic(Location(claimed.out / name), None, message + "there: move it away")
            for name in found
        )


def _in_order(names: set[str], cache: BuildCache) -> tuple[str, ...]:
    """File names in the order of their paths' parts (as PurePosixPath sorts); the last
    build's order again when the names are the same, as most rebuilds' are."""
    last_names, last_order = cache.memory.files
    if names != last_names:
        last_names, last_order = names, tuple(sorted(names, key=lambda name: name.split("/")))
        cache.memory.files = (last_names, last_order)
    return last_order


def _needs_making(job: Job, out: Path, previous: dict[str, tuple[str, Stamp]] | None) -> bool:
    known = previous.get(job.name) if previous else None
    if known is None or known[0] != job.fingerprint:
        return True
    try:
        return stamp_of(os.stat(f"{out}/{job.name}")) != known[1]  # noqa: PTH116 (see Job)
    except OSError:
        return True


def _make(
    todo: list[Job],
    staging: Staging,
    site: Site,
    templates: Later[jinja2.Environment],
    progress: Progress,
    meanwhile: Callable[[], object],
) -> list[PurePosixPath]:
    """Produce each job's bytes and stage those that differ from the output folder's;
    `meanwhile` runs while worker processes render the pages, if any do."""
    staged = []
    pages = [job for job in todo if job.spec is not None]
    for job in todo:
        if job.static is not None:
            data = job.static.read_bytes()
        elif job.made is not None:
            data = Path(job.made).read_bytes()
        elif job.data is not None:
            data = job.data
        else:
            continue
        if stage_page(staging.out, RenderedPage(job.path, data), staging.direct):
            staged.append(job.path)
    rendered = _render_all(pages, staging, site, templates, meanwhile)
    for done, (job, changed) in enumerate(zip(pages, rendered, strict=True), 1):
        if changed:
            staged.append(job.path)
        progress("writing", done, len(pages))
    return staged


def _render_all(
    pages: list[Job],
    staging: Staging,
    site: Site,
    templates: Later[jinja2.Environment],
    meanwhile: Callable[[], object],
) -> Iterator[bool]:
    """Render and stage pages, in worker processes when there are many; yields 'staged?'."""
    if not pages:
        return

    from vhsheaven.render.templates import RenderError

    specs = [job.spec for job in pages if job.spec is not None]
    work = (templates.get(), site, staging.out, staging.direct, specs)
    try:
        yield from parallel_map(_render_one, range(len(pages)), meanwhile=meanwhile, share=work)
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc


def _render_one(index: int) -> bool:
    """Render one page and stage it if its bytes are new (may run in a worker process)."""
    from vhsheaven.render.templates import render

    work: tuple[jinja2.Environment, Site, Path, bool, list[PageSpec]] = shared()
    env, site, out, direct, specs = work
    return stage_page(out, render(env, specs[index], site), direct)


def _record(
    out: Path,
    jobs: list[Job],
    made: set[str],
    previous: dict[str, tuple[str, Stamp]] | None,
    cache: BuildCache,
) -> None:
    """Remember each output file's fingerprint and stamp for the next build."""
    outputs = {}
    for job in jobs:
        if job.name in made or previous is None:
            stamp = stamp_of(os.stat(f"{out}/{job.name}"))  # noqa: PTH116 (see Job)
        else:
            stamp = previous[job.name][1]
        outputs[job.name] = (job.fingerprint, stamp)
    folders = cache.state.outputs
    folders.pop(str(out), None)
    folders[str(out)] = outputs
    cache.memory.recorded[str(out)] = outputs
    while len(folders) > OUTPUTS_KEPT:
        folders.pop(next(iter(folders)))
