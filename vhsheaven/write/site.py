"""Site → output folder, incrementally: render and write only what changed since last time.

Every output file gets a fingerprint of what it is made from (see fingerprint.py); a file is
produced again only when its fingerprint changed or the file in the output folder is not the
one this cache wrote. Pages are rendered in worker processes when there are many.

Fingerprinting every page is itself work that grows with the site, so the cache keeps a Plan:
each page's context fingerprint and which reviews each page shows. When the next site has the
same shape, only the pages showing a changed review are fingerprinted again.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.incremental.unchanged import WHOLE_FOLDERS, Listing, Stamp, listing, stamp_of
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.pages import (
    PageSpec,
    RenderedPage,
    hosting_files,
    site_specs,
)
from vhsheaven.model.site import Site
from vhsheaven.pool import Later, parallel_map, shared
from vhsheaven.progress import Progress
from vhsheaven.write.page_plan import Plan, plan_site
from vhsheaven.write.staging import Claimed, Staging, stage_page, static_files

if TYPE_CHECKING:
    import jinja2

    from vhsheaven.search.bundle import SearchWork

# How many output folders the cache remembers (a build's and the dev server's, say).
OUTPUTS_KEPT = 3


@dataclass(frozen=True, slots=True)
class Written:
    """Every file the site has, and those whose bytes this build wrote ("/"-separated)."""

    files: tuple[str, ...]
    changed: tuple[str, ...]
    # What the build says about what it could not make (the search index).
    notes: tuple[Diagnostic, ...] = ()


@dataclass(frozen=True, slots=True)
class Job:
    """One output file: its fingerprint and how to make it (a page, a static file, or bytes).

    `name` is its "/"-separated path: tens of thousands of Path objects cost more than this
    module's other work, so sets and records use names, and only a file made gets a Path.
    """

    name: str
    fingerprint: str
    spec: PageSpec | None = None
    static: Path | None = None
    data: bytes | None = None
    # A file made before (a resized image, a share card), copied when the job is made.
    made: str | None = None

    @property
    def path(self) -> PurePosixPath:
        """Where the file goes in the output folder."""
        return PurePosixPath(self.name)


def static_jobs(root: Path, cache: BuildCache) -> list[Job]:
    """static/ copied as is; a file changed too recently to trust its stamp is hashed."""
    jobs = []
    for path, source in static_files(root).items():
        stat = source.stat()
        if cache.last_scan.settled(stat):
            mark = f"stamp:{stamp_of(stat)}"
        else:
            mark = content_hash(source.read_bytes())
        jobs.append(Job(path.as_posix(), mark, static=source))
    return jobs


def compiled_templates(
    root: Path, config: SiteConfig, cache: BuildCache
) -> Later[jinja2.Environment]:
    """The build's Jinja environment with every template compiled, when first needed (or
    earlier, while workers read reviews)."""

    def compile_all() -> jinja2.Environment:
        from vhsheaven.render.templates import environment

        return environment(root, config, cache.jinja_folder)

    return Later(compile_all)


def _page_jobs(specs: list[PageSpec], plan: Plan | None) -> list[Job]:
    """A job per page, with its fingerprint from `plan` (or none yet: see _with_fingerprints)."""
    if plan is None:
        return [Job(spec.output_path.as_posix(), "", spec) for spec in specs]
    return [
        Job(name, fingerprint, spec)
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
    # The site model lives until the build ends: kept out of the collector's full passes
    # from here on (at 10,000 reviews they were four fifths of making the page specs), and
    # so out of the pages forked workers would copy by touching it.
    gc.freeze()
    specs = site_specs(site)
    plan = Later(lambda: plan_site(site, specs, key, cache))
    previous = cache.state.outputs.get(str(out))
    # With nothing recorded for this folder, every file is made whatever its fingerprint:
    # the pages' fingerprints are then worked out while the workers render them.
    planned = None if previous is None else plan.get()
    jobs = _page_jobs(specs, planned)
    jobs.extend(
        Job(page.path.as_posix(), content_hash(page.data), data=page.data)
        for page in hosting_files(site.config)
    )
    search = _search(site, cache)
    # A bundle not kept from an earlier build is indexed while workers render the pages.
    late = search is not None and not search.ready
    if search is not None and not late:
        jobs.extend(_search_jobs(search))
    jobs.extend(static_jobs(root, cache))
    jobs.extend(Job(name, mark, made=file) for name, (mark, file) in (made or {}).items())
    # A folder only this process writes, and wrote last, is as recorded: checking every
    # file's stamp again would cost more than the rest of a one-review rebuild.
    if owned and previous is not None and cache.memory.recorded.get(str(out)) is previous:
        todo = [job for job in jobs if previous.get(job.name, ("",))[0] != job.fingerprint]
    else:
        listings: dict[str, Listing] = {}
        todo = [job for job in jobs if _needs_making(job, out, previous, listings)]
    wanted = {job.name for job in jobs}
    _refuse_foreign(claimed, wanted)
    staged: list[PurePosixPath] = []
    if todo or late or wanted != claimed.owned:
        staging = Staging(claimed)
        staging.open()
        try:
            staged = _make(todo, staging, site, templates, progress, _meanwhile(plan, search))
            if search is not None and late:
                found = _search_jobs(search)
                _refuse_foreign(claimed, {job.name for job in found} - wanted)
                wanted.update(job.name for job in found)
                jobs.extend(found)
                todo.extend(found)
                staged += _make(found, staging, site, templates, progress, plan.make)
            stale = [PurePosixPath(name) for name in claimed.owned - wanted]
            staging.commit(staged, stale, wanted)
        except BaseException:
            staging.abort()
            raise
    if planned is None:
        jobs = _with_fingerprints(jobs, plan.get())
    _record(out, jobs, {job.name for job in todo}, previous, cache)
    changed = tuple(path.as_posix() for path in staged)
    notes = search.output().notes if search is not None else ()
    return Written(_in_order(wanted, cache), changed, notes)


def _search(site: Site, cache: BuildCache) -> SearchWork | None:
    """The site's search bundle, if it has search (the search package is loaded only then)."""
    if not site.config.search:
        return None
    from vhsheaven.search.bundle import SearchWork

    return SearchWork(site, cache)


