"""Writing the output folder: new bytes go to a staging folder, then move in on success."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from vhsheaven.errors import UnsafePath

if TYPE_CHECKING:
    from vhsheaven.pages import RenderedPage

STAGING = ".vhsheaven-staging"
# Kept in the output folder even though the build did not write them (a gh-pages worktree).
KEEP = frozenset({".git"})


def safe_join(folder: Path, relative: PurePosixPath) -> Path:
    """`folder / relative`, refusing any path that would lead outside `folder` (or be it).

    Judged from the path's text: resolving it on disk took more system calls than writing
    the page, once per page.
    """
    if relative.is_absolute() or not relative.parts or ".." in relative.parts:
        raise UnsafePath(f"{relative} would be written outside {folder}")
    return folder / relative


def stage_page(out: Path, page: RenderedPage, direct: bool = False) -> bool:
    """Put a page in the staging folder unless the output already has these bytes.

    Returns whether it was staged. Unchanged files are never rewritten, so they keep their
    mtime and a deploy or rsync sees only real changes. `direct` writes straight into a
    folder this build created, where there is nothing to protect from a failed build.
    """
    current = safe_join(out, page.path)
    if direct:
        _write(current, page.data)
        return True
    try:
        if current.stat().st_size == len(page.data) and current.read_bytes() == page.data:
            return False
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        pass
    _write(safe_join(out / STAGING, page.path), page.data)
    return True


_made: set[Path] = set()


def _write(target: Path, data: bytes) -> None:
    # Most pages sit in a folder of their own; remembering the folders made saves a system
    # call per page, which adds up to seconds on slow disks at thousands of pages.
    if target.parent not in _made:
        target.parent.mkdir(parents=True, exist_ok=True)
        _made.add(target.parent)
    # os.open, not open(): a buffered file object asks the system three more questions
    # (size, terminal, position) before its one write.
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


class Staging:
    """One build's writes: staged aside inside the output folder, swapped in all at once.

    Staging lives inside the output folder so the final moves are same-disk renames and
    nothing outside the output folder is ever touched.
    """

    def __init__(self, out: Path) -> None:
        self.out = out
        self.folder = out / STAGING
        # A folder this build creates is written directly: a failure just removes it.
        self.direct = not out.exists()

    def open(self) -> None:
        """Start with an empty staging folder (and the output folder, if new)."""
        _made.clear()
        self.out.mkdir(parents=True, exist_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        if not self.direct:
            self.folder.mkdir()

    def commit(self, staged: Iterable[PurePosixPath], stale: Iterable[PurePosixPath]) -> None:
        """Move staged files into place and remove files the site no longer has."""
        for relative in sorted(staged) if not self.direct else ():
            old = self.out / relative
            if old.is_dir():
                shutil.rmtree(old)
            for parent in old.relative_to(self.out).parents:
                if (self.out / parent).is_file():  # a file where a folder must now be
                    (self.out / parent).unlink()
            old.parent.mkdir(parents=True, exist_ok=True)
            (self.folder / relative).replace(old)
        for relative in sorted(stale, reverse=True):
            _remove(self.out, relative)
        shutil.rmtree(self.folder, ignore_errors=True)

    def abort(self) -> None:
        """Leave the output folder as it was (or gone, if this build created it)."""
        shutil.rmtree(self.out if self.direct else self.folder, ignore_errors=True)


def _remove(out: Path, relative: PurePosixPath) -> None:
    """Delete a stale file, then any folders it leaves empty (never the output folder)."""
    path = out / relative
    if path.is_symlink() or path.is_file():
        path.unlink()
    for parent in path.parents:
        if parent == out or not parent.is_relative_to(out):
            break
        try:
            parent.rmdir()
        except OSError:
            break


def files_in(out: Path) -> set[PurePosixPath]:
    """Every file in the output folder but the ones kept there for others (.git)."""
    found: set[PurePosixPath] = set()
    for path in out.rglob("*") if out.is_dir() else ():
        relative = PurePosixPath(path.relative_to(out).as_posix())
        if relative.parts[0] in KEEP or relative.parts[0] == STAGING:
            continue
        if path.is_symlink() or path.is_file():
            found.add(relative)
    return found


def static_files(static_dir: Path) -> dict[PurePosixPath, Path]:
    """Every file under static/, keyed by the output path it is copied to."""
    if not static_dir.is_dir():
        return {}
    return {
        PurePosixPath("static", source.relative_to(static_dir).as_posix()): source
        for source in sorted(static_dir.rglob("*"))
        if source.is_file()
    }
