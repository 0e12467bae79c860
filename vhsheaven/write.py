"""Rendered pages + static/ → a staging folder → swapped into the output folder on success."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from vhsheaven.model import UnsafePath
from vhsheaven.render import RenderedPage

STAGING = ".vhsheaven-staging"
# Kept in the output folder even though the build did not write them (a gh-pages worktree).
KEEP = frozenset({".git"})


def safe_join(folder: Path, relative: PurePosixPath) -> Path:
    """`folder / relative`, refusing any path that would resolve outside `folder`."""
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()) or target == folder.resolve():
        raise UnsafePath(f"{relative} would be written outside {folder}")
    return target


def write_site(pages: Iterable[RenderedPage], static_dir: Path, out: Path) -> list[PurePosixPath]:
    """Write every page and the static files; the output changes only if all of them succeed.

    Staging lives inside the output folder so the final moves are same-disk renames and
    nothing outside the output folder is ever touched. Returns the paths of the new site.
    """
    created = not out.exists()
    staging = out / STAGING
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        written = [_write_page(staging, page) for page in pages]
        written.extend(_copy_static(static_dir, staging))
        _swap_in(staging, out, set(written))
    except BaseException:
        shutil.rmtree(out if created else staging, ignore_errors=True)
        raise
    shutil.rmtree(staging, ignore_errors=True)
    return sorted(written)


def _write_page(staging: Path, page: RenderedPage) -> PurePosixPath:
    target = safe_join(staging, page.path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(page.data)
    return page.path


def static_files(static_dir: Path) -> dict[PurePosixPath, Path]:
    """Every file under static/, keyed by the output path it is copied to."""
    if not static_dir.is_dir():
        return {}
    return {
        PurePosixPath("static", source.relative_to(static_dir).as_posix()): source
        for source in sorted(static_dir.rglob("*"))
        if source.is_file()
    }


def _copy_static(static_dir: Path, staging: Path) -> list[PurePosixPath]:
    copied = static_files(static_dir)
    for relative, source in copied.items():
        target = safe_join(staging, relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return list(copied)


def _swap_in(staging: Path, out: Path, wanted: set[PurePosixPath]) -> None:
    """Move changed files into place, leave identical ones alone, and remove stale ones."""
    for relative in sorted(wanted):
        new, old = staging / relative, out / relative
        if old.is_dir():
            shutil.rmtree(old)
        elif old.is_file() and _same_bytes(new, old):
            continue
        old.parent.mkdir(parents=True, exist_ok=True)
        new.replace(old)
    _remove_stale(out, wanted)


def _same_bytes(a: Path, b: Path) -> bool:
    return a.stat().st_size == b.stat().st_size and a.read_bytes() == b.read_bytes()


def _remove_stale(out: Path, wanted: set[PurePosixPath]) -> None:
    for path in sorted(out.rglob("*"), reverse=True):
        relative = PurePosixPath(path.relative_to(out).as_posix())
        if relative.parts[0] in KEEP or relative.parts[0] == STAGING:
            continue
        if path.is_symlink() or path.is_file():
            if relative not in wanted:
                path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