def _meanwhile(plan: Later[Plan], search: SearchWork | None) -> Callable[[], None]:
    """What the build does while workers render: the page plan, and the search index."""

    def work() -> None:
        plan.make()
        if search is not None:
            search.make()

    return work


def _search_jobs(search: SearchWork) -> list[Job]:
    """A job per file of the search bundle (indexed now, if not yet)."""
    return [
        Job(page.path.as_posix(), content_hash(page.data), data=page.data)
        for page in search.output().files
    ]


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
        # With "/" as NUL (which no file name holds), text order is the order of the parts,
        # and a sort of plain strings: splitting every name cost a new process's edit 0.07 s
        # at 10,000 reviews.
        ordered = sorted(name.replace("/", "\0") for name in names)
        last_names, last_order = names, tuple(name.replace("\0", "/") for name in ordered)
        cache.memory.files = (last_names, last_order)
    return last_order


def _needs_making(
    job: Job,
    out: Path,
    previous: dict[str, tuple[str, Stamp]] | None,
    listings: dict[str, Listing],
) -> bool:
    """Whether the job's file is to be made: its fingerprint changed, or the file is not the
    one last written (its stamp; in unchanged.WHOLE_FOLDERS, its inode in `listings`, which
    are filled here, one listing a folder instead of a stat a file)."""
    known = previous.get(job.name) if previous else None
    if known is None or known[0] != job.fingerprint:
        return True
    folder, _, name = job.name.rpartition("/")
    if folder in WHOLE_FOLDERS:
        if folder not in listings:
            listings[folder] = listing(f"{out}/{folder}") or {}
        return listings[folder].get(name) != known[1][3]
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
    `meanwhile` runs while worker processes make them, if any do.

    Files copied as they are (static/, images made before) go to the workers with the
    pages, ahead of them: copied by the main process before the workers started, a cold
    build's thousand share cards kept both workers idle for as long as creating a thousand
    files takes (0.15 s on a quiet machine, 0.8 s on a busy one).
    """
    files = [job for job in todo if job.spec is None]
    pages = [job for job in todo if job.spec is not None]
    jobs = [*files, *pages]
    env = templates.get() if pages else None
    work = (env, site, staging.out, staging.direct, jobs)
    made = parallel_map(_make_one, range(len(jobs)), meanwhile=meanwhile, share=work)
    if not pages:  # nothing rendered: Jinja is not even imported
        return [job.path for job, changed in zip(jobs, made, strict=True) if changed]
    from vhsheaven.render.templates import RenderError

    staged = []
    try:
        for index, changed in enumerate(made):
            if changed:
                staged.append(jobs[index].path)
            if index >= len(files):
                progress("writing", index - len(files) + 1, len(pages))
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc
    return staged


def _make_one(index: int) -> bool:
    """Make one job's file and stage it if its bytes are new (may run in a worker process)."""
    from vhsheaven.render.templates import render

    work: tuple[jinja2.Environment | None, Site, Path, bool, list[Job]] = shared()
    env, site, out, direct, jobs = work
    job = jobs[index]
    if job.spec is not None:
        assert env is not None  # there are pages, so the templates were compiled
        return stage_page(out, render(env, job.spec, site), direct)
    if job.static is not None:
        data = job.static.read_bytes()
    elif job.made is not None:
        data = Path(job.made).read_bytes()
    else:
        assert job.data is not None
        data = job.data
    return stage_page(out, RenderedPage(job.path, data), direct)


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
