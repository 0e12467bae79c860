"""Site → output folder, incrementally: render and write only what changed since last time.

Every output file gets a fingerprint of what it is made from (see fingerprint.py); a file is
produced again only when its fingerprint changed or the file in the output folder is not the
one this cache wrote. Pages are rendered in worker processes when there are many.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from vhsheaven.cache import BuildCache, Stamp, content_hash, stamp_of
from vhsheaven.config import STATIC_DIR
from vhsheaven.errors import BuildFailed
from vhsheaven.fingerprint import fingerprint
from vhsheaven.model import Site
from vhsheaven.pages import PageSpec, RenderedPage, hosting_files, site_specs
from vhsheaven.pool import parallel_map
from vhsheaven.progress import Progress
from vhsheaven.write import Staging, files_in, stage_page, static_files

# How many output folders the cache remembers (a build's and the dev server's, say).
OUTPUTS_KEPT = 3


@dataclass(frozen=True, slots=True)
class Written:
    """Every file the site has, and those whose bytes this build wrote."""

    files: tuple[PurePosixPath, ...]
    changed: tuple[PurePosixPath, ...]


@dataclass(frozen=True, slots=True)
class Job:
    """One output file: its fingerprint and how to make it (a page, a static file, or bytes)."""

    path: PurePosixPath
    fingerprint: str
    spec: PageSpec | None = None
    static: Path | None = None
    data: bytes | None = None


def static_jobs(root: Path, cache: BuildCache) -> list[Job]:
    """static/ copied as is; a file changed too recently to trust its stamp is hashed."""
    jobs = []
    for path, source in static_files(root / STATIC_DIR).items():
        stat = source.stat()
        if stat.st_mtime_ns < cache.racy_from:
            mark = f"stamp:{stamp_of(stat)}"
        else:
            mark = content_hash(source.read_bytes())
        jobs.append(Job(path, mark, static=source))
    return jobs


def page_jobs(site: Site, key: str) -> list[Job]:
    """Every rendered file of the site and the hosting marker files."""
    # Stored as a hash: the cache stays small however much a page shows.
    jobs = [
        Job(
            spec.output_path,
            content_hash(repr(fingerprint(spec.context)), key, spec.template),
            spec,
        )
        for spec in site_specs(site)
    ]
    jobs.extend(
        Job(page.path, content_hash(page.data), data=page.data)
        for page in hosting_files(site.config)
    )
    return jobs


def write_output(
    root: Path, out: Path, site: Site, cache: BuildCache, key: str, progress: Progress
) -> Written:
    """Bring `out` up to date with the site; the folder changes only if every file succeeds."""
    jobs = [*page_jobs(site, key), *static_jobs(root, cache)]
    previous = cache.state.outputs.get(str(out))
    todo = [job for job in jobs if _needs_making(job, out, previous)]
    wanted = {job.path for job in jobs}
    known = {PurePosixPath(path) for path in previous} if previous else files_in(out)
    stale = known - wanted
    staged: list[PurePosixPath] = []
    if todo or stale:
        staging = Staging(out)
        staging.open()
        try:
            staged = _make(todo, staging, root, site, cache, progress)
            staging.commit(staged, stale)
        except BaseException:
            staging.abort()
            raise
    _record(out, jobs, {job.path for job in todo}, previous, cache)
    return Written(tuple(sorted(wanted)), tuple(staged))


def _needs_making(job: Job, out: Path, previous: dict[str, tuple[str, Stamp]] | None) -> bool:
    known = previous.get(job.path.as_posix()) if previous else None
    if known is None or known[0] != job.fingerprint:
        return True
    try:
        return stamp_of((out / job.path).stat()) != known[1]
    except OSError:
        return True


def _make(
    todo: list[Job], staging: Staging, root: Path, site: Site, cache: BuildCache, progress: Progress
) -> list[PurePosixPath]:
    """Produce each job's bytes and stage those that differ from the output folder's."""
    staged = []
    pages = [job for job in todo if job.spec is not None]
    for job in todo:
        if job.static is not None:
            data = job.static.read_bytes()
        elif job.data is not None:
            data = job.data
        else:
            continue
        if stage_page(staging.out, RenderedPage(job.path, data), staging.direct):
            staged.append(job.path)
    for done, (job, changed) in enumerate(
        zip(pages, _render_all(pages, staging, root, site, cache), strict=True), 1
    ):
        if changed:
            staged.append(job.path)
        progress("writing", done, len(pages))
    return staged


# What forked render workers inherit: set just before they start, read-only after.
_WORK: tuple[Any, Site, Path, bool, list[PageSpec]] | None = None


def _render_all(
    pages: list[Job], staging: Staging, root: Path, site: Site, cache: BuildCache
) -> Iterator[bool]:
    """Render and stage pages, in worker processes when there are many; yields 'staged?'."""
    global _WORK
    if not pages:
        return

    from vhsheaven.render import RenderError, environment

    env = environment(root, site.config, cache.jinja_folder)
    specs = [job.spec for job in pages if job.spec is not None]
    _WORK = (env, site, staging.out, staging.direct, specs)
    try:
        yield from parallel_map(_render_one, range(len(pages)))
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc
    finally:
        _WORK = None


def _render_one(index: int) -> bool:
    """Render one page and stage it if its bytes are new (may run in a worker process)."""
    from vhsheaven.render import render

    assert _WORK is not None
    env, site, out, direct, specs = _WORK
    return stage_page(out, render(env, specs[index], site), direct)


def _record(
    out: Path,
    jobs: list[Job],
    made: set[PurePosixPath],
    previous: dict[str, tuple[str, Stamp]] | None,
    cache: BuildCache,
) -> None:
    """Remember each output file's fingerprint and stamp for the next build."""
    outputs = {}
    for job in jobs:
        path = job.path.as_posix()
        if job.path in made or previous is None:
            stamp = stamp_of((out / job.path).stat())
        else:
            stamp = previous[path][1]
        outputs[path] = (job.fingerprint, stamp)
    folders = cache.state.outputs
    folders.pop(str(out), None)
    folders[str(out)] = outputs
    while len(folders) > OUTPUTS_KEPT:
        folders.pop(next(iter(folders)))
